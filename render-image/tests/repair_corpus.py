"""Scenes with the mistakes language models make in Manim code, each with the repair it must get.

Written for this project from Manim Community's changelogs and deprecation notes (keywords and methods renamed
or removed between 0.1 and 0.19, ``x_min``/``x_max`` to ``x_range``, ``get_graph`` to ``plot``), the API
differences between ManimGL and Manim Community (``ShowCreation``, ``TexText``, ``FadeIn(mob, UP)``,
``add_coordinate_labels``, ``Axes(width=...)``), NumPy's removed aliases (``np.math``, ``np.float``,
``np.trapz``) and the failure mix of issue 24 (unknown attributes and keywords, undefined names, 2-D points).
Not collected from any benchmark of model outputs.

Each case: (name, body, expected) where body is the inside of ``construct`` (or a whole file when it holds
``class ``) and expected is a text one of the repair notes must contain. Every case must also render after
repair (tests/test_repair_corpus.py renders a sample; all with REPAIR_CORPUS_RENDER=all).
"""

from __future__ import annotations

import textwrap

TEMPLATE = """from manim import *


class Case({base}):
    def construct(self):
{body}
        self.wait(0.1)
"""


def scene(body: str) -> str:
    if "class " in body:
        return textwrap.dedent(body).lstrip()
    base = "ThreeDScene" if "camera_orientation" in body or "fixed_in_frame" in body else "Scene"
    return TEMPLATE.format(base=base, body=textwrap.indent(textwrap.dedent(body).strip(), " " * 8))


# unknown keywords of Mobjects and Animations: renamed when one close keyword exists, else dropped
KEYWORDS = [
    ("kw_circle_outer_radius", "self.add(Circle(outer_radius=1.5))", "keyword outer_radius → radius"),
    ("kw_circle_run_time", "self.add(Circle(radius=1, run_time=2))", "dropped keyword run_time"),
    ("kw_square_side", "self.add(Square(side=2))", "keyword side → side_length"),
    ("kw_square_size", "self.add(Square(size=2))", "keyword size → side_length"),
    ("kw_dot_size", "self.add(Dot(size=0.2))", "keyword size → radius"),
    ("kw_line_typo", "self.add(Line(LEFT, RIGHT, stroke_widht=2))", "stroke_widht → stroke_width"),
    ("kw_text_font_color", 'self.add(Text("a", font_color=RED))', "font_color → color"),
    ("kw_text_text_color", 'self.add(Text("a", text_color=RED))', "text_color → color"),
    ("kw_text_fontsize", 'self.add(Text("a", fontsize=30))', "fontsize → font_size"),
    ("kw_mathtex_isolate", 'self.add(MathTex("x + y", isolate=["x"]))', "isolate → substrings_to_isolate"),
    ("kw_mathtex_t2c", 'self.add(MathTex("x", "+", "y", t2c={"x": RED}))', "t2c → tex_to_color_map"),
    ("kw_axes_width_height", "self.add(Axes(x_range=[0, 4], width=6, height=4))", "width → x_length"),
    ("kw_axes_include_tip", "self.add(Axes(x_range=[0, 4], include_tip=False))", "include_tip → tips"),
    ("kw_axes_x_axis_label", 'self.add(Axes(x_range=[0, 4], x_axis_label="x"))', "dropped keyword x_axis_label"),
    (
        "kw_numberline_numbers_to_show",
        "self.add(NumberLine(x_range=[0, 4], include_numbers=True, numbers_to_show=[1, 2]))",
        "numbers_to_show → numbers_to_include",
    ),
    ("kw_arrow_tip_length", "self.add(Arrow(LEFT, RIGHT, arrow_tip_length=0.2))", "arrow_tip_length → tip_length"),
    ("kw_rectangle_widht", "self.add(Rectangle(widht=3, height=1))", "widht → width"),
    ("kw_circle_fill_colour", "self.add(Circle(fill_colour=BLUE, fill_opacity=1))", "fill_colour → fill_color"),
    ("kw_circle_colour", "self.add(Circle(colour=RED))", "colour → color"),
    ("kw_create_runtime", "self.play(Create(Circle(), runtime=0.2))", "runtime → run_time"),
    ("kw_write_lag", 'self.play(Write(Text("a"), lag=0.1, run_time=0.2))', "lag → lag_ratio"),
    ("kw_indicate_scale", "c = Circle()\nself.play(Indicate(c, scale=1.3, run_time=0.2))", "scale → scale_factor"),
    (
        "kw_rotate_about",
        "s = Square()\nself.play(Rotate(s, angle=PI / 4, about=ORIGIN, run_time=0.2))",
        "dropped keyword about",
    ),
    (
        "kw_move_along_path_runtime",
        "d = Dot()\nself.play(MoveAlongPath(d, Circle(), runtime=0.2))",
        "runtime → run_time",
    ),
    ("kw_arc_start", "self.add(Arc(radius=1, start=0, angle=PI))", "start → start_angle"),
    ("kw_surrounding_padding", "t = Text('a')\nself.add(t, SurroundingRectangle(t, padding=0.2))", "padding → buff"),
    ("kw_line_thickness", "self.add(Line(LEFT, RIGHT, thickness=6))", "thickness → stroke_width"),
    ("kw_line_line_width", "self.add(Line(LEFT, RIGHT, line_width=6))", "line_width → stroke_width"),
    ("kw_vgroup_buff", "self.add(VGroup(Square(), Circle(), buff=0.5).arrange(RIGHT))", "dropped keyword buff"),
    ("kw_decimal_places", "self.add(DecimalNumber(3.14159, decimal_places=2))", "decimal_places → num_decimal_places"),
    ("kw_write_rate_function", 'self.play(Write(Text("a"), rate_function=linear, run_time=0.2))', "rate_function"),
    ("kw_grow_arrow_rate", "self.play(GrowArrow(Arrow(LEFT, RIGHT), rate=linear, run_time=0.2))", "rate → rate_func"),
    ("kw_dot_glow", "self.add(Dot(ORIGIN, radius=0.1, glow=True))", "dropped keyword glow"),
    ("kw_square_corner_radius", "self.add(Square(corner_radius=0.2))", "dropped keyword corner_radius"),
    ("kw_regular_polygon_sides", "self.add(RegularPolygon(sides=5))", "keyword sides"),
    ("kw_triangle_side_length", "self.add(Triangle(side_length=2))", "dropped keyword side_length"),
    ("kw_text_runtime", 'self.add(Text("a", run_time=1))', "dropped keyword run_time"),
    ("kw_mathtex_run_time", 'self.add(MathTex("x^2", run_time=1))', "dropped keyword run_time"),
    ("kw_fadein_runtime", "self.play(FadeIn(Square(), runtime=0.2))", "runtime → run_time"),
    ("kw_fadeout_runtime", "s = Square()\nself.add(s)\nself.play(FadeOut(s, runtime=0.2))", "runtime → run_time"),
    (
        "kw_transform_runtime",
        "a, b = Square(), Circle()\nself.add(a)\nself.play(Transform(a, b, runtime=0.2))",
        "run_time",
    ),
    ("kw_brace_buffer", "s = Square()\nself.add(s, Brace(s, DOWN, buffer=0.1))", "buffer → buff"),
    ("kw_ellipse_radius_x", "self.add(Ellipse(width=3, height=2, radius_x=2))", "radius_x → radius"),
    ("kw_cross_thickness", "s = Square()\nself.add(s, Cross(s, thickness=4))", "thickness → stroke_width"),
    ("kw_numberplane_grid_color", "self.add(NumberPlane(grid_color=BLUE))", "grid_color → color"),
    ("kw_circle_stroke_colour", "self.add(Circle(stroke_colour=YELLOW))", "stroke_colour → stroke_color"),
    ("kw_tex_fontsize", 'self.add(Tex("hello", fontsize=40))', "fontsize → font_size"),
    ("kw_dashed_line_dash_len", "self.add(DashedLine(LEFT, RIGHT, dash_len=0.1))", "dash_len"),
    ("kw_integer_font", "self.add(Integer(5, text_color=BLUE))", "text_color → color"),
    ("kw_star_points", "self.add(Star(n=5, outer_radius=1, inner_radius=0.4, point_count=5))", "point_count"),
]

