import pytest

from flows import checkin
from flows.core import CompleteCheckin, RaiseFlag, SaveEarnings

from .helpers import all_text, button, ctx, step, text

C = ctx(
    first_name="Sam",
    hourly_pence=1200,
    baseline_hourly_pence=1200,
    weekly_hours=30.0,
    job_title="picker",
    sector="warehouse",
    plan=((5, "Warehouse skills L2", "saved"),),
)


def answer(events: list) -> tuple:
    res = checkin.start(C, 42)
    state = res.state
    for ev in events:
        res = step(state, ev, C)
        state = res.state
    return state, res


def test_pay_rise_is_recorded_and_celebrated() -> None:
    state, res = answer(
        [
            text("£12.96 an hour"),
            button("ci:hrs:same"),
            button("ci:job:same"),
            button("ci:crs:good"),
        ]
    )
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert (e.hourly_pence, e.weekly_hours, e.source) == (1296, 30.0, "checkin")
    assert (
        CompleteCheckin(
            42,
            {
                "pay_pence": 1296,
                "pay_period": "hour",
                "hours": 30.0,
                "course": "good",
                "hourly_pence": 1296,
            },
        )
        in res.effects
    )
    assert "pay is up 8% since you started" in all_text(res)
    assert state is not None and state.flow == "menu"


def test_struggling_offers_a_coach_and_raises_flags() -> None:
    _, res = answer(
        [
            button("ci:pay:same"),
            text("about 20 hours"),
            button("ci:job:new"),
            text("shift leader"),
            button("ci:crs:hard"),
            button("ci:help:yes"),
        ]
    )
    kinds = {x.kind for x in res.effects if isinstance(x, RaiseFlag)}
    assert kinds == {"struggling", "asked_for_human"}
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert e.job_title == "Shift leader" and e.weekly_hours == 20.0
    assert "coach" in all_text(res)


def test_no_celebration_when_pay_is_the_same() -> None:
    _, res = answer(
        [button("ci:pay:same"), button("ci:hrs:same"), button("ci:job:same"), button("ci:crs:none")]
    )
    assert "pay is up" not in all_text(res)
    assert not any(isinstance(x, RaiseFlag) for x in res.effects)


def test_yearly_pay_at_checkin_is_turned_into_hourly() -> None:
    _, res = answer(
        [text("25k a year now"), text("37.5"), button("ci:job:same"), button("ci:crs:none")]
    )
    e = next(x for x in res.effects if isinstance(x, SaveEarnings))
    assert e.hourly_pence == 1282  # 25,000 / 52 / 37.5 hours = £12.82


@pytest.mark.parametrize(
    ("said", "next_step"),
    [
        ("nah", "job_text"),  # not the same job: ask what the new one is
        ("no", "job_text"),
        ("yeah", "course"),
        ("same job", "course"),
        ("no change", "course"),
        ("still at tesco", "course"),
    ],
)
def test_are_you_in_the_same_job_reads_yes_and_no_the_right_way_round(
    said: str, next_step: str
) -> None:
    state, res = answer([button("ci:pay:same"), button("ci:hrs:same"), text(said)])
    assert state is not None and state.step == next_step


def test_no_course_question_without_a_saved_course() -> None:
    no_plan = ctx(first_name="Sam", hourly_pence=1200, weekly_hours=30.0, job_title="picker")
    res = checkin.start(no_plan, 42)
    for ev in (button("ci:pay:same"), button("ci:hrs:same"), button("ci:job:same")):
        res = step(res.state, ev, no_plan)
    assert "How is your course going?" not in all_text(res)
    assert any(isinstance(e, CompleteCheckin) for e in res.effects)
