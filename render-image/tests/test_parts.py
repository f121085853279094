"""A scene rendered in parts and joined is the scene rendered once (manimrender.parts): same frames, same
captions, the same checks on the joined file; the plan counts without writing and keeps short scenes whole."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import probe
from manimrender import parts
from manimrender.parts import Cost, PartsSettings, Plan
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.quality import QUALITIES
from manimrender.sandbox import Limits

SETTINGS = RenderSettings(quality="low", max_duration_seconds=30, limits=Limits(timeout_seconds=120, memory_mb=1536))
SPLIT = PartsSettings(max_parts=3, min_seconds=1)

# State carried across the cut: a tracker moved by earlier animations, a mobject redrawn from it, an updater
# that integrates dt (a rotation: Manim's own skip would jump it by the whole run time at once) and captions.
UPDATERS = """
from manim import *

class Carried(Scene):
    def construct(self):
        t = ValueTracker(0)
        dot = always_redraw(lambda: Dot(RIGHT * t.get_value(), color=YELLOW))
        label = always_redraw(lambda: DecimalNumber(t.get_value()).next_to(dot, UP))
        square = Square()
        square.add_updater(lambda m, dt: m.rotate(0.8 * dt).shift(0.05 * dt * LEFT))
        self.add(dot, label, square)
        for i in range(6):
            self.play(t.animate.set_value(2 * (i % 3) - 2), run_time=1, subcaption=f"step {i}")
            self.wait(0.4)
"""

# Transforms, a frozen wait (no updaters: one frame held) and a graph redrawn from a tracker.
GRAPH = """
from manim import *

class Graphs(Scene):
    def construct(self):
        k = ValueTracker(1)
        axes = Axes(x_range=[-3, 3], y_range=[-2, 2])
        curve = always_redraw(lambda: axes.plot(lambda x: np.sin(k.get_value() * x), color=BLUE))
        self.play(Create(axes), run_time=1)
        self.add(curve)
        for value in (2, 0.5, 3, 1):
            self.play(k.animate.set_value(value), run_time=1)
        circle = Circle()
        self.play(Transform(curve.copy(), circle), run_time=1)
        self.wait(1)
        self.play(FadeOut(circle), run_time=0.5)
"""


# Updaters that take no dt but add to the state on every call (a user lambda, and `always` with `shift`), beside an
# always_redraw: the whole render moves them once per frame, so a part must step every frame to start where it does.
ACCUMULATING = """
from manim import *

class Accumulating(Scene):
    def construct(self):
        t = ValueTracker(0)
        dot = always_redraw(lambda: Dot(RIGHT * t.get_value(), color=YELLOW))
        square = Square(side_length=1).shift(3 * LEFT)
        square.add_updater(lambda m: m.shift(0.02 * RIGHT))
        triangle = Triangle().shift(2 * DOWN)
        always(triangle.shift, 0.01 * UP)
        self.add(dot, square, triangle)
        for i in range(6):
            self.play(t.animate.set_value(2 * (i % 3) - 2), run_time=1)
            self.wait(0.4)
"""

# always_redraw only, each mobject drawn from the next one, added before it: each frame a mobject reads the one it
# follows as that one was a frame earlier, and the last in line is 3 frames behind the tracker. A part that jumps
# a skipped animation in one step would start with it where the tracker was before that animation.
CHAIN = """
from manim import *

class Chain(Scene):
    def construct(self):
        t = ValueTracker(-3)
        links = [always_redraw(lambda: Square(1.2, fill_opacity=1).move_to(RIGHT * t.get_value() + 2.6 * DOWN))]
        for _ in range(3):
            ahead = links[0]
            links.insert(0, always_redraw(lambda ahead=ahead: Square(1.2, fill_opacity=1).next_to(ahead, UP, buff=0.1)))
        self.add(*links)
        for i in range(6):
            self.play(t.animate.set_value(3 if i % 2 == 0 else -3), run_time=1)
            self.wait(0.4)