# unknown keywords of methods (checked against every Manim class that has the method)
METHOD_KEYWORDS = [
    ("mkw_set_fill_colour", "s = Square()\ns.set_fill(colour=BLUE, opacity=0.5)\nself.add(s)", "colour → color"),
    ("mkw_set_fill_alpha", "s = Square()\ns.set_fill(BLUE, fill_opacity=0.5)\nself.add(s)", "fill_opacity → opacity"),
    (
        "mkw_set_stroke_stroke_width",
        "s = Square()\ns.set_stroke(RED, stroke_width=2)\nself.add(s)",
        "stroke_width → width",
    ),
    ("mkw_next_to_buffer", "a, b = Square(), Dot()\nb.next_to(a, RIGHT, buffer=0.1)\nself.add(a, b)", "buffer → buff"),
    ("mkw_to_edge_buffer", "t = Text('a')\nt.to_edge(UP, buffer=0.3)\nself.add(t)", "buffer → buff"),
    ("mkw_wait_time", "self.add(Square())\nself.wait(time=0.2)", "dropped keyword time"),
    ("mkw_wait_run_time", "self.add(Square())\nself.wait(run_time=0.2)", "dropped keyword run_time"),
    (
        "mkw_graph_label_x",
        "ax = Axes()\ng = ax.plot(lambda x: x / 2)\nself.add(ax.get_graph_label(g, label='f', x=2))",
        "dropped keyword x,",
    ),
    ("mkw_set_color_colour", "s = Square()\ns.set_color(colour=RED)\nself.add(s)", "colour → color"),
    (
        "mkw_animate_set_fill",
        "s = Square()\nself.add(s)\nself.play(s.animate.set_fill(colour=RED, opacity=1), run_time=0.2)",
        "colour → color",
    ),
    (
        "mkw_move_to_aligned",
        "s = Square()\ns.move_to(ORIGIN, align_edge=LEFT)\nself.add(s)",
        "align_edge → aligned_edge",
    ),
    (
        "mkw_axis_labels",
        "ax = Axes()\nself.add(ax.get_axis_labels(x_label='x', y_label='y', x_label_direction=DOWN))",
        "dropped keyword x_label_direction",
    ),
]

