"""The glyphs of numbers typeset once and copied into each render (manimrender.tex_glyphs)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from manimrender import tex_glyphs
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.sandbox import Limits

SRC = str(Path(tex_glyphs.__file__).resolve().parent.parent)

# Draws numbers as a scene does (an axis's labels, a DecimalNumber), in a Python whose PATH has no LaTeX.
NUMBERS_WITHOUT_LATEX = """
import sys
from pathlib import Path
from manim import Axes, DecimalNumber, config
from manimrender import tex_glyphs
config.media_dir = sys.argv[1]
if len(sys.argv) > 2:
    tex_glyphs.seed(config.get_dir("tex_dir"), Path(sys.argv[2]))
Axes(x_range=[-12, 12, 1], y_range=[-3, 3, 0.5]).add_coordinates()
print(DecimalNumber(-9876.54, group_with_commas=True, include_sign=True).get_value())
"""


def draw_numbers(tmp_path: Path, *shipped: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", NUMBERS_WITHOUT_LATEX, str(tmp_path / "media"), *map(str, shipped)],
        env={**os.environ, "PYTHONPATH": SRC, "PATH": os.path.dirname(sys.executable)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("glyphs") / "tex_glyphs"
    built = subprocess.run(
        [sys.executable, "-m", "manimrender.tex_glyphs", str(out)],
        env={**os.environ, "PYTHONPATH": SRC},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    return out


def test_numbers_are_drawn_from_the_typeset_glyphs_with_no_latex_at_hand(shipped, tmp_path):
    assert len(list(shipped.glob("*.svg"))) == 14  # ten digits, minus, point, comma, plus

    drawn = draw_numbers(tmp_path / "seeded", shipped)
    assert drawn.returncode == 0, drawn.stderr
    assert drawn.stdout.splitlines()[-1] == "-9876.54"
    # the same without the glyphs needs LaTeX, which this PATH does not have
    assert draw_numbers(tmp_path / "bare").returncode != 0


def test_a_render_finds_the_glyphs_in_its_tex_dir_before_its_code_runs(tmp_path):
    if not tex_glyphs.SHIPPED.is_dir():
        pytest.skip("no glyphs typeset beside the package (run-tests.sh and the image typeset them)")
    code = textwrap.dedent(
        """
        import os
        from manim import *

        class Listed(Scene):
            def construct(self):
                found = [n for n in os.listdir(os.path.join(config.media_dir, "Tex")) if n.endswith(".svg")]
                self.play(FadeIn(Square()), run_time=0.5, subcaption=f"{len(found)} glyphs")
        """
    )
    limits = Limits(timeout_seconds=120, memory_mb=1536)
    settings = RenderSettings(quality="low", max_duration_seconds=10, limits=limits)
    produced = RenderPipeline(settings, tmp_path, python_layers=False).run(code)

    assert produced.result["outcome"] == "ok", produced.result
    assert produced.cues[0].text == f"{len(list(tex_glyphs.SHIPPED.glob('*.svg')))} glyphs"
