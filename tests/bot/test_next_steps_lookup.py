"""The bot's "typical next steps" through the assembled ConversationService: an employer's
published career pathway comes first; without one the worker sees the general table."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService
from jobs import pathways
from jobs.access import Actor
from tests.bot.test_conversation import Chat, buttons, clock, joined
from tests.jobs.csvdata import pathway_row
from tests.jobs.factories import add_employer


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> ConversationService:
    return ConversationService(session_factory, None, clock=clock)


def _to_target(chat: Chat) -> str:
    chat.command("/start")
    chat.press("consent:yes")
    chat.press("name:tg")
    chat.text("LS6 3AB")
    chat.text("care assistant")
    chat.press("hrs:30")
    chat.text("£12.80 an hour")
    chat.press("hc:no")  # care workers are asked about home care
    chat.press("con:zero_hours")
    chat.text("Mon, Wed and Fri 6-2")
    chat.press("bar:done")
    return joined(chat.press("want:unsure"))  # what they want most: not sure -> the usual path


def test_published_pathway_comes_first(
    service: ConversationService, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as s:
        employer = add_employer(s, "Aire Valley Care (demo)")
        pathways.create(
            s,
            Actor(employer.id, "user:1"),
            pathway_row(NEXT_ROLE="Medication lead", NEXT_SOC_2020="", NEXT_PAY_PER_HOUR="14.20"),
            clock().date(),
        )
        s.commit()
    chat = Chat(service)
    said = _to_target(chat)
    assert "next steps employers offer" in said
    assert "• Medication lead: £14.20 an hour at Aire Valley Care (demo)" in said
    assert "• Senior care assistant" in said  # the general table fills the rest
    replies = chat.press("tgt:0")
    assert "What pay are you aiming for?" in joined(replies)
    assert "tp:rlw" in buttons(replies)


def test_without_pathways_the_general_table_is_shown(service: ConversationService) -> None:
    said = _to_target(Chat(service, chat_id=777))
    assert "typical next steps from your kind of work" in said
    for role in ("Senior care assistant", "Care team leader", "Nursing associate"):
        assert f"• {role}" in said