# LaTeX: ManimGL's Tex is maths, Manim Community's is text ("Missing $ inserted")
TEX = [
    ("tex_frac", 'self.add(Tex(r"\\frac{a}{b}"))', "Tex → MathTex"),
    ("tex_power", 'self.add(Tex(r"x^2 + 2x + 1"))', "Tex → MathTex"),
    ("tex_sqrt_pi", 'self.add(Tex(r"\\sqrt{2} \\pi"))', "Tex → MathTex"),
    ("tex_parts", 'self.add(Tex(r"a^2", "+", r"b^2"))', "Tex → MathTex"),
    ("tex_integral", 'self.add(Tex(r"\\int_0^1 x \\, dx"))', "Tex → MathTex"),
    ("tex_text_mode_left_alone", 'self.add(Tex(r"Area: $\\pi r^2$"))', None),
    ("tex_words_left_alone", 'self.add(Tex("Step one"))', None),
    ("tex_text_mobject_maths", 'self.add(TextMobject(r"\\frac{1}{2}"))', "Tex → MathTex"),
    (
        "axis_labels_label_tex",
        "ax = Axes()\nself.add(ax, ax.get_axis_labels(x_label_tex='x', y_label_tex='y'))",
        "x_label_tex → x_label",
    ),
    (
        "axis_labels_label_text",
        "ax = Axes()\nself.add(ax, ax.get_axis_labels(x_label_text='t', y_label_text='v'))",
        "x_label_text → x_label",
    ),
]

