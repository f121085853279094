"""Two problem kinds about one curve: the tangent line at a point, and the stationary points (where the
slope is zero), each with its picture (the tangent touching the curve; the turning points marked).

Every sentence is in the catalog (:mod:`manimrender.catalog`), under "tangent.*" and "stationary.*".
"""

from __future__ import annotations

import sympy as sp

from manimrender.catalog import word
from manimrender.explain.graphs import function_graph, numeric, tangent_graph
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, say, tex


def tangent(p: Problem) -> Explanation:
    f, x, a = p.expr, p.var, p.point
    y0 = sp.simplify(f.subs(x, a))
    d = sp.simplify(sp.diff(f, x))
    m = sp.simplify(d.subs(x, a))
    line = sp.expand(m * (x - a) + y0)
    steps = [
        Step(f"y({tex(a)}) = {tex(y0)}", word("tangent.point", x=x, a=say(a), y=say(y0))),
        Step(f"y' = {tex(d)}", word("tangent.slope", d=say(d))),
        Step(f"m = y'({tex(a)}) = {tex(m)}", word("tangent.value", x=x, a=say(a), m=say(m))),
        Step(
            f"y - {_p(y0)} = {_p(m)}\\left({tex(x)} - {_p(a)}\\right)",
            word("tangent.line", x=x, a=say(a), y=say(y0), m=say(m)),
        ),
        Step(f"y = {tex(line)}", word("tangent.tidy")),
    ]
    picture = word("tangent.picture", a=say(a), y=say(y0), m=say(m))
    graph = tangent_graph(f, x, d, a, secant=False, caption=picture)
    return Explanation("tangent", word("tangent.heading"), steps, line, word("tangent.closing", line=say(line)), graph)


def stationary(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    d = sp.simplify(sp.diff(f, x))
    steps = [
        Step(f"y = {tex(f)}", word("stationary.want", f=say(f))),
        Step(f"y' = {tex(d)}", word("stationary.derivative", d=say(d))),
    ]
    roots = sp.solveset(d, x, sp.S.Reals)
    roots = [] if roots == sp.S.EmptySet else roots
    if not isinstance(roots, list | sp.FiniteSet) or len(roots) > 4:
        raise ValueError("not finitely many stationary points")
    roots = sorted(roots, key=lambda r: float(r))
    if not roots:
        steps.append(Step(f"{tex(d)} \\neq 0", word("stationary.none")))
        closing = word("stationary.closing_none", f=say(f))
        return Explanation(
            "stationary", word("stationary.heading"), steps, sp.Tuple(), closing, function_graph(f, x, center=0)
        )
    shown = r",\quad ".join(f"{tex(x)} = {tex(r)}" for r in roots)
    steps.append(
        Step(
            f"{tex(d)} = 0 \\Rightarrow {shown}",
            word("stationary.solve", roots=", ".join(f"{x} = {say(r)}" for r in roots)),
        )
    )
    d2 = sp.simplify(sp.diff(f, x, 2))
    steps.append(Step(f"y'' = {tex(d2)}", word("stationary.second", d2=say(d2))))
    points, said, turning = [], [], []
    for r in roots:
        y = sp.simplify(f.subs(x, r))
        s = sp.simplify(d2.subs(x, r))
        kind = word("stationary.minimum" if s > 0 else "stationary.maximum" if s < 0 else "stationary.inflection")
        steps.append(
            Step(
                f"({tex(r)}, {tex(y)}):\\ y'' = {tex(s)}",
                word("stationary.kind", x=x, a=say(r), y=say(y), s=say(s), kind=kind),
            )
        )
        points.append((r, y))
        said.append(f"({say(r)}, {say(y)}), a {kind}")
        xv, yv = numeric(r), numeric(y)
        if None not in (xv, yv):
            turning.append((round(xv, 4), round(yv, 4)))
    closing = word("stationary.closing", points="; ".join(said))
    center = sum(t[0] for t in turning) / len(turning) if turning else 0
    graph = function_graph(f, x, center=center, turning=turning, caption=word("stationary.picture"))
    result = sp.Tuple(*[sp.Tuple(a, b) for a, b in points])
    return Explanation("stationary", word("stationary.heading"), steps, result, closing, graph)


def _p(expr) -> str:
    body = tex(expr)
    return r"\left(" + body + r"\right)" if expr.is_number and expr.is_negative else body


KINDS = {"tangent": tangent, "stationary": stationary}
