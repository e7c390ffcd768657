"""A typed job -> a short title and a sector (nlu/jobs.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.jobs import (
    Job,
    job_from_text,
    looks_like_job,
    only_employer,
    parse_job,
    says_not_sure,
    search_asked,
)


@pytest.mark.parametrize(
    ("text", "job"),
    [
        ("i work in a care home doing nights", Job("Care assistant", "care")),
        ("i do home care", Job("Home carer", "care")),
        ("domiciliary care worker", Job("Home carer", "care")),
        ("dom care", Job("Home carer", "care")),
        ("im a carer in peoples homes", Job("Home carer", "care")),
        ("i care for people in their own homes", Job("Home carer", "care")),
        ("senior carer i think, need more money", Job("Senior care assistant", "care")),
        ("cleaner at the hospital", Job("Cleaner", "cleaning")),
        ("i clean at a school", Job("Cleaner", "cleaning")),
        ("cleans offices early mornings", Job("Cleaner", "cleaning")),
        ("just a picker at amazon", Job("Picker packer", "warehouse")),
        ("i do uber eats on my bike", Job("Delivery driver", "transport")),
        ("im a HCA on the wards", Job("Healthcare assistant", "care")),
        ("kp in a pub kitchen", Job("Kitchen porter", "hospitality")),
        ("been promoted to chef de partie", Job("Chef de partie", "hospitality")),
        ("delivery driver for evri", Job("Delivery driver", "transport")),
        ("team leader at asda", Job("Team leader", "retail")),
        ("id love to be a nurse one day", Job("Nurse", "care")),
        # a hospital porter had been filed under hospitality (and shown chef courses)
        ("im a porter at the hospital", Job("Hospital porter", "other")),
        ("porter, nhs", Job("Hospital porter", "other")),
        ("kitchen porter", Job("Kitchen porter", "hospitality")),
        ("lorry drivers mate", Job("Driver's mate", "transport")),  # had been "Delivery driver"
        ("head cook at a school", Job("Head chef", "hospitality")),  # had been "Chef"
        ("cook in a care home", Job("Chef", "hospitality")),  # had been "Care assistant"
        ("cleaner in a care home", Job("Cleaner", "cleaning")),
        ("im an apprentice at a hair salon", Job("Hair and beauty worker", "other")),
        ("i work on the tills", Job("Cashier", "retail")),
        ("im a nursery nurse", Job("Nursery assistant", "other")),  # had been "Care assistant"
        ("kitchen assistant in a care home kitchen", Job("Kitchen assistant", "hospitality")),
        ("want to get my class 2 licence and drive myself", Job("HGV driver", "transport")),
        ("i want to be a propper stylist", Job("Hair and beauty worker", "other")),
    ],
)
def test_known_jobs_map_to_a_short_title_and_sector(text: str, job: Job) -> None:
    assert parse_job(text) == job


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("florist", "Florist"),
        ("dog groomer", "Dog groomer"),
        ("i work as a locksmith", "Locksmith"),
    ],
)
def test_an_unknown_short_job_is_tidied_with_no_sector(text: str, title: str) -> None:
    assert job_from_text(text) == Job(title, None)


@pytest.mark.parametrize(
    "text",
    [
        "idk lol",
        "can i get a loan?",
        "how does this work",
        "wages went up by 40p",
        "not sure tbh",
        "",
        "😂😂",
        "only 9 till 3",  # had been "Cashier" (till)
        "want to work from home",  # had been saved as the aim "Want to work from home"
    ],
)
def test_not_a_job(text: str) -> None:
    assert job_from_text(text) is None


@pytest.mark.parametrize(
    "text",
    ["idk lol", "not sure tbh", "dunno yet", "no idea", "havent thought about it", "i dont know"],
)
def test_says_not_sure(text: str) -> None:
    assert says_not_sure(text)


def test_a_job_is_not_not_sure() -> None:
    assert not says_not_sure("senior carer") and looks_like_job("senior carer")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_short_title_or_none(text: str) -> None:
    job = job_from_text(text)
    assert job is None or (0 < len(job.title) <= 40 and job.title[0].isupper())


@pytest.mark.parametrize(
    ("text", "job"),
    [
        # a named senior role keeps its own title; another role word names the role
        ("care team leader", Job("Care team leader", "care")),
        ("assistant store manager at lidl", Job("Assistant store manager", "retail")),
        ("supervisor on the tills", Job("Supervisor", "retail")),
        ("supervisor", Job("Supervisor", None)),
        ("assistant manager", Job("Assistant manager", None)),
    ],
)
def test_role_words(text: str, job: Job) -> None:
    assert parse_job(text) == job


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("i work as a florist at the market", "Florist"),
        ("im a locksmith, self employed", "Locksmith"),
        ("well i'm a tiler", "Tiler"),
    ],
)
def test_the_tidy_title_drops_lead_words_and_where(text: str, title: str) -> None:
    assert job_from_text(text) == Job(title, None)


def test_a_long_message_is_not_a_job_title() -> None:
    assert not looks_like_job("i sort of do a bit of everything really mate")  # 10 words
    assert not looks_like_job("x" * 61)
    assert looks_like_job("dog groomer")


@pytest.mark.parametrize("said", ["nah", "no", "yeah mate", "ok thanks", "same", "yes x"])
def test_yes_and_no_are_never_a_job_title(said: str) -> None:
    assert job_from_text(said) is None


@pytest.mark.parametrize(
    ("said", "title"),
    [
        ("Security officer SIA licensed", "Security officer"),  # "officer" is not "office"
        ("sia licensed door supervisor", "Security officer"),
        ("office admin", "Administrator"),
        ("warehouse supervisor", "Supervisor"),
    ],
)
def test_security_jobs_are_not_office_jobs(said: str, title: str) -> None:
    job = parse_job(said)
    assert job is not None and job.title == title


@pytest.mark.parametrize(
    "said",
    ["got a new job", "any jobs near me", "looking for work", "i got the job!", "a better job"],
)
def test_talk_about_a_job_is_not_a_job_title(said: str) -> None:
    """ "Congratulations on the new job as got a new job!" had been said and saved."""
    assert job_from_text(said) is None


def test_a_job_named_with_news_is_still_read() -> None:
    assert job_from_text("new job as a chef") == Job("Chef", "hospitality")


@pytest.mark.parametrize(
    ("said", "asked"),
    [("any cleaning jobs near me?", True), ("jobs in leeds", True), ("any vacancies", True),
     ("looking for a better job?", True), ("a better job", False),
     ("i want a better job", False), ("i got a new job", False), ("any courses near me", False)],
)  # fmt: skip
def test_a_job_search_asked_outright(said: str, asked: bool) -> None:
    """The one rule for "is this a job search?" while the plan or a check-in waits for an
    answer: "a better job" there is an answer."""
    assert search_asked(said) is asked


@pytest.mark.parametrize(
    ("said", "only"),
    [("started at asda on 12.80", True), ("new job at greggs", True),
     ("started at asda as a cashier", False), ("forklift driver at amazon", False),
     ("cleaner", False)],
)  # fmt: skip
def test_a_shop_named_without_the_job(said: str, only: bool) -> None:
    """ "started at asda on 12.80" had been congratulated as a new job as a sales assistant."""
    assert only_employer(said) is only


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "nights" is when, not what (it had been saved as the job "Nights")
        ("nights at a bakery, on the plant, warburtons", Job("Production operative", "warehouse")),
        ("nights", None),
        ("i work nights and weekends", None),
        # "same thing ... but at vue": the job, not "Same thing usher but"
        ("same thing usher but at vue", Job("Usher", None)),
        # an old button's words typed back: not a job title
        ("A job offer (pay and hours)", None),
    ],
)
def test_when_they_work_and_old_button_words_are_not_a_job(text: str, expected: Job | None) -> None:
    assert job_from_text(text) == expected
