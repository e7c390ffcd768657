"""Pure translation of Telegram updates into Inbound, and of Buttons into keyboards."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, Update

from bot.conversation import Button, Inbound
from bot.telegram.app import inbound_from_update, normalise_command
from bot.telegram.outbound import build_keyboard

BOT = Bot("123:abc")
USER = {"id": 42, "is_bot": False, "first_name": "Ada"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Ada"}


def _update(**payload: Any) -> Update:
    return Update.de_json({"update_id": 1, **payload}, BOT)


def _message(chat: dict[str, Any] = PRIVATE, **fields: Any) -> dict[str, Any]:
    return {"message_id": 5, "from": USER, "chat": chat, "date": 1_700_000_000, **fields}


def test_text_message() -> None:
    update = _update(message=_message(text="I work nights"))
    assert inbound_from_update(update) == Inbound("telegram", 42, "text", "I work nights", "Ada")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", "/start"),
        ("/Start@SkillsBot", "/start"),
        ("/plan  next week ", "/plan next week"),
        ("/checkin@SkillsBot fine thanks", "/checkin fine thanks"),
    ],
)
def test_commands_are_normalised(text: str, expected: str) -> None:
    assert normalise_command(text) == expected
    entity = {"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}
    update = _update(message=_message(text=text, entities=[entity]))
    assert inbound_from_update(update) == Inbound("telegram", 42, "command", expected, "Ada")


def test_slash_text_without_a_command_entity_is_plain_text() -> None:
    update = _update(message=_message(text="/ not a command"))
    inbound = inbound_from_update(update)
    assert inbound is not None and inbound.kind == "text"


def test_button_press() -> None:
    query = {
        "id": "99",
        "from": USER,
        "chat_instance": "-1",
        "data": "consent:yes",
        "message": _message(text="Please choose."),
    }
    assert inbound_from_update(_update(callback_query=query)) == Inbound(
        "telegram", 42, "button", "consent:yes", "Ada"
    )


def test_button_press_carries_the_label_of_the_pressed_button() -> None:
    keyboard = {
        "inline_keyboard": [
            [
                {"text": "Level 2", "callback_data": "fl:2"},
                {"text": "Level 3", "callback_data": "fl:3"},
            ],
            [{"text": "Website", "url": "https://example.org"}],
        ]
    }
    query = {
        "id": "99",
        "from": USER,
        "chat_instance": "-1",
        "data": "fl:3",
        "message": _message(text="Which level?", reply_markup=keyboard),
    }
    inbound = inbound_from_update(_update(callback_query=query))
    assert inbound == Inbound("telegram", 42, "button", "fl:3", "Ada", "Level 3")
    # a press whose button is no longer on the message: no label, the data is kept
    query["data"] = "fl:9"
    assert inbound_from_update(_update(callback_query=query)).label is None  # type: ignore[union-attr]


def test_sticker_voice_and_photo_are_other() -> None:
    sticker = {
        "file_id": "s",
        "file_unique_id": "u",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    voice = {"file_id": "v", "file_unique_id": "w", "duration": 2}
    photo = [{"file_id": "p", "file_unique_id": "q", "width": 1, "height": 1}]
    for fields in ({"sticker": sticker}, {"voice": voice}, {"photo": photo, "caption": "my rota"}):
        inbound = inbound_from_update(_update(message=_message(**fields)))
        assert inbound is not None
        assert (inbound.kind, inbound.chat_id) == ("other", 42)
    assert inbound.text == "my rota"


def test_group_chats_and_service_messages_are_ignored() -> None:
    group = {"id": -100, "type": "group", "title": "Team"}
    assert inbound_from_update(_update(message=_message(chat=group, text="hi"))) is None
    pinned = _message(pinned_message=_message(text="old"))
    assert inbound_from_update(_update(message=pinned)) is None


def test_keyboard_rows_and_the_64_byte_limit() -> None:
    markup = build_keyboard([[Button("Yes", "y"), Button("No", "n")], [Button("Later", "l")]])
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Yes", "No"], ["Later"]]
    assert markup.inline_keyboard[0][1].callback_data == "n"
    assert build_keyboard([]) is None
    assert build_keyboard([[]]) is None
    build_keyboard([[Button("ok", "x" * 64)]])
    with pytest.raises(ValueError, match="64 bytes"):
        build_keyboard([[Button("too long", "é" * 33)]])
