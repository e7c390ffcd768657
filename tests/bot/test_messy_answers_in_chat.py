"""The fourth user test's wrong values and dead ends, through the assembled
ConversationService on SQLite and PostgreSQL (no Rasa: the words alone must do). Expected
values are worked by hand in each test."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService
from db.models import EarningsRecord, Worker
from tests.bot.test_conversation import Chat, buttons, joined

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _to_pay(chat: Chat, job: str) -> None:
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    chat.text("LS9 8AB")
    chat.text(job)
    chat.press("hrs:30")


def _finish(chat: Chat) -> str:
    """Contract, days, barriers, wants and target by buttons; the plan's text."""
    chat.press("con:zero_hours")
    chat.text("Sat and Sun 8-4")
    chat.press("bar:none")
    chat.press("want:pay")
    chat.press("want:done")
    chat.press("tgt:unsure")
    return joined(chat.press("tp:rlw"))


def _latest(sf: sessionmaker[Session]) -> EarningsRecord:
    with sf() as s:
        row = s.scalars(select(EarningsRecord).order_by(EarningsRecord.id.desc())).first()
        assert row is not None
        s.expunge(row)
        return row


def test_an_age_said_at_the_read_back_is_kept_for_check_ins(
    session_factory: sessionmaker[Session],
) -> None:
    """£10.85 is the 18-20 minimum from April 2026: "im 19" at the read-back accepts it, the
    plan keeps the age band, and a check-in pay of £11.50 gets no underpaid warning."""
    chat = Chat(ConversationService(session_factory, None, clock=lambda: NOW), 8801)
    _to_pay(chat, "kitchen porter")
    assert "Did you mean £10.85 an hour?" in joined(chat.text("10.85"))
    chat.text("im 19")
    plan = _finish(chat)
    assert "£10.85 an hour" in plan
    with session_factory() as s:
        worker = s.scalars(select(Worker)).one()
        assert worker.age_band == "18_20"
    chat.command("/checkin")
    said = joined(chat.text("11.50 an hour now"))
    assert "less than" not in said and "Acas" not in said, said


def test_pay_by_the_visit_is_saved_as_the_hour_it_works_out_to(
    session_factory: sessionmaker[Session],
) -> None:
    """£9 a visit of 30 minutes is £18 an hour (not £9 an hour, read back as too low)."""
    chat = Chat(ConversationService(session_factory, None, clock=lambda: NOW), 8802)
    _to_pay(chat, "home carer")
    asked = chat.text("about 9 quid a visit")
    assert "How long is a visit" in joined(asked) and "vis:30" in buttons(asked)
    said = joined(chat.press("vis:30"))
    assert "£9 a visit of 30 minutes. That's about £18 an hour." in said
    assert "travel between visits" in said  # a home carer: asked next, before the contract
    chat.press("tr:0")
    _finish(chat)
    assert _latest(session_factory).hourly_pay_pence == 1800


def test_help_with_a_barrier_asked_mid_plan_gives_that_help(
    session_factory: sessionmaker[Session],
) -> None:
    chat = Chat(ConversationService(session_factory, None, clock=lambda: NOW), 8803)
    _to_pay(chat, "cleaner")
    said = joined(chat.text("can i get help with childcare"))
    assert "Help with childcare:" in said and "What level of course" not in said
    back = joined(chat.press("menu:resume"))
    assert "What is your pay?" in back
