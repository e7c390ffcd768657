from dataclasses import replace
from pathlib import Path

from bot.conversation import Button, Reply
from bot.terminal import render, run_terminal_chat, to_inbound
from config.settings import Settings


def test_buttons_are_numbered_across_replies(tmp_path: Path) -> None:
    text, numbered = render(
        [Reply("a", [[Button("Yes", "y"), Button("No", "n")]]), Reply("b", [[Button("X", "x")]])],
        tmp_path,
    )
    assert "[1] Yes" in text and "[3] X" in text
    assert [b.data for b in numbered] == ["y", "n", "x"]
    assert to_inbound("2", numbered, 1, None).text == "n"
    assert to_inbound("2", numbered, 1, None).label == "No"  # transcripts show the label
    assert to_inbound("9", numbered, 1, None).kind == "text"
    assert to_inbound("/plan", numbered, 1, None).kind == "command"


def test_a_short_chat_in_the_terminal(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'chat.db'}",
        rasa_url="http://127.0.0.1:9",
        rasa_timeout_seconds=0.2,
    )
    lines = iter(["1", "Priya", "B15", "cleaner", "3", "/mydata", "quit"])
    out: list[str] = []
    code = run_terminal_chat(
        settings, input_fn=lambda _p: next(lines), output=out.append, save_dir=tmp_path, chat_id=77
    )
    shown = "\n".join(out)
    assert code == 0
    assert "I agree" in shown and "Nice to meet you, Priya!" in shown
    assert "How many hours" in shown and "What is your pay" in shown
    assert (tmp_path / "my-data.json").exists()


def test_a_failing_step_never_prints_a_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    """Issue 17: the terminal is a chat screen. An error goes to the log file, the worker gets
    a friendly reply with a reference, and a second failure of the same message moves on."""
    from flows import goals

    def broken(state, event, ctx):  # type: ignore[no-untyped-def]
        raise ValueError("boom in a step")

    monkeypatch.setitem(goals.STEPS, "hours", replace(goals.STEPS["hours"], answer=broken))
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'chat.db'}",
        rasa_url="http://127.0.0.1:9",
        rasa_timeout_seconds=0.2,
    )
    lines = iter(["1", "Priya", "B15", "cleaner", "9:30-2:30", "9:30-2:30", "quit"])
    out: list[str] = []
    log_file = tmp_path / "chat.log"
    run_terminal_chat(
        settings,
        input_fn=lambda _p: next(lines),
        output=out.append,
        save_dir=tmp_path,
        chat_id=78,
        log_file=log_file,
    )
    shown = "\n".join(out)
    captured = capsys.readouterr()
    assert "Traceback" not in shown + captured.out + captured.err
    assert "something went wrong on my side (ref " in shown and "Skip this" in shown
    assert "went wrong again" in shown and "What is your pay" in shown  # moved on
    assert "ValueError: boom in a step" in log_file.read_text()