# unknown attributes and methods: Manim Community's name, or the one close name Manim has
ATTRIBUTES = [
    (
        "attr_add_coordinate_labels",
        "ax = Axes(x_range=[0, 3], y_range=[0, 3])\nax.add_coordinate_labels()\nself.add(ax)",
        ".add_coordinate_labels → .add_coordinates",
    ),
    (
        "attr_add_coordinate_labels_numberplane",
        "p = NumberPlane()\np.add_coordinate_labels()\nself.add(p)",
        ".add_coordinate_labels → .add_coordinates",
    ),
    ("attr_get_graph", "ax = Axes()\nself.add(ax, ax.get_graph(lambda x: x / 2))", "get_graph → plot"),
    (
        "attr_get_parametric_curve",
        "ax = Axes()\nself.add(ax.get_parametric_curve(lambda t: [t, t / 2, 0], t_range=[0, 2]))",
        ".get_parametric_curve → .plot_parametric_curve",
    ),
    (
        "attr_get_derivative_graph",
        "ax = Axes()\ng = ax.plot(lambda x: x ** 2 / 4)\nself.add(ax.get_derivative_graph(g))",
        ".get_derivative_graph → .plot_derivative_graph",
    ),
    (
        "attr_get_area_under_graph",
        "ax = Axes(x_range=[0, 3], y_range=[0, 3])\ng = ax.plot(lambda x: x / 2)\nself.add(ax.get_area_under_graph(g))",
        ".get_area_under_graph → .get_area",
    ),
    (
        "attr_get_v_line",
        "ax = Axes()\nself.add(ax.get_v_line(ax.c2p(1, 1)))",
        ".get_v_line → .get_vertical_line",
    ),
    (
        "attr_get_h_line",
        "ax = Axes()\nself.add(ax.get_h_line(ax.c2p(1, 1)))",
        ".get_h_line → .get_horizontal_line",
    ),
    ("attr_scale_in_place", "s = Square()\ns.scale_in_place(0.5)\nself.add(s)", ".scale_in_place → .scale"),
    ("attr_rotate_in_place", "s = Square()\ns.rotate_in_place(PI / 6)\nself.add(s)", ".rotate_in_place → .rotate"),
    ("attr_arrange_submobjects", "g = VGroup(Dot(), Dot())\ng.arrange_submobjects(RIGHT)\nself.add(g)", "arrange"),
    ("attr_move_too", "c = Circle()\nc.move_too(UP)\nself.add(c)", ".move_too → .move_to"),
    ("attr_next_too", "a, b = Circle(), Square()\nb.next_too(a, RIGHT)\nself.add(a, b)", ".next_too → .next_to"),
    ("attr_set_colour", "c = Circle()\nc.set_colour(RED)\nself.add(c)", ".set_colour → .set_color"),
    ("attr_get_centre", "c = Circle()\nself.add(Dot(c.get_centre()))", ".get_centre → .get_center"),
    ("attr_to_egde", "t = Text('a')\nt.to_egde(UP)\nself.add(t)", ".to_egde → .to_edge"),
    ("attr_arange", "g = VGroup(Dot(), Dot())\ng.arange(DOWN)\nself.add(g)", ".arange → .arrange"),
    ("attr_get_cetner", "s = Square()\nself.add(Dot(s.get_cetner()))", ".get_cetner → .get_center"),
    (
        "attr_add_updator",
        "d = Dot()\nd.add_updator(lambda m: m.shift(0.01 * RIGHT))\nself.add(d)",
        ".add_updator → .add_updater",
    ),
    ("attr_clear_updater", "d = Dot()\nd.clear_updater()\nself.add(d)", ".clear_updater → .clear_updaters"),
    (
        "attr_get_axes_labels",
        "ax = Axes()\nself.add(ax, ax.get_axes_labels())",
        ".get_axes_labels → .get_axis_labels",
    ),
    (
        "attr_coord_to_point",
        "ax = Axes()\nself.add(Dot(ax.coord_to_point(1, 1)))",
        ".coord_to_point → .coords_to_point",
    ),
    (
        "attr_point_to_coord",
        "ax = Axes()\nx, y = ax.point_to_coord(ax.c2p(1, 2))[:2]\nself.add(Dot(ax.c2p(x, y)))",
        ".point_to_coord → .point_to_coords",
    ),
    (
        "attr_get_graph_labels",
        "ax = Axes()\ng = ax.plot(lambda x: x / 2)\nself.add(ax.get_graph_labels(g, 'f'))",
        ".get_graph_labels → .get_graph_label",
    ),
    (
        "attr_add_fixed_in_frame_mobject",
        "t = Text('a')\nself.add_fixed_in_frame_mobject(t)",
        ".add_fixed_in_frame_mobject → .add_fixed_in_frame_mobjects",
    ),
    (
        "attr_set_camera_orientations",
        "self.set_camera_orientations(phi=60 * DEGREES)\nself.add(Cube())",
        ".set_camera_orientations → .set_camera_orientation",
    ),
    (
        "attr_get_lenght",
        "l = Line(LEFT, RIGHT)\nself.add(Text(str(round(l.get_lenght(), 1))))",
        ".get_lenght → .get_length",
    ),
    ("attr_get_angel", "l = Line(LEFT, UP)\nself.add(l.copy().rotate(l.get_angel()))", ".get_angel → .get_angle"),
    ("attr_get_valeu", "v = ValueTracker(2)\nself.add(Circle(radius=v.get_valeu()))", ".get_valeu → .get_value"),
    ("attr_match_widht", "a, b = Square(), Circle()\nb.match_widht(a)\nself.add(a, b)", ".match_widht → .match_width"),
    (
        "attr_animate_set_colour",
        "c = Circle()\nself.add(c)\nself.play(c.animate.set_colour(RED), run_time=0.2)",
        ".set_colour → .set_color",
    ),
    (
        "attr_animate_move_too",
        "c = Circle()\nself.add(c)\nself.play(c.animate.move_too(UP), run_time=0.2)",
        ".move_too → .move_to",
    ),
    (
        "attr_get_vertexes",
        "p = Triangle()\nself.add(*[Dot(v) for v in p.get_vertexes()])",
        ".get_vertexes → .get_vertices",
    ),
    ("attr_set_fil", "s = Square()\ns.set_fil(BLUE, opacity=0.5)\nself.add(s)", ".set_fil → .set_fill"),
    ("attr_set_strok", "s = Square()\ns.set_strok(RED, width=2)\nself.add(s)", ".set_strok → .set_stroke"),
    ("attr_scale_to_fit_widht", "s = Square()\ns.scale_to_fit_widht(1)\nself.add(s)", ".scale_to_fit_widht"),
    ("attr_get_rigth", "s = Square()\nself.add(Dot(s.get_rigth()))", ".get_rigth → .get_right"),
    ("attr_shift_onto_scren", "s = Square().shift(9 * RIGHT)\ns.shift_onto_scren()\nself.add(s)", "shift_onto_screen"),
    (
        "attr_number_to_points",
        "n = NumberLine(x_range=[0, 4])\nself.add(n, Dot(n.number_to_points(2)))",
        ".number_to_points → .number_to_point",
    ),
    ("attr_get_x_axis_labl", "ax = Axes()\nself.add(ax.get_x_axis_labl('x'))", ".get_x_axis_labl → .get_x_axis_label"),
    ("attr_set_z_idx", "s = Square()\ns.set_z_indx(2)\nself.add(s)", ".set_z_indx → .set_z_index"),
    (
        "attr_get_riemann_rectangle",
        "ax = Axes(x_range=[0, 3], y_range=[0, 3])\ng = ax.plot(lambda x: x / 2)\n"
        "self.add(ax.get_riemann_rectangle(g, x_range=[0, 2], dx=0.5))",
        ".get_riemann_rectangle → .get_riemann_rectangles",
    ),
    ("attr_submobject", "g = VGroup(Dot(), Square())\nself.add(g.submobject[1])", ".submobject → .submobjects"),
    (
        "attr_begin_ambient_camera_rotations",
        "self.set_camera_orientation(phi=60 * DEGREES)\n"
        "self.begin_ambient_camera_rotations(rate=0.1)\nself.add(Cube())",
        ".begin_ambient_camera_rotation",
    ),
]

