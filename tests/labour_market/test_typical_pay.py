"""Typical pay from ASHE 2025: every next-steps role is mapped; no figure is invented."""

from __future__ import annotations

import pytest

from labour_market import OCCUPATIONS, ROLES, by_soc, pay_message, typical_pay

# figures from support-and-take-home.md section 4 (ASHE 2025 Table 14.7a, full-time, £/yr)
FACTS_SHEET = {
    "6135": 27468,
    "6136": 29381,
    "6131": 29084,
    "7111": 25056,
    "7132": 29172,
    "9263": 22886,
    "5434": 30010,
    "9223": 24130,
    "5241": 39647,
    "9252": 27832,
    "8222": 31279,
    "8211": 39905,
    "8214": 27854,
    "9231": 33832,
    "6112": 21239,
    "7219": 27848,
    "4122": 31560,
    "5315": 37881,
}


@pytest.mark.parametrize("soc,median", sorted(FACTS_SHEET.items()))
def test_table_agrees_with_the_facts_sheet(soc, median):
    assert OCCUPATIONS[soc].median_annual_gbp == median


def test_every_next_steps_role_is_mapped():
    from flows.next_steps import SECTORS  # test only: labour_market never imports flows

    mapped = {(r.sector, r.role) for r in ROLES}
    for s in SECTORS:
        for role in s.next_steps:
            assert (s.key, role) in mapped, (s.key, role)


def test_every_mapped_code_has_a_row():
    for r in ROLES:
        assert r.match in ("same", "nearest", "none")
        if r.match == "none":
            assert r.soc2020 is None
        else:
            assert r.soc2020 in OCCUPATIONS, r


# (role, sector, soc or None)
CASES = [
    ("Senior care assistant", "care", "6136"),
    ("Chef de partie", "hospitality", "5434"),
    ("Forklift driver", "warehouse", "8222"),
    ("HGV driver", "transport", "8211"),
    ("Bookkeeper", "office", "4122"),
    ("forklift  driver", None, "8222"),  # any sector, spacing and case
    ("Care assistant", None, "6135"),
    ("Nursing associate", "care", None),
    ("CSCS card holder", "construction", None),
    ("Team leader", None, None),  # several groups fit: say so, don't guess
    ("Astronaut", None, None),
    ("Teaching assistant", "other", "6112"),  # a typed target job, titled by nlu/jobs.py
    ("Cashier", "retail", "7112"),
    # in one sector a supervisor is its team leader row, and back ("warehouse supervisor")
    ("Supervisor", "warehouse", "9251"),
    ("Team leader", "hospitality", "9261"),
    ("Supervisor", None, None),  # several groups fit
]


def test_every_job_title_nlu_gives_is_mapped_or_listed_as_unsure():
    """A typed job becomes one of nlu/jobs.py's titles; each has a pay row or is named in the
    data README as deliberately left without one (never a silent gap)."""
    from pathlib import Path

    from labour_market import ROLES
    from nlu.jobs import _JOBS

    readme = (Path(__file__).parents[2] / "labour_market" / "data" / "README.md").read_text()
    mapped = {r.role.lower() for r in ROLES}
    for _, title, _ in _JOBS:
        assert title.lower() in mapped or title.lower() in readme.lower(), title


@pytest.mark.parametrize("role,sector,soc", CASES)
def test_typical_pay(role, sector, soc):
    pay = typical_pay(role, sector)
    if soc is None:
        assert pay is None
        assert "don't have a typical pay figure" in pay_message(role, sector)
    else:
        assert pay is not None and pay.soc2020 == soc
        assert pay.year == 2025 and "ASHE" in pay.source and "Open Government" in pay.licence


def test_message_wording():
    pay = typical_pay("Senior care assistant", "care")
    assert pay.message() == ("Senior care workers earn about £29,400 a year full-time (ONS, 2025).")
    assert pay.median_annual_pence == 2938100
    nearest = typical_pay("Team leader", "retail").message()
    assert "nearest group" in nearest


def test_by_soc():
    assert by_soc("9252").median_annual_gbp == 27832
    assert by_soc("0000") is None


def test_a_catch_all_group_is_named_by_the_job_not_its_jargon():
    """ "Other administrative occupations n.e.c. earn about ..." was shown to a worker. 4159's
    ASHE 2025 full-time median is £28,294: "about £28,300"."""
    said = typical_pay("Administrator", "office").message()
    assert said.startswith("People in jobs like administrator earn about £28,300 a year")
    assert "n.e.c." not in said
