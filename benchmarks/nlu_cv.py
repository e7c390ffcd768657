"""3-fold cross-validation of the NLU training data, scored as the app sees Rasa's answer.

    .venv/bin/python benchmarks/nlu_cv.py [--epochs N] [--config FILE] [--out DIR]
                                          [--report-only DIR]

Runs `rasa test nlu --cross-validation --folds 3 --successes` (3.6 writes errors by default)
on `data/` (training data only; nothing under `tests/` is read) with the project's config
(optionally with other DIET epochs, or another config file to compare a pipeline change).
Rasa's CV report undoes the FallbackClassifier, so this script scores the raw predictions
itself: the intent the app gets is the top intent if its confidence >= threshold,
else "out_of_scope" (a dropped intent is "not understood"). With `+amb` the
FallbackClassifier's ambiguity rule is applied too (top two within 0.1 -> dropped), read from
the full intent ranking, which a small wrapper around Rasa logs for every test-fold message.
With `+kw` a dropped message gets understand()'s exact-keyword intent ("yes", "stop"...) if any.
The folds are fixed (numpy seed 0) so runs on the same data are comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "nlu" / "rasa_project"
THRESHOLDS = (0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
OOS = "out_of_scope"


def _wrapper_main(argv: list[str]) -> None:
    """Runs inside the Rasa venv: `rasa <argv>` with fixed folds and a ranking log."""
    import numpy as np

    np.random.seed(0)  # StratifiedKFold(shuffle=True) without a seed uses numpy's global state
    import rasa.nlu.test as nlu_test
    from rasa.core.processor import MessageProcessor

    log_path = Path(os.environ["NLU_CV_RANKINGS"])
    state = {"phase": "train"}
    original_combine = nlu_test.combine_result

    async def combine_result(*args, **kwargs):  # type: ignore[no-untyped-def]
        is_test = len(args) > 5 or kwargs.get("intent_results") is not None
        if not is_test:
            return None  # skip scoring the training folds (slow, not needed)
        state["phase"] = "test"
        try:
            return await original_combine(*args, **kwargs)
        finally:
            state["phase"] = "train"

    nlu_test.combine_result = combine_result
    original_parse = MessageProcessor.parse_message

    async def parse_message(self, message, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = await original_parse(self, message, *args, **kwargs)
        if state["phase"] == "test":
            ranking = [
                (r["name"], float(r["confidence"]))
                for r in result.get("intent_ranking", [])
                if r["name"] != "nlu_fallback"
            ]
            with log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps({"text": message.text, "ranking": ranking}) + "\n")
        return result

    MessageProcessor.parse_message = parse_message
    from rasa.__main__ import main

    sys.argv = ["rasa", *argv]
    main()


def training_labels() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from nlu.project import training_examples

    return {ex.text: ex.intent for ex in training_examples()}


def run_cv(out: Path, epochs: int | None, config_file: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    config = (config_file or PROJECT / "config.yml").read_text(encoding="utf-8")
    if epochs is not None:
        config = re.sub(r"(\n\s+epochs:\s*)\d+", rf"\g<1>{epochs}", config, count=1)
    cfg = out / "config.yml"
    cfg.write_text(config, encoding="utf-8")
    rankings = out / "rankings.jsonl"
    rankings.unlink(missing_ok=True)
    from nlu.project import rasa_env  # our own components importable, as in training

    env = dict(rasa_env(), NLU_CV_RANKINGS=str(rankings))
    args = ["test", "nlu", "--nlu", "data/", "--config", str(cfg), "--cross-validation",
            "--folds", "3", "--successes", "--out", str(out)]  # fmt: skip
    with (out / "rasa.log").open("w") as log:
        subprocess.run(
            [str(ROOT / ".venv-rasa" / "bin" / "python"), __file__, "--rasa-wrapper", *args],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip


def load(out: Path) -> list[tuple[str, str, list[tuple[str, float]]]]:
    """(text, gold intent, ranking) for every test-fold example."""
    labels = training_labels()
    rows = []
    for line in (out / "rankings.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        gold = labels.get(rec["text"])
        if gold is None:  # Rasa's text differs from ours only by annotation/whitespace
            gold = labels.get(re.sub(r"\s+", " ", rec["text"]).strip())
        rows.append((rec["text"], gold, [tuple(r) for r in rec["ranking"]]))
    # Cross-check against Rasa's own successes/errors files (raw top intents).
    rasa_rows = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out / name
        if path.exists():
            rasa_rows += json.loads(path.read_text(encoding="utf-8"))
    if rasa_rows:
        gold_by_text = {r["text"]: r["intent"] for r in rasa_rows}
        top_by_text = {r["text"]: r["intent_prediction"]["name"] for r in rasa_rows}
        rows = [(t, gold_by_text.get(t, g), rk) for t, g, rk in rows]
        mismatch = sum(1 for t, _, rk in rows if t in top_by_text and rk[0][0] != top_by_text[t])
        if mismatch:
            print(f"warning: {mismatch} ranking tops differ from Rasa's files", file=sys.stderr)
    missing = [t for t, g, _ in rows if g is None]
    if missing:
        print(f"warning: {len(missing)} texts without a label, skipped", file=sys.stderr)
    return [r for r in rows if r[1] is not None]


def app_prediction(ranking, threshold: float, ambiguity: float | None, keyword=None) -> str:
    """The intent the app acts on; `keyword` is understand()'s exact-keyword rescue or None."""
    top, conf = ranking[0]
    dropped = conf < threshold or (
        ambiguity is not None and len(ranking) > 1 and conf - ranking[1][1] < ambiguity
    )
    if dropped:
        return keyword or OOS
    return top


