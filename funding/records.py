"""Shape a funding check for the funding_checks table (pure: the caller owns the session).

Why: the coach and the worker's /mydata export need to see what was asked, what we decided and
under which rules year, even after the rules change next August.
"""

from __future__ import annotations

from typing import Any

from funding.engine import FundingDecision
from funding.facts import FundingFacts


def funding_check_fields(facts: FundingFacts, decision: FundingDecision) -> dict[str, Any]:
    """Keyword arguments for `db.models.FundingCheck` (add worker_id and course_run_id)."""
    return {
        "answers": {"facts": facts.to_dict(), "decision": decision.to_dict()},
        "outcome": decision.outcome,
        "reasons": list(decision.reasons),
        "rules_year": decision.rules_year,
    }
