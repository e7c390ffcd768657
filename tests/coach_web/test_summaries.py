"""Worker summaries (coach_web.summaries) and the pages that read them, on SQLite and
PostgreSQL: triggers mark workers dirty whoever changes their records; the SQL caseload page
(search, filters, sort, paging) means exactly what the pure caseload.filter_rows/sort_rows
mean; the impact report from kept outcomes equals the one worked out from every record."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

import coach_web.summaries as summaries
from coach_web.caseload import FLAG_LABELS, SORTS, STAGES, filter_rows, sort_rows
from coach_web.impact import compute_impact, summarise
from coach_web.queries import (
    caseload_page,
    impact_help,
    impact_outcomes,
    impact_records,
    impact_report,
    impact_report_in_sql,
    iter_impact_outcomes,
    load_caseload,
)
from db.models import (
    CheckIn,
    Coach,
    ConversationMessage,
    GoalProgress,
    HelpOffer,
    Worker,
    WorkerFlag,
    WorkerSummary,
    WorkerSummaryDirty,
)
from tests.coach_web.factories import (
    DAY,
    T0,
    add_checkin,
    add_coach,
    add_earnings,
    add_flag,
    add_funding,
    add_goal,
    add_message,
    add_plan,
    add_worker,
)
from tests.coach_web.test_app import logged_in


def dirty(sf: sessionmaker[Session]) -> set[int]:
    with sf() as s:
        return set(s.scalars(select(WorkerSummaryDirty.worker_id)))


def clear_dirty(sf: sessionmaker[Session]) -> None:
    with sf() as s:
        s.execute(delete(WorkerSummaryDirty))
        s.commit()


def test_triggers_mark_a_worker_dirty_whoever_changes_their_records(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        coach = add_coach(s, "ana@example.org")
        amira = add_worker(s, coach, "Amira")
        ben = add_worker(s, coach, "Ben")
        s.commit()
        ids = (amira.id, ben.id)
    assert dirty(session_factory) == set(ids)  # new workers
    clear_dirty(session_factory)

    def changed(action) -> set[int]:  # type: ignore[no-untyped-def]
        with session_factory() as s:
            action(s)
            s.commit()
        got = dirty(session_factory)
        clear_dirty(session_factory)
        return got

    amira_id, ben_id = ids
    assert changed(lambda s: add_goal(s, s.get(Worker, amira_id))) == {amira_id}
    assert changed(lambda s: add_earnings(s, s.get(Worker, ben_id), 1200)) == {ben_id}
    assert changed(lambda s: add_plan(s, s.get(Worker, ben_id), "saved")) == {ben_id}
    assert changed(lambda s: add_funding(s, s.get(Worker, amira_id))) == {amira_id}
    assert changed(lambda s: add_flag(s, s.get(Worker, ben_id), "struggling")) == {ben_id}
    assert changed(lambda s: add_checkin(s, s.get(Worker, amira_id), "due", T0)) == {amira_id}
    # the dispatcher's own statements, not the ORM: a status change counts, a lease does not
    assert changed(lambda s: s.execute(update(CheckIn).values(status="sent"))) == {amira_id}
    assert changed(lambda s: s.execute(update(CheckIn).values(attempts=3))) == set()
    assert changed(lambda s: s.execute(update(WorkerFlag).values(resolved_at=T0))) == {ben_id}
    assert changed(lambda s: add_message(s, s.get(Worker, ben_id), "hi")) == {ben_id}
    assert changed(lambda s: add_message(s, s.get(Worker, ben_id), "hi", "out")) == set()
    rename = update(Worker).where(Worker.id == amira_id).values(first_name="Amy")
    assert changed(lambda s: s.execute(rename)) == {amira_id}
    assert changed(lambda s: s.execute(update(Worker).values(travel_limit_km=5))) == set()


def test_refreshing_works_summaries_out_and_a_failed_batch_stays_dirty(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_factory() as s:
        coach = add_coach(s, "ana@example.org")
        w = add_worker(s, coach, "Amira", last_contact_at=T0)
        add_flag(s, w, "struggling")
        add_goal(s, w)
        s.commit()
        wid = w.id

    def broken(*args: object) -> None:
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(summaries, "caseload_rows", broken)
    with pytest.raises(RuntimeError):
        summaries.refresh_dirty(session_factory)
    assert dirty(session_factory) == {wid}  # not lost
    monkeypatch.undo()
    assert summaries.refresh_dirty(session_factory) == 1
    assert dirty(session_factory) == set()
    with session_factory() as s:
        row = s.get(WorkerSummary, wid)
        assert row is not None
        assert (row.stage, row.attention, row.flag_kinds) == ("goal set", 1, "|struggling|")
        assert row.version == summaries.SUMMARY_VERSION and row.contact_key == T0
        assert row.checkin_key == summaries.FAR_FUTURE and row.next_checkin_at is None
        s.execute(update(WorkerSummary).values(version="0-old"))
        s.commit()
    assert summaries.mark_outdated(session_factory) == 1  # a new release: worked out again
    assert summaries.refresh_dirty(session_factory) == 1


# --- the SQL caseload means what the pure reference means ------------------------------------
worker_spec = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Amira", "amina", "Ben", "Zoë", "ben", "Ali_%", None]),
        "district": st.sampled_from(["SE15", "SE1", "B12", "LS6", None]),
        "mine": st.booleans(),
        "contact": st.one_of(st.none(), st.integers(0, 5)),
        "message_day": st.one_of(st.none(), st.integers(0, 8)),
        "goal": st.booleans(),
        "plans": st.lists(
            st.sampled_from(["saved", "applied", "enrolled", "completed"]), max_size=2
        ),
        "pay": st.one_of(st.none(), st.tuples(st.integers(1100, 1400), st.integers(1100, 1600))),
        "funding": st.sampled_from([None, "free", "loan"]),
        "checkins": st.lists(
            st.tuples(st.integers(0, 9), st.sampled_from(["answered", "missed", "due", "sent"])),
            max_size=4,
        ),
        "kinds": st.lists(st.sampled_from(["pay", "hours", "secure", "shifts", "change"])),
        "start": st.sampled_from([None, "zero_hours", "permanent"]),
        "progress": st.lists(
            st.sampled_from(
                [
                    ("hours", "more", "32"),
                    ("contract", "permanent", None),
                    ("shifts", "better", None),
                ]
            ),
            max_size=2,
        ),
        "help": st.lists(st.sampled_from(["offered", "taken_up", "not_wanted"]), max_size=2),
        "flags": st.lists(
            st.sampled_from(["struggling", "asked_for_human", "missed_x"]), max_size=2
        ),
    }
)


def add_records(s: Session, w: Worker, spec: dict) -> None:
    """The worker's records: goal (kinds, starting contract, progress), help offers, plan,
    pay, funding check, check-ins."""
    if spec["goal"]:
        goal = add_goal(s, w)
        goal.kinds = spec["kinds"]
        goal.baseline_contract = spec["start"]
        goal.baseline_hours = Decimal("30") if "hours" in spec["kinds"] else None
        for i, (kind, value, hours) in enumerate(spec["progress"]):
            s.add(
                GoalProgress(
                    worker_id=w.id, goal_id=goal.id, kind=kind, value=value,
                    hours=Decimal(hours) if hours else None,
                    recorded_at=T0 + (40 + i) * DAY,
                )
            )  # fmt: skip
    for i, status in enumerate(spec["help"]):
        s.add(
            HelpOffer(
                worker_id=w.id, item_id=f"item_{i}", barrier=("childcare", "transport")[i],
                facts_year="2026-27", status=status,
            )
        )  # fmt: skip
    for status in spec["plans"]:
        add_plan(s, w, status)
    if spec["pay"]:
        add_earnings(s, w, spec["pay"][0])
        add_earnings(s, w, spec["pay"][1], source="checkin", at=T0 + 30 * DAY)
    if spec["funding"]:
        add_funding(s, w, spec["funding"])
    for day, status in spec["checkins"]:
        add_checkin(s, w, status, T0 + day * 7 * DAY + timedelta(hours=day))


def build_world(sf: sessionmaker[Session], specs: list[dict]) -> tuple[int, int]:
    with sf() as s:
        s.execute(delete(Worker))
        s.execute(delete(Coach))
        s.execute(delete(WorkerSummaryDirty))
        s.commit()
        me = add_coach(s, "me@example.org")
        admin = add_coach(s, "admin@example.org", role="admin")
        other = add_coach(s, "other@example.org")
        for spec in specs:
            contact = None if spec["contact"] is None else T0 + spec["contact"] * DAY
            w = add_worker(
                s, me if spec["mine"] else other, spec["name"], spec["district"],
                last_contact_at=contact,
            )  # fmt: skip
            if spec["message_day"] is not None:
                add_message(s, w, "hello", at=T0 + spec["message_day"] * DAY)
            add_records(s, w, spec)
            for kind in spec["flags"]:
                add_flag(s, w, kind)
        s.commit()
        return me.id, admin.id


QUERIES = [
    {},
    {"q": "ami"},
    {"q": "se1"},
    {"q": "SE 15"},
    {"q": "%"},
    {"q": "_"},
    {"q": "zoË"},
    {"stage": "goal set"},
    {"stage": "in work progression"},
    {"flag": "any"},
    {"flag": "missed_checkins"},
    {"flag": "free_not_applied"},
    {"flag": "pay_rise", "q": "b"},
]


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(worker_spec, min_size=0, max_size=9))
def test_sql_caseload_pages_equal_the_pure_reference(
    session_factory: sessionmaker[Session], specs: list[dict]
) -> None:
    me_id, admin_id = build_world(session_factory, specs)
    summaries.refresh_dirty(session_factory, limit=1000)
    with session_factory() as s:
        for coach_id in (me_id, admin_id):
            coach = s.get(Coach, coach_id)
            assert coach is not None
            everyone = load_caseload(s, coach)
            for query in QUERIES:
                for sort in SORTS:
                    expected = sort_rows(filter_rows(everyone, **query), sort)
                    got = []
                    for page in (1, 2, 3, 4):
                        found = caseload_page(s, coach, sort=sort, page=page, page_size=3, **query)
                        got += found.rows if found.page == page else []
                    assert got == expected, (query, sort)
                    assert found.total == len(everyone)
                    assert found.needing == sum(1 for r in everyone if r.attention)
                    assert found.matching == len(expected) and found.preparing == 0
            # impact from the kept outcomes equals the one from every record, and so do the
            # figures the page shows (aggregated in SQL on PostgreSQL)
            reference = compute_impact(impact_records(s, coach))
            kept = summarise(
                impact_outcomes(s, coach, summaries.SUMMARY_VERSION), impact_help(s, coach)
            )
            assert kept == reference
            if s.get_bind().dialect.name == "postgresql":  # the SQL aggregate, not a fallback
                assert impact_report_in_sql(s, coach, summaries.SUMMARY_VERSION) is not None
            report = impact_report(s, coach, summaries.SUMMARY_VERSION)
            assert (report.goals, report.help) == (reference.goals, reference.help)
            shown, expected = asdict(report), asdict(reference)
            for nested in ("outcomes", "goals", "help"):
                shown.pop(nested), expected.pop(nested)
            assert shown == pytest.approx(expected)
            assert list(iter_impact_outcomes(s, coach, summaries.SUMMARY_VERSION, 2)) == (
                reference.outcomes
            )


def test_outdated_or_missing_outcomes_are_worked_out_from_the_records(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        coach = add_coach(s, "admin@example.org", role="admin")
        for name in ("Amira", "Ben", "Chloe"):
            w = add_worker(s, coach, name)
            add_earnings(s, w, 1200)
            add_earnings(s, w, 1400, source="checkin", at=T0 + DAY)
        s.commit()
    summaries.refresh_dirty(session_factory)
    with session_factory() as s:
        ids = sorted(s.scalars(select(Worker.id)))
        S = WorkerSummary
        s.execute(update(S).where(S.worker_id == ids[0]).values(version="x"))  # outdated
        s.execute(delete(S).where(S.worker_id == ids[-1]))  # missing
        s.commit()
        coach = s.scalars(select(Coach)).one()
        kept = impact_outcomes(s, coach, summaries.SUMMARY_VERSION)
        assert kept == compute_impact(impact_records(s, coach)).outcomes
        assert [o.worker_id for o in iter_impact_outcomes(s, coach, summaries.SUMMARY_VERSION)]


def test_the_caseload_page_pages_and_says_how_many(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        ana = add_coach(s, "ana@example.org", name="Ana Coach")
        for i in range(120):
            w = add_worker(s, ana, f"Worker{i:03d}", last_contact_at=T0 + i * timedelta(hours=1))
            if i % 10 == 0:
                add_flag(s, w, "struggling")
        s.commit()
    client = logged_in(session_factory, "ana@example.org")
    first = client.get("/coach/").text
    assert "120 workers; <strong>12</strong> need you." in first
    assert first.count("data-worker-id=") == 50
    assert "Showing 1 to 50 of 120." in first and 'rel="next"' in first
    assert 'rel="prev"' not in first
    # the twelve who need the coach come first, never contacted / longest ago first
    assert first.index("Worker000") < first.index("Worker010") < first.index("Worker001")
    last = client.get("/coach/?sort=name&page=3").text
    assert last.count("data-worker-id=") == 20 and "Showing 101 to 120 of 120." in last
    assert 'href="/coach/?sort=name&amp;page=2" rel="prev"' in last and 'rel="next"' not in last
    assert "Worker119" in last and "Worker099" not in last
    beyond = client.get("/coach/?page=99").text
    assert "Showing 101 to 120 of 120." in beyond  # the last page, not an empty one
    assert client.get("/coach/?page=abc").status_code == 200
    found = client.get("/coach/?q=worker11&flag=any").text
    assert "Worker110" in found and "Showing 1 to 1 of 1." in found


def test_a_change_shows_on_the_next_page_view(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        ana = add_coach(s, "ana@example.org", name="Ana Coach")
        w = add_worker(s, ana, "Amira")
        s.commit()
        wid = w.id
    client = logged_in(session_factory, "ana@example.org")
    assert "Struggling" not in client.get("/coach/").text.split('id="caseload"')[1]
    with session_factory() as s:
        add_flag(s, s.get(Worker, wid), "struggling")  # e.g. the bot, in another process
        s.commit()
    assert "Struggling" in client.get("/coach/").text.split('id="caseload"')[1]
    assert dirty(session_factory) == set()


def test_the_impact_csv_is_streamed(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        admin = add_coach(s, "admin@example.org", role="admin")
        for i in range(7):
            w = add_worker(s, admin, f"W{i}")
            add_earnings(s, w, 1200 + i)
            add_earnings(s, w, 1300 + i, source="checkin", at=T0 + DAY)
        s.commit()
    client = logged_in(session_factory, "admin@example.org")
    with client.stream("GET", "/coach/impact.csv") as r:
        assert "content-length" not in r.headers  # streamed, not built first
        body = b"".join(r.iter_bytes()).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["first_name"] for row in rows] == [f"W{i}" for i in range(7)]
    assert rows[0]["baseline_hourly_gbp"] == "12.0" and rows[0]["latest_hourly_gbp"] == "13.0"


def test_every_stage_and_flag_kind_is_known_to_the_summary() -> None:
    """The summary keeps the stage's place in STAGES and the flag kinds as text; its version
    changes when either list does, so old summaries are worked out again."""
    assert len(set(STAGES)) == len(STAGES) and all("|" not in k for k in FLAG_LABELS)
    assert summaries.SUMMARY_VERSION.startswith(f"{summaries.DERIVATION}-")


def test_the_service_keeps_the_caseload_current_as_a_worker_chats(
    session_factory: sessionmaker[Session],
) -> None:
    """Through the assembled service: a worker signs up through ConversationService, and the
    coach's caseload (served by bot.service.build_app) lists them at their stage."""
    from fastapi.testclient import TestClient

    from bot.conversation import ConversationService, Inbound
    from bot.service import build_app
    from config.settings import Settings
    from tests.coach_web.factories import login

    with session_factory() as s:
        add_coach(s, "admin@example.org", role="admin")
        s.commit()
    service = ConversationService(session_factory, None)
    for kind, text in [("command", "/start"), ("button", "consent:yes"), ("text", "Priya")]:
        service.handle(Inbound("telegram", 4242, kind, text, "Priya"))
    settings_ = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings_, session_factory)) as client:
        login(client, "admin@example.org")
        page = client.get("/coach/").text
    table = page.split('id="caseload"')[1]
    assert "Priya" in table and "onboarding" in table
    with session_factory() as s:
        assert s.scalar(select(ConversationMessage.id)) is not None
        assert s.get(WorkerSummary, s.scalar(select(Worker.id))) is not None


