"""The held-out set as the app receives it: intents after `understand()` (confidence floor,
Rasa's fallback, keywords), and money and hours after the client's merge and the normalisers
(`nlu.values.read_values`), compared with values worked out by hand.

Rasa's own report scores DIET alone; a worker meets what the app does with it, so this is the
figure the CI gate uses. An intent the app drops (too unsure) counts as out_of_scope: the
worker gets "I didn't get that", which is right only for an out-of-scope message.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from nlu.normalise import Money, Rise, likely_period
from nlu.project import (
    FRESH_HELDOUT_FILE,
    FRESH_VALUES_FILE,
    GATED_HELDOUT_FILE,
    GATED_VALUES_FILE,
    NEWEST_HELDOUT_FILE,
    NEWEST_VALUES_FILE,
    SEEN_HELDOUT_FILE,
    SEEN_VALUES_FILE,
    SET_E_HELDOUT_FILE,
    SET_E_VALUES_FILE,
    Example,
    read_examples,
)
from nlu.values import Values

# The targets the product asked for (issue "Understand workers the way they really text").
TARGET_INTENT_MACRO_F1 = 0.92
TARGET_OUT_OF_SCOPE_RECALL = 0.80
TARGET_ENTITY_F1 = 0.95
# What CI enforces today on set B: a floor just under the figures measured on 26 Nov 2026 (after
# NLU round 4 set B: macro-F1 0.908, out_of_scope recall 0.892, money 0.973, hours 0.966; round
# 3: 0.902 / 0.932 / 0.973 / 0.966; round 2: 0.858 / 0.959 / 0.955 / 0.950), so a change that
# makes things worse fails, while the intent target above is still open (not met). The margin
# allows for CI retraining the model on other hardware. Raise the floors as the figures improve;
# never lower them to let a change through.
APP_INTENT_MACRO_F1_MIN = 0.94  # round 8 (27 Nov): 0.949 / 0.973 / 1.000 / 0.983 on set B
OUT_OF_SCOPE_RECALL_MIN = TARGET_OUT_OF_SCOPE_RECALL
APP_ENTITY_F1_MIN = TARGET_ENTITY_F1
OOS = "out_of_scope"


@dataclass(frozen=True)
class Floors:
    """The CI floors for one held-out set: just under what it measured, so worse fails."""

    intent_macro_f1: float
    oos_recall: float
    money_f1: float
    hours_f1: float


SET_B_FLOORS = Floors(
    APP_INTENT_MACRO_F1_MIN, OUT_OF_SCOPE_RECALL_MIN, APP_ENTITY_F1_MIN, APP_ENTITY_F1_MIN
)
# Set C (fresh, written after set B had gated two rounds), measured on 26 Nov 2026 (656 texts):
# the round-3 model 0.871 macro-F1, out_of_scope recall 0.957, money 0.906, hours 0.959;
# with round 4's data (written without seeing set C) 0.885 / 1.000 / 0.919 / 0.959; with the
# round-5 normalisers (tuned on a development set, not on C) 0.885 / 1.000 / 0.971 / 0.980;
# with the mixed classifier 0.880 / 1.000 / 0.971 / 0.980 (intent 0.005 lower on this set).
# The floors sit just under it, so it can only go up. Raise them with each measured
# improvement; never lower them to let a change through.
# Round 8 (27 Nov, training data from writers who saw no held-out set): 0.938 / 1.000 /
# 0.964 / 0.980.
SET_C_FLOORS = Floors(0.93, 0.95, 0.95, 0.97)
# Set D (the newest: 575 messages after 97 that equal training texts were removed unseen),
# first measured on 26 Nov 2026 with the round-4 model and the round-5 normalisers: 0.871 /
# 0.725 / 0.949 / 0.943; with DIET mixed with the character n-gram classifier (chosen on the
# development sets before D was measured with it) 0.877 / 0.863 / 0.949 / 0.943. The floors
# sit just under what it measured.
# Round 8 (27 Nov): 0.927 / 0.863 / 0.955 / 0.943; hours 0.962 with the hours readings of the
# second development set.
SET_D_FLOORS = Floors(0.915, 0.84, 0.95, 0.95)
# Set E (the newest: 480 messages after 163 that equal training texts were removed unseen),
# first measured on 27 Nov 2026 with the round-8 model: 0.919 / 1.000 / 0.967 / 0.939 (the
# round-4 model, served until then: 0.874 / 1.000 / 0.960 / 0.939).
# With the new hours readings (chosen on a development set): 0.919 / 1.000 / 0.967 / 0.939.
SET_E_FLOORS = Floors(0.91, 0.93, 0.95, 0.93)


@dataclass(frozen=True)
class AppSet:
    """One held-out set read the way the app reads it: its files, floors, whether CI gates it
    and where its misses are written (a gated set's misses go only where nobody tunes)."""

    name: str
    heldout: Path
    values: Path
    floors: Floors
    gated: bool
    misses_file: str | None


APP_SETS: tuple[AppSet, ...] = (
    AppSet("B", GATED_HELDOUT_FILE, GATED_VALUES_FILE, SET_B_FLOORS, True, "gate_misses.md"),
    # set A was read during development: reported, never gated
    AppSet("A", SEEN_HELDOUT_FILE, SEEN_VALUES_FILE, SET_B_FLOORS, False, None),
    AppSet("C", FRESH_HELDOUT_FILE, FRESH_VALUES_FILE, SET_C_FLOORS, True, "gate_misses_c.md"),
    AppSet("D", NEWEST_HELDOUT_FILE, NEWEST_VALUES_FILE, SET_D_FLOORS, True, "gate_misses_d.md"),
    AppSet("E", SET_E_HELDOUT_FILE, SET_E_VALUES_FILE, SET_E_FLOORS, True, "gate_misses_e.md"),
)
"""Every set measured as the app receives it, in the order reported: the one table the
evaluation, its report and the tests read."""
GATED_SETS = tuple(s for s in APP_SETS if s.gated)


@dataclass(frozen=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> Score:
        return Score(self.tp + tp, self.fp + fp, self.fn + fn)


@dataclass
class AppFigures:
    n_examples: int
    intent_macro_f1: float
    accuracy: float
    per_intent: dict[str, Score]
    money: Score
    hours: Score
    rises: Score
    value_cases: int
    wrong_intents: list[tuple[str, str, str]] = field(default_factory=list)  # text, exp, got
    wrong_values: list[tuple[str, str, str]] = field(default_factory=list)  # text, exp, got
    failures: list[str] = field(default_factory=list)  # below a CI floor
    short_of_target: list[str] = field(default_factory=list)  # above the floor, below target
    floors: Floors = SET_B_FLOORS

    @property
    def oos(self) -> Score:
        return self.per_intent.get(OOS, Score())


def intent_figures(pairs: list[tuple[str, str]]) -> tuple[float, float, dict[str, Score]]:
    """(macro-F1, accuracy, per-intent scores) from (expected, predicted) pairs."""
    scores: dict[str, Score] = {}
    for expected, predicted in pairs:
        scores.setdefault(expected, Score())
        scores.setdefault(predicted, Score())
        if expected == predicted:
            scores[expected] = scores[expected].add(tp=1)
        else:
            scores[expected] = scores[expected].add(fn=1)
            scores[predicted] = scores[predicted].add(fp=1)
    expected_intents = {e for e, _ in pairs}
    macro = (
        sum(scores[i].f1 for i in expected_intents) / len(expected_intents)
        if expected_intents
        else 0.0
    )
    accuracy = sum(e == p for e, p in pairs) / len(pairs) if pairs else 0.0
    return macro, accuracy, scores


def _money_matches(expected: dict[str, Any], got: Money) -> bool:
    if int(expected["pence"]) != got.pence:
        return False
    period = expected.get("period")
    return period is None or likely_period(got) == period


def _rise_matches(expected: dict[str, Any], got: Rise) -> bool:
    if "percent" in expected:
        return got.percent is not None and got.percent == Decimal(str(expected["percent"]))
    return got.pence == int(expected.get("pence", -1))


def _score_money(case: dict[str, Any], said: Money | None, money: Score) -> tuple[Score, list[str]]:
    """Money: a pay the case has but the app missed or misread is a miss (and a false positive
    if something else was read); a pay read where the case has none is a false positive."""
    expected = case.get("money")
    if expected:
        if said is not None and _money_matches(expected, said):
            return money.add(tp=1), []
        return money.add(fn=1, fp=1 if said is not None else 0), [f"money {expected} got {said}"]
    if said is not None:
        return money.add(fp=1), [f"money none got {said}"]
    return money, []


def _score_rise(case: dict[str, Any], got: Rise | None, rises: Score) -> tuple[Score, list[str]]:
    """Rises are scored only in cases that say `rise`: there, an empty `rise` means "no rise",
    so a rise read is a false positive (counted, not listed)."""
    expected = case.get("rise")
    if expected:
        if got is not None and _rise_matches(expected, got):
            return rises.add(tp=1), []
        return rises.add(fn=1, fp=1 if got is not None else 0), [f"rise {expected} got {got}"]
    if got is not None and "rise" in case:
        return rises.add(fp=1), []
    return rises, []


def _score_hours(
    case: dict[str, Any], said: Decimal | None, hours: Score
) -> tuple[Score, list[str]]:
    """Weekly hours. "Full time" and the like (`contract`) carry no weekly number to score; in a
    case with shift hours but no weekly hours, a weekly figure read is not held against the app."""
    if "contract" in case:
        return hours, []
    expected = case.get("hours")
    if expected is not None:
        if said is not None and Decimal(str(expected)) == said:
            return hours.add(tp=1), []
        return hours.add(fn=1, fp=1 if said is not None else 0), [f"hours {expected} got {said}"]
    if said is not None and "shift_hours" not in case:
        return hours.add(fp=1), [f"hours none got {said}"]
    return hours, []


def score_values(
    case: dict[str, Any], got: Values, money: Score, hours: Score, rises: Score
) -> tuple[Score, Score, Score, list[str]]:
    """Add one hand-worked case to the money, hours and rise scores; returns what was wrong."""
    money, money_wrong = _score_money(case, got.said_money, money)
    rises, rise_wrong = _score_rise(case, got.rise, rises)
    hours, hours_wrong = _score_hours(case, got.said_hours, hours)
    return money, hours, rises, money_wrong + rise_wrong + hours_wrong


Reader = Callable[[str], tuple[str | None, Values]]


def measure(
    examples: list[Example],
    cases: list[dict[str, Any]],
    read: Reader,
    floors: Floors = SET_B_FLOORS,
) -> AppFigures:
    """Score the app's reading of each held-out example. `read` gives (intent, values)."""
    pairs: list[tuple[str, str]] = []
    wrong_intents: list[tuple[str, str, str]] = []
    readings: dict[str, Values] = {}
    for ex in examples:
        intent, values = read(ex.text)
        predicted = intent if intent and intent != "nlu_fallback" else OOS
        pairs.append((ex.intent, predicted))
        readings[ex.text] = values
        if predicted != ex.intent:
            wrong_intents.append((ex.text, ex.intent, predicted))
    macro, accuracy, per_intent = intent_figures(pairs)
    money, hours, rises = Score(), Score(), Score()
    wrong_values: list[tuple[str, str, str]] = []
    for case in cases:
        text = str(case["text"])
        got = readings.get(text)
        if got is None:
            got = read(text)[1]
        money, hours, rises, wrong = score_values(case, got, money, hours, rises)
        wrong_values += [(text, w, "") for w in wrong]
    figures = AppFigures(
        len(pairs),
        macro,
        accuracy,
        per_intent,
        money,
        hours,
        rises,
        len(cases),
        wrong_intents,
        wrong_values,
        floors=floors,
    )
    checks = [
        ("app intent macro-F1", macro, floors.intent_macro_f1, TARGET_INTENT_MACRO_F1),
        (
            "out_of_scope recall",
            figures.oos.recall,
            floors.oos_recall,
            TARGET_OUT_OF_SCOPE_RECALL,
        ),
        ("app money F1", money.f1, floors.money_f1, TARGET_ENTITY_F1),
        ("app hours F1", hours.f1, floors.hours_f1, TARGET_ENTITY_F1),
    ]
    for name, value, floor, target in checks:
        if value < floor:
            figures.failures.append(f"{name} {value:.3f} < {floor} (the CI floor)")
        elif value < target:
            figures.short_of_target.append(f"{name} {value:.3f} < {target} (target, not met)")
    return figures


def load_cases(path: Path) -> list[dict[str, Any]]:
    import yaml  # a dev dependency: only the evaluation reads the hand-worked values

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("values", []))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(
    model: Path,
    sets: list[tuple[Path, Path]],
    venv: Path | None = None,
    today: date | None = None,
    floors: list[Floors] | None = None,
) -> list[AppFigures]:
    """Start Rasa with `model` once, read every example of each (nlu file, values file) set
    through the app's client and understand(), and score each set."""
    from nlu.client import NluClient
    from nlu.server import RasaProcess
    from nlu.understand import understand
    from nlu.values import read_values

    @dataclass
    class _Settings:
        rasa_url: str
        rasa_token: str
        rasa_venv: Path | None
        rasa_timeout_seconds: float = 10.0

    settings = _Settings(f"http://127.0.0.1:{free_port()}", "eval-token", venv)
    when = today or date.today()
    # a stand-in holding only the fields RasaProcess reads, not a whole Settings
    with RasaProcess(settings, model=model, startup_timeout=300) as proc:  # type: ignore[arg-type]
        client = NluClient(proc.url, settings.rasa_token, timeout=10.0)

        def read(text: str) -> tuple[str | None, Values]:
            got = understand(text, client, today=when)  # the same call the service makes
            return got.intent, got.read or read_values(text, when)

        return [
            measure(read_examples(nlu_file), load_cases(values_file), read, set_floors)
            for (nlu_file, values_file), set_floors in zip(
                sets, floors or [SET_B_FLOORS] * len(sets), strict=True
            )
        ]


def render(figures: AppFigures, name: str, *, misses: bool = True) -> str:
    verdict = "PASS" if not figures.failures else "FAIL"
    oos = figures.oos
    lines = [
        f"## As the app receives it: `{name}` ({verdict})",
        "",
        f"- Intent macro-F1 **{figures.intent_macro_f1:.3f}** (target {TARGET_INTENT_MACRO_F1},"
        f" CI floor {figures.floors.intent_macro_f1}), accuracy {figures.accuracy:.3f},"
        f" {figures.n_examples} examples",
        f"- out_of_scope precision {oos.precision:.3f}, recall **{oos.recall:.3f}** "
        f"(target {TARGET_OUT_OF_SCOPE_RECALL}, CI floor {figures.floors.oos_recall})",
        f"- money F1 **{figures.money.f1:.3f}** (P {figures.money.precision:.3f}, "
        f"R {figures.money.recall:.3f}); hours F1 **{figures.hours.f1:.3f}** "
        f"(P {figures.hours.precision:.3f}, R {figures.hours.recall:.3f}); "
        f"target {TARGET_ENTITY_F1}, CI floors {figures.floors.money_f1} /"
        f" {figures.floors.hours_f1};"
        f" {figures.value_cases} hand-worked cases",
        f"- rises read right: {figures.rises.tp} of {figures.rises.tp + figures.rises.fn}",
        "",
        "| intent | precision | recall | F1 | support |",
        "| --- | --- | --- | --- | --- |",
    ]
    for intent, score in sorted(figures.per_intent.items(), key=lambda kv: kv[1].f1):
        support = score.tp + score.fn
        if support:
            lines.append(
                f"| {intent} | {score.precision:.3f} | {score.recall:.3f} | "
                f"{score.f1:.3f} | {support} |"
            )
    if misses:
        lines += ["", f"### Wrong intents ({len(figures.wrong_intents)})", ""]
        lines += [f"- {t!r}: {e} -> {p}" for t, e, p in figures.wrong_intents]
        lines += ["", f"### Wrong values ({len(figures.wrong_values)})", ""]
        lines += [f"- {t!r}: {w}" for t, w, _ in figures.wrong_values]
    else:
        lines += [
            "",
            f"{len(figures.wrong_intents)} wrong intents and "
            f"{len(figures.wrong_values)} wrong values are listed in gate_misses.md "
            "(never to be used for training or tuning).",
        ]
    if figures.short_of_target:
        lines += ["", "### Targets not met yet", ""] + [f"- {f}" for f in figures.short_of_target]
    if figures.failures:
        lines += ["", "### Failed CI floors", ""] + [f"- {f}" for f in figures.failures]
    return "\n".join(lines) + "\n"


def read_blind_labels(path: Path) -> dict[str, str]:
    """A second person's intent for each text of a set (`label<TAB>text` lines, # comments)."""
    labels: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            labels[text] = label
    return labels


@dataclass(frozen=True)
class Agreement:
    """How far a blind second labeller agrees with a set, and the app with both. If people
    disagree as often as the app is wrong, the set's target is out of any model's reach; if
    they agree, the app's misses are its own."""

    human_macro_f1: float
    app_macro_f1: float | None = None
    app_vs_human_macro_f1: float | None = None
    app_wrong: int = 0
    labeller_chose_app: int = 0  # of the app's misses, those where the labeller said the same


def agreement(
    examples: list[Example], labels: dict[str, str], app: dict[str, str] | None = None
) -> Agreement:
    """Agreement figures from a set, its blind labels and (optionally) the app's intents."""
    human = intent_figures([(e.intent, labels[e.text]) for e in examples])[0]
    if app is None:
        return Agreement(human)
    wrong = [e for e in examples if app[e.text] != e.intent]
    return Agreement(
        human,
        intent_figures([(e.intent, app[e.text]) for e in examples])[0],
        intent_figures([(labels[e.text], app[e.text]) for e in examples])[0],
        len(wrong),
        sum(labels[e.text] == app[e.text] for e in wrong),
    )
