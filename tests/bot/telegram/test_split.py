from __future__ import annotations

import pytest

from bot.telegram.split import TELEGRAM_TEXT_LIMIT, split_message, utf16_len


def test_short_text_is_one_piece() -> None:
    assert split_message("Hello there") == ["Hello there"]


def test_blank_text_gives_no_pieces() -> None:
    assert split_message("") == []
    assert split_message("  \n\n ") == []


def test_exactly_the_limit_is_not_split() -> None:
    text = "a" * TELEGRAM_TEXT_LIMIT
    assert split_message(text) == [text]


def test_cuts_at_the_last_paragraph_break_that_fits() -> None:
    first = "word " * 500  # 2500 chars
    second = "more " * 500
    pieces = split_message(first.strip() + "\n\n" + second.strip())
    assert pieces == [first.strip(), second.strip()]


def test_prefers_a_paragraph_break_over_a_later_line_break() -> None:
    para1 = "x" * 1000
    lines = "\n".join(["y" * 1000] * 4)  # 4003 chars, with line breaks
    pieces = split_message(para1 + "\n\n" + lines)
    assert pieces[0] == para1
    assert all(len(p) <= TELEGRAM_TEXT_LIMIT for p in pieces)
    assert "".join(pieces).replace("\n", "") == (para1 + lines).replace("\n", "")


def test_falls_back_to_line_then_word_boundaries() -> None:
    lines = "\n".join(["line " * 100] * 12)
    for piece in split_message(lines):
        assert len(piece) <= TELEGRAM_TEXT_LIMIT
        assert piece.endswith("line")  # never cut inside a word
    words = " ".join(["abcdefghi"] * 1000)  # 9999 chars, no line breaks
    pieces = split_message(words)
    assert len(pieces) == 3
    assert all(p.split(" ") == ["abcdefghi"] * len(p.split(" ")) for p in pieces)
    assert sum(len(p.split(" ")) for p in pieces) == 1000


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    text = "z" * 10_000
    pieces = split_message(text)
    assert [len(p) for p in pieces] == [4096, 4096, 1808]
    assert "".join(pieces) == text


def test_counts_emoji_as_telegram_does() -> None:
    text = "\U0001f600" * 3000  # 6000 UTF-16 units
    pieces = split_message(text)
    assert all(utf16_len(p) <= TELEGRAM_TEXT_LIMIT for p in pieces)
    assert "".join(pieces) == text
    assert len(pieces) == 2


def test_small_limit_and_no_text_lost() -> None:
    text = "The quick brown fox jumps over the lazy dog.\n\nIt was very quick."
    pieces = split_message(text, limit=20)
    assert all(0 < len(p) <= 20 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_rejects_a_silly_limit() -> None:
    with pytest.raises(ValueError):
        split_message("hi", limit=1)
