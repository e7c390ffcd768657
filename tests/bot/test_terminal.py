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
    assert to_inbound("9", numbered, 1, None).kind == "text"
    assert to_inbound("/plan", numbered, 1, None).kind == "command"


def test_a_short_chat_in_the_terminal(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chat.db'}",
                        rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=0.2)
    lines = iter(["1", "Priya", "B15", "cleaner", "3", "/mydata", "quit"])
    out: list[str] = []
    code = run_terminal_chat(settings, input_fn=lambda _p: next(lines), output=out.append,
                             save_dir=tmp_path, chat_id=77)
    shown = "\n".join(out)
    assert code == 0
    assert "I agree" in shown and "Nice to meet you, Priya!" in shown
    assert "How many hours" in shown and "What is your pay" in shown
    assert (tmp_path / "my-data.json").exists()
