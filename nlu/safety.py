"""Messages that say the worker may harm themselves.

Checked before anything else reads a typed message, whatever step the worker is at and
whatever the NLU guessed: "honestly i just want to die" must never be saved as a goal or get
"didn't get that". Words, not a model, so it works when Rasa is down; it errs towards
answering with the crisis lines (a false alarm costs a kind message, a miss costs much more).
"""

from __future__ import annotations

import re

_CRISIS = re.compile(
    r"suicid"
    r"|\bkill(?:ing)?\s+my\s*self\b|\bkms\b"
    r"|\bend(?:ing)?\s+(?:it\s+all|my\s+life|my\s+self|myself|it\s+(?:tonight|today|now))\b"
    r"|\btake\s+my\s+(?:own\s+)?life\b"
    r"|\b(?:don'?t|do\s+not|dont)\s+want\s+to\s+(?:be\s+here|live|be\s+alive|wake\s+up|exist"
    r"|go\s+on)\b"
    r"|\b(?:want(?:ed)?\s+to|wanna|going\s+to|gonna)\s+die\b|\bwish\s+i\s+(?:was|were)\s+dead\b"
    r"|\bbetter\s+off\s+dead\b|\bbetter\s+off\s+without\s+me\b"
    r"|\b(?:hurt|harm|cut)(?:ing)?\s+my\s*self\b|\bself[\s-]*harm"
    r"|\bno\s+(?:point|reason)\s+(?:in\s+)?(?:living|going\s+on|being\s+alive|being\s+here)\b"
    r"|\bcan'?t\s+go\s+on\s+(?:any\s*more|like\s+this)\b|\bcant\s+go\s+on\s+any\s*more\b"
)


def says_crisis(text: str) -> bool:
    """True when the text says the writer may harm or kill themselves."""
    low = text[:2000].lower().replace("’", "'")
    return bool(_CRISIS.search(low))
