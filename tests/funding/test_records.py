from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import FundingCheck, Worker
from funding.engine import assess
from funding.facts import FundingFacts
from funding.records import funding_check_fields

from .helpers import TODAY, facts


def test_decision_stores_and_reloads(session: Session) -> None:
    worker = Worker(channel="terminal", chat_id=42)
    session.add(worker)
    session.flush()
    f = facts(course_level=4, hourly_pay_pence=1480, weekly_hours=Decimal("37.5"))
    decision = assess(f, TODAY)
    session.add(FundingCheck(worker_id=worker.id, **funding_check_fields(f, decision)))
    session.commit()

    row = session.scalars(select(FundingCheck)).one()
    assert row.outcome == "loan" and row.rules_year == "2026-27"
    assert row.reasons == decision.reasons
    assert row.answers["decision"]["repayment"]["monthly_pence"] == 2895
    assert FundingFacts.from_dict(row.answers["facts"]) == f
