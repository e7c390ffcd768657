"""Hypothesis strategies for the take-home comparison: any job change, any household.

Why: the worked examples pin the sums to the penny; the properties need every shape of change
(a rise, more hours, fewer hours, a pay cut, a loan, childcare) for every kind of household
(on Universal Credit or not, children, a known UC maximum or not, pension in or out, under 22).
"""

from __future__ import annotations

from hypothesis import strategies as st

from takehome import Household, Job

JOBS: st.SearchStrategy[Job] = st.builds(
    Job,
    hourly_pence=st.integers(min_value=100, max_value=4000),
    weekly_hours=st.decimals(min_value=0, max_value=60, places=1),
    plan5_loan=st.booleans(),
    childcare_monthly_pence=st.sampled_from((0, 0, 25_000, 120_000)),
)

HOUSEHOLDS: st.SearchStrategy[Household] = st.builds(
    Household,
    on_uc=st.booleans(),
    children=st.integers(min_value=0, max_value=3),
    limited_capability=st.booleans(),
    housing_element=st.booleans(),
    uc_max_monthly_pence=st.none() | st.integers(min_value=0, max_value=200_000),
    pension=st.none() | st.booleans(),
    under_22=st.booleans(),
)
