"""Demo workers: about 40 clearly fictional people with months of history, so the coach app's
caseload, charts and impact report show what they are for on the first start.

Development only, and only into an empty database: `bot.demo.seed_demo` calls this after its
guard. Everything here is invented: every name ends in "(demo)", the chat channel is "demo"
(the bot never messages it: check-ins for it are cancelled, the coach app says it cannot send),
and chat ids sit in a reserved negative range far outside Telegram's ids (which fit in 52 bits),
so they can never collide with a real Telegram user.

`build_demo_workers` is pure and deterministic (a seeded random generator; dates relative to
`now`), so tests can work out the expected impact figures from the same plan. What each worker
wants most (goal kinds), how that goes, the help offered for their barriers and the home carers
with unpaid travel come from a second seeded generator, so the pay, course and flag figures of
the first one stay as they were.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from db.models import (
    AvailabilitySlot,
    CheckIn,
    ConversationMessage,
    EarningsRecord,
    Goal,
    GoalProgress,
    HelpOffer,
    LearningPlanItem,
    Worker,
    WorkerFlag,
)
from flows import checks
from support import current as support_facts
from support import items_for

DEMO_WORKER_COUNT = 40
DEMO_CHANNEL = "demo"
# Telegram chat ids fit in 52 bits (|id| < 2**52 ~ 4.5e15): these never can.
DEMO_CHAT_ID_BASE = -(10**15) * 9_000
DEMO_RANDOM_SEED = 20260401
# the goals, help and home-care plans: a second generator, so the first one's figures stand
DEMO_GOALS_SEED = 20261126
DEMO_SUFFIX = " (demo)"

# An obviously invented list (mostly plant and bird names), each shown with " (demo)".
_NAMES = (
    "Acacia",
    "Basil",
    "Bramble",
    "Briar",
    "Clover",
    "Corvin",
    "Dunnock",
    "Fennel",
    "Fern",
    "Finch",
    "Hazel",
    "Heron",
    "Juniper",
    "Kestrel",
    "Larch",
    "Linnet",
    "Lupin",
    "Marram",
    "Merlin",
    "Nettle",
    "Oriel",
    "Pipit",
    "Quince",
    "Rowan",
    "Saffron",
    "Sedge",
    "Sorrel",
    "Starling",
    "Tansy",
    "Teasel",
    "Thistle",
    "Umber",
    "Vetch",
    "Wren",
    "Yarrow",
    "Zinnia",
    "Alder",
    "Burdock",
    "Campion",
    "Daisy",
)
_DISTRICTS = (
    "SE15",
    "E17",
    "N17",
    "B12",
    "M14",
    "LS9",
    "NE6",
    "BS5",
    "L8",
    "S2",
    "NG7",
    "CV1",
    "LE2",
    "PL4",
    "NR3",
    "HU3",
    "SR4",
    "BN2",
    "PO1",
    "MK9",
)
# (job, sector, next job up, target role)
_JOBS = (
    ("care assistant", "care", "senior care assistant", "senior carer"),
    ("kitchen porter", "hospitality", "commis chef", "chef"),
    ("warehouse operative", "logistics", "forklift driver", "HGV driver"),
    ("cleaner", "cleaning", "cleaning supervisor", "cleaning supervisor"),
    ("retail assistant", "retail", "retail supervisor", "store manager"),
    ("teaching assistant", "education", "higher level teaching assistant", "teacher"),
    ("admin assistant", "business", "accounts assistant", "bookkeeper"),
    ("delivery driver", "logistics", "HGV driver", "HGV driver"),
)
_CONTRACTS = ("permanent", "permanent", "zero_hours", "fixed_term", "agency")
INSECURE = ("zero_hours", "agency")
_BARRIERS = ("childcare", "caring", "health", "english", "transport", "confidence", "digital")
# How pay goes over the months: a share of workers each, in the generator's order.
_PROFILES = ("flat", "small_rise", "rise", "big_rise", "job_change")
_PROFILE_WEIGHTS = (8, 10, 9, 5, 8)


@dataclass
class DemoEarnings:
    at: datetime
    hourly_pence: int
    weekly_hours: Decimal
    job_title: str
    sector: str
    contract_type: str
    source: str  # baseline | checkin | update
    key: str | None = None  # the message it was said in


@dataclass
class DemoMessage:
    at: datetime
    direction: str  # in | out
    text: str
    key: str | None = None  # links a fact (earnings, goal, plan, flag) to this message


@dataclass
class DemoCheckin:
    due_at: datetime
    status: str  # answered | missed | due
    answers: dict[str, object] | None = None
    answered_at: datetime | None = None


@dataclass
class DemoFlag:
    kind: str
    detail: str
    at: datetime
    resolved: bool
    message_key: str | None = None


@dataclass
class DemoProgress:
    at: datetime
    kind: str  # hours | contract | shifts
    value: str
    hours: Decimal | None = None
    key: str | None = None


@dataclass
class DemoHelp:
    item_id: str
    barrier: str
    at: datetime
    status: str  # offered | taken_up | not_wanted
    key: str | None = None


@dataclass
class DemoWorker:
    index: int
    name: str
    chat_id: int
    district: str
    coach_slot: int  # index into the demo coaches
    joined_at: datetime
    status: str
    profile: str
    rota_varies: bool
    slots: list[tuple[int, time, time]]
    checkin_frequency: str
    goal_role: str
    goal_sector: str
    goal_hourly_pence: int | None
    goal_not_sure: bool
    barriers: list[str]
    goal_kinds: list[str] = field(default_factory=list)
    goal_target_hours: Decimal | None = None
    shift_pattern: str | None = None  # varies | nights | regular
    earnings: list[DemoEarnings] = field(default_factory=list)
    plan: list[tuple[int, str, datetime]] = field(default_factory=list)  # run slot, status, at
    checkins: list[DemoCheckin] = field(default_factory=list)
    flags: list[DemoFlag] = field(default_factory=list)
    messages: list[DemoMessage] = field(default_factory=list)
    progress: list[DemoProgress] = field(default_factory=list)
    help: list[DemoHelp] = field(default_factory=list)


def _money(pence: int) -> str:
    return f"£{pence // 100}.{pence % 100:02d}"


def _shift_pattern(rng: random.Random) -> list[tuple[int, time, time]]:
    kind = rng.choice(("early", "late", "night", "office"))
    days = sorted(rng.sample(range(7), rng.randint(3, 5)))
    hours = {
        "early": (time(6), time(14)),
        "late": (time(14), time(22)),
        "night": (time(22), time(6)),
        "office": (time(9), time(17)),
    }[kind]
    return [(d, *hours) for d in days]


def _pattern(rota_varies: bool, slots: list[tuple[int, time, time]]) -> str | None:
    """The same rule as flows.goals.shift_pattern."""
    if rota_varies:
        return "varies"
    if not slots:
        return None
    if any(end <= start or start >= time(20) or start < time(5) for _, start, end in slots):
        return "nights"
    return "regular"


def _goal_kinds(
    g: random.Random, contract: str, hours: Decimal, pattern: str | None, not_sure: bool
) -> list[str]:
    """What a worker like this wants most: a realistic mix, more than one for some."""
    kinds = []
    if not not_sure and g.random() < 0.6:
        kinds.append("pay")
    if hours < 30 and g.random() < 0.6:
        kinds.append("hours")
    if contract in INSECURE and g.random() < 0.7:
        kinds.append("secure")
    if pattern in ("varies", "nights") and g.random() < 0.5:
        kinds.append("shifts")
    if g.random() < 0.12:
        kinds.append("change")
    return kinds or ["pay"]


def build_demo_workers(
    now: datetime, coach_count: int, seed: int = DEMO_RANDOM_SEED
) -> list[DemoWorker]:
    """The demo workers as plain data: the same plan for the same `now` and counts.

    Each step below draws from its generator in a fixed order, so the plan never changes: `rng`
    for who they are, their course, check-ins and flags; `g` for their goals, home care and help.
    """
    rng = random.Random(seed)
    g = random.Random(seed + (DEMO_GOALS_SEED - DEMO_RANDOM_SEED))
    profiles = [p for p, w in zip(_PROFILES, _PROFILE_WEIGHTS, strict=True) for _ in range(w)]
    rng.shuffle(profiles)
    workers = []
    for i in range(DEMO_WORKER_COUNT):
        w, start = _new_worker(i, profiles[i % len(profiles)], now, coach_count, rng)
        plan = _plan_goals(w, start, g)
        _first_chat(w, start)
        _home_care(w, start, g)
        _barrier_help(w, g)
        _saved_course(w, rng)
        _checkins(w, start, plan, now, rng)
        _asked_for_a_person(w, now, rng)
        if rng.random() < 0.08:
            w.status = "paused"
        workers.append(w)
    return workers


@dataclass(frozen=True)
class _Start:
    """What a demo worker told the bot when they joined: where their months start from."""

    job: str
    sector: str
    next_job: str
    target_role: str
    contract: str
    hours: Decimal
    base_pay: int
    not_sure: bool


@dataclass(frozen=True)
class _GoalPlan:
    """How a worker's goal goes: the answered check-in where each part comes true, or never."""

    more_hours_at: int | None
    secure_at: int | None  # off zero hours or agency, whatever they wanted most
    shifts_at: int | None
    shifts_otherwise: str
    new_contract: str


