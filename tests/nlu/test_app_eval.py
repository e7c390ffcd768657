"""The app-level scoring (nlu/app_eval.py) on small hand-worked cases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlu.app_eval import (
    GATED_SETS,
    Score,
    agreement,
    intent_figures,
    measure,
    read_blind_labels,
    score_values,
)
from nlu.normalise import Money, Rise
from nlu.project import (
    BLIND_LABEL_FILES,
    FRESH_HELDOUT_FILE,
    NEWEST_HELDOUT_FILE,
    Example,
    normalised,
    read_examples,
    training_examples,
)
from nlu.values import Values

SETS = [(s.heldout, s.values) for s in GATED_SETS]


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


def test_each_set_is_held_to_its_own_floors() -> None:
    """One of four "stop" messages dropped: stop F1 6/7 (P 1, R 3/4), out_of_scope F1 2/3
    (P 1/2, R 1), greet 1; macro (6/7 + 2/3 + 1) / 3 = 0.841: over a 0.80 floor and under
    set B's 0.94."""
    from nlu.app_eval import Floors
    from nlu.project import Example

    examples = [Example("stop", t) for t in "abcd"]
    examples += [Example("greet", "e"), Example("out_of_scope", "f")]
    answers = {"a": "stop", "b": "stop", "c": "stop", "d": None, "e": "greet", "f": None}

    def read(text: str) -> tuple[str | None, Values]:
        return answers[text], Values()

    b = measure(examples, [], read)
    c = measure(examples, [], read, Floors(0.80, 0.80, 0.90, 0.90))
    assert round(b.intent_macro_f1, 3) == round(c.intent_macro_f1, 3) == 0.841
    assert any("macro-F1 0.841 < 0.94" in f for f in b.failures)
    assert not any("macro-F1" in f for f in c.failures)


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
    # set E keeps 15 of its 22 off-topic messages (7 equal training texts): enough to gate the
    # recall, with the other sets' 23-54 beside it
    assert sum(ex.intent == "out_of_scope" for ex in examples) >= 15


def _score_one(case: dict[str, Any], got: Values) -> tuple[Score, Score, Score, list[str]]:
    return score_values({"text": "t", **case}, got, Score(), Score(), Score())


def test_a_misread_or_missed_value_is_a_miss_and_listed() -> None:
    money, hours, rises, wrong = _score_one(
        {"money": {"pence": 1144, "period": "hour"}, "hours": 30},
        Values(said_money=Money(1144, "week"), said_hours=Decimal("20")),
    )
    assert (money, hours, rises) == (Score(fp=1, fn=1), Score(fp=1, fn=1), Score())
    assert wrong == [
        "money {'pence': 1144, 'period': 'hour'} got Money(pence=1144, period='week', "
        "minimum_wage=False)",
        "hours 30 got 20",
    ]
    # nothing read at all: a miss without a false positive
    money, hours, _, wrong = _score_one({"money": {"pence": 90000}, "hours": 16}, Values())
    assert (money, hours, len(wrong)) == (Score(fn=1), Score(fn=1), 2)
    # no period in the case: any period matches
    money, _, _, wrong = _score_one(
        {"money": {"pence": 90000}}, Values(said_money=Money(90000, None))
    )
    assert (money, wrong) == (Score(tp=1), [])


def test_hours_read_where_none_were_expected() -> None:
    stray = Values(said_hours=Decimal("38"))
    _, hours, _, wrong = _score_one({}, stray)
    assert (hours, wrong) == (Score(fp=1), ["hours none got 38"])
    # shift hours only: a weekly figure read from them is not held against the app
    assert _score_one({"shift_hours": 8}, stray)[1:] == (Score(), Score(), [])
    # "full time": no weekly number to score, even a wrong one
    assert _score_one({"contract": "full_time", "hours": 37.5}, stray)[1:] == (
        Score(),
        Score(),
        [],
    )


def test_a_stray_rise_counts_only_where_the_case_says_rise() -> None:
    got = Values(rise=Rise(40, None, None))
    assert _score_one({"rise": None}, got)[2:] == (Score(fp=1), [])
    assert _score_one({}, got)[2:] == (Score(), [])
    _, _, rises, wrong = _score_one({"rise": {"pence": 50}}, got)
    assert rises == Score(fp=1, fn=1)
    assert wrong == ["rise {'pence': 50} got Rise(pence=40, percent=None, period=None)"]


