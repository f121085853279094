"""High contrast and large text are applied by the renderer, whatever the scene asks for: measured on the
rendered frames (WCAG contrast of the text against the background, width of the text)."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from manimrender.theme import MIN_CONTRAST, contrast_ratio, lifted, relative_luminance

# dark text the scene chose itself, on a white background it also chose; the colours change mid-scene
LOW_CONTRAST = """
from manim import *

class Dim(Scene):
    def construct(self):
        self.camera.background_color = WHITE
        title = Text("Contrast", color="#d0d0d0", font_size=72)
        formula = MathTex(r"x^2 + 1", color=DARK_BLUE, font_size=96).next_to(title, DOWN)
        self.add(title, formula)
        self.wait(0.5)
        formula.set_color("#202020")
        self.wait(0.5)
"""


def frame_at(video: Path, seconds: float, tmp: Path) -> np.ndarray:
    png = tmp / f"frame-{seconds}.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-ss", str(seconds), "-i", str(video), "-frames:v", "1", str(png)], check=True
    )
    return np.asarray(Image.open(png).convert("RGB"), dtype=float) / 255.0


def text_contrast(frame: np.ndarray) -> float:
    """Contrast between the background (the commonest colour) and the weakest solid text colour: colours
    covering at least 0.2 % of the frame (glyph interiors, not their anti-aliased edges), leaving out the
    background's own compression noise (within 6 % of it)."""
    pixels = [tuple(p) for p in (frame * 255 / 8).round().astype(int).reshape(-1, 3) * 8]  # video noise
    counts = Counter(pixels)
    (background, _), *others = counts.most_common()
    bg = np.array(background) / 255
    solid = [
        np.array(c) / 255 for c, n in others if n >= 0.002 * len(pixels) and np.abs(np.array(c) / 255 - bg).max() > 0.06
    ]
    assert solid, "no text found in the frame"
    return min(contrast_ratio(c, bg) for c in solid)


def ink_width(frame: np.ndarray) -> int:
    background = np.median(frame.reshape(-1, 3), axis=0)
    ink = np.abs(frame - background).sum(axis=2) > 0.3
    columns = np.where(ink.any(axis=0))[0]
    return int(columns.max() - columns.min())


def test_high_contrast_is_enforced_on_every_frame(render, tmp_path):
    plain = render(LOW_CONTRAST)
    assert plain.result["outcome"] == "ok", plain.result
    assert text_contrast(frame_at(plain.video, 0.2, tmp_path)) < MIN_CONTRAST  # as the scene asked: hard to read

    themed = render(LOW_CONTRAST, theme=("high_contrast",))
    assert themed.result["outcome"] == "ok", themed.result
    for seconds in (0.2, 0.8):  # before and after the scene darkened its formula
        frame = frame_at(themed.video, seconds, tmp_path)
        assert frame[2, 2].max() < 0.02  # the background is black, although the scene set white
        assert text_contrast(frame) >= MIN_CONTRAST


def test_large_text_makes_text_larger(render, tmp_path):
    scene = """
        from manim import *

        class Words(Scene):
            def construct(self):
                self.add(Text("Large", font_size=48), MathTex("x^2").shift(DOWN * 2))
                self.wait(0.3)
    """
    normal = ink_width(frame_at(render(scene).video, 0.1, tmp_path))
    large = ink_width(frame_at(render(scene, theme=("large_text",)).video, 0.1, tmp_path))
    assert 1.2 < large / normal < 1.4


def test_lifting_reaches_the_ratio_and_keeps_light_colours():
    colours = np.array([[0.0, 0.0, 0.5], [0.1, 0.1, 0.1], [1.0, 1.0, 0.0], [0.9, 0.2, 0.2]])
    out = lifted(colours)
    black = np.zeros(3)
    assert all(contrast_ratio(c, black) >= MIN_CONTRAST for c in out)
    assert np.allclose(out[2], colours[2])  # yellow already passes
    assert relative_luminance(out[0]) < 0.5  # lifted just enough, not to white
