"""Plain data the flows pass around: replies, state, events, context and effects.

Flows are pure: ``(state, event, context) -> Result``. Everything that touches the outside world
(saving rows, searching the catalogue) is described as an *effect* or a *lookup* dataclass that
the conversation service (bot/conversation.py) carries out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nlu.values import Values

NO_VALUES = Values()
MAX_BUTTON_DATA = 64  # Telegram callback_data limit, in bytes


@dataclass(frozen=True)
class Button:
    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode("utf-8")) > MAX_BUTTON_DATA:
            raise ValueError(f"button data over {MAX_BUTTON_DATA} bytes: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)  # rows of inline buttons
    document: tuple[str, bytes] | None = None  # (filename, content), e.g. /mydata


@dataclass
class State:
    """Where the worker is. ``data`` must stay JSON-serialisable: it is stored as it is."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    """One thing the worker did, already understood as far as the service could.

    kind: "text" | "button" | "command" | "result" (the answer to a lookup) | "start" (a flow
    entered on its own, e.g. a scheduled check-in).
    """

    kind: str
    text: str = ""
    intent: str | None = None
    confidence: float = 0.0
    entities: tuple[tuple[str, str], ...] = ()
    nlu_down: bool = False
    payload: Any = None
    # the values nlu.values.read_values found in the text (the router fills it if the service
    # did not), so flows never parse the text again
    values: Values | None = None
    source: str | None = None  # where the intent came from: rasa | keywords | none

    @property
    def v(self) -> Values:
        """The values in the text (empty for buttons and commands)."""
        return self.values if self.values is not None else NO_VALUES

    def entity(self, name: str) -> str | None:
        for key, value in self.entities:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Slot:
    day: int
    start: str  # "HH:MM"
    end: str


@dataclass(frozen=True)
class JobApp:
    """One of the worker's saved vacancies or applications (`vacancy_applications`), as the
    chat needs it: to list "My jobs", to read "I applied for the tesco one" and to ask in a
    check-in how an application went. Money in pence an hour; closing date ISO or None."""

    id: int
    vacancy_id: int | None
    title: str
    employer: str
    status: str  # saved | applied | interview | offer | started | not_successful
    closing_date: str | None = None
    hourly_pence: int | None = None
    weekly_hours: float | None = None
    contract_type: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Context:
    """What the flows may know about the worker (read from the DB by the service)."""

    today: date
    has_worker: bool = False
    status: str | None = None
    first_name: str | None = None
    postcode_district: str | None = None
    job_title: str | None = None
    sector: str | None = None
    hourly_pence: int | None = None
    pay_amount_pence: int | None = None  # the pay as the worker gave it ("£38,000 a year")
    pay_period: str | None = None
    weekly_hours: float | None = None
    contract_type: str | None = None
    baseline_hourly_pence: int | None = None
    baseline_weekly_hours: float | None = None
    busy_slots: tuple[Slot, ...] = ()
    rota_varies: bool = False
    travel_limit_km: int | None = None
    age_band: str | None = None  # "under_18" | "18_20" | "21_plus"
    target_role: str | None = None
    target_sector: str | None = None
    target_hourly_pence: int | None = None
    goal_not_sure: bool = False
    barriers: tuple[str, ...] = ()
    # what the worker wants most (goals.WANTS keys; empty: a goal about pay, set before goal
    # kinds existed) and where they started, for check-ins that ask about that goal
    goal_kinds: tuple[str, ...] = ()
    goal_baseline_hours: float | None = None
    goal_baseline_contract: str | None = None
    goal_baseline_shifts: str | None = None
    goal_target_hours: float | None = None
    plan: tuple[tuple[int, str, str], ...] = ()  # (run_id, course name, status)
    has_goal: bool = False  # a goal row exists (goal_kinds empty then means "pay")
    jobs: tuple[JobApp, ...] = ()  # saved vacancies and applications, latest news first
    funding_answers: dict[str, Any] = field(default_factory=dict)


# --- effects: things the service writes ------------------------------------------------------
@dataclass(frozen=True)
class CreateWorker:
    """Consent given: only now may anything be stored."""


@dataclass(frozen=True)
class UpdateWorker:
    fields: dict[str, Any]


@dataclass(frozen=True)
class SaveEarnings:
    hourly_pence: int | None
    weekly_hours: float | None
    job_title: str | None = None
    sector: str | None = None
    contract_type: str | None = None
    source: str = "baseline"  # baseline | checkin | update
    amount_pence: int | None = None  # the pay as the worker gave it, in `period`
    period: str | None = None


@dataclass(frozen=True)
class SaveSlots:
    slots: tuple[Slot, ...]
    rota_varies: bool


@dataclass(frozen=True)
class SaveGoal:
    target_role: str | None
    target_sector: str | None
    target_hourly_pence: int | None
    not_sure: bool
    barriers: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # pay | hours | secure | shifts | change
    baseline_hours: float | None = None
    baseline_contract: str | None = None
    baseline_shifts: str | None = None  # varies | nights | regular
    target_hours: float | None = None


@dataclass(frozen=True)
class SaveGoalProgress:
    """An answer about a goal that is not only hourly pay (a check-in question about it)."""

    kind: str  # hours | contract | shifts
    value: str  # hours: more|same|fewer; contract: the type now; shifts: better|same|worse
    hours: float | None = None


@dataclass(frozen=True)
class SaveVacancy:
    """Save a live vacancy for the worker (`jobs.applications.save_vacancy`), then move it to
    `status` ("applied" for "I applied" on a card). Nothing when the vacancy has closed."""

    vacancy_id: int
    status: str = "saved"


@dataclass(frozen=True)
class SetApplicationStatus:
    """News about one of the worker's applications (`jobs.applications.record_status`)."""

    application_id: int
    status: str  # applied | interview | offer | started | not_successful
    interview_on: date | None = None


