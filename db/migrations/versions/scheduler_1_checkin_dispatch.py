"""check-in dispatch: per-message progress on check-ins and a shared send budget

Revision ID: scheduler_1
Revises: cat_search_1 (was 0001; re-chained after main gained cat_search_1)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "scheduler_1"
down_revision: str | None = "cat_search_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("parts_sent", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "send_rate_slots",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_send_rate_slots")),
    )


def downgrade() -> None:
    op.drop_table("send_rate_slots")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_column("parts_sent")
