"""Video qualities: frame size and rate from contracts/limits.json, and Manim's preset that gives them
(docs/design-notes.md, Render pod)."""

from __future__ import annotations

from typing import NamedTuple

from manimrender import contract


class Quality(NamedTuple):
    manim_preset: str
    width: int
    height: int
    fps: int


QUALITIES = {
    name: Quality(f"{name}_quality", preset["width"], preset["height"], preset["fps"])
    for name, preset in contract.load("limits.json")["qualities"].items()
}
FORMATS = {"mp4": ("h264", "video/mp4"), "webm": ("vp9", "video/webm")}
