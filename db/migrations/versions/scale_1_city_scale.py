"""city scale: the webhook's per-chat inbox; worker summaries for fast coach pages

telegram_updates_seen becomes the webhook's inbox: the chat id, the update itself until it is
handled, and when it was handled. Rows recorded before this migration were handled (or lost)
already, so they are marked handled.

worker_summaries holds what the coach pages sort and filter by (coach_web.summaries), and
worker_summary_dirty the workers whose summary must be worked out again. Triggers on every
table a summary is derived from write to worker_summary_dirty, on SQLite and PostgreSQL alike,
so no code path (the bot, the dispatchers, the coach app, a helper's script) can forget it.
Every existing worker starts dirty: `escalator run` builds their summaries in the background.

Revision ID: scale_1
Revises: jobs_1 (re-chained after main's goals_1 and jobs_1)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "scale_1"
down_revision: str | None = "jobs_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("handled_at IS NULL")


# table -> (trigger events, the column naming the worker). Checkins change status many times
# on the way out; only status and due date matter here. Only inbound messages count (last
# contact). Workers: the fields shown or sorted by, and the coach (scope of the cached report).
FACT_TABLES = {
    "goals": "INSERT OR UPDATE OR DELETE",
    "goal_progress": "INSERT OR UPDATE OR DELETE",
    "help_offers": "INSERT OR UPDATE OR DELETE",
    "learning_plan_items": "INSERT OR UPDATE OR DELETE",
    "earnings_records": "INSERT OR UPDATE OR DELETE",
    "funding_checks": "INSERT OR UPDATE OR DELETE",
    "worker_flags": "INSERT OR UPDATE OR DELETE",
    "checkins": "INSERT OR DELETE OR UPDATE OF status, due_at",
}
WORKER_COLUMNS = "first_name, postcode_district, status, last_contact_at, coach_id"


def _pg_triggers() -> None:
    op.execute(
        """
        CREATE FUNCTION worker_summary_mark_dirty() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO worker_summary_dirty (worker_id) VALUES (OLD.worker_id)
                ON CONFLICT DO NOTHING;
            ELSE
                INSERT INTO worker_summary_dirty (worker_id) VALUES (NEW.worker_id)
                ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE FUNCTION worker_summary_mark_worker() RETURNS trigger AS $$
        BEGIN
            INSERT INTO worker_summary_dirty (worker_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$ LANGUAGE plpgsql
        """
    )
    for table, events in FACT_TABLES.items():
        op.execute(
            f"CREATE TRIGGER worker_summary_dirty_{table} AFTER {events} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION worker_summary_mark_dirty()"
        )
    op.execute(
        "CREATE TRIGGER worker_summary_dirty_messages AFTER INSERT ON conversation_messages "
        "FOR EACH ROW WHEN (NEW.direction = 'in') EXECUTE FUNCTION worker_summary_mark_dirty()"
    )
    op.execute(
        f"CREATE TRIGGER worker_summary_dirty_workers AFTER INSERT OR UPDATE OF {WORKER_COLUMNS} "
        "ON workers FOR EACH ROW EXECUTE FUNCTION worker_summary_mark_worker()"
    )


def _sqlite_triggers() -> None:
    # Not "INSERT OR IGNORE": SQLite drops the OR IGNORE when the trigger runs inside a foreign
    # key action (deleting a worker's messages sets earnings_records.message_id to NULL), and a
    # second mark for the same worker then fails the whole delete.
    mark = (
        "INSERT INTO worker_summary_dirty (worker_id) SELECT {0}.worker_id WHERE NOT EXISTS "
        "(SELECT 1 FROM worker_summary_dirty WHERE worker_id = {0}.worker_id);"
    )
    for table, events in FACT_TABLES.items():
        for event in ("INSERT", "DELETE", "UPDATE"):
            if event not in events:
                continue
            what = event
            if event == "UPDATE" and "UPDATE OF" in events:
                what = "UPDATE OF " + events.split("UPDATE OF ", 1)[1]
            row = "OLD" if event == "DELETE" else "NEW"
            op.execute(
                f"CREATE TRIGGER worker_summary_dirty_{table}_{event.lower()} AFTER {what} "
                f"ON {table} BEGIN {mark.format(row)} END"
            )
    op.execute(
        "CREATE TRIGGER worker_summary_dirty_messages AFTER INSERT ON conversation_messages "
        f"WHEN NEW.direction = 'in' BEGIN {mark.format('NEW')} END"
    )
    worker = (
        "INSERT INTO worker_summary_dirty (worker_id) SELECT NEW.id WHERE NOT EXISTS "
        "(SELECT 1 FROM worker_summary_dirty WHERE worker_id = NEW.id);"
    )
    op.execute(
        f"CREATE TRIGGER worker_summary_dirty_workers_insert AFTER INSERT ON workers "
        f"BEGIN {worker} END"
    )
    op.execute(
        f"CREATE TRIGGER worker_summary_dirty_workers_update AFTER UPDATE OF {WORKER_COLUMNS} "
        f"ON workers BEGIN {worker} END"
    )


def _drop_triggers(dialect: str) -> None:
    if dialect == "postgresql":
        for table in FACT_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS worker_summary_dirty_{table} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS worker_summary_dirty_messages ON conversation_messages")
        op.execute("DROP TRIGGER IF EXISTS worker_summary_dirty_workers ON workers")
        op.execute("DROP FUNCTION IF EXISTS worker_summary_mark_dirty()")
        op.execute("DROP FUNCTION IF EXISTS worker_summary_mark_worker()")
        return
    for table in FACT_TABLES:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS worker_summary_dirty_{table}_{event}")
    for name in ("messages", "workers_insert", "workers_update"):
        op.execute(f"DROP TRIGGER IF EXISTS worker_summary_dirty_{name}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    sort_name = sa.String(length=80).with_variant(sa.String(length=80, collation="C"), "postgresql")
    op.create_table(
        "worker_summaries",
        sa.Column("worker_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sort_name", sort_name, nullable=False),
        sa.Column("district_key", sa.String(length=8), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("stage_rank", sa.Integer(), nullable=False),
        sa.Column("attention", sa.Integer(), nullable=False),
        sa.Column("flag_kinds", sa.String(length=400), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("last_contact_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_checkin_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("attention_key", sa.Integer(), nullable=False),
        sa.Column("contact_key", UTCDateTime(timezone=True), nullable=False),
        sa.Column("checkin_key", UTCDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("baseline_hourly_pence", sa.Integer(), nullable=True),
        sa.Column("latest_hourly_pence", sa.Integer(), nullable=True),
        sa.Column("hourly_change_pct", sa.Float(), nullable=True),
        sa.Column("baseline_weekly_pence", sa.Integer(), nullable=True),
        sa.Column("latest_weekly_pence", sa.Integer(), nullable=True),
        sa.Column("weekly_change_pct", sa.Float(), nullable=True),
        sa.Column("rise_over_10pct", sa.Boolean(), nullable=True),
        sa.Column("at_or_above_living_wage", sa.Boolean(), nullable=True),
        sa.Column("courses_started", sa.Integer(), nullable=True),
        sa.Column("courses_completed", sa.Integer(), nullable=True),
        sa.Column("improved", sa.Boolean(), nullable=True),
        sa.Column("goal_kinds", sa.String(length=64), nullable=True),
        sa.Column("wanted_more_hours", sa.Boolean(), nullable=True),
        sa.Column("more_hours", sa.Boolean(), nullable=True),
        sa.Column("started_insecure", sa.Boolean(), nullable=True),
        sa.Column("moved_off_insecure", sa.Boolean(), nullable=True),
        sa.Column("wanted_better_shifts", sa.Boolean(), nullable=True),
        sa.Column("better_shifts", sa.Boolean(), nullable=True),
        sa.Column("version", sa.String(length=24), nullable=False),
        sa.Column("computed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["workers.id"],
            name=op.f("fk_worker_summaries_worker_id_workers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("worker_id", name=op.f("pk_worker_summaries")),
    )
    with op.batch_alter_table("worker_summaries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_worker_summaries_attention", ["attention_key", "contact_key", "worker_id"]
        )
        batch_op.create_index("ix_worker_summaries_contact", ["contact_key", "worker_id"])
        batch_op.create_index("ix_worker_summaries_checkin", ["checkin_key", "worker_id"])
        batch_op.create_index("ix_worker_summaries_stage", ["stage_rank", "sort_name", "worker_id"])
        batch_op.create_index("ix_worker_summaries_name", ["sort_name", "worker_id"])
    op.create_table(
        "worker_summary_dirty",
        sa.Column("worker_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("worker_id", name=op.f("pk_worker_summary_dirty")),
    )
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workers_coach_id"), ["coach_id"])
    if dialect == "postgresql":
        _pg_triggers()
    else:
        _sqlite_triggers()
    op.execute("INSERT INTO worker_summary_dirty (worker_id) SELECT id FROM workers")

    with op.batch_alter_table("telegram_updates_seen", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("handled_at", UTCDateTime(timezone=True), nullable=True))
    seen = sa.table(
        "telegram_updates_seen",
        sa.column("received_at", UTCDateTime(timezone=True)),
        sa.column("handled_at", UTCDateTime(timezone=True)),
    )
    op.execute(seen.update().values(handled_at=seen.c.received_at))
    op.create_index(
        "ix_telegram_updates_seen_pending",
        "telegram_updates_seen",
        ["chat_id", "update_id"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )


def downgrade() -> None:
    _drop_triggers(op.get_bind().dialect.name)
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workers_coach_id"))
    op.drop_table("worker_summary_dirty")
    op.drop_table("worker_summaries")
    op.drop_index("ix_telegram_updates_seen_pending", table_name="telegram_updates_seen")
    with op.batch_alter_table("telegram_updates_seen", schema=None) as batch_op:
        batch_op.drop_column("handled_at")
        batch_op.drop_column("payload")
        batch_op.drop_column("chat_id")
