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
    if op.get_bind().dialect.name == "postgresql":
        # Mode, self-paced and flexible start go together (work-based runs are never
        # self-paced...); without this the planner misjudges the search's small slices.
        op.execute(
            "CREATE STATISTICS IF NOT EXISTS st_course_runs_modes (dependencies, mcv) "
            "ON delivery_mode, self_paced, flexible_start FROM course_runs"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS st_course_runs_modes")
    with op.batch_alter_table("venues", schema=None) as batch_op:
        batch_op.drop_index("ix_venues_lat_lon")
    with op.batch_alter_table("course_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_course_runs_remote_rank")
