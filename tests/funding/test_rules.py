import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from funding.rules import (
    ALL_RULES,
    RULES_DIR,
    RulesNotAvailable,
    available_years,
    load_rules_dir,
    rules_for,
    rules_year_label,
)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 8, 1), "2025-26"),
        (date(2026, 7, 31), "2025-26"),
        (date(2026, 8, 1), "2026-27"),
        (date(2027, 1, 1), "2026-27"),
        (date(2027, 7, 31), "2026-27"),
        (date(2027, 8, 1), "2027-28"),
        (date(1999, 12, 31), "1999-00"),
    ],
)
def test_rules_year_label(day: date, label: str) -> None:
    assert rules_year_label(day) == label


@pytest.mark.parametrize(
    ("start", "year", "threshold_pence"),
    [
        (date(2025, 8, 1), "2025-26", 2_575_000),
        (date(2026, 7, 31), "2025-26", 2_575_000),
        (date(2026, 8, 1), "2026-27", 2_680_000),
        (date(2027, 7, 31), "2026-27", 2_680_000),
    ],
)
def test_rules_for_picks_year_by_start_date(start: date, year: str, threshold_pence: int) -> None:
    rules = rules_for(start)
    assert rules.rules_year == year
    assert rules.earnings_threshold_pence == threshold_pence
    assert rules.covers(start)


@pytest.mark.parametrize("start", [date(2025, 7, 31), date(2027, 8, 1)])
def test_rules_for_unknown_year_raises(start: date) -> None:
    with pytest.raises(RulesNotAvailable) as err:
        rules_for(start)
    assert err.value.rules_year == rules_year_label(start)


def test_both_years_bundled() -> None:
    assert available_years() == ["2025-26", "2026-27"]


@pytest.mark.parametrize("year", ["2025-26", "2026-27"])
def test_figures_match_the_doc(year: str) -> None:
    r = ALL_RULES[year]
    assert r.loan_min_age == 19
    assert r.loan_levels == frozenset({3, 4, 5, 6})
    assert r.loan_min_weeks == 2
    assert r.loan_max_loans == 4
    assert r.loan_min_amount_pence == 30_000
    assert r.lle_start == date(2027, 1, 1)
    assert r.plan5.threshold_annual_pence == 2_500_000
    assert r.plan5.threshold_monthly_pence == 208_300
    assert r.plan5.threshold_weekly_pence == 48_000
    assert str(r.plan5.rate_percent) == "9"
    assert r.plan5.write_off_years == 40
    assert str(r.plan5.interest_rate_percent) == "3.2"
    assert r.first_full_max_age == 23
    assert r.bursary_childcare_min_age == 20
    assert r.annual_hours == 1950
    assert r.benchmarks["real_living_wage_london_hourly_pence"] == 1480
    assert "construction" in r.fcfj_level2_sectors
    # London areas named in the brief are all mapped
    london = ("E", "EC", "N", "NW", "SE", "SW", "W", "WC", "BR", "CR")
    london += ("DA", "EN", "HA", "IG", "KT", "RM", "SM", "TW", "UB", "WD")
    for area in london:
        assert "Greater London Authority" in " ".join(r.devolved_areas[area].authorities)


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.json")), ids=lambda p: p.name)
def test_every_section_has_a_source(path: Path) -> None:
    raw = json.loads(path.read_text())
    assert raw["source"]
    for key, section in raw.items():
        if isinstance(section, dict) and key != "devolved":
            assert section.get("source"), f"{path.name}: {key} has no source"
    assert raw["devolved"]["source"] and raw["devolved"]["approximate"] is True
    for spec in raw["devolved"]["postcode_areas"].values():
        for code in spec["authorities"]:
            assert code in raw["devolved"]["authorities"]


def test_next_august_is_a_new_file_not_code(tmp_path: Path) -> None:
    """Adding 2027-28 means copying a file and changing figures; the loader picks it up."""
    for p in RULES_DIR.glob("*.json"):
        shutil.copy(p, tmp_path / p.name)
    raw = json.loads((RULES_DIR / "2026-27.json").read_text())
    raw.update(rules_year="2027-28", starts="2027-08-01", ends="2028-07-31")
    raw["earnings_threshold"]["annual_pence"] = 2_700_000
    (tmp_path / "2027-28.json").write_text(json.dumps(raw))
    loaded = load_rules_dir(tmp_path)
    assert sorted(loaded) == ["2025-26", "2026-27", "2027-28"]
    assert loaded["2027-28"].earnings_threshold_pence == 2_700_000


def test_mislabelled_file_is_refused(tmp_path: Path) -> None:
    raw = json.loads((RULES_DIR / "2026-27.json").read_text())
    raw["starts"] = "2026-09-01"
    raw["ends"] = "2027-08-31"  # runs into the next rules year
    (tmp_path / "2026-27.json").write_text(json.dumps(raw))
    with pytest.raises(ValueError):
        load_rules_dir(tmp_path)
