"""Reading an uploaded file with a bound: never more than one byte over the limit, so the caller
can say "too big" without holding a bigger file in memory. (The whole request body is capped
before it is read by bot.body_limit; this caps each file inside it.)"""

from __future__ import annotations

from fastapi import UploadFile


def read_bounded(upload: UploadFile | None, max_bytes: int) -> bytes | None:
    """The file's bytes (at most max_bytes + 1), or None when no file was chosen."""
    if upload is None or not upload.filename:
        return None
    return upload.file.read(max_bytes + 1)
