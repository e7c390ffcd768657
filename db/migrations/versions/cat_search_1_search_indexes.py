"""indexes for the shift-fit catalogue search

Revision ID: cat_search_1
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "cat_search_1"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("course_runs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_course_runs_remote_rank",
            ["delivery_mode", "self_paced", "flexible_start", "start_date"],
            unique=False,
        )
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.create_index("ix_venues_lat_lon", ["latitude", "longitude"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.drop_index("ix_venues_lat_lon")
    with op.batch_alter_table("course_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_course_runs_remote_rank")
