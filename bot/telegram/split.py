"""Split long replies into pieces Telegram accepts.

Telegram refuses a message longer than 4096 characters, and it counts characters as UTF-16 code
units (an emoji can count as two). We cut at the last paragraph break that fits, else the last
line break, else the last space, and only cut inside a word when a single word is too long, so
the worker reads whole paragraphs wherever possible.
"""

from __future__ import annotations

TELEGRAM_TEXT_LIMIT = 4096


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> int:
    """The largest index i such that text[:i] is at most `limit` UTF-16 units long."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return i
    return len(text)


def split_message(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split `text` into non-empty pieces of at most `limit` UTF-16 units each.

    Blank text gives an empty list (Telegram refuses an empty message). Whitespace at a cut is
    dropped; everything else is kept, in order.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    rest = text.strip()
    pieces: list[str] = []
    while rest:
        if utf16_len(rest) <= limit:
            pieces.append(rest)
            break
        end = _fit(rest, limit)
        window = rest[:end]
        cut = -1
        for sep in ("\n\n", "\n", " ", "\t"):
            pos = window.rfind(sep)
            if pos > 0:
                cut = pos
                break
        if cut <= 0:
            cut = end  # one very long word: cut it
        piece = rest[:cut].rstrip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].lstrip()
    return pieces
