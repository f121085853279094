"""Longer scenes for the overhead benchmark (bench/overhead.py): 10-60 s of video each, of the kinds where the
render path's cost grows with the scene (many copies and updaters raise millions of audit events; 3-D
surfaces; many TeX formulas). Benchmark material only: the test corpus stays short."""

from __future__ import annotations

LONG_SCENES = {
    "long_3d_surface": r"""
        from manim import *
        class Surface3D(ThreeDScene):
            def construct(self):
                axes = ThreeDAxes(x_range=[-3, 3], y_range=[-3, 3], z_range=[-2, 2])
                surface = Surface(
                    lambda u, v: axes.c2p(u, v, np.sin(u) * np.cos(v)),
                    u_range=[-3, 3], v_range=[-3, 3], resolution=(12, 12),
                    fill_opacity=0.8, checkerboard_colors=[BLUE_D, BLUE_E],
                )
                self.set_camera_orientation(phi=65 * DEGREES, theta=30 * DEGREES)
                self.play(Create(axes), run_time=1)
                self.play(Create(surface), run_time=2)
                self.begin_ambient_camera_rotation(rate=0.4)
                self.wait(5)
                self.stop_ambient_camera_rotation()
                self.play(surface.animate.set_fill_color(GREEN), run_time=1)
                self.move_camera(phi=30 * DEGREES, theta=-60 * DEGREES, run_time=2)
    """,
    "long_updaters": r"""
        from manim import *
        class ManyUpdaters(Scene):
            def construct(self):
                t = ValueTracker(0)
                dots = VGroup(*[Dot(radius=0.06, color=interpolate_color(BLUE, RED, i / 40)) for i in range(40)])
                for i, d in enumerate(dots):
                    d.add_updater(lambda m, i=i: m.move_to(
                        [3 * np.cos(t.get_value() + i * TAU / 40), 2 * np.sin(2 * t.get_value() + i * TAU / 40), 0]
                    ))
                ring = always_redraw(lambda: Polygon(*[d.get_center() for d in dots], color=YELLOW, stroke_width=2))
                label = always_redraw(lambda: DecimalNumber(t.get_value(), num_decimal_places=2).to_corner(UL))
                bar = always_redraw(lambda: Rectangle(width=0.2 + abs(np.sin(t.get_value())) * 4, height=0.3,
                                                      fill_opacity=1, color=GREEN).to_edge(DOWN))
                self.add(dots, ring, label, bar)
                self.play(t.animate.set_value(4 * PI), run_time=10, rate_func=linear)
                self.play(t.animate.set_value(0), run_time=4)
    """,
    "long_tex": r"""
        from manim import *
        class LongTex(Scene):
            def construct(self):
                lines = [
                    r"\int_0^1 x^{n}\,dx = \frac{1}{n+1}",
                    r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}",
                    r"\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}",
                    r"e^{x} = \sum_{k=0}^{\infty} \frac{x^k}{k!}",
                    r"\sin x = \sum_{k=0}^{\infty} \frac{(-1)^k x^{2k+1}}{(2k+1)!}",
                    r"\Gamma(z) = \int_0^\infty t^{z-1} e^{-t}\,dt",
                    r"\zeta(s) = \prod_{p} \frac{1}{1-p^{-s}}",
                    r"\nabla \times \mathbf{B} = \mu_0 \mathbf{J} + \frac{\partial \mathbf{E}}{c^2\,\partial t}",
                    r"\det\begin{pmatrix} a & b \\ c & d \end{pmatrix} = ad - bc",
                    r"\lim_{n\to\infty}\left(1+\frac{1}{n}\right)^n = e",
                ]
                title = Tex(r"A page of \LaTeX{} formulas, typeset one by one").to_edge(UP)
                self.play(Write(title), run_time=1)
                shown = None
                for text in lines:
                    eq = MathTex(text, font_size=44)
                    if shown is None:
                        self.play(Write(eq), run_time=1)
                    else:
                        self.play(TransformMatchingShapes(shown, eq), run_time=1)
                    self.wait(0.3)
                    shown = eq
                page = VGroup(*[MathTex(t, font_size=26) for t in lines[:6]]).arrange(DOWN).next_to(title, DOWN)
                self.play(FadeOut(shown), LaggedStart(*[FadeIn(m) for m in page], lag_ratio=0.3), run_time=3)
                self.wait(1)
    """,
    "long_graphs": r"""
        from manim import *
        class MovingGraphs(Scene):
            def construct(self):
                axes = Axes(x_range=[-4, 4, 1], y_range=[-2, 2, 1], x_length=10, y_length=5).add_coordinates()
                k = ValueTracker(1)
                curve = always_redraw(lambda: axes.plot(lambda x: np.sin(k.get_value() * x), color=BLUE))
                deriv = always_redraw(
                    lambda: axes.plot(lambda x: 0.5 * k.get_value() * np.cos(k.get_value() * x), color=RED)
                )
                area = always_redraw(lambda: axes.get_area(curve, x_range=[-2, 2], opacity=0.3))
                dot = always_redraw(lambda: Dot(axes.c2p(1, np.sin(k.get_value())), color=YELLOW))
                self.play(Create(axes), run_time=1)
                self.add(curve, deriv, area, dot)
                self.play(k.animate.set_value(3), run_time=6, rate_func=there_and_back)
                self.play(k.animate.set_value(0.5), run_time=4)
                self.play(Transform(VGroup(curve.copy(), deriv.copy()), Circle(radius=2)), run_time=2)
    """,
}
