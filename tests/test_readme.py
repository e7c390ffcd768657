"""The README's "Other commands" table is true: every `python -m module subcommand` it lists
exists, and every management subcommand is listed."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `\.venv/bin/python -m ([\w.]+)(?: ([\w-]+))?[^`]*` \|", re.M)
MANAGE = ("coach_web.manage", "jobs.manage")  # modules whose subcommands must all be listed


def _table() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Other commands", 1)[1].split("\n## ", 1)[0]
    return [(m.group(1), m.group(2) or "") for m in ROW.finditer(section)]


def _subcommands(module: str, capsys: pytest.CaptureFixture[str]) -> set[str]:
    main = importlib.import_module(module).main
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    return set(re.findall(r"^    ([a-z][\w-]+)\s", out, re.M))


def test_every_listed_management_command_exists_and_every_one_is_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _table()
    for module in MANAGE:
        listed = {sub for mod, sub in rows if mod == module}
        assert listed == _subcommands(module, capsys), module


def test_every_listed_module_can_be_found() -> None:
    for module, _ in _table():
        if module.endswith("."):  # `benchmarks.<name>`: see benchmarks/README.md
            continue
        assert importlib.util.find_spec(module) is not None, module