# names: removed classes to their replacements, ManimGL names, and misspellings with one close Manim name
NAMES = [
    ("name_show_creation", "self.play(ShowCreation(Circle()), run_time=0.2)", "ShowCreation → Create"),
    ("name_text_mobject", 'self.add(TextMobject("Area"))', "TextMobject → Tex"),
    ("name_tex_mobject", 'self.add(TexMobject(r"\\pi r^2"))', "TexMobject → MathTex"),
    ("name_tex_text", 'self.add(TexText("hello"))', "TexText → Tex"),
    ("name_circle_indicate", "c = Circle()\nself.add(c)\nself.play(CircleIndicate(c), run_time=0.2)", "Circumscribe"),
    ("name_wiggle_out_then_in", "c = Square()\nself.add(c)\nself.play(WiggleOutThenIn(c), run_time=0.2)", "Wiggle"),
    (
        "name_creation_then_destruction",
        "self.play(ShowCreationThenDestruction(Line(LEFT, RIGHT)), run_time=0.2)",
        "ShowPassingFlash",
    ),
    (
        "name_creation_then_fade_out",
        "self.play(ShowCreationThenFadeOut(Line(LEFT, RIGHT)), run_time=0.2)",
        "ShowPassingFlash",
    ),
    (
        "name_flash_around",
        "c = Circle()\nself.add(c)\nself.play(FlashAround(c), run_time=0.2)",
        "FlashAround → Circumscribe",
    ),
    (
        "name_creation_then_destruction_around",
        "c = Circle()\nself.add(c)\nself.play(ShowCreationThenDestructionAround(c), run_time=0.2)",
        "ShowCreationThenDestructionAround → Circumscribe",
    ),
    (
        "name_parametric_curve",
        "self.add(ParametricCurve(lambda t: np.array([t, np.sin(t), 0]), t_range=[0, 3]))",
        "ParametricCurve → ParametricFunction",
    ),
    ("name_small_dot", "self.add(SmallDot(RIGHT))", "SmallDot → Dot"),
    ("name_glow_dot", "self.add(GlowDot(RIGHT))", "GlowDot → Dot"),
    (
        "name_interactive_scene",
        """
        from manim import *

        class Interactive(InteractiveScene):
            def construct(self):
                self.play(Create(Square()), run_time=0.2)
        """,
        "InteractiveScene → Scene",
    ),
    (
        "name_get_norm",
        "v = np.array([3.0, 4.0, 0.0])\nself.add(Circle(radius=get_norm(v) / 5))",
        "get_norm → np.linalg.norm",
    ),
    (
        "name_frame_width",
        "self.add(Line(LEFT * FRAME_WIDTH / 3, RIGHT * FRAME_WIDTH / 3))",
        "FRAME_WIDTH → config.frame_width",
    ),
    ("name_frame_height", "self.add(Line(DOWN * FRAME_HEIGHT / 3, UP * FRAME_HEIGHT / 3))", "FRAME_HEIGHT"),
    ("name_frame_x_radius", "self.add(Dot(RIGHT * FRAME_X_RADIUS / 2))", "FRAME_X_RADIUS"),
    ("name_frame_y_radius", "self.add(Dot(UP * FRAME_Y_RADIUS / 2))", "FRAME_Y_RADIUS"),
    (
        "name_parametric_surface",
        "self.add(ParametricSurface(lambda u, v: np.array([u, v, 0]), resolution=(4, 4)))",
        "ParametricSurface → Surface",
    ),
    ("name_mathtex_case", 'self.add(MathTeX("x^2"))', "MathTeX → MathTex"),
    ("name_mathtex_lower", 'self.add(Mathtex("x^2"))', "Mathtex → MathTex"),
    ("name_dashedline_case", "self.add(Dashedline(LEFT, RIGHT))", "Dashedline → DashedLine"),
    ("name_numberline_case", "self.add(Numberline(x_range=[0, 3]))", "Numberline → NumberLine"),
    ("name_numberplane_case", "self.add(Numberplane())", "Numberplane → NumberPlane"),
    ("name_surrounding_case", "t = Text('a')\nself.add(t, Surroundingrectangle(t))", "SurroundingRectangle"),
    (
        "name_transform_typo",
        "a, b = Square(), Circle()\nself.add(a)\nself.play(Transfrom(a, b), run_time=0.2)",
        "Transfrom → Transform",
    ),
    ("name_value_traker", "v = ValueTraker(1)\nself.add(Circle(radius=v.get_value()))", "ValueTraker → ValueTracker"),
    ("name_decimalnumber_case", "self.add(Decimalnumber(2.5))", "Decimalnumber → DecimalNumber"),
    ("name_grow_from_centre", "self.play(GrowFromCentre(Square()), run_time=0.2)", "GrowFromCentre → GrowFromCenter"),
    (
        "name_replacement_transfrom",
        "a, b = Square(), Circle()\nself.add(a)\nself.play(ReplacementTransfrom(a, b), run_time=0.2)",
        "ReplacementTransform",
    ),
    ("name_double_arrow_case", "self.add(Doublearrow(LEFT, RIGHT))", "Doublearrow → DoubleArrow"),
    ("name_math_tex_underscore", 'self.add(Math_Tex("x"))', "Math_Tex → MathTex"),
    ("name_text_upper", 'self.add(TEXT("a"))', "TEXT → Text"),
    ("name_vgroup_lower", "self.add(Vgroup(Dot(), Square()).arrange(RIGHT))", "Vgroup → VGroup"),
    ("name_three_d_axes_case", "self.add(ThreeDaxes())", "ThreeDaxes → ThreeDAxes"),
    (
        "name_always_redraws",
        "d = Dot()\nself.add(d, always_redraws(lambda: Circle().move_to(d)))",
        "always_redraws → always_redraw",
    ),
    ("name_fade_in_typo", "self.play(FadeInn(Square()), run_time=0.2)", "FadeInn → FadeIn"),
    ("name_rounded_rectangle_left_alone", "self.add(RoundedRectangle(corner_radius=0.2))", None),
    (
        "name_brace_between_points_case",
        "self.add(BraceBetweenpoints(LEFT, RIGHT))",
        "BraceBetweenpoints → BraceBetweenPoints",
    ),
]