@dataclass
class _Latest:
    """The worker as of their latest check-in."""

    pay: int
    job: str
    hours: Decimal
    contract: str
    changed_job: bool = False
    answered: int = 0


def _new_worker(
    i: int, profile: str, now: datetime, coach_count: int, rng: random.Random
) -> tuple[DemoWorker, _Start]:
    months = rng.randint(3, 9)
    joined = now - timedelta(days=30 * months + rng.randint(0, 20), hours=rng.randint(0, 8))
    job, sector, next_job, target_role = rng.choice(_JOBS)
    contract = rng.choice(_CONTRACTS)
    hours = Decimal(rng.choice((16, 20, 24, 25, 30, 35, 37.5, 40))).quantize(Decimal("0.1"))
    base_pay = rng.randint(1271, 1360)  # the 2026 National Living Wage is £12.71
    rota_varies = contract in ("zero_hours", "agency") or rng.random() < 0.15
    not_sure = rng.random() < 0.1
    w = DemoWorker(
        index=i,
        name=_NAMES[i % len(_NAMES)] + DEMO_SUFFIX,
        chat_id=DEMO_CHAT_ID_BASE - i,
        district=_DISTRICTS[rng.randrange(len(_DISTRICTS))],
        coach_slot=i % coach_count,
        joined_at=joined,
        status="active",
        profile=profile,
        rota_varies=rota_varies,
        slots=[] if rota_varies else _shift_pattern(rng),
        checkin_frequency=rng.choice(("monthly", "monthly", "fortnightly")),
        goal_role="" if not_sure else target_role,
        goal_sector=sector,
        goal_hourly_pence=None if not_sure else base_pay + rng.choice((150, 200, 300, 500)),
        goal_not_sure=not_sure,
        barriers=sorted(rng.sample(_BARRIERS, rng.choice((0, 1, 1, 2, 3)))),
    )
    start = _Start(job, sector, next_job, target_role, contract, hours, base_pay, not_sure)
    return w, start


