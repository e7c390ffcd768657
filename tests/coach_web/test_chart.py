from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach_web.caseload import pounds
from coach_web.chart import line_chart

T0 = datetime(2026, 1, 5, tzinfo=UTC)


def test_chart_draws_one_point_per_record_and_the_reference_line():
    svg = str(
        line_chart(
            [(T0, 1200), (T0 + timedelta(days=60), 1400)],
            title="Hourly pay",
            fmt=pounds,
            reference=(1345, "Real Living Wage £13.45"),
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == 2
    assert 'class="reference"' in svg
    assert "05 Jan 2026: £12.00" in svg
    assert "06 Mar 2026: £14.00" in svg


def test_chart_escapes_its_labels_and_handles_no_data():
    svg = str(line_chart([(T0, 1200)], title="<b>pay</b>", fmt=pounds))
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    empty = str(line_chart([], title="Weekly earnings", fmt=pounds))
    assert "nothing recorded yet" in empty and "<svg" not in empty
