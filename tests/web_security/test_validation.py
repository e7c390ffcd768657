"""FastAPI's validation error locations as the provider API's field names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from web_security.validation import field_name


def test_examples() -> None:
    assert field_name(("body", "runs", 0, "duration")) == "runs[0].duration"
    assert field_name(("body", "course_name")) == "course_name"
    assert field_name(("query", "plain")) == "plain"
    assert field_name(("body",)) == "body"
    assert field_name(("body", 3)) == "[3]"
    assert field_name(()) == "body"


names = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True)
parts = st.lists(st.one_of(names, st.integers(0, 10_000)), max_size=6)


@settings(max_examples=300, derandomize=True)
@given(st.sampled_from(["body", "query", "path", "header"]), parts)
def test_every_part_appears_in_order_and_the_source_never(source: str, loc: list) -> None:
    name = field_name((source, *loc))
    expected = ""
    for part in loc:
        expected += f"[{part}]" if isinstance(part, int) else (f".{part}" if expected else part)
    assert name == (expected or source)
    assert not name.startswith(".")
