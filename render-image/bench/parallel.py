"""A long scene rendered in parts (manimrender.parts) against the same scene rendered once, side by side in one
run on this machine, at the render image's level: each part in its own sandbox, at once, then joined and checked.

- ``long``: a 60-second scene of 12 animations (updaters, a tracker, a redrawn graph) at medium quality, as
  one render (``1``), in 2 parts and in 4 parts; the parallel columns include the plan's dry pass and the join.
  Its updaters are the worst case for parts: the rotating stars' ``dt`` updater makes a part step every earlier
  frame's updaters (without drawing) so that it starts in the state the whole render has there
  (manimrender.skipped_frames: only ``always_redraw``-like updaters let it step just the last frames).
- ``plain``: a 60-second scene of 12 animations without updaters (shapes and text created, transformed, moved),
  the same three ways.
- ``short``: a 5-second scene, once plainly and once through the parallel path with 4 parts allowed (it stays
  one render: the figure is the plan's cost).

Prints the seconds of each run, the ratios to the single render, the frames of each video (they must agree),
and the load average before and after. Every configuration runs ``--repeat`` times (median), interleaved.

    flock /tmp/bench.lock render-image/.venv/bin/python render-image/bench/parallel.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "src"))
from manimrender import parts  # noqa: E402
from manimrender.pipeline import RenderPipeline, RenderSettings  # noqa: E402
from manimrender.sandbox import Limits  # noqa: E402

LONG = """
from manim import *

class Explainer(Scene):
    def construct(self):
        k = ValueTracker(1)
        axes = Axes(x_range=[-4, 4], y_range=[-2, 2], x_length=10, y_length=5)
        curve = always_redraw(lambda: axes.plot(lambda x: np.sin(k.get_value() * x), color=BLUE))
        dot = always_redraw(lambda: Dot(axes.c2p(1, np.sin(k.get_value())), color=YELLOW))
        label = always_redraw(lambda: DecimalNumber(k.get_value()).to_corner(UR))
        stars = VGroup(*[Star().scale(0.2).shift(3 * LEFT + i * 0.5 * RIGHT + 3 * DOWN) for i in range(12)])
        stars.add_updater(lambda m, dt: m.rotate(0.5 * dt))
        self.add(axes, curve, dot, label, stars)
        for i in range(12):
            self.play(k.animate.set_value(1 + (i % 4) * 0.5), run_time=5, subcaption=f"part {i + 1}")
"""

PLAIN = """
from manim import *

class Lesson(Scene):
    def construct(self):
        shapes = [Circle(color=BLUE), Square(color=GREEN), Triangle(color=RED), RegularPolygon(6, color=YELLOW)]
        title = Text("Shapes and their sides").to_edge(UP)
        self.play(Write(title), run_time=5)
        current = shapes[0].scale(1.5)
        self.play(Create(current), run_time=5)
        for i in range(1, 9):
            target = shapes[i % 4].copy().scale(1.5).shift((i % 3 - 1) * 2 * RIGHT)
            self.play(Transform(current, target), run_time=5)
        grid = VGroup(*[Square(0.4).shift(0.5 * (x * RIGHT + y * UP)) for x in range(-6, 7) for y in range(-3, 3)])
        self.play(FadeIn(grid, lag_ratio=0.05), run_time=5)
        self.play(FadeOut(grid), FadeOut(current), FadeOut(title), run_time=5)
"""

SHORT = """
from manim import *

class Short(Scene):
    def construct(self):
        t = ValueTracker(0)
        dot = always_redraw(lambda: Dot(RIGHT * t.get_value()))
        self.add(dot)
        self.play(t.animate.set_value(2), run_time=2.5)
        self.play(t.animate.set_value(-2), run_time=2.5)
"""


def frames(path: Path) -> int:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries",
         "stream=nb_read_packets", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(out.strip())


def timed(code: str, settings: RenderSettings, max_parts: int | None) -> tuple[float, int, int]:
    """Seconds, frames of the video and the number of parts of one render in a fresh work dir."""
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as work:
        started = time.monotonic()
        if max_parts is None:
            produced, count = RenderPipeline(settings, Path(work)).run(code), 1
        else:
            planned, produced = parts.render_in_parts(code, settings, Path(work), parts.PartsSettings(max_parts))
            count = max(1, len(planned.ranges))
        seconds = time.monotonic() - started
        if produced.result["outcome"] != "ok":
            raise SystemExit(f"render failed: {produced.result}")
        return seconds, frames(produced.video), count


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quality", default="medium")
    args = parser.parse_args()
    settings = RenderSettings(
        quality=args.quality, max_duration_seconds=60, limits=Limits(timeout_seconds=900, memory_mb=2048)
    )
    runs = {
        ("long", "1"): (LONG, None),
        ("long", "2 parts"): (LONG, 2),
        ("long", "4 parts"): (LONG, 4),
        ("plain", "1"): (PLAIN, None),
        ("plain", "2 parts"): (PLAIN, 2),
        ("plain", "4 parts"): (PLAIN, 4),
        ("short", "1"): (SHORT, None),
        ("short", "4 allowed"): (SHORT, 4),
    }
    print(f"before: {load()}  (cores: {os.cpu_count()})", flush=True)
    seconds: dict = {key: [] for key in runs}
    seen: dict = {}
    for _ in range(args.repeat):
        for key, (code, max_parts) in runs.items():
            took, count_frames, count_parts = timed(code, settings, max_parts)
            seconds[key].append(took)
            seen[key] = (count_frames, count_parts)
            print(f"  {key[0]:5} {key[1]:9} {took:7.1f} s  frames {count_frames}  parts {count_parts}", flush=True)
    print(f"after:  {load()}")
    print(f"\nscene  run        median s  speed-up vs 1  frames  parts   ({args.quality}, {args.repeat} each)")
    for key in runs:
        median = statistics.median(seconds[key])
        base = statistics.median(seconds[(key[0], "1")])
        print(f"{key[0]:5}  {key[1]:9} {median:8.1f}  {base / median:12.2f}×  {seen[key][0]:6}  {seen[key][1]:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
