"""A scene that only adds mobjects (no ``play``, no ``wait``) is a diagram people want to see: Manim would
write a still image (or nothing) instead of a video, so the render holds its last frame for a few seconds.

Runs in the child, around the user's ``construct``; the parent reports it among the repairs."""

from __future__ import annotations

STILL_SECONDS = 2.0


class StillScene:
    def __init__(self, max_seconds: float):
        self.seconds = max(0.1, min(STILL_SECONDS, max_seconds))
        self.held = False

    def before_scene(self, scene) -> None:
        construct = scene.construct

        def construct_then_hold():
            construct()
            if scene.renderer.num_plays == 0:  # nothing played or waited: hold the frame as it stands
                self.held = True
                scene.wait(self.seconds)

        scene.construct = construct_then_hold

    def report(self, scene) -> dict:
        return {"still": self.seconds} if self.held else {}


def repair_note(seconds: float) -> str:
    return (
        f"the scene only adds mobjects (no play or wait): rendered as a {seconds:g} s still video "
        "instead of failing with Manim's no-animation error"
    )
