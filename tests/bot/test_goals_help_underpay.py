"""Issue #14 "Beyond courses", end to end: goals that are not only hourly pay, help offered for
barriers and taken up, and underpayment. The worker talks to ConversationService; the coach
reads and marks the results in the app `escalator run` serves (bot.service.build_app)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import coach_web.auth
from bot.conversation import ConversationService, Inbound, Reply
from bot.service import build_app
from config.settings import Settings
from db.models import AuditEvent, EarningsRecord, Goal, GoalProgress, HelpOffer, Worker, WorkerFlag
from tests.coach_web.factories import PASSWORD, add_coach, csrf_from

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Clock:
    """Time moves on between the goal and the check-in, as it does for a real worker."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class Chat:
    def __init__(self, service: ConversationService, chat_id: int) -> None:
        self.service, self.chat_id = service, chat_id

    def send(self, kind: str, text: str) -> str:
        replies: list[Reply] = self.service.handle(
            Inbound("telegram", self.chat_id, kind, text, "Sam")
        )
        self.buttons = [b.data for r in replies for row in r.buttons for b in row]
        return "\n".join(r.text for r in replies)

    def say(self, text: str) -> str:
        return self.send("text", text)

    def tap(self, data: str) -> str:
        return self.send("button", data)


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        coach_web.auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def coaches(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        add_coach(s, "ana@example.org", name="Ana Coach")
        add_coach(s, "bo@example.org", name="Bo Coach")
        s.commit()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(session_factory: sessionmaker[Session], clock: Clock, coaches: None):
    return ConversationService(session_factory, None, clock=clock)  # no Rasa: buttons and values


@pytest.fixture
def app(session_factory: sessionmaker[Session], coaches: None) -> Iterator[TestClient]:
    settings = Settings(_env_file=None, session_secret="t" * 40)  # type: ignore[call-arg]
    with TestClient(build_app(settings, session_factory)) as c:
        yield c


def login(client: TestClient, email: str) -> None:
    page = client.get("/coach/login")
    r = client.post(
        "/coach/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303


def to_pay(chat: Chat, job: str = "cleaner", hours: str = "hrs:20") -> None:
    chat.send("command", "/start")
    chat.tap("consent:yes")
    chat.tap("name:tg")
    chat.say("ls6")
    chat.say(job)
    chat.tap(hours)


def row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, row_id
    return re.sub(r"\s+", " ", match.group(1))


def coach_of(sf: sessionmaker[Session], chat_id: int) -> tuple[int, str]:
    with sf() as s:
        w = s.scalar(select(Worker).where(Worker.chat_id == chat_id))
        assert w is not None and w.coach is not None
        return w.id, w.coach.email


# --- 1. goals that are not only hourly pay ----------------------------------------------------
def test_more_hours_and_a_secure_contract_from_chat_to_impact_report(
    service: ConversationService, session_factory, clock: Clock, app: TestClient
) -> None:
    chat = Chat(service, 7001)
    to_pay(chat)
    chat.say("13.20 an hour")
    chat.say("zero hours")  # typed: read by nlu.contracts, not by the flow
    chat.tap("day:varies")
    chat.tap("bar:none")
    asked = chat.say("more hours and something more secure")
    assert "How many hours a week would you like? You do about 20 now." in asked
    plan = chat.tap("hg:30")
    # 10 more hours x £13.20 = £132 a week
    assert "• More hours: from 20 to 30 a week." in plan and "£132 more a week" in plan
    chat.tap("ck:none")

    with session_factory() as s:
        goal = s.scalar(select(Goal))
        assert goal is not None and goal.kinds == ["hours", "secure"]
        assert (float(goal.baseline_hours), goal.baseline_contract, goal.baseline_shifts) == (
            20.0,
            "zero_hours",
            "varies",
        )
        assert float(goal.target_hours) == 30.0 and goal.target_hourly_pence is None
        worker_id = goal.worker_id

    clock.now = START + timedelta(days=30)
    opening = "\n".join(r.text for r in service.start_checkin(worker_id))
    assert "check-in" in opening
    hours_q = chat.tap("ci:pay:same")
    assert "Are you getting more hours yet?" in hours_q
    contract_q = chat.say("26")
    assert "Has your contract changed? Last time: zero hours." in contract_q
    chat.say("perm now")
    done = chat.tap("ci:job:same")  # no course saved: no course question, the check-in ends
    assert "26 hours a week now, up from 20" in done and "A permanent contract now" in done

    with session_factory() as s:
        progress = [
            (p.kind, p.value, p.hours)
            for p in s.scalars(select(GoalProgress).order_by(GoalProgress.id))
        ]
        assert [(k, v) for k, v, _ in progress] == [("hours", "more"), ("contract", "permanent")]
        assert all(p.goal_id == goal.id for p in s.scalars(select(GoalProgress)))
        latest = s.scalars(select(EarningsRecord).order_by(EarningsRecord.id)).all()[-1]
        assert (float(latest.weekly_hours), latest.contract_type) == (26.0, "permanent")

    _, email = coach_of(session_factory, 7001)
    login(app, email)
    page = app.get(f"/coach/workers/{worker_id}").text
    assert "Wants more hours, a permanent or more secure contract." in page
    assert "More hours: 20 hours a week at the start, would like 30; 26 now (more)." in page
    assert "Contract: zero hours at the start; permanent now (moved off zero hours" in page
    report = app.get("/coach/impact").text
    assert "1 of 1 who wanted more hours" in row(report, "more-hours")
    assert "100%" in row(report, "more-hours")
    assert "1 of 1 who started on zero hours or agency work" in row(report, "off-insecure")
    assert "Not comparable" in row(report, "off-insecure")
    assert "0 of 0 who wanted better shifts" in row(report, "better-shifts")
    improved = row(report, "improved")
    assert "1 of 1 with a baseline" in improved and "39%" in improved
    csv = app.get("/coach/impact.csv").text.splitlines()
    header, first = csv[0].lstrip("\ufeff").split(","), csv[1].split(",")
    cells = dict(zip(header, first, strict=True))
    assert (cells["goal_kinds"], cells["more_hours"], cells["contract_now"]) == (
        "hours secure",
        "yes",
        "permanent",
    )


# --- 2. help offered, and taken up ------------------------------------------------------------
def test_help_offered_is_recorded_and_the_coach_marks_it_taken_up(
    service: ConversationService, session_factory, clock: Clock, app: TestClient
) -> None:
    chat = Chat(service, 7002)
    to_pay(chat)
    chat.tap("pay:nlw")
    chat.tap("age:21_plus")
    chat.tap("con:permanent")
    chat.tap("day:varies")
    chat.tap("bar:childcare")
    chat.tap("bar:done")
    chat.tap("want:unsure")
    chat.tap("tgt:unsure")
    chat.tap("tp:unsure")
    shown = chat.tap("menu:support")
    assert "Help with childcare" in shown and "Tax-Free Childcare" in shown
    clock.now = START + timedelta(days=2)
    chat.send("command", "/support")  # shown again: counted, the first offer is kept

    export = service.handle(Inbound("telegram", 7002, "command", "/mydata", "Sam"))
    doc = next(r.document for r in export if r.document)
    mine = json.loads(doc[1])
    assert {h["item_id"] for h in mine["help_offered"]} >= {"tax_free_childcare"}
    assert (
        mine["goals"][-1]["kinds"] == [] and mine["goals"][-1]["baseline_contract"] == "permanent"
    )

    with session_factory() as s:
        offers = {h.item_id: h for h in s.scalars(select(HelpOffer))}
        # 21+: everything for childcare except Care to Learn (under 20)
        assert sorted(offers) == [
            "funded_hours",
            "learner_support_childcare",
            "tax_free_childcare",
            "uc_childcare",
        ]
        tfc = offers["tax_free_childcare"]
        assert (tfc.barrier, tfc.facts_year, tfc.status) == ("childcare", "2026-27", "offered")
        assert tfc.offered_at == START and tfc.last_offered_at == START + timedelta(days=2)
        assert tfc.times_offered == 2 and tfc.message_id is not None
        worker_id, offer_id = tfc.worker_id, tfc.id

    wid, email = coach_of(session_factory, 7002)
    other = "bo@example.org" if email == "ana@example.org" else "ana@example.org"
    login(app, email)
    page = app.get(f"/coach/workers/{worker_id}").text
    assert "Help offered for barriers" in page
    assert re.search(r'data-item="tax_free_childcare" data-status="offered"', page)
    token = csrf_from(page)
    url = f"/coach/workers/{worker_id}/help/{offer_id}"
    assert app.post(url, data={"status": "taken_up"}).status_code == 403  # no CSRF token
    bad = app.post(url, data={"status": "maybe", "csrf_token": token})
    assert bad.status_code == 400
    r = app.post(url, data={"status": "taken_up", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#help")
    page = app.get(f"/coach/workers/{worker_id}").text
    assert re.search(r'data-item="tax_free_childcare" data-status="taken_up"', page)
    funded = next(h for h in offers.values() if h.item_id == "funded_hours")
    app.post(
        f"/coach/workers/{worker_id}/help/{funded.id}",
        data={"status": "not_wanted", "csrf_token": token},
    )
    with session_factory() as s:
        marked = s.get(HelpOffer, offer_id)
        assert marked is not None and marked.status == "taken_up" and marked.status_by
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "mark_help")).all()
        assert [a.detail["to"] for a in audit] == ["taken_up", "not_wanted"]  # type: ignore[index]
        assert audit[0].detail == {  # type: ignore[comparison-overlap]
            "help_offer_id": offer_id,
            "item": "tax_free_childcare",
            "from": "offered",
            "to": "taken_up",
        }
    report = app.get("/coach/impact").text
    # 1 worker, 4 items offered, 1 taken up, 1 not wanted
    assert row(report, "help-childcare") == (
        '<td>childcare</td><td class="figure">1</td><td class="figure">4</td>'
        '<td class="figure">1</td><td class="figure">1</td>'
    )

    # another coach cannot see or mark it
    app.cookies.clear()
    login(app, other)
    token = csrf_from(app.get("/coach/").text)
    r = app.post(url, data={"status": "offered", "csrf_token": token})
    assert r.status_code == 404
    with session_factory() as s:
        assert s.get(HelpOffer, offer_id).status == "taken_up"  # type: ignore[union-attr]


# --- 3. underpayment --------------------------------------------------------------------------
def test_underpaid_worker_is_told_kindly_and_the_coach_is_flagged_only_after_yes(
    service: ConversationService, session_factory, app: TestClient
) -> None:
    chat = Chat(service, 7003)
    to_pay(chat, hours="hrs:30")
    chat.say("£300 a week")  # £300 / 30 h = £10.00 an hour
    note = chat.tap("pck:yes")
    assert "You get £10 an hour." in note
    assert "The legal minimum for people aged 21 or over is £12.71 an hour (since 1 Apr 2026)." in (
        note
    )
    assert "It's not your fault." in note and "Acas on 0300 123 1100" in note
    assert "complain to HMRC" in note and "uw:yes" in chat.buttons
    with session_factory() as s:
        assert s.scalars(select(WorkerFlag)).all() == []  # told first; nothing raised yet
    said = chat.say("yes please")
    assert "I've told your coach" in said and "What kind of contract" in said
    with session_factory() as s:
        (flag,) = s.scalars(select(WorkerFlag)).all()
        assert flag.kind == "underpaid" and flag.message_id is not None
        assert flag.detail == (
            "Pay £10 an hour, under the legal minimum £12.71 (21 or over, since 1 Apr 2026). "
            "They asked for their coach to be told."
        )
    worker_id, email = coach_of(session_factory, 7003)
    login(app, email)
    caseload = app.get("/coach/").text
    assert "May be underpaid" in caseload
    assert "under the legal minimum £12.71" in app.get(f"/coach/workers/{worker_id}").text


def test_a_home_carer_who_says_no_gets_the_note_and_no_flag(
    service: ConversationService, session_factory
) -> None:
    chat = Chat(service, 7004)
    to_pay(chat, job="i do home care", hours="hrs:30")
    travel = chat.say("12.90")
    assert "Travel between visits is working time" in travel
    note = chat.say("8")  # £387 / 38 working hours = £10.18
    assert "you get about £10.18 an hour for all your working time" in note
    assert "Shall I tell your coach?" in note
    chat.tap("uw:no")
    with session_factory() as s:
        assert s.scalars(select(WorkerFlag)).all() == []
