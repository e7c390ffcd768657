"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import AvailabilitySlot, Base, EarningsRecord, Worker


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_worker_round_trip_keeps_aware_utc_times_and_pence(session: Session) -> None:
    consent = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    worker = Worker(
        chat_id=123456789012, first_name="Ama", consent_at=consent, postcode_district="LS6"
    )
    worker.earnings.append(
        EarningsRecord(
            job_title="Care assistant",
            hourly_pay_pence=1271,
            weekly_hours=Decimal("37.5"),
            source="baseline",
        )
    )
    worker.busy_slots.append(AvailabilitySlot(day=0, start_time=time(7), end_time=time(15)))
    session.add(worker)
    session.commit()
    session.expire_all()
    got = session.scalars(select(Worker)).one()
    assert got.consent_at == consent and got.consent_at.tzinfo is not None
    assert got.earnings[0].hourly_pay_pence == 1271
    assert got.earnings[0].weekly_hours == Decimal("37.50")
    assert got.busy_slots[0].start_time == time(7)


def test_naive_datetimes_are_refused(session: Session) -> None:
    session.add(Worker(chat_id=1, consent_at=datetime(2026, 1, 1)))
    with pytest.raises(Exception, match="naive datetime"):
        session.commit()


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(EarningsRecord(worker_id=999, hourly_pay_pence=1000))
    with pytest.raises(IntegrityError):
        session.commit()


def test_deleting_a_worker_erases_their_records(session: Session) -> None:
    worker = Worker(chat_id=5)
    worker.earnings.append(EarningsRecord(hourly_pay_pence=1200))
    session.add(worker)
    session.commit()
    session.execute(text("DELETE FROM workers"))
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM earnings_records")) == 0


def test_sqlite_runs_in_wal_mode(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_course_facts_migration_turns_default_false_into_unknown(tmp_path) -> None:
    """course_facts_1: a stored False was only ever the default (no upload could set it)."""
    from db.engine import make_engine
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url, "sessions_1")
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO providers (id, ukprn, name, has_loans_facility, created_at)"
                " VALUES (1, 10000001, 'P', 1, '2026-01-01 00:00:00')"
            )
        )
        for cid, loan, fcfj in ((1, 0, 0), (2, 1, 0), (3, 1, 1)):
            conn.execute(
                text(
                    "INSERT INTO courses (id, provider_id, lars_qan, course_name, "
                    "who_this_course_is_for, entry_requirements, what_you_will_learn, "
                    "how_you_will_learn, what_you_will_need_to_bring, how_you_will_be_assessed, "
                    "where_next, loan_approved, fcfj_eligible, updated_at) VALUES "
                    f"({cid}, 1, '0000000{cid}', 'C', '', '', '', '', '', '', '', {loan}, {fcfj}, "
                    "'2026-01-01 00:00:00')"
                )
            )
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, loan_approved, fcfj_eligible, level3_entitlement, "
                "apprenticeship_or_hnd, esol FROM courses ORDER BY id"
            )
        ).all()
    eng.dispose()
    assert [tuple(r) for r in rows] == [
        (1, None, None, None, None, None),
        (2, 1, None, None, None, None),
        (3, 1, 1, None, None, None),
    ]


def test_goals_migration_renames_contract_types_and_keeps_old_goals(tmp_path) -> None:
    """goals_1: "temporary" is now "fixed_term" and "other" is "unknown"; a goal set before
    goal kinds existed has none (it was about pay). Down again, the old names come back."""
    from db.engine import make_engine
    from db.migrate import downgrade, upgrade

    url = f"sqlite:///{tmp_path / 'g.db'}"
    upgrade(url, "course_facts_1")
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO workers (id, channel, chat_id, timezone, status, rota_varies, "
                "created_at) VALUES (1, 'telegram', 5, 'Europe/London', 'active', 0, "
                "'2026-01-01 00:00:00')"
            )
        )
        for rid, contract in ((1, "temporary"), (2, "other"), (3, "zero_hours"), (4, None)):
            conn.execute(
                text(
                    "INSERT INTO earnings_records (id, worker_id, recorded_at, contract_type, "
                    "source) VALUES (:id, 1, '2026-01-01 00:00:00', :c, 'baseline')"
                ),
                {"id": rid, "c": contract},
            )
        conn.execute(
            text(
                "INSERT INTO goals (id, worker_id, not_sure, barriers, created_at) "
                "VALUES (1, 1, 0, '[]', '2026-01-01 00:00:00')"
            )
        )
    eng.dispose()
    upgrade(url)
    eng = make_engine(url)
    with eng.connect() as conn:
        contracts = conn.execute(
            text("SELECT contract_type FROM earnings_records ORDER BY id")
        ).scalars()
        assert list(contracts) == ["fixed_term", "unknown", "zero_hours", None]
        kinds = conn.execute(text("SELECT kinds, baseline_hours FROM goals")).one()
        assert tuple(kinds) == ("[]", None)
    eng.dispose()
    downgrade(url, "course_facts_1")
    eng = make_engine(url)
    with eng.connect() as conn:
        contracts = conn.execute(
            text("SELECT contract_type FROM earnings_records ORDER BY id")
        ).scalars()
        assert list(contracts) == ["temporary", "other", "zero_hours", None]
    eng.dispose()


def test_processes_starting_at_once_migrate_once_on_postgresql() -> None:
    """Several `escalator run` processes start together: the migration lock lets one migrate
    while the others wait, instead of two of them creating the same tables."""
    import os
    import subprocess
    import sys
    import uuid
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from db.engine import make_engine
    from db.migrate import upgrade

    pg = os.environ.get("TEST_DATABASE_URL", "")
    if not pg.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL")
    admin = make_engine(pg, isolation_level="AUTOCOMMIT")
    name = f"escalator_mig_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg).set(database=name).render_as_string(hide_password=False)
    try:
        root = Path(__file__).resolve().parents[2]
        code = "import sys; from db.migrate import upgrade; upgrade(sys.argv[1])"
        procs = [
            subprocess.Popen([sys.executable, "-c", code, url], cwd=root, stderr=subprocess.PIPE)
            for _ in range(3)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()[-2000:]  # no "relation already exists"
        upgrade(url)  # and again later: nothing to do
        check = make_engine(url)
        with check.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        check.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
