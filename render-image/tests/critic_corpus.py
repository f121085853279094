"""Scenes written the way language models write them (our own collection, patterned on typical answers to
"explain ... with Manim"), each with the layout findings a careful viewer would have: ``None`` when clean,
else the kinds expected. The critic is measured on all of them (see test_critic.py)."""

HEADER = "from manim import *\n\n"

LLM_SCENES = {
    "title_and_equation_stacked": (
        HEADER
        + """
class Stacked(Scene):
    def construct(self):
        title = Text("Power Rule").to_edge(UP)
        eq = MathTex(r"\\frac{d}{dx} x^n = n x^{n-1}").next_to(title, DOWN, buff=0.5)
        self.play(Write(title))
        self.play(Write(eq))
        self.wait(0.2)
""",
        None,
    ),
    "long_title_runs_off": (
        HEADER
        + """
class LongTitle(Scene):
    def construct(self):
        title = Text("Understanding the Fundamental Theorem of Calculus step by step", font_size=48)
        title.to_edge(UP)
        self.play(Write(title), run_time=0.5)
        self.wait(0.2)
""",
        {"outside_frame"},
    ),
    "second_equation_on_top_of_first": (
        HEADER
        + """
class OnTop(Scene):
    def construct(self):
        eq1 = MathTex(r"(x+1)^2")
        eq2 = MathTex(r"= x^2 + 2x + 1")
        self.play(Write(eq1), run_time=0.5)
        self.play(Write(eq2), run_time=0.5)
        self.wait(0.2)
""",
        {"overlap"},
    ),
    "steps_arranged_with_vgroup": (
        HEADER
        + """
class Steps(Scene):
    def construct(self):
        steps = VGroup(MathTex(r"2x + 3 = 11"), MathTex(r"2x = 8"), MathTex(r"x = 4")).arrange(DOWN, buff=0.5)
        for step in steps:
            self.play(Write(step), run_time=0.3)
        self.play(Create(SurroundingRectangle(steps[-1])), run_time=0.3)
""",
        None,
    ),
    "too_many_steps_fall_off_the_bottom": (
        HEADER
        + """
class TooMany(Scene):
    def construct(self):
        title = Text("Solving").to_edge(UP)
        self.add(title)
        previous = title
        for i in range(14):
            line = MathTex(f"x_{i} = {i}").next_to(previous, DOWN)
            self.play(FadeIn(line), run_time=0.2)
            previous = line
""",
        {"outside_frame"},
    ),
    "label_placed_at_the_curve_crosses_axis_label": (
        HEADER
        + """
class Labels(Scene):
    def construct(self):
        axes = Axes(x_range=[-3, 3], y_range=[-1, 9], x_length=6, y_length=5)
        graph = axes.plot(lambda x: x ** 2, color=BLUE)
        label = MathTex("y = x^2").move_to(axes.c2p(0, 0))
        origin = MathTex("O").move_to(axes.c2p(0, 0) + DOWN * 0.1)
        self.play(Create(axes), Create(graph), run_time=0.5)
        self.play(Write(label), Write(origin), run_time=0.3)
""",
        {"overlap"},
    ),
    "fade_out_before_new_content": (
        HEADER
        + """
class Clean(Scene):
    def construct(self):
        a = Text("First idea")
        self.play(Write(a), run_time=0.3)
        self.play(FadeOut(a), run_time=0.3)
        b = Text("Second idea")
        self.play(Write(b), run_time=0.3)
""",
        None,
    ),
    "transform_keeps_one_line": (
        HEADER
        + """
class Morph(Scene):
    def construct(self):
        eq = MathTex(r"a^2 - b^2")
        self.play(Write(eq), run_time=0.3)
        self.play(Transform(eq, MathTex(r"(a-b)(a+b)")), run_time=0.5)
""",
        None,
    ),
    "explanation_text_next_to_wide_formula": (
        HEADER
        + """
class Beside(Scene):
    def construct(self):
        formula = MathTex(r"\\int_0^1 x^2\\,dx = \\left[\\frac{x^3}{3}\\right]_0^1 = \\frac{1}{3}", font_size=60)
        note = Text("integrate term by term", font_size=36).next_to(formula, RIGHT)
        self.play(Write(formula), run_time=0.5)
        self.play(FadeIn(note), run_time=0.3)
""",
        {"outside_frame"},
    ),
    "graph_with_corner_title": (
        HEADER
        + """
class Graph(Scene):
    def construct(self):
        title = Text("Sine wave", font_size=36).to_corner(UL)
        axes = Axes(x_range=[-4, 4], y_range=[-1.5, 1.5], x_length=8, y_length=4).shift(DOWN * 0.5)
        self.play(Write(title), Create(axes), run_time=0.5)
        self.play(Create(axes.plot(lambda x: np.sin(x))), run_time=0.5)
""",
        None,
    ),
    "two_columns_that_collide": (
        HEADER
        + """
class Columns(Scene):
    def construct(self):
        left = MathTex(r"f(x) = 3x^2 + 2x - 5").shift(LEFT * 2)
        right = MathTex(r"f'(x) = 6x + 2").shift(RIGHT * 0.8)
        self.play(Write(left), Write(right), run_time=0.5)
""",
        {"overlap"},
    ),
    "caption_at_bottom_edge": (
        HEADER
        + """
class Bottom(Scene):
    def construct(self):
        eq = MathTex(r"e^{i\\pi} + 1 = 0", font_size=72)
        caption = Text("Euler's identity", font_size=30).to_edge(DOWN)
        self.play(Write(eq), FadeIn(caption), run_time=0.5)
""",
        None,
    ),
}
