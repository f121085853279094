"""Code as language models write it: known mistakes are repaired and render; the rest fail with the line
and the cause."""

from __future__ import annotations

import pytest

from conftest import assert_rendered_with_repair

REPAIRABLE = {
    "fenced_with_prose": (
        """Here is the animation you asked for:

```python
from manim import *

class Intro(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=0.5)
```

Run it with `manim -pql scene.py Intro`.
""",
        "removed the markdown code fences",
    ),
    "manimlib_names": (
        """from manimlib.imports import *

class Old(Scene):
    def construct(self):
        title = TextMobject("Area")
        formula = TexMobject(r"A = \\pi r^2").next_to(title, DOWN)
        self.play(ShowCreation(Circle()), run_time=0.4)
        self.play(Write(title), Write(formula), run_time=0.4)
""",
        "ShowCreation → Create",
    ),
    "missing_import": (
        """class NoImport(Scene):
    def construct(self):
        self.play(FadeIn(Square()), run_time=0.4)
""",
        "added the missing 'from manim import *'",
    ),
    "old_fades": (
        """from manim import *
class Fades(Scene):
    def construct(self):
        a, b = Square(), Circle()
        self.play(FadeInFromDown(a), FadeInFrom(b, LEFT), run_time=0.4)
        self.play(FadeOutAndShiftDown(a), FadeOutAndShift(b, RIGHT), run_time=0.4)
""",
        "FadeInFromDown(...) → FadeIn(..., shift=UP)",
    ),
    "old_style_play": (
        """from manim import *
class OldPlay(Scene):
    def construct(self):
        sq = Square()
        self.add(sq)
        self.play(sq.shift, UP, run_time=0.4)
        self.play(ApplyMethod(sq.set_color, RED, run_time=0.4))
""",
        "old-style self.play(mob.method, args)",
    ),
    "axes_ranges_and_get_graph": (
        """from manim import *
class OldAxes(Scene):
    def construct(self):
        axes = Axes(x_min=-2, x_max=2, y_min=0, y_max=4)
        graph = axes.get_graph(lambda x: x ** 2, x_min=-2, x_max=2)
        self.play(Create(axes), Create(graph), run_time=0.5)
""",
        "x_min/x_max → x_range=[min, max]",
    ),
    "old_surface_and_camera_frame": (
        """from manim import *
class OldSurface(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=60 * DEGREES, theta=30 * DEGREES)
        s = ParametricSurface(lambda u, v: np.array([u, v, 0.3 * u * v]), u_min=-1, u_max=1, v_min=-1, v_max=1,
                              resolution=(6, 6))
        dots = VGroup(Dot(), Dot(), Dot()).arrange_submobjects(RIGHT)
        self.add_fixed_in_frame_mobjects(dots)
        self.play(Create(s), run_time=0.5)
""",
        "ParametricSurface → Surface",
    ),
    "moving_camera_frame": (
        """from manim import *
class Zoom(MovingCameraScene):
    def construct(self):
        self.add(Circle())
        self.play(self.camera_frame.animate.scale(0.5), run_time=0.4)
""",
        "camera_frame → camera.frame",
    ),
    "main_block_and_frame_width": (
        """from manim import *
class Wide(Scene):
    def construct(self):
        line = Line(LEFT * FRAME_WIDTH / 3, RIGHT * FRAME_WIDTH / 3)
        self.play(Create(line), run_time=0.4)

if __name__ == "__main__":
    Wide().render()
""",
        "removed the 'if __name__",
    ),
    "config_dict_is_harmless": (
        """from manim import *
class WithConfig(Scene):
    CONFIG = {"camera_config": {"background_color": "#111111"}}
    def construct(self):
        self.play(GrowFromCenter(Dot()), run_time=0.4)
""",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(REPAIRABLE))
def test_repairable_code_renders(name, render):
    code, repair = REPAIRABLE[name]
    assert_rendered_with_repair(render(code), repair)


BROKEN = {
    "syntax_error": (
        """from manim import *
class Broken(Scene):
    def construct(self):
        self.play(Create(Circle())
        self.wait()
""",
        "invalid_code",
        4,
        "syntax error",
    ),
    "fenced_syntax_error_points_at_the_sent_line": (
        """Sure!
```python
from manim import *
class Broken(Scene):
    def construct(self):
        x = = 1
```""",
        "invalid_code",
        6,
        "syntax error",
    ),
    "removed_class": (
        """from manim import *
class Diagram(GraphScene):
    def construct(self):
        pass
""",
        "invalid_code",
        2,
        "GraphScene was removed from Manim Community; use a Scene with axes = Axes(...)",
    ),
    "no_scene": (
        """from manim import *
class Diagram(VGroup):
    pass
""",
        "invalid_code",
        None,
        "defines no Scene subclass",
    ),
    "undefined_name": (
        """from manim import *
class Undefined(Scene):
    def construct(self):
        c = Circle()
        self.play(Write(undefined_label), run_time=0.3)
""",
        "render_error",
        5,
        "NameError: name 'undefined_label' is not defined",
    ),
    "unknown_method": (
        """from manim import *
class Method(Scene):
    def construct(self):
        c = Circle()
        self.play(c.animate.levitate(UP), run_time=0.3)
""",
        "render_error",
        5,
        "AttributeError",
    ),
    "bad_latex": (
        """from manim import *
class BadTex(Scene):
    def construct(self):
        eq = MathTex(r"\\notacommand{x}")
        self.play(Write(eq), run_time=0.3)
""",
        "render_error",
        4,
        "LaTeX could not typeset the text: Undefined control sequence",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_code_fails_with_line_and_cause(name, render):
    code, outcome, line, cause = BROKEN[name]
    result = render(code).result
    assert result["outcome"] == outcome, result
    assert cause.lower() in result["message"].lower()
    assert result.get("line") == line
    if line:
        assert result["message"].startswith(f"line {line}: ")
