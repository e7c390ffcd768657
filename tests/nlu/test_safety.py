import pytest

from nlu.safety import says_crisis


@pytest.mark.parametrize(
    "text",
    [
        "i dont want to be here anymore tbh",
        "i want to kill myself",
        "im going to end it tonight",
        "suicidal",
        "honestly i just want to die",
        "I’m thinking about ending my life",
        "sometimes i hurt myself",
        "everyone would be better off without me",
        "no point living like this",
        "i cant go on anymore",
        "thinking of self harming again",
    ],
)
def test_crisis_is_recognised(text: str) -> None:
    assert says_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "nights are killing me",
        "this job is killing me lol",
        "im dying for a brew",
        "i could die of boredom on the tills",
        "i want to end my contract",
        "my back hurts",
        "i want to be a senior carer",
        "im knackered tbh",
    ],
)
def test_everyday_complaints_are_not_a_crisis(text: str) -> None:
    assert not says_crisis(text)
