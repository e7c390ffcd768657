"""Each test starts with an empty search cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from course_catalogue.search import clear_cache


@pytest.fixture(autouse=True)
def _fresh_search_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()
