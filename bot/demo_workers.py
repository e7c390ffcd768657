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
    """The demo workers as plain data: the same plan for the same `now` and counts."""
    rng = random.Random(seed)
    g = random.Random(seed + (DEMO_GOALS_SEED - DEMO_RANDOM_SEED))
    profiles = [p for p, w in zip(_PROFILES, _PROFILE_WEIGHTS, strict=True) for _ in range(w)]
    rng.shuffle(profiles)
    workers = []
    for i in range(DEMO_WORKER_COUNT):
        profile = profiles[i % len(profiles)]
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
        w.shift_pattern = _pattern(w.rota_varies, w.slots)
        w.goal_kinds = _goal_kinds(g, contract, hours, w.shift_pattern, not_sure)
        if "pay" not in w.goal_kinds and "change" not in w.goal_kinds:
            w.goal_role = ""  # hours, contract or shifts only: no target job is asked
        if "hours" in w.goal_kinds:
            w.goal_target_hours = min(Decimal(40), hours + g.choice((5, 10, 15)))
        # how the goal goes: the check-in (counting answered ones) where it comes true, or never
        more_hours_at = g.choice((2, 4, None, None)) if "hours" in w.goal_kinds else None
        secure_at = (
            g.choice((4, 6, None, None, None)) if contract in INSECURE else None
        )  # off zero hours or agency, whatever they wanted most
        shifts_at = g.choice((2, 4, None, None)) if "shifts" in w.goal_kinds else None
        shifts_otherwise = g.choice(("same", "same", "worse"))
        new_contract = g.choice(("permanent", "permanent", "fixed_term"))
        msgs = w.messages
        t = joined
        msgs += [
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
            DemoMessage(t + timedelta(minutes=3), "in", f"I'm a {job}"),
            DemoMessage(t + timedelta(minutes=3), "out", "And what do you get paid?"),
            DemoMessage(
                t + timedelta(minutes=4),
                "in",
                f"{_money(base_pay)} an hour, about {hours.normalize():f} hours a week",
                key="baseline",
            ),
        ]
        w.earnings.append(
            DemoEarnings(
                t + timedelta(minutes=4),
                base_pay,
                hours,
                job,
                sector,
                contract,
                "baseline",
                "baseline",
            )
        )
        if not_sure:
            goal_text = "not sure really, something better paid"
        else:
            goal_text = f"I'd like to be a {target_role} one day"
        wants = [k for k in w.goal_kinds if k != "pay"]
        if wants:
            said = {
                "hours": "more hours tbh",
                "secure": "a proper contract not zero hours",
                "shifts": "shifts i can plan around",
                "change": "maybe a different line of work",
            }[wants[0]]
            goal_text = f"{goal_text} and {said}" if w.goal_role or not_sure else said
        msgs += [
            DemoMessage(t + timedelta(minutes=5), "out", "What job would you like next?"),
            DemoMessage(t + timedelta(minutes=6), "in", goal_text, key="goal"),
            DemoMessage(
                t + timedelta(minutes=6),
                "out",
                "Good plan. Anything that makes learning hard right now?",
            ),
        ]
        if w.barriers:
            msgs.append(
                DemoMessage(
                    t + timedelta(minutes=7),
                    "in",
                    "[button] " + ", ".join(b.capitalize() for b in w.barriers),
                )
            )

        # some care workers do home care with unpaid travel between visits: under the minimum
        if sector == "care" and g.random() < 0.6:
            travel = Decimal(g.choice((4, 6, 8, 10)))
            under = checks.underpaid(
                base_pay, "21_plus", t.date(), paid_hours=float(hours), travel_hours=float(travel)
            )
            at = t + timedelta(minutes=4, seconds=30)
            msgs += [
                DemoMessage(at, "out", "Do you visit people in their own homes for work?"),
                DemoMessage(at, "in", "[button] Yes, home care"),
                DemoMessage(at, "out", checks.TRAVEL_RULE + " How many hours is unpaid?"),
                DemoMessage(at, "in", f"about {travel} hours", key="travel"),
            ]
            if under is not None:
                told = g.random() < 0.75
                msgs += [
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
        # help for their barriers, shown a day or two in; coaches marked some of it
        if w.barriers:
            shown_at = t + timedelta(days=g.randint(1, 3))
            msgs += [
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

        # a course: most workers save one; some apply, start, finish or drop it
        course_roll = rng.random()
        course_at = t + timedelta(days=rng.randint(2, 20))
        if course_roll > 0.1:
            status = rng.choices(
                ("saved", "applied", "enrolled", "completed", "dropped"), (6, 5, 10, 8, 3)
            )[0]
            # a slot, not a run id: the plan stays the same however many runs the catalogue has
            w.plan.append((rng.randrange(10_000), status, course_at))
            msgs += [
                DemoMessage(course_at, "in", "[button] Find courses"),
                DemoMessage(course_at, "out", "Here are courses that fit around your shifts."),
                DemoMessage(
                    course_at + timedelta(minutes=2), "in", "[button] Save to my plan", key="plan"
                ),
                DemoMessage(
                    course_at + timedelta(minutes=2),
                    "out",
                    "Saved to your plan. I'll check in on how it's going.",
                ),
            ]

        # check-ins over the months, with pay moving according to the profile
        step = timedelta(days=14 if w.checkin_frequency == "fortnightly" else 30)
        due = joined + step
        pay, job_now, changed_job, hours_now = base_pay, job, False, hours
        contract_now = contract
        answered = 0
        while due < now - timedelta(days=1):
            missed = rng.random() < 0.15
            if missed:
                w.checkins.append(DemoCheckin(due, "missed"))
                due += step
                continue
            answered += 1
            source = "checkin"
            if profile == "small_rise" and answered in (2, 4):
                pay += rng.randint(20, 45)
            elif profile == "rise" and answered in (2, 3):
                pay += rng.randint(50, 90)
            elif profile == "big_rise" and answered == 2:
                pay += rng.randint(150, 250)
            elif profile == "job_change" and answered == 2 and not changed_job:
                job_now, changed_job = next_job, True
                pay += rng.randint(120, 220)
                hours_now = min(Decimal(40), hours + rng.choice((0, 4, 8)))
                source = "update"
            answer_at = due + timedelta(hours=rng.randint(1, 30))
            course_answer = None
            if w.plan and w.plan[0][2] < due:
                course_answer = {"enrolled": "good", "completed": "done", "dropped": "stopped"}.get(
                    w.plan[0][1]
                )
                if course_answer == "good" and rng.random() < 0.3:
                    course_answer = "hard"
            answers: dict[str, object] = {
                "pay_pence": pay,
                "pay_period": "hour",
                "hours": float(hours_now),
            }
            if course_answer:
                answers["course"] = course_answer
            if source == "update":
                answers["job_title"] = job_now
            key = f"checkin{answered}"
            goal_lines: list[DemoMessage] = []
            asked = answer_at + timedelta(seconds=10)
            if "hours" in w.goal_kinds:
                if more_hours_at is not None and answered >= more_hours_at:
                    hours_now = max(hours_now, w.goal_target_hours or hours_now)
                answers["hours"] = float(hours_now)
                value = "more" if hours_now > hours else "same"
                w.progress.append(DemoProgress(answer_at, "hours", value, hours_now, key))
                goal_lines += [
                    DemoMessage(asked, "out", "Are you getting more hours yet?"),
                    DemoMessage(
                        asked + timedelta(seconds=5),
                        "in",
                        f"yes {hours_now.normalize():f} now" if value == "more" else "no same",
                    ),
                ]
            if "secure" in w.goal_kinds or contract in INSECURE:
                if secure_at is not None and answered >= secure_at:
                    contract_now = new_contract
                answers["contract"] = contract_now
                w.progress.append(DemoProgress(answer_at, "contract", contract_now, None, key))
                goal_lines += [
                    DemoMessage(asked + timedelta(seconds=10), "out", "Has your contract changed?"),
                    DemoMessage(
                        asked + timedelta(seconds=15),
                        "in",
                        "no still " + contract_now.replace("_", " ")
                        if contract_now == contract
                        else "yes! " + contract_now.replace("_", " ") + " now",
                    ),
                ]
            if "shifts" in w.goal_kinds:
                better = shifts_at is not None and answered >= shifts_at
                answers["shifts"] = "better" if better else shifts_otherwise
                w.progress.append(
                    DemoProgress(answer_at, "shifts", str(answers["shifts"]), None, key)
                )
                goal_lines += [
                    DemoMessage(
                        asked + timedelta(seconds=20),
                        "out",
                        "Are your shifts more regular or better now?",
                    ),
                    DemoMessage(asked + timedelta(seconds=25), "in", str(answers["shifts"])),
                ]
            w.checkins.append(DemoCheckin(due, "answered", answers, answer_at))
            msgs += [
                DemoMessage(due, "out", "Hi, it's check-in time! What's your hourly pay now?"),
                DemoMessage(
                    answer_at,
                    "in",
                    f"new job! {job_now}, {_money(pay)} an hour"
                    if source == "update"
                    else f"{_money(pay)}",
                    key=key,
                ),
                DemoMessage(
                    answer_at + timedelta(minutes=1),
                    "out",
                    "Thanks for checking in!"
                    + (
                        " Your pay is up since you started. That's brilliant!"
                        if pay > base_pay
                        else ""
                    ),
                ),
                *goal_lines,
            ]
            w.earnings.append(
                DemoEarnings(answer_at, pay, hours_now, job_now, sector, contract_now, source, key)
            )
            if course_answer in ("hard", "stopped") and not any(
                f.kind == "struggling" for f in w.flags
            ):
                detail = (
                    "Finding the course hard (check-in)"
                    if course_answer == "hard"
                    else "Stopped the course (check-in)"
                )
                w.flags.append(
                    DemoFlag(
                        "struggling",
                        detail,
                        answer_at,
                        resolved=rng.random() < 0.5,
                        message_key=key,
                    )
                )
            due += step
        w.checkins.append(DemoCheckin(now + timedelta(days=rng.randint(1, 20)), "due"))

        if rng.random() < 0.3:
            at = joined + (now - joined) * rng.uniform(0.3, 0.95)
            msgs += [
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
        if rng.random() < 0.08:
            w.status = "paused"
        workers.append(w)
    return workers


def write_demo_workers(
    session: Session,
    workers: Sequence[DemoWorker],
    coach_ids: Sequence[int],
    run_ids: Sequence[int],
) -> int:
    """Add the planned workers and everything they said and did (the caller commits)."""
    for w in workers:
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
            coach_id=coach_ids[w.coach_slot % len(coach_ids)],
            created_at=w.joined_at,
            last_contact_at=last_in,
        )
        session.add(worker)
        session.flush()
        keyed: dict[str, int] = {}
        for m in sorted(w.messages, key=lambda m: m.at):
            row = ConversationMessage(
                worker_id=worker.id,
                direction=m.direction,
                text=m.text,
                sender="worker" if m.direction == "in" else "bot",
                created_at=m.at,
            )
            session.add(row)
            if m.key:
                session.flush()
                keyed[m.key] = row.id
        for e in w.earnings:
            session.add(
                EarningsRecord(
                    worker_id=worker.id,
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
        base = w.earnings[0]
        goal = Goal(
            worker_id=worker.id,
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
                    worker_id=worker.id,
                    goal_id=goal.id,
                    kind=p.kind,
                    value=p.value,
                    hours=p.hours,
                    source="checkin",
                    recorded_at=p.at,
                    message_id=keyed.get(p.key or ""),
                )
            )
        coach_id = coach_ids[w.coach_slot % len(coach_ids)]
        for h in w.help:
            session.add(
                HelpOffer(
                    worker_id=worker.id,
                    item_id=h.item_id,
                    barrier=h.barrier,
                    facts_year=support_facts().year,
                    offered_at=h.at,
                    last_offered_at=h.at,
                    times_offered=1,
                    message_id=keyed.get(h.key or ""),
                    status=h.status,
                    status_at=h.at + timedelta(days=7) if h.status != "offered" else None,
                    status_by=coach_id if h.status != "offered" else None,
                )
            )
        for day, start, end in w.slots:
            session.add(
                AvailabilitySlot(worker_id=worker.id, day=day, start_time=start, end_time=end)
            )
        for slot, status, at in w.plan:
            if run_ids:
                session.add(
                    LearningPlanItem(
                        worker_id=worker.id,
                        course_run_id=run_ids[slot % len(run_ids)],
                        status=status,
                        created_at=at,
                        updated_at=at,
                        message_id=keyed.get("plan"),
                    )
                )
        for c in w.checkins:
            session.add(
                CheckIn(
                    worker_id=worker.id,
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
                    worker_id=worker.id,
                    kind=f.kind,
                    detail=f.detail,
                    created_at=f.at,
                    resolved_at=(f.at + timedelta(days=2)) if f.resolved else None,
                    message_id=keyed.get(f.message_key or ""),
                )
            )
    session.flush()
    return len(workers)
