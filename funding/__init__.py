"""Funding rules engine: free routes first, then Advanced Learner Loan. Rules are data per year.

Entry points: `funding.engine.assess`, `funding.questions.next_questions`,
`funding.render.render_decision`, `funding.rules.rules_for`, `funding.repayment.plan5_estimate`.
See funding/README.md.
"""

from funding.engine import FundingDecision, assess
from funding.facts import FundingFacts

__all__ = ["FundingDecision", "FundingFacts", "assess"]
