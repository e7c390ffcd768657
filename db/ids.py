"""Row ids that come from outside (URLs, forms): only 1 .. 2**31 - 1 can name a row.

Anything else is "not found" rather than an overflow error from the database driver
(SQLite takes 64-bit integers, PostgreSQL's INTEGER columns 32-bit).
"""

from __future__ import annotations

MAX_ID = 2**31 - 1


def valid_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID
