"""The demo data set: enough, varied, consistent and loaded only once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.demo import (
    DEMO_ADMIN_EMAIL,
    DEMO_COACH_EMAIL,
    DEMO_PASSWORD,
    DemoSeedRefused,
    seed_demo,
)
from course_catalogue import geo
from course_catalogue.demo_data import build_catalogue
from course_catalogue.search import SearchQuery, clear_cache, search_runs
from db.models import Coach, Course, CourseRun, Provider, ProviderUser, RunSession, Venue


@pytest.fixture(autouse=True)
def _fresh_search_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def test_demo_seed_meets_the_brief(db_url: str, session: Session) -> None:
    seed_demo(db_url)
    providers = session.scalars(select(Provider)).all()
    assert len(providers) >= 3
    assert all(p.name.endswith("(demo)") and p.ukprn.startswith("1999") for p in providers)
    runs = session.scalars(select(CourseRun)).all()
    assert len(runs) >= 300
    assert {r.delivery_mode for r in runs} == {"classroom", "online", "work_based", "blended"}
    patterns = {r.attendance_pattern for r in runs if r.attendance_pattern}
    assert patterns == {"daytime", "evening", "weekend", "day_block_release"}
    assert any(r.flexible_start for r in runs) and any(r.self_paced for r in runs)
    assert {r.study_mode for r in runs if r.study_mode} >= {"part_time", "full_time"}
    courses = session.scalars(select(Course)).all()
    assert {c.level for c in courses} >= {0, 1, 2, 3, 4, 5, 6}
    assert all(c.loan_approved == (3 <= (c.level or 0) <= 6) for c in courses)
    assert any(c.fcfj_eligible for c in courses)
    assert all(len(c.lars_qan) == 8 and c.lars_qan.startswith("99") for c in courses)
    names = " ".join(c.course_name for c in courses).lower()
    for word in (
        "care",
        "forklift",
        "chef",
        "aat",
        "esol",
        "functional skills",
        "hgv",
        "teaching",
        "cleaning",
        "retail",
    ):
        assert word in names


def test_demo_runs_are_consistent(db_url: str, session: Session) -> None:
    seed_demo(db_url)
    today = date.today()
    for run in session.scalars(select(CourseRun)).all():
        assert run.flexible_start or (run.start_date is not None and run.start_date > today)
        in_person = run.delivery_mode in ("classroom", "blended")
        assert (run.venue_id is not None) == in_person
        assert (run.attendance_pattern is not None) == in_person
        assert (run.study_mode is not None) == in_person
        if run.self_paced:
            assert run.sessions == []
        for s in run.sessions:
            if run.attendance_pattern == "evening":
                assert s.start_time >= time(17)
            elif run.attendance_pattern == "weekend":
                assert s.day in (5, 6)
            elif run.attendance_pattern in ("daytime", "day_block_release"):
                assert s.day < 5 and s.end_time <= time(17)
    for venue in session.scalars(select(Venue)).all():
        real = geo.lookup(venue.postcode_district)
        assert real is not None and real.latitude == venue.latitude
    assert session.scalar(select(func.count(RunSession.id))) > 200


def test_demo_logins_use_argon2(db_url: str, session: Session) -> None:
    seed_demo(db_url)
    hasher = PasswordHasher()
    coach = session.scalars(select(Coach).where(Coach.email == DEMO_COACH_EMAIL)).one()
    admin = session.scalars(select(Coach).where(Coach.email == DEMO_ADMIN_EMAIL)).one()
    assert coach.role == "coach" and admin.role == "admin"
    assert coach.password_hash.startswith("$argon2")
    assert hasher.verify(coach.password_hash, DEMO_PASSWORD)
    assert session.scalar(select(func.count(ProviderUser.id))) >= 3


def test_second_seed_is_refused_and_changes_nothing(db_url: str, session: Session) -> None:
    lines = seed_demo(db_url)
    assert any(DEMO_COACH_EMAIL in line for line in lines)
    before = session.scalar(select(func.count(CourseRun.id)))
    with pytest.raises(
        DemoSeedRefused, match=r"already has data \(3 coaches, 4 providers, 6 employers\)"
    ):
        seed_demo(db_url)
    assert session.scalar(select(func.count(CourseRun.id))) == before
    assert session.scalar(select(func.count(Coach.id))) == 3


def test_demo_seed_never_touches_a_database_that_already_has_a_coach(
    db_url: str, session: Session
) -> None:
    session.add(
        Coach(email="sam@example.org", name="Sam", password_hash="$argon2id$x", role="admin")
    )
    session.commit()
    with pytest.raises(DemoSeedRefused, match=r"\(1 coaches, 0 providers\)"):
        seed_demo(db_url)
    session.expire_all()
    coaches = session.scalars(select(Coach)).all()
    assert [(c.email, c.role) for c in coaches] == [("sam@example.org", "admin")]
    assert session.scalar(select(func.count(Provider.id))) == 0
    assert session.scalar(select(func.count(ProviderUser.id))) == 0


def test_demo_seed_is_refused_in_production(db_url: str, session: Session) -> None:
    with pytest.raises(DemoSeedRefused, match="APP_ENV=development"):
        seed_demo(db_url, app_env="production")
    assert session.scalar(select(func.count(Provider.id))) == 0
    assert session.scalar(select(func.count(Coach.id))) == 0


def test_generator_is_deterministic_and_scales() -> None:
    a = build_catalogue(date(2026, 1, 5))
    b = build_catalogue(date(2026, 1, 5))
    assert [r.your_reference for p in a for c in p.courses for r in c.runs] == [
        r.your_reference for p in b for c in p.courses for r in c.runs
    ]
    big = build_catalogue(date(2026, 1, 5), scale=3)
    assert len(big) == 12 and sum(p.run_count for p in big) > 3 * 300
    assert len({p.ukprn for p in big}) == 12


def test_demo_data_answers_a_typical_search(db_url: str, session: Session) -> None:
    seed_demo(db_url)
    query = SearchQuery(
        busy_slots=((0, time(7), time(15)), (2, time(7), time(15))),
        postcode_district="LS6",
        travel_limit_km=15,
        keywords="care",
    )
    matches = search_runs(session, query, limit=3)
    assert len(matches) == 3
    assert all(m.reasons for m in matches)
    modes = Counter(m.delivery_mode for m in matches)
    assert sum(modes.values()) == 3


def test_everyday_goal_words_find_demo_courses(db_url: str, session: Session) -> None:
    seed_demo(db_url)
    for words, expected in [
        ("teaching assistant", ("teaching",)),
        ("I want to be a chef", ("cookery", "chef")),
        ("warehouse", ("warehous", "logistics")),
        ("forklift", ("forklift",)),
    ]:
        matches = search_runs(session, SearchQuery(keywords=words), limit=3)
        assert matches, words
        name = matches[0].course_name.lower()
        assert any(word in name for word in expected), (words, name)


def test_first_seed_shows_one_working_api_key_per_demo_provider(
    db_url: str, session: Session
) -> None:
    from course_catalogue.provider_auth import verify_api_key

    lines = seed_demo(db_url)
    keys = [line.rsplit(" ", 1)[-1] for line in lines if "API key" in line]
    keys = [k for k in keys if k.startswith("se_")]  # employers' keys are sej_ (tests/jobs)
    providers = session.scalars(select(Provider)).all()
    assert len(keys) == len(providers) >= 3
    found = {verify_api_key(session, key).provider_id for key in keys}  # type: ignore[union-attr]
    assert found == {p.id for p in providers}
    with pytest.raises(DemoSeedRefused):  # shown once: a second seed is refused
        seed_demo(db_url)
