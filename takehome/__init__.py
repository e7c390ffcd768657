"""Take-home pay before and after a change: tax, NI, pension, Plan 5, Universal Credit.

Pure: facts in, figures out. The rules for each tax year are data in takehome/rules/.
"""

from takehome.calc import (
    Comparison,
    Household,
    Job,
    NotModelled,
    Period,
    compare,
    hourly_for_net,
    period_figures,
)
from takehome.render import render_comparison
from takehome.rules import Rules, RulesNotAvailable, rules_for

__all__ = [
    "Comparison",
    "Household",
    "Job",
    "NotModelled",
    "Period",
    "Rules",
    "RulesNotAvailable",
    "compare",
    "hourly_for_net",
    "period_figures",
    "render_comparison",
    "rules_for",
]
