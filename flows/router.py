"""The front door of the flows: commands, menu buttons, jumps on what the worker asks for, then
the current flow's step, then a friendly re-ask. Pure: the service does all the I/O.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from flows import checkin, courses, funding_check, goals, onboarding
from flows.core import (
    Button,
    CancelCheckins,
    Context,
    DeleteWorker,
    Event,
    ExportData,
    RaiseFlag,
    Reply,
    Result,
    SaveEarnings,
    ScheduleCheckins,
    State,
    UpdateWorker,
    money,
)
from flows.pay import percent_change, to_hourly
from nlu.normalise import likely_period, parse_money

FLOWS: dict[str, ModuleType] = {
    "onboarding": onboarding,
    "goals": goals,
    "courses": courses,
    "funding": funding_check,
    "checkin": checkin,
}
JUMP_INTENTS = {"ask_funding", "ask_loan", "find_course", "pay_rise", "ask_human", "struggling",
                "help", "stop"}
SURE = 0.8  # jump before the step looks at the text
LIKELY = 0.5  # jump when the step could not use the text
RESUMABLE = {"onboarding", "goals", "checkin"}

MENU = [
    [Button("Find courses", "menu:courses"), Button("Check funding", "menu:funding")],
    [Button("My plan", "menu:plan"), Button("Talk to a coach", "menu:coach")],
]
HELP = (
    "Here's what I can do:\n"
    "/plan – see your plan\n"
    "/courses – find courses that fit your shifts\n"
    "/funding – find out if a course is free, or if you can get a loan\n"
    "/checkin – tell me how things are going\n"
    "/pause – pause check-ins · /stop – stop messages\n"
    "/mydata – get a copy of your data · /delete – delete everything\n\n"
    "You can also just type, like \"can I get a loan?\" or \"I got a pay rise\"."
)
NLU_DOWN = ("Sorry, I can't read typed messages right now. Please use the buttons for now. "
            "I'll be able to read typing again soon.")


def handle(state: State | None, event: Event, ctx: Context, first_name: str | None = None
           ) -> Result:
    """One step of the conversation."""
    if not ctx.has_worker:
        return onboarding.pre_consent(event, first_name)
    current = state or State("menu", "idle", {})
    result = _route(current, event, ctx)
    return _carry_resume(current, result, ctx)


def _carry_resume(old: State, result: Result, ctx: Context) -> Result:
    """Keep a half-done flow to come back to after a side trip (e.g. funding mid-onboarding)."""
    resume = old.data.get("_resume")
    new = result.state
    if not resume or new is None:
        return result
    quiet = any(isinstance(e, UpdateWorker) and e.fields.get("status") in ("paused", "stopped")
                for e in result.effects)
    if new.flow == "menu" and result.lookup is None and not quiet:
        back = State(resume["flow"], resume["step"], resume["data"])
        module = FLOWS.get(back.flow)
        if module is None:
            return result
        replies = [*result.replies, Reply("Now, let's get back to where we were."),
                   module.ask(back, ctx)]
        return Result(back, replies, result.effects)
    if "_resume" not in new.data and new.flow not in RESUMABLE:
        new.data["_resume"] = resume
    return result


def _side_trip(old: State, result: Result) -> Result:
    """Entering another flow from an unfinished one: remember where we were."""
    if old.flow in RESUMABLE and result.state is not None and result.state.flow != old.flow:
        clean = {k: v for k, v in old.data.items() if k != "_resume"}
        result.state.data["_resume"] = {"flow": old.flow, "step": old.step, "data": clean}
    elif "_resume" in old.data and result.state is not None:
        result.state.data["_resume"] = old.data["_resume"]
    return result


def _reask(state: State, ctx: Context, before: list[Reply]) -> list[Reply]:
    module = FLOWS.get(state.flow)
    if module is None:
        return [*before, Reply("What would you like to do?", MENU)]
    return [*before, module.ask(state, ctx)]


def _route(state: State, event: Event, ctx: Context) -> Result:
    if event.kind == "command":
        return _command(state, event, ctx)
    if event.kind == "other":
        return Result(state, _reask(state, ctx, [Reply(
            "Sorry, I can only read text messages. Please type, or use the buttons.")]))
    if event.kind == "button":
        res = _global_button(state, event, ctx)
        if res is not None:
            return res
    module = FLOWS.get(state.flow)
    own: set[str] = set(getattr(module, "OWN_INTENTS", {}).get(state.step, set()))
    if (event.kind == "text" and event.intent in JUMP_INTENTS and event.intent not in own
            and event.confidence >= SURE):
        return _jump(state, event, ctx)
    if module is not None:
        res = module.handle(state, event, ctx)
        if res is not None:
            return res
    if state.flow == "update":
        res = _update_pay(state, event, ctx)
        if res is not None:
            return res
    if (event.kind == "text" and event.intent in JUMP_INTENTS and event.intent not in own
            and event.confidence >= LIKELY):
        return _jump(state, event, ctx)
    if event.kind == "text" and event.intent == "greet" and event.confidence >= LIKELY:
        name = f" {ctx.first_name}" if ctx.first_name else ""
        return Result(state, _reask(state, ctx, [Reply(f"Hi{name}! 👋")]))
    before: list[Reply] = []
    data = dict(state.data)
    if (event.kind == "text" and event.nlu_down and not data.get("_nlu_told")
            and not _expects_text(state)):
        before.append(Reply(NLU_DOWN))
        data["_nlu_told"] = True
    else:
        before.append(Reply("Sorry, I didn't quite get that."))
    new = State(state.flow, state.step, data)
    return Result(new, _reask(new, ctx, before))


FREE_TEXT_STEPS = {
    ("onboarding", "name"), ("onboarding", "postcode"), ("goals", "job"), ("goals", "pay"),
    ("goals", "target_text"), ("checkin", "pay_amount"), ("checkin", "job_text"),
}
FREE_TEXT_FACTS = {"date_of_birth", "pay", "weekly_hours", "postcode_district",
                   "target_hourly_pence"}


def _expects_text(state: State) -> bool:
    """Questions answered by typing (a name, a pay figure): "use the buttons" makes no sense."""
    if state.flow == "funding" and state.step == "question":
        return state.data.get("asking") in FREE_TEXT_FACTS
    return (state.flow, state.step) in FREE_TEXT_STEPS


def _jump(state: State, event: Event, ctx: Context) -> Result:
    intent = event.intent
    if intent in ("ask_funding", "ask_loan"):
        return _side_trip(state, funding_check.start(ctx))
    if intent == "find_course":
        return _side_trip(state, courses.start(ctx))
    if intent == "help":
        return Result(state, _reask(state, ctx, [Reply(HELP)]))
    if intent in ("ask_human", "struggling"):
        kind = "asked_for_human" if intent == "ask_human" else "struggling"
        return Result(
            state,
            _reask(state, ctx, [Reply("I've asked a coach to get in touch with you soon. "
                                      "You're not on your own.")]),
            [RaiseFlag(kind, event.text[:500])],
        )
    if intent == "stop":
        return Result(state, [Reply(
            "Do you want me to stop sending messages?",
            [[Button("Pause check-ins", "cmd:pause"), Button("Stop all messages", "cmd:stop")],
             [Button("No, carry on", "cmd:carry_on")]])])
    if intent == "pay_rise":
        res = _update_pay(State("update", "pay", dict(state.data)), event, ctx, back=state)
        if res is not None:
            return res
        new = State("update", "pay", {})
        return _side_trip(state, Result(new, [Reply("Great news! What is your pay now? "
                                                    "For example: £12.50 an hour.")]))
    return Result(state, _reask(state, ctx, []))


def _update_pay(state: State, event: Event, ctx: Context, back: State | None = None
                ) -> Result | None:
    """Record a pay update said in passing ("I got a rise to £12.50")."""
    m = parse_money(event.entity("money") or event.text) if event.kind == "text" else None
    if m is None:
        return None
    hourly = to_hourly(m.pence, likely_period(m), ctx.weekly_hours)
    if not hourly:
        return None
    lines = [f"Well done! I've saved your new pay: {money(hourly)} an hour."]
    if ctx.baseline_hourly_pence and hourly > ctx.baseline_hourly_pence:
        lines.append(f"🎉 Your pay is up {percent_change(ctx.baseline_hourly_pence, hourly)}% "
                     "since you started.")
    effect = SaveEarnings(hourly_pence=hourly, weekly_hours=ctx.weekly_hours,
                          job_title=ctx.job_title, sector=ctx.sector,
                          contract_type=ctx.contract_type, source="update")
    if back is not None:  # said in the middle of something else: carry on with it
        return Result(back, _reask(back, ctx, [Reply("\n".join(lines))]), [effect])
    return Result(State("menu", "idle", {}), [Reply("\n".join(lines), MENU)], [effect])


def plan_text(ctx: Context) -> str:
    d: dict[str, Any] = {
        "job_title": ctx.job_title,
        "hourly_pence": ctx.hourly_pence,
        "hours": ctx.weekly_hours,
        "target_role": ctx.target_role,
        "target_pence": ctx.target_hourly_pence,
        "rota_varies": ctx.rota_varies,
        "slots": [[s.day, s.start, s.end] for s in ctx.busy_slots],
        "barriers": list(ctx.barriers),
    }
    text = goals.summary_text(d)
    if ctx.plan:
        text += "\n\nCourses you saved:\n" + "\n".join(f"• {name} ({status})"
                                                       for _, name, status in ctx.plan)
    else:
        text += "\n\nNo courses saved yet."
    return text


def _menu_action(action: str, state: State, ctx: Context) -> Result | None:
    if action == "courses":
        return _side_trip(state, courses.start(ctx))
    if action == "funding":
        return _side_trip(state, funding_check.start(ctx))
    if action == "plan":
        if ctx.job_title is None and state.flow in ("onboarding", "goals"):
            return Result(state, _reask(state, ctx, [Reply("We haven't finished your plan yet.")]))
        return Result(state, [Reply(plan_text(ctx), MENU)])
    if action == "checkin":
        return _side_trip(state, checkin.start(ctx, None))
    if action == "coach":
        return Result(state, _reask(state, ctx, [Reply(
            "I've asked a coach to get in touch with you soon.")]),
            [RaiseFlag("asked_for_human", "Pressed 'Talk to a coach'")])
    if action == "help":
        return Result(state, [Reply(HELP, MENU)])
    if action == "pause":
        return Result(state, [Reply("OK, I've paused check-ins. Send /start when you want "
                                    "them back.")],
                      [UpdateWorker({"status": "paused"}), CancelCheckins()])
    if action == "stop":
        return Result(State("menu", "idle", {}), [Reply(
            "OK, I'll stop sending you messages. Your data is still saved. "
            "Send /delete to erase it, or /start to come back.")],
            [UpdateWorker({"status": "stopped"}), CancelCheckins()])
    if action == "checkins":
        return Result(state, [goals.checkin_offer()])
    if action == "mydata":
        return Result(state, [Reply("Here is everything I have saved about you.")],
                      [ExportData()])
    if action == "delete":
        return Result(state, [Reply(
            "Delete everything I know about you? This can't be undone.",
            [[Button("Yes, delete it all", "cmd:delete_yes"),
              Button("No, keep it", "cmd:carry_on")]])])
    if action == "delete_yes":
        return Result(None, [Reply("Done. I've deleted everything about you. "
                                   "Send /start if you ever want to begin again.")],
                      [DeleteWorker()])
    if action == "carry_on":
        return Result(state, _reask(state, ctx, [Reply("OK, carrying on.")]))
    if action == "start":
        name = f", {ctx.first_name}" if ctx.first_name else ""
        effects: list[Any] = (
            [UpdateWorker({"status": "active"}), ScheduleCheckins()]
            if ctx.status in ("paused", "stopped") else []
        )
        if state.flow in FLOWS and state.flow != "courses":
            return Result(state, _reask(state, ctx, [Reply(f"Welcome back{name}! "
                                                           "Let's carry on.")]), effects)
        return Result(State("menu", "idle", {}),
                      [Reply(f"Welcome back{name}! What would you like to do?", MENU)], effects)
    return None


def _global_button(state: State, event: Event, ctx: Context) -> Result | None:
    data = event.text
    if data in ("consent:yes", "consent:no"):
        note = "You've already said yes, thanks." if data == "consent:yes" else (
            "You've already said yes. To delete your data, send /delete.")
        return Result(state, _reask(state, ctx, [Reply(note)]))
    if data.startswith(("ck:", "ckt:")):
        return _checkin_choice(state, data, ctx)
    if data.startswith("menu:"):
        if data == "menu:resume" and "_resume" in state.data:
            return _carry_resume(state, Result(State("menu", "idle", {})), ctx)
        return _menu_action(data[5:], state, ctx)
    if data.startswith("cmd:"):
        return _menu_action(data[4:], state, ctx)
    if data.startswith("f:run:") and data[6:].isdigit():
        return _side_trip(state, funding_check.start(ctx, int(data[6:])))
    if data.startswith("c:") and state.flow != "courses":
        # a course button from an older message: handle it in the courses flow
        res = courses.handle(State("courses", "results", {"offset": 0}), event, ctx)
        return _side_trip(state, res) if res is not None else None
    return None


def _checkin_choice(state: State, data: str, ctx: Context) -> Result | None:
    """Check-in settings from buttons that carry their own data, so they work at any time."""
    parts = data.split(":")
    if parts[0] == "ck" and parts[1:] == ["none"]:
        return Result(state, _reask_if_busy(state, ctx, Reply(
            "OK, no check-ins. You can always send /checkin to tell me how it's going.")),
            [UpdateWorker({"checkin_frequency": None}), CancelCheckins()])
    if parts[0] == "ck" and len(parts) == 2 and parts[1] in goals.FREQUENCIES:
        return Result(state, [goals.checkin_time_question(parts[1])])
    if (parts[0] == "ckt" and len(parts) == 3 and parts[1] in goals.FREQUENCIES
            and parts[2] in goals.WINDOWS):
        freq, (label, start, end) = parts[1], goals.WINDOWS[parts[2]]
        fields: dict[str, Any] = {"checkin_frequency": freq, "checkin_window_start": start,
                                  "checkin_window_end": end}
        how = goals.FREQUENCIES[freq].lower()
        return Result(state, _reask_if_busy(state, ctx, Reply(
            f"Great. I'll check in {how}, {label.split(' (')[0].lower()}.")),
            [UpdateWorker(fields), ScheduleCheckins()])
    return None


def _reask_if_busy(state: State, ctx: Context, reply: Reply) -> list[Reply]:
    """Answer, then repeat the open question if the worker is in the middle of something."""
    if state.flow in FLOWS and state.flow != "courses":
        return _reask(state, ctx, [reply])
    return [Reply(reply.text, MENU)]


COMMANDS = {"/start": "start", "/help": "help", "/plan": "plan", "/courses": "courses",
            "/funding": "funding", "/checkin": "checkin", "/pause": "pause", "/stop": "stop",
            "/mydata": "mydata", "/delete": "delete", "/coach": "coach",
            "/checkins": "checkins"}


def _command(state: State, event: Event, ctx: Context) -> Result:
    word = event.text.split()[0].lower().split("@")[0] if event.text.split() else ""
    action = COMMANDS.get(word)
    res = _menu_action(action, state, ctx) if action else None
    if res is not None:
        return res
    return Result(state, [Reply("Sorry, I don't know that command.\n\n" + HELP, MENU)])
