"""telegram updates seen: the webhook handles a redelivered update id once

Revision ID: webhook_1
Revises: sessions_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "webhook_1"
down_revision: str | None = "sessions_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "telegram_updates_seen",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_telegram_updates_seen")),
    )
    with op.batch_alter_table("telegram_updates_seen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_telegram_updates_seen_received_at"), ["received_at"])


def downgrade() -> None:
    with op.batch_alter_table("telegram_updates_seen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_updates_seen_received_at"))
    op.drop_table("telegram_updates_seen")
