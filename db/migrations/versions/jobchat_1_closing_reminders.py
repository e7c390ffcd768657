"""jobs in the chat: a check-in row can be a reminder before a saved job's closing date

`checkins.application_id` names the saved vacancy (`vacancy_applications`) a row of kind
`closing` reminds the worker about. Those rows go through the same claim, quiet hours, pause and
rate-limited sending as every check-in (bot/checkins); the application's
`closing_reminder_sent_at` records that it went out, so each saved job is reminded of once.

Revision ID: jobchat_1
Revises: scale_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "jobchat_1"
down_revision: str | None = "scale_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain column (no foreign key): ADD COLUMN works in place on SQLite, where a batch copy
    # of the table would drop scale_1's summary trigger. Applications are only deleted with
    # their worker, whose check-in rows go with them (workers ON DELETE CASCADE).
    op.add_column("checkins", sa.Column("application_id", sa.Integer(), nullable=True))
    op.create_index("ix_checkins_application_id", "checkins", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_checkins_application_id", table_name="checkins")
    op.execute("DELETE FROM checkins WHERE application_id IS NOT NULL")
    op.drop_column("checkins", "application_id")
