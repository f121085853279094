"""Two problem kinds about one curve: the tangent line at a point, and the stationary points (where the
slope is zero), each with its picture (the tangent touching the curve; the turning points marked).

Every sentence is in :data:`TEXTS`, with its parameters.
"""

from __future__ import annotations

import sympy as sp

from manimrender.explain.graphs import function_graph, numeric, tangent_graph
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, say, tex

TEXTS = {
    "tangent_heading": "Tangent line",
    "tangent_point": "The tangent touches the curve at {x} = {a}, where y = {y}.",
    "tangent_slope": "Its slope is the derivative there, so differentiate: y' = {d}.",
    "tangent_value": "At {x} = {a} the slope is m = {m}.",
    "tangent_line": "A line through the point ({a}, {y}) with slope {m}: y minus {y} equals {m} times ({x} minus {a}).",
    "tangent_tidy": "Tidy it up.",
    "tangent_closing": "So the tangent line is y = {line}.",
    "tangent_picture": "The tangent line touches the curve at ({a}, {y}) with the same slope, {m}.",
    "stationary_heading": "Stationary points",
    "stationary_want": "We want the points where the slope of y = {f} is zero.",
    "stationary_derivative": "Differentiate: y' = {d}.",
    "stationary_solve": "Set the slope to zero and solve: {roots}.",
    "stationary_none": "The slope is never zero, so there are no stationary points.",
    "stationary_second": "The second derivative y'' = {d2} tells the shape: positive is a minimum, negative a maximum.",
    "stationary_kind": "At {x} = {a}: y = {y}, and y'' = {s}, so it is a {kind}.",
    "stationary_closing": "So the stationary points are {points}.",
    "stationary_closing_none": "So y = {f} has no stationary points.",
    "stationary_picture": "The curve is flat at its stationary points, marked on the graph.",
    "minimum": "minimum",
    "maximum": "maximum",
    "inflection": "point of inflection",
}


def tangent(p: Problem) -> Explanation:
    f, x, a = p.expr, p.var, p.point
    y0 = sp.simplify(f.subs(x, a))
    d = sp.simplify(sp.diff(f, x))
    m = sp.simplify(d.subs(x, a))
    line = sp.expand(m * (x - a) + y0)
    steps = [
        Step(f"y({tex(a)}) = {tex(y0)}", TEXTS["tangent_point"].format(x=x, a=say(a), y=say(y0))),
        Step(f"y' = {tex(d)}", TEXTS["tangent_slope"].format(d=say(d))),
        Step(f"m = y'({tex(a)}) = {tex(m)}", TEXTS["tangent_value"].format(x=x, a=say(a), m=say(m))),
        Step(
            f"y - {_p(y0)} = {_p(m)}\\left({tex(x)} - {_p(a)}\\right)",
            TEXTS["tangent_line"].format(x=x, a=say(a), y=say(y0), m=say(m)),
        ),
        Step(f"y = {tex(line)}", TEXTS["tangent_tidy"]),
    ]
    picture = TEXTS["tangent_picture"].format(a=say(a), y=say(y0), m=say(m))
    graph = tangent_graph(f, x, d, a, secant=False, caption=picture)
    return Explanation(
        "tangent", TEXTS["tangent_heading"], steps, line, TEXTS["tangent_closing"].format(line=say(line)), graph
    )


def stationary(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    d = sp.simplify(sp.diff(f, x))
    steps = [
        Step(f"y = {tex(f)}", TEXTS["stationary_want"].format(f=say(f))),
        Step(f"y' = {tex(d)}", TEXTS["stationary_derivative"].format(d=say(d))),
    ]
    roots = sp.solveset(d, x, sp.S.Reals)
    roots = [] if roots == sp.S.EmptySet else roots
    if not isinstance(roots, list | sp.FiniteSet) or len(roots) > 4:
        raise ValueError("not finitely many stationary points")
    roots = sorted(roots, key=lambda r: float(r))
    if not roots:
        steps.append(Step(f"{tex(d)} \\neq 0", TEXTS["stationary_none"]))
        closing = TEXTS["stationary_closing_none"].format(f=say(f))
        return Explanation(
            "stationary", TEXTS["stationary_heading"], steps, sp.Tuple(), closing, function_graph(f, x, center=0)
        )
    shown = r",\quad ".join(f"{tex(x)} = {tex(r)}" for r in roots)
    steps.append(
        Step(
            f"{tex(d)} = 0 \\Rightarrow {shown}",
            TEXTS["stationary_solve"].format(roots=", ".join(f"{x} = {say(r)}" for r in roots)),
        )
    )
    d2 = sp.simplify(sp.diff(f, x, 2))
    steps.append(Step(f"y'' = {tex(d2)}", TEXTS["stationary_second"].format(d2=say(d2))))
    points, said, turning = [], [], []
    for r in roots:
        y = sp.simplify(f.subs(x, r))
        s = sp.simplify(d2.subs(x, r))
        kind = TEXTS["minimum"] if s > 0 else TEXTS["maximum"] if s < 0 else TEXTS["inflection"]
        steps.append(
            Step(
                f"({tex(r)}, {tex(y)}):\\ y'' = {tex(s)}",
                TEXTS["stationary_kind"].format(x=x, a=say(r), y=say(y), s=say(s), kind=kind),
            )
        )
        points.append((r, y))
        said.append(f"({say(r)}, {say(y)}), a {kind}")
        xv, yv = numeric(r), numeric(y)
        if None not in (xv, yv):
            turning.append((round(xv, 4), round(yv, 4)))
    closing = TEXTS["stationary_closing"].format(points="; ".join(said))
    center = sum(t[0] for t in turning) / len(turning) if turning else 0
    graph = function_graph(f, x, center=center, turning=turning, caption=TEXTS["stationary_picture"])
    result = sp.Tuple(*[sp.Tuple(a, b) for a, b in points])
    return Explanation("stationary", TEXTS["stationary_heading"], steps, result, closing, graph)


def _p(expr) -> str:
    body = tex(expr)
    return r"\left(" + body + r"\right)" if expr.is_number and expr.is_negative else body


KINDS = {"tangent": tangent, "stationary": stationary}
