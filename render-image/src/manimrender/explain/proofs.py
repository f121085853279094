"""Two classic proofs where the picture is the argument: the odd numbers adding up to squares (each odd number
an L-shape that grows the square by one), and the rearrangement proof of Pythagoras (four triangles in a square
of side a + b leave c², moved they leave a² and b²). Every identity shown is checked with SymPy.

Every sentence is in the catalog (keys ``odd_squares.*`` and ``pythagoras.*``), with its parameters.
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from manimrender.catalog import word
from manimrender.explain.figures import Figure, Label, Shape, square
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, tex
from manimrender.explain.title import in_tex

SQUARES_DRAWN = 4  # the L-shapes drawn: enough to see the pattern, few enough to count
# the L-shapes' colours, one per odd number
_ROLES = ("curve", "line2", "turning", "mark")

# The titles (and a word of the working) are TeX, which sets Latin script only: English has its words in them;
# every other language has the maths alone (the claim with a question mark over its equals sign), its words in
# the heading.
IN_TEX = {
    "en": {
        "odd": r"\text{Why }1 + 3 + 5 + \dots + (2n - 1) = n^{2}",
        "odd_n": r"\text{Sum of the first }{n}\text{ odd numbers}",
        "pythagoras": r"\text{Why }a^{2} + b^{2} = c^{2}",
        "area": r"\text{area}",
    },
    "maths": {
        "odd": r"1 + 3 + 5 + \dots + (2n - 1) \stackrel{?}{=} n^{2}",
        "odd_n": r"1 + 3 + 5 + \dots + {last}",
        "pythagoras": r"a^{2} + b^{2} \stackrel{?}{=} c^{2}",
        "area": "A",
    },
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
            word("odd_squares.first")
            if k == 1
            else word("odd_squares.next", odd=odds[-1], sum=" + ".join(map(str, odds)) + f" = {total}", k=k)
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
    steps.append(Step(r"(n - 1)^{2} + (2n - 1) = " + tex(sp.expand(grown)), word("odd_squares.step")))
    steps.append(Step(r"1 + 3 + 5 + \dots + (2n - 1) = n^{2}", word("odd_squares.all")))
    result, closing, title = n**2, word("odd_squares.closing"), in_tex(IN_TEX, "odd")
    if p.point is not None:
        count = int(p.point)
        value = sum(2 * i - 1 for i in range(1, count + 1))
        steps.append(Step(f"{count}^{{2}} = {value}", word("odd_squares.value", n=count, value=value)))
        result = sp.Integer(value)
        closing = word("odd_squares.closing_n", n=count, value=value)
        title = in_tex(IN_TEX, "odd_n", n=count, last=2 * count - 1)
    figure = Figure(SQUARES_DRAWN, SQUARES_DRAWN, shapes, labels)
    return Explanation("odd_squares", word("odd_squares.heading"), steps, result, closing, figure=figure, title=title)


def pythagoras(p: Problem) -> Explanation:
    a, b, c = sp.symbols("a b c", positive=True)
    triangles = 4 * a * b / 2
    big = (a + b) ** 2
    # the identity the picture proves: (a + b)² = 4 · ab/2 + c², and = 4 · ab/2 + a² + b², so c² = a² + b²
    assert sp.expand(big - triangles - a**2 - b**2) == 0
    half = r"4 \cdot \tfrac{1}{2}ab"
    steps = [
        Step(in_tex(IN_TEX, "area") + " = (a + b)^{2}", word("pythagoras.square")),
        Step(r"(a + b)^{2} = " + half + r" + \hl{c^{2}}", word("pythagoras.c")),
        Step(r"(a + b)^{2} = " + half + r" + \hl{a^{2} + b^{2}}", word("pythagoras.move")),
        Step(tex(c**2) + " = " + tex(a**2 + b**2), word("pythagoras.equal")),
    ]
    return Explanation(
        "pythagoras",
        word("pythagoras.heading"),
        steps,
        sp.Eq(a**2 + b**2, c**2),
        word("pythagoras.closing"),
        figure=_rearrangement(),
        title=in_tex(IN_TEX, "pythagoras"),
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
