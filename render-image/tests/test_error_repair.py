"""Repairs from the render's error, inside the same attempt (manimrender.error_repair, pipeline): what the
static pass cannot know (a keyword an open class refuses, a misspelt name of the file's own, a 2-D point built
by arithmetic) is fixed from the traceback and rendered again, at most three times."""

from __future__ import annotations

import pytest

from conftest import assert_rendered_with_repair
from manimrender import error_repair, manim_api

HEAD = "from manim import *\n\nclass Case(Scene):\n    def construct(self):\n"

FIXABLE = {
    "method_keyword": (
        HEAD + "        s = Square()\n        s.scale(2, about=ORIGIN)\n        self.add(s)\n        self.wait(0.1)\n",
        "dropped keyword about",
    ),
    "own_name_misspelt": (
        HEAD + "        my_circle = Circle()\n        self.add(my_cirlce)\n        self.wait(0.1)\n",
        "my_cirlce → my_circle",
    ),
    "point_arithmetic": (
        HEAD + "        a = Arrow(ORIGIN, RIGHT)\n        d = Dot(a.get_end() + [0.5, 0.5])\n        self.add(a, d)\n"
        "        self.wait(0.1)\n",
        "padded the 2-D point",
    ),
    "tex_built_at_run_time": (
        HEAD + '        n = 2\n        t = Tex(f"x^{n}")\n        self.add(t)\n        self.wait(0.1)\n',
        "Tex → MathTex",
    ),
    "two_errors_in_a_row": (
        HEAD + "        s = Square()\n        s.scale(2, about=ORIGIN)\n"
        "        s.rotate(PI / 4, about=ORIGIN)\n        self.add(s)\n        self.wait(0.1)\n",
        "dropped keyword about",
    ),
}


@pytest.mark.parametrize("name", sorted(FIXABLE))
def test_a_fixable_error_is_fixed_and_rendered_in_the_same_attempt(name, render):
    code, note = FIXABLE[name]
    notes = assert_rendered_with_repair(render(code), note, among="after the render failed")
    if name == "two_errors_in_a_row":
        assert len(notes) == 2


def test_an_error_no_rule_fixes_fails_as_before(render):
    result = render(HEAD + "        self.play(Write(undefined_label_xyz), run_time=0.3)\n").result
    assert result["outcome"] == "render_error" and "NameError" in result["message"]
    assert not any("after the render failed" in r for r in result.get("repairs", []))


def test_at_most_three_rounds():
    assert error_repair.MAX_ROUNDS == 3


def test_fix_works_on_the_named_line_only():
    table = manim_api.load()
    code = HEAD + "        a = Square(colour=RED)\n        b = Square(colour=RED)\n"
    fixed, note = error_repair.fix(code, "TypeError: unexpected keyword argument 'colour'", 6, table)
    assert fixed.count("colour") == 1 and "(line 6," in note
    assert error_repair.fix(code, "ZeroDivisionError: division by zero", 6, table) is None
    assert error_repair.fix(code, "TypeError: unexpected keyword argument 'colour'", None, table) is None


def test_the_deadline_bounds_the_whole_attempt(render, monkeypatch):
    """After a repair from the error, the next render gets only what is left of the one deadline."""
    from manimrender import pipeline
    from manimrender.sandbox import Limits

    seen = []
    real = pipeline.run_guarded

    def spy(request, limits, on_progress):
        seen.append(limits.timeout_seconds)
        return real(request, limits, on_progress)

    monkeypatch.setattr(pipeline, "run_guarded", spy)
    produced = render(FIXABLE["two_errors_in_a_row"][0], limits=Limits(timeout_seconds=60, memory_mb=1536))
    assert produced.result["outcome"] == "ok", produced.result
    assert len(seen) == 3 and seen[0] == 60 and seen[0] > seen[1] > seen[2]


def test_a_repaired_render_stopped_by_the_wall_clock_names_the_limit_and_the_time(render):
    """The deadline is the whole attempt's: when the render after a repair runs out of it, the message still
    names the limit and how long the attempt ran, as a render stopped without a repair does."""
    import re

    from manimrender.sandbox import Limits

    code = HEAD + "        my_circle = Circle()\n        self.add(my_cirlce)\n        while True:\n            pass\n"
    produced = render(code, limits=Limits(timeout_seconds=30, memory_mb=1536))
    assert produced.result["outcome"] == "timeout", produced.result
    stopped = re.fullmatch(
        r"rendering took longer than the 30 seconds allowed \(stopped after ([0-9.]+) s, with 1 repair from the "
        r"error\)",
        produced.result["message"],
    )
    assert stopped and 30 <= float(stopped[1]) < 60, produced.result["message"]
