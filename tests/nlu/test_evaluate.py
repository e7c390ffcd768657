"""The evaluation gate on Rasa-shaped report files (the real run is in the integration test)."""

from __future__ import annotations

import json
from pathlib import Path

from nlu.evaluate import (
    combine_heldout,
    leaked_examples,
    render_confusions,
    render_markdown,
    summarise,
)
from nlu.project import normalised, read_examples, training_examples


def _write(out: Path, intent_f1: float, money: float | None, hours: float) -> None:
    def rep(f1: float, support: int = 10) -> dict[str, float]:
        return {"precision": f1, "recall": f1, "f1-score": f1, "support": support}

    intents = {"greet": rep(1.0), "stop": rep(intent_f1), "accuracy": 0.95}
    intents |= {"macro avg": rep(intent_f1, 20), "weighted avg": rep(intent_f1, 20)}
    (out / "intent_report.json").write_text(json.dumps(intents))
    (out / "DIETClassifier_report.json").write_text(
        json.dumps({"money": rep(0.5), "job_title": rep(0.9), "macro avg": rep(0.7)})
    )
    if money is not None:
        regex = {"money": rep(money), "hours": rep(hours), "job_title": rep(0.0)}
        (out / "RegexEntityExtractor_report.json").write_text(json.dumps(regex))
    errors = [
        {
            "text": "nooo",
            "intent": "deny",
            "intent_prediction": {"name": "affirm", "confidence": 0.4},
        }
    ]
    (out / "intent_errors.json").write_text(json.dumps(errors))


def test_passes_when_all_thresholds_are_met(tmp_path: Path) -> None:
    _write(tmp_path, intent_f1=0.93, money=0.97, hours=1.0)
    summary = summarise(tmp_path)
    assert summary.passed, summary.failures
    assert summary.intent_macro_f1 == 0.93
    assert summary.confusions == [("nooo", "deny", "affirm", 0.4)]
    text = render_markdown(summary, tmp_path / "nlu-x.tar.gz")
    assert text.startswith("# NLU held-out evaluation: PASS")
    assert "| RegexEntityExtractor | job_title |" not in text  # it never extracts those
    assert "deny -> affirm: 1" in render_confusions(summary)


def test_fails_on_low_intent_f1_and_low_entity_f1(tmp_path: Path) -> None:
    _write(tmp_path, intent_f1=0.89, money=0.96, hours=0.94)
    summary = summarise(tmp_path)
    assert not summary.passed
    assert len(summary.failures) == 2
    assert "intent macro-F1 0.890" in summary.failures[0]
    assert "hours F1" in summary.failures[1]
    assert "FAIL" in render_markdown(summary, tmp_path / "m.tar.gz")


def test_fails_when_the_regex_report_is_missing(tmp_path: Path) -> None:
    _write(tmp_path, intent_f1=0.95, money=None, hours=1.0)
    summary = summarise(tmp_path)
    assert summary.failures == [
        "no money results from RegexEntityExtractor",
        "no hours results from RegexEntityExtractor",
    ]


def test_per_file_figures_are_shown_but_only_combined_is_gated(tmp_path: Path) -> None:
    weak, good = tmp_path / "weak", tmp_path / "good"
    for path in (weak, good):
        path.mkdir()
    _write(weak, intent_f1=0.80, money=0.90, hours=0.90)
    _write(good, intent_f1=0.99, money=1.0, hours=1.0)
    _write(tmp_path, intent_f1=0.91, money=0.96, hours=0.96)
    per_file = {"a.yml": summarise(weak, gate=False), "b.yml": summarise(good, gate=False)}
    assert per_file["a.yml"].passed  # informational: below the bar, but not gated on its own
    combined = summarise(tmp_path)
    combined.per_file = per_file
    assert combined.passed
    text = render_markdown(combined, tmp_path / "m.tar.gz")
    assert "| a.yml | 20 | 0.800 | 0.950 | 0.900 | 0.900 |" in text
    assert "| b.yml | 20 | 0.990 | 0.950 | 1.000 | 1.000 |" in text
    assert "| combined | 20 | 0.910 | 0.950 | 0.960 | 0.960 |" in text
    confusions = render_confusions(combined, {normalised("nooo"): "a.yml"})
    assert "| nooo | deny | affirm | 0.40 | a.yml |" in confusions


def test_combined_file_holds_every_example_of_each_file(tmp_path: Path) -> None:
    first, second = tmp_path / "one.yml", tmp_path / "two.yml"
    first.write_text(
        'version: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - hiya\n'
        "  - intent: inform_pay\n    examples: |\n      - on [£12 an hour](money)\n"
    )
    second.write_text(
        '# note\nversion: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - hey up\n'
    )
    combined = combine_heldout((first, second), tmp_path / "out" / "all.yml")
    assert read_examples(combined) == read_examples(first) + read_examples(second)
    assert "[£12 an hour](money)" in combined.read_text()


def test_leak_check_names_the_file_of_a_leaked_example(tmp_path: Path) -> None:
    trained = training_examples()[0]
    clean, leaky = tmp_path / "clean.yml", tmp_path / "leaky.yml"
    clean.write_text("nlu:\n  - intent: greet\n    examples: |\n      - zzq never said\n")
    leaky.write_text(
        f"nlu:\n  - intent: {trained.intent}\n    examples: |\n      - {trained.text.upper()}\n"
    )
    assert leaked_examples((clean,)) == []
    assert leaked_examples((clean, leaky)) == [f"{trained.text.upper()} (leaky.yml)"]


def test_entity_table_leaves_out_averages_and_the_regex_extractors_zero_rows(
    tmp_path: Path,
) -> None:
    _write(tmp_path, intent_f1=0.93, money=0.97, hours=1.0)
    text = render_markdown(summarise(tmp_path), tmp_path / "m.tar.gz")
    table = [line for line in text.splitlines() if line.startswith("| DIET") or "| Regex" in line]
    assert table == [
        "| DIETClassifier | job_title | 0.900 |",
        "| DIETClassifier | money | 0.500 |",
        "| RegexEntityExtractor | hours | 1.000 |",
        "| RegexEntityExtractor | money | 0.970 |",
    ]
