"""The app-level scoring (nlu/app_eval.py) on small hand-worked cases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nlu.app_eval import Score, intent_figures, measure, score_values
from nlu.normalise import Money, Rise
from nlu.project import (
    FRESH_HELDOUT_FILE,
    FRESH_VALUES_FILE,
    GATED_HELDOUT_FILE,
    GATED_VALUES_FILE,
    normalised,
    read_examples,
    training_examples,
)
from nlu.values import Values

SETS = [(GATED_HELDOUT_FILE, GATED_VALUES_FILE), (FRESH_HELDOUT_FILE, FRESH_VALUES_FILE)]


def test_intent_figures_by_hand() -> None:
    pairs = [
        ("greet", "greet"),
        ("greet", "out_of_scope"),
        ("stop", "stop"),
        ("out_of_scope", "out_of_scope"),
    ]
    macro, accuracy, scores = intent_figures(pairs)
    # greet: P 1, R 0.5, F1 2/3; stop: 1; out_of_scope: P 0.5, R 1, F1 2/3
    assert abs(macro - (2 / 3 + 1 + 2 / 3) / 3) < 1e-9 and accuracy == 0.75
    assert scores["out_of_scope"] == Score(tp=1, fp=1, fn=0)


def test_values_scored_as_the_app_reads_them() -> None:
    money, hours, rises = Score(), Score(), Score()
    right = Values(said_money=Money(1144, "hour"), said_hours=Decimal("30"))
    money, hours, rises, wrong = score_values(
        {"text": "a", "money": {"pence": 1144, "period": "hour"}, "hours": 30},
        right,
        money,
        hours,
        rises,
    )
    assert (money, hours, wrong) == (Score(tp=1), Score(tp=1), [])
    # a rise read as a pay is a money false positive and a missed rise
    money, hours, rises, wrong = score_values(
        {"text": "b", "rise": {"pence": 40}},
        Values(said_money=Money(40, None)),
        money,
        hours,
        rises,
    )
    assert money == Score(tp=1, fp=1) and rises == Score(fn=1) and len(wrong) == 2
    money, hours, rises, _ = score_values(
        {"text": "c", "rise": {"percent": 5}},
        Values(rise=Rise(None, Decimal(5), None)),
        money,
        hours,
        rises,
    )
    assert rises == Score(tp=1, fn=1)


def test_a_dropped_intent_counts_as_out_of_scope() -> None:
    from nlu.project import Example

    figures = measure(
        [Example("stop", "x"), Example("out_of_scope", "y")], [], lambda text: (None, Values())
    )
    assert figures.oos == Score(tp=1, fp=1) and figures.per_intent["stop"] == Score(fn=1)
    assert any("macro-F1" in f for f in figures.failures)


@pytest.mark.parametrize(("nlu_file", "values_file"), SETS, ids=lambda p: p.name)
def test_gated_heldout_never_overlaps_training_data(nlu_file: Path, values_file: Path) -> None:
    """Honest measurement: not one held-out text (case and punctuation aside) is trained on."""
    trained = {normalised(ex.text) for ex in training_examples()}
    leaked = [ex.text for ex in read_examples(nlu_file) if normalised(ex.text) in trained]
    assert leaked == []


@pytest.mark.parametrize(("nlu_file", "values_file"), SETS, ids=lambda p: p.name)
def test_every_hand_worked_value_names_a_heldout_text(nlu_file: Path, values_file: Path) -> None:
    from nlu.app_eval import load_cases

    examples = read_examples(nlu_file)
    texts = {ex.text for ex in examples}
    cases = load_cases(values_file)
    assert len(cases) >= 150
    assert [c["text"] for c in cases if c["text"] not in texts] == []
    intents = {ex.intent for ex in examples}
    assert len(examples) >= 400 and len(intents) >= 27
    assert sum(ex.intent == "out_of_scope" for ex in examples) >= 20
