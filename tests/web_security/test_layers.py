"""Imports follow the architecture map for the web parts: front ends never import each other,
and the web security layer (layer 2) imports no front end and nothing above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The front-end modules of packages that also hold layer-2 domain code.
FRONT_END_MODULES = ("course_catalogue.api", "course_catalogue.upload_page", "jobs.api")


def imports_of(package: str) -> dict[str, set[str]]:
    """Every module each file of `package` imports, function-level imports included."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


def offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{file}: {name}"
        for file, names in imports_of(package).items()
        for name in names
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_the_layer_imports_no_front_end_and_nothing_above_it() -> None:
    assert offending("web_security", ("bot", "flows", "coach_web", *FRONT_END_MODULES)) == []


@pytest.mark.parametrize(
    ("package", "others"),
    [
        ("coach_web", ("course_catalogue", "jobs.api")),
        ("course_catalogue", ("coach_web", "jobs.api")),
    ],
)
def test_front_ends_share_code_only_through_the_layer_or_below(
    package: str, others: tuple[str, ...]
) -> None:
    assert offending(package, (*others, "bot")) == []


def test_the_test_sees_imports() -> None:
    """The check itself finds a known import (so an empty answer above means something)."""
    assert any("web_security.csv_safe" in n for n in imports_of("coach_web")["coach_web/app.py"])
