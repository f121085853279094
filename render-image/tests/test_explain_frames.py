"""Tests a viewer would run (issue 25): twenty problems of different kinds, each rendered (low quality, fast
pace, judged by the critics as if at its real pace), one frame taken at the end of every subtitle cue with
ffmpeg and looked at: the picture is there, the answer is boxed on screen at the end, nothing is off the frame
or on top of something else, no text is too small, the frame is not half empty for long. Two scenes are also
rendered at their real pace and narrated: the voice keeps up with the steps and the answer is spoken."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from explain_frames import frame_at, render
from manimrender import narration
from manimrender.captions import Cue
from manimrender.catalog import word
from manimrender.explain import explain
from manimrender.explain.palette import DEFAULT, HIGH_CONTRAST, PALETTES, fill_colour, palette_for
from manimrender.explain.scene import speech_seconds
from manimrender.picture_critic import PictureCritic
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.sandbox import Limits
from manimrender.theme import contrast_ratio

PACE = 0.08

# (problem, what the working must show: a piece of LaTeX of the crucial step)
PROBLEMS = [
    ("d/dx (x^2 sin x)", r"(\cA{u}\cB{v})' = \cA{u'}\cB{v} + \cA{u}\cB{v'}"),
    ("please differentiate x/(x+1)", r"\frac{\cA{u'}\cB{v} - \cA{u}\cB{v'}}{\cB{v}^{2}}"),
    ("derivative of cos(3x)", r"g = 3 x"),
    ("Prove that the derivative of sin(x) is cos(x)", r"\cdot \frac{ \cos{\left(h \right)} - 1 }{h}"),
    ("show why the derivative of x² is 2x", r"\hl{x^{2}}"),
    ("integrate x e^x", r"dv = e^{x}\,dx"),
    ("Integrate x^2 from 0 to 2", r"\left[ \frac{x^{3}}{3} \right]_{0}^{2}"),
    ("limit of (x^2 - 1)/(x - 1) as x approaches 1", r"x \neq 1"),
    ("limit of sin(x)/x as x→0", r"\frac{0}{0}"),
    ("solve x^2 - 5x + 6 = 0", r"\left(x - 3\right) \left(x - 2\right) = 0"),
    ("solve x + y = 10 and x - y = 2", r"x = 10 - y"),
    ("plot y = x³ - 3x", r"y' = 3 x^{2} - 3 = 0"),
    ("find the tangent line to y = x^2 at x = 1", r"y - 1 = 2\left(x - 1\right)"),
    ("find the stationary points of x^3 - 3x", r"y'' = 6 x"),
    ("factor x^2 - 9", r"\left(x - 3\right) \left(x + 3\right)"),
    ("prove that the sum of the first n odd numbers is n²", r"(n - 1)^{2} + (2n - 1) = n^{2}"),
    ("prove the Pythagorean theorem", r"\hl{a^{2} + b^{2}}"),
    ("find the sum of the geometric series 1 + 1/2 + 1/4 + 1/8 + ...", r"S = \frac{a}{1 - r} = 2"),
    ("what is the probability that the sum of two dice is 7", r"P = \frac{6}{36} = \frac{1}{6}"),
    ("probability of exactly 2 heads in 3 coin tosses", r"\mathrm{HHT},\ \mathrm{HTH},\ \mathrm{THH}"),
]


def _pixels_near(image: Image.Image, colour: str, box=None, tolerance: int = 40) -> int:
    rgb = np.asarray(image.convert("RGB"), dtype=int)
    if box is not None:
        x0, y0, x1, y1 = box
        rgb = rgb[y0:y1, x0:x1]
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).max(axis=2) <= tolerance).sum())


def _filled(role: str) -> str:
    """A palette colour as a filled shape shows it: blended with the black background by the fill opacity."""
    return fill_colour(role, DEFAULT)


@pytest.mark.parametrize("problem,crucial", PROBLEMS, ids=[p[:40] for p, _ in PROBLEMS])
def test_frames_at_each_cue_show_the_step_the_picture_and_the_answer(problem, crucial, tmp_path, monkeypatch):
    explained = explain(problem, pace=PACE)
    explanation = explained.explanation
    assert any(crucial in step.latex for step in explanation.steps), [s.latex for s in explanation.steps]
    pictures = PictureCritic(time_scale=1 / PACE)
    rendered = render(explained.code, tmp_path, (), monkeypatch, also=[pictures])
    assert rendered.critic.findings == []
    assert pictures.finish() == []
    assert len(rendered.cues) == 2 + len(explanation.steps) + (explanation.graph is not None)
    width = Image.open(rendered.frames[-1]).width
    last = Image.open(rendered.final)
    working = (0, 0, width * 11 // 20 if explanation.graph is not None else width, last.height)
    # the answer is boxed, on screen, at the end (a thin anti-aliased yellow line: a wide tolerance)
    assert _pixels_near(last, PALETTES[DEFAULT]["box"], working, tolerance=90) > 60
    if explanation.kind in ("plot", "limit", "integral", "system", "tangent", "stationary", "derivative"):
        assert explanation.graph is not None
        right = (width // 2, 0, width, last.height)
        assert _pixels_near(last, PALETTES[DEFAULT]["curve"], right) > 300  # the picture, on the right
    if explanation.graph is not None and explanation.graph.area:
        # the shaded area is there from the first step's cue on, not only at the end
        early = Image.open(rendered.frames[2])
        assert _pixels_near(early, _filled("area"), (width // 2, 0, width, early.height), tolerance=25) > 500
    if explanation.kind in ("odd_squares", "pythagoras", "series", "probability"):
        # the figure (squares, triangles, bars, the favourable outcomes) is filled in on the right at the end,
        # and nothing of it stands in the working's column
        assert explanation.figure is not None
        right = (width // 2, 0, width, last.height)
        assert _pixels_near(last, _filled("curve"), right, tolerance=25) > 2000
        assert _pixels_near(last, _filled("curve"), (0, 0, width * 2 // 5, last.height), tolerance=25) < 50


def test_high_contrast_frames_look_different(tmp_path, monkeypatch):
    plain = render(explain("plot y = x^2 - 4", pace=PACE).code, tmp_path / "plain", (), monkeypatch)
    contrast = render(
        explain("plot y = x^2 - 4", pace=PACE, themes=("high_contrast",)).code,
        tmp_path / "contrast",
        ("high_contrast",),
        monkeypatch,
    )
    a = np.asarray(Image.open(plain.frames[-1]).convert("RGB"), dtype=int)
    b = np.asarray(Image.open(contrast.frames[-1]).convert("RGB"), dtype=int)
    assert (np.abs(a - b).max(axis=2) > 60).mean() > 0.005  # more than half a percent of the pixels changed
    assert _pixels_near(Image.open(contrast.frames[-1]), PALETTES[HIGH_CONTRAST]["curve"]) > 500


@pytest.mark.parametrize(
    "problem,labelled",
    [("what is the probability that the sum of two dice is 7", 6), ("prove the Pythagorean theorem", 2)],
    ids=["dice", "pythagoras"],
)
def test_high_contrast_figures_show_solid_shapes_and_labels_readable_on_them(problem, labelled, tmp_path, monkeypatch):
    # measured in the last frame, as a viewer sees it: every filled shape against the background, and every label
    # on a filled shape (the 7s of the dice, a² and b²) against what is right around it, at 7:1 (WCAG AAA)
    rendered = render(
        explain(problem, pace=PACE, themes=("high_contrast",)).code, tmp_path, ("high_contrast",), monkeypatch
    )
    scene, frame = rendered.scene, np.asarray(Image.open(rendered.final).convert("RGB"), dtype=float) / 255
    height, width = frame.shape[:2]
    half_w, half_h = scene.camera.frame_width / 2, scene.camera.frame_height / 2

    def box(mobject, inset: float = 0.0) -> np.ndarray:
        (x0, y1, _), (x1, y0, _) = mobject.get_corner([-1, 1, 0]), mobject.get_corner([1, -1, 0])
        left, right = (x0 + half_w) / (2 * half_w) * width, (x1 + half_w) / (2 * half_w) * width
        top, bottom = (half_h - y1) / (2 * half_h) * height, (half_h - y0) / (2 * half_h) * height
        dx, dy = (right - left) * inset, (bottom - top) * inset
        return frame[round(top + dy) : round(bottom - dy), round(left + dx) : round(right - dx)].reshape(-1, 3)

    black = np.zeros(3)
    for _role, corners in scene.figure_fills.values():  # inside each filled shape, away from its label and edges
        inner = 0.6 * np.mean(corners, axis=0) + 0.4 * corners[0]
        y, x = round((half_h - inner[1]) / (2 * half_h) * height), round((inner[0] + half_w) / (2 * half_w) * width)
        seen = np.median(frame[y - 2 : y + 3, x - 2 : x + 3].reshape(-1, 3), axis=0)
        assert contrast_ratio(seen, black) >= 7, (problem, seen)
    on_fills = [scene.figure_parts[key] for key in scene.figure_plates]
    assert len(on_fills) == labelled
    for label in on_fills:
        pixels = box(label.copy().scale(1.6))  # the label and what lies right around it
        lightness = pixels.mean(axis=1)
        ink, ground = (
            pixels[lightness >= np.quantile(lightness, 0.95)],
            pixels[lightness <= np.quantile(lightness, 0.3)],
        )
        assert contrast_ratio(np.median(ink, axis=0), np.median(ground, axis=0)) >= 7, (problem, label.tex_string)


# (problem, themes, the catalog key of the regrouped line's caption): the product rule, the quotient rule (in
# high contrast and large text) and sin(x) from first principles, whose regrouping is the point of it
REGROUPED = [
    ("d/dx x sin(x)", (), "derivative.tidy"),
    ("please differentiate sin(x)/x", ("high_contrast", "large_text"), "derivative.tidy"),
    ("Prove that the derivative of sin(x) is cos(x)", (), "derivative.fp_regroup"),
]
COLOURS = {r"\cA{": "part_a", r"\cB{": "part_b"}  # the two term colours' macros and palette roles


@pytest.mark.parametrize("problem,themes,key", REGROUPED, ids=["product", "quotient", "sin"])
def test_each_factor_travels_in_its_colour_from_the_rule_to_the_regrouped_line(
    problem, themes, key, tmp_path, monkeypatch
):
    import manim

    explained = explain(problem, pace=PACE, themes=themes)
    steps = explained.explanation.steps
    at = next(i for i, step in enumerate(steps) if step.caption == word(key))
    transforms = []  # (from, to) of every matching transform the scene plays

    class Recorded(manim.TransformMatchingTex):
        def __init__(self, mobject, target, **kwargs):
            transforms.append((mobject, target))
            super().__init__(mobject, target, **kwargs)

    monkeypatch.setattr(manim, "TransformMatchingTex", Recorded)
    rendered = render(explained.code, tmp_path, themes, monkeypatch)
    assert rendered.critic.findings == []
    # the regrouped line comes out of the line before it (the rule with its parts put in, or the expanded top)
    # by a matching transform, not as a new line
    matched = [(source, target) for source, target in transforms if target.tex_string == steps[at].latex]
    assert matched, [target.tex_string for _, target in transforms]
    before, after = matched[0]
    assert before.tex_string == steps[at - 1].latex
    palette = PALETTES[palette_for(themes)]
    coloured = [part for part in after.submobjects if part.tex_string[:4] in COLOURS]
    assert {part.tex_string[:4] for part in coloured} == set(COLOURS)  # u's colour and v's
    sources = {part.tex_string: part for part in before.submobjects}
    for part in coloured:
        # every factor in colour travels from the line before (it is matched there, not faded in) and has the
        # same colours in both lines: its letter's (and the text's for a square outside it, as in x²)
        assert part.tex_string in sources, part.tex_string
        here, there = _glyph_colours(part), _glyph_colours(sources[part.tex_string])
        assert here == there and palette[COLOURS[part.tex_string[:4]]] in here, (part.tex_string, here, there)
    # and a viewer sees both colours in the working once the step has been said
    cue = next(i for i, c in enumerate(rendered.cues) if " ".join(c.content.split()) == steps[at].caption)
    frame = Image.open(rendered.frames[cue])
    for role in COLOURS.values():
        assert _pixels_near(frame, palette[role], (0, 0, frame.width // 2, frame.height)) > 20, role


def _glyph_colours(part) -> set:
    return {glyph.get_fill_color().to_hex().upper() for glyph in part.family_members_with_points()}


def test_the_product_rule_renders_in_the_sandbox_with_its_factors_in_colour(tmp_path):
    explained = explain("d/dx x sin(x)", pace=PACE)
    settings = RenderSettings(max_duration_seconds=60, limits=Limits(timeout_seconds=300, memory_mb=1536))
    produced = RenderPipeline(settings, tmp_path / "work").run(explained.code)
    assert produced.result["outcome"] == "ok", produced.result
    assert not produced.result.get("repairs")  # rendered as the explainer wrote it
    tidy = next(cue for cue in produced.cues if cue.text == word("derivative.tidy"))
    frame = Image.open(frame_at(produced.video, tidy.end - 0.15, tmp_path / "regrouped.png"))
    for role in COLOURS.values():
        assert _pixels_near(frame, PALETTES[DEFAULT][role], (0, 0, frame.width // 2, frame.height)) > 20, role


@pytest.mark.parametrize("problem", ["d/dx (x^2 sin x)", "limit of (x^2 - 1)/(x - 1) as x approaches 1"])
def test_at_real_pace_the_voice_keeps_up_and_speaks_the_answer(problem, tmp_path, monkeypatch):
    explained = explain(problem)
    rendered = render(explained.code, tmp_path, (), monkeypatch)
    video_seconds = rendered.cues[-1].end.total_seconds() + 0.2
    cues = [Cue(c.start.total_seconds(), c.end.total_seconds(), c.content) for c in rendered.cues]
    for cue in cues:  # every cue is held at least as long as it takes to say it
        assert cue.end - cue.start >= speech_seconds(cue.text) - 0.05, cue.text
    _, seconds = narration.narrate(rendered.video, cues, "mp4", tmp_path / "narration", video_seconds)
    answer = explained.explanation.result_caption
    assert cues[-1].text == answer
    assert seconds >= cues[-1].start + speech_seconds(answer)  # the answer is heard to its end
    assert seconds - video_seconds < 1.0  # and the voice never fell far behind the picture
