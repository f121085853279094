"""Writes the Manim scene for an :class:`Explanation`: the problem as typeset maths, the working in the left
column and the picture in the right one (shown with the problem, so the idea is on screen while it
is worked out), each step turning into the next, the boxed result, and one subcaption per step.

The scene is plain data (the lines, captions, holds, graph numbers and palette as Python literals) and one
fixed body of code, so every generated scene has the same shape and passes the static policy like any other
code. Each caption stays on screen at least as long as it takes to read, and as long as espeak-ng takes to
say it (measured when espeak-ng is there), so narration never falls behind and the answer is always spoken.
The working never scrolls a line away: lines shrink together (to no less than :data:`MIN_SCALE`) and, when
they still do not fit, the working continues on a new screen under the first line (never a dangling "=").
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from manimrender import catalog
from manimrender.explain.palette import PALETTES, SIZES, palette_for
from manimrender.explain.steps import Explanation
from manimrender.speech import spoken

SCENE_NAME = "Explainer"
WORDS_PER_SECOND = 2.6  # a comfortable reading pace, and espeak-ng's when it cannot be measured
MIN_HOLD = 1.5
SPEECH_GAP = 0.3  # seconds of quiet after a spoken line before the next one
MIN_SCALE = 0.6  # of the working's font size: below it a line at 480p is too small to read
# Texts the scene shows besides the steps are the catalog's "scene.*" (manimrender.catalog), in the language
# the explainer speaks.

_BODY = r"""
def inside(point, corners):
    # whether the point lies inside the polygon (ray casting)
    x, y, hit = point[0], point[1], False
    for (x1, y1, _), (x2, y2, _) in zip(corners, corners[1:] + corners[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


class Explainer(Scene):
    def construct(self):
        self.camera.background_color = ManimColor(PALETTE["background"])
        template = TexTemplate()
        template.add_to_preamble(r"\usepackage{xcolor}")
        template.add_to_preamble(r"\newcommand{\hl}[1]{{\color[HTML]{" + PALETTE["highlight"][1:] + r"}#1}}")
        # the two colours of terms that stay matched from line to line (u and u', v and v'); \begingroup, not
        # braces, so a coloured factor keeps its spacing (x cos x, not xcos x) and takes a power (x^2) as before
        for name, role in (("cA", "part_a"), ("cB", "part_b")):
            template.add_to_preamble(r"\newcommand{\%s}[1]{\begingroup\color[HTML]{%s}#1\endgroup}"
                                     % (name, PALETTE[role][1:]))
        self.template = template
        self.figure_parts = {}
        self.figure_fills = {}
        self.figure_plates = {}
        title = MathTex(TITLE, font_size=36, color=PALETTE["text"], tex_template=template)
        if title.width > 13:
            title.scale_to_fit_width(13)
        heading = Text(HEADING, font=FONT, font_size=22, color=PALETTE["muted"])
        top = VGroup(heading, title).arrange(DOWN, buff=0.15).to_edge(UP, buff=0.25)
        top_y, bottom_y = top.get_bottom()[1] - 0.35, -3.75
        picture = []
        if GRAPH or FIGURE:
            # while the problem is read it stands large in the working's column, beside the picture (the graph,
            # or the figure's first shapes); it moves up to the top as the working begins
            top.save_state()
            top.scale(min(1.6, 6.2 / top.width, 3.5 / top.height)).move_to([-3.55, -0.5, 0])
            picture = self.figure_stage(0, top_y) if FIGURE else self.make_graph()
        self.play(FadeIn(top), *picture, run_time=1.0 * PACE,
                  subcaption=PROBLEM_CAPTION[0],
                  subcaption_duration=PROBLEM_CAPTION[1] * PACE)
        self.wait(max(0.1, (PROBLEM_CAPTION[1] - 1.0) * PACE))
        left, width = (-6.8, 6.5) if GRAPH or FIGURE else (-6.6, 13.2)
        lines = self.working(width, top_y - bottom_y)
        if not (GRAPH or FIGURE):
            # no picture: the working is set larger and centred, so it uses the frame rather than its left third
            left = -max(line.width for line in lines) / 2
        shown = []
        for i, ((latex, caption, hold), line) in enumerate(zip(STEPS, lines)):
            if shown:
                line.next_to(shown[-1], DOWN, buff=0.3).align_to(shown[-1], LEFT)
            else:
                line.move_to([left + line.width / 2, top_y - line.height / 2, 0])
            if line.get_bottom()[1] < bottom_y and len(shown) > 2:
                # a new screen: the first line (the problem) and the last one (where the working is) stay, the
                # ones between make room; nothing scrolls away half-read and no line starts with a lone "="
                self.play(*[FadeOut(m) for m in shown[1:-1]],
                          shown[-1].animate.next_to(shown[0], DOWN, buff=0.3).align_to(shown[0], LEFT),
                          run_time=0.5 * PACE)
                shown = [shown[0], shown[-1]]
                line.next_to(shown[-1], DOWN, buff=0.3).align_to(shown[-1], LEFT)
            if shown and i in PARTS and i - 1 in PARTS:
                # matched terms: what stays travels to its place in the new line, what cancels fades away
                moves = [TransformMatchingTex(shown[-1].copy(), line)]
            else:
                moves = [TransformFromCopy(shown[-1], line) if shown else FadeIn(line)]
            if i == 0 and (GRAPH or FIGURE):
                moves.append(Restore(top))
            elif FIGURE:
                moves += self.figure_stage(i)
            self.play(*moves, run_time=1.0 * PACE, subcaption=caption, subcaption_duration=hold * PACE)
            self.wait(max(0.1, (hold - 1.0) * PACE))
            shown.append(line)
            # what the picture adds (marks, area, secants) comes early when it is the idea itself (the area of
            # an integral, the secants of a derivative), else once the working has filled its column
            early = GRAPH and (GRAPH["early"] or GRAPH["secants"])
            if GRAPH and i == (0 if early else len(STEPS) - 2 if len(STEPS) > 1 else 0):
                self.show_graph()
        box = SurroundingRectangle(shown[-1], color=PALETTE["box"], buff=0.12, stroke_width=SIZES["stroke"])
        answer = [Create(box), *(self.figure_stage(len(STEPS)) if FIGURE else [])]
        if GRAPH and GRAPH["area_label"]:
            # the value written on the area it measures, above the axes' numbers
            # (inside the area where it is tall: 70 % of the way along, under the curve)
            px, py = GRAPH["area"][int(len(GRAPH["area"]) * 0.7)]
            label = MathTex(GRAPH["area_label"], font_size=30, color=PALETTE["text"], tex_template=self.template)
            label.move_to(self.axes.c2p(px, py * 0.45))
            numbers = [*self.axes.get_x_axis().numbers, *self.axes.get_y_axis().numbers]
            for _ in range(10):  # clear of the axes' numbers: up (or down, for an area below the axis)
                hit = [n for n in numbers
                       if abs(n.get_center()[0] - label.get_center()[0]) < (n.width + label.width) / 2
                       and abs(n.get_center()[1] - label.get_center()[1]) < (n.height + label.height) / 2]
                if not hit:
                    break
                label.shift((UP if py >= 0 else DOWN) * 0.35)
            if label.get_left()[0] < self.axes.get_left()[0] + 0.2:
                label.shift(RIGHT * (self.axes.get_left()[0] + 0.2 - label.get_left()[0]))
            answer.append(FadeIn(label.add_background_rectangle(color=PALETTE["background"], opacity=0.6)))
        self.play(*answer, run_time=0.8 * PACE, subcaption=RESULT_CAPTION[0],
                  subcaption_duration=RESULT_CAPTION[1] * PACE)
        self.wait(max(0.5, (RESULT_CAPTION[1] - 0.8) * PACE))

    def working(self, width, height):
        # every line made first, so they can be sized together: one scale for all, the widest fitting the column
        # (never below MIN_SCALE in all: a line still too wide is left for the critic to report)
        lines = [MathTex(*PARTS.get(i, [latex]), font_size=FONT_SIZE, color=PALETTE["text"],
                         tex_template=self.template)
                 for i, (latex, _caption, _hold) in enumerate(STEPS)]
        total = sum(line.height for line in lines) + 0.3 * (len(lines) - 1)
        tall = min(1.0, height / total)
        for line in lines:
            line.scale(max(MIN_SCALE, min(tall, width / line.width)))
        return lines

    def figure_stage(self, stage, top_y=None):
        # the shapes and labels of the figure that come (or go) with this step; a shape under a key already on
        # screen moves to its new corners (the same triangles, rearranged)
        if top_y is not None:
            # the panel the figure is drawn on (the picture's area, as the axes are a graph's): from under the
            # title to the bottom of the frame
            self.panel = RoundedRectangle(corner_radius=0.15, width=6.7, height=min(6.0, top_y + 3.9),
                                          color=PALETTE["muted"], stroke_width=SIZES["axes_stroke"] * 0.6)
            self.panel.move_to([3.6, -3.9 + self.panel.height / 2, 0])
        w, h = FIGURE["size"]
        scale = min((self.panel.width - 0.5) / w, (self.panel.height - 0.5) / h)  # a square stays square
        origin = self.panel.get_center() - np.array([w * scale / 2, h * scale / 2, 0])

        def at(x, y):
            return origin + np.array([x * scale, y * scale, 0])

        moves = [Create(self.panel)] if top_y is not None else []
        fills = self.figure_fills  # key -> (role, corners) of the filled shapes on screen (labels get plates)
        for when, key, role, points, filled, until in FIGURE["shapes"]:
            if when == stage:
                colour = PALETTE[role]
                if len(points) == 2:
                    shape = DashedLine(at(*points[0]), at(*points[1]), color=colour, stroke_width=SIZES["stroke"])
                else:
                    # a filled shape is edged in the background's colour, so shapes side by side in one colour
                    # (the four triangles, the cells of a grid) stay apart
                    shape = Polygon(*[at(x, y) for x, y in points], stroke_width=SIZES["stroke"] * 0.6,
                                    color=PALETTE["background"] if filled else colour)
                    shape.set_fill(colour, opacity=SIZES["figure_opacity"] if filled else 0)
                fills.pop(key, None)
                if filled and len(points) > 2:
                    fills[key] = (role, [at(x, y) for x, y in points])
                if key in self.figure_parts:
                    moves.append(Transform(self.figure_parts[key], shape))
                else:
                    self.figure_parts[key] = shape
                    moves.append(FadeIn(shape) if filled else Create(shape))
            if until == stage and key in self.figure_parts:
                fills.pop(key, None)
                moves.append(FadeOut(self.figure_parts.pop(key)))
        for index, (when, latex, x, y, until) in enumerate(FIGURE["labels"]):
            key = ("label", index)
            if when == stage:
                label = MathTex(latex, font_size=30, color=PALETTE["text"], tex_template=self.template)
                label.move_to(at(x, y)).set_z_index(1)  # above the shapes, whichever came first
                self.figure_parts[key] = label
                moves.append(FadeIn(label))
            if until == stage and key in self.figure_parts:
                moves.append(FadeOut(self.figure_parts.pop(key)))
        # a label on a filled shape stands on a plate of the background's colour: text stays light on dark, as
        # the high-contrast theme keeps every text (a dark digit on a light fill would be lifted to grey)
        for key, part in list(self.figure_parts.items()):
            if key[0] == "label":
                plated = any(inside(part.get_center(), corners) for _role, corners in fills.values())
                plate = self.figure_plates.get(key)
                if plated and plate is None:
                    plate = BackgroundRectangle(part, color=PALETTE["background"], fill_opacity=1, buff=0.06)
                    self.figure_plates[key] = plate.set_z_index(0.5)
                    moves.append(FadeIn(plate))
                elif not plated and plate is not None:
                    moves.append(FadeOut(self.figure_plates.pop(key)))
        for key in [k for k in self.figure_plates if k not in self.figure_parts]:  # its label has left
            moves.append(FadeOut(self.figure_plates.pop(key)))
        return moves

    def make_graph(self):
        (x0, x1, xs), (y0, y1, ys) = GRAPH["x_range"], GRAPH["y_range"]
        axes = Axes(x_range=[x0, x1, xs], y_range=[y0, y1, ys], x_length=6.4, y_length=5.9, tips=False,
                    axis_config={"include_numbers": True, "font_size": 22, "color": PALETTE["axes"],
                                 "stroke_width": SIZES["axes_stroke"]})
        axes.move_to([3.65, -0.8, 0])
        for number in axes.get_x_axis().numbers + axes.get_y_axis().numbers:
            number.set_color(PALETTE["text"])
        def curve(points, colour):
            return VMobject(color=colour, stroke_width=SIZES["stroke"]).set_points_smoothly(
                [axes.c2p(x, y) for x, y in points])
        drawn = [curve(segment, PALETTE["curve"]) for segment in GRAPH["points"]]
        drawn += [curve(segment, PALETTE["line2"]) for segment in GRAPH["lines"]]
        self.axes = axes
        return [Create(axes), *[Create(c) for c in drawn]]

    def show_graph(self):
        axes = self.axes
        caption = GRAPH["caption"] or GRAPH_CAPTION
        extras = []
        if GRAPH["area"]:
            edge = [axes.c2p(x, y) for x, y in GRAPH["area"]]
            first, last = GRAPH["area"][0][0], GRAPH["area"][-1][0]
            region = Polygon(axes.c2p(first, 0), *edge, axes.c2p(last, 0), stroke_width=0,
                             fill_color=PALETTE["area"], fill_opacity=SIZES["area_opacity"])
            extras.append(FadeIn(region))
        for x, y, _label in GRAPH["marks"]:
            extras.append(FadeIn(Dot(axes.c2p(x, y), color=PALETTE["mark"], radius=SIZES["dot"])))
        for x, y in GRAPH["turning"]:
            extras.append(FadeIn(Dot(axes.c2p(x, y), color=PALETTE["turning"], radius=SIZES["dot"])))
        for x, y in GRAPH["holes"]:
            hole = Circle(radius=SIZES["dot"] * 1.4, color=PALETTE["mark"], stroke_width=SIZES["stroke"] * 0.7)
            extras.append(Create(hole.set_fill(PALETTE["background"], opacity=1).move_to(axes.c2p(x, y))))
        spent = 0.0
        if GRAPH["secants"]:
            (a, b), (px, py) = GRAPH["secants"][0]
            line = Line(axes.c2p(*a), axes.c2p(*b), color=PALETTE["secant"], stroke_width=SIZES["stroke"] * 0.8)
            moving = Dot(axes.c2p(px, py), color=PALETTE["secant"], radius=SIZES["dot"])
            self.play(Create(line), FadeIn(moving), *extras, run_time=0.8 * PACE, subcaption=caption,
                      subcaption_duration=GRAPH_HOLD * PACE)
            extras, spent = [], spent + 0.8
            for (a, b), (px, py) in GRAPH["secants"][1:]:
                self.play(Transform(line, Line(axes.c2p(*a), axes.c2p(*b), color=PALETTE["secant"],
                                               stroke_width=SIZES["stroke"] * 0.8)),
                          moving.animate.move_to(axes.c2p(px, py)), run_time=0.5 * PACE, rate_func=linear)
                spent += 0.5
            (a, b) = GRAPH["tangent"]
            self.play(Transform(line, Line(axes.c2p(*a), axes.c2p(*b), color=PALETTE["tangent"],
                                           stroke_width=SIZES["stroke"] * 0.8)),
                      FadeOut(moving), run_time=0.8 * PACE)
            spent += 0.8
        elif GRAPH["tangent"]:
            (a, b) = GRAPH["tangent"]
            extras.append(Create(Line(axes.c2p(*a), axes.c2p(*b), color=PALETTE["tangent"],
                                      stroke_width=SIZES["stroke"] * 0.8)))
        if extras or not spent:
            self.play(*(extras or [Indicate(axes, scale_factor=1.02)]), run_time=1.0 * PACE, subcaption=caption,
                      subcaption_duration=GRAPH_HOLD * PACE)
            spent += 1.0
        self.wait(max(0.1, (GRAPH_HOLD - spent) * PACE))
"""


@functools.lru_cache(maxsize=512)
def speech_seconds(text: str, language: str = "en") -> float | None:
    """How long espeak-ng takes to say ``text`` as narration says it (in ``language``'s voice), or None without
    espeak-ng."""
    if shutil.which("espeak-ng") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "say.wav"
        try:
            subprocess.run(
                ["espeak-ng", "-v", catalog.voice(language), "-s", "165", "-w", str(clip), "--stdin"],
                input=spoken(text, language).encode("utf-8"),
                capture_output=True,
                timeout=20,
                check=True,
            )
            with wave.open(str(clip), "rb") as w:
                return w.getnframes() / float(w.getframerate())
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError):
            return None


def hold_seconds(caption: str, squeeze: float = 1.0) -> float:
    """How long a caption stays up at pace 1: long enough to read it and to hear it to its end. ``squeeze``
    (at most 1) shortens the reading time when the video must be shorter, but never below the speech: a
    narrated video is never cut before its answer has been said."""
    reading = len(caption.split()) / WORDS_PER_SECOND
    speaking = speech_seconds(caption, catalog.current())
    floor = reading if speaking is None else speaking + SPEECH_GAP
    return round(max(floor, max(MIN_HOLD, reading) * squeeze), 2)


def _problem_caption(problem_text: str) -> str:
    return catalog.word("scene.problem_caption", problem=_one_line(problem_text))


def estimated_seconds(explanation: Explanation, problem_text: str, pace: float, squeeze: float = 1.0) -> float:
    """About how long the scene runs (each caption held, plus the graph's animations)."""
    captions = [_problem_caption(problem_text)] + [s.caption for s in explanation.steps]
    captions.append(explanation.result_caption)
    total = sum(max(hold_seconds(c, squeeze), 1.0) * pace + 0.1 for c in captions)
    total += 0.5 * pace * max(0, len(explanation.steps) - 5)
    graph = explanation.graph
    if graph is not None:
        animations = 2.5 + (0.5 * len(graph.secants) + 1.6 if graph.secants else 0)
        total += max(hold_seconds(graph.caption or catalog.word("scene.graph_caption"), squeeze), animations) * pace
    return total


def scene_code(
    explanation: Explanation, problem_text: str, pace: float = 1.0, title: str = "", themes=(), squeeze: float = 1.0
) -> str:
    """The Manim code; ``pace`` scales every duration (tests render with a small one), ``squeeze`` shortens the
    captions' reading time down to their speech (:func:`hold_seconds`)."""
    graph = explanation.graph
    graph_literal = (
        None
        if graph is None
        else {
            "points": graph.points,
            "x_range": graph.x_range,
            "y_range": graph.y_range,
            "marks": graph.marks,
            "area": graph.area,
            "tangent": graph.tangent,
            "secants": graph.secants,
            "caption": graph.caption,
            "holes": graph.holes,
            "lines": graph.lines,
            "turning": graph.turning,
            "early": graph.early,
            "area_label": graph.area_label,
        }
    )
    name = palette_for(themes)
    problem_caption = _problem_caption(problem_text)
    graph_caption = (graph.caption if graph is not None else "") or catalog.word("scene.graph_caption")
    data = [
        "from manim import *",
        "",
        "# Written by manimrender's offline explainer: every line below was worked out with SymPy.",
        f"TITLE = {title or explanation.heading!r}",
        f"HEADING = {catalog.on_screen(explanation.heading, catalog.current())!r}",
        f"FONT = {catalog.font(catalog.current()) or ''!r}",
        f"PROBLEM_CAPTION = {(problem_caption, hold_seconds(problem_caption, squeeze))!r}",
        f"STEPS = {[(s.latex, s.caption, hold_seconds(s.caption, squeeze)) for s in explanation.steps]!r}",
        f"RESULT_CAPTION = {(explanation.result_caption, hold_seconds(explanation.result_caption, squeeze))!r}",
        f"PARTS = { {i: list(s.parts) for i, s in enumerate(explanation.steps) if s.parts}!r}",
        f"GRAPH = {graph_literal!r}",
        f"FIGURE = {explanation.figure.as_literal() if explanation.figure is not None else None!r}",
        f"GRAPH_CAPTION = {catalog.word('scene.graph_caption')!r}",
        f"GRAPH_HOLD = {hold_seconds(graph_caption, squeeze)!r}",
        f"PALETTE = {PALETTES[name]!r}",
        f"SIZES = {SIZES[name]!r}",
        f"PACE = {pace!r}",
        f"MIN_SCALE = {MIN_SCALE!r}",
        f"FONT_SIZE = {_font_size(explanation)!r}",
    ]
    return "\n".join(data) + "\n" + _BODY


def _font_size(explanation: Explanation) -> int:
    """The working's size: larger when there is no picture beside it or only a few lines to show."""
    if explanation.graph is None and explanation.figure is None:
        return 52
    if explanation.figure is not None:
        return 48  # a figure's working is a few short lines
    return 48 if len(explanation.steps) <= 3 else 40


def _one_line(text: str) -> str:
    return " ".join(text.split())
