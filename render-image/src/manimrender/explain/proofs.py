"""Two classic proofs where the picture is the argument: the odd numbers adding up to squares (each odd number
an L-shape that grows the square by one), and the rearrangement proof of Pythagoras (four triangles in a square
of side a + b leave c², moved they leave a² and b²). Every identity shown is checked with SymPy.

Every sentence is in :data:`TEXTS`, with its parameters.
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from manimrender.explain.figures import Figure, Label, Shape, square
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, tex

SQUARES_DRAWN = 4  # the L-shapes drawn: enough to see the pattern, few enough to count
# the L-shapes' colours, one per odd number
_ROLES = ("curve", "line2", "turning", "mark")

TEXTS = {
    "odd_heading": "Sum of odd numbers",
    "odd_title": r"\text{Why }1 + 3 + 5 + \dots + (2n - 1) = n^{2}",
    "odd_title_n": r"\text{Sum of the first }{n}\text{ odd numbers}",
    "odd_first": "Start with one square: 1 is 1 squared.",
    "odd_next": "Add the next odd number, {odd}, as an L around it: {sum}, a {k} by {k} square.",
    "odd_step": "Each L wraps the square of side n - 1 with n - 1 on top, n - 1 on the side and one corner: "
    "2n - 1 squares, and together they make a square of side n.",
    "odd_all": "So adding the first n odd numbers, one L at a time, builds an n by n square.",
    "odd_value": "With n = {n} that is {n} squared, {value}.",
    "odd_closing": "So the sum of the first n odd numbers is n squared.",
    "odd_closing_n": "So the sum of the first {n} odd numbers is {value}.",
    "pythagoras_heading": "Pythagoras' theorem",
    "pythagoras_title": r"\text{Why }a^{2} + b^{2} = c^{2}",
    "pythagoras_square": "Take a square of side a + b and put four copies of the right triangle, with legs a and b "
    "and hypotenuse c, in its corners.",
    "pythagoras_c": "The space they leave is a tilted square of side c: the big square is four triangles plus c "
    "squared.",
    "pythagoras_move": "Slide the same four triangles into two rectangles. The space left is now a square of side "
    "a and a square of side b.",
    "pythagoras_equal": "Same big square, same four triangles: what is left must be the same. c squared equals a "
    "squared plus b squared.",
    "pythagoras_closing": "So a² + b² = c²: the square on the hypotenuse equals the squares on the other two sides.",
}


def odd_squares(p: Problem) -> Explanation:
    n = sp.Symbol("n")
    steps, labels = [], []
    # the whole grid drawn empty first, so the eye sees the square the L-shapes fill
    shapes = [
        Shape(0, f"cell-{i}-{j}", "muted", square(i, SQUARES_DRAWN - 1 - j, 1), filled=False)
        for i in range(SQUARES_DRAWN)
        for j in range(SQUARES_DRAWN)
    ]
    for k in range(1, SQUARES_DRAWN + 1):
        odds = [2 * i - 1 for i in range(1, k + 1)]
        total = sum(odds)
        assert total == k**2  # what the picture shows, checked rather than assumed
        line = (" + ".join(str(o) for o in odds) + f" = {total}" if k > 1 else "1") + f" = {k}^{{2}}"
        caption = (
            TEXTS["odd_first"]
            if k == 1
            else TEXTS["odd_next"].format(odd=odds[-1], sum=" + ".join(map(str, odds)) + f" = {total}", k=k)
        )
        steps.append(Step(line, caption))
        role = _ROLES[(k - 1) % len(_ROLES)]
        # the L-shape of the k-th odd number: the cells of the k by k square not in the (k-1) by (k-1) one
        for i in range(k):
            for j in range(k):
                if max(i, j) == k - 1:
                    shapes.append(Shape(k - 1, f"cell-{i}-{j}", role, square(i, SQUARES_DRAWN - 1 - j, 1)))
        labels.append(Label(k - 1, str(odds[-1]), k - 0.5, SQUARES_DRAWN - k + 0.5))
    grown = (n - 1) ** 2 + (2 * n - 1)
    assert sp.expand(grown - n**2) == 0
    steps.append(Step(r"(n - 1)^{2} + (2n - 1) = " + tex(sp.expand(grown)), TEXTS["odd_step"]))
    steps.append(Step(r"1 + 3 + 5 + \dots + (2n - 1) = n^{2}", TEXTS["odd_all"]))
    result, closing, title = n**2, TEXTS["odd_closing"], TEXTS["odd_title"]
    if p.point is not None:
        count = int(p.point)
        value = sum(2 * i - 1 for i in range(1, count + 1))
        steps.append(Step(f"{count}^{{2}} = {value}", TEXTS["odd_value"].format(n=count, value=value)))
        result = sp.Integer(value)
        closing = TEXTS["odd_closing_n"].format(n=count, value=value)
        title = TEXTS["odd_title_n"].replace("{n}", str(count))
    figure = Figure(SQUARES_DRAWN, SQUARES_DRAWN, shapes, labels)
    return Explanation("odd_squares", TEXTS["odd_heading"], steps, result, closing, figure=figure, title=title)


def pythagoras(p: Problem) -> Explanation:
    a, b, c = sp.symbols("a b c", positive=True)
    triangles = 4 * a * b / 2
    big = (a + b) ** 2
    # the identity the picture proves: (a + b)² = 4 · ab/2 + c², and = 4 · ab/2 + a² + b², so c² = a² + b²
    assert sp.expand(big - triangles - a**2 - b**2) == 0
    half = r"4 \cdot \tfrac{1}{2}ab"
    steps = [
        Step(r"\text{area} = (a + b)^{2}", TEXTS["pythagoras_square"]),
        Step(r"(a + b)^{2} = " + half + r" + \hl{c^{2}}", TEXTS["pythagoras_c"]),
        Step(r"(a + b)^{2} = " + half + r" + \hl{a^{2} + b^{2}}", TEXTS["pythagoras_move"]),
        Step(tex(c**2) + " = " + tex(a**2 + b**2), TEXTS["pythagoras_equal"]),
    ]
    return Explanation(
        "pythagoras",
        TEXTS["pythagoras_heading"],
        steps,
        sp.Eq(a**2 + b**2, c**2),
        TEXTS["pythagoras_closing"],
        figure=_rearrangement(),
        title=TEXTS["pythagoras_title"],
    )


def _rearrangement(a: float = 2.0, b: float = 3.0, margin: float = 0.7) -> Figure:
    """A square of side a + b with four triangles: in the corners (leaving c², stage 0), then moved into two
    rectangles (leaving a² and b², stage 2). The sides' names sit in the margin, inside the figure."""
    figure = _rearranged(a, b)
    return Figure(
        figure.width + margin,
        figure.height + margin,
        [dataclasses.replace(sh, points=tuple((x + margin, y + margin) for x, y in sh.points)) for sh in figure.shapes],
        [dataclasses.replace(la, x=la.x + margin, y=la.y + margin) for la in figure.labels],
    )


