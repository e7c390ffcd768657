"""Evaluate the NLU model on the held-out set: `python -m nlu.evaluate`.

Trains first if the model is out of date, runs the Rasa venv's `rasa test nlu` on
rasa_project/tests/heldout_nlu.yml (never trained on), then writes to rasa_project/results/:
intent_report.json and per-extractor entity reports (from Rasa), confusions.md (every wrong
intent) and summary.md (printed too). Exits 1 if a threshold is missed, so CI enforces them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nlu.project import (
    HELDOUT_FILE,
    PROJECT_DIR,
    RESULTS_DIR,
    normalised,
    rasa_env,
    rasa_executable,
    read_examples,
    training_examples,
)
from nlu.train import train

INTENT_MACRO_F1_MIN = 0.90
ENTITY_F1_MIN = 0.95
# The app takes money and hours from the regex extractor (nlu.client prefers it), so that is
# the extractor we measure them on.
GATED_ENTITIES = {"money": "RegexEntityExtractor", "hours": "RegexEntityExtractor"}


class EvaluationFailed(RuntimeError):
    pass


@dataclass
class Summary:
    intent_macro_f1: float
    intent_accuracy: float
    n_examples: int
    entity_f1: dict[str, dict[str, float]]  # extractor -> entity -> f1
    weak_intents: list[tuple[str, float]]
    confusions: list[tuple[str, str, str, float]]  # text, expected, predicted, confidence
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def leaked_examples(heldout: Path = HELDOUT_FILE) -> list[str]:
    """Held-out texts that also appear in the training data (after normalising case/punct)."""
    trained = {normalised(ex.text) for ex in training_examples()}
    return [ex.text for ex in read_examples(heldout) if normalised(ex.text) in trained]


def run_rasa_test(model: Path, out: Path, venv: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob("*_report.json"), *out.glob("*_errors.json"), *out.glob("*.md")]:
        stale.unlink()  # a report Rasa doesn't rewrite this time must not look current
    cmd = [
        str(rasa_executable(venv)), "test", "nlu",
        "--model", str(model), "--nlu", str(HELDOUT_FILE), "--out", str(out), "--no-plot",
    ]  # fmt: skip
    log_path = out / "test.log"
    with log_path.open("w", encoding="utf-8") as log:
        try:
            result = subprocess.run(
                cmd,
                cwd=PROJECT_DIR,
                env=rasa_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
        except subprocess.TimeoutExpired as exc:
            raise EvaluationFailed(f"rasa test nlu took over 600 s (see {log_path})") from exc
    if result.returncode != 0 or not (out / "intent_report.json").exists():
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise EvaluationFailed(f"rasa test nlu failed (see {log_path}):\n{tail}")


def summarise(out: Path) -> Summary:
    """Read Rasa's reports and apply the thresholds."""
    intents = json.loads((out / "intent_report.json").read_text())
    macro = intents["macro avg"]
    weak = sorted(
        (
            (name, float(rep["f1-score"]))
            for name, rep in intents.items()
            if isinstance(rep, dict) and name not in ("macro avg", "weighted avg", "micro avg")
        ),
        key=lambda item: item[1],
    )
    entity_f1: dict[str, dict[str, float]] = {}
    for report in sorted(out.glob("*_report.json")):
        if report.name == "intent_report.json":
            continue
        extractor = report.name.removesuffix("_report.json")
        data = json.loads(report.read_text())
        entity_f1[extractor] = {
            name: float(rep["f1-score"])
            for name, rep in data.items()
            if isinstance(rep, dict) and "f1-score" in rep and rep.get("support", 0)
        }
    errors_file = out / "intent_errors.json"
    confusions = [
        (
            e["text"],
            e["intent"],
            e["intent_prediction"]["name"],
            float(e["intent_prediction"]["confidence"]),
        )
        for e in (json.loads(errors_file.read_text()) if errors_file.exists() else [])
    ]
    summary = Summary(
        intent_macro_f1=float(macro["f1-score"]),
        intent_accuracy=float(
            intents.get("accuracy", intents.get("micro avg", {}).get("f1-score", 0))
        ),
        n_examples=int(macro["support"]),
        entity_f1=entity_f1,
        weak_intents=[w for w in weak if w[1] < 0.9],
        confusions=confusions,
    )
    if summary.intent_macro_f1 < INTENT_MACRO_F1_MIN:
        summary.failures.append(
            f"intent macro-F1 {summary.intent_macro_f1:.3f} < {INTENT_MACRO_F1_MIN}"
        )
    for entity, extractor in GATED_ENTITIES.items():
        f1 = entity_f1.get(extractor, {}).get(entity)
        if f1 is None:
            summary.failures.append(f"no {entity} results from {extractor}")
        elif f1 < ENTITY_F1_MIN:
            summary.failures.append(f"{entity} F1 ({extractor}) {f1:.3f} < {ENTITY_F1_MIN}")
    return summary


