import pytest

from flows import router
from flows.core import Context, CreateWorker, Event, State, UpdateWorker
from flows.onboarding import name_from

from .helpers import TODAY, button, button_data, ctx, step, text

NO_WORKER = Context(today=TODAY)


def test_start_shows_intro_and_consent_without_storing_anything() -> None:
    res = router.handle(None, Event(kind="command", text="/start"), NO_WORKER, "Sam")
    assert res.state is None and res.effects == []
    assert "consent:yes" in button_data(res) and "consent:no" in button_data(res)
    assert "privacy" in res.replies[-1].text.lower()


def test_anything_before_consent_reshows_the_buttons() -> None:
    res = router.handle(None, Event(kind="text", text="hello"), NO_WORKER, "Sam")
    assert res.state is None and res.effects == []
    assert "consent:yes" in button_data(res)


@pytest.mark.parametrize(
    "typed", ["yes", "Yeah", "ok", "k", "yes please", "i agree", "no worries", "fine 👍"]
)
def test_typed_yes_to_is_that_ok_gives_consent(typed: str) -> None:
    res = router.handle(None, Event(kind="text", text=typed), NO_WORKER, "Sam")
    assert any(isinstance(e, CreateWorker) for e in res.effects)
    assert res.state is not None and res.state.step == "name"


@pytest.mark.parametrize("typed", ["no", "nah", "no thanks", "don't want to"])
def test_typed_no_stores_nothing(typed: str) -> None:
    res = router.handle(None, Event(kind="text", text=typed), NO_WORKER, "Sam")
    assert res.state is None and res.effects == []
    assert "not saved anything" in res.replies[0].text


@pytest.mark.parametrize("typed", ["hiya", "what is this", "know what i mean", "okra"])
def test_unclear_text_before_consent_stores_nothing(typed: str) -> None:
    res = router.handle(None, Event(kind="text", text=typed), NO_WORKER, "Sam")
    assert res.state is None and res.effects == []
    assert "consent:yes" in button_data(res)


def test_no_thanks_stores_nothing() -> None:
    res = router.handle(None, button("consent:no"), NO_WORKER, "Sam")
    assert res.state is None and res.effects == []
    assert "not saved anything" in res.replies[0].text


def test_agree_creates_worker_and_asks_name_with_telegram_name() -> None:
    res = router.handle(None, button("consent:yes"), NO_WORKER, "Sam")
    assert any(isinstance(e, CreateWorker) for e in res.effects)
    assert res.state is not None and res.state.step == "name"
    assert "name:tg" in button_data(res)


def test_name_then_postcode_keeps_only_the_district() -> None:
    st = State("onboarding", "name", {"tg_name": "Sam"})
    res = step(st, text("I'm jo"), ctx(status="onboarding"))
    assert UpdateWorker({"first_name": "Jo"}) in res.effects
    res = step(res.state, text("ls6 3ab"), ctx(status="onboarding"))
    assert UpdateWorker({"postcode_district": "LS6"}) in res.effects
    assert res.state is not None and (res.state.flow, res.state.step) == ("goals", "job")


def test_bad_postcode_gets_a_friendly_reask() -> None:
    st = State("onboarding", "postcode", {})
    res = step(st, text("my house"), ctx(status="onboarding"))
    assert res.state == st and res.effects == []
    assert "postcode" in res.replies[0].text.lower()


def test_a_greeting_is_not_taken_as_a_name() -> None:
    st = State("onboarding", "name", {"tg_name": ""})
    for said in (text("hello"), text("Hiya", intent="greet", confidence=0.9)):
        res = step(st, said, ctx(status="onboarding"))
        assert res.effects == [] and res.state is not None and res.state.step == "name"


def test_a_district_that_does_not_exist_is_refused_kindly() -> None:
    st = State("onboarding", "postcode", {})
    res = step(st, text("QQ9 9ZZ"), ctx(status="onboarding"))
    assert res.effects == [] and "I can't find QQ9" in res.replies[0].text
    res = step(st, text("M14"), ctx(status="onboarding"))
    assert UpdateWorker({"postcode_district": "M14"}) in res.effects


def test_a_crisis_before_consent_gets_the_crisis_lines_and_stores_nothing() -> None:
    res = router.handle(None, Event(kind="text", text="i want to kill myself"), NO_WORKER, "Sam")
    assert res.state is None and res.effects == []
    assert "116 123" in "\n".join(r.text for r in res.replies)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("my name Andrzej", "Andrzej"),
        ("tomasz but everyone calls me tom", "Tom"),
        ("hi my name is Chantelle…", "Chantelle"),
        ("chantelle i just said", "Chantelle"),
        ("im called gaz", "Gaz"),
    ],
)
def test_names_as_people_type_them(typed: str, name: str) -> None:
    res = step(
        State("onboarding", "name", {"tg_name": "Sam"}), text(typed), ctx(status="onboarding")
    )
    assert UpdateWorker({"first_name": name}) in res.effects


@pytest.mark.parametrize("typed", ["rather not", "I agree", "perm", "skip", "i'd rather not say"])
def test_words_that_are_not_a_name_are_never_saved_as_one(typed: str) -> None:
    res = step(
        State("onboarding", "name", {"tg_name": "Sam"}), text(typed), ctx(status="onboarding")
    )
    assert not any(
        isinstance(e, UpdateWorker) and "first_name" in e.fields and e.fields["first_name"]
        for e in res.effects
    )


def test_why_do_you_need_my_name_gets_an_answer() -> None:
    res = step(
        State("onboarding", "name", {}), text("why do u need my name"), ctx(status="onboarding")
    )
    assert "only use your first name" in "\n".join(r.text for r in res.replies)


def test_the_third_ask_has_one_skip_button() -> None:
    st = State("onboarding", "name", {"tg_name": "Sam"})
    res = step(st, text("12345"), ctx(status="onboarding"))
    res = step(res.state, text("67890"), ctx(status="onboarding"))
    labels = [b.label for r in res.replies for row in r.buttons for b in row]
    assert labels.count("Skip this") == 1


@pytest.mark.parametrize(
    "said", ["im knackered", "knackered", "i am shattered", "im fine", "im good thanks",
             "im working", "i'm struggling"],
)  # fmt: skip
def test_how_they_are_is_not_their_name(said: str) -> None:
    assert name_from(said) is None


@pytest.mark.parametrize(
    ("said", "name"),
    [("im shaz", "Shaz"), ("im ahmed", "Ahmed"), ("im ted x", "Ted"), ("fred", "Fred"),
     ("im mohammed", "Mohammed"), ("i’m Bethany", "Bethany")],
)  # fmt: skip
def test_names_that_end_like_a_feeling_still_work(said: str, name: str) -> None:
    assert name_from(said) == name


@pytest.mark.parametrize("said", ["ye", "ye thats fine", "yeh go on", "y", "👍", "of course"])
def test_everyday_yes_words_give_consent(said: str) -> None:
    from flows.onboarding import pre_consent

    res = pre_consent(text(said), None)
    assert CreateWorker() in res.effects
