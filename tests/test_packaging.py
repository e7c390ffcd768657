"""Every package the app imports is installed by `pip install -e .` (the README's `make run`).

Why: setuptools' editable install maps only the packages listed in pyproject.toml; a new
top-level package missing from the list works in the tests (they run from the checkout) but
`escalator` on a fresh machine fails with "No module named ...".
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_INSTALLED = {"tests", "benchmarks", "scripts"}  # run from the checkout only


def test_every_top_level_package_is_in_the_install_list() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = {p.rstrip("*") for p in config["tool"]["setuptools"]["packages"]["find"]["include"]}
    packages = {
        d.name
        for d in ROOT.iterdir()
        if d.is_dir() and (d / "__init__.py").exists() and d.name not in NOT_INSTALLED
    }
    assert packages - listed == set()
    first_party = set(config["tool"]["ruff"]["lint"]["isort"]["known-first-party"])
    assert packages - first_party - {"config"} == set()
