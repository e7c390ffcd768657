"""coach side of jobs: applications and job moves in worker summaries; vacancy-fit alerts

worker_summaries gains what the caseload filters and the impact report count for jobs:
`open_applications` (saved, applied, interview or offer), `moved_job` and the hourly pay just
before the worker's first job move and in their latest new job (coach_web.impact). A trigger
on vacancy_applications marks the worker's summary dirty, like the other fact tables.

vacancy_alert_runs remembers, per scheduled job, the last vacancy id it looked at, so the
"a new vacancy fits this worker's goal" job (jobs.alerts) handles each vacancy once, whichever
process runs it.

Revision ID: jobcoach_1
Revises: scale_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "jobcoach_1"
down_revision: str | None = "jobchat_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTS = {"insert": "INSERT", "delete": "DELETE", "update": "UPDATE OF status, worker_id"}


def upgrade() -> None:
    with op.batch_alter_table("worker_summaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_applications", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("moved_job", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("job_move_before_pence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("job_move_after_pence", sa.Integer(), nullable=True))
    op.create_table(
        "vacancy_alert_runs",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("last_vacancy_id", sa.Integer(), nullable=False),
        sa.Column("ran_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_vacancy_alert_runs")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER worker_summary_dirty_vacancy_applications AFTER INSERT OR DELETE "
            "OR UPDATE OF status, worker_id ON vacancy_applications "
            "FOR EACH ROW EXECUTE FUNCTION worker_summary_mark_dirty()"
        )
    else:
        # as scale_1: not "OR IGNORE", which SQLite drops inside a foreign key action
        mark = (
            "INSERT INTO worker_summary_dirty (worker_id) SELECT {0}.worker_id WHERE NOT EXISTS "
            "(SELECT 1 FROM worker_summary_dirty WHERE worker_id = {0}.worker_id);"
        )
        for name, event in EVENTS.items():
            row = "OLD" if name == "delete" else "NEW"
            op.execute(
                f"CREATE TRIGGER worker_summary_dirty_vacancy_applications_{name} AFTER {event} "
                f"ON vacancy_applications BEGIN {mark.format(row)} END"
            )
    # every worker with an application is worked out again (the background pass)
    op.execute(
        "INSERT INTO worker_summary_dirty (worker_id) SELECT DISTINCT worker_id "
        "FROM vacancy_applications WHERE worker_id NOT IN (SELECT worker_id FROM "
        "worker_summary_dirty)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS worker_summary_dirty_vacancy_applications "
            "ON vacancy_applications"
        )
    else:
        for name in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS worker_summary_dirty_vacancy_applications_{name}")
    op.drop_table("vacancy_alert_runs")
    with op.batch_alter_table("worker_summaries", schema=None) as batch_op:
        batch_op.drop_column("job_move_after_pence")
        batch_op.drop_column("job_move_before_pence")
        batch_op.drop_column("moved_job")
        batch_op.drop_column("open_applications")