def _plan_goals(w: DemoWorker, start: _Start, g: random.Random) -> _GoalPlan:
    """What they want most, and how it goes."""
    w.shift_pattern = _pattern(w.rota_varies, w.slots)
    w.goal_kinds = _goal_kinds(g, start.contract, start.hours, w.shift_pattern, start.not_sure)
    if "pay" not in w.goal_kinds and "change" not in w.goal_kinds:
        w.goal_role = ""  # hours, contract or shifts only: no target job is asked
    if "hours" in w.goal_kinds:
        w.goal_target_hours = min(Decimal(40), start.hours + g.choice((5, 10, 15)))
    return _GoalPlan(
        more_hours_at=g.choice((2, 4, None, None)) if "hours" in w.goal_kinds else None,
        secure_at=g.choice((4, 6, None, None, None)) if start.contract in INSECURE else None,
        shifts_at=g.choice((2, 4, None, None)) if "shifts" in w.goal_kinds else None,
        shifts_otherwise=g.choice(("same", "same", "worse")),
        new_contract=g.choice(("permanent", "permanent", "fixed_term")),
    )


_WANTS_SAID = {
    "hours": "more hours tbh",
    "secure": "a proper contract not zero hours",
    "shifts": "shifts i can plan around",
    "change": "maybe a different line of work",
}


