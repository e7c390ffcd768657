"""jobs.matching: hand-worked scores, reasons and take-home figures, and properties of the
ranking that must hold for any worker and any vacancies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_catalogue import geo
from jobs.matching import (
    DEFAULT_TRAVEL_KM,
    GOALS,
    Match,
    VacancyFacts,
    WorkerProfile,
    rank,
    takehome_words,
    unsocial_minutes,
)

TODAY = date(2026, 11, 26)
LS6, LS1, BD1 = geo.lookup("LS6"), geo.lookup("LS1"), geo.lookup("BD1")
MON, TUE, FRI, SAT = 0, 1, 4, 5

WORKER = WorkerProfile(
    goal="pay",
    current_role="Care assistant",
    current_soc2020="6135",
    current_sector="care",
    hourly_pence=1271,
    weekly_hours=30,
    contract_type="zero_hours",
    busy=((MON, time(8), time(9)),),  # the school run
    postcode_district="LS6",
    travel_limit_km=10,
)


def vacancy(id: int = 1, **changes: object) -> VacancyFacts:
    base = VacancyFacts(
        id=id,
        job_title="Care assistant",
        employer_name="Aire Valley Care (demo)",
        sector="care",
        pay_min_pence=1400,
        guaranteed_weekly_hours=30,
        contract_type="permanent",
        closing_date=TODAY + timedelta(days=20),
        soc2020="6135",
        shifts=((TUE, time(7), time(15)),),
        postcode_district="LS6",
        latitude=LS6.latitude,
        longitude=LS6.longitude,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def only(profile: WorkerProfile, v: VacancyFacts) -> Match:
    [match] = rank(profile, [v], TODAY)
    return match


def test_a_better_paid_permanent_job_nearby_scored_by_hand() -> None:
    m = only(WORKER, vacancy())
    # goal met (+400) and the same SOC code as now (+300)
    assert m.score.goal_fit == 700
    # 14.00 / 12.71 - 1 = 10.15% more an hour: +10 a percent
    assert m.score.pay_uplift == pytest.approx((1400 - 1271) / 1271 * 1000)
    assert m.score.rota_fit == 150  # Tuesday shift misses the Monday school run
    assert m.score.distance == 0  # same district
    assert m.score.contract_security == 150  # permanent: 3 steps; same hours
    assert m.total == pytest.approx(700 + 101.4949 + 150 + 150, abs=0.001)
    assert m.goal_met is True and m.rota == "fits" and m.distance_km == 0
    assert m.hourly_change_pence == 129 and m.hours_change == 0
    # take-home (2026-27): now 381.30 - 27.91 tax - 11.17 NI - 10.45 pension = 331.77;
    # new 420.00 - 35.65 - 14.26 - 12.00 = 358.09 a week
    assert (m.takehome_weekly_now_pence, m.takehome_weekly_new_pence) == (33177, 35809)
    assert m.takehome_weekly_change_pence == 2632 and m.takehome_tax_year == "2026-27"
    assert m.reasons == (
        "Pays £1.29 an hour more than now",
        "The same kind of job as now",
        "About £26 a week more to live on",
        "£14 an hour",
        "Permanent contract, 30 hours a week guaranteed",
        "The shifts miss the times you can't work",
        "Less than 1 km from LS6",
    )


def test_a_clash_is_spelled_out_and_ranked_last_but_never_hidden() -> None:
    fits = vacancy(1)
    clash = vacancy(2, shifts=((MON, time(7), time(15)),), pay_min_pence=1600)
    first, second = rank(WORKER, [clash, fits], TODAY)
    assert (first.vacancy.id, second.vacancy.id) == (1, 2)
    assert second.rota == "clash" and second.score.rota_fit == -600
    assert second.clashes == ("Mon 7am-3pm clashes with a time you can't work (Mon 8-9am)",)
    # 30 minutes' travel either side: a shift ending at 7:45 is too close to an 8am commitment
    tight = vacancy(3, shifts=((MON, time(5), time(7, 45)),))
    assert only(WORKER, tight).clashes == (
        "Mon 5-7:45am is too close to a time you can't work (Mon 8-9am) to get there in time",
    )
    # working from home needs no travel time
    assert only(WORKER, replace(tight, remote=True)).rota == "fits"


def test_times_said_not_to_work_clash_with_no_travel_time_added() -> None:
    """ "only school hours": clear before 9am and from 3pm. A 9am-1pm job fits (it had been
    "too close to a time you can't work (Mon midnight-9am)"); 8am-2pm clashes, said once."""
    school = tuple(
        (d, a, b) for d in range(5) for a, b in ((time(0), time(9)), (time(15), time(0)))
    )
    parent = replace(WORKER, busy=(), avoid=school)
    nine_to_one = vacancy(1, shifts=((MON, time(9), time(13)),))
    assert only(parent, nine_to_one).rota == "fits"
    early = vacancy(2, shifts=((MON, time(8), time(14)),))
    assert only(parent, early).clashes == (
        "Mon 8am-2pm clashes with a time you don't want to work (Mon midnight-9am)",
    )
    first, second = rank(parent, [early, nine_to_one], TODAY)
    assert (first.vacancy.id, second.vacancy.id) == (1, 2)


def test_zero_hours_counts_no_guaranteed_pay_and_loses_on_security() -> None:
    m = only(
        WORKER,
        vacancy(
            contract_type="zero_hours",
            guaranteed_weekly_hours=0,
            pay_min_pence=1500,
            latitude=LS1.latitude,
            longitude=LS1.longitude,
            postcode_district="LS1",
        ),
    )
    assert m.score.contract_security == -150  # no step up; 30 hours fewer, capped at -150
    assert m.score.distance == pytest.approx(-4 * 2.506, abs=0.01)
    assert m.takehome_weekly_new_pence == 0 and m.takehome_weekly_change_pence == -33177
    assert m.takehome_note == "A zero hours contract guarantees no pay, so this counts none."
    assert "Zero hours contract: no hours guaranteed" in m.reasons
    assert "3 km from LS6" in m.reasons


def test_the_travel_limit_and_the_closing_date_leave_vacancies_out() -> None:
    bradford = vacancy(latitude=BD1.latitude, longitude=BD1.longitude, postcode_district="BD1")
    assert rank(WORKER, [bradford], TODAY) == []  # 12.6 km, limit 10 km
    assert len(rank(replace(WORKER, travel_limit_km=None), [bradford], TODAY)) == 1  # 25 km
    assert rank(WORKER, [vacancy(closing_date=TODAY - timedelta(days=1))], TODAY) == []
    assert len(rank(WORKER, [vacancy(closing_date=TODAY)], TODAY)) == 1  # closes today
    remote = vacancy(remote=True, latitude=None, longitude=None, postcode_district=None)
    assert only(WORKER, remote).reasons[-1] == "Work from home"


@pytest.mark.parametrize(
    ("profile_changes", "vacancy_changes", "met", "reason"),
    [
        ({"goal": "pay"}, {"pay_min_pence": 1271}, False, None),
        ({"goal": "pay", "hourly_pence": None}, {}, None, None),
        (
            {"goal": "more_hours"},
            {"guaranteed_weekly_hours": 37.5},
            True,
            "7.5 more hours a week, guaranteed",
        ),
        ({"goal": "more_hours"}, {}, False, None),
        ({"goal": "secure_contract"}, {}, True, "Permanent contract: more secure"),
        ({"goal": "secure_contract"}, {"contract_type": "agency"}, False, None),
        (
            {"goal": "secure_contract", "contract_type": "permanent"},
            {"contract_type": "fixed_term"},
            False,
            None,
        ),
        (
            {"goal": "better_shifts", "current_shifts": ((SAT, time(22), time(6)),)},
            {},
            True,
            "No nights or weekends",
        ),
        (
            {"goal": "better_shifts", "current_rota_varies": True},
            {},
            True,
            "Fixed shifts, the same every week",
        ),
        ({"goal": "better_shifts"}, {"shifts": (), "shifts_vary": True}, False, None),
        ({"goal": "different_sector"}, {}, False, None),
        (
            {"goal": "different_sector"},
            {"sector": "retail"},
            True,
            "A different kind of work from now",
        ),
        (
            {"goal": "different_sector", "target_sector": "warehouse"},
            {"sector": "retail"},
            False,
            None,
        ),
    ],
)
def test_when_a_goal_is_met(
    profile_changes: dict[str, object],
    vacancy_changes: dict[str, object],
    met: bool | None,
    reason: str | None,
) -> None:
    m = only(replace(WORKER, **profile_changes), vacancy(**vacancy_changes))  # type: ignore[arg-type]
    assert m.goal_met is met
    if reason:
        assert m.reasons[0] == reason


def test_the_role_aimed_for_beats_the_current_one() -> None:
    aiming = replace(WORKER, target_role="Senior care worker", target_soc2020="6136")
    senior = vacancy(1, job_title="Senior care worker", soc2020="6136", pay_min_pence=1450)
    same = vacancy(2, pay_min_pence=1450)
    first, second = rank(aiming, [same, senior], TODAY)
    assert first.vacancy.id == 1 and "The kind of job you're aiming for" in first.reasons
    assert second.score.goal_fit == first.score.goal_fit - 200  # same sector only: 100 not 300


def test_unsocial_minutes_count_nights_and_weekends() -> None:
    assert unsocial_minutes([(MON, time(9), time(17))]) == 0
    assert unsocial_minutes([(FRI, time(22), time(6))]) == 7 * 60 + 6 * 60  # 11pm-6am + Sat 0-6
    assert unsocial_minutes([(SAT, time(10), time(14))]) == 4 * 60


def test_takehome_words() -> None:
    assert takehome_words(2632) == "About £26 a week more to live on"
    assert takehome_words(-33177) == "About £332 a week less to live on"
    assert takehome_words(49) == "About the same to live on each week"
    assert takehome_words(None) is None


def test_no_pay_or_hours_means_no_takehome_figure_but_a_note() -> None:
    m = only(replace(WORKER, weekly_hours=None), vacancy())
    assert m.takehome_weekly_change_pence is None
    assert m.takehome_note == "Tell me your pay and hours now to see the difference."
    far_future = rank(WORKER, [vacancy(closing_date=date(2031, 1, 1))], date(2030, 6, 1))
    assert far_future[0].takehome_note == "Take-home figures for this tax year are not ready yet."


# --- properties ------------------------------------------------------------------------------
clock = st.builds(time, st.integers(0, 23), st.sampled_from([0, 30]))
slots = st.lists(
    st.tuples(st.integers(0, 6), clock, clock).filter(lambda s: s[1] != s[2]), max_size=4
).map(lambda xs: tuple(sorted(xs)))
districts = st.sampled_from(["LS6", "M14", "E1", "BD1"])

profiles = st.builds(
    WorkerProfile,
    goal=st.sampled_from((None, *GOALS)),
    target_role=st.sampled_from([None, "Senior care worker", "Team leader"]),
    target_soc2020=st.sampled_from([None, "6136", "7132"]),
    target_sector=st.sampled_from([None, "care", "retail", "warehouse"]),
    current_role=st.sampled_from([None, "Care assistant", "Cleaner"]),
    current_soc2020=st.sampled_from([None, "6135", "9223"]),
    current_sector=st.sampled_from([None, "care", "cleaning", "retail"]),
    hourly_pence=st.one_of(st.none(), st.integers(800, 3000)),
    weekly_hours=st.one_of(st.none(), st.integers(1, 60).map(float)),
    contract_type=st.sampled_from([None, "permanent", "temporary", "zero_hours", "agency"]),
    busy=slots,
    current_shifts=slots,
    current_rota_varies=st.booleans(),
    postcode_district=st.one_of(st.none(), districts),
    travel_limit_km=st.one_of(st.none(), st.floats(1, 60)),
)


@st.composite
def vacancies(draw: st.DrawFn, profile: WorkerProfile) -> VacancyFacts:
    home = geo.lookup(profile.postcode_district or "LS6")
    assert home is not None
    pay = draw(st.integers(1271, 3000))
    return VacancyFacts(
        id=draw(st.integers(1, 10_000)),
        job_title=draw(st.sampled_from(["Care assistant", "Senior care worker", "Cleaner"])),
        employer_name="Demo (demo)",
        sector=draw(st.sampled_from(["care", "cleaning", "retail", "warehouse"])),
        pay_min_pence=pay,
        pay_max_pence=draw(st.one_of(st.none(), st.integers(pay, 3500))),
        guaranteed_weekly_hours=float(draw(st.integers(0, 48))),
        contract_type=draw(st.sampled_from(["permanent", "fixed_term", "agency", "zero_hours"])),
        closing_date=TODAY + timedelta(days=draw(st.integers(0, 60))),
        soc2020=draw(st.sampled_from([None, "6135", "6136", "9223"])),
        shifts=draw(slots),
        shifts_vary=draw(st.booleans()),
        remote=draw(st.booleans()),
        latitude=home.latitude + draw(st.floats(-0.15, 0.15)),
        longitude=home.longitude + draw(st.floats(-0.2, 0.2)),
    )


SETTINGS = settings(max_examples=150, derandomize=True, deadline=None)


def _order(profile: WorkerProfile, *vs: VacancyFacts) -> list[int]:
    return [m.vacancy.id for m in rank(profile, vs, TODAY, limit=len(vs))]


@SETTINGS
@given(st.data(), profiles)
def test_a_better_paid_otherwise_equal_vacancy_never_ranks_lower(
    data: st.DataObject, profile: WorkerProfile
) -> None:
    v = replace(data.draw(vacancies(profile)), id=1)
    raise_by = data.draw(st.integers(1, 500))
    better = replace(
        v,
        id=2,
        pay_min_pence=v.pay_min_pence + raise_by,
        pay_max_pence=None if v.pay_max_pence is None else v.pay_max_pence + raise_by,
    )
    order = _order(profile, v, better)
    assert order in ([], [2, 1])


@SETTINGS
@given(st.data(), profiles)
def test_a_nearer_otherwise_equal_vacancy_never_ranks_lower(
    data: st.DataObject, profile: WorkerProfile
) -> None:
    profile = replace(profile, postcode_district=data.draw(districts))  # distance is known
    home = geo.lookup(profile.postcode_district)
    assert home is not None
    v = replace(data.draw(vacancies(profile)), id=1, remote=False, longitude=home.longitude)
    near, far = sorted([data.draw(st.floats(0.001, 0.3)), data.draw(st.floats(0.001, 0.3))])
    v = replace(v, latitude=home.latitude + far)
    nearer = replace(v, id=2, latitude=home.latitude + near)
    order = _order(profile, v, nearer)
    assert order in ([], [2], [2, 1]) or (far == near and order == [1, 2])


@SETTINGS
@given(st.data(), profiles)
def test_more_security_or_more_hours_never_ranks_lower(
    data: st.DataObject, profile: WorkerProfile
) -> None:
    v = replace(data.draw(vacancies(profile)), id=1, contract_type="zero_hours")
    better = replace(
        v,
        id=2,
        contract_type=data.draw(st.sampled_from(["agency", "fixed_term", "permanent"])),
        guaranteed_weekly_hours=v.guaranteed_weekly_hours + data.draw(st.integers(0, 10)),
    )
    assert _order(profile, v, better) in ([], [2, 1])


@SETTINGS
@given(st.data(), profiles)
def test_a_clash_never_ranks_above_the_same_vacancy_without_it(
    data: st.DataObject, profile: WorkerProfile
) -> None:
    v = replace(data.draw(vacancies(profile)), id=1, shifts_vary=False)
    busy = ((MON, time(9), time(17)),)
    profile = replace(profile, busy=busy)
    clash = replace(v, id=2, shifts=((MON, time(10), time(12)),))
    fits = replace(v, id=1, shifts=((TUE, time(10), time(12)),))
    assert _order(profile, clash, fits) in ([], [1, 2])


@SETTINGS
@given(st.data(), profiles)
def test_matches_are_sorted_reachable_open_and_explained(
    data: st.DataObject, profile: WorkerProfile
) -> None:
    vs = [replace(data.draw(vacancies(profile)), id=i) for i in range(1, 7)]
    matches = rank(profile, vs, TODAY, limit=10)
    totals = [m.total for m in matches]
    assert totals == sorted(totals, reverse=True)
    limit = profile.travel_limit_km if profile.travel_limit_km is not None else DEFAULT_TRAVEL_KM
    for m in matches:
        s = m.score
        assert m.total == pytest.approx(
            s.goal_fit + s.pay_uplift + s.rota_fit + s.distance + s.contract_security
        )
        assert m.vacancy.closing_date >= TODAY
        assert m.distance_km is None or m.distance_km <= limit + 0.05
        assert m.reasons and all(0 < len(r) <= 200 for r in m.reasons)
        assert (m.rota == "clash") == bool(m.clashes)
    assert len({m.vacancy.id for m in matches}) == len(matches)


@SETTINGS
@given(st.data(), profiles)
def test_the_fast_rota_check_agrees_with_the_worded_one(
    data: st.DataObject, profile: WorkerProfile
) -> None:
    from jobs.matching import _week, rota_fit, rota_state

    v = data.draw(vacancies(profile))
    assert rota_state(v, _week(tuple(profile.busy))) == rota_fit(v, profile.busy)[0]
