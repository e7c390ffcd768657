"""The wrong-password count is race-free (one UPDATE ... RETURNING), and a refused login never
says whether the email has an account or is locked."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from coach_web.app import LOGIN_FAILED
from coach_web.auth import MAX_FAILED_LOGINS, authenticate
from course_catalogue.provider_auth import authenticate_user, create_provider_user
from db.models import Coach, Provider, ProviderUser
from db.types import utcnow
from tests.coach_web.factories import add_coach, login, mounted_client


def test_parallel_wrong_passwords_are_all_counted(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        add_coach(s, "ana@example.org")
        s.commit()
    now = utcnow()
    # Two requests load the coach (count 0) before either writes (argon2 takes a while between
    # the read and the write): the second used to write 0 + 1 over the first one's 1.
    with session_factory() as first, session_factory() as second:
        held = [first.scalars(select(Coach)).one(), second.scalars(select(Coach)).one()]
        assert [c.failed_logins for c in held] == [0, 0]
        assert not authenticate(first, "ana@example.org", "wrong one", now).ok
        first.commit()
        assert not authenticate(second, "ana@example.org", "wrong two", now).ok
        second.commit()
    with session_factory() as s:
        assert s.scalars(select(Coach)).one().failed_logins == 2


def test_parallel_wrong_provider_passwords_are_all_counted(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        p = Provider(ukprn="10000001", name="College A")
        s.add(p)
        s.flush()
        create_provider_user(s, p, "a@b.ac.uk", "a long password")
        s.commit()
    now = utcnow()
    with session_factory() as first, session_factory() as second:
        held = [
            first.scalars(select(ProviderUser)).one(),
            second.scalars(select(ProviderUser)).one(),
        ]
        assert [u.failed_logins for u in held] == [0, 0]
        assert authenticate_user(first, "a@b.ac.uk", "wrong", now=now) is None
        first.commit()
        assert authenticate_user(second, "a@b.ac.uk", "wrong", now=now) is None
        second.commit()
    with session_factory() as s:
        assert s.scalars(select(ProviderUser)).one().failed_logins == 2


def _error(html: str) -> str:
    match = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert match, html
    return match.group(1)


def test_coach_login_answers_the_same_for_unknown_wrong_and_locked(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s:
        add_coach(s, "ana@example.org")
        s.commit()
    client = mounted_client(session_factory)
    unknown = login(client, "nobody@example.org", "wrong password")
    wrong = login(client, "ana@example.org", "wrong password")
    for _ in range(MAX_FAILED_LOGINS - 1):
        login(client, "ana@example.org", "wrong password")
    locked = login(client, "ana@example.org")  # the right password, but locked
    assert unknown.status_code == wrong.status_code == locked.status_code == 401
    assert _error(unknown.text) == _error(wrong.text) == _error(locked.text)
    assert "Try again in" not in locked.text  # no countdown that only a real account gets
    assert "do not match" in LOGIN_FAILED