def _first_chat(w: DemoWorker, start: _Start) -> None:
    """Consent, their job and pay (the baseline), what they want next and what makes it hard."""
    t = w.joined_at
    w.messages += [
        DemoMessage(t, "in", "/start"),
        DemoMessage(
            t,
            "out",
            "Hi! I'm Skills Escalator. I help people get on at work: "
            "courses that fit your shifts, funding, and a check-in now "
            "and then. Is it OK to keep your answers?",
        ),
        DemoMessage(t + timedelta(minutes=1), "in", "[button] Yes, that's fine"),
        DemoMessage(t + timedelta(minutes=2), "out", "Great. What's your job now?"),
        DemoMessage(t + timedelta(minutes=3), "in", f"I'm a {start.job}"),
        DemoMessage(t + timedelta(minutes=3), "out", "And what do you get paid?"),
        DemoMessage(
            t + timedelta(minutes=4),
            "in",
            f"{_money(start.base_pay)} an hour, about {start.hours.normalize():f} hours a week",
            key="baseline",
        ),
    ]
    w.earnings.append(
        DemoEarnings(
            t + timedelta(minutes=4),
            start.base_pay,
            start.hours,
            start.job,
            start.sector,
            start.contract,
            "baseline",
            "baseline",
        )
    )
    if start.not_sure:
        goal_text = "not sure really, something better paid"
    else:
        goal_text = f"I'd like to be a {start.target_role} one day"
    wants = [k for k in w.goal_kinds if k != "pay"]
    if wants:
        said = _WANTS_SAID[wants[0]]
        goal_text = f"{goal_text} and {said}" if w.goal_role or start.not_sure else said
    w.messages += [
        DemoMessage(t + timedelta(minutes=5), "out", "What job would you like next?"),
        DemoMessage(t + timedelta(minutes=6), "in", goal_text, key="goal"),
        DemoMessage(
            t + timedelta(minutes=6),
            "out",
            "Good plan. Anything that makes learning hard right now?",
        ),
    ]
    if w.barriers:
        w.messages.append(
            DemoMessage(
                t + timedelta(minutes=7),
                "in",
                "[button] " + ", ".join(b.capitalize() for b in w.barriers),
            )
        )


def _home_care(w: DemoWorker, start: _Start, g: random.Random) -> None:
    """Some care workers do home care with unpaid travel between visits: under the minimum."""
    if start.sector != "care" or not g.random() < 0.6:
        return
    travel = Decimal(g.choice((4, 6, 8, 10)))
    at = w.joined_at + timedelta(minutes=4, seconds=30)
    under = checks.underpaid(
        start.base_pay,
        "21_plus",
        w.joined_at.date(),
        paid_hours=float(start.hours),
        travel_hours=float(travel),
    )
    w.messages += [
        DemoMessage(at, "out", "Do you visit people in their own homes for work?"),
        DemoMessage(at, "in", "[button] Yes, home care"),
        DemoMessage(at, "out", checks.TRAVEL_RULE + " How many hours is unpaid?"),
        DemoMessage(at, "in", f"about {travel} hours", key="travel"),
    ]
    if under is None:
        return
    told = g.random() < 0.75
    w.messages += [
        DemoMessage(at, "out", checks.underpaid_reply(under).text),
        DemoMessage(
            at + timedelta(seconds=20),
            "in",
            "[button] " + ("Yes, tell my coach" if told else "No thanks"),
            key="underpaid",
        ),
    ]
    if told:
        w.flags.append(
            DemoFlag(
                "underpaid",
                checks.underpaid_flag(under).detail or "",
                at + timedelta(seconds=20),
                resolved=g.random() < 0.4,
                message_key="underpaid",
            )
        )


