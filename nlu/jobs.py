"""A typed job -> a short job title and a sector key.

Workers describe their job in a sentence ("i work in a care home doing nights", "just a picker
at amazon"). The plan summary and the coach's caseload want "Care assistant" and "care", not
the sentence, so the sentence stays in the transcript only. Pure; no I/O.

Sector keys match flows/next_steps.py (care, hospitality, retail, warehouse, cleaning,
construction, transport, office, other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    title: str
    sector: str | None  # None: we could not tell; the flow asks


# (pattern, title, sector). Longer, more specific phrases first: the first match wins.
_JOBS: tuple[tuple[str, str, str], ...] = (
    # first, before the care and nurse words: a nursery assistant is not a care assistant
    (
        r"nursery\s+(?:assistant|nurse|practitioner|worker)|early\s+years",
        "Nursery assistant",
        "other",
    ),
    (
        r"senior\s+(?:care\s*(?:assistant|worker)|carer|hca|support\s+worker)",
        "Senior care assistant",
        "care",
    ),
    (r"care\s+team\s+leader|team\s+leader\s+(?:in|at)\s+(?:a\s+)?care", "Care team leader", "care"),
    (r"nursing\s+associate", "Nursing associate", "care"),
    (r"health\s*care\s+assistant|\bhca\b|nursing\s+assistant", "Healthcare assistant", "care"),
    (r"support\s+worker", "Support worker", "care"),
    (r"\bnurse\b|\bnursing\b", "Nurse", "care"),
    (r"\bmidwife\b", "Midwife", "care"),
    (r"\bparamedic\b", "Paramedic", "care"),
    (r"social\s+worker", "Social worker", "care"),
    # home care (visits in people's own homes): travel between visits is working time, so the
    # goal flow asks about unpaid travel (flows/goals.py)
    (
        r"home\s*carer|home\s+care\s*(?:assistant|worker)?|domiciliary|\bdom\s*care\b"
        r"|community\s+carer|care\w*\s+(?:\w+\s+){0,2}in\s+(?:people'?s|clients'?|their)"
        r"\s+(?:own\s+)?homes",
        "Home carer",
        "care",
    ),
    # cooks and cleaners before the care homes they may work in ("cook in a care home" had
    # been "care assistant"); a head cook is a step up from a cook ("head cook at a school"
    # had been "Chef", the same as the job now)
    (r"chef\s+de\s+partie|\bcdp\b", "Chef de partie", "hospitality"),
    (r"head\s+(?:chef|cook)|kitchen\s+manager|cook\s+manager", "Head chef", "hospitality"),
    (r"\bchef\b|\bcook\b", "Chef", "hospitality"),
    (r"kitchen\s+porter|\bkp\b", "Kitchen porter", "hospitality"),
    (r"kitchen", "Kitchen assistant", "hospitality"),
    (r"cleaning\s+supervisor", "Cleaning supervisor", "cleaning"),
    (r"\bclean(?:s|ers?|ing)?\b|\bdomestic\b", "Cleaner", "cleaning"),
    (
        r"care\s*(?:assistant|worker|giver)|\bcarer\b|care\s+home|\bcare\b",
        "Care assistant",
        "care",
    ),
    # a porter in a hospital moves patients and goods: not a kitchen job (a tester's NHS
    # porter was shown chef courses)
    (
        r"hospital\s+porter|porter\b.{0,25}\b(?:hospital|nhs|ward)|\b(?:hospital|nhs)\b.{0,25}"
        r"\bporter",
        "Hospital porter",
        "other",
    ),
    (r"waiter|waitress|waiting\s+(?:on|staff)|front\s+of\s+house", "Waiting staff", "hospitality"),
    (r"bar\s*(?:staff|tender|maid|man|work)|\bpub\b|\bbar\b", "Bar staff", "hospitality"),
    (r"barista|coffee\s+shop", "Barista", "hospitality"),
    (r"room\s+attendant|chamber\s*maid|housekeep", "Housekeeper", "cleaning"),
    (
        r"hotel|\bcafe\b|café|restaurant|hospitality|fast\s+food|mcdonalds|kfc",
        "Hospitality worker",
        "hospitality",
    ),
    (r"shelf\s+stack|stacking\s+shelves|night\s+fill|replenish", "Shelf stacker", "retail"),
    (r"assistant\s+(?:store|shop)\s+manager", "Assistant store manager", "retail"),
    # "on the tills", not "9 till 3"
    (r"cashier|checkouts?|(?<!\d\s)(?<!\d)\btills?\b(?!\s*\d)", "Cashier", "retail"),
    (
        r"(?:shop|sales|retail|customer)\s+assistant|\bshop\b|\bretail\b|supermarket|tesco"
        r"|asda|sainsbury|aldi|lidl|morrisons|primark",
        "Sales assistant",
        "retail",
    ),
    (r"fork\s*lift|\bflt\b", "Forklift driver", "warehouse"),
    (r"picker|packer|picking|packing", "Picker packer", "warehouse"),
    (r"stock\s+control", "Stock controller", "warehouse"),
    (r"warehouse|distribution\s+cent|amazon|logistics", "Warehouse operative", "warehouse"),
    (
        r"production\s+(?:line|operative)|factory|bakery|food\s+plant",
        "Production operative",
        "warehouse",
    ),
    (r"caretaker|janitor", "Caretaker", "cleaning"),
    (r"labourer|labouring", "Labourer", "construction"),
    (
        r"plaster|brick\s*lay|scaffold|builder|construction|on\s+site",
        "Construction worker",
        "construction",
    ),
    (r"driver'?s\s+mate|\bvan\s+mate\b|delivery\s+mate", "Driver's mate", "transport"),
    (
        r"\bhgv\b|lorry\s+driver|class\s*[12]\b|\bcat(?:egory)?\s*c(?:\+e|e)?\b",
        "HGV driver",
        "transport",
    ),
    (r"bus\s+driver", "Bus driver", "transport"),
    (r"uber\s*eats|deliveroo|just\s*eat", "Delivery driver", "transport"),
    (r"taxi|uber|private\s+hire", "Taxi driver", "transport"),
    (
        r"delivery|deliveries|courier|\bdrops\b|parcels?|evri|hermes|\bdpd\b|deliveroo"
        r"|just\s*eat",
        "Delivery driver",
        "transport",
    ),
    (r"van\s+driver|\bdriver\b|driving", "Driver", "transport"),
    (r"receptionist|reception", "Receptionist", "office"),
    (r"call\s+cent(?:re|er)|customer\s+service", "Customer service adviser", "office"),
    (r"admin|\boffice\b", "Administrator", "office"),  # not "security officer"
    (r"book\s*keep", "Bookkeeper", "office"),
    (r"teaching\s+assistant|\bta\b\s+(?:at|in)\s+(?:a\s+)?school", "Teaching assistant", "other"),
    (r"dinner\s+lady|lunchtime\s+supervisor|midday\s+supervisor", "Lunchtime supervisor", "other"),
    (r"security|door\s*(?:supervisor|staff|man)|\bsia\b|bouncer", "Security officer", "other"),
    (r"\bteacher\b", "Teacher", "other"),
    (r"electrician", "Electrician", "construction"),
    (r"plumber", "Plumber", "construction"),
    (r"mechanic", "Mechanic", "other"),
    (
        r"hairdress|barber|beaut|nail\s+tech|\bhair\b|\bsalon\b|\bstylist\b",
        "Hair and beauty worker",
        "other",
    ),
    (r"post(?:man|woman|ie)|royal\s+mail", "Postal worker", "other"),
)
_JOB_RES = tuple((re.compile(p), title, sector) for p, title, sector in _JOBS)
_ROLE_WORDS = re.compile(
    r"\b(team\s+leader|(?<!door\s)supervisor|manager|assistant\s+manager)\b"
)  # a door supervisor is security staff, not a supervisor
_QUESTION_START = re.compile(
    r"^(?:can|could|how|what|wat|wot|is|are|do|does|will|would|where|when|why|who|should|am)\b"
)
_NOT_JOBS = re.compile(
    r"\b(?:idk|dunno|don'?t know|not sure|no idea|no clue|nothing|none|unemployed|not working"
    r"|no job|lol|lmao|haha|jobs|near me|(?:a|the|my)\s+(?:new|better|different|another|good)"
    r"\s+(?:job|one|role)|got\s+(?:a|the)\s+job|looking\s+for|any\s+work|vacanc\w*"
    r"|work\s+from\s+home|wfh|remote(?:ly)?|(?:want|wanna|would\s+like|like)\s+to"
    r"|job\s+offer|pay\s+and\s+hours)\b"
)  # "got a new job", "any jobs near me", "want to work from home": about a job, not its title;
# "nights" is when, not what; "A job offer (pay and hours)" is an old button's words
_WHEN_ONLY = re.compile(
    r"(?:i\s+)?(?:work|do)?\s*(?:(?:on\s+)?(?:nights?|nites?|days|earlies|lates|evenings|weekends|mornings"
    r"|afternoons|shifts|long\s+days)|and|&|,|\s)+"
)
_YES_NO = re.compile(
    r"^\W*(?:no+|nah+|nope|na|yes+|yeah|yep|yup|yh|ye|ok|okay|k|sure|same|still|maybe|cool|fine"
    r"|thanks|ta|cheers|done|all done|finished|that'?s it|that'?s all|next|other|something else"
    r"|anything|whatever|skip|menu|back|more|more jobs|my jobs|new job|jobs that fit"
    r"|how to apply|i applied|save)\W*(?:\d+\W*)?(?:(?:mate|thanks|ta|tho|lol|x+)\W*)*$"
)  # answers and button words ("done", "Something else", "My jobs") are never a job title
_LEAD = re.compile(
    r"^(?:(?:well|um+|erm+|so|yeah|ye|yh|hi|hiya)[, ]+)*"
    r"(?:i(?:'m| am|m)?\s+(?:a|an|the)\s+|i\s+work\s+(?:as|in|at|for)\s+(?:a|an|the)?\s*"
    r"|i\s+do\s+|i(?:'m| am|m)\s+|just\s+(?:a|an)\s+|work\s+as\s+(?:a|an)\s+|its\s+|it's\s+)"
)


def _clean(text: str) -> str:
    low = text.lower().replace("’", "'").strip()
    return re.sub(r"\s+", " ", low)


def parse_job(text: str) -> Job | None:
    """The job a worker described, or None when the text does not name one we know."""
    low = _clean(text)
    if not low:
        return None
    for regex, title, sector in _JOB_RES:
        if regex.search(low):
            role = _ROLE_WORDS.search(low)
            if role and title not in (
                "Care team leader",
                "Assistant store manager",
                "Cleaning supervisor",
            ):
                word = role.group(1)
                return Job(word[:1].upper() + word[1:], sector)
            return Job(title, sector)
    role = _ROLE_WORDS.search(low)
    if role:
        word = role.group(1)
        return Job(word[:1].upper() + word[1:], None)
    return None


def looks_like_job(text: str) -> bool:
    """A short answer that could be a job title we do not know ("florist", "dog groomer")."""
    low = _clean(text)
    if not low or "?" in low or _QUESTION_START.search(low) or _NOT_JOBS.search(low):
        return False
    if any(c.isdigit() for c in low):
        return False
    words = re.findall(r"[a-z][a-z'-]*", low)
    if not words or len(words) > 6 or len(low) > 60:
        return False
    letters = sum(c.isalpha() for c in low)
    return letters >= 3 and letters >= 0.7 * len(low.replace(" ", ""))


def job_from_text(text: str) -> Job | None:
    """parse_job, or a tidy short title made from a job-like answer (sector unknown)."""
    found = parse_job(text)
    if found is not None:
        return found
    low = _clean(text)
    if "?" in low or _QUESTION_START.search(low) or _NOT_JOBS.search(low) or _YES_NO.match(low):
        return None
    if _WHEN_ONLY.fullmatch(low):
        return None  # "nights", "i work nights and weekends": when they work, not what
    # "i work as a florist at the market" -> "florist": the lead words and where go first
    low = _LEAD.sub("", low)
    low = re.sub(r"^(?:the\s+)?same\s+(?:thing|job|role|work)\s+(?:as\s+before\s+)?", "", low)
    low = re.split(r"\s+(?:at|for|in|but)\s+(?:a|an|the)?\b|[,.!;(]", low)[0].strip()
    if not looks_like_job(low):
        return None
    low = re.sub(r"[^a-z' -]", "", low).strip(" '-")
    if len(low) < 2:
        return None
    return Job(low[:1].upper() + low[1:40], None)


_UNSURE = re.compile(
    r"^(?:(?:um+|erm+|hmm+|well|tbh|honestly|lol)[, ]*)*(?:i\s+)?(?:idk|dunno|donno|don'?t\s+know"
    r"|do\s+not\s+know|not\s+sure|no\s+idea|no\s+clue|not\s+a\s+clue|haven'?t\s+thought"
    r"|havent\s+thought|unsure|no\s+clue\s+tbh|not\s+decided|undecided|who\s+knows)\b"
)


_SHRUG = re.compile(r"^\s*(?:🤷|🤔|😕)")


def says_not_sure(text: str) -> bool:
    """ "idk lol", "not sure tbh", "dunno yet", a shrug 🤷: they don't know yet."""
    return bool(_UNSURE.search(_clean(text)) or _SHRUG.match(text))


