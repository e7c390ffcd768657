"""Whole journeys through Telegram: the real PTB Application polling the Bot API emulator, the
real ConversationService, and a real database (SQLite and PostgreSQL via the shared fixtures).

The worker presses buttons by the labels they see and types what a worker would type.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService
from bot.telegram.app import TelegramChannel
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from db.models import (
    CheckIn,
    ConversationMessage,
    Course,
    CourseRun,
    FundingCheck,
    LearningPlanItem,
    Provider,
    Worker,
)
from db.types import utcnow
from tests.bot.telegram.conftest import serve_asgi, telegram_settings
from tests.telegram_emulator import BotApiEmulator, EmulatedUser, free_port

pytestmark = pytest.mark.integration

COURSE_NAME = "Test Diploma in Health and Social Care"  # test data, not shown to real users


def _seed_course(factory: sessionmaker[Session]) -> int:
    """One online, start-any-time care course, so the search has something that fits."""
    with factory() as s:
        provider = Provider(ukprn="10099999", name="Test College")
        s.add(provider)
        s.flush()
        course = Course(
            provider_id=provider.id,
            lars_qan="00000000",
            course_name=COURSE_NAME,
            level=2,
            sector="care",
        )
        s.add(course)
        s.flush()
        run = CourseRun(
            course_id=course.id,
            provider_id=provider.id,
            your_reference="TEST-RUN-1",
            delivery_mode="online",
            flexible_start=True,
            self_paced=True,
            course_webpage="https://example.org/test-course",
            cost_pence=0,
            duration_value=10,
            duration_unit="weeks",
        )
        s.add(run)
        s.commit()
        return run.id


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, session_factory: sessionmaker[Session]
) -> AsyncIterator[TelegramChannel]:
    service = ConversationService(session_factory, None)
    channel = TelegramChannel(telegram_settings(emulator), service, poll_timeout=1)
    await channel.start()
    yield channel
    await channel.stop()


def _count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _worker(factory: sessionmaker[Session], chat_id: int) -> Worker | None:
    with factory() as s:
        return s.scalar(select(Worker).where(Worker.chat_id == chat_id))


async def _says(user: EmulatedUser, *expected: str) -> str:
    text = await user.receive_text()
    for part in expected:
        assert part in text, f"expected {part!r} in the bot's reply:\n{text}"
    return text


async def _until(check: Callable[[], bool], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition did not come true in time")


async def test_start_to_checkin(
    emulator: BotApiEmulator, session_factory: sessionmaker[Session], bot: TelegramChannel
) -> None:
    run_id = _seed_course(session_factory)
    ada = emulator.user(7001, "Ada")

    ada.send_text("/start")
    await _says(ada, "Skills Escalator", "your privacy")
    assert _count(session_factory, Worker) == 0  # nothing kept before consent

    emulator.fail_next("sendMessage", code=429, retry_after=1)  # Telegram says: slow down
    ada.press("I agree")
    await _says(ada, "What should I call you?")
    assert (
        emulator.calls_of("sendMessage")[-1]["text"] == emulator.calls_of("sendMessage")[-2]["text"]
    )  # the refused message was sent again, after retry_after

    ada.press("Call me Ada")
    await _says(ada, "Nice to meet you, Ada!", "postcode")
    ada.send_text("LS6")
    await _says(ada, "LS6", "What job do you do now?")
    ada.send_text("care assistant")
    await _says(ada, "How many hours")
    ada.press("30")
    await _says(ada, "What is your pay?")
    ada.send_text("£12.71 an hour")
    await _says(ada, "£12.71 an hour", "home care")  # a care assistant: unpaid travel?
    ada.press("No")
    await _says(ada, "contract")
    ada.press("Permanent")
    await _says(ada, "Which days do you usually work?")
    for day in ("Mon", "Tue", "Wed"):
        ada.press(day)
        await ada.receive()
    ada.press("Done")
    await _says(ada, "What times do you work")
    ada.press("Earlies (6am-2pm)")
    await _says(ada, "hard to learn")
    ada.press("None of these")
    await _says(ada, "What do you want most from work?")
    ada.press("Better pay")
    await _says(ada, "What do you want most from work?")  # with a tick on Better pay
    ada.press("Done")
    await _says(ada, "What job would you like next?")
    ada.press("Senior care assistant")
    await _says(ada, "What pay are you aiming for?")
    ada.press("Real Living Wage (£13.45)")
    await _says(ada, "Here is your plan so far", "Senior care assistant", "find a course")

    ada.press("Find courses")
    await _says(ada, COURSE_NAME, "Test College")
    ada.press("Save 1")
    await _says(ada, "Saved to your plan")
    ada.press("Check funding for it")
    await _says(ada, "date of birth")
    ada.send_text("12/03/1990")
    await _says(ada, "free for you")

    worker = _worker(session_factory, 7001)
    assert worker is not None
    with session_factory() as s:  # as if the scheduler had sent a check-in earlier
        s.add(CheckIn(worker_id=worker.id, due_at=utcnow(), sent_at=utcnow(), status="sent"))
        s.commit()
    ada.send_text("/checkin")
    await _says(ada, "check-in", "Has your pay changed")
    ada.press("Same as before")
    await _says(ada, "How many hours")
    ada.press("Same as before")
    await _says(ada, "same job")
    ada.press("Same job")
    await _says(ada, "How is your course going?")
    ada.press("Not started yet")
    await _says(ada, "Thanks for checking in")

    worker = _worker(session_factory, 7001)
    assert worker is not None and worker.first_name == "Ada"
    assert worker.postcode_district == "LS6"
    with session_factory() as s:
        plan = s.scalars(select(LearningPlanItem)).all()
        assert [item.course_run_id for item in plan] == [run_id]
        assert s.scalar(select(func.count()).select_from(FundingCheck)) == 1
        (checkin,) = s.scalars(select(CheckIn)).all()
        assert checkin.status == "answered" and checkin.answers
        logged = s.scalar(select(func.count()).select_from(ConversationMessage)) or 0
        assert logged > 20  # both sides of the conversation were logged
    # every button press was answered, so no spinner was left turning
    assert emulator.callback_answers and all(emulator.callback_answers.values())


async def test_sticker_mydata_and_blocking(
    emulator: BotApiEmulator, session_factory: sessionmaker[Session], bot: TelegramChannel
) -> None:
    sam = emulator.user(7002, "Sam")
    sam.send_sticker()  # before /start: the consent question comes back, nothing is stored
    await _says(sam, "I need your OK")
    sam.send_text("/start")
    await sam.receive()
    sam.press("I agree")
    await _says(sam, "What should I call you?")
    sam.send_sticker()
    await _says(sam, "I can only read text", "What should I call you?")
    sam.send_voice()
    await _says(sam, "I can only read text")

    sam.send_text("/mydata")
    messages = await sam.receive(at_least=2)
    (document,) = [m["document"] for m in messages if "document" in m]
    exported = json.loads(emulator.files[document["file_id"]])
    assert exported["you"]["status"] == "onboarding"  # the worker's own record came back
    logged = [m["text"] for m in exported["messages"] if m["direction"] == "in"]
    assert logged.count("[not a text message]") == 2  # the sticker and the voice note

    sam.send_text("Sam")
    await sam.receive()
    sam.send_text("/help")
    sam.block(notify=False)  # blocked before the answer went out: Telegram refuses with 403
    await _until(
        lambda: (w := _worker(session_factory, 7002)) is not None and w.status == "inactive"
    )


async def test_kicked_marks_the_worker_inactive(
    emulator: BotApiEmulator, session_factory: sessionmaker[Session], bot: TelegramChannel
) -> None:
    kim = emulator.user(7003, "Kim")
    kim.send_text("/start")
    await kim.receive()
    kim.press("I agree")
    await kim.receive()
    worker = _worker(session_factory, 7003)
    assert worker is not None and worker.status != "inactive"
    kim.block()  # Telegram tells the bot with my_chat_member: kicked
    await _until(
        lambda: (w := _worker(session_factory, 7003)) is not None and w.status == "inactive"
    )
    assert await kim.quiet(0.5)  # and nothing more is sent


async def test_webhook_mode_with_the_real_service(
    emulator: BotApiEmulator, session_factory: sessionmaker[Session]
) -> None:
    port = free_port(exclude={emulator.port or 0})
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    settings = telegram_settings(
        emulator, telegram_mode="webhook", telegram_webhook_url=url, telegram_webhook_secret=None
    )
    channel = TelegramChannel(settings, ConversationService(session_factory, None))
    app = FastAPI()
    app.include_router(channel.webhook_router())
    async with serve_asgi(app, port):
        await channel.start()
        try:
            assert emulator.webhook is not None
            assert emulator.webhook["secret_token"] == channel.webhook_secret
            forged = {
                "update_id": 1,
                "callback_query": {
                    "id": "1",
                    "from": {"id": 7004, "is_bot": False, "first_name": "Eve"},
                    "chat_instance": "-1",
                    "data": "consent:yes",
                },
            }
            async with httpx.AsyncClient() as client:
                refused = await client.post(url, json=forged, headers={SECRET_HEADER: "guess"})
            assert refused.status_code == 403

            lee = emulator.user(7005, "Lee")
            lee.send_text("/start")
            await _says(lee, "your privacy")
            lee.press("I agree")
            await _says(lee, "What should I call you?")
            lee.send_text("Lee")
            await _says(lee, "Nice to meet you, Lee!")
        finally:
            await channel.stop()
    assert _worker(session_factory, 7004) is None  # the forged consent never got in
    worker = _worker(session_factory, 7005)
    assert worker is not None and worker.first_name == "Lee"
    assert {status for _, status in emulator.webhook_deliveries} == {200}