def _barrier_help(w: DemoWorker, g: random.Random) -> None:
    """Help for their barriers, shown a day or two in; coaches marked some of it."""
    if not w.barriers:
        return
    shown_at = w.joined_at + timedelta(days=g.randint(1, 3))
    w.messages += [
        DemoMessage(shown_at, "in", "[button] Help with barriers", key="help"),
        DemoMessage(
            shown_at,
            "out",
            "Here's help you may be able to get for "
            + ", ".join(w.barriers)
            + ". (Checked "
            + f"{support_facts().checked:%-d %b %Y}.)",
        ),
    ]
    for barrier in w.barriers:
        for item in items_for(barrier, age=21):
            status = g.choices(("offered", "taken_up", "not_wanted"), (5, 3, 2))[0]
            w.help.append(DemoHelp(item.id, barrier, shown_at, status, "help"))


def _saved_course(w: DemoWorker, rng: random.Random) -> None:
    """Most workers save a course; some apply, start, finish or drop it."""
    course_roll = rng.random()
    course_at = w.joined_at + timedelta(days=rng.randint(2, 20))
    if course_roll <= 0.1:
        return
    status = rng.choices(
        ("saved", "applied", "enrolled", "completed", "dropped"), (6, 5, 10, 8, 3)
    )[0]
    # a slot, not a run id: the plan stays the same however many runs the catalogue has
    w.plan.append((rng.randrange(10_000), status, course_at))
    w.messages += [
        DemoMessage(course_at, "in", "[button] Find courses"),
        DemoMessage(course_at, "out", "Here are courses that fit around your shifts."),
        DemoMessage(course_at + timedelta(minutes=2), "in", "[button] Save to my plan", key="plan"),
        DemoMessage(
            course_at + timedelta(minutes=2),
            "out",
            "Saved to your plan. I'll check in on how it's going.",
        ),
    ]


def _checkins(
    w: DemoWorker, start: _Start, plan: _GoalPlan, now: datetime, rng: random.Random
) -> None:
    """Check-ins over the months (some missed), then the next one due."""
    step = timedelta(days=14 if w.checkin_frequency == "fortnightly" else 30)
    due = w.joined_at + step
    latest = _Latest(start.base_pay, start.job, start.hours, start.contract)
    while due < now - timedelta(days=1):
        if rng.random() < 0.15:
            w.checkins.append(DemoCheckin(due, "missed"))
        else:
            _answered_checkin(w, start, plan, latest, due, rng)
        due += step
    w.checkins.append(DemoCheckin(now + timedelta(days=rng.randint(1, 20)), "due"))


def _answered_checkin(
    w: DemoWorker,
    start: _Start,
    plan: _GoalPlan,
    latest: _Latest,
    due: datetime,
    rng: random.Random,
) -> None:
    """One answered check-in: pay moving by the profile, the course, the goal's progress."""
    latest.answered += 1
    source = _pay_moves(w.profile, start, latest, rng)
    answer_at = due + timedelta(hours=rng.randint(1, 30))
    course_answer = _course_answer(w, due, rng)
    answers: dict[str, object] = {
        "pay_pence": latest.pay,
        "pay_period": "hour",
        "hours": float(latest.hours),
    }
    if course_answer:
        answers["course"] = course_answer
    if source == "update":
        answers["job_title"] = latest.job
    key = f"checkin{latest.answered}"
    goal_lines = [
        *_hours_progress(w, start, plan, latest, answers, answer_at, key),
        *_contract_progress(w, start, plan, latest, answers, answer_at, key),
        *_shifts_progress(w, plan, latest, answers, answer_at, key),
    ]
    w.checkins.append(DemoCheckin(due, "answered", answers, answer_at))
    w.messages += [
        DemoMessage(due, "out", "Hi, it's check-in time! What's your hourly pay now?"),
        DemoMessage(
            answer_at,
            "in",
            f"new job! {latest.job}, {_money(latest.pay)} an hour"
            if source == "update"
            else f"{_money(latest.pay)}",
            key=key,
        ),
        DemoMessage(
            answer_at + timedelta(minutes=1),
            "out",
            "Thanks for checking in!"
            + (
                " Your pay is up since you started. That's brilliant!"
                if latest.pay > start.base_pay
                else ""
            ),
        ),
        *goal_lines,
    ]
    w.earnings.append(
        DemoEarnings(
            answer_at,
            latest.pay,
            latest.hours,
            latest.job,
            start.sector,
            latest.contract,
            source,
            key,
        )
    )
    _struggling_flag(w, course_answer, answer_at, key, rng)