_money_cases = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"pence": st.integers(1, 10**7)},
        optional={"period": st.sampled_from(["hour", "week", "month", "year"])},
    ),
)
_money_reads = st.one_of(
    st.none(),
    st.builds(
        Money, st.integers(1, 10**7), st.sampled_from([None, "hour", "week", "month", "year"])
    ),
)
_rise_cases = st.one_of(
    st.none(),
    st.fixed_dictionaries({"pence": st.integers(1, 500)}),
    st.fixed_dictionaries({"percent": st.integers(1, 20)}),
)
_rise_reads = st.one_of(
    st.none(),
    st.builds(Rise, st.integers(1, 500), st.none(), st.none()),
    st.builds(Rise, st.none(), st.integers(1, 20).map(Decimal), st.none()),
)
_hours = st.one_of(st.none(), st.integers(1, 60))


@given(
    money=_money_cases,
    said_money=_money_reads,
    rise=_rise_cases,
    has_rise_key=st.booleans(),
    got_rise=_rise_reads,
    hours=_hours,
    said_hours=_hours,
    contract=st.booleans(),
    shift_hours=st.booleans(),
)
def test_each_case_moves_each_score_by_at_most_one(
    money: dict[str, Any] | None,
    said_money: Money | None,
    rise: dict[str, Any] | None,
    has_rise_key: bool,
    got_rise: Rise | None,
    hours: int | None,
    said_hours: int | None,
    contract: bool,
    shift_hours: bool,
) -> None:
    """Why: the gate's F1 figures are only right if one case is one expected value at most:
    tp + fn grows by one exactly when the case expects the value, fp only when one was read."""
    case: dict[str, Any] = {"money": money, "hours": hours}
    if has_rise_key or rise is not None:
        case["rise"] = rise
    if contract:
        case["contract"] = "full_time"
    if shift_hours:
        case["shift_hours"] = 8
    got = Values(
        said_money=said_money,
        rise=got_rise,
        said_hours=None if said_hours is None else Decimal(said_hours),
    )
    scores = _score_one(case, got)[:3]  # money, hours, rises
    expects = (money is not None, hours is not None and not contract, rise is not None)
    read = (said_money is not None, said_hours is not None, got_rise is not None)
    for score, expected, was_read in zip(scores, expects, read, strict=True):
        assert score.tp + score.fn == (1 if expected else 0)
        assert score.fp <= (1 if was_read else 0)
    # reading exactly what the case expects scores true positives and lists nothing
    exact = Values(
        said_money=None if money is None else Money(money["pence"], money.get("period")),
        rise=None if rise is None else Rise(rise.get("pence"), _percent(rise), None),
        said_hours=None if hours is None else Decimal(hours),
    )
    money_s, hours_s, rises_s, wrong = _score_one(case, exact)
    assert wrong == []
    assert (money_s.fp, hours_s.fp, rises_s.fp) == (0, 0, 0)


def _percent(rise: dict[str, Any]) -> Decimal | None:
    return Decimal(rise["percent"]) if "percent" in rise else None


def test_agreement_by_hand() -> None:
    examples = [
        Example(intent="greet", text="hiya"),
        Example(intent="deny", text="no ta"),
        Example(intent="out_of_scope", text="what time is it"),
        Example(intent="stop", text="stop it"),
    ]
    labels = {
        "hiya": "greet",
        "no ta": "deny",
        "what time is it": "out_of_scope",
        "stop it": "deny",
    }
    app = {
        "hiya": "greet",
        "no ta": "out_of_scope",
        "what time is it": "out_of_scope",
        "stop it": "deny",
    }
    a = agreement(examples, labels, app)
    # labeller vs set: greet 1, deny P 0.5 R 1 -> 2/3, out_of_scope 1, stop 0
    assert abs(a.human_macro_f1 - (1 + 2 / 3 + 1 + 0) / 4) < 1e-9
    # app vs set: greet 1, deny R 0 -> 0, out_of_scope P 0.5 R 1 -> 2/3, stop 0
    assert a.app_macro_f1 is not None and abs(a.app_macro_f1 - (1 + 0 + 2 / 3 + 0) / 4) < 1e-9
    # the app missed "no ta" and "stop it"; the labeller also said deny for "stop it"
    assert (a.app_wrong, a.labeller_chose_app) == (2, 1)
    assert agreement(examples, labels).app_macro_f1 is None


@pytest.mark.parametrize(
    ("name", "heldout"), [("C", FRESH_HELDOUT_FILE), ("D", NEWEST_HELDOUT_FILE)]
)
def test_blind_labels_cover_exactly_their_set(name: str, heldout: Path) -> None:
    examples = read_examples(heldout)
    labels = read_blind_labels(BLIND_LABEL_FILES[name])
    assert set(labels) == {e.text for e in examples}
    assert set(labels.values()) <= {e.intent for e in examples}
