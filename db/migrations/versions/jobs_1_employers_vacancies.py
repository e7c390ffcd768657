"""jobs: employers (logins, API keys), vacancies with weekly shifts and training links, career
pathways, and workers' saved vacancies and applications

Revision ID: jobs_1
Revises: course_facts_1
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.types import UTCDateTime

revision: str = "jobs_1"
down_revision: str | None = "goals_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("name", name=op.f("uq_employers_name")),
    )
    op.create_table(
        "career_pathways",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("your_reference", sa.String(length=255), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("role_soc2020", sa.String(length=4), nullable=True),
        sa.Column("next_role", sa.String(length=120), nullable=False),
        sa.Column("next_soc2020", sa.String(length=4), nullable=True),
        sa.Column("next_pay_min_pence", sa.Integer(), nullable=True),
        sa.Column("next_pay_max_pence", sa.Integer(), nullable=True),
        sa.Column("requirements", sa.Text(), nullable=True),
        sa.Column("typical_months", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_career_pathways_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_career_pathways")),
        sa.UniqueConstraint(
            "employer_id", "your_reference", name=op.f("uq_career_pathways_employer_id")
        ),
    )
    with op.batch_alter_table("career_pathways", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_career_pathways_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_career_pathways_sector"), ["sector"], unique=False)

    op.create_table(
        "employer_api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=255), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_api_keys_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_employer_api_keys_prefix")),
    )
    with op.batch_alter_table("employer_api_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_api_keys_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "employer_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_users_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_users")),
        sa.UniqueConstraint("email", name=op.f("uq_employer_users_email")),
    )
    with op.batch_alter_table("employer_users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_users_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "vacancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("your_reference", sa.String(length=255), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("soc2020", sa.String(length=4), nullable=True),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("pay_min_pence", sa.Integer(), nullable=False),
        sa.Column("pay_max_pence", sa.Integer(), nullable=True),
        sa.Column("guaranteed_weekly_hours", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("contract_type", sa.String(length=16), nullable=False),
        sa.Column("shift_pattern", sa.Text(), nullable=True),
        sa.Column("shifts_vary", sa.Boolean(), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("postcode_district", sa.String(length=4), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("training_offered", sa.Text(), nullable=True),
        sa.Column("progression", sa.Text(), nullable=True),
        sa.Column("closing_date", sa.Date(), nullable=False),
        sa.Column("apply_url", sa.String(length=500), nullable=True),
        sa.Column("apply_phone", sa.String(length=32), nullable=True),
        sa.Column("apply_email", sa.String(length=254), nullable=True),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_vacancies_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancies")),
        sa.UniqueConstraint("employer_id", "your_reference", name=op.f("uq_vacancies_employer_id")),
    )
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vacancies_closing_date"), ["closing_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vacancies_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index("ix_vacancies_lat_lon", ["latitude", "longitude"], unique=False)
        batch_op.create_index(
            "ix_vacancies_remote_closing", ["remote", "closing_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vacancies_postcode_district"), ["postcode_district"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vacancies_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancies_soc2020"), ["soc2020"], unique=False)

    op.create_table(
        "vacancy_courses",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_vacancy_courses_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
            name=op.f("fk_vacancy_courses_vacancy_id_vacancies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vacancy_id", "course_id", name=op.f("pk_vacancy_courses")),
    )
    with op.batch_alter_table("vacancy_courses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vacancy_courses_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "vacancy_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
            name=op.f("fk_vacancy_shifts_vacancy_id_vacancies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_shifts")),
    )
    with op.batch_alter_table("vacancy_shifts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vacancy_shifts_vacancy_id"), ["vacancy_id"], unique=False
        )

    op.create_table(
        "vacancy_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("employer_name", sa.String(length=255), nullable=False),
        sa.Column("soc2020", sa.String(length=4), nullable=True),
        sa.Column("sector", sa.String(length=32), nullable=True),
        sa.Column("hourly_pay_pence", sa.Integer(), nullable=True),
        sa.Column("weekly_hours", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("contract_type", sa.String(length=16), nullable=True),
        sa.Column("closing_date", sa.Date(), nullable=True),
        sa.Column("saved_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("applied_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("interview_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("offer_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("not_successful_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("interview_on", sa.Date(), nullable=True),
        sa.Column("closing_reminder_sent_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["conversation_messages.id"],
            name=op.f("fk_vacancy_applications_message_id_conversation_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
            name=op.f("fk_vacancy_applications_vacancy_id_vacancies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["workers.id"],
            name=op.f("fk_vacancy_applications_worker_id_workers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_applications")),
        sa.UniqueConstraint(
            "worker_id", "vacancy_id", name=op.f("uq_vacancy_applications_worker_id")
        ),
    )
    with op.batch_alter_table("vacancy_applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_vacancy_applications_status", ["status", "updated_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vacancy_applications_vacancy_id"), ["vacancy_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("vacancy_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_applications_vacancy_id"))
        batch_op.drop_index("ix_vacancy_applications_status")

    op.drop_table("vacancy_applications")
    with op.batch_alter_table("vacancy_shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_shifts_vacancy_id"))

    op.drop_table("vacancy_shifts")
    with op.batch_alter_table("vacancy_courses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_courses_course_id"))

    op.drop_table("vacancy_courses")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancies_soc2020"))
        batch_op.drop_index(batch_op.f("ix_vacancies_sector"))
        batch_op.drop_index(batch_op.f("ix_vacancies_postcode_district"))
        batch_op.drop_index("ix_vacancies_remote_closing")
        batch_op.drop_index("ix_vacancies_lat_lon")
        batch_op.drop_index(batch_op.f("ix_vacancies_employer_id"))
        batch_op.drop_index(batch_op.f("ix_vacancies_closing_date"))

    op.drop_table("vacancies")
    with op.batch_alter_table("employer_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_users_employer_id"))

    op.drop_table("employer_users")
    with op.batch_alter_table("employer_api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_api_keys_employer_id"))

    op.drop_table("employer_api_keys")
    with op.batch_alter_table("career_pathways", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_career_pathways_sector"))
        batch_op.drop_index(batch_op.f("ix_career_pathways_employer_id"))

    op.drop_table("career_pathways")
    op.drop_table("employers")