# profile -> (the answered check-ins where pay goes up, by how many pence at least and most)
_RISES = {
    "small_rise": ((2, 4), (20, 45)),
    "rise": ((2, 3), (50, 90)),
    "big_rise": ((2,), (150, 250)),
}


def _pay_moves(profile: str, start: _Start, latest: _Latest, rng: random.Random) -> str:
    """A rise, or (for the job changers, once) a new job with more pay and maybe more hours:
    "update" when the job changed, else "checkin"."""
    rise = _RISES.get(profile)
    if rise is not None and latest.answered in rise[0]:
        latest.pay += rng.randint(*rise[1])
    elif profile == "job_change" and latest.answered == 2 and not latest.changed_job:
        latest.job, latest.changed_job = start.next_job, True
        latest.pay += rng.randint(120, 220)
        latest.hours = min(Decimal(40), start.hours + rng.choice((0, 4, 8)))
        return "update"
    return "checkin"


def _course_answer(w: DemoWorker, due: datetime, rng: random.Random) -> str | None:
    """How the saved course is going, once it has started (some find it hard)."""
    if not (w.plan and w.plan[0][2] < due):
        return None
    answer = {"enrolled": "good", "completed": "done", "dropped": "stopped"}.get(w.plan[0][1])
    if answer == "good" and rng.random() < 0.3:
        answer = "hard"
    return answer


def _hours_progress(
    w: DemoWorker,
    start: _Start,
    plan: _GoalPlan,
    latest: _Latest,
    answers: dict[str, object],
    answer_at: datetime,
    key: str,
) -> list[DemoMessage]:
    if "hours" not in w.goal_kinds:
        return []
    asked = answer_at + timedelta(seconds=10)
    if plan.more_hours_at is not None and latest.answered >= plan.more_hours_at:
        latest.hours = max(latest.hours, w.goal_target_hours or latest.hours)
    answers["hours"] = float(latest.hours)
    value = "more" if latest.hours > start.hours else "same"
    w.progress.append(DemoProgress(answer_at, "hours", value, latest.hours, key))
    return [
        DemoMessage(asked, "out", "Are you getting more hours yet?"),
        DemoMessage(
            asked + timedelta(seconds=5),
            "in",
            f"yes {latest.hours.normalize():f} now" if value == "more" else "no same",
        ),
    ]


def _contract_progress(
    w: DemoWorker,
    start: _Start,
    plan: _GoalPlan,
    latest: _Latest,
    answers: dict[str, object],
    answer_at: datetime,
    key: str,
) -> list[DemoMessage]:
    if "secure" not in w.goal_kinds and start.contract not in INSECURE:
        return []
    asked = answer_at + timedelta(seconds=10)
    if plan.secure_at is not None and latest.answered >= plan.secure_at:
        latest.contract = plan.new_contract
    answers["contract"] = latest.contract
    w.progress.append(DemoProgress(answer_at, "contract", latest.contract, None, key))
    return [
        DemoMessage(asked + timedelta(seconds=10), "out", "Has your contract changed?"),
        DemoMessage(
            asked + timedelta(seconds=15),
            "in",
            "no still " + latest.contract.replace("_", " ")
            if latest.contract == start.contract
            else "yes! " + latest.contract.replace("_", " ") + " now",
        ),
    ]


