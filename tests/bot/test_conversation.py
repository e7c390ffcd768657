"""ConversationService against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService, Inbound, Reply
from db.models import (
    AvailabilitySlot,
    CheckIn,
    ConversationMessage,
    ConversationState,
    Course,
    CourseRun,
    EarningsRecord,
    FundingCheck,
    Goal,
    LearningPlanItem,
    Provider,
    Worker,
    WorkerFlag,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CHAT = 5551


def clock() -> datetime:
    return NOW


class Chat:
    """One worker talking to a service."""

    def __init__(self, service: ConversationService, chat_id: int = CHAT) -> None:
        self.service = service
        self.chat_id = chat_id

    def send(self, kind: str, text: str = "") -> list[Reply]:
        return self.service.handle(Inbound("telegram", self.chat_id, kind, text, "Sam"))

    def text(self, t: str) -> list[Reply]:
        return self.send("text", t)

    def press(self, data: str) -> list[Reply]:
        return self.send("button", data)

    def command(self, c: str) -> list[Reply]:
        return self.send("command", c)


def joined(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


def buttons(replies: list[Reply]) -> list[str]:
    return [b.data for r in replies for row in r.buttons for b in row]


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def add_course(sf: sessionmaker[Session]) -> int:
    with sf() as s:
        p = Provider(ukprn="10000001", name="Leeds City College", has_loans_facility=True)
        s.add(p)
        s.flush()
        c = Course(
            provider_id=p.id,
            lars_qan="60305574",
            course_name="Level 3 Diploma in Adult Care",
            level=3,
            sector="care",
            loan_approved=True,
            fcfj_eligible=True,
        )
        s.add(c)
        s.flush()
        r = CourseRun(
            course_id=c.id,
            provider_id=p.id,
            your_reference="CARE3-EVE",
            delivery_mode="online",
            course_webpage="https://example.ac.uk/care3",
            duration_value=30,
            duration_unit="weeks",
            cost_pence=150000,
            flexible_start=True,
        )
        s.add(r)
        s.commit()
        return r.id


def onboard(chat: Chat) -> None:
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    chat.text("LS6 3AB")
    chat.text("care assistant")
    chat.press("hrs:30")
    chat.text("£11.44 an hour")  # below the 21+ minimum wage (£12.71): read back
    chat.press("pck:yes")
    chat.press("uw:no")  # the underpayment note; they chose not to tell the coach
    chat.press("con:zero_hours")
    chat.text("Mon, Wed and Fri 6-2")
    chat.press("bar:childcare")
    chat.press("bar:done")
    chat.press("want:pay")
    chat.press("want:done")
    chat.press("tgt:0")
    return None


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> ConversationService:
    return ConversationService(session_factory, None, clock=clock)


def test_nothing_is_stored_before_consent(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    replies = chat.command("/start")
    assert "consent:yes" in buttons(replies)
    chat.text("hello?")
    chat.press("consent:no")
    with session_factory() as s:
        assert count(s, Worker) == 0 and count(s, ConversationMessage) == 0


def test_whole_journey_to_a_saved_plan_funding_and_checkin(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    run_id = add_course(session_factory)
    chat = Chat(service)
    onboard(chat)
    summary = chat.press("tp:rlw")
    assert "18% more" in joined(summary) and "£60.30 more a week" in joined(summary)

    saved = chat.press(f"c:save:{run_id}")
    assert "Saved to your plan" in joined(saved)
    assert "Level 3 Diploma in Adult Care (saved)" in joined(chat.command("/plan"))

    first = chat.press(f"f:run:{run_id}")
    assert "date of birth" in joined(first).lower()
    answer = chat.text("14/03/1990")
    assert "free" in joined(answer).lower()
    again = chat.command("/funding")  # earlier answers are remembered, not asked twice
    assert "date of birth" not in joined(again).lower() and "free" in joined(again).lower()

    with session_factory() as s:
        w = s.scalar(select(Worker))
        assert w is not None
        assert (w.first_name, w.postcode_district, w.status) == ("Sam", "LS6", "active")
        assert w.consent_at == NOW
        e = s.scalar(select(EarningsRecord))
        assert e is not None and (e.hourly_pay_pence, e.source) == (1144, "baseline")
        assert e.contract_type == "zero_hours"
        slots = s.scalars(select(AvailabilitySlot).order_by(AvailabilitySlot.day)).all()
        assert [(x.day, x.start_time.hour, x.end_time.hour) for x in slots] == [
            (0, 6, 14),
            (2, 6, 14),
            (4, 6, 14),
        ]
        goal = s.scalar(select(Goal))
        assert goal is not None and goal.target_hourly_pence == 1345
        assert goal.barriers == ["childcare"]
        item = s.scalar(select(LearningPlanItem))
        assert item is not None and item.course_run_id == run_id
        check = s.scalars(select(FundingCheck).order_by(FundingCheck.id)).first()
        assert check is not None and check.outcome == "free" and check.course_run_id == run_id
        assert check.answers["facts"]["date_of_birth"] == "1990-03-14"
        assert check.rules_year == "2026-27" and check.reasons
        # the coach app follows these links back to the message that caused each row
        for row in (e, goal, item, check):
            msg = s.get(ConversationMessage, row.message_id)
            assert msg is not None and msg.direction == "in"
        assert s.get(ConversationMessage, check.message_id).text == "14/03/1990"
        checkin = CheckIn(worker_id=w.id, due_at=NOW, status="sent", sent_at=NOW)
        s.add(checkin)
        s.commit()
        worker_id, checkin_id = w.id, checkin.id

    opening = service.start_checkin(worker_id, checkin_id)
    assert "check-in" in joined(opening) and "ci:pay:same" in buttons(opening)
    chat.text("I'm on £12.36 an hour now")
    still_low = chat.press("ci:hrs:same")  # £12.36 is still under £12.71: told again
    assert "You get £12.36 an hour." in joined(still_low) and "uw:yes" in buttons(still_low)
    contract = chat.press("uw:no")  # on zero hours: "Has your contract changed?"
    assert "Has your contract changed? Last time: zero hours." in joined(contract)
    chat.press("ci:con:same")
    chat.press("ci:job:same")
    done = chat.press("ci:crs:good")
    assert "pay is up 8% since you started" in joined(done)

    with session_factory() as s:
        row = s.get(CheckIn, checkin_id)
        assert row is not None and row.status == "answered" and row.answered_at == NOW
        latest = s.scalars(select(EarningsRecord).order_by(EarningsRecord.id)).all()[-1]
        assert (latest.hourly_pay_pence, latest.source) == (1236, "checkin")
        ins = s.scalar(
            select(func.count())
            .select_from(ConversationMessage)
            .where(ConversationMessage.direction == "in")
        )
        outs = s.scalar(
            select(func.count())
            .select_from(ConversationMessage)
            .where(ConversationMessage.direction == "out")
        )
        assert ins and outs and outs >= ins


def test_restart_mid_flow_resumes_where_the_worker_was(
    session_factory: sessionmaker[Session],
) -> None:
    chat = Chat(ConversationService(session_factory, None, clock=clock))
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    chat.text("M14")
    chat.text("warehouse picker")
    chat.press("hrs:37.5")
    # the process restarts: a new service on the same database
    chat2 = Chat(ConversationService(session_factory, None, clock=clock))
    again = chat2.command("/start")
    assert "Welcome back, Sam" in joined(again) and "What is your pay" in joined(again)
    nxt = chat2.text("26k a year")  # 26000 / 52 / 37.5 = 13.333
    assert "£13.33 an hour" in joined(nxt) and "con:agency" in buttons(nxt)
    with session_factory() as s:
        st = s.get(ConversationState, s.scalar(select(Worker.id)))
        assert st is not None and (st.flow, st.step) == ("goals", "contract")
        assert st.data["job_title"] == "Picker packer"  # a short title, not the raw text


def test_mydata_exports_everything_and_delete_erases_it(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    onboard(chat)
    chat.press("tp:rlw")
    chat.text("I want to talk to a person")  # no NLU: a friendly re-ask, stays safe
    export = chat.command("/mydata")
    docs = [r.document for r in export if r.document]
    assert docs and docs[0][0] == "my-data.json"
    data = json.loads(docs[0][1])
    assert data["you"]["first_name"] == "Sam" and data["you"]["postcode_district"] == "LS6"
    assert data["pay_and_hours"][0]["hourly_pay_pence"] == 1144
    assert data["goals"][0]["target_role"] == "Senior care assistant"
    assert any(m["text"] == "care assistant" for m in data["messages"])
    said = joined(export)  # the same, in words, for anyone who won't open a JSON file
    assert "• Name: Sam" in said and "• Area: LS6" in said and "£11.44 an hour" in said
    assert "• Goal: Senior care assistant" in said

    confirm = chat.command("/delete")
    assert "cmd:delete_yes" in buttons(confirm)
    with session_factory() as s:
        assert count(s, Worker) == 1  # nothing goes before they confirm
    chat.press("cmd:delete_yes")
    with session_factory() as s:
        for model in (
            Worker,
            EarningsRecord,
            Goal,
            AvailabilitySlot,
            ConversationMessage,
            ConversationState,
            WorkerFlag,
        ):
            assert count(s, model) == 0, model.__name__
    # afterwards they are a stranger again: consent first
    assert "consent:yes" in buttons(chat.text("hi"))


def test_coach_button_raises_a_flag_linked_to_the_message(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    onboard(chat)
    chat.press("tp:unsure")
    chat.press("menu:coach")
    with session_factory() as s:
        flag = s.scalar(select(WorkerFlag))
        assert flag is not None and flag.kind == "asked_for_human"
        assert s.get(ConversationMessage, flag.message_id).text == "[button] menu:coach"


def test_a_button_is_logged_by_its_label(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    onboard(chat)
    chat.press("tp:unsure")
    service.handle(Inbound("telegram", CHAT, "button", "menu:coach", "Sam", "Talk to a coach"))
    service.handle(Inbound("telegram", CHAT, "button", "menu:plan", "Sam", "  "))
    with session_factory() as s:
        flag = s.scalar(select(WorkerFlag))
        assert flag is not None
        assert s.get(ConversationMessage, flag.message_id).text == "[button] Talk to a coach"
        last = s.scalar(
            select(ConversationMessage)
            .where(ConversationMessage.direction == "in")
            .order_by(ConversationMessage.id.desc())
            .limit(1)
        )
        assert last is not None and last.text == "[button] menu:plan"  # a blank label: the data


def test_non_text_messages_get_a_polite_reply(service: ConversationService) -> None:
    chat = Chat(service)
    chat.command("/start")
    chat.press("consent:yes")
    replies = chat.send("other")
    assert "only read text" in joined(replies)


def test_mark_inactive_stops_due_checkins(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    chat.command("/start")
    chat.press("consent:yes")
    with session_factory() as s:
        w = s.scalar(select(Worker))
        assert w is not None
        s.add(CheckIn(worker_id=w.id, due_at=NOW, status="due"))
        s.commit()
    service.mark_inactive("telegram", CHAT, "403 Forbidden: bot was blocked by the user")
    with session_factory() as s:
        assert s.scalar(select(Worker.status)) == "inactive"
        assert s.scalar(select(CheckIn.status)) == "cancelled"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_nlu_down_buttons_still_work(session_factory: sessionmaker[Session]) -> None:
    from nlu.client import NluClient

    nlu = NluClient(f"http://127.0.0.1:{_closed_port()}", token="t", timeout=0.5)
    chat = Chat(ConversationService(session_factory, nlu, clock=clock))
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    chat.press("pc:skip")
    chat.text("care assistant")
    chat.press("hrs:30")
    chat.text("£11.44 an hour")
    chat.press("pck:yes")
    chat.press("uw:no")
    first = chat.text("what does that mean")
    assert "use the buttons" in joined(first) and "con:agency" in buttons(first)
    second = chat.text("eh?")
    assert "use the buttons" not in joined(second) and "con:agency" in buttons(second)
    nxt = chat.press("con:agency")
    assert "Which days" in joined(nxt)


def test_an_unexpected_error_saves_nothing_and_says_sorry(
    service: ConversationService,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat = Chat(service)
    chat.command("/start")
    chat.press("consent:yes")

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "_save_state", broken)
    replies = chat.text("Sam")
    assert "went wrong on my side" in joined(replies)
    with session_factory() as s:
        assert s.scalar(select(Worker.first_name)) is None
        assert count(s, ConversationMessage) == 2  # the consent press and its reply only


def test_courses_that_fit_the_rota_can_be_saved(
    service: ConversationService, session_factory: sessionmaker[Session], db_url: str
) -> None:
    import bot.demo as demo

    demo.seed_demo(db_url)
    chat = Chat(service)
    onboard(chat)  # care assistant in LS6, Mon/Wed/Fri 6am-2pm
    chat.press("tp:rlw")
    found = chat.command("/courses")
    text = joined(found)
    assert "Here are courses that could fit" in text
    assert "you're free then" in text or "any time" in text
    saves = [b for b in buttons(found) if b.startswith("c:save:")]
    assert len(saves) == 3
    online = chat.press("c:online:1")
    assert "· Online" in joined(online)
    chat.press(saves[0])
    with session_factory() as s:
        me = s.scalar(select(Worker.id).where(Worker.channel != "demo"))
        item = s.scalar(select(LearningPlanItem).where(LearningPlanItem.worker_id == me))
        assert item is not None and f"c:save:{item.course_run_id}" == saves[0]
        msg = s.get(ConversationMessage, item.message_id)
        assert msg is not None and msg.text == f"[button] {saves[0]}"


def test_a_second_consent_tap_makes_no_second_worker(
    session_factory: sessionmaker[Session],
) -> None:
    a = Chat(ConversationService(session_factory, None, clock=clock))
    b = Chat(ConversationService(session_factory, None, clock=clock))
    a.press("consent:yes")
    replies = b.press("consent:yes")  # e.g. tapped again on another device
    assert "already said yes" in joined(replies) and "name:tg" in buttons(replies)
    with session_factory() as s:
        assert count(s, Worker) == 1


def test_consent_tapped_twice_at_once_makes_one_worker(
    session_factory: sessionmaker[Session],
) -> None:
    import threading

    services = [ConversationService(session_factory, None, clock=clock) for _ in range(2)]
    gate = threading.Barrier(2)
    out: list[list[Reply]] = []

    def tap(svc: ConversationService) -> None:
        gate.wait()
        out.append(Chat(svc).press("consent:yes"))

    threads = [threading.Thread(target=tap, args=(svc,)) for svc in services]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(out) == 2
    assert all("went wrong" not in joined(r) for r in out)
    with session_factory() as s:
        assert count(s, Worker) == 1


def test_nlu_down_must_work_words_still_work(session_factory: sessionmaker[Session]) -> None:
    from nlu.client import NluClient

    nlu = NluClient(f"http://127.0.0.1:{_closed_port()}", token="t", timeout=0.5)
    chat = Chat(ConversationService(session_factory, nlu, clock=clock))
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    human = chat.text("talk to a person")
    assert "coach to get in touch" in joined(human) and "postcode" in joined(human)
    stop = chat.text("stop")
    assert "cmd:stop" in buttons(stop)
    chat.press("cmd:stop")
    with session_factory() as s:
        assert s.scalar(select(Worker.status)) == "stopped"
        flag = s.scalar(select(WorkerFlag))
        assert flag is not None and flag.kind == "asked_for_human"
        assert s.get(ConversationMessage, flag.message_id).text == "talk to a person"


def test_choosing_checkins_saves_the_settings(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    onboard(chat)
    done = chat.press("tp:rlw")
    assert "ck:weekly" in buttons(done)
    assert "ckt:weekly:morning" in buttons(chat.press("ck:weekly"))
    chat.press("ckt:weekly:morning")
    with session_factory() as s:
        w = s.scalar(select(Worker))
        assert w is not None and w.checkin_frequency == "weekly"
        assert (w.checkin_window_start.hour, w.checkin_window_end.hour) == (8, 12)


def test_choosing_checkins_books_the_next_one(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    onboard(chat)
    chat.press("tp:rlw")
    chat.press("ckt:fortnightly:evening")
    with session_factory() as s:
        row = s.scalar(select(CheckIn))
        assert row is not None and row.status == "due" and row.due_at > NOW
    chat.command("/pause")
    with session_factory() as s:
        assert s.scalar(select(CheckIn.status)) == "cancelled"


def test_a_new_worker_gets_a_coach_on_consent(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    from db.models import Coach

    with session_factory() as s:
        s.add(Coach(email="sam@example.org", name="Sam", password_hash="x", role="coach"))
        s.commit()
    chat = Chat(service)
    chat.command("/start")
    chat.press("consent:yes")
    with session_factory() as s:
        worker = s.scalars(select(Worker)).one()
        assert worker.coach is not None and worker.coach.email == "sam@example.org"


def test_course_facts_keep_unknown_funding_facts_unknown(
    session_factory: sessionmaker[Session],
) -> None:
    from bot.conversation import course_facts

    with session_factory() as s:
        p = Provider(ukprn="10000002", name="Uploaded College", has_loans_facility=True)
        s.add(p)
        s.flush()
        ids = []
        for name, level, sector in (
            ("Level 4 Certificate in Leadership", 4, "care"),
            ("ESOL Skills for Life (Entry 1)", 0, "english_maths"),
            ("Level 2 Diploma in Bricklaying", 2, "Construction"),
        ):
            c = Course(
                provider_id=p.id, lars_qan="60000001", course_name=name, level=level, sector=sector
            )  # uploaded: no funding facts declared
            s.add(c)
            s.flush()
            r = CourseRun(
                course_id=c.id,
                provider_id=p.id,
                your_reference=name[:20],
                delivery_mode="online",
                course_webpage="https://example.ac.uk/x",
                duration_value=30,
                duration_unit="weeks",
                cost_pence=150000,
            )
            s.add(r)
            s.flush()
            ids.append(r.id)
        s.commit()
        lead, esol, brick = (course_facts(s, i) for i in ids)
    assert lead is not None and esol is not None and brick is not None
    assert (lead["loan_approved"], lead["fcfj_eligible"], lead["level3_entitlement"]) == (
        None,
        None,
        None,
    )
    assert esol["is_esol"] is True and esol["is_english_maths"] is False
    assert brick["course_sector"] == "construction"


def test_a_crisis_message_gets_the_crisis_lines_and_a_flag_for_the_coach(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    chat = Chat(service)
    onboard(chat)
    replies = chat.text("honestly i just want to die")
    assert "116 123" in "\n".join(r.text for r in replies)
    with session_factory() as s:
        flag = s.scalar(select(WorkerFlag))
        assert flag is not None and flag.kind == "crisis"
        assert s.scalar(select(Goal.target_role)) in (None, "")  # never saved as their goal