# --- asking for jobs ---------------------------------------------------------------------------
_SEARCH_WORDS = re.compile(r"\b(?:jobs?|vacanc(?:y|ies))\b")
_SEARCH_LOOKING = re.compile(
    r"\b(?:any|find|finding|look(?:ing)?\s+for|search(?:ing)?|show(?:\s+me)?|need|want|wanna"
    r"|after|hunting|better)\b"
)
_NOT_A_SEARCH = re.compile(
    r"\b(?:i(?:'ve|\s+have)?\s+(?:got|started|landed)|got\s+(?:a|the)\s+(?:new\s+)?job"
    r"|new\s+job\s+as|promot|same\s+job|course|train|loan|fund)"
)


def wants_jobs(text: str) -> bool:
    """Typed words that ask for jobs ("any jobs near me", "looking for a better job", "jobs
    with more hours", "vacancies"), not news of one ("I got a new job") or a course."""
    low = text.lower().replace("’", "'")[:300]
    if _NOT_A_SEARCH.search(low):
        return False
    if re.search(
        r"\bvacanc(?:y|ies)\b|\bjobs?\s+(?:that\s+fit|near|nearby|around|going)\b|\bjobs\s+in\b"
        r"|\bjobs?\s+(?:from|at)\s+home\b|\bremote\s+(?:jobs?|work)\b",
        low,
    ):
        return True
    if re.search(r"^\W*(?:any\s+)?jobs?\W*$", low):
        return True
    return bool(_SEARCH_WORDS.search(low) and _SEARCH_LOOKING.search(low))


