"""`python -m jobs.manage`: employer logins and API keys from the command line."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

import jobs.employer_auth
from db.models import Employer, EmployerUser
from jobs.employer_auth import authenticate_user, verify_api_key
from jobs.manage import main


def test_create_an_employer_user_then_a_key(db_url, session_factory, monkeypatch, capsys):
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        jobs.employer_auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    args = ["--employer", "Acme Care", "--email", "HR@acme.example", "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a good long passphrase\n"))
    code = main(["create-employer-user", *args, "--database-url", db_url])
    assert code == 2
    assert 'there is no employer called "Acme Care" (add --new-employer' in capsys.readouterr().err

    monkeypatch.setattr("sys.stdin", io.StringIO("a good long passphrase\n"))
    code = main(["create-employer-user", *args, "--new-employer", "--database-url", db_url])
    assert code == 0 and "Added a login for Acme Care: hr@acme.example." in capsys.readouterr().out
    with session_factory() as s:
        assert authenticate_user(s, "hr@acme.example", "a good long passphrase") is not None
        assert s.scalar(select(EmployerUser.email)) == "hr@acme.example"

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code = main(
        ["create-employer-user", *args[:2], "--email", "b@acme.example", "--password-stdin"]
        + ["--database-url", db_url]
    )
    assert code == 2 and "at least 10 characters" in capsys.readouterr().err

    code = main(["create-api-key", "--employer", "acme care", "--database-url", db_url])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("API key for Acme Care (shown once, keep it safe): sej_")
    with session_factory() as s:
        key = verify_api_key(s, out.rsplit(" ", 1)[1].strip())
        employer = s.scalar(select(Employer))
        assert key is not None and employer is not None and key.employer_id == employer.id


def test_help_lists_both_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "create-employer-user" in out and "create-api-key" in out
