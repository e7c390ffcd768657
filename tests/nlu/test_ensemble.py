"""The mix of DIET's ranking and the character n-gram classifier (nlu.ensemble)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlu.ensemble import mix
from nlu.project import COMPONENT_FILES, rasa_env, training_fingerprint


def test_an_even_mix_worked_by_hand() -> None:
    """DIET: help 0.6, out_of_scope 0.3; the other: out_of_scope 0.9, help 0.1. Even mix:
    out_of_scope 0.15 + 0.45 = 0.60, help 0.30 + 0.05 = 0.35: the two disagree and the more
    certain one wins."""
    got = mix([("help", 0.6), ("out_of_scope", 0.3)], {"out_of_scope": 0.9, "help": 0.1}, 0.5)
    assert [(n, round(c, 6)) for n, c in got] == [("out_of_scope", 0.6), ("help", 0.35)]


def test_an_intent_outside_dietS_top_ten_counts_zero_there() -> None:
    got = mix([("greet", 1.0)], {"greet": 0.2, "stop": 0.8}, 0.5)
    assert [(n, round(c, 6)) for n, c in got] == [("greet", 0.6), ("stop", 0.4)]


def test_the_fallback_intent_is_never_mixed_in_and_weights_are_clamped() -> None:
    got = mix([("nlu_fallback", 0.9), ("stop", 0.1)], {"stop": 1.0}, 2.0)
    assert got == [("stop", 1.0)]


_rankings = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.floats(0, 1)),
    max_size=4,
    unique_by=lambda t: t[0],
)
_probs = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.floats(0, 1))


@given(_rankings, _probs, st.floats(0, 1))
def test_the_mix_is_sorted_bounded_and_between_its_inputs(
    diet: list[tuple[str, float]], other: dict[str, float], weight: float
) -> None:
    got = mix(diet, other, weight)
    confs = [c for _, c in got]
    assert confs == sorted(confs, reverse=True)
    assert len(got) <= 10 and len({n for n, _ in got}) == len(got)
    d = dict(diet)
    for name, conf in got:
        low, high = sorted([d.get(name, 0.0), other.get(name, 0.0)])
        assert low - 1e-9 <= conf <= high + 1e-9  # a weighted mean of its two scores


def test_the_components_shape_the_model_and_rasa_can_import_them() -> None:
    names = {p.name for p in COMPONENT_FILES}
    assert {"ensemble.py", "__init__.py"} <= names
    assert len(training_fingerprint()) == 12
    paths = rasa_env()["PYTHONPATH"].split(":")
    assert any(p.endswith("nlu/rasa_project") for p in paths)


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_a_weight_of_zero_or_one_gives_one_side_alone(weight: float) -> None:
    diet, other = [("a", 0.7), ("b", 0.3)], {"a": 0.1, "b": 0.9}
    top = mix(diet, other, weight)[0][0]
    assert top == ("a" if weight == 0.0 else "b")