# A message asked as a question ("any ...", "is there ...", "?"): the one pattern the router
# and the search rule read.
ASKING = re.compile(
    r"\?|^\W*(?:any|is|are|can|could|where|what|how|do|does|got\s+any|show|find|looking)\b"
)
_ASKED = re.compile(
    ASKING.pattern + r"|\bjobs\s+(?:near|around|going|in|from)\b|\bvacanc|\bremote\s+jobs?\b"
)


def search_asked(text: str) -> bool:
    """A job search asked outright ("any cleaning jobs near me?", "jobs in leeds"), as opposed
    to "a better job" said as an answer to the plan's questions: the one rule the plan, the
    check-in and the router use."""
    low = text.lower().replace("’", "'")[:300]
    return wants_jobs(text) and bool(_ASKED.search(low))


# Employers whose name alone says little about the job ("started at asda": on the tills, in
# the warehouse or driving?): with only the name, the job is asked, never guessed.
_EMPLOYER = re.compile(
    r"\b(?:at|for|with|in)\s+(?:the\s+)?(?:tesco|asda|sainsbury'?s?|aldi|lidl|morrisons|primark"
    r"|amazon|co-?op|m\s*&\s*s|marks\s+and\s+spencers?|boots|greggs|costa|mcdonalds|kfc|argos"
    r"|b\s*&\s*m|home\s+bargains|poundland|wilko|iceland|next|tk\s*maxx|screwfix|b&q|ikea)\b"
)


def only_employer(text: str) -> bool:
    """Whether a message names where they work but not the job ("started at asda on 12.80")."""
    low = _clean(text)
    if not _EMPLOYER.search(low):
        return False
    return parse_job(_EMPLOYER.sub(" ", low)) is None
