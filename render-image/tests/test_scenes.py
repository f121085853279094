"""Ordinary scenes of different kinds render to videos that decode with the right codec and size."""

from __future__ import annotations

import pytest

from conftest import assert_decodes
from corpus import CORPUS, SLOW

SCENES = {
    "text": """
        from manim import *
        class Hello(Scene):
            def construct(self):
                t = Text("Hello, Manim", font_size=48, color=YELLOW)
                self.play(Write(t), run_time=1)
                self.wait(0.3)
    """,
    "mathtex": r"""
        from manim import *
        class Euler(Scene):
            def construct(self):
                eq = MathTex(r"e^{i\pi} + 1 = 0", font_size=72)
                self.play(Write(eq), run_time=1)
                self.play(eq.animate.set_color(BLUE), run_time=0.5)
    """,
    "axes_plot": r"""
        from manim import *
        class Parabola(Scene):
            def construct(self):
                axes = Axes(x_range=[-3, 3, 1], y_range=[0, 9, 3], x_length=6, y_length=4)
                graph = axes.plot(lambda x: x ** 2, color=GREEN)
                label = axes.get_graph_label(graph, label="x^2")
                self.play(Create(axes), Create(graph), run_time=1)
                self.add(label)
                self.wait(0.2)
    """,
    "number_line": """
        from manim import *
        class Line(Scene):
            def construct(self):
                line = NumberLine(x_range=[-5, 5, 1], include_numbers=True)
                dot = Dot(line.n2p(-3), color=RED)
                self.add(line, dot)
                self.play(dot.animate.move_to(line.n2p(4)), run_time=1)
    """,
    "matrix": """
        from manim import *
        class Matrices(Scene):
            def construct(self):
                m = Matrix([[1, 2], [3, 4]])
                self.play(FadeIn(m), run_time=0.8)
                self.play(m.animate.shift(LEFT * 2), run_time=0.5)
    """,
    "table": """
        from manim import *
        class Tables(Scene):
            def construct(self):
                t = Table([["1", "2"], ["3", "4"]], row_labels=[Text("a"), Text("b")],
                          col_labels=[Text("x"), Text("y")]).scale(0.6)
                self.play(Create(t), run_time=1)
    """,
    "graph": """
        from manim import *
        class Graphs(Scene):
            def construct(self):
                g = Graph([1, 2, 3, 4], [(1, 2), (2, 3), (3, 4), (4, 1)], layout="circular")
                self.play(Create(g), run_time=1)
                self.play(g[1].animate.set_color(RED), run_time=0.4)
    """,
    "three_d": """
        from manim import *
        class Cube3D(ThreeDScene):
            def construct(self):
                self.set_camera_orientation(phi=70 * DEGREES, theta=30 * DEGREES)
                axes = ThreeDAxes(x_range=[-2, 2], y_range=[-2, 2], z_range=[-2, 2])
                cube = Cube(side_length=1.5, fill_opacity=0.6)
                self.add(axes)
                self.play(Create(cube), run_time=0.8)
                self.move_camera(theta=60 * DEGREES, run_time=0.6)
    """,
    "value_tracker": """
        from manim import *
        class Tracker(Scene):
            def construct(self):
                t = ValueTracker(0)
                number = DecimalNumber(0).add_updater(lambda m: m.set_value(t.get_value()))
                dot = Dot().add_updater(lambda m: m.move_to(RIGHT * t.get_value()))
                self.add(number, dot)
                self.play(t.animate.set_value(3), run_time=1)
    """,
    "helpers": """
        from manim import *
        import numpy as np

        def ring(n, radius=2.0):
            angles = np.linspace(0, TAU, n, endpoint=False)
            return VGroup(*[Dot(radius * np.array([np.cos(a), np.sin(a), 0])) for a in angles])

        def highlight(group, color):
            return LaggedStart(*[d.animate.set_color(color) for d in group], lag_ratio=0.2)

        class Helpers(Scene):
            def construct(self):
                dots = ring(8)
                self.add(dots)
                self.play(highlight(dots, ORANGE), run_time=1)
    """,
    "two_scenes": """
        from manim import *
        class First(Scene):
            def construct(self):
                self.play(Create(Circle()), run_time=0.5)

        class Second(Scene):
            def construct(self):
                self.play(Create(Square(color=PINK)), run_time=0.7)
    """,
    "transform_shapes": """
        from manim import *
        import math
        class Morph(MovingCameraScene):
            def construct(self):
                s = Square()
                c = Circle(color=TEAL).shift(RIGHT * math.sqrt(2))
                self.play(Create(s), run_time=0.5)
                self.play(ReplacementTransform(s, c), run_time=0.5)
                self.play(self.camera.frame.animate.scale(0.7), run_time=0.4)
    """,
    "tex_and_brace": r"""
        from manim import *
        class Braces(Scene):
            def construct(self):
                eq = MathTex("a^2", "+", "b^2", "=", "c^2")
                brace = Brace(eq[0:3], DOWN)
                note = brace.get_text("sum of squares")
                self.play(Write(eq), run_time=0.6)
                self.play(GrowFromCenter(brace), FadeIn(note), run_time=0.6)
    """,
}


@pytest.mark.parametrize("name", sorted(SCENES))
def test_scene_renders_to_a_video_that_decodes(name, render):
    produced = render(SCENES[name])
    assert produced.result["outcome"] == "ok", produced.result
    info = assert_decodes(produced.video)
    assert abs(info["duration"] - produced.result["durationSeconds"]) < 0.1
    assert produced.result["width"] == 854 and produced.result["format"] == "mp4"
    assert produced.thumbnail is not None and produced.thumbnail.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_last_scene_is_chosen_unless_one_is_named(render):
    last = assert_decodes(render(SCENES["two_scenes"]).video)
    named = assert_decodes(render(SCENES["two_scenes"], scene="First").video)
    assert last["duration"] == pytest.approx(0.7, abs=0.1)
    assert named["duration"] == pytest.approx(0.5, abs=0.1)


def test_webm_is_vp9(render):
    produced = render(SCENES["number_line"], format="webm")
    assert produced.result["outcome"] == "ok", produced.result
    assert_decodes(produced.video, fmt="webm")


def test_medium_quality_is_720p30(render):
    produced = render(SCENES["matrix"], quality="medium")
    info = assert_decodes(produced.video, quality="medium")
    assert info["frames"] == pytest.approx(30 * info["duration"], abs=2)


def test_mp4_is_yuv420p_with_the_index_first(render):
    produced = render(SCENES["text"])
    assert assert_decodes(produced.video)["pix_fmt"] == "yuv420p"
    head = produced.video.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and (head.find(b"mdat") == -1 or head.find(b"moov") < head.find(b"mdat"))


def test_render_command_writes_video_and_thumbnail(tmp_path):
    import json
    import subprocess
    import sys
    import textwrap

    from conftest import SRC

    scene = tmp_path / "scene.py"
    scene.write_text(textwrap.dedent(SCENES["mathtex"]))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "manimrender",
            "render",
            str(scene),
            "--format",
            "webm",
            "--out",
            str(tmp_path / "out.webm"),
        ],
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["outcome"] == "ok"
    assert_decodes(tmp_path / "out.webm", fmt="webm")
    assert (tmp_path / "out.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in sorted(CORPUS)])
def test_ordinary_code_passes_and_renders(name, render):
    produced = render(CORPUS[name])
    assert produced.result["outcome"] == "ok", produced.result
    assert_decodes(produced.video)