def scores(
    gold: list[str], pred: list[str]
) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    labels = sorted(set(gold))
    per = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=False) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=False) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = (prec, rec, f1, tp + fn)
    return sum(v[2] for v in per.values()) / len(per), per


def report(out: Path) -> dict:
    rows = load(out)
    gold = [g for _, g, _ in rows]
    summary = {"n": len(rows), "thresholds": {}}
    print(f"{len(rows)} test-fold predictions ({out})")
    sys.path.insert(0, str(ROOT))
    from nlu.understand import keyword_intent

    keywords = [keyword_intent(text) for text, _, _ in rows]
    print("threshold | amb | kw | macro-F1 | acc | OOS P | OOS R | dropped in-scope")
    for amb, kw in ((None, False), (0.1, False), (0.1, True)):
        for t in THRESHOLDS:
            pred = [
                app_prediction(rk, t, amb, k if kw else None)
                for (_, _, rk), k in zip(rows, keywords, strict=False)
            ]
            macro, per = scores(gold, pred)
            acc = sum(g == p for g, p in zip(gold, pred, strict=False)) / len(gold)
            dropped = sum(
                1
                for (_, g, rk), p in zip(rows, pred, strict=False)
                if g != OOS and p == OOS and rk[0][0] != OOS
            )
            oos = per[OOS]
            key = f"{t:.2f}{'+amb' if amb else ''}{'+kw' if kw else ''}"
            per_intent = {k: v[2] for k, v in per.items()}
            summary["thresholds"][key] = {"macro_f1": macro, "acc": acc, "oos_p": oos[0],
                                          "oos_r": oos[1], "dropped": dropped,
                                          "per_intent": per_intent}  # fmt: skip
            amb_s, kw_s = ("0.1" if amb else "-"), ("yes" if kw else "-")
            print(f"{t:.2f} | {amb_s} | {kw_s} | {macro:.3f} | {acc:.3f} | "
                  f"{oos[0]:.3f} | {oos[1]:.3f} | {dropped}")  # fmt: skip
    # Per-intent F1 at a few thresholds, and the main confusions of the raw top intent.
    keys = ["0.00", "0.50", "0.60", "0.60+amb"]
    print("\nintent | n | " + " | ".join(f"F1@{k}" for k in keys))
    _, per0 = scores(gold, [rk[0][0] for _, _, rk in rows])
    for lab in sorted(per0, key=lambda k: per0[k][2]):
        vals = " | ".join(f"{summary['thresholds'][k]['per_intent'][lab]:.2f}" for k in keys)
        print(f"{lab} | {per0[lab][3]} | {vals}")
    conf = Counter((g, rk[0][0]) for _, g, rk in rows if g != rk[0][0])
    print("\nTop confusions (gold -> raw top intent):")
    for (g, p), n in conf.most_common(20):
        print(f"  {g} -> {p}: {n}")
    (out / "app_level.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--rasa-wrapper":
        _wrapper_main(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--config", type=Path, default=None, help="a config.yml to try")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--report-only", type=Path, default=None)
    args = parser.parse_args()
    if args.report_only:
        report(args.report_only)
        return 0
    out = args.out or Path(tempfile.mkdtemp(prefix="nlu_cv_"))
    started = time.monotonic()
    run_cv(out, args.epochs, args.config)
    print(f"3-fold CV took {time.monotonic() - started:.0f} s")
    report(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
