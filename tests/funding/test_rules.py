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
    rates = [(str(x.value), x.valid_from, x.valid_to) for x in r.plan5.interest_rates]
    # 3.2% was Sep 2025 - Aug 2026; [Nov 2026] the Sep 2026 - Aug 2027 rate was not found
    assert rates == ([("3.2", date(2025, 9, 1), date(2026, 8, 31))] if year == "2025-26" else [])
    assert r.plan5.interest_check_page == "How interest is calculated - Plan 5"
    assert r.plan5.threshold_valid_to == date(2027, 4, 5)  # frozen to April 2027
    assert r.first_full_max_age == 23
    assert r.bursary_childcare_min_age == 20
    assert r.annual_hours == 1950
    assert r.benchmarks["real_living_wage_london_hourly_pence"] == 1480
    assert {"construction", "engineering", "manufacturing"} <= set(r.fcfj_level2_sectors)
    assert r.fcfj_level2_any_pay
    waived = {c for c, a in r.authorities.items() if a.threshold_not_applied}
    assert waived == {"GLA", "WMCA", "GMCA", "LCRCA"}  # the doc's four (FE Week, 2024)
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


def test_2026_27_authorities_include_the_new_ones() -> None:
    r = ALL_RULES["2026-27"]
    assert {"HEYCA", "LCCA", "GLCCA"} <= set(r.authorities)
    assert r.authorities["GLCCA"].residency_years == 3
    assert not {"HEYCA", "LCCA", "GLCCA"} & set(ALL_RULES["2025-26"].authorities)


@pytest.mark.parametrize("year", ["2025-26", "2026-27"])
def test_every_local_authority_is_in_the_district_table(year: str) -> None:
    from course_catalogue.geo import load_districts

    names = {d.area for d in load_districts().values()}
    r = ALL_RULES[year]
    assert set(r.devolved_local_authorities) <= names
    for district in r.straddling_districts:
        assert district in load_districts()


def _dated(node: object, path: str = "") -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        if "valid_from" in node or "valid_to" in node:
            found.append((path, node))
        for k, v in node.items():
            found += _dated(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _dated(v, f"{path}[{i}]")
    return found


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.json")), ids=lambda p: p.name)
def test_no_rules_year_quotes_a_figure_outside_its_period(path: Path) -> None:
    """Every figure that expires carries its period, and that period reaches into the year."""
    raw = json.loads(path.read_text())
    starts, ends = date.fromisoformat(raw["starts"]), date.fromisoformat(raw["ends"])
    dated = _dated(raw)
    assert dated, "the interest rate and the Plan 5 threshold carry their periods"
    for where, fig in dated:
        begin = date.fromisoformat(fig["valid_from"])
        end = date.fromisoformat(fig["valid_to"]) if fig.get("valid_to") else None
        assert end is None or begin <= end, where
        assert begin <= ends, f"{path.name}{where} starts after the rules year"
        assert end is None or end >= starts, f"{path.name}{where} expired before the rules year"


def test_a_rules_file_quoting_an_expired_rate_fails_the_guard(tmp_path: Path) -> None:
    raw = json.loads((RULES_DIR / "2026-27.json").read_text())
    raw["plan5"]["interest"]["rates"] = [
        {
            "rate_percent": "3.2",
            "valid_from": "2024-09-01",
            "valid_to": "2025-08-31",
            "period": "Sep 2024 to Aug 2025",
        }
    ]
    bad = tmp_path / "2026-27.json"
    bad.write_text(json.dumps(raw))
    with pytest.raises(AssertionError, match="expired before the rules year"):
        test_no_rules_year_quotes_a_figure_outside_its_period(bad)
