"""`jobs.pathways.next_steps`: employers' published steps first, the general table as
fallback (exactly the roles the bot showed before)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from flows import next_steps as table
from jobs import pathways
from jobs.access import Actor
from jobs.csv_format import SECTOR_KEYS
from tests.jobs.csvdata import TODAY, pathway_row
from tests.jobs.factories import add_employer


def test_sector_keys_are_the_bots_sectors() -> None:
    assert set(SECTOR_KEYS) == set(table.BY_KEY)


def test_with_no_published_pathway_the_answer_is_the_general_table(session: Session) -> None:
    for key, sector in table.BY_KEY.items():
        got = pathways.next_steps(session, key)
        assert [s.role for s in got] == list(sector.next_steps)[:3], key
        assert {s.source for s in got} == {"typical"}
    care = pathways.next_steps(session, "care")
    # ONS ASHE 2025 median full-time pay, labour_market/data: 6136 Senior care workers £29,381
    assert (care[0].soc2020, care[0].typical_annual_gbp) == ("6136", 29381)
    assert care[2].role == "Nursing associate" and care[2].typical_annual_gbp is None


def test_published_steps_come_first_and_fill_up_from_the_table(session: Session) -> None:
    a, b = add_employer(session, "A (demo)"), add_employer(session, "B (demo)")
    pathways.create(session, Actor(a.id, "user:1"), pathway_row(), TODAY)
    pathways.create(
        session,
        Actor(b.id, "user:2"),
        pathway_row(NEXT_PAY_PER_HOUR="13.90", NEXT_PAY_PER_HOUR_MAX="14.60", TYPICAL_MONTHS="9"),
        TODAY,
    )
    pathways.create(
        session,
        Actor(b.id, "user:2"),
        pathway_row(
            ROLE="Senior care assistant",
            NEXT_ROLE="Deputy care manager",
            NEXT_SOC_2020="",
            NEXT_PAY_PER_HOUR="16.00",
            TYPICAL_MONTHS="24",
        ),
        TODAY,
    )
    session.commit()
    got = pathways.next_steps(session, "care", "care assistant")
    assert [(s.role, s.source) for s in got] == [
        ("Senior care assistant", "employer"),  # a step up from my role, two employers
        ("Deputy care manager", "employer"),
        ("Care team leader", "typical"),  # the table fills the rest, without repeats
    ]
    first = got[0]
    assert first.employers == ("A (demo)", "B (demo)")
    assert (first.pay_min_pence, first.pay_max_pence, first.typical_months) == (1390, 1460, 9)
    # a senior care assistant is not offered their own job as a next step
    senior = pathways.next_steps(session, "care", "Senior care assistant")
    assert [s.role for s in senior] == [
        "Deputy care manager",
        "Care team leader",
        "Nursing associate",
    ]
    # other sectors are untouched
    assert [s.role for s in pathways.next_steps(session, "retail")] == list(
        table.BY_KEY["retail"].next_steps
    )
