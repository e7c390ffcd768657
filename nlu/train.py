"""Train the Rasa NLU model: `python -m nlu.train [--force]`.

Runs in the app's venv and shells out to the Rasa venv's `rasa train nlu`. The model file is
named after a hash of the config and training data, so changed data always means a new model
and unchanged data is never trained twice.
"""

from __future__ import annotations

import argparse
import fcntl
import shutil
import sys
import tempfile
import time
from pathlib import Path

from nlu.project import (
    CONFIG_FILE,
    DATA_DIR,
    DOMAIN_FILE,
    MODELS_DIR,
    PROJECT_DIR,
    RESULTS_DIR,
    current_model,
    model_path_for_current_data,
    rasa_executable,
    run_rasa,
)

TRAIN_TIMEOUT_SECONDS = 1200  # about 4 minutes normally; never hang CI


class TrainingFailed(RuntimeError):
    pass


def train(venv: Path | None = None, *, force: bool = False, quiet: bool = False) -> Path:
    """Train (unless a model for the current data exists) and return the model's path.

    A file lock makes concurrent callers (tests, `escalator run`) wait for one training run.
    """
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    with (MODELS_DIR / ".train.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _train_locked(venv, force=force, quiet=quiet)


def _train_locked(venv: Path | None, *, force: bool, quiet: bool) -> Path:
    existing = current_model()
    if existing and not force:
        if not quiet:
            print(f"Model is up to date: {existing.relative_to(PROJECT_DIR)}")
        return existing
    rasa_executable(venv)  # a clear error now if the Rasa venv is missing
    target = model_path_for_current_data()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = RESULTS_DIR / "train.log"
    if not quiet:
        print("Training the NLU model (about 4 minutes on 2 cores)...", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=MODELS_DIR) as tmp:
        returncode = run_rasa(
            ["train", "nlu", "--config", str(CONFIG_FILE), "--domain", str(DOMAIN_FILE),
             "--nlu", str(DATA_DIR), "--out", tmp, "--fixed-model-name", "model"],
            log_path, timeout=TRAIN_TIMEOUT_SECONDS, failure=TrainingFailed, venv=venv,
        )  # fmt: skip
        produced = Path(tmp) / "model.tar.gz"
        if returncode != 0 or not produced.exists():
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise TrainingFailed(f"rasa train nlu failed (see {log_path}):\n{tail}")
        # Move into place atomically so a half-written model is never picked up.
        shutil.move(str(produced), str(target))
    for old in MODELS_DIR.glob("nlu-*.tar.gz"):
        if old != target:
            old.unlink()
    if not quiet:
        took = time.monotonic() - started
        print(f"Trained {target.relative_to(PROJECT_DIR)} in {took:.0f} s (log: {log_path})")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even if the model is current")
    args = parser.parse_args(argv)
    try:
        train(force=args.force)
    except (TrainingFailed, RuntimeError) as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
