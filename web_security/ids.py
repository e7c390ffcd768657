"""Ids that come from a URL, as bounded integers: 1 .. 2**31 - 1 (db.ids.MAX_ID).

Outside that range no row can exist (PostgreSQL's INTEGER is 32-bit; SQLite would take 64-bit
and then overflow), so a path id that is not a whole number in range is answered "not found" by
the front end's route class, before the database is asked; a query id gives a 422 in the front
end's documented shape. The bounds are in the OpenAPI schema (minimum, maximum).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from db.ids import MAX_ID

PathId = Annotated[int, Path(ge=1, le=MAX_ID, description=f"a whole number from 1 to {MAX_ID:,}")]
QueryId = Annotated[int, Query(ge=1, le=MAX_ID, description=f"a whole number from 1 to {MAX_ID:,}")]
