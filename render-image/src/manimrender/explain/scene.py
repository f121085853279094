"""Writes the Manim scene for an :class:`Explanation`: the problem, each step turning into the next, a graph
where it helps, the boxed result, and one subcaption per step.

The scene is plain data (the lines, captions and graph numbers as Python literals) and one fixed body of
code, so every generated scene has the same shape and passes the static policy like any other code.
Each caption stays on screen at least as long as it takes to read (or to speak, for narration).
"""

from __future__ import annotations

from manimrender.explain.steps import Explanation

SCENE_NAME = "Explainer"
WORDS_PER_SECOND = 2.6  # a comfortable reading and espeak-ng speaking pace
MIN_HOLD = 1.5

_BODY = """
class Explainer(Scene):
    def construct(self):
        hold = lambda text: max(MIN_HOLD, len(text.split()) / WORDS_PER_SECOND) * PACE
        title = Text(PROBLEM, font_size=30)
        if title.width > 12.5:
            title.scale_to_fit_width(12.5)
        heading = Text(HEADING, font_size=24, color=GREY_B)
        top = VGroup(heading, title).arrange(DOWN, buff=0.15).to_edge(UP, buff=0.3)
        self.play(FadeIn(top), run_time=1.0 * PACE, subcaption=PROBLEM_CAPTION,
                  subcaption_duration=hold(PROBLEM_CAPTION))
        self.wait(max(0.1, hold(PROBLEM_CAPTION) - 1.0 * PACE))
        column_left, column_width = (-6.6, 6.6) if GRAPH else (-6.4, 12.8)
        top_y, bottom_y = top.get_bottom()[1] - 0.4, -3.3
        lines = []
        for latex, caption in STEPS:
            line = MathTex(latex, font_size=40)
            if line.width > column_width:
                line.scale_to_fit_width(column_width)
            if lines:
                line.next_to(lines[-1], DOWN, buff=0.4).align_to(lines[-1], LEFT)
            else:
                line.move_to([column_left + line.width / 2, top_y - line.height / 2, 0])
            dropped, lift = [], 0.0
            while len(lines) > 1 and line.get_bottom()[1] + lift < bottom_y:
                dropped.append(lines.pop(0))
                lift = top_y - lines[0].get_top()[1]
            if dropped:
                self.play(*[FadeOut(m) for m in dropped], *[m.animate.shift(UP * lift) for m in lines],
                          run_time=0.5 * PACE)
                line.shift(UP * lift)
            shown = TransformFromCopy(lines[-1], line) if lines else FadeIn(line)
            self.play(shown, run_time=1.0 * PACE, subcaption=caption, subcaption_duration=hold(caption))
            self.wait(max(0.1, hold(caption) - 1.0 * PACE))
            lines.append(line)
        if GRAPH:
            self.show_graph(hold)
        box = SurroundingRectangle(lines[-1], color=YELLOW, buff=0.15)
        self.play(Create(box), run_time=0.8 * PACE, subcaption=RESULT_CAPTION,
                  subcaption_duration=hold(RESULT_CAPTION))
        self.wait(max(0.5, hold(RESULT_CAPTION) - 0.8 * PACE))

    def show_graph(self, hold):
        (x0, x1, xs), (y0, y1, ys) = GRAPH["x_range"], GRAPH["y_range"]
        axes = Axes(x_range=[x0, x1, xs], y_range=[y0, y1, ys], x_length=5.6, y_length=4.6,
                    tips=False, axis_config={"include_numbers": True, "font_size": 20})
        axes.move_to([3.75, -0.7, 0])
        curve = VMobject(color=BLUE).set_points_smoothly([axes.c2p(x, y) for x, y in GRAPH["points"]])
        caption = GRAPH["caption"] or "Here is the graph."
        self.play(Create(axes), Create(curve), run_time=1.5 * PACE, subcaption=caption,
                  subcaption_duration=hold(caption))
        extras = []
        if GRAPH["area"]:
            edge = [axes.c2p(x, y) for x, y in GRAPH["area"]]
            first, last = GRAPH["area"][0][0], GRAPH["area"][-1][0]
            region = Polygon(axes.c2p(first, 0), *edge, axes.c2p(last, 0), stroke_width=0,
                             fill_color=BLUE, fill_opacity=0.45)
            extras.append(FadeIn(region))
        for x, y, _label in GRAPH["marks"]:
            extras.append(FadeIn(Dot(axes.c2p(x, y), color=YELLOW, radius=0.08)))
        if GRAPH["secant"]:
            (ax, ay), (bx, by) = GRAPH["secant"]
            secant = Line(axes.c2p(ax, ay), axes.c2p(bx, by), color=ORANGE)
            self.play(Create(secant), *extras, run_time=1.0 * PACE)
            extras = []
            (ax, ay), (bx, by) = GRAPH["tangent"]
            self.play(Transform(secant, Line(axes.c2p(ax, ay), axes.c2p(bx, by), color=YELLOW)), run_time=1.5 * PACE)
        elif GRAPH["tangent"]:
            (ax, ay), (bx, by) = GRAPH["tangent"]
            extras.append(Create(Line(axes.c2p(ax, ay), axes.c2p(bx, by), color=YELLOW)))
        if extras:
            self.play(*extras, run_time=1.0 * PACE)
        self.wait(max(0.1, hold(caption) - 2.5 * PACE))
"""


def hold_seconds(caption: str, pace: float) -> float:
    """How long a caption stays up: the scene's own ``hold`` (kept equal to it)."""
    return max(MIN_HOLD, len(caption.split()) / WORDS_PER_SECOND) * pace


def estimated_seconds(explanation: Explanation, problem_text: str, pace: float) -> float:
    """About how long the scene runs (each caption held, plus moves and the graph's animations)."""
    captions = ["The problem: " + problem_text] + [s.caption for s in explanation.steps]
    captions.append(explanation.result_caption)
    total = sum(max(hold_seconds(c, pace), pace) + 0.1 for c in captions)
    total += 0.5 * pace * max(0, len(explanation.steps) - 4)
    if explanation.graph is not None:
        total += max(hold_seconds(explanation.graph.caption or "Here is the graph.", pace), 5.0 * pace)
    return total


def scene_code(explanation: Explanation, problem_text: str, pace: float = 1.0) -> str:
    """The Manim code; ``pace`` scales every duration (tests render with a small one)."""
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
            "secant": graph.secant,
            "caption": graph.caption,
        }
    )
    data = [
        "from manim import *",
        "",
        "# Written by manimrender's offline explainer: every line below was worked out with SymPy.",
        f"PROBLEM = {_one_line(problem_text)!r}",
        f"HEADING = {explanation.heading!r}",
        f"PROBLEM_CAPTION = {('The problem: ' + _one_line(problem_text))!r}",
        f"STEPS = {[(s.latex, s.caption) for s in explanation.steps]!r}",
        f"RESULT_CAPTION = {explanation.result_caption!r}",
        f"GRAPH = {graph_literal!r}",
        f"PACE = {pace!r}",
        f"WORDS_PER_SECOND = {WORDS_PER_SECOND!r}",
        f"MIN_HOLD = {MIN_HOLD!r}",
    ]
    return "\n".join(data) + "\n" + _BODY


def _one_line(text: str) -> str:
    return " ".join(text.split())
