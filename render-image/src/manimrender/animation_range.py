"""(child) Which of the scene's animations this run writes: all (a whole render), none (the plan's dry pass,
which counts them), or one contiguous range (a part of a parallel render, :mod:`manimrender.parts`).

An animation is one ``play()`` or ``wait()``, numbered from 0 as Manim numbers them for ``-n START,END``
(``config.from_animation_number`` / ``upto_animation_number``). Manim still runs every animation before the
range with its frames skipped; a part steps them at the whole render's frame times without drawing
(:func:`step_skipped_animations`): every frame, or only the last few when :mod:`manimrender.skipped_frames`
finds that they reach the same state (each updater sets its mobject from the current state alone, as
``always_redraw`` does), so a part starts from the state the whole render has there; it stops at the first
animation after the range.

The spec's ``animations`` is ``"plan"`` or ``[first, last]`` (inclusive); without it the run writes all.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from manimrender import captions
from manimrender.skipped_frames import SkippedFrames

if TYPE_CHECKING:
    from manim.mobject.mobject import Mobject
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene

PLAN = "plan"
NEVER = 1 << 30  # an animation number no scene reaches: the plan's pass skips every animation
MAX_COUNTED = 10_000  # animations a plan reports at most (the parent refuses longer lists)


def configure(spec: dict[str, Any]) -> None:
    """Sets Manim's animation range (after :func:`manimrender.child.configure_manim`)."""
    from manim import config

    wanted = spec.get("animations")
    if wanted == PLAN:
        config.from_animation_number = NEVER  # every animation skipped: no frame is drawn, no movie written
    elif wanted is not None:
        first, last = (int(n) for n in wanted)
        config.from_animation_number = first
        config.upto_animation_number = last
        step_skipped_animations()


def step_skipped_animations() -> None:
    """Manim skips an animation in one step (updaters called once with the whole run time), so a part whose
    state depends on earlier updaters (``m.rotate(dt)``) would start elsewhere than the whole render does there.
    A part's skipped animations take the whole render's frame steps instead, drawing nothing: every frame, or
    only the last few when those reach the same state (:mod:`manimrender.skipped_frames`)."""
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene

    progression, play_internal, render = Scene.get_time_progression, Scene.play_internal, CairoRenderer.render
    rules = SkippedFrames.of_manim()  # here, before any user code runs

    def as_rendered(
        scene: Scene,
        run_time: float,
        description: str,
        n_iterations: int | None = None,
        override_skip_animations: bool = False,
    ) -> Iterable[float]:
        bar = progression(scene, run_time, description, n_iterations, True)  # a tqdm (untyped) of every frame's time
        skipped = scene.renderer.skip_animations and not override_skip_animations  # a wait_until steps every frame
        last = rules.last_frames_or_none(scene) if skipped else None
        if last is not None:
            times = list(bar.iterable)
            bar.close()
            bar = type(bar)(times[-last:], disable=True)  # the whole render's own times; Manim closes it
        return cast("Iterable[float]", bar)

    def play_as_rendered(scene: Scene, skip_rendering: bool = False) -> None:
        play_internal(scene, skip_rendering)
        if scene.renderer.skip_animations:
            scene.update_mobjects(0)  # what a written animation ends with

    def draw_unless_skipped(
        renderer: CairoRenderer, scene: Scene, time: float, moving_mobjects: Iterable[Mobject] | None = None
    ) -> None:
        if not renderer.skip_animations:
            render(renderer, scene, time, moving_mobjects)

    # replacing Manim's methods is the point here (in a part's render child only). setattr, because the type
    # checker refuses assignments to methods and misreads a plain function assigned to a class as taking `self`
    # twice; the replacements keep Manim's own signatures, checked above against Manim's types.
    setattr(Scene, "get_time_progression", as_rendered)  # noqa: B010
    setattr(Scene, "play_internal", play_as_rendered)  # noqa: B010
    setattr(CairoRenderer, "render", draw_unless_skipped)  # noqa: B010


ENCODE_SECONDS_PER_PIXEL = 5e-9  # a frame's encoding (libx264 through PyAV), measured here: about 4.5 ms at 1280x720
MEASURING_BUDGET_SECONDS = 2.0  # the plan's pass measures frames for this long at most; later ones cost as the last


