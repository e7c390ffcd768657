"""Hours and pay typed the way workers type them, through the assembled ConversationService
(real database, no NLU server: the normalisers read the whole message)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService, Inbound
from db.models import ConversationState

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class Chat:
    def __init__(self, sf: sessionmaker[Session]) -> None:
        self.service = ConversationService(sf, None, clock=lambda: NOW)
        self.sf = sf

    def send(self, kind: str, text: str = "") -> str:
        replies = self.service.handle(Inbound("telegram", 4242, kind, text, "Sam"))
        return "\n".join(r.text for r in replies)

    def at_hours_question(self) -> str:
        self.send("command", "/start")
        self.send("button", "consent:yes")
        self.send("button", "name:tg")
        self.send("text", "LS6 3AB")
        return self.send("text", "care assistant")

    def state(self) -> tuple[str, str, dict]:
        with self.sf() as s:
            st = s.scalar(select(ConversationState))
            assert st is not None
            return st.flow, st.step, dict(st.data or {})


@pytest.mark.parametrize(
    ("said", "hours"),
    [
        ("contracted 16 hrs but i do more like 30", 30.0),  # the hours worked, not the contract
        ("i do 3 twelves", 36.0),  # 3 x 12
        ("16 at asda and 14 at the chippy", 30.0),  # two jobs: 16 + 14
        ("thirty seven n half", 37.5),
        ("4 shifts of 10 hrs a week", 40.0),  # 4 x 10
    ],
)
def test_hours_typed_at_the_hours_question(
    session_factory: sessionmaker[Session], said: str, hours: float
) -> None:
    chat = Chat(session_factory)
    assert "How many hours do you work in a normal week?" in chat.at_hours_question()
    reply = chat.send("text", said)
    assert f"Got it: {hours:g} hours a week." in reply
    flow, step, data = chat.state()
    assert (flow, step, data["hours"]) == ("goals", "pay", hours)


def test_a_24_hour_shop_is_asked_again(session_factory: sessionmaker[Session]) -> None:
    chat = Chat(session_factory)
    chat.at_hours_question()
    reply = chat.send("text", "i work at the 24 hour tesco")
    assert "How many hours do you work in a normal week?" in reply
    assert chat.state()[:2] == ("goals", "hours") and "hours" not in chat.state()[2]


@pytest.mark.parametrize(
    ("said", "read_back"),
    [
        # £400 / 30 hours = £13.33 an hour
        ("four hundred a week", "£400 a week at 30 hours a week. That's about £13.33 an hour."),
        # £320 / 30 = £10.67, under the 21+ minimum wage: read back as a question
        ("three hundred and twenty pound a week", "Did you mean £320 a week?"),
        # £25,000 / 52 / 30 = £16.03 an hour
        ("salary is twenty five thousand", "£25,000 a year at 30 hours a week."),
    ],
)
def test_pay_in_words_at_the_pay_question(
    session_factory: sessionmaker[Session], said: str, read_back: str
) -> None:
    chat = Chat(session_factory)
    chat.at_hours_question()
    chat.send("text", "30")
    assert read_back in chat.send("text", said)