# NumPy aliases removed in NumPy 1.20-2.0
NUMPY = [
    ("np_math_factorial", "self.add(Integer(np.math.factorial(4)))", "np.math → math"),
    ("np_math_sqrt", "self.add(Circle(radius=np.math.sqrt(2)))", "np.math → math"),
    ("np_math_comb", "self.add(Integer(np.math.comb(5, 2)))", "np.math → math"),
    ("np_float", "self.add(Circle(radius=np.float(1.5)))", "np.float → float"),
    ("np_int", "self.add(Integer(np.int(3.7)))", "np.int → int"),
    ("np_complex", "self.add(Dot(complex_to_R3(np.complex(1, 1))))", "np.complex → complex"),
    ("np_infty", "self.add(Integer(0 if np.infty > 0 else 1))", "np.infty → np.inf"),
    ("np_Inf", "self.add(Integer(0 if np.Inf > 0 else 1))", "np.Inf → np.inf"),
    ("np_NaN", "x = np.NaN\nself.add(Integer(1 if x != x else 0))", "np.NaN → np.nan"),
    ("np_PINF", "self.add(Integer(0 if np.PINF > 0 else 1))", "np.PINF → np.inf"),
    ("np_NINF", "self.add(Integer(0 if np.NINF < 0 else 1))", "np.NINF → -np.inf"),
    ("np_product", "self.add(Integer(int(np.product([2, 3]))))", "np.product → np.prod"),
    ("np_cumproduct", "self.add(Integer(int(np.cumproduct([2, 3])[-1])))", "np.cumproduct → np.cumprod"),
    ("np_alltrue", "self.add(Integer(int(np.alltrue([True, True]))))", "np.alltrue → np.all"),
    ("np_sometrue", "self.add(Integer(int(np.sometrue([False, True]))))", "np.sometrue → np.any"),
    ("np_round_", "self.add(DecimalNumber(float(np.round_(1.234, 1))))", "np.round_ → np.round"),
    ("np_float_", "self.add(Circle(radius=np.float_(1)))", "np.float_ → np.float64"),
    ("np_complex_", "self.add(Dot(complex_to_R3(np.complex_(1 + 1j))))", "np.complex_ → np.complex128"),
    (
        "np_trapz",
        "xs = np.linspace(0, 1, 5)\nself.add(DecimalNumber(float(np.trapz(xs, xs))))",
        "np.trapz → np.trapezoid",
    ),
    ("np_in1d", "self.add(Integer(int(np.in1d([1], [1, 2])[0])))", "np.in1d → np.isin"),
    ("np_asfarray", "self.add(Dot(np.asfarray([1, 0, 0])))", "np.asfarray → np.asarray"),
    ("np_object_dtype", "a = np.array([1, 'x'], dtype=np.object)\nself.add(Integer(len(a)))", "np.object → object"),
    ("np_str_call", "self.add(Text(np.str(3)))", "np.str → str"),
    (
        "np_import_alias",
        """
        from manim import *
        import numpy as npy

        class Alias(Scene):
            def construct(self):
                self.add(Circle(radius=npy.float(1)))
                self.wait(0.1)
        """,
        "npy.float → float",
    ),
]

