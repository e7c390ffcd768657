"""The importer against a real database: all-or-nothing, re-upload updates, timetables, audit."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_catalogue.csv_format import COURSE_HEADERS, VENUE_HEADERS
from course_catalogue.importer import import_files
from db.models import AuditEvent, Course, CourseRun, Provider, RunSession, Venue
from tests.course_catalogue.csvdata import course_row, to_csv, venue_row

EXT = (*COURSE_HEADERS, "TIMETABLE", "SELF_PACED", "LEVEL", "SECTOR")


def provider(session: Session, ukprn: str = "10000001") -> Provider:
    p = Provider(ukprn=ukprn, name=f"College {ukprn}")
    session.add(p)
    session.flush()
    return p


def counts(session: Session) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(m))
        for m in (Venue, Course, CourseRun, RunSession)
    )


def first_import(session: Session, p: Provider) -> None:
    rows = [
        course_row(TIMETABLE="Tue 18:00-21:00; Thu 18:00-21:00", LEVEL="2", SECTOR="Care"),
        course_row(YOUR_REFERENCE="CARE-2", START_DATE="", FLEXIBLE_START_DATE="Yes"),
        course_row(
            YOUR_REFERENCE="ONLINE-1",
            DELIVERY_MODE="Online",
            VENUE_NAME="",
            STUDY_MODE="",
            ATTENDANCE_PATTERN="",
            SELF_PACED="Yes",
        ),
        course_row(
            LARS_QAN="601234",
            YOUR_REFERENCE="FORK-1",
            COURSE_NAME="Forklift",
            WHO_THIS_COURSE_IS_FOR="Warehouse staff",
            YOUR_VENUE_REFERENCE="v1",
            VENUE_NAME="",
            COST="",
            COST_DESCRIPTION="Free for employees",
        ),
    ]
    result = import_files(
        session, p, courses=to_csv(rows, EXT), venues=to_csv([venue_row()], VENUE_HEADERS)
    )
    assert result.ok, result.errors
    session.commit()


def test_import_writes_venues_courses_runs_and_sessions(session: Session) -> None:
    p = provider(session)
    first_import(session, p)
    assert counts(session) == (1, 2, 4, 2)
    care = session.scalars(select(Course).where(Course.lars_qan == "60123456")).one()
    assert care.level == 2 and care.sector == "Care" and len(care.runs) == 3
    fork = session.scalars(select(Course).where(Course.lars_qan == "00601234")).one()
    assert fork.course_name == "Forklift"
    run = session.scalars(select(CourseRun).where(CourseRun.your_reference == "CARE-1")).one()
    assert run.cost_pence == 45050 and run.venue is not None and run.venue.postcode == "LS1 1AA"
    assert [(s.day, s.start_time, s.end_time) for s in run.sessions] == [
        (1, time(18), time(21)),
        (3, time(18), time(21)),
    ]
    online = session.scalars(select(CourseRun).where(CourseRun.your_reference == "ONLINE-1")).one()
    assert online.self_paced and online.venue_id is None and online.delivery_mode == "online"
    venue = session.scalars(select(Venue)).one()
    assert venue.postcode_district == "LS1"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "catalogue.import")).one()
    assert event.detail is not None and event.detail["runs_created"] == 4


def test_reupload_updates_instead_of_duplicating(session: Session) -> None:
    p = provider(session)
    first_import(session, p)
    rows = [
        course_row(COST="500"),  # plain Course Directory file: timetable kept
        course_row(YOUR_REFERENCE="CARE-3"),
    ]
    result = import_files(session, p, courses=to_csv(rows))
    assert result.ok and (result.runs_created, result.runs_updated) == (1, 1)
    assert (result.courses_created, result.courses_updated, result.courses_unchanged) == (0, 0, 1)
    session.commit()
    assert counts(session) == (1, 2, 5, 2)
    run = session.scalars(select(CourseRun).where(CourseRun.your_reference == "CARE-1")).one()
    session.refresh(run)
    assert run.cost_pence == 50000 and len(run.sessions) == 2
    care = session.scalars(select(Course).where(Course.lars_qan == "60123456")).one()
    assert care.level == 2  # not given again, so kept


def test_identical_reupload_writes_nothing_new(session: Session) -> None:
    p = provider(session)
    first_import(session, p)
    before = session.execute(select(CourseRun.id, CourseRun.updated_at)).all()
    rows = [
        course_row(TIMETABLE="Tue 18:00-21:00; Thu 18:00-21:00", LEVEL="2", SECTOR="Care"),
        course_row(YOUR_REFERENCE="CARE-2", START_DATE="", FLEXIBLE_START_DATE="Yes"),
    ]
    result = import_files(session, p, courses=to_csv(rows, EXT))
    assert result.ok
    assert (result.runs_unchanged, result.runs_updated, result.timetables_set) == (2, 0, 0)
    session.commit()
    assert session.execute(select(CourseRun.id, CourseRun.updated_at)).all() == before
    rows[0]["TIMETABLE"] = "Wed 18:00-21:00"
    result = import_files(session, p, courses=to_csv(rows, EXT))
    assert result.timetables_set == 1 and result.runs_unchanged == 2
    session.commit()
    run = session.scalars(select(CourseRun).where(CourseRun.your_reference == "CARE-1")).one()
    session.refresh(run)
    assert [s.day for s in run.sessions] == [2]


def test_changed_description_makes_a_new_course(session: Session) -> None:
    p = provider(session)
    first_import(session, p)
    result = import_files(session, p, courses=to_csv([course_row(WHERE_NEXT="Level 3 next")]))
    assert result.ok and result.courses_created == 1 and result.runs_updated == 1
    session.commit()
    run = session.scalars(select(CourseRun).where(CourseRun.your_reference == "CARE-1")).one()
    assert run.course.where_next == "Level 3 next"


def test_a_file_with_any_error_changes_nothing(session: Session) -> None:
    p = provider(session)
    first_import(session, p)
    before = counts(session)
    rows = [course_row(COST="1"), course_row(YOUR_REFERENCE="NEW", DELIVERY_MODE="post")]
    venues = to_csv([venue_row(VENUE_NAME="Renamed")], VENUE_HEADERS)
    result = import_files(session, p, courses=to_csv(rows), venues=venues)
    assert [(f, str(e)) for f, e in result.errors] == [
        ("courses", "Row 2, VENUE_NAME: Venue name does not match one of your venues"),
        ("courses", "Row 3, DELIVERY_MODE: Select a delivery mode"),
    ]
    session.rollback()
    assert counts(session) == before
    run = session.scalars(select(CourseRun).where(CourseRun.your_reference == "CARE-1")).one()
    assert run.cost_pence == 45050
    assert session.scalars(select(Venue)).one().name == "Main Campus"
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_venues_belong_to_one_provider(session: Session) -> None:
    a, b = provider(session, "10000001"), provider(session, "10000002")
    first_import(session, a)
    result = import_files(session, b, courses=to_csv([course_row()]))
    assert [str(e) for _, e in result.errors] == [
        "Row 2, VENUE_NAME: Venue name does not match one of your venues"
    ]
    # the same reference at another provider is a different run
    first_import(session, b)
    assert counts(session) == (2, 4, 8, 4)


def test_timetable_file_for_stored_runs(session: Session) -> None:
    p = provider(session)
    first_import(session, p)
    tt = (
        b"YOUR_REFERENCE,DAY,START_TIME,END_TIME\r\n"
        b"CARE-2,Sat,09:30,12:30\r\nONLINE-1,Mon,19:00,20:00\r\n"
    )
    result = import_files(session, p, timetable=tt)
    assert result.ok and result.timetables_set == 2
    session.commit()
    run = session.scalars(select(CourseRun).where(CourseRun.your_reference == "CARE-2")).one()
    assert [(s.day, s.start_time) for s in run.sessions] == [(5, time(9, 30))]
    online = session.scalars(select(CourseRun).where(CourseRun.your_reference == "ONLINE-1")).one()
    session.refresh(online)
    assert not online.self_paced


def test_timetable_file_overrides_the_column(session: Session) -> None:
    p = provider(session)
    session.add(p)
    tt = b"YOUR_REFERENCE,DAY,START_TIME,END_TIME,SELF_PACED\r\nA,,,,Yes\r\n"
    rows = [dict(course_row(YOUR_REFERENCE="A"), TIMETABLE="Mon 10:00-12:00")]
    result = import_files(
        session,
        p,
        courses=to_csv(rows, (*COURSE_HEADERS, "TIMETABLE")),
        venues=to_csv([venue_row()], VENUE_HEADERS),
        timetable=tt,
    )
    assert result.ok
    session.commit()
    run = session.scalars(select(CourseRun)).one()
    assert run.self_paced and run.sessions == []


def test_file_problem_is_reported_per_file(session: Session) -> None:
    p = provider(session)
    result = import_files(session, p, courses="é".encode("latin-1"))
    assert [(f, str(e)) for f, e in result.errors] == [
        (
            "courses",
            "The course file must be saved as UTF-8. In Excel choose "
            "'CSV UTF-8 (Comma delimited)' when you save",
        ),
    ]


def test_imported_venues_get_their_district_centre(session: Session) -> None:
    """Search measures travel from venue coordinates, so an import must fill them in."""
    from course_catalogue import geo

    p = provider(session)
    first_import(session, p)
    venue = session.scalars(select(Venue)).one()
    ls1 = geo.lookup("LS1")
    assert ls1 is not None
    assert (venue.latitude, venue.longitude) == (ls1.latitude, ls1.longitude)
    moved = venue_row(POSTCODE="M1 1AA")
    result = import_files(session, p, venues=to_csv([moved], VENUE_HEADERS))
    assert result.ok, result.errors
    session.commit()
    session.refresh(venue)
    m1 = geo.lookup("M1")
    assert m1 is not None and venue.postcode_district == "M1"
    assert (venue.latitude, venue.longitude) == (m1.latitude, m1.longitude)


FACTS_EXT = (
    *COURSE_HEADERS,
    "LOAN_APPROVED",
    "FREE_COURSES_FOR_JOBS",
    "LEVEL3_ENTITLEMENT",
    "APPRENTICESHIP_OR_HND",
    "ESOL",
)


def test_funding_facts_are_unknown_unless_the_provider_declares_them(session: Session) -> None:
    p = provider(session)
    venues = to_csv([venue_row()], VENUE_HEADERS)
    # a plain Course Directory file: every fact unknown (None), never "no"
    assert import_files(
        session, p, courses=to_csv([course_row()], COURSE_HEADERS), venues=venues
    ).ok
    session.commit()
    c = session.scalars(select(Course)).one()
    assert (
        c.loan_approved,
        c.fcfj_eligible,
        c.level3_entitlement,
        c.apprenticeship_or_hnd,
        c.esol,
    ) == (None, None, None, None, None)
    # declared: Yes / No / Unknown, case-insensitive
    row = course_row(
        LOAN_APPROVED="yes",
        FREE_COURSES_FOR_JOBS="No",
        LEVEL3_ENTITLEMENT="Unknown",
        APPRENTICESHIP_OR_HND="NO",
        ESOL="",
    )
    assert import_files(session, p, courses=to_csv([row], FACTS_EXT), venues=venues).ok
    session.commit()
    session.expire_all()
    c = session.scalars(select(Course)).one()
    assert (
        c.loan_approved,
        c.fcfj_eligible,
        c.level3_entitlement,
        c.apprenticeship_or_hnd,
        c.esol,
    ) == (True, False, None, False, None)
    # an empty cell keeps what is stored; "Unknown" sets it back to unknown
    row = course_row(LOAN_APPROVED="", FREE_COURSES_FOR_JOBS="Unknown")
    assert import_files(session, p, courses=to_csv([row], FACTS_EXT), venues=venues).ok
    session.commit()
    session.expire_all()
    c = session.scalars(select(Course)).one()
    assert (c.loan_approved, c.fcfj_eligible) == (True, None)


def test_a_bad_funding_fact_is_reported_with_row_and_column(session: Session) -> None:
    p = provider(session)
    rows = [
        course_row(LOAN_APPROVED="maybe"),
        course_row(YOUR_REFERENCE="CARE-2", LOAN_APPROVED="Yes"),
        course_row(YOUR_REFERENCE="CARE-3", LOAN_APPROVED="No"),
    ]
    result = import_files(
        session, p, courses=to_csv(rows, FACTS_EXT), venues=to_csv([venue_row()], VENUE_HEADERS)
    )
    assert not result.ok
    messages = [str(e) for _, e in result.errors]
    assert "Row 2, LOAN_APPROVED: Enter Yes, No or Unknown" in messages
    assert "Row 4, LOAN_APPROVED: Loan approved must match row 3 (same course)" in messages


def test_a_course_takes_level_sector_and_facts_from_any_of_its_runs(session: Session) -> None:
    """The first run of a course may leave LEVEL, SECTOR or a fact empty; a later run of the
    same course fills it in. A re-upload changes the stored name and level."""
    p = provider(session)
    venues = to_csv([venue_row()], VENUE_HEADERS)
    rows = [
        course_row(),
        course_row(YOUR_REFERENCE="CARE-2", LEVEL="2", SECTOR="Care", LOAN_APPROVED="Yes"),
        course_row(YOUR_REFERENCE="CARE-3", LEVEL="2", SECTOR="care", ESOL="No"),
    ]
    headers = (*FACTS_EXT, "LEVEL", "SECTOR")
    result = import_files(session, p, courses=to_csv(rows, headers), venues=venues)
    assert result.ok, result.errors
    assert result.courses_created == 1
    session.commit()
    c = session.scalars(select(Course)).one()
    assert (c.level, c.sector, c.loan_approved, c.esol, c.fcfj_eligible) == (
        2,
        "Care",
        True,
        False,
        None,
    )
    renamed = course_row(COURSE_NAME="Care Diploma (level 3)", LEVEL="3", SECTOR="Care")
    result = import_files(session, p, courses=to_csv([renamed], headers))
    assert result.ok, result.errors
    assert (result.courses_created, result.courses_updated, result.courses_unchanged) == (0, 1, 0)
    session.commit()
    session.expire_all()
    c = session.scalars(select(Course)).one()
    assert (c.course_name, c.level, c.sector, c.loan_approved) == (
        "Care Diploma (level 3)",
        3,
        "Care",
        True,
    )
