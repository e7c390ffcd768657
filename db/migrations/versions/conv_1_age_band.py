"""workers.age_band: which minimum wage applies to the worker (under 18, 18-20, 21 and over)

Revision ID: conv_1
Revises: review_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "conv_1"
down_revision: str | None = "review_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_band", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.drop_column("age_band")
