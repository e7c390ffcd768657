"""A typed contract type -> one of the keys the flows and the database use.

"im on zero hours", "agency", "perm now!", "fixed term til march", "dunno" are read once here
(nlu.values carries the result on every message), so the goal-setting and check-in flows never
read the text themselves. Pure; no I/O.

Keys: permanent, fixed_term, zero_hours, agency, self_employed, unknown (db.models
CONTRACT_TYPES).
"""

from __future__ import annotations

import re

MAX_CHARS = 300  # a contract is a few words; a long message is read from its start
MAX_WORDS = 25  # longer is someone telling us how things are ("i dont know anymore ...")

# (key, pattern). The first match wins: "zero hours through an agency" is zero hours (the
# insecure part is what matters for the goal), "not perm" is no answer at all.
_CONTRACTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "zero_hours",
        re.compile(
            r"\bzero[\s-]*(?:hours?|hrs?|ours?|hour\s*contract)\b|\b0[\s-]*(?:hours?|hrs?)"
            r"\s*contract\b|\bzhc\b|\bno\s+(?:set|fixed|guaranteed)\s+hours\b"
            # casual and bank work guarantee no hours either ("bank staff" in care)
            r"|\bcasual\b|\bbank\s+(?:staff|work|worker|shifts?|contract|only)\b|\bon\s+the\s+bank\b"
            r"|\bas\s+and\s+when\b"
        ),
    ),
    ("agency", re.compile(r"\bagen[cs]y\b|\bagancy\b|\bthrough\s+an?\s+agen")),
    (
        "self_employed",
        re.compile(
            r"\bself[\s-]*employed\b|\bfreelanc\w*\b|\bmy\s+own\s+boss\b|\bsole\s+trader\b"
            r"|\bgig\s+(?:work|economy)\b"
        ),
    ),
    (
        "fixed_term",
        re.compile(
            r"\bfixed[\s-]*term\b|\btemp\b|\btemporary\b|\bseasonal\b|\b\d+\s*(?:-\s*)?months?"
            r"\s+contract\b|\bmaternity\s+cover\b"
        ),
    ),
    (
        "permanent",
        re.compile(r"\bperm(?!it|iss)\w*|\bproper\s+contract\b|\bsalaried\b"),
    ),
    (
        "unknown",
        re.compile(
            r"\b(?:don'?t|dont|do\s+not)\s+know\b|\bnot\s+sure\b|\bdunno\b|\bidk\b|\bno\s+idea\b"
        ),
    ),
)
_NOT_PERMANENT = re.compile(r"\b(?:not|no\s+longer|isn'?t|isnt)\s+(?:a\s+)?perm")


def contract_from_text(text: str) -> str | None:
    """The contract type a short message names, or None when it names none."""
    if len(text.split()) > MAX_WORDS:
        return None
    low = text[:MAX_CHARS].lower().replace("’", "'")
    for key, pattern in _CONTRACTS:
        if key == "permanent" and _NOT_PERMANENT.search(low):
            continue
        if pattern.search(low):
            return key
    return None
