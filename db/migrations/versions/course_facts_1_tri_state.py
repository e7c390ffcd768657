"""courses: funding facts are yes / no / unknown (NULL), plus level 3 entitlement,
apprenticeship/HND and ESOL

loan_approved and fcfj_eligible used to be NOT NULL with default False, so an uploaded course
(the Course Directory CSV has no loan flag) was told "a loan does not fit". Nothing in the
upload, the API or the editor could set them, so a stored False was the default, not a
provider's answer: it becomes NULL (unknown). A True was set on purpose and stays.

Revision ID: course_facts_1
Revises: throttle_1 (re-chained after webhook_1 and throttle_1)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "course_facts_1"
down_revision: str | None = "throttle_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW = ("level3_entitlement", "apprenticeship_or_hnd", "esol")


def upgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.alter_column("loan_approved", existing_type=sa.Boolean(), nullable=True)
        batch_op.alter_column("fcfj_eligible", existing_type=sa.Boolean(), nullable=True)
        for name in NEW:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=True))
    courses = sa.table(
        "courses",
        sa.column("loan_approved", sa.Boolean()),
        sa.column("fcfj_eligible", sa.Boolean()),
    )
    for name in ("loan_approved", "fcfj_eligible"):
        col = courses.c[name]
        op.execute(courses.update().where(col.is_(False)).values({name: None}))


def downgrade() -> None:
    courses = sa.table(
        "courses",
        sa.column("loan_approved", sa.Boolean()),
        sa.column("fcfj_eligible", sa.Boolean()),
    )
    for name in ("loan_approved", "fcfj_eligible"):
        col = courses.c[name]
        op.execute(courses.update().where(col.is_(None)).values({name: False}))
    with op.batch_alter_table("courses", schema=None) as batch_op:
        for name in reversed(NEW):
            batch_op.drop_column(name)
        batch_op.alter_column("fcfj_eligible", existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column("loan_approved", existing_type=sa.Boolean(), nullable=False)