def render_markdown(summary: Summary, model: Path) -> str:
    verdict = "PASS" if summary.passed else "FAIL"
    lines = [
        f"# NLU held-out evaluation: {verdict}",
        "",
        f"- Model: `{model.name}`; held-out set: `{HELDOUT_FILE.relative_to(PROJECT_DIR)}` "
        f"({summary.n_examples} examples, never trained on)",
        f"- Intent macro-F1: **{summary.intent_macro_f1:.3f}** (must be >= {INTENT_MACRO_F1_MIN});"
        f" accuracy {summary.intent_accuracy:.3f}",
    ]
    for entity, extractor in GATED_ENTITIES.items():
        f1 = summary.entity_f1.get(extractor, {}).get(entity)
        shown = f"{f1:.3f}" if f1 is not None else "n/a"
        lines.append(
            f"- `{entity}` entity F1 ({extractor}): **{shown}** (must be >= {ENTITY_F1_MIN})"
        )
    lines += [
        "",
        "## Entity F1 by extractor",
        "",
        "| extractor | entity | F1 |",
        "| --- | --- | --- |",
    ]
    for extractor, scores in summary.entity_f1.items():
        for entity, f1 in sorted(scores.items()):
            if entity.endswith(" avg") or (
                extractor == "RegexEntityExtractor" and entity not in GATED_ENTITIES
            ):
                continue  # the regex extractor only ever extracts money and hours
            lines.append(f"| {extractor} | {entity} | {f1:.3f} |")
    lines += ["", "## Intents below 0.90 F1", ""]
    lines += [f"- {name}: {f1:.3f}" for name, f1 in summary.weak_intents] or ["- none"]
    lines += ["", f"## Wrong intents ({len(summary.confusions)}): see confusions.md", ""]
    if summary.failures:
        lines += ["## Failed thresholds", ""] + [f"- {f}" for f in summary.failures]
    return "\n".join(lines) + "\n"


def render_confusions(summary: Summary) -> str:
    lines = ["# Held-out intent confusions", "", "| text | expected | predicted | confidence |"]
    lines.append("| --- | --- | --- | --- |")
    for text, expected, predicted, conf in sorted(summary.confusions, key=lambda c: c[1]):
        lines.append(f"| {text} | {expected} | {predicted} | {conf:.2f} |")
    pairs: dict[tuple[str, str], int] = {}
    for _, expected, predicted, _ in summary.confusions:
        pairs[(expected, predicted)] = pairs.get((expected, predicted), 0) + 1
    lines += ["", "## Most confused pairs", ""]
    for (expected, predicted), n in sorted(pairs.items(), key=lambda p: -p[1]):
        lines.append(f"- {expected} -> {predicted}: {n}")
    return "\n".join(lines) + "\n"


def evaluate(venv: Path | None = None, out: Path = RESULTS_DIR) -> Summary:
    leaks = leaked_examples()
    if leaks:
        raise EvaluationFailed(
            "These held-out examples are also in the training data, so the test would not be "
            "fair: " + "; ".join(leaks)
        )
    model = train(venv)
    run_rasa_test(model, out, venv)
    summary = summarise(out)
    (out / "summary.md").write_text(render_markdown(summary, model), encoding="utf-8")
    (out / "confusions.md").write_text(render_confusions(summary), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    try:
        summary = evaluate()
    except (EvaluationFailed, RuntimeError) as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    print((RESULTS_DIR / "summary.md").read_text(encoding="utf-8"))
    return 0 if summary.passed else 1


if __name__ == "__main__":
    sys.exit(main())
