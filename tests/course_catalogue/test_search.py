"""Catalogue search against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from itertools import count

import pytest
from sqlalchemy.orm import Session

from course_catalogue import geo
from course_catalogue.search import SearchQuery, clear_cache, keyword_terms, search_runs
from db.models import Course, CourseRun, Provider, RunSession, Venue

TODAY = date(2026, 11, 23)
TUE, THU = 1, 3
_refs = count(1)


@pytest.fixture(autouse=True)
def _fresh_search_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def _venue(session: Session, provider: Provider, district: str) -> Venue:
    d = geo.require(district)
    venue = Venue(
        provider_id=provider.id,
        your_venue_reference=f"V-{district}",
        name=f"Test venue {district}",
        postcode_district=district,
        latitude=d.latitude,
        longitude=d.longitude,
    )
    session.add(venue)
    session.flush()
    return venue


def _run(
    session: Session,
    provider: Provider,
    name: str,
    *,
    level: int = 2,
    sector: str = "care",
    mode: str = "classroom",
    venue: Venue | None = None,
    start: date | None = TODAY + timedelta(days=14),
    flexible: bool = False,
    self_paced: bool = False,
    sessions: tuple[tuple[int, time, time], ...] = (),
) -> CourseRun:
    course = Course(
        provider_id=provider.id, lars_qan="99000001", course_name=name, level=level, sector=sector
    )
    session.add(course)
    session.flush()
    run = CourseRun(
        course_id=course.id,
        provider_id=provider.id,
        your_reference=f"R{next(_refs)}",
        delivery_mode=mode,
        start_date=start,
        flexible_start=flexible,
        self_paced=self_paced,
        venue_id=venue.id if venue else None,
        course_webpage="https://example.org/test",
        duration_value=10,
        duration_unit="weeks",
        cost_pence=50000,
    )
    run.sessions = [RunSession(day=d, start_time=s, end_time=e) for d, s, e in sessions]
    session.add(run)
    session.flush()
    return run


@pytest.fixture
def catalogue(session: Session) -> dict[str, CourseRun]:
    provider = Provider(ukprn="19990099", name="Test College (demo)")
    session.add(provider)
    session.flush()
    ls1, ls6, m1 = (_venue(session, provider, d) for d in ("LS1", "LS6", "M1"))
    evening = ((TUE, time(18), time(21)),)
    runs = {
        "tue_ls1": _run(session, provider, "Adult Care Tuesday", venue=ls1, sessions=evening),
        "thu_ls6": _run(
            session,
            provider,
            "Adult Care Thursday",
            venue=ls6,
            sessions=((THU, time(18), time(21)),),
        ),
        "online": _run(
            session,
            provider,
            "Senior Care Online",
            level=3,
            mode="online",
            start=None,
            flexible=True,
            self_paced=True,
        ),
        "past": _run(
            session,
            provider,
            "Care Started Already",
            venue=ls1,
            start=TODAY - timedelta(days=3),
            sessions=evening,
        ),
        "far": _run(session, provider, "Care In Manchester", venue=m1, sessions=evening),
        "forklift": _run(
            session,
            provider,
            "Counterbalance Forklift Training",
            sector="logistics",
            venue=ls1,
            sessions=((5, time(9, 30), time(13, 30)),),
        ),
    }
    session.commit()
    return runs


def _ids(matches: list) -> list[int]:  # type: ignore[type-arg]
    return [m.run_id for m in matches]


def test_shift_fit_search_ranks_clean_fits_first(
    session: Session, catalogue: dict[str, CourseRun]
) -> None:
    query = SearchQuery(
        busy_slots=((THU, time(17), time(23)),),
        postcode_district="ls6 2ab",
        travel_limit_km=15,
        keywords="care",
        today=TODAY,
    )
    matches = search_runs(session, query, limit=10)
    ids = _ids(matches)
    assert catalogue["past"].id not in ids  # started already, not flexible
    assert catalogue["far"].id not in ids  # Manchester is beyond 15 km of LS6
    assert catalogue["forklift"].id not in ids  # not about care
    assert set(ids) == {catalogue[k].id for k in ("tue_ls1", "thu_ls6", "online")}
    assert ids[-1] == catalogue["thu_ls6"].id  # the clash ranks last, even though nearest
    by_id = {m.run_id: m for m in matches}
    tue = by_id[catalogue["tue_ls1"].id]
    assert "Tue 6-9pm: you're free then" in tue.reasons
    assert "3 km from LS6" in tue.reasons
    assert tue.distance_km is not None and 1 < tue.distance_km < 4
    assert tue.clashes == []
    assert by_id[catalogue["thu_ls6"].id].clashes == [
        "Thu 6-9pm clashes with your Thursday shift (5-11pm)"
    ]
    assert by_id[catalogue["online"].id].reasons == ["Online, any time", "Starts any time"]


def test_travel_limit_is_in_km(session: Session, catalogue: dict[str, CourseRun]) -> None:
    near = SearchQuery(postcode_district="LS6", travel_limit_km=1, keywords="care", today=TODAY)
    ids = _ids(search_runs(session, near, limit=10))
    assert catalogue["thu_ls6"].id in ids and catalogue["tue_ls1"].id not in ids
    wide = SearchQuery(postcode_district="LS6", travel_limit_km=80, keywords="care", today=TODAY)
    assert catalogue["far"].id in _ids(search_runs(session, wide, limit=10))


def test_level_and_mode_filters(session: Session, catalogue: dict[str, CourseRun]) -> None:
    level3 = SearchQuery(levels=frozenset({3}), today=TODAY)
    assert _ids(search_runs(session, level3, limit=10)) == [catalogue["online"].id]
    online = SearchQuery(delivery_modes=frozenset({"online"}), today=TODAY)
    assert _ids(search_runs(session, online, limit=10)) == [catalogue["online"].id]
    nothing = SearchQuery(levels=frozenset(), today=TODAY)
    assert search_runs(session, nothing) == []


def test_variable_rota_puts_self_paced_first(
    session: Session, catalogue: dict[str, CourseRun]
) -> None:
    query = SearchQuery(
        rota_varies=True, postcode_district="LS6", travel_limit_km=15, keywords="care", today=TODAY
    )
    matches = search_runs(session, query, limit=10)
    assert matches[0].run_id == catalogue["online"].id
    assert any("Check they fit your rota" in r for m in matches[1:] for r in m.reasons)


def test_keywords_use_everyday_words(session: Session, catalogue: dict[str, CourseRun]) -> None:
    assert keyword_terms("I want to drive a forklift") == [("drive",), ("forklift", "lift truck")]
    # an IT helpdesk is digital support ("Diploma in IT (Digital Support Technician)")
    assert keyword_terms("it helpdesk") == [
        ("digital", "computing"),
        ("digital support", "it support", "computing"),
    ]
    query = SearchQuery(keywords="forklift", today=TODAY)
    assert _ids(search_runs(session, query)) == [catalogue["forklift"].id]


def test_paging(session: Session, catalogue: dict[str, CourseRun]) -> None:
    query = SearchQuery(keywords="care", today=TODAY)
    first = _ids(search_runs(session, query, limit=2))
    second = _ids(search_runs(session, query, limit=2, offset=2))
    assert len(first) == 2 and not set(first) & set(second)
