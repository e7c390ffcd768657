"""Messy, real-sounding workers, end to end: the real ConversationService, the real database
and the trained Rasa model. Tired people on phones: lower case, typos, voice-to-text run-ons,
emoji, stickers, corrections, changes of mind, answers to the wrong question, old buttons.

Each journey asserts what the worker would expect: the stage reached (ConversationState) and
the values saved (Worker, EarningsRecord, Goal, AvailabilitySlot, WorkerFlag). Intents of
borderline texts are never asserted: the model is retrained as the data grows. Every journey
also checks that no bot message appears three times in a row.

Minimum wage on 2026-11-23 (nlu.normalise): 21+ £12.71, 18-20 £10.85, under 18 £8.00.
Real Living Wage (UK): £13.45.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation import ConversationService, Inbound, Reply
from config.settings import Settings
from db.models import (
    AvailabilitySlot,
    ConversationMessage,
    ConversationState,
    EarningsRecord,
    Goal,
    Worker,
    WorkerFlag,
)
from nlu.client import NluClient
from nlu.server import RasaProcess, ensure_model
from tests.coach_web.factories import add_plan

pytestmark = [pytest.mark.integration, pytest.mark.rasa]

PORT = 5121
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CHAT = 7001


@pytest.fixture(scope="module")
def rasa_settings() -> Settings:
    # a generous timeout: CI shares 2 cores, and a timed-out parse would look like "NLU down"
    return Settings(
        rasa_url=f"http://127.0.0.1:{PORT}", rasa_token="journeys-token", rasa_timeout_seconds=20
    )


@pytest.fixture(scope="module")
def rasa(rasa_settings: Settings) -> Iterator[RasaProcess]:
    proc = RasaProcess(
        rasa_settings, model=ensure_model(rasa_settings), startup_timeout=240
    ).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def nlu(rasa: RasaProcess, rasa_settings: Settings) -> NluClient:
    client = NluClient(
        rasa.url, rasa_settings.rasa_token, timeout=rasa_settings.rasa_timeout_seconds
    )
    assert client.is_healthy()
    return client


@pytest.fixture
def sf(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    return session_factory


@pytest.fixture
def phone(nlu: NluClient, session_factory: sessionmaker[Session]) -> Phone:
    return Phone(ConversationService(session_factory, nlu, clock=lambda: NOW))


# --- the worker's phone -----------------------------------------------------------------------
class Phone:
    """One worker's Telegram chat. Records every bot message, and fails the journey as soon as
    one bot message appears three times in a row. A message is what the worker sees: its text
    and its button labels (tapping Mon, Tue, Wed ticks a new day on each day question)."""

    def __init__(
        self, service: ConversationService, chat_id: int = CHAT, tg_name: str | None = "Sam"
    ) -> None:
        self.service = service
        self.chat_id = chat_id
        self.tg_name = tg_name
        self.bot: list[str] = []  # every bot message, in order
        self.transcript: list[str] = []

    def send(self, kind: str, text: str = "") -> str:
        replies: list[Reply] = self.service.handle(
            Inbound("telegram", self.chat_id, kind, text, self.tg_name)
        )
        start = len(self.transcript)
        self.transcript.append(f"> [{kind}] {text}")
        for r in replies:
            labels = " | ".join(b.label for row in r.buttons for b in row)
            self.bot.append(r.text + (f"\n[{labels}]" if labels else ""))
            btns = [b.data for row in r.buttons for b in row]
            self.transcript.append(
                "< " + r.text.replace("\n", " / ") + (f" {btns}" if btns else "")
            )
        if os.environ.get("JOURNEYS_VERBOSE"):  # run with -s to read every conversation
            print("\n".join(self.transcript[start:]))
        self.last_buttons = [b.data for r in replies for row in r.buttons for b in row]
        self.assert_no_triple()
        return "\n".join(r.text for r in replies)

    def say(self, text: str) -> str:
        return self.send("text", text)

    def tap(self, data: str) -> str:
        return self.send("button", data)

    def cmd(self, command: str) -> str:
        return self.send("command", command)

    def sticker(self) -> str:
        return self.send("other", "")

    def assert_no_triple(self) -> None:
        b = self.bot
        for i in range(len(b) - 2):
            assert not (b[i] == b[i + 1] == b[i + 2]), (
                f"bot said the same thing 3 times in a row: {b[i]!r}\n" + self.log()
            )

    def log(self) -> str:
        return "\n".join(self.transcript)

    # common stretches of a journey, by buttons (the messy parts are typed in each test)
    def agree(self) -> None:
        self.cmd("/start")
        self.tap("consent:yes")

    def to_job(self, name: str = "sam", postcode: str = "ls6") -> None:
        self.agree()
        self.say(name)
        self.say(postcode)


# --- what was saved ---------------------------------------------------------------------------
def worker(sf: sessionmaker[Session]) -> Worker:
    with sf() as s:
        w = s.scalar(select(Worker))
        assert w is not None
        s.expunge(w)
        return w


def stage(sf: sessionmaker[Session]) -> tuple[str, str] | None:
    with sf() as s:
        st = s.scalar(select(ConversationState))
        return (st.flow, st.step) if st else None


def state_data(sf: sessionmaker[Session]) -> dict:
    with sf() as s:
        st = s.scalar(select(ConversationState))
        assert st is not None
        return dict(st.data or {})


def earnings(sf: sessionmaker[Session]) -> list[EarningsRecord]:
    with sf() as s:
        rows = list(s.scalars(select(EarningsRecord).order_by(EarningsRecord.id)))
        for r in rows:
            s.expunge(r)
        return rows


def goal(sf: sessionmaker[Session]) -> Goal:
    with sf() as s:
        g = s.scalars(select(Goal).order_by(Goal.id)).all()[-1]
        s.expunge(g)
        return g


def slots(sf: sessionmaker[Session]) -> list[tuple[int, str, str]]:
    with sf() as s:
        return [
            (x.day, x.start_time.strftime("%H:%M"), x.end_time.strftime("%H:%M"))
            for x in s.scalars(
                select(AvailabilitySlot).order_by(AvailabilitySlot.day, AvailabilitySlot.id)
            )
        ]


def flags(sf: sessionmaker[Session]) -> list[str]:
    with sf() as s:
        return [f.kind for f in s.scalars(select(WorkerFlag).order_by(WorkerFlag.id))]


def count(sf: sessionmaker[Session], model: type) -> int:
    with sf() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def finish_by_buttons(p: Phone, *, from_step: str) -> None:
    """Tap through the rest of goal-setting from `from_step` with plain answers, reading the
    step the bot is at (a care worker is asked about home care after the pay)."""
    taps = {
        "job": ["job:0"],
        "hours": ["hrs:30"],
        "pay": ["pay:nlw", "age:21_plus"],
        "home_care": ["hc:no"],
        "underpaid": ["uw:no"],
        "contract": ["con:permanent"],
        "days": ["day:0", "day:done"],
        "times": ["pat:early"],
        "barriers": ["bar:none"],
        "want": ["want:pay", "want:done"],
        "target": ["tgt:0"],
        "target_pay": ["tp:rlw"],
    }
    sf = p.service._sf
    assert stage(sf) == ("goals", from_step), p.log()
    for _ in range(20):
        at = stage(sf)
        if at is None or at[0] != "goals":
            return
        for data in taps[at[1]]:
            p.tap(data)
    raise AssertionError("goal-setting did not finish\n" + p.log())


# --- names ------------------------------------------------------------------------------------
def test_01_short_name_shaz_all_the_way_to_a_plan(phone: Phone, sf) -> None:
    p = phone
    p.agree()
    assert "Nice to meet you, Shaz" in p.say("shaz"), p.log()
    p.say("ls6 3ab")
    p.say("care assistant")
    p.tap("hrs:30")
    p.say("12.90 an hour")
    p.tap("hc:no")  # a care assistant: home care? (unpaid travel between visits)
    p.tap("con:permanent")
    p.say("mon wed fri 6-2")
    p.tap("bar:none")
    p.say("better pay")  # what they want most
    p.tap("tgt:0")
    out = p.tap("tp:rlw")
    # 13.45 - 12.90 = 0.55 an hour; 0.55 / 12.90 = 4.3% -> 4%; 0.55 x 30 h = £16.50 a week
    assert "4% more" in out and "£16.50 more a week" in out, p.log()
    w = worker(sf)
    assert (w.first_name, w.postcode_district, w.status) == ("Shaz", "LS6", "active")
    e = earnings(sf)[-1]
    assert (e.hourly_pay_pence, float(e.weekly_hours), e.source) == (1290, 30.0, "baseline")
    assert e.contract_type == "permanent"
    assert slots(sf) == [(0, "06:00", "14:00"), (2, "06:00", "14:00"), (4, "06:00", "14:00")]
    assert goal(sf).target_hourly_pence == 1345
    assert stage(sf) == ("menu", "idle")


def test_02_its_kai(phone: Phone, sf) -> None:
    p = phone
    p.agree()
    assert "Nice to meet you, Kai" in p.say("its kai"), p.log()
    assert worker(sf).first_name == "Kai"
    assert stage(sf) == ("onboarding", "postcode")


def test_03_gaz_with_a_thumbs_up(phone: Phone, sf) -> None:
    p = phone
    p.agree()
    p.say("gaz 👍")
    assert worker(sf).first_name == "Gaz", p.log()
    assert stage(sf) == ("onboarding", "postcode")


def test_04_postcode_typed_at_the_name_step(phone: Phone, sf) -> None:
    p = phone
    p.agree()
    p.say("LS6 3AB")  # answered the next question first
    assert stage(sf) is not None and stage(sf)[0] == "onboarding", p.log()
    assert worker(sf).first_name in (None, "Sam"), p.log()  # never "Ls6"
    if stage(sf) == ("onboarding", "name"):
        p.say("jo")
        assert worker(sf).first_name == "Jo", p.log()
    if stage(sf) == ("onboarding", "postcode"):
        p.say("ls6")
    assert worker(sf).postcode_district == "LS6", p.log()
    assert stage(sf) == ("goals", "job"), p.log()


def test_05_emoji_name_and_lowercase_postcode(phone: Phone, sf) -> None:
    p = phone
    p.agree()
    p.say("dee 😊")
    p.say("m14 ")
    w = worker(sf)
    assert (w.first_name, w.postcode_district) == ("Dee", "M14"), p.log()
    assert stage(sf) == ("goals", "job")


def test_06_skips_the_name_with_the_telegram_button_after_a_sticker(phone: Phone, sf) -> None:
    p = phone
    p.agree()
    out = p.sticker()
    assert "only read text" in out, p.log()
    p.tap("name:tg")
    assert worker(sf).first_name == "Sam"
    assert stage(sf) == ("onboarding", "postcode")


# --- stickers and old buttons -----------------------------------------------------------------
def test_07_three_stickers_in_a_row_never_the_same_message_three_times(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.sticker()
    p.sticker()
    p.sticker()
    out = p.sticker()
    assert "only read text" in out and "job:0" in p.last_buttons, p.log()
    p.say("cleaner")
    assert state_data(sf)["job_title"] == "Cleaner", p.log()
    assert stage(sf) == ("goals", "hours")


def test_08_old_hours_button_pressed_at_the_contract_question(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.say("warehouse")
    p.tap("hrs:40")
    p.say("£13 an hour")
    assert stage(sf) == ("goals", "contract"), p.log()
    out = p.tap("hrs:16")  # scrolled up and tapped an old button
    assert "older message" in out and "con:agency" in p.last_buttons, p.log()
    assert stage(sf) == ("goals", "contract")
    assert state_data(sf)["hours"] == 40.0  # the old tap changed nothing
    p.tap("con:agency")
    assert stage(sf) == ("goals", "days")


def test_09_old_consent_and_job_buttons_later_on(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:3")  # Cleaner
    p.tap("hrs:20")
    out = p.tap("consent:yes")
    assert "already said yes" in out, p.log()
    p.tap("job:0")  # an old job button at the pay question
    assert stage(sf) == ("goals", "pay"), p.log()
    assert state_data(sf)["job_title"] == "Cleaner"
    assert count(sf, Worker) == 1


def test_10_old_target_button_after_the_plan_is_done(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    finish_by_buttons(p, from_step="job")
    assert stage(sf) == ("menu", "idle")
    goals_before = count(sf, Goal)
    p.tap("tgt:1")
    p.tap("hrs:45")
    assert count(sf, Goal) == goals_before, p.log()
    assert float(earnings(sf)[-1].weekly_hours) == 30.0
    assert stage(sf) == ("menu", "idle")


# --- hours ------------------------------------------------------------------------------------
def test_11_shift_times_at_the_hours_step_ask_how_many_shifts(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.say("dinner lady at a school")
    if stage(sf) == ("goals", "sector"):
        p.tap("sec:hospitality")
    out = p.say("9:30-2:30")
    assert "How many shifts a week" in out and "shn:4" in p.last_buttons, p.log()
    p.say("4")  # 9:30 to 2:30 is 5 hours; 5 x 4 shifts = 20 hours
    assert state_data(sf)["hours"] == 20.0, p.log()
    assert stage(sf) == ("goals", "pay")


def test_12_days_and_hours_a_day(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:1")
    p.say("4 days a week 7.5 hours")  # 4 x 7.5 = 30
    assert state_data(sf)["hours"] == 30.0, p.log()
    assert stage(sf) == ("goals", "pay")


def test_13_hours_typo_read_back_then_fixed(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:1")
    out = p.say("3")  # meant 30: below 4 hours is read back
    assert "Did you mean 3 hours a week?" in out, p.log()
    p.say("no 30")
    assert state_data(sf)["hours"] == 30.0, p.log()
    assert stage(sf) == ("goals", "pay")


def test_14_pay_typed_at_the_hours_step(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:2")
    p.say("£12.90 an hour")  # the wrong question: that's pay, not hours
    d = state_data(sf)
    assert d.get("hours") not in (12.9, 12.0, 1290.0), p.log()
    if stage(sf) == ("goals", "hours"):
        p.say("30")
    if stage(sf) == ("goals", "pay"):
        p.say("12.90")
    assert stage(sf) == ("goals", "contract"), p.log()
    d = state_data(sf)
    assert (d["hours"], d["hourly_pence"]) == (30.0, 1290), p.log()


def test_15_no_its_37_point_5_corrects_the_hours(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:1")
    p.say("35")
    assert stage(sf) == ("goals", "pay")
    p.say("no its 37.5")  # correcting the hours, at the pay question
    d = state_data(sf)
    assert d["hours"] == 37.5, p.log()
    assert "hourly_pence" not in d, p.log()  # £37.50 an hour is not their pay
    assert stage(sf) == ("goals", "pay")


def test_16_hours_changed_after_the_plan(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    finish_by_buttons(p, from_step="job")
    p.say("sorry i meant 37.5 hours not 30")
    e = earnings(sf)
    assert float(e[-1].weekly_hours) == 37.5, p.log()
    assert e[-1].hourly_pay_pence == 1271  # pay unchanged: the 21+ minimum from pay:nlw


# --- pay --------------------------------------------------------------------------------------
def test_17_sorry_i_meant_12_50_not_9_50(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:37.5")
    out = p.say("9.50")
    assert "Did you mean £9.50 an hour?" in out, p.log()
    out = p.say("sorry i meant 12.50 not 9.50")
    assert "hours" not in out and state_data(sf)["hours"] == 37.5, p.log()
    if stage(sf) == ("goals", "pay_check"):  # £12.50 is below £12.71 (21+): read back too
        assert "Did you mean £12.50 an hour?" in out, p.log()
        p.tap("pck:yes")
    d = state_data(sf)
    assert d.get("hourly_pence") == 1250, p.log()
    assert stage(sf) == ("goals", "underpaid"), p.log()  # £12.50 < £12.71: the kind note
    p.tap("uw:no")
    assert stage(sf) == ("goals", "contract")


def test_18_pay_corrected_two_steps_later(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    p.say("13.10")
    p.tap("hc:no")
    p.tap("con:zero_hours")
    assert stage(sf) == ("goals", "days")
    p.say("oh sorry i meant 13.40 an hour")
    d = state_data(sf)
    assert d["hourly_pence"] == 1340, p.log()
    assert stage(sf) == ("goals", "days"), p.log()


def test_19_nine_hundred_a_fortnight(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:1")
    p.tap("hrs:30")
    out = p.say("£900 a fortnight")  # 900 / 2 = 450 a week; 450 / 30 h = £15.00 an hour
    assert "£15 an hour" in out, p.log()
    assert state_data(sf)["hourly_pence"] == 1500


def test_20_monthly_pay_at_forty_hours(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:1")
    p.tap("hrs:40")
    out = p.say("bout 2300 a month after overtime n that")
    # 2300 x 12 / 52 = 530.77 a week; 530.77 / 40 = 13.269 -> £13.27
    assert "£13.27 an hour" in out, p.log()
    assert state_data(sf)["hourly_pence"] == 1327


def test_21_min_wage_for_a_19_year_old(phone: Phone, sf) -> None:
    p = phone
    p.to_job(name="tyler")
    p.tap("job:2")
    p.tap("hrs:20")
    out = p.say("min wage")
    assert "How old are you?" in out and "age:18_20" in p.last_buttons, p.log()
    p.tap("age:18_20")  # 18 to 20 on 2026-11-23: £10.85
    assert state_data(sf)["hourly_pence"] == 1085, p.log()
    assert worker(sf).age_band == "18_20"
    assert stage(sf) == ("goals", "contract")


def test_22_pay_below_the_minimum_confirmed_gets_a_kind_note(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:3")
    p.tap("hrs:25")
    out = p.say("8.50 an hour cash in hand")
    assert "Did you mean £8.50 an hour?" in out, p.log()
    out = p.tap("pck:yes")  # £8.50 < £12.71 (21+, age not known)
    assert "Acas" in out and "not your fault" in out, p.log()
    assert "Shall I tell your coach?" in out and "uw:yes" in p.last_buttons, p.log()
    assert state_data(sf)["hourly_pence"] == 850
    assert flags(sf) == []  # the worker chooses first
    p.say("yes please")
    assert flags(sf) == ["underpaid"], p.log()
    assert stage(sf) == ("goals", "contract")


def test_23_silly_high_pay_read_back_and_fixed(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    out = p.say("1250 an hour")  # meant 13.50
    assert "Did you mean £1,250 an hour?" in out, p.log()
    p.tap("pck:no")
    p.say("13.50 sorry lol")
    assert state_data(sf).get("hourly_pence") == 1350, p.log()
    assert stage(sf) == ("goals", "home_care")  # a care assistant: home care?


# --- shifts and barriers ----------------------------------------------------------------------
def test_24_days_changed_after_moving_on(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:37.5")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.tap("hc:no")
    p.tap("con:permanent")
    p.say("mon tue wed 9-5")
    assert stage(sf) == ("goals", "barriers"), p.log()
    p.say("sorry i meant mon to fri 9-5")
    p.tap("bar:none")
    p.tap("want:pay")
    p.tap("want:done")
    p.tap("tgt:0")
    p.tap("tp:rlw")
    assert slots(sf) == [(d, "09:00", "17:00") for d in range(5)], p.log()


def test_25_rota_changes_every_week(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:4")
    p.tap("hrs:20")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.say("zero hours unfortunately 🙄")
    p.say("honestly it changes every week depends on the rota")
    assert stage(sf) == ("goals", "barriers"), p.log()
    p.tap("bar:none")
    p.tap("want:unsure")
    p.tap("tgt:unsure")
    p.tap("tp:unsure")
    w = worker(sf)
    assert w.rota_varies is True and slots(sf) == [], p.log()
    assert earnings(sf)[-1].contract_type == "zero_hours"


def test_26_dont_drive_and_knackered_is_a_barrier_not_a_coach_flag(phone: Phone, sf) -> None:
    p = phone
    p.to_job(name="bex")
    p.tap("job:0")
    p.tap("hrs:30")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.tap("hc:no")
    p.tap("con:permanent")
    p.say("mon to fri 8-4")
    p.say("i dont drive and im knackered after shifts")
    if stage(sf) != ("goals", "barriers"):
        p.tap("cmd:carry_on")  # the bot offered a coach: "not now"
    p.tap("bar:done")
    p.tap("want:pay")
    p.tap("want:done")
    p.tap("tgt:0")
    p.tap("tp:rlw")
    assert goal(sf).barriers == ["transport"], p.log()
    assert flags(sf) == [], p.log()
    assert slots(sf) == [(d, "08:00", "16:00") for d in range(5)]


def test_27_barriers_typed_as_a_ramble(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:2")
    p.tap("hrs:16")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.tap("con:temporary")
    p.tap("day:5")
    p.tap("day:6")
    p.tap("day:done")
    p.tap("pat:day")
    out = p.say("well the kids are at school til 3 and my english isnt great tbh")
    assert "childcare" in out.lower() and "english" in out.lower(), p.log()
    p.tap("bar:done")
    p.say("more money")
    p.tap("tgt:0")
    p.tap("tp:rlw")
    assert goal(sf).barriers == ["childcare", "english"], p.log()
    assert goal(sf).kinds == ["pay"] and earnings(sf)[-1].contract_type == "fixed_term"
    assert slots(sf) == [(5, "09:00", "17:00"), (6, "09:00", "17:00")]


# --- targets ----------------------------------------------------------------------------------
def test_28_idk_lol_at_the_target_is_not_a_job(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.tap("hc:no")
    p.tap("con:permanent")
    p.tap("day:0")
    p.tap("day:done")
    p.tap("pat:early")
    p.tap("bar:none")
    p.tap("want:pay")
    p.tap("want:done")
    p.say("idk lol")
    assert stage(sf) == ("goals", "target_pay"), p.log()
    d = state_data(sf)
    assert d.get("target_role") is None and d.get("not_sure") is True, p.log()
    p.tap("tp:unsure")
    g = goal(sf)
    assert g.target_role is None and g.not_sure is True


def test_29_target_typed_with_a_pay_in_one_go(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    p.say("12.71")
    p.tap("hc:no")
    p.tap("con:permanent")
    p.tap("day:varies")
    p.tap("bar:none")
    p.say("better pay")
    p.tap("tgt:other")
    out = p.say("id love to be a nurse one day on like 15 an hour")
    assert stage(sf) == ("menu", "idle"), p.log()
    g = goal(sf)
    assert "nurse" in (g.target_role or "").lower() and g.target_hourly_pence == 1500, p.log()
    # 15.00 - 12.71 = 2.29; 2.29 / 12.71 = 18.0% -> 18%; 2.29 x 30 = £68.70 a week
    assert "18% more" in out and "£68.70 more a week" in out, p.log()


# --- stop, delete, people, out of scope ------------------------------------------------------
def test_30_stop_half_way_then_start_again_loses_nothing(phone: Phone, sf) -> None:
    p = phone
    p.to_job(name="mo")
    p.say("i work in a warehouse picking")
    p.say("40")
    out = p.say("stop")
    assert "cmd:stop" in p.last_buttons, p.log() + out
    p.tap("cmd:stop")
    assert worker(sf).status == "stopped"
    out = p.cmd("/start")
    assert "Welcome back, Mo" in out and "What is your pay" in out, p.log()
    assert worker(sf).status == "active"
    p.say("13.05")
    finish_by_buttons(p, from_step="contract")
    e = earnings(sf)[-1]
    assert (float(e.weekly_hours), e.hourly_pay_pence) == (40.0, 1305), p.log()
    assert e.sector == "warehouse"
    assert stage(sf) == ("menu", "idle")


def test_31_delete_my_data_then_everything_is_gone(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    finish_by_buttons(p, from_step="job")
    out = p.say("can u delete my data please")
    assert "cmd:delete_yes" in p.last_buttons, p.log() + out
    assert count(sf, Worker) == 1  # nothing goes before they confirm
    p.say("yes")  # typed, not tapped: it had been "didn't get that" and the question before
    for model in (
        Worker,
        EarningsRecord,
        Goal,
        AvailabilitySlot,
        ConversationMessage,
        ConversationState,
        WorkerFlag,
    ):
        assert count(sf, model) == 0, model.__name__
    p.say("hello?")
    assert "consent:yes" in p.last_buttons  # a stranger again: consent first


def test_32_delete_then_change_of_mind_keeps_everything(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    p.say("wipe all my info")
    assert "cmd:delete_yes" in p.last_buttons, p.log()
    p.tap("cmd:carry_on")  # "No, keep it"
    assert count(sf, Worker) == 1
    assert stage(sf) == ("goals", "pay"), p.log()
    assert state_data(sf)["hours"] == 30.0


def test_33_talk_to_a_real_person_mid_flow(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    out = p.say("can i talk to a real person pls this is confusing")
    assert "coach to get in touch" in out, p.log()
    assert flags(sf) == ["asked_for_human"]
    assert stage(sf) == ("goals", "hours"), p.log()
    p.tap("hrs:30")
    assert stage(sf) == ("goals", "pay")


def test_34_are_you_a_robot_lol(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    out = p.say("are you a robot lol")
    assert "chatbot" in out and "not a person" in out, p.log()
    assert flags(sf) == []
    assert stage(sf) == ("goals", "pay")


def test_35_how_do_i_claim_uc(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:16")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.tap("hc:no")
    p.tap("con:zero_hours")
    p.tap("day:varies")
    p.tap("bar:none")
    out = p.say("how do i claim uc")
    assert "Citizens Advice" in out and "Turn2us" in out, p.log()
    assert flags(sf) == []
    assert stage(sf) == ("goals", "want"), p.log()


# --- after the plan ---------------------------------------------------------------------------
def test_36_wages_went_up_by_40p(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    p.say("12.80")
    finish_by_buttons(p, from_step="home_care")
    out = p.say("wages went up by 40p 🙌")
    # 12.80 + 0.40 = 13.20
    assert "£13.20" in out, p.log()
    e = earnings(sf)
    assert [(r.hourly_pay_pence, r.source) for r in e] == [(1280, "baseline"), (1320, "update")], (
        p.log()
    )
    assert float(e[-1].weekly_hours) == 30.0


def test_37_promoted_to_senior_carer(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:37.5")
    p.say("12.75")
    finish_by_buttons(p, from_step="home_care")
    p.say("ive been promoted to senior carer!!")
    assert "senior" in (earnings(sf)[-1].job_title or "").lower(), p.log()
    if "upj:yes" in p.last_buttons:
        p.say("yeah its 13.60 now")
    e = earnings(sf)[-1]
    assert "senior" in (e.job_title or "").lower() and e.hourly_pay_pence == 1360, p.log()
    assert e.source == "update"


def test_38_plan_asked_for_half_way_keeps_the_place(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.say("i clean offices early mornings")
    if stage(sf) == ("goals", "sector"):
        p.tap("sec:cleaning")
    p.tap("hrs:20")
    out = p.cmd("/plan")
    assert "haven't finished your plan" in out, p.log()
    assert stage(sf) == ("goals", "pay")
    assert count(sf, EarningsRecord) == 0  # nothing half-done shows up as a plan


def test_39_long_voice_to_text_ramble_for_the_job(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.say(
        "yeah so basically i work in a care home doing personal care for the residents its "
        "mostly days but sometimes i cover nights when theyre short staffed and its been "
        "about 3 years now i think"
    )
    d = state_data(sf)
    assert d.get("sector") == "care", p.log()
    assert stage(sf) == ("goals", "hours"), p.log()


def test_40_greeting_and_hiya_mid_flow_doesnt_lose_the_place(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:1")
    p.tap("hrs:37.5")
    p.say("hiya 👋")
    assert stage(sf) == ("goals", "pay"), p.log()
    p.say("hello??")
    assert stage(sf) == ("goals", "pay"), p.log()
    p.say("£12.95 p/h")
    assert state_data(sf)["hourly_pence"] == 1295, p.log()
    assert stage(sf) == ("goals", "contract")


def test_41_funding_question_side_trip_then_back(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    p.tap("job:0")
    p.tap("hrs:30")
    p.tap("pay:nlw")
    p.tap("age:21_plus")  # minimum wage at 21+: £12.71
    p.tap("hc:no")
    p.say("can i get help paying for a course?")
    assert stage(sf)[0] == "funding", p.log()
    assert "menu:resume" in p.last_buttons, p.log()
    p.tap("menu:resume")
    assert stage(sf) == ("goals", "contract"), p.log()
    p.tap("con:permanent")
    assert stage(sf) == ("goals", "days")
    assert state_data(sf)["hourly_pence"] == 1271


def test_42_typed_yes_before_consent_stores_nothing_until_the_tap(phone: Phone, sf) -> None:
    p = phone
    p.cmd("/start")
    p.say("ok whatever 👍")
    p.say("yes")
    if count(sf, Worker) == 0:
        assert "consent:yes" in p.last_buttons, p.log()
        p.tap("consent:yes")
    assert count(sf, Worker) == 1
    assert stage(sf) == ("onboarding", "name"), p.log()


# --- check-ins --------------------------------------------------------------------------------
def test_43_checkin_typed_answers_a_50p_rise(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    finish_by_buttons(p, from_step="job")  # £12.71 an hour, 30 hours
    opening = "\n".join(r.text for r in p.service.start_checkin(worker(sf).id))
    assert "check-in" in opening
    out = p.say("got a 50p rise 🎉")  # 12.71 + 0.50 = 13.21
    assert "£13.21" in out, p.log()
    p.say("same hours as before")
    p.tap("ci:job:same")
    p.tap("ci:crs:none")
    e = earnings(sf)[-1]
    assert (e.hourly_pay_pence, float(e.weekly_hours), e.source) == (1321, 30.0, "checkin"), p.log()
    assert e.job_title == "Care assistant"
    assert stage(sf) is None or stage(sf)[0] != "checkin", p.log()


def test_44_checkin_course_is_hard_and_a_coach_is_wanted(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    finish_by_buttons(p, from_step="job")
    with sf() as s:  # a saved course, so the check-in asks how it is going
        add_plan(s, s.get(Worker, worker(sf).id), "saved")
        s.commit()
    p.service.start_checkin(worker(sf).id)
    p.tap("ci:pay:same")
    p.say("bout 25 now they cut my hours 😞")
    p.tap("ci:job:same")
    p.tap("ci:crs:hard")
    p.tap("ci:help:yes")
    assert sorted(flags(sf)) == ["asked_for_human", "struggling"], p.log()
    e = earnings(sf)[-1]
    assert (e.hourly_pay_pence, float(e.weekly_hours)) == (1271, 25.0), p.log()


def test_45_checkin_same_job_yeah_is_not_a_new_job(phone: Phone, sf) -> None:
    p = phone
    p.to_job()
    finish_by_buttons(p, from_step="job")
    p.service.start_checkin(worker(sf).id)
    p.tap("ci:pay:same")
    p.tap("ci:hrs:same")
    p.say("same job yeah")
    out = p.tap("ci:crs:good")
    assert "new job" not in out, p.log()
    e = earnings(sf)[-1]
    assert (e.job_title, e.hourly_pay_pence, e.source) == ("Care assistant", 1271, "checkin"), (
        p.log()
    )


def test_46_changes_the_aim_at_the_pay_goal_question(phone: Phone, sf) -> None:
    """ "actually no, team leader" right after "senior carer" had been "Sorry" three times."""
    p = phone
    p.to_job()
    p.tap("job:0")  # care assistant
    p.tap("hrs:30")
    p.say("12.90 an hour")
    p.tap("hc:no")
    p.tap("con:permanent")
    p.say("mon wed fri 6-2")
    p.tap("bar:none")
    p.say("better pay")
    p.say("senior carer i think")
    assert stage(sf) == ("goals", "target_pay"), p.log()
    out = p.say("actually no, team leader")
    assert "care team leader instead" in out and "didn't quite get" not in out, p.log()
    p.say("14")
    g = goal(sf)
    assert (g.target_role, g.target_hourly_pence) == ("Care team leader", 1400), p.log()
