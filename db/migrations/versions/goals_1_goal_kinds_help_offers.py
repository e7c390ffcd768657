"""goals that are not only hourly pay, their progress, and help offered for barriers

goals: kinds (what the worker wants most: pay, hours, secure, shifts, change), the baseline
(hours, contract type, shift pattern) and the hours they would like. goal_progress: one answer
from a check-in about such a goal. help_offers: which help item (support/data id) was shown to
which worker and when, and whether their coach marked it taken up or not wanted.

Contract types: "temporary" becomes "fixed_term" and "other" becomes "unknown" (the buttons now
say "Fixed-term or temp" and "Don't know").

Revision ID: goals_1
Revises: course_facts_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "goals_1"
down_revision: str | None = "course_facts_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED = (("temporary", "fixed_term"), ("other", "unknown"))


def upgrade() -> None:
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kinds", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("baseline_hours", sa.Numeric(5, 2), nullable=True))
        batch_op.add_column(sa.Column("baseline_contract", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("baseline_shifts", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("target_hours", sa.Numeric(5, 2), nullable=True))
    op.create_table(
        "goal_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=16), nullable=False),
        sa.Column("hours", sa.Numeric(5, 2), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_progress_goal_id_goals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["conversation_messages.id"],
            name=op.f("fk_goal_progress_message_id_conversation_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["workers.id"],
            name=op.f("fk_goal_progress_worker_id_workers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_progress")),
    )
    op.create_index(
        "ix_goal_progress_worker_at", "goal_progress", ["worker_id", "recorded_at"], unique=False
    )
    op.create_table(
        "help_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("barrier", sa.String(length=16), nullable=False),
        sa.Column("facts_year", sa.String(length=7), nullable=False),
        sa.Column("offered_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_offered_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("times_offered", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("status_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["conversation_messages.id"],
            name=op.f("fk_help_offers_message_id_conversation_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["status_by"],
            ["coaches.id"],
            name=op.f("fk_help_offers_status_by_coaches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["workers.id"],
            name=op.f("fk_help_offers_worker_id_workers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_offers")),
        sa.UniqueConstraint("worker_id", "item_id", name=op.f("uq_help_offers_worker_id")),
    )
    earnings = sa.table("earnings_records", sa.column("contract_type", sa.String(16)))
    for old, new in RENAMED:
        op.execute(
            earnings.update().where(earnings.c.contract_type == old).values(contract_type=new)
        )


def downgrade() -> None:
    earnings = sa.table("earnings_records", sa.column("contract_type", sa.String(16)))
    for old, new in RENAMED:
        op.execute(
            earnings.update().where(earnings.c.contract_type == new).values(contract_type=old)
        )
    op.drop_table("help_offers")
    op.drop_index("ix_goal_progress_worker_at", table_name="goal_progress")
    op.drop_table("goal_progress")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_column("target_hours")
        batch_op.drop_column("baseline_shifts")
        batch_op.drop_column("baseline_contract")
        batch_op.drop_column("baseline_hours")
        batch_op.drop_column("kinds")
