"""Video qualities: Manim's preset and the frame size and rate it gives (docs/design-notes.md, Render pod)."""

from __future__ import annotations

from typing import NamedTuple


class Quality(NamedTuple):
    manim_preset: str
    width: int
    height: int
    fps: int


QUALITIES = {
    "low": Quality("low_quality", 854, 480, 15),
    "medium": Quality("medium_quality", 1280, 720, 30),
    "high": Quality("high_quality", 1920, 1080, 60),
}
FORMATS = {"mp4": ("h264", "video/mp4"), "webm": ("vp9", "video/webm")}
