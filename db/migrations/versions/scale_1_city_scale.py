"""city scale: the webhook's per-chat inbox

telegram_updates_seen becomes the webhook's inbox: the chat id, the update itself until it is
handled, and when it was handled. Rows recorded before this migration were handled (or lost)
already, so they are marked handled.

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


def upgrade() -> None:
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
    op.drop_index("ix_telegram_updates_seen_pending", table_name="telegram_updates_seen")
    with op.batch_alter_table("telegram_updates_seen", schema=None) as batch_op:
        batch_op.drop_column("handled_at")
        batch_op.drop_column("payload")
        batch_op.drop_column("chat_id")