@dataclass(frozen=True)
class RecordHelpOffered:
    """Help items (support data ids, with their barrier) the worker was just shown."""

    items: tuple[tuple[str, str], ...]  # (item id, barrier)
    facts_year: str


@dataclass(frozen=True)
class SavePlanItem:
    run_id: int
    status: str = "saved"


@dataclass(frozen=True)
class SaveFundingCheck:
    run_id: int | None
    answers: dict[str, Any]
    outcome: str
    reasons: tuple[str, ...]
    rules_year: str


@dataclass(frozen=True)
class RaiseFlag:
    kind: str  # struggling | asked_for_human | ...
    detail: str | None = None


@dataclass(frozen=True)
class CompleteCheckin:
    checkin_id: int | None
    answers: dict[str, Any]


@dataclass(frozen=True)
class ScheduleCheckins:
    """Make sure the next check-in is booked (after choosing how often, or coming back)."""


@dataclass(frozen=True)
class CancelCheckins:
    """Paused or stopped: no check-ins until they come back."""


@dataclass(frozen=True)
class ExportData:
    """Send the worker everything stored about them, as a file."""


@dataclass(frozen=True)
class DeleteWorker:
    """Erase everything about the worker."""


Effect = (
    CreateWorker
    | UpdateWorker
    | SaveEarnings
    | SaveSlots
    | SaveGoal
    | SaveGoalProgress
    | RecordHelpOffered
    | SavePlanItem
    | SaveVacancy
    | SetApplicationStatus
    | SaveFundingCheck
    | RaiseFlag
    | CompleteCheckin
    | ScheduleCheckins
    | CancelCheckins
    | ExportData
    | DeleteWorker
)


# --- lookups: questions the service answers, then feeds back as Event(kind="result") ----------
@dataclass(frozen=True)
class SearchCourses:
    offset: int = 0
    levels: tuple[int, ...] | None = None
    travel_limit_km: float | None = None
    online_only: bool = False
    keywords: str | None = None
    sector: str | None = None
    # ranking by fit to the goal (course_catalogue.search.SearchQuery has the same fields)
    goal_sectors: tuple[str, ...] | None = None
    target_level: int | None = None
    current_level: int | None = None
    lacks_basics: bool = False
    low_paid: bool | None = None


@dataclass(frozen=True)
class CourseFacts:
    """Facts about one run: for details and for the funding check."""

    run_id: int


@dataclass(frozen=True)
class NextSteps:
    """Next roles for a worker in a sector: steps employers have published first, then the
    general table (the service answers with `jobs.pathways.next_steps`, as a list of dicts:
    role, source "employer" | "typical", employers, pay_min_pence, pay_max_pence, ...)."""

    sector: str | None
    current_role: str | None = None


@dataclass(frozen=True)
class SearchJobs:
    """Live vacancies that fit the worker (the service answers with `jobs.search.find_matches`
    as a list of `jobs.matching.Match` dicts, best first). goal: a `jobs.matching.GOALS` key."""

    goal: str | None
    offset: int = 0
    limit: int = 3
    exclude: tuple[int, ...] = ()  # vacancies the worker said are not for them
    # a job named in the search ("any forklift jobs?"): ranked as the job aimed for
    role: str | None = None
    role_sector: str | None = None
    # pay and hours said in a plan not saved yet (the search is a side trip from it), so the
    # cards can show the difference without asking again
    hourly_pence: int | None = None
    weekly_hours: float | None = None
    # a town or district named in the search ("any care jobs in bradford"): searched from there
    near: str | None = None
    # times said in the search not to work ("no nights"): (day 0-6, "HH:MM", "HH:MM") slots,
    # treated like the worker's other commitments (a clashing job ranks last, marked)
    avoid: tuple[tuple[int, str, str], ...] = ()
    remote_only: bool = False  # "any jobs from home?"
    permanent_only: bool = False  # "permanent only"


