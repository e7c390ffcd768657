from __future__ import annotations

import io

from sqlalchemy import select

from coach_web.auth import verify_password
from coach_web.manage import main
from db.models import Coach


def test_create_coach_from_the_command_line(db_url, session_factory, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a good long passphrase\n"))
    code = main(
        [
            "create-coach",
            "--email",
            "Kim@Example.org",
            "--name",
            "Kim",
            "--admin",
            "--password-stdin",
            "--database-url",
            db_url,
        ]
    )
    assert code == 0 and "Added admin Kim <kim@example.org>." in capsys.readouterr().out
    with session_factory() as s:
        kim = s.scalar(select(Coach).where(Coach.email == "kim@example.org"))
        assert kim.role == "admin" and verify_password(kim.password_hash, "a good long passphrase")

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code = main(
        [
            "create-coach",
            "--email",
            "lee@example.org",
            "--name",
            "Lee",
            "--password-stdin",
            "--database-url",
            db_url,
        ]
    )
    assert code == 2 and "at least 10 characters" in capsys.readouterr().err