def test_the_worker_page_reads_a_window_of_messages_and_still_links_older_facts(
    session_factory: sessionmaker[Session],
) -> None:
    from coach_web.app import TRANSCRIPT_WINDOW

    with session_factory() as s:
        ana = add_coach(s, "ana@example.org")
        w = add_worker(s, ana, "Amira")
        answer = add_message(s, w, "going well thanks", at=T0)
        add_checkin(
            s, w, "answered", T0 - DAY, answered_at=T0 + timedelta(minutes=1),
            answers={"mood": "good"},
        )  # fmt: skip
        for i in range(TRANSCRIPT_WINDOW + 30):
            add_message(s, w, f"later {i}", at=T0 + DAY + i * timedelta(minutes=1))
        s.commit()
        wid, answer_id = w.id, answer.id
    client = logged_in(session_factory, "ana@example.org")
    page = client.get(f"/coach/workers/{wid}").text
    assert page.count('id="msg-') == TRANSCRIPT_WINDOW
    assert f"Show all {TRANSCRIPT_WINDOW + 31}" in page
    # the check-in's answer is older than the window: its link opens the full transcript
    assert f'href="/coach/workers/{wid}?all=1#msg-{answer_id}"' in page
    full = client.get(f"/coach/workers/{wid}?all=1").text
    assert full.count('id="msg-') == TRANSCRIPT_WINDOW + 31
