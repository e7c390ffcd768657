"""The database session for a request: one per request, from the front end's session factory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from web_security.front import front_of


def get_db(request: Request) -> Iterator[Session]:
    with front_of(request).session_factory() as session:
        yield session


DbSession = Annotated[Session, Depends(get_db)]
