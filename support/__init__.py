"""Help for each barrier (childcare, caring, health, English, transport, confidence, digital)
as dated, sourced data, and the Carer's Allowance earnings-limit warning. Pure: layer 1."""

from support.data import ALL_FACTS, BARRIER_KEYS, CarersAllowance, Item, SupportFacts, current
from support.messages import (
    MAX_CHARS,
    carers_allowance_warning,
    carers_earnings,
    items_for,
    message_for,
    messages_for,
)

__all__ = [
    "ALL_FACTS",
    "BARRIER_KEYS",
    "MAX_CHARS",
    "CarersAllowance",
    "Item",
    "SupportFacts",
    "carers_allowance_warning",
    "carers_earnings",
    "current",
    "items_for",
    "message_for",
    "messages_for",
]