@dataclass(frozen=True)
class JobDetails:
    """How to apply for one vacancy, whether it is still open, and the worker's application
    for it (a dict: id, job_title, employer_name, closing_date, apply_url, apply_phone,
    apply_email, live, application_status; None when the vacancy is gone)."""

    vacancy_id: int


Lookup = SearchCourses | CourseFacts | NextSteps | SearchJobs | JobDetails


@dataclass
class Result:
    state: State | None
    replies: list[Reply] = field(default_factory=list)
    effects: list[Any] = field(default_factory=list)
    lookup: Any = None  # a Lookup; the service answers it and steps the flow again
    understood: bool = True  # False when the reply is "sorry, I didn't get that" (review queue)
    step_answer: bool = False  # a step that waits for a typed value took the text as its answer


# A thumbs up or a smile, with any skin tone: a yes to a question, "all fine" to a check-in's.
THUMBS_UP = r"(?:👍|👌|🙂|😊)(?:[\U0001F3FB-\U0001F3FF])?"
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|ye|yh|yea|aye|ok|okay|sure|correct|right|that'?s right"
    r"|it did|it went up|went up|deffo|definitely|please|yes please)\b"
    r"|^\s*(?:" + THUMBS_UP + r"|(?:✅|☑️)(?:[\U0001F3FB-\U0001F3FF])?)\s*$"  # a thumbs up
)
_NO = re.compile(
    r"^\W*(?:no|nah|nope|na|not really|it didn'?t|didn'?t|same|the same|still the same"
    r"|wrong|that'?s wrong|let me fix|no it'?s wrong)\b"
    r"|^\s*(?:👎|❌|🙅(?:‍♀️|‍♂️)?)(?:[\U0001F3FB-\U0001F3FF])?\s*$"
)


def pressed(event: Event, prefix: str) -> str | None:
    """What follows `prefix` in the data of a pressed button ("hrs:30" -> "30"), else None."""
    if event.kind == "button" and event.text.startswith(prefix):
        return event.text[len(prefix) :]
    return None


def yes_no(event: Event, prefix: str) -> bool | None:
    """A yes/no answer from its buttons (`<prefix>:yes|no`), the words, or the NLU's
    affirm/deny: "no same pay" is a no even when the NLU isn't sure."""
    if event.kind == "button" and event.text.startswith(prefix + ":"):
        answer = event.text[len(prefix) + 1 :]
        return True if answer == "yes" else False if answer == "no" else None
    if event.kind != "text":
        return None
    low = event.text.lower().replace("’", "'")
    if _NO.search(low):
        return False
    if _YES.search(low):
        return True
    if event.intent in ("affirm", "deny") and event.confidence >= 0.5:
        return event.intent == "affirm"
    return None


def rows(*labels_and_data: tuple[str, str], per_row: int = 2) -> list[list[Button]]:
    """Lay buttons out in rows of ``per_row``."""
    buttons = [Button(label, data) for label, data in labels_and_data]
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def money(pence: int) -> str:
    """£12.71 / £480 style amounts for workers to read."""
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{pounds:,}" if rest == 0 else f"{sign}£{pounds:,}.{rest:02d}"


# "save the first one", "details 2", "the 2nd": which item of a list on screen a typed message
# picks (testers typed these at course and job lists, and got "Sorry")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "fifth": 5, "5th": 5, "top": 1, "one": 1, "two": 2, "three": 3}  # fmt: skip
PICK = re.compile(
    r"^\W*(?P<verb>[a-z' ]*?)\s*(?:(?:the|number|no\.?|job|course)\s*)*"
    r"(?P<n>\d{1,2}|first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|top|one|two|three)"
    r"(?:\s*(?:one|1))?\W*$"
)


def picked_from(text: str, shown: list[Any], offset: int) -> tuple[str, Any] | None:
    """(the words before it, the item) a typed pick names in a list on screen whose cards are
    numbered on from `offset`: "save the first one" -> ("save", shown[0]); None when it names
    no item shown."""
    m = PICK.match(text.lower().strip()[:60])
    if m is None:
        return None
    n = m.group("n")
    index = (int(n) if n.isdigit() else _ORDINALS[n]) - 1 - offset
    return (m.group("verb").strip(), shown[index]) if 0 <= index < len(shown) else None