def _rearranged(a: float, b: float) -> Figure:
    s = a + b
    first = {
        "t1": ((0, 0), (a, 0), (0, b)),
        "t2": ((a, 0), (s, 0), (s, a)),
        "t3": ((s, a), (s, s), (b, s)),
        "t4": ((b, s), (0, s), (0, b)),
    }
    # the same triangles, each corner to its new place (right angle to right angle, leg a to leg a)
    moved = {
        "t1": ((a, a), (a, 0), (s, a)),
        "t3": ((a, s), (0, s), (0, a)),
        "t4": ((a, s), (a, a), (0, a)),
    }
    shapes = [Shape(0, "outline", "muted", square(0, 0, s), filled=False)]
    shapes += [Shape(0, key, "curve", corners) for key, corners in first.items()]
    shapes.append(Shape(1, "c2", "turning", ((a, 0), (s, a), (b, s), (0, b)), until=2))
    shapes += [Shape(2, key, "curve", corners) for key, corners in moved.items()]
    shapes += [Shape(2, "a2", "turning", square(0, 0, a)), Shape(2, "b2", "line2", square(a, a, b))]
    labels = [
        Label(0, "a", a / 2, -0.35),
        Label(0, "b", a + b / 2, -0.35),
        Label(0, "b", -0.35, b / 2, until=2),
        Label(0, "a", -0.35, b + a / 2, until=2),
        Label(2, "a", -0.35, a / 2),  # the left side, split the other way round once the triangles moved
        Label(2, "b", -0.35, a + b / 2),
        Label(1, "c^{2}", s / 2, s / 2, until=2),
        Label(2, "a^{2}", a / 2, a / 2),
        Label(2, "b^{2}", a + b / 2, a + b / 2),
    ]
    return Figure(s, s, shapes, labels)


KINDS = {"odd_squares": odd_squares, "pythagoras": pythagoras}
