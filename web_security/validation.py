"""Request validation errors (FastAPI's 422) as plain (field, message) pairs, so an API can answer
them in the same documented shape as its own rule errors instead of FastAPI's default one.

Fields are named the way the provider API names its rule errors: `course_name`,
`runs[0].duration`, `plain` (a query parameter); a body that is not JSON at all is `body`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.exceptions import RequestValidationError

MAX_ERRORS = 100  # a huge malformed body answers with at most this many


def field_name(loc: Sequence[Any]) -> str:
    """("body", "runs", 0, "duration") -> "runs[0].duration"; ("query", "plain") -> "plain"."""
    parts = list(loc[1:]) if loc and loc[0] in ("body", "query", "path", "header") else list(loc)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or (str(loc[0]) if loc else "body")


def field_errors(exc: RequestValidationError) -> list[tuple[str, str]]:
    pairs = []
    for error in exc.errors()[:MAX_ERRORS]:
        loc = error.get("loc", ())
        if error.get("type") == "json_invalid":
            loc = ("body",)  # its loc ends in a character position, not a field
        pairs.append((field_name(loc), str(error.get("msg", "Not valid"))))
    return pairs
