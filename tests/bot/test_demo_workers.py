"""The demo caseload: ~40 fictional workers with months of history, so the coach app has
something to show on the first start (development only, empty database only)."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.demo import DEMO_ADMIN_EMAIL, DEMO_COACH_EMAIL, DEMO_PASSWORD, seed_demo
from bot.demo_workers import (
    DEMO_CHANNEL,
    DEMO_WORKER_COUNT,
    build_demo_workers,
)
from course_catalogue.search import clear_cache
from db.models import (
    AvailabilitySlot,
    CheckIn,
    Coach,
    ConversationMessage,
    EarningsRecord,
    Goal,
    GoalProgress,
    HelpOffer,
    LearningPlanItem,
    Worker,
    WorkerFlag,
)
from tests.coach_web.factories import csrf_from, mounted_client

TELEGRAM_MAX_ID = 2**52
LONDON_AREAS = ("SE", "E", "N")  # the London areas among the demo districts


@pytest.fixture(autouse=True)
def _fresh_search_cache():
    clear_cache()
    yield
    clear_cache()


def _login(client, email: str) -> None:
    page = client.get("/coach/login")
    r = client.post(
        "/coach/login",
        data={"email": email, "password": DEMO_PASSWORD, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def _area(district: str) -> str:
    return re.match(r"[A-Z]+", district).group(0)  # type: ignore[union-attr]


def test_plan_is_deterministic_and_varied() -> None:
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    a = build_demo_workers(now, 4)
    b = build_demo_workers(now, 4)
    assert [(w.name, w.earnings, w.plan, w.messages) for w in a] == [
        (w.name, w.earnings, w.plan, w.messages) for w in b
    ]
    assert len(a) == DEMO_WORKER_COUNT
    assert all(w.name.endswith(" (demo)") for w in a)
    assert len({w.chat_id for w in a}) == len(a)
    assert all(w.chat_id < 0 and abs(w.chat_id) > TELEGRAM_MAX_ID for w in a)
    for w in a:
        months = (now - w.joined_at).days / 30
        assert 3 <= months <= 10, w.name
        assert w.earnings[0].source == "baseline"
        assert [e.at for e in w.earnings] == sorted(e.at for e in w.earnings)
    assert {w.profile for w in a} == {"flat", "small_rise", "rise", "big_rise", "job_change"}
    assert {s for w in a for _, s, _ in w.plan} == {
        "saved",
        "applied",
        "enrolled",
        "completed",
        "dropped",
    }
    assert any(w.rota_varies for w in a) and any(w.slots for w in a)
    flags = Counter((f.kind, f.resolved) for w in a for f in w.flags)
    assert flags[("struggling", False)] and flags[("asked_for_human", True)]


def test_seed_fills_the_coach_app(db_url: str, session: Session, session_factory) -> None:
    seed_demo(db_url)
    workers = session.scalars(select(Worker).order_by(Worker.id)).all()
    assert len(workers) == DEMO_WORKER_COUNT
    assert all(w.channel == DEMO_CHANNEL and w.first_name.endswith("(demo)") for w in workers)
    assert all(w.chat_id < -TELEGRAM_MAX_ID for w in workers)
    coaches = {c.id: c.email for c in session.scalars(select(Coach))}
    per_coach = Counter(coaches[w.coach_id] for w in workers)
    assert len(per_coach) == 3 and per_coach[DEMO_COACH_EMAIL] == 20
    for model in (
        EarningsRecord,
        Goal,
        AvailabilitySlot,
        LearningPlanItem,
        CheckIn,
        WorkerFlag,
        ConversationMessage,
    ):
        assert session.scalar(select(func.count()).select_from(model)) > 5
    assert (
        session.scalar(
            select(func.count()).select_from(CheckIn).where(CheckIn.status == "answered")
        )
        > 100
    )
    assert (
        session.scalar(
            select(func.count()).select_from(WorkerFlag).where(WorkerFlag.resolved_at.is_(None))
        )
        > 0
    )
    # every fact links to the message it came from
    assert (
        session.scalar(
            select(func.count())
            .select_from(EarningsRecord)
            .where(EarningsRecord.message_id.is_(None))
        )
        == 0
    )

    # the same plan, worked out independently of coach_web.impact
    plan = build_demo_workers(datetime.now(UTC), 4)
    rises = at_rlw = starts = completions = 0
    changes = []
    for w in plan:
        base, last = w.earnings[0].hourly_pence, w.earnings[-1].hourly_pence
        if len(w.earnings) > 1:
            changes.append((last - base) / base * 100)
        rises += last * 10 > base * 11
        at_rlw += last >= (1480 if _area(w.district) in LONDON_AREAS else 1345)
        starts += sum(s in ("enrolled", "completed") for _, s, _ in w.plan)
        completions += sum(s == "completed" for _, s, _ in w.plan)
    assert min(rises, at_rlw, starts, completions) > 0

    client = mounted_client(session_factory)
    _login(client, DEMO_ADMIN_EMAIL)
    caseload = client.get("/coach/")
    assert caseload.status_code == 200
    assert caseload.text.count("data-worker-id=") == DEMO_WORKER_COUNT
    worker_page = client.get(f"/coach/workers/{workers[0].id}")
    assert worker_page.status_code == 200
    assert worker_page.text.count("<svg") == 2  # hourly pay and weekly earnings charts
    assert "nothing recorded yet" not in worker_page.text

    page = client.get("/coach/impact").text

    def row(row_id: str) -> str:
        return re.search(rf'<tr id="{row_id}">(.*?)</tr>', page, re.S).group(1)  # type: ignore[union-attr]

    assert f"{DEMO_WORKER_COUNT} workers" in page
    assert f"{rises} of {DEMO_WORKER_COUNT} with a baseline" in row("rise-10")
    assert f"{rises / DEMO_WORKER_COUNT * 100:.0f}%" in row("rise-10")
    assert f"{at_rlw} of {DEMO_WORKER_COUNT} with a known hourly pay" in row("living-wage")
    assert f">{starts}<" in row("course-starts")
    assert f">{completions}<" in row("course-completions")
    assert f"{statistics.median(changes):+.1f}%" in row("median-hourly")
    # the figures verified by hand for this seed (see the report in the commit)
    assert (rises, at_rlw, starts, completions) == (19, 29, 18, 10)

    # goals that are not only pay, worked out from the plan without coach_web.outcomes
    wanted = [w for w in plan if "hours" in w.goal_kinds]
    got = sum(w.earnings[-1].weekly_hours > w.earnings[0].weekly_hours for w in wanted)
    insecure = [w for w in plan if w.earnings[0].contract_type in ("zero_hours", "agency")]
    moved = sum(w.earnings[-1].contract_type in ("permanent", "fixed_term") for w in insecure)
    shifts = [w for w in plan if "shifts" in w.goal_kinds]
    better = sum(
        [p.value for p in w.progress if p.kind == "shifts"][-1:] == ["better"] for w in shifts
    )
    assert 0 < got < len(wanted) and 0 < moved < len(insecure) and 0 < better < len(shifts)
    assert f"{got} of {len(wanted)} who wanted more hours" in row("more-hours")
    assert f"{moved} of {len(insecure)} who started on zero hours" in row("off-insecure")
    assert f"{better} of {len(shifts)} who wanted better shifts" in row("better-shifts")
    kinds = Counter(k for w in plan for k in w.goal_kinds)
    assert len(kinds) == 5  # every kind of goal shows up
    assert f"more hours {kinds['hours']}," in re.sub(r"\s+", " ", page)
    help_items = Counter(h.barrier for w in plan for h in w.help)
    taken = Counter(h.barrier for w in plan for h in w.help if h.status == "taken_up")
    assert help_items and taken
    for barrier, n in help_items.items():
        cells = re.findall(r'<td class="figure">(\d+)</td>', row(f"help-{barrier}"))
        assert [int(c) for c in cells[1:3]] == [n, taken[barrier]], barrier
    assert session.scalar(select(func.count()).select_from(HelpOffer)) == sum(help_items.values())
    assert session.scalar(select(func.count()).select_from(GoalProgress)) == sum(
        len(w.progress) for w in plan
    )

    # a plain coach sees only their own share
    mine = mounted_client(session_factory)
    _login(mine, DEMO_COACH_EMAIL)
    assert mine.get("/coach/").text.count("data-worker-id=") == 20
