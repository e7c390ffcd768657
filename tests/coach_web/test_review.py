"""The review queue: what the bot logs about understanding, and the coach page and CSV."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.conversation import ConversationService
from coach_web import review
from db.models import AuditEvent, ConversationMessage
from nlu.client import Parse
from tests.bot.test_conversation import Chat, clock, onboard
from tests.coach_web.factories import DAY, T0, mounted_client
from tests.coach_web.test_app import audit_actions, logged_in

HOUR = DAY / 24
FORMULA = '=HYPERLINK("http://evil.example","click")'


def add_typed(
    s,
    worker_id: int,
    text: str,
    *,
    at: datetime,
    understood: bool | None,
    confidence: float | None,
    intent: str | None = None,
    flow: str | None = None,
    step: str | None = None,
) -> int:
    msg = ConversationMessage(
        worker_id=worker_id,
        direction="in",
        text=text,
        intent=intent,
        sender="worker",
        created_at=at,
        understood=understood,
        confidence=confidence,
        flow=flow,
        step=step,
        nlu_source=None if understood is None else "rasa",
    )
    s.add(msg)
    s.flush()
    return msg.id


@dataclass
class Queue:
    m1: int  # Amira, not understood, 0.42
    m2: int  # Amira, understood but unsure, 0.55
    m3: int  # Amira, formula text, not understood, 0.30
    b1: int  # Ben (Bo's caseload), not understood, 0.10


@pytest.fixture
def queue(session_factory, world) -> Queue:
    with session_factory() as s:
        m1 = add_typed(
            s,
            world.amira,
            "wibble",
            at=T0 + 10 * DAY,
            understood=False,
            confidence=0.42,
            flow="goals",
            step="target_pay",
        )
        b1 = add_typed(
            s,
            world.ben,
            "gibberish from ben",
            at=T0 + 10 * DAY + HOUR,
            understood=False,
            confidence=0.1,
            flow="onboarding",
            step="postcode",
        )
        m2 = add_typed(
            s,
            world.amira,
            "<b>when</b> is the college open",
            at=T0 + 11 * DAY,
            understood=True,
            confidence=0.55,
            intent="ask_course_details",
            flow="menu",
            step="idle",
        )
        m3 = add_typed(
            s,
            world.amira,
            FORMULA,
            at=T0 + 12 * DAY,
            understood=False,
            confidence=0.3,
            flow="goals",
            step="target_pay",
        )
        # not in the queue: sure and understood; a button (understood NULL); a bot reply
        add_typed(
            s,
            world.amira,
            "find me a course",
            at=T0 + 13 * DAY,
            understood=True,
            confidence=0.95,
            intent="find_course",
            flow="menu",
            step="idle",
        )
        add_typed(
            s, world.amira, "[button] hrs:30", at=T0 + 13 * DAY, understood=None, confidence=None
        )
        s.add(
            ConversationMessage(
                worker_id=world.amira,
                direction="out",
                text="Sorry",
                sender="bot",
                created_at=T0 + 13 * DAY,
                understood=False,
            )
        )
        s.commit()
        return Queue(m1, m2, m3, b1)


def listed(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-message-id="(\d+)"', html)]


def test_review_needs_login(session_factory, world):
    client = mounted_client(session_factory)
    for path in ("/coach/review", "/coach/review.csv"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/coach/login", path


def test_coach_sees_only_their_caseloads_queue(session_factory, world, queue):
    page = logged_in(session_factory, "ana@example.org").get("/coach/review")
    assert page.status_code == 200
    assert listed(page.text) == [queue.m3, queue.m2, queue.m1]  # newest first
    assert "gibberish from ben" not in page.text
    assert "&lt;b&gt;when&lt;/b&gt;" in page.text and "<b>when" not in page.text
    assert f"/coach/workers/{world.amira}?all=1#msg-{queue.m1}" in page.text
    assert 'id="review-total">3<' in page.text
    assert "Messages to review" in page.text and 'href="/coach/review"' in page.text  # nav
    assert "at most 50,000 rows" in page.text
    bo = logged_in(session_factory, "bo@example.org").get("/coach/review")
    assert listed(bo.text) == [queue.b1] and "wibble" not in bo.text


def test_admin_sees_everyones_queue(session_factory, world, queue):
    page = logged_in(session_factory, "admin@example.org").get("/coach/review")
    assert listed(page.text) == [queue.m3, queue.m2, queue.b1, queue.m1]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("not_understood=1", ["m3", "m1"]),
        ("max_confidence=0.4", ["m3"]),
        ("max_confidence=0.42", ["m3", "m1"]),
        ("intent=ask_course_details", ["m2"]),
        (f"intent={review.NO_INTENT}", ["m3", "m1"]),
        ("step=menu/idle", ["m2"]),
        ("step=goals", ["m3", "m1"]),
        ("from=2026-03-13&to=2026-03-13", ["m2"]),  # m2 is 13 Mar 09:00 (GMT = UTC)
        ("from=2026-03-13", ["m3", "m2"]),
        ("to=2026-03-12", ["m1"]),
        ("step=goals/target_pay&max_confidence=0.35&not_understood=1", ["m3"]),
        ("intent=find_course", []),  # sure and understood: never in the queue
    ],
)
def test_filters(session_factory, world, queue, params, expected):
    page = logged_in(session_factory, "ana@example.org").get(f"/coach/review?{params}")
    assert page.status_code == 200
    assert listed(page.text) == [getattr(queue, name) for name in expected]


def test_a_bad_filter_value_is_left_out_and_explained(session_factory, world, queue):
    page = logged_in(session_factory, "ana@example.org").get(
        "/coach/review?from=yesterday&max_confidence=7"
    )
    assert page.status_code == 200
    assert listed(page.text) == [queue.m3, queue.m2, queue.m1]
    assert "should look like 2026-03-02" in page.text and "from 0 to 1" in page.text


def test_dates_are_uk_local_days(session_factory, world):
    # 1 June 23:30 UTC is 2 June 00:30 in London (BST)
    with session_factory() as s:
        late = add_typed(
            s,
            world.amira,
            "late one",
            at=datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
            understood=False,
            confidence=0.2,
        )
        s.commit()
    client = logged_in(session_factory, "ana@example.org")
    assert listed(client.get("/coach/review?from=2026-06-02&to=2026-06-02").text) == [late]
    assert listed(client.get("/coach/review?from=2026-06-01&to=2026-06-01").text) == []


def test_paging_50_a_page(session_factory, world):
    with session_factory() as s:
        ids = [
            add_typed(s, world.ben, f"msg {i}", at=T0 + i * HOUR, understood=False, confidence=0.2)
            for i in range(51)
        ]
        s.commit()
    client = logged_in(session_factory, "bo@example.org")
    first = client.get("/coach/review?not_understood=1")
    assert listed(first.text) == ids[::-1][:50]
    assert "Page 1 of 2" in first.text
    assert 'href="/coach/review?not_understood=1&amp;page=2" rel="next"' in first.text
    second = client.get("/coach/review?not_understood=1&page=2")
    assert listed(second.text) == [ids[0]] and "Page 2 of 2" in second.text


def test_csv_export_is_scoped_filtered_and_formula_safe(session_factory, world, queue):
    client = logged_in(session_factory, "ana@example.org")
    r = client.get("/coach/review.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="review-' in r.headers["content-disposition"]
    assert r.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows == [
        ["created_at", "worker_id", "text", "intent_guess", "confidence", "flow", "step"],
        [
            "2026-03-14T09:00:00+00:00",
            str(world.amira),
            "'" + FORMULA,
            "",
            "0.3",
            "goals",
            "target_pay",
        ],
        [
            "2026-03-13T09:00:00+00:00",
            str(world.amira),
            "<b>when</b> is the college open",
            "ask_course_details",
            "0.55",
            "menu",
            "idle",
        ],
        [
            "2026-03-12T09:00:00+00:00",
            str(world.amira),
            "wibble",
            "",
            "0.42",
            "goals",
            "target_pay",
        ],
    ]
    filtered = client.get("/coach/review.csv?not_understood=1&max_confidence=0.35")
    body = list(csv.reader(io.StringIO(filtered.text.lstrip("\ufeff"))))
    assert [row[2] for row in body[1:]] == ["'" + FORMULA]
    page = client.get("/coach/review?not_understood=1")
    assert 'href="/coach/review.csv?not_understood=1"' in page.text


def test_csv_export_stops_at_the_row_cap(session_factory, world, monkeypatch):
    monkeypatch.setattr(review, "CSV_ROW_CAP", 2)
    with session_factory() as s:
        for i in range(3):
            add_typed(s, world.ben, f"msg {i}", at=T0 + i * HOUR, understood=False, confidence=0.2)
        s.commit()
    r = logged_in(session_factory, "bo@example.org").get("/coach/review.csv")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert [row[2] for row in rows[1:]] == ["msg 2", "msg 1"]
    assert audit_actions(session_factory, "export_review_csv")[0].detail["rows"] == 2


def test_viewing_and_exporting_are_audited(session_factory, world, queue):
    client = logged_in(session_factory, "ana@example.org")
    client.get("/coach/review?not_understood=1")
    client.get("/coach/review.csv?step=goals")
    views = audit_actions(session_factory, "view_review")
    assert len(views) == 1
    assert views[0].actor_id == str(world.ana) and views[0].entity_type == "worker"
    assert views[0].detail == {
        "worker_ids": [world.amira],
        "message_ids": [queue.m3, queue.m1],
        "filters": {"not_understood": "1"},
        "page": 1,
    }
    exports = audit_actions(session_factory, "export_review_csv")
    assert len(exports) == 1 and exports[0].actor_id == str(world.ana)
    assert exports[0].detail == {
        "worker_ids": [world.amira],
        "rows": 2,
        "filters": {"step": "goals"},
    }
    # Bo's export covers only Ben
    logged_in(session_factory, "bo@example.org").get("/coach/review.csv")
    with session_factory() as s:
        bo_export = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "export_review_csv", AuditEvent.actor_id == str(world.bo)
            )
        ).one()
    assert bo_export.detail["worker_ids"] == [world.ben] and bo_export.detail["rows"] == 1


# --- what the conversation service stores ------------------------------------------------------
class ScriptedNlu:
    """Answers like nlu.client.NluClient.parse, from a script (unknown text: no intent)."""

    available = True

    def __init__(self, script: dict[str, tuple[str, float]]) -> None:
        self.script = script

    def parse(self, text: str) -> Parse:
        intent, confidence = self.script.get(text, (None, 0.0))
        return Parse(text, intent, confidence, [])


def inbound_rows(session_factory) -> dict[str, ConversationMessage]:
    with session_factory() as s:
        rows = s.scalars(select(ConversationMessage).where(ConversationMessage.direction == "in"))
        return {m.text: m for m in rows}


def test_service_stores_confidence_step_and_understood(session_factory):
    nlu = ScriptedNlu(
        {"wibble wobble": ("find_course", 0.42), "what courses are there": ("find_course", 0.93)}
    )
    chat = Chat(ConversationService(session_factory, nlu, clock=clock))
    onboard(chat)  # ends at goals/target_pay: "What pay are you aiming for?"
    assert chat.text("wibble wobble")[0].text == "Sorry, I didn't quite get that."
    chat.text("help")
    chat.text("what courses are there")
    rows = inbound_rows(session_factory)

    def seen(text: str) -> tuple:
        m = rows[text]
        return (m.intent, m.confidence, m.nlu_source, m.flow, m.step, m.understood)

    # 0.42 is under understand()'s 0.5 threshold: no intent kept, the router re-asks
    assert seen("wibble wobble") == (None, 0.42, "rasa", "goals", "target_pay", False)
    assert seen("help") == ("help", 1.0, "keywords", "goals", "target_pay", True)
    assert seen("what courses are there") == (
        "find_course",
        0.93,
        "rasa",
        "goals",
        "target_pay",
        True,
    )
    # an answer typed at a step that waits for it: the step used it, so not a candidate for
    # the queue (and no postcodes in a training-data export)
    assert seen("LS6 3AB") == (None, 0.0, "none", "onboarding", "postcode", None)
    # buttons are not candidates
    assert seen("[button] hrs:30") == (None, None, None, None, None, None)


def test_service_marks_text_not_understood_while_nlu_is_down(session_factory):
    chat = Chat(ConversationService(session_factory, None, clock=clock))
    onboard(chat)
    first = chat.text("wibble wobble")  # at a step that waits for a typed amount
    assert first[0].text == "Sorry, I didn't quite get that."
    m = inbound_rows(session_factory)["wibble wobble"]
    assert (m.confidence, m.nlu_source, m.understood) == (0.0, "none", False)