@dataclass
class AnimationCounter:
    """The plan's pass: the run time of each animation, as Manim computed it for the skipped play, and what it
    costs a part (:class:`manimrender.parts.Cost`), measured here: the code up to it and its skipped play (every
    part that reaches it runs them), stepping it without drawing (each later part: every frame, or the last few
    as :mod:`manimrender.skipped_frames` decides) and writing its frames (one update, one drawing of the whole
    scene as the animation ends, and the encoding, per frame). A frame is measured once per animation, within
    :data:`MEASURING_BUDGET_SECONDS`; the costs are left out (None) when measuring failed."""

    rules: SkippedFrames
    durations: list[float] = field(default_factory=list)
    costs: list[list[float]] | None = field(default_factory=list)
    _since: float = field(default_factory=time.perf_counter)
    _measuring: float = 0.0
    _frame: tuple[float, float] = (0.0, 0.0)  # the last measured update and drawing of one frame

    def after_play(self, scene: Scene) -> None:
        # once per animation Manim counted: a wait() may come back through play() and call this twice
        if len(self.durations) < min(scene.renderer.num_plays, MAX_COUNTED):
            duration = round(float(scene.duration or 0), 4)
            self.durations.append(duration)
            reached = time.perf_counter() - self._since
            if self.costs is not None:
                try:
                    self.costs.append([round(c, 6) for c in self._cost(scene, duration, reached)])
                except Exception:  # noqa: BLE001  (user mobjects can raise anything while drawn or updated)
                    self.costs = None  # the plan cuts by run time alone
            self._since = time.perf_counter()

    def _cost(self, scene: Scene, duration: float, reached: float) -> tuple[float, float, float]:
        from manim import config

        if self._measuring < MEASURING_BUDGET_SECONDS:
            started = time.perf_counter()
            update = _thread_seconds(lambda: scene.update_mobjects(0))  # what a written animation ends with
            draw = _thread_seconds(lambda: scene.renderer.update_frame(scene))  # Cairo's draws while skipping
            self._frame = (update, draw)
            self._measuring += time.perf_counter() - started
        update, draw = self._frame
        frames = math.ceil(duration * config.frame_rate - 1e-9)
        encode = ENCODE_SECONDS_PER_PIXEL * config.pixel_width * config.pixel_height
        if scene.animations and scene.is_current_animation_frozen_frame():
            return reached, 0.0, draw + frames * encode  # a still wait: one drawing, its frame encoded again
        last = self.rules.last_frames_or_none(scene)
        steps = frames if last is None else min(last, frames)
        return reached, steps * update, frames * (update + draw + encode)

    def report(self, scene: Scene) -> dict[str, Any]:
        return {"plan": self.durations, "planCosts": self.costs}


def _thread_seconds(work: Callable[[], object]) -> float:
    """This thread's CPU seconds for ``work`` (waiting for a CPU on a busy machine is not the frame's cost)."""
    started = time.thread_time()
    work()
    return time.thread_time() - started


@dataclass
class PartSubcaptions:
    """A part's subcaptions: only those of the animations it wrote, timed from the part's first frame.

    Manim advances its clock by a skipped animation's run time, and a ``play(subcaption=...)`` of a skipped
    animation still adds its cue; those belong to an earlier part, so they are dropped here."""

    start: float = 0.0
    kept: int = 0

    def after_play(self, scene: Scene) -> None:
        renderer = scene.renderer
        found = getattr(renderer.file_writer, "subcaptions", None)
        if found is None:
            return
        if renderer.skip_animations:
            del found[self.kept :]
            self.start = float(renderer.time)
        self.kept = len(found)

    def report(self, scene: Scene) -> dict[str, Any]:
        shifted = []
        for cue in captions.collect(scene):
            shifted.append({**cue, "start": cue["start"] - self.start, "end": cue["end"] - self.start})
        return {"subcaptions": shifted}


def hooks_of(spec: dict[str, Any]) -> list[AnimationCounter | PartSubcaptions]:
    """The hook objects (``after_play`` and ``report``) this run needs; the last report wins a field."""
    wanted = spec.get("animations")
    if wanted == PLAN:
        return [AnimationCounter(SkippedFrames.of_manim())]  # here, before any user code runs
    if wanted is not None:
        return [PartSubcaptions()]
    return []


def planning(spec: dict[str, Any]) -> bool:
    return spec.get("animations") == PLAN
