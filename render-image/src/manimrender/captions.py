"""Subtitles of a scene: collected in the child from Manim's own subcaptions (``subcaption=`` on ``play``,
``add_subcaption``), then, in the parent, checked like any other untrusted output and written as WebVTT
(stored beside the video) and a plain-text transcript.

Manim writes an .srt next to the video inside the sandbox; the child reports the same cues in its ``done``
message instead, so nothing but the video leaves the sandbox as a file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from manimrender import untrusted

MAX_CUES = 300
MAX_TEXT = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def collect(scene: Any) -> list[dict[str, Any]]:
    """(child) The scene's subcaptions as plain data for the ``done`` report."""
    found = getattr(getattr(scene.renderer, "file_writer", None), "subcaptions", None) or []
    return [
        {"start": s.start.total_seconds(), "end": s.end.total_seconds(), "text": str(s.content)[:MAX_TEXT]}
        for s in list(found)[:MAX_CUES]
    ]


def cues_from(reported: object, video_seconds: float) -> list[Cue]:
    """(parent) The reported cues that make sense, cleaned: times inside the video, text as one plain line."""
    if not isinstance(reported, list):
        return []
    cues = []
    for item in reported[:MAX_CUES]:
        if not isinstance(item, dict):
            continue
        start, end = untrusted.number(item.get("start")), untrusted.number(item.get("end"))
        text = untrusted.text(item.get("text"), MAX_TEXT * 4)  # room for the whitespace folded below
        if start is None or end is None or text is None:
            continue
        text = " ".join(_CONTROL.sub(" ", text).split()).replace("-->", "→")[:MAX_TEXT]
        start, end = max(0.0, start), min(end, video_seconds)
        if text and start < end:
            cues.append(Cue(round(start, 3), round(end, 3), text))
    cues.sort(key=lambda c: c.start)
    # a caption ends where the next begins (Manim's frame rounding can overlap them by a frame)
    return [
        Cue(c.start, min(c.end, n.start), c.text) if n.start > c.start else c
        for c, n in zip(cues, [*cues[1:], Cue(math.inf, math.inf, "")], strict=False)
    ]


def _timestamp(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def webvtt(cues: list[Cue]) -> str:
    blocks = [f"{i}\n{_timestamp(c.start)} --> {_timestamp(c.end)}\n{c.text}" for i, c in enumerate(cues, 1)]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def transcript(cues: list[Cue]) -> str:
    return "\n".join(c.text for c in cues) + "\n"
