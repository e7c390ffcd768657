"""workers.age_band (which minimum wage applies); earnings_records keep the pay as given

earnings_records.pay_amount_pence and pay_period keep "£38,000 a year" as the worker said it,
beside the hourly figure worked out from it (which alone turned into "£38,005.50 a year").

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
    with op.batch_alter_table("earnings_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pay_amount_pence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pay_period", sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("earnings_records", schema=None) as batch_op:
        batch_op.drop_column("pay_period")
        batch_op.drop_column("pay_amount_pence")
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.drop_column("age_band")
