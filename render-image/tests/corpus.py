"""Ordinary scenes in the styles LLMs and people write: every one must pass the policy and render.

Kept short (run times of a few tenths of a second at low quality) so the whole corpus renders in a couple
of minutes; the slowest kinds (3D surfaces) are listed in SLOW."""

CORPUS = {
    "subclass_vgroup_kwargs": """
from manim import *

class LabeledBox(VGroup):
    def __init__(self, label, color=BLUE, **kwargs):
        super().__init__(**kwargs)
        self.box = Rectangle(width=2, height=1, color=color)
        self.label = Text(label, font_size=28).move_to(self.box)
        self.add(self.box, self.label)

class Boxes(Scene):
    def construct(self):
        boxes = VGroup(LabeledBox("input"), LabeledBox("model", color=GREEN), LabeledBox("output")).arrange(RIGHT)
        self.play(FadeIn(boxes), run_time=0.4)
""",
    "subclass_mobject_private_state": """
from manim import *

class Counter(VMobject):
    def __init__(self, start=0, **kwargs):
        super().__init__(**kwargs)
        self._value = start
        self.number = Integer(start)
        self.add(self.number)

    def bump(self):
        self._value += 1
        self.number.set_value(self._value)
        return self

class Count(Scene):
    def construct(self):
        c = Counter(3)
        self.add(c)
        for _ in range(3):
            c.bump()
            self.wait(0.1)
""",
    "numpy_array_methods": """
from manim import *
import numpy as np

class Stats(Scene):
    def construct(self):
        data = np.array([3.0, 1.5, 4.0, 1.0, 5.5, 9.0, 2.5])
        lines = [
            f"sum {data.sum():.1f}", f"max {data.max():.1f}", f"mean {data.mean():.2f}",
            f"std {data.std():.2f}", f"var {data.var():.2f}", f"prod {data.clip(1, 3).prod():.1f}",
            f"array {np.round(data[:3], 1)}", str(data.reshape(7, 1).T.shape),
        ]
        text = VGroup(*[Text(t, font_size=22) for t in lines]).arrange(DOWN, aligned_edge=LEFT)
        self.play(Write(text), run_time=0.5)
""",
    "numpy_points_and_norms": """
from manim import *
import numpy as np

class Vectors(Scene):
    def construct(self):
        pts = np.array([[1, 1, 0], [-2, 0.5, 0], [0.5, -1.5, 0]], dtype=float)
        norms = np.linalg.norm(pts, axis=1)
        arrows = VGroup(*[Arrow(ORIGIN, p, buff=0, color=interpolate_color(BLUE, RED, n / norms.max()))
                          for p, n in zip(pts, norms)])
        centroid = Dot(pts.mean(axis=0), color=YELLOW)
        self.play(Create(arrows), FadeIn(centroid), run_time=0.5)
""",
    "helper_functions": """
from manim import *

def make_axes():
    return Axes(x_range=[-3, 3, 1], y_range=[-1, 9, 2], x_length=5, y_length=3.5, tips=False)

def plot_with_label(axes, func, tex, color):
    graph = axes.plot(func, color=color)
    return graph, axes.get_graph_label(graph, label=tex)

class Helpers(Scene):
    def construct(self):
        axes = make_axes()
        g, label = plot_with_label(axes, lambda x: x ** 2, "x^2", GREEN)
        self.play(Create(axes), Create(g), run_time=0.5)
        self.add(label)
""",
    "always_redraw_tangent": """
from manim import *

class Tangent(Scene):
    def construct(self):
        axes = Axes(x_range=[-3, 3], y_range=[-1, 9], x_length=6, y_length=4)
        graph = axes.plot(lambda x: x ** 2, color=BLUE)
        t = ValueTracker(-2)
        tangent = always_redraw(lambda: axes.get_secant_slope_group(t.get_value(), graph, dx=0.01,
                                                                    secant_line_length=3)[2])
        dot = always_redraw(lambda: Dot(axes.i2gp(t.get_value(), graph), color=RED))
        self.add(axes, graph, tangent, dot)
        self.play(t.animate.set_value(2), run_time=0.6)
""",
    "value_tracker_decimal": """
from manim import *

class Tracker(Scene):
    def construct(self):
        k = ValueTracker(0)
        number = always_redraw(lambda: DecimalNumber(k.get_value(), num_decimal_places=2).to_edge(UP))
        square = Square().add_updater(lambda m: m.set_width(1 + k.get_value()))
        self.add(number, square)
        self.play(k.animate.set_value(2), run_time=0.5)
""",
    "three_d_axes_surface": """
from manim import *
import numpy as np

class Saddle(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=65 * DEGREES, theta=-45 * DEGREES)
        axes = ThreeDAxes(x_range=[-2, 2], y_range=[-2, 2], z_range=[-2, 2])
        surface = Surface(lambda u, v: axes.c2p(u, v, 0.4 * (u ** 2 - v ** 2)), u_range=[-1.5, 1.5],
                          v_range=[-1.5, 1.5], resolution=(8, 8), fill_opacity=0.7)
        self.add(axes)
        self.play(Create(surface), run_time=0.5)
""",
    "three_d_shapes_camera": """
from manim import *

class Solids(ThreeDScene):
    def construct(self):
        self.set_camera_orientation(phi=70 * DEGREES, theta=30 * DEGREES)
        shapes = VGroup(Cube(side_length=1), Sphere(radius=0.6, resolution=(8, 8)), Cone(base_radius=0.5))
        shapes.arrange(RIGHT)
        self.add(shapes)
        self.begin_ambient_camera_rotation(rate=0.4)
        self.wait(0.4)
        self.stop_ambient_camera_rotation()
""",
    "table_highlight": """
from manim import *

class Truth(Scene):
    def construct(self):
        table = MathTable([["0", "0", "0"], ["0", "1", "1"], ["1", "0", "1"], ["1", "1", "1"]],
                          col_labels=[MathTex("a"), MathTex("b"), MathTex("a \\\\lor b")]).scale(0.5)
        self.play(Create(table), run_time=0.5)
        self.play(table.get_entries((3, 3)).animate.set_color(GREEN), run_time=0.3)
""",
    "integer_table": """
from manim import *

class Squares(Scene):
    def construct(self):
        rows = [[n, n * n] for n in range(1, 5)]
        table = IntegerTable(rows, col_labels=[MathTex("n"), MathTex("n^2")], include_outer_lines=True).scale(0.5)
        self.play(FadeIn(table), run_time=0.4)
""",
    "graph_traversal": """
from manim import *

class Walk(Scene):
    def construct(self):
        vertices = list(range(1, 7))
        edges = [(1, 2), (1, 3), (2, 4), (3, 5), (4, 6), (5, 6)]
        g = Graph(vertices, edges, layout="spring", layout_config={"seed": 1}, labels=True)
        self.play(Create(g), run_time=0.5)
        for v in (1, 2, 4, 6):
            self.play(g.vertices[v].animate.set_color(YELLOW), run_time=0.1)
""",
    "digraph_tree": """
from manim import *

class Tree(Scene):
    def construct(self):
        g = DiGraph([0, 1, 2, 3, 4], [(0, 1), (0, 2), (1, 3), (1, 4)], layout="tree", root_vertex=0)
        self.play(Create(g), run_time=0.5)
""",
    "typing_annotations": """
from __future__ import annotations
from typing import List, Optional, Tuple
import typing
from manim import *

def spaced(n: int, gap: float = 0.8) -> List[Tuple[float, float]]:
    return [(i * gap - (n - 1) * gap / 2, 0.0) for i in range(n)]

class Typed(Scene):
    def construct(self):
        pts: typing.List[Tuple[float, float]] = spaced(5)
        first: Optional[Dot] = None
        dots = VGroup(*[Dot([x, y, 0]) for x, y in pts])
        self.play(LaggedStartMap(FadeIn, dots), run_time=0.5)
""",
    "dataclass_config": """
from dataclasses import dataclass, field
from manim import *

@dataclass
class Style:
    color: str = TEAL
    stroke: float = 6
    labels: list = field(default_factory=lambda: ["a", "b"])

class Styled(Scene):
    def construct(self):
        style = Style()
        line = Line(LEFT * 2, RIGHT * 2, color=style.color, stroke_width=style.stroke)
        self.play(Create(line), run_time=0.4)
""",
    "enum_steps": """
from enum import Enum
from manim import *

class Step(Enum):
    SHOW = 1
    MOVE = 2

class Steps(Scene):
    def construct(self):
        c = Circle()
        for step in Step:
            if step is Step.SHOW:
                self.play(Create(c), run_time=0.3)
            else:
                self.play(c.animate.shift(RIGHT), run_time=0.3)
""",
    "derivative_explainer": r"""
from manim import *

class Derivative(Scene):
    def construct(self):
        title = Text("The derivative of x squared", font_size=36).to_edge(UP)
        steps = VGroup(
            MathTex(r"f(x) = x^2"),
            MathTex(r"f'(x) = \lim_{h \to 0} \frac{(x+h)^2 - x^2}{h}"),
            MathTex(r"= \lim_{h \to 0} (2x + h) = 2x"),
        ).arrange(DOWN).next_to(title, DOWN)
        self.play(Write(title), run_time=0.3)
        for s in steps:
            self.play(Write(s), run_time=0.3)
""",
    "transform_matching_tex": r"""
from manim import *

class Algebra(Scene):
    def construct(self):
        a = MathTex("2", "x", "+", "3", "=", "7")
        b = MathTex("2", "x", "=", "7", "-", "3")
        self.add(a)
        self.play(TransformMatchingTex(a, b), run_time=0.5)
""",
    "area_under_curve": """
from manim import *

class Area(Scene):
    def construct(self):
        axes = Axes(x_range=[0, 3], y_range=[0, 9], x_length=5, y_length=3.5)
        graph = axes.plot(lambda x: x ** 2)
        area = axes.get_area(graph, x_range=[0, 2], color=BLUE, opacity=0.5)
        rects = axes.get_riemann_rectangles(graph, x_range=[0, 2], dx=0.25)
        self.add(axes, graph)
        self.play(Create(rects), run_time=0.4)
        self.play(ReplacementTransform(rects, area), run_time=0.4)
""",
    "number_plane_transform": """
from manim import *

class Shear(Scene):
    def construct(self):
        plane = NumberPlane(x_range=[-4, 4], y_range=[-3, 3])
        self.add(plane)
        self.play(ApplyMatrix([[1, 1], [0, 1]], plane), run_time=0.5)
""",
    "bar_chart": """
from manim import *

class Bars(Scene):
    def construct(self):
        chart = BarChart(values=[3, 5, 2, 6], bar_names=["a", "b", "c", "d"], y_range=[0, 7, 1],
                         x_length=6, y_length=4)
        self.play(Create(chart), run_time=0.4)
        self.play(chart.animate.change_bar_values([4, 2, 5, 3]), run_time=0.4)
""",
    "polar_and_parametric": """
from manim import *
import numpy as np

class Curves(Scene):
    def construct(self):
        plane = PolarPlane(radius_max=2).scale(0.8)
        rose = ParametricFunction(lambda t: plane.polar_to_point(1.5 * np.cos(3 * t), t), t_range=[0, PI],
                                  color=PINK)
        self.add(plane)
        self.play(Create(rose), run_time=0.5)
""",
    "random_walk_seeded": """
from manim import *
import random

class Walk(Scene):
    def construct(self):
        random.seed(4)
        pos = ORIGIN
        path = VMobject(color=YELLOW)
        points = [pos]
        for _ in range(20):
            pos = pos + 0.3 * random.choice([UP, DOWN, LEFT, RIGHT])
            points.append(pos)
        path.set_points_as_corners(points)
        self.play(Create(path), run_time=0.5)
""",
    "math_and_fractions": """
from manim import *
import math
from fractions import Fraction

class Ratios(Scene):
    def construct(self):
        r = Fraction(3, 4) + Fraction(1, 6)
        label = MathTex(rf"\\frac{{3}}{{4}} + \\frac{{1}}{{6}} = \\frac{{{r.numerator}}}{{{r.denominator}}}")
        arc = Arc(radius=1.5, angle=math.tau * float(r), color=ORANGE)
        self.play(Write(label.to_edge(UP)), Create(arc), run_time=0.5)
""",
    "code_string_block": """
from manim import *

class Snippet(Scene):
    def construct(self):
        code = Code(code_string="def f(x):\\n    return x * x\\n", language="python", background="window")
        self.play(FadeIn(code), run_time=0.4)
""",
    "moving_camera_zoom": """
from manim import *

class Zoom(MovingCameraScene):
    def construct(self):
        dots = VGroup(*[Dot(RIGHT * i) for i in range(-3, 4)])
        self.add(dots)
        self.play(self.camera.frame.animate.scale(0.5).move_to(dots[4]), run_time=0.5)
""",
    "color_gradient_grid": """
from manim import *
import itertools

class Grid(Scene):
    def construct(self):
        squares = VGroup(*[Square(0.5).move_to([x * 0.6, y * 0.6, 0])
                           for x, y in itertools.product(range(-3, 4), range(-2, 3))])
        squares.set_color_by_gradient(BLUE, GREEN, YELLOW)
        self.play(LaggedStart(*[GrowFromCenter(s) for s in squares], lag_ratio=0.02), run_time=0.5)
""",
    "brace_annotations": """
from manim import *

class Annotate(Scene):
    def construct(self):
        line = Line(LEFT * 3, RIGHT * 3)
        b = Brace(line, DOWN)
        t = b.get_tex("6 \\\\text{ units}")
        self.play(Create(line), GrowFromCenter(b), Write(t), run_time=0.5)
""",
    "vector_field_stream": """
from manim import *
import numpy as np

class Field(Scene):
    def construct(self):
        field = ArrowVectorField(lambda p: np.array([-p[1], p[0], 0]) * 0.4, x_range=[-3, 3, 1],
                                 y_range=[-2, 2, 1])
        self.play(Create(field), run_time=0.5)
""",
    "indicate_and_circumscribe": """
from manim import *

class Focus(Scene):
    def construct(self):
        eq = MathTex("E", "=", "mc^2")
        self.add(eq)
        self.play(Indicate(eq[0]), run_time=0.3)
        self.play(Circumscribe(eq[2]), run_time=0.3)
""",
    "collections_counter_bars": """
from manim import *
from collections import Counter, defaultdict

class Letters(Scene):
    def construct(self):
        counts = Counter("manim makes math move")
        top = counts.most_common(4)
        groups = defaultdict(list)
        bars = VGroup()
        for letter, n in top:
            bar = Rectangle(width=0.5, height=0.4 * n, fill_opacity=0.8)
            groups[n].append(letter)
            bars.add(VGroup(bar, Text(letter, font_size=24).next_to(bar, DOWN)))
        bars.arrange(RIGHT, aligned_edge=DOWN)
        self.play(FadeIn(bars), run_time=0.4)
""",
    "static_method_class_helpers": """
from manim import *

class Palette:
    colors = [RED, GREEN, BLUE]

    @staticmethod
    def pick(i):
        return Palette.colors[i % len(Palette.colors)]

    @classmethod
    def dots(cls, n):
        return VGroup(*[Dot(color=cls.pick(i)) for i in range(n)]).arrange(RIGHT)

class Colors(Scene):
    def construct(self):
        self.play(FadeIn(Palette.dots(6)), run_time=0.3)
""",
    "updater_with_dt": """
from manim import *

class Spin(Scene):
    def construct(self):
        sq = Square()
        sq.add_updater(lambda m, dt: m.rotate(dt * PI))
        self.add(sq)
        self.wait(0.4)
        sq.clear_updaters()
""",
}

SLOW = {"three_d_axes_surface", "three_d_shapes_camera", "vector_field_stream"}