"""


def ssim_of_sampled_frames(a: Path, b: Path, every: int = 4) -> list[float]:
    """ffmpeg's ssim filter on every ``every``-th frame of both videos; one value per compared frame."""
    sample = f"select='not(mod(n\\,{every}))',setpts=N/TB"
    out = subprocess.run(
        [
            "ffmpeg", "-v", "error", "-i", str(a), "-i", str(b), "-lavfi",
            f"[0:v]{sample}[a];[1:v]{sample}[b];[a][b]ssim=stats_file=-", "-f", "null", "-",
        ],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [float(v) for v in re.findall(r"All:([0-9.]+)", out)]


@pytest.mark.parametrize(
    "code", [UPDATERS, GRAPH, ACCUMULATING, CHAIN], ids=["updaters", "graph", "accumulating", "chain"]
)
def test_the_joined_video_is_the_single_render(code, tmp_path):
    code = textwrap.dedent(code)
    planned, joined = parts.render_in_parts(code, SETTINGS, tmp_path / "parts", SPLIT)
    single = RenderPipeline(SETTINGS, tmp_path / "single").run(code)

    assert len(planned.ranges) >= 2, planned
    assert joined.result["outcome"] == "ok", joined.result
    assert single.result["outcome"] == "ok", single.result
    ours, theirs = probe(joined.video), probe(single.video)
    assert ours["frames"] == theirs["frames"]
    assert (ours["codec"], ours["width"], ours["height"]) == (theirs["codec"], theirs["width"], theirs["height"])
    scores = ssim_of_sampled_frames(joined.video, single.video, every=1)
    assert len(scores) == theirs["frames"]
    assert min(scores) >= 0.99, scores
    assert joined.thumbnail is not None
    assert [c.text for c in joined.cues] == [c.text for c in single.cues]
    for mine, whole in zip(joined.cues, single.cues, strict=True):
        assert abs(mine.start - whole.start) < 0.05 and abs(mine.end - whole.end) < 0.05


def test_a_part_jumps_the_skipped_animations_of_an_always_redraw_scene_to_their_last_frames(tmp_path):
    """The redraw function counts its calls; the first animation the part writes shows the count in its
    subcaption: a few per skipped animation, not one per frame as the whole render calls it."""
    code = textwrap.dedent(
        """
        from manim import *

        class Counted(Scene):
            def construct(self):
                t = ValueTracker(0)
                calls = []

                def dot():
                    calls.append(t.get_value())
                    return Dot(RIGHT * t.get_value())

                self.add(always_redraw(dot))
                for i in range(6):
                    self.play(t.animate.set_value(i % 3), run_time=1, subcaption=f"{len(calls)} redraws")
        """
    )
    produced = parts.render_part(code, SETTINGS, tmp_path, (4, 5))

    assert produced.result["outcome"] == "ok", produced.result
    skipped_frames = 4 * QUALITIES[SETTINGS.quality].fps
    redraws = int(produced.cues[0].text.split()[0])
    assert 4 <= redraws <= skipped_frames // 3, (redraws, skipped_frames)


def test_the_plan_counts_every_animation_without_writing_a_frame(tmp_path):
    planned = parts.plan(textwrap.dedent(UPDATERS), SETTINGS, tmp_path, SPLIT)

    assert planned.durations == (1.0, 0.4) * 6
    assert len(planned.costs) == 12 and all(c.written > 0 and c.skipped <= c.written for c in planned.costs)
    assert planned.ranges == parts.cut(planned.durations, 3, planned.costs) and len(planned.ranges) == 3
    assert all(video.stat().st_size == 0 for video in tmp_path.rglob("*.mp4"))


# Six plain animations, then six whose every frame redraws many formulas: the same run time, not the same work.
CHEAP_THEN_COSTLY = """
from manim import *

class CheapThenCostly(Scene):
    def construct(self):
        square = Square()
        self.add(square)
        for i in range(6):
            self.play(square.animate.shift(0.1 * RIGHT), run_time=1)
        t = ValueTracker(0)
        numbers = always_redraw(lambda: VGroup(*[DecimalNumber(t.get_value() + k) for k in range(12)]).arrange(DOWN))
        self.add(numbers)
        for i in range(6):
            self.play(t.animate.set_value(i), run_time=1)
"""


def test_the_plan_gives_a_part_of_costly_frames_fewer_animations(tmp_path):
    planned = parts.plan(textwrap.dedent(CHEAP_THEN_COSTLY), SETTINGS, tmp_path, PartsSettings(2, 1))

    assert planned.durations == (1.0,) * 12
    assert parts.cut(planned.durations, 2) == ((0, 5), (6, 11))  # by run time alone
    first, second = planned.ranges
    assert first[1] >= 7 and second == (first[1] + 1, 11), planned  # the first part also writes costly frames


def test_a_short_scene_stays_one_render(tmp_path):
    planned, produced = parts.render_in_parts(
        textwrap.dedent(UPDATERS), SETTINGS, tmp_path, PartsSettings(max_parts=4, min_seconds=20)
    )

    assert planned.single and planned.estimated_seconds == pytest.approx(8.4)
    assert produced.result["outcome"] == "ok" and not (tmp_path / "part-0").exists()


def test_no_plan_is_made_when_no_video_allowed_is_long_enough_to_split(tmp_path):
    shorter = dataclasses.replace(SETTINGS, max_duration_seconds=15)

    assert parts.plan(textwrap.dedent(UPDATERS), shorter, tmp_path / "plan", PartsSettings(4, 20)) == Plan()
    assert not (tmp_path / "plan").exists()  # no sandbox was started


def test_a_failing_part_is_named(tmp_path):
    """An updater that fails only when frames are written (the end of a written animation calls it with dt 0,
    the plan's skipped pass never does) and only past the tracker's value 7.5: in the third part."""
    code = textwrap.dedent(
        """
        from manim import *

        class Fails(Scene):
            def construct(self):
                t = ValueTracker(0)
                square = Square()
                square.add_updater(lambda m, dt: m.rotate(dt) if dt or t.get_value() < 7.5 else 1 / 0)
                self.add(square)
                for i in range(12):
                    self.play(t.animate.set_value(i), run_time=1)
        """
    )
    planned, produced = parts.render_in_parts(code, SETTINGS, tmp_path, SPLIT)

    # the part that writes animation 8 is the first to call the updater with dt 0 past 7.5 (the later ones step it)
    failing = next(i for i, (first, last) in enumerate(planned.ranges) if first <= 8 <= last)
    assert produced.result["outcome"] == "render_error"
    assert produced.result["message"] == (
        f"part {failing + 1} of {len(planned.ranges)}: line 8: ZeroDivisionError: division by zero"
    )


def test_the_joined_video_is_held_to_the_maximum_of_the_whole(tmp_path):
    """Each part is within the maximum; together they are not, and the join says so."""
    code = textwrap.dedent(UPDATERS)
    rendered = [parts.render_part(code, SETTINGS, tmp_path / f"p{i}", r) for i, r in enumerate(((0, 3), (4, 11)))]
    shorter = dataclasses.replace(SETTINGS, max_duration_seconds=6)

    joined = parts.join([parts.part_video(p) for p in rendered], shorter, tmp_path / "join")

    assert joined.result["outcome"] == "timeout"
    assert joined.result["message"] == "the video would be longer than the 6 seconds allowed"
    assert joined.video is None


def test_a_plan_that_fails_leaves_the_single_render_to_say_why(tmp_path):
    planned = parts.plan("from manim import *\nclass A(Scene):\n    def construct(self):\n        1/0\n", SETTINGS,
                         tmp_path, SPLIT)  # fmt: skip
    assert planned == Plan()


@pytest.mark.parametrize(
    ("durations", "count", "expected"),
    [
        ((1.0,) * 12, 2, ((0, 5), (6, 11))),
        ((1.0,) * 12, 4, ((0, 2), (3, 5), (6, 8), (9, 11))),
        ((5.0, 1.0, 1.0, 1.0, 1.0, 1.0), 2, ((0, 0), (1, 5))),
        ((1.0, 1.0, 1.0, 9.0), 2, ((0, 2), (3, 3))),
        ((1.0, 2.0), 4, ((0, 0), (1, 1))),
        ((0.0, 0.0, 0.0), 2, ((0, 2),)),
        ((3.0,), 3, ((0, 0),)),
    ],
)
def test_cut_makes_contiguous_ranges_of_similar_length(durations, count, expected):
    assert parts.cut(durations, count) == expected


def test_cut_weighs_what_each_animation_costs_a_part():
    durations = (5.0,) * 12
    cheap, costly = Cost(0.0, 0.1, 1.0), Cost(0.0, 0.1, 3.5)
    costs = (cheap,) * 2 + (costly,) * 10

    # (0, 6) writes 2 + 5 x 3.5 = 19.5; (7, 11) writes 17.5 and steps 7 x 0.1; the run time's (0, 5) and
    # (6, 11) would cost 16 and 21.6
    assert parts.cut(durations, 2, costs) == ((0, 6), (7, 11))
    # stepping an animation costs a later part as much as writing it: no cut is quicker than one render
    assert parts.cut(durations, 3, tuple(Cost(0.0, 1.0, 1.0) for _ in durations)) == ((0, 11),)
    # the code every part runs up to its last animation counts too: a costly start weighs on every part
    assert parts.cut((1.0,) * 4, 2, (Cost(4.0, 0.0, 1.0),) + (Cost(0.0, 0.0, 1.0),) * 3) == ((0, 1), (2, 3))
    # nothing measured (every frame took no time): by run time
    assert parts.cut(durations, 2, (Cost(0.0, 0.0, 0.0),) * 12) == ((0, 5), (6, 11))


def test_the_plan_refuses_costs_out_of_bounds():
    assert parts.costs_from([[0.5, 0.1, 2.0]], 1, 60) == (Cost(0.5, 0.1, 2.0),)
    assert parts.costs_from([[0.5, 0.1, 2.0]], 2, 60) is None  # not one per animation
    assert parts.costs_from([[0.5, 0.1]], 1, 60) is None
    assert parts.costs_from([[0.5, -0.1, 2.0]], 1, 60) is None
    assert parts.costs_from([[0.5, "0.1", 2.0]], 1, 60) is None
    assert parts.costs_from([[0.5, 0.1, float("nan")]], 1, 60) is None
    assert parts.costs_from([[0.5, 0.1, 1e9]], 1, 60) is None
    assert parts.costs_from({"costs": []}, 0, 60) is None
    assert parts.costs_from(None, 1, 60) is None


def test_the_plan_refuses_counts_out_of_bounds():
    assert parts.durations_from([1.0, 2.5], 60) == (1.0, 2.5)
    assert parts.durations_from([1.0, -1], 60) is None
    assert parts.durations_from([1.0, "2"], 60) is None
    assert parts.durations_from([61.0], 60) is None
    assert parts.durations_from({"a": 1}, 60) is None
    assert parts.durations_from([0.1] * 10_001, 60) is None