# 2-D point literals where Manim wants x, y and z
POINTS = [
    ("pt_dot_list", "self.add(Dot([1, 2]))", "padded the 2-D point"),
    ("pt_dot_tuple", "self.add(Dot((1, -1)))", "padded the 2-D point"),
    ("pt_dot_keyword", "self.add(Dot(point=[1, 1]))", "padded the 2-D point"),
    ("pt_dot_np_array", "self.add(Dot(np.array([2, 1])))", "padded the 2-D point"),
    ("pt_line_lists", "self.add(Line([0, 0], [2, 1]))", "padded the 2-D point"),
    ("pt_line_keywords", "self.add(Line(start=[-1, 0], end=np.array([1, 1])))", "padded the 2-D point"),
    ("pt_line_mixed", "self.add(Line(ORIGIN, [2, 1]))", "padded the 2-D point"),
    ("pt_arrow", "self.add(Arrow([0, 0], [2, 1]))", "padded the 2-D point"),
    ("pt_double_arrow", "self.add(DoubleArrow([-2, 0], [2, 0]))", "padded the 2-D point"),
    ("pt_dashed_line", "self.add(DashedLine([-2, -1], [2, 1]))", "padded the 2-D point"),
    ("pt_polygon", "self.add(Polygon([0, 0], [2, 0], [1, 1.5]))", "padded the 2-D point"),
    ("pt_polygon_tuples", "self.add(Polygon((0, 0), (1, 0), (1, 1), (0, 1)))", "padded the 2-D point"),
    ("pt_move_to", "s = Square()\ns.move_to([1, 1])\nself.add(s)", "padded the 2-D point"),
    ("pt_move_to_np", "s = Square()\ns.move_to(np.array([-1, 1]))\nself.add(s)", "padded the 2-D point"),
    ("pt_shift", "s = Square()\ns.shift([1, 0])\nself.add(s)", "padded the 2-D point"),
    (
        "pt_animate_shift",
        "s = Square()\nself.add(s)\nself.play(s.animate.shift([1, 0]), run_time=0.2)",
        "padded the 2-D point",
    ),
    (
        "pt_set_points_as_corners",
        "m = VMobject()\nm.set_points_as_corners([[0, 0], [1, 1], [2, 0]])\nself.add(m)",
        "padded the 2-D point",
    ),
    (
        "pt_set_points_smoothly",
        "m = VMobject()\nm.set_points_smoothly([[0, 0], [1, 1], [2, 0]])\nself.add(m)",
        "padded the 2-D point",
    ),
    ("pt_circle_arc_center", "self.add(Circle(radius=0.5, arc_center=[1, 1]))", "padded the 2-D point"),
    ("pt_text_move_to", "t = Text('a').move_to([0, 2])\nself.add(t)", "padded the 2-D point"),
    ("pt_next_to_direction", "a, b = Square(), Dot()\nb.next_to(a, [1, 0])\nself.add(a, b)", "padded the 2-D point"),
    ("pt_to_edge", "t = Text('a')\nt.to_edge([0, 1])\nself.add(t)", "padded the 2-D point"),
    ("pt_cubic_bezier", "self.add(CubicBezier([0, 0], [1, 1], [2, 1], [3, 0]))", "padded the 2-D point"),
    ("pt_arrange_direction", "g = VGroup(Dot(), Dot()).arrange([1, 0])\nself.add(g)", "padded the 2-D point"),
    (
        "pt_add_line_to",
        "m = VMobject()\nm.start_new_path(ORIGIN)\nm.add_line_to(np.array([1, 1]))\nself.add(m)",
        "padded the 2-D point",
    ),
    ("pt_polyline", "self.add(Polygram([[0, 0], [1, 0], [1, 1]]))", "padded the 2-D point"),
    ("pt_vector_2d_left_alone", "self.add(Vector([1, 2]))", "padded the 2-D point"),
]