def _shifts_progress(
    w: DemoWorker,
    plan: _GoalPlan,
    latest: _Latest,
    answers: dict[str, object],
    answer_at: datetime,
    key: str,
) -> list[DemoMessage]:
    if "shifts" not in w.goal_kinds:
        return []
    asked = answer_at + timedelta(seconds=10)
    better = plan.shifts_at is not None and latest.answered >= plan.shifts_at
    answers["shifts"] = "better" if better else plan.shifts_otherwise
    w.progress.append(DemoProgress(answer_at, "shifts", str(answers["shifts"]), None, key))
    return [
        DemoMessage(
            asked + timedelta(seconds=20),
            "out",
            "Are your shifts more regular or better now?",
        ),
        DemoMessage(asked + timedelta(seconds=25), "in", str(answers["shifts"])),
    ]


def _struggling_flag(
    w: DemoWorker, course_answer: str | None, answer_at: datetime, key: str, rng: random.Random
) -> None:
    """A course going hard, or stopped, raises one flag for the coach."""
    if course_answer not in ("hard", "stopped") or any(f.kind == "struggling" for f in w.flags):
        return
    detail = (
        "Finding the course hard (check-in)"
        if course_answer == "hard"
        else "Stopped the course (check-in)"
    )
    w.flags.append(
        DemoFlag("struggling", detail, answer_at, resolved=rng.random() < 0.5, message_key=key)
    )


def _asked_for_a_person(w: DemoWorker, now: datetime, rng: random.Random) -> None:
    if rng.random() >= 0.3:
        return
    at = w.joined_at + (now - w.joined_at) * rng.uniform(0.3, 0.95)
    w.messages += [
        DemoMessage(at, "in", "can I talk to a real person about my rota", key="human"),
        DemoMessage(at, "out", "I've asked a coach to get in touch with you soon."),
    ]
    w.flags.append(
        DemoFlag(
            "asked_for_human",
            "can I talk to a real person about my rota",
            at,
            resolved=rng.random() < 0.6,
            message_key="human",
        )
    )


def write_demo_workers(
    session: Session,
    workers: Sequence[DemoWorker],
    coach_ids: Sequence[int],
    run_ids: Sequence[int],
) -> int:
    """Add the planned workers and everything they said and did (the caller commits)."""
    for w in workers:
        coach_id = coach_ids[w.coach_slot % len(coach_ids)]
        worker_id = _add_worker(session, w, coach_id)
        keyed = _add_messages(session, worker_id, w)
        _add_earnings(session, worker_id, w, keyed)
        _add_goal(session, worker_id, w, keyed)
        _add_help(session, worker_id, w, keyed, coach_id)
        for day, start, end in w.slots:
            session.add(
                AvailabilitySlot(worker_id=worker_id, day=day, start_time=start, end_time=end)
            )
        _add_plan(session, worker_id, w, keyed, run_ids)
        _add_checkins_and_flags(session, worker_id, w, keyed)
    session.flush()
    return len(workers)


def _add_worker(session: Session, w: DemoWorker, coach_id: int) -> int:
    last_in = max(m.at for m in w.messages if m.direction == "in")
    worker = Worker(
        channel=DEMO_CHANNEL,
        chat_id=w.chat_id,
        first_name=w.name,
        consent_at=w.joined_at,
        postcode_district=w.district,
        status=w.status,
        rota_varies=w.rota_varies,
        travel_limit_km=10,
        age_band="21_plus",
        checkin_frequency=w.checkin_frequency,
        checkin_window_start=time(10),
        checkin_window_end=time(19),
        coach_id=coach_id,
        created_at=w.joined_at,
        last_contact_at=last_in,
    )
    session.add(worker)
    session.flush()
    return worker.id


def _add_messages(session: Session, worker_id: int, w: DemoWorker) -> dict[str, int]:
    """The transcript, in time order; returns the ids of the keyed messages, which the rows
    they led to point at."""
    keyed: dict[str, int] = {}
    for m in sorted(w.messages, key=lambda m: m.at):
        row = ConversationMessage(
            worker_id=worker_id,
            direction=m.direction,
            text=m.text,
            sender="worker" if m.direction == "in" else "bot",
            created_at=m.at,
        )
        session.add(row)
        if m.key:
            session.flush()
            keyed[m.key] = row.id
    return keyed


