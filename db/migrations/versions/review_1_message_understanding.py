"""review queue: how well the bot understood each inbound typed message

Revision ID: review_1
Revises: scheduler_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "review_1"
down_revision: str | None = "scheduler_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CANDIDATES = "understood IS NOT NULL"  # inbound typed messages logged since this revision


def upgrade() -> None:
    with op.batch_alter_table("conversation_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("flow", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("step", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("understood", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("nlu_source", sa.String(length=16), nullable=True))
    # Partial index: the review queue reads only candidates, newest first; other rows (bot
    # replies, buttons, older messages) stay out of it.
    op.create_index(
        "ix_conversation_messages_review",
        "conversation_messages",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text(CANDIDATES),
        sqlite_where=sa.text(CANDIDATES),
    )


def downgrade() -> None:
    op.drop_index("ix_conversation_messages_review", table_name="conversation_messages")
    with op.batch_alter_table("conversation_messages", schema=None) as batch_op:
        batch_op.drop_column("nlu_source")
        batch_op.drop_column("understood")
        batch_op.drop_column("step")
        batch_op.drop_column("flow")
        batch_op.drop_column("confidence")
