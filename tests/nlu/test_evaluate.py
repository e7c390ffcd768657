"""The evaluation gate on Rasa-shaped report files (the real run is in the integration test)."""

from __future__ import annotations

import json
from pathlib import Path

from nlu.evaluate import render_confusions, render_markdown, summarise


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