# ManimGL and early Community call forms (fades, ranges, old play, camera frame)
CALLS = [
    (
        "gl_fadein_direction",
        "self.play(FadeIn(Square(), UP), run_time=0.2)",
        "FadeIn(mob, direction) → FadeIn(mob, shift=...)",
    ),
    (
        "gl_fadeout_direction",
        "s = Square()\nself.add(s)\nself.play(FadeOut(s, DOWN), run_time=0.2)",
        "FadeOut(mob, shift=...)",
    ),
    ("gl_fadein_scaled_direction", "self.play(FadeIn(Square(), 2 * LEFT), run_time=0.2)", "FadeIn(mob, shift=...)"),
    (
        "old_fade_in_from_down",
        "self.play(FadeInFromDown(Square()), run_time=0.2)",
        "FadeInFromDown(...) → FadeIn(..., shift=UP)",
    ),
    ("old_fade_in_from", "self.play(FadeInFrom(Square(), LEFT), run_time=0.2)", "FadeInFrom(mob, direction)"),
    (
        "old_fade_out_and_shift",
        "s = Square()\nself.add(s)\nself.play(FadeOutAndShift(s, UP), run_time=0.2)",
        "FadeOutAndShift",
    ),
    (
        "old_fade_in_from_large",
        "self.play(FadeInFromLarge(Square()), run_time=0.2)",
        "FadeInFromLarge(...) → FadeIn(..., scale=...)",
    ),
    ("old_apply_method", "s = Square()\nself.add(s)\nself.play(ApplyMethod(s.shift, UP, run_time=0.2))", "ApplyMethod"),
    ("old_play_method", "s = Square()\nself.add(s)\nself.play(s.shift, UP, run_time=0.2)", "old-style self.play"),
    ("old_axes_ranges", "self.add(Axes(x_min=-2, x_max=2, y_min=0, y_max=4))", "x_min/x_max → x_range"),
    ("old_numberline_ranges", "self.add(NumberLine(x_min=0, x_max=4))", "x_min/x_max → x_range"),
    (
        "old_parametric_t_range",
        "self.add(ParametricFunction(lambda t: np.array([t, t * t / 4, 0]), t_min=0, t_max=2))",
        "t_min/t_max → t_range",
    ),
    (
        "old_camera_frame",
        """
        from manim import *

        class Zoom(MovingCameraScene):
            def construct(self):
                self.add(Circle())
                self.play(self.camera_frame.animate.scale(0.5), run_time=0.2)
        """,
        "camera_frame → camera.frame",
    ),
    (
        "old_manimlib_import",
        """
        from manimlib.imports import *

        class Old(Scene):
            def construct(self):
                self.play(ShowCreation(Circle()), run_time=0.2)
        """,
        "manimlib",
    ),
    (
        "old_main_block",
        """
        from manim import *

        class Main(Scene):
            def construct(self):
                self.play(Create(Circle()), run_time=0.2)

        if __name__ == "__main__":
            Main().render()
        """,
        "removed the 'if __name__",
    ),
    (
        "old_missing_import",
        """
        class NoImport(Scene):
            def construct(self):
                self.play(Create(Circle()), run_time=0.2)
        """,
        "added the missing",
    ),
]

# several mistakes in one scene, as a model writes them
MIXED = [
    (
        "mixed_gl_graph",
        "ax = Axes(x_range=[0, 3], y_range=[0, 3], width=5, height=3)\nax.add_coordinate_labels()\n"
        "g = ax.get_graph(lambda x: x / 2)\nself.play(ShowCreation(g), run_time=0.2)",
        "width → x_length",
    ),
    (
        "mixed_points_and_typo",
        "d = Dot([1, 1], colour=RED)\nd.move_too([0, 1])\nself.add(d)",
        ".move_too → .move_to",
    ),
    (
        "mixed_text_and_fade",
        't = TextMobject("Hi", font_color=BLUE)\nself.play(FadeIn(t, UP), run_time=0.2)',
        "TextMobject → Tex",
    ),
    (
        "mixed_numpy_and_line",
        "r = np.math.sqrt(2)\nself.add(Line([0, 0], [r, r], stroke_widht=3))",
        "np.math → math",
    ),
    (
        "mixed_polygon_keywords",
        "p = Polygon([0, 0], [2, 0], [1, 1], fill_colour=BLUE, fill_opacity=0.5, run_time=1)\nself.add(p)",
        "fill_colour → fill_color",
    ),
    (
        "mixed_updater",
        "v = ValueTraker(0)\nd = Dot()\nd.add_updator(lambda m: m.move_to([v.get_value(), 0]))\n"
        "self.add(d)\nself.play(v.animate.set_value(1), run_time=0.2)",
        "ValueTraker → ValueTracker",
    ),
    (
        "mixed_brace_label",
        "s = Square()\nb = Brace(s, DOWN, buffer=0.1)\nself.add(s, b, b.get_text('a'))",
        "buffer → buff",
    ),
    (
        "mixed_write_and_scale",
        "eq = TexMobject('x^2')\neq.scale_in_place(2)\nself.play(Write(eq, runtime=0.2))",
        ".scale_in_place → .scale",
    ),
]

CASES = [*KEYWORDS, *METHOD_KEYWORDS, *TEX, *ATTRIBUTES, *NAMES, *NUMPY, *POINTS, *CALLS, *MIXED]

# scenes that only add mobjects: rendered as a still video of a few seconds (manimrender.still, in the child)
STILL = {
    "still_diagram": """
from manim import *

class Diagram(Scene):
    def construct(self):
        self.add(Circle(), Square().shift(2 * RIGHT), Text("a").shift(2 * LEFT))
""",
    "still_axes": """
from manim import *

class Graph(Scene):
    def construct(self):
        ax = Axes(x_range=[0, 3], y_range=[0, 3])
        self.add(ax, ax.plot(lambda x: x / 2))
""",
}