def _add_earnings(session: Session, worker_id: int, w: DemoWorker, keyed: dict[str, int]) -> None:
    for e in w.earnings:
        session.add(
            EarningsRecord(
                worker_id=worker_id,
                recorded_at=e.at,
                job_title=e.job_title,
                sector=e.sector,
                hourly_pay_pence=e.hourly_pence,
                pay_amount_pence=e.hourly_pence,
                pay_period="hour",
                weekly_hours=e.weekly_hours,
                contract_type=e.contract_type,
                source=e.source,
                message_id=keyed.get(e.key or ""),
            )
        )


def _add_goal(session: Session, worker_id: int, w: DemoWorker, keyed: dict[str, int]) -> None:
    """The goal, with its baseline from the first pay they gave, and its progress."""
    base = w.earnings[0]
    goal = Goal(
        worker_id=worker_id,
        target_role=w.goal_role or None,
        target_sector=w.goal_sector,
        target_hourly_pence=w.goal_hourly_pence if "pay" in w.goal_kinds else None,
        not_sure=w.goal_not_sure,
        barriers=list(w.barriers),
        kinds=list(w.goal_kinds),
        baseline_hours=base.weekly_hours,
        baseline_contract=base.contract_type,
        baseline_shifts=w.shift_pattern,
        target_hours=w.goal_target_hours,
        created_at=w.joined_at + timedelta(minutes=6),
        message_id=keyed.get("goal"),
    )
    session.add(goal)
    session.flush()
    for p in w.progress:
        session.add(
            GoalProgress(
                worker_id=worker_id,
                goal_id=goal.id,
                kind=p.kind,
                value=p.value,
                hours=p.hours,
                source="checkin",
                recorded_at=p.at,
                message_id=keyed.get(p.key or ""),
            )
        )


def _add_help(
    session: Session, worker_id: int, w: DemoWorker, keyed: dict[str, int], coach_id: int
) -> None:
    """Help offered for their barriers; what the coach marked, a week later."""
    for h in w.help:
        marked = h.status != "offered"
        session.add(
            HelpOffer(
                worker_id=worker_id,
                item_id=h.item_id,
                barrier=h.barrier,
                facts_year=support_facts().year,
                offered_at=h.at,
                last_offered_at=h.at,
                times_offered=1,
                message_id=keyed.get(h.key or ""),
                status=h.status,
                status_at=h.at + timedelta(days=7) if marked else None,
                status_by=coach_id if marked else None,
            )
        )


def _add_plan(
    session: Session,
    worker_id: int,
    w: DemoWorker,
    keyed: dict[str, int],
    run_ids: Sequence[int],
) -> None:
    """Their saved course, on one of the catalogue's runs (none when there are no runs)."""
    if not run_ids:
        return
    for slot, status, at in w.plan:
        session.add(
            LearningPlanItem(
                worker_id=worker_id,
                course_run_id=run_ids[slot % len(run_ids)],
                status=status,
                created_at=at,
                updated_at=at,
                message_id=keyed.get("plan"),
            )
        )


def _add_checkins_and_flags(
    session: Session, worker_id: int, w: DemoWorker, keyed: dict[str, int]
) -> None:
    for c in w.checkins:
        session.add(
            CheckIn(
                worker_id=worker_id,
                due_at=c.due_at,
                status=c.status,
                sent_at=c.due_at if c.status != "due" else None,
                answered_at=c.answered_at,
                answers=c.answers,
                created_at=c.due_at - timedelta(days=1),
            )
        )
    for f in w.flags:
        session.add(
            WorkerFlag(
                worker_id=worker_id,
                kind=f.kind,
                detail=f.detail,
                created_at=f.at,
                resolved_at=(f.at + timedelta(days=2)) if f.resolved else None,
                message_id=keyed.get(f.message_key or ""),
            )
        )
