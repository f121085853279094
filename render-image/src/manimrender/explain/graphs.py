"""The picture beside the working: numbers only, computed here with SymPy and plain floats (the scene evaluates
nothing). A curve is a list of segments, so a point where the function is undefined (sin(x)/x at 0) or a part
far outside the readable y range is skipped instead of making the whole graph give up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp

SAMPLES = 96
COMFORTABLE_SPAN = 12  # a y range the eye reads at once
MAX_SPAN = 30  # a y range taller than this is clipped: the curve leaves the axes and comes back


@dataclass(frozen=True)
class Graph:
    points: list  # [[(x, y), ...], ...] the segments of the curve
    x_range: tuple  # (min, max, step)
    y_range: tuple
    marks: list = field(default_factory=list)  # [(x, y, label)] dots: roots, intercepts, the point of a limit
    area: list | None = None  # [(x, y)] curve points between the bounds, to shade
    tangent: tuple | None = None  # ((x1, y1), (x2, y2)) the tangent line's ends
    secants: list = field(default_factory=list)  # [((x1, y1), (x2, y2))] as h shrinks, before the tangent
    caption: str = ""
    holes: list = field(default_factory=list)  # [(x, y)] open circles: the function is undefined there
    lines: list = field(default_factory=list)  # [[(x, y), ...]] further curves (the second line of a system)
    turning: list = field(default_factory=list)  # [(x, y)] turning points, marked in another colour
    early: bool = False  # shown right after the first line (the area of an integral is the idea itself)
    area_label: str = ""  # LaTeX written on the shaded area once its value is known


def numeric(expr) -> float | None:
    try:
        value = complex(sp.N(expr))
    except (TypeError, ValueError):
        return None
    if abs(value.imag) > 1e-9 or not math.isfinite(value.real):
        return None
    return value.real


def samples(f, x, lo: float, hi: float, n: int = SAMPLES) -> list:
    """Segments of (x, y) along ``f``: a point where it is undefined or not real ends a segment."""
    fn = sp.lambdify(x, f, modules="math")

    def point(xv: float) -> tuple[float, float] | None:
        try:
            yv = float(fn(xv))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        return (round(xv, 4), round(yv, 4)) if math.isfinite(yv) else None

    return _runs(point(lo + (hi - lo) * i / n) for i in range(n + 1))


def clipped(segments: list, y_lo: float, y_hi: float) -> list:
    """The segments with the points outside [y_lo, y_hi] removed (a segment splits where it leaves)."""
    out = []
    for segment in segments:
        out += _runs((px, py) if y_lo <= py <= y_hi else None for px, py in segment)
    return out


def _runs(points: Iterable[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The runs of points between the gaps (None), each of at least two points (a line needs two)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p is not None:
            runs[-1].append(p)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) > 1]


def nice_step(span: float) -> float:
    raw = span / 6
    power = 10 ** math.floor(math.log10(raw))
    step = next((m * power for m in (1, 2, 5) if raw <= m * power), 10 * power)
    return int(step) if float(step).is_integer() else step  # whole steps label the axes 2, not 2.0


def function_graph(f, x, marks=(), area=None, center=0, caption="", holes=(), turning=(), early=False, area_label=""):
    """The curve around ``center`` (and the marks and bounds), narrowed until it fits a readable y range, and
    clipped to one when no window does (a plot problem always gets its graph)."""
    if len(f.free_symbols - {x}) > 0:
        return None
    c = numeric(center) or 0.0
    bounds = None
    if area is not None:
        bounds = (numeric(area[0]), numeric(area[1]))
        if None in bounds:
            return None
    keep = [m[0] for m in marks] + [h[0] for h in holes] + [t[0] for t in turning] + list(bounds or ())
    candidates = []
    for half in (4, 3, 2, 1.2):
        lo, hi = c - half, c + half
        for mx in keep:
            lo, hi = min(lo, mx - 0.5), max(hi, mx + 0.5)
        lo, hi = math.floor(lo), math.ceil(hi)
        points = samples(f, x, lo, hi)
        if not points:
            continue
        ys = [p[1] for s in points for p in s] + [m[1] for m in marks] + [t[1] for t in turning] + [0.0]
        candidates.append((lo, hi, points, min(ys), max(ys)))
    if not candidates:
        return None
    # the widest window whose curve is comfortably tall, else one that fits at all, else the narrowest, clipped
    best = next((c for c in candidates if c[4] - c[3] <= COMFORTABLE_SPAN), None)
    best = best or next((c for c in candidates if c[4] - c[3] <= MAX_SPAN), candidates[-1])
    lo, hi, points, y_lo, y_hi = best
    if y_hi - y_lo > MAX_SPAN:
        # clip around what matters: the marked points and the middle of the curve
        ys = sorted(p[1] for s in points for p in s)
        middle = [ys[len(ys) // 5], ys[4 * len(ys) // 5]]
        wanted = middle + [m[1] for m in marks] + [t[1] for t in turning] + [h[1] for h in holes] + [0.0]
        y_lo, y_hi = min(wanted), max(wanted)
        if y_hi - y_lo > MAX_SPAN:
            y_lo, y_hi = max(y_lo, -MAX_SPAN / 2), min(y_hi, MAX_SPAN / 2)
    if y_hi - y_lo < 2:
        y_lo, y_hi = y_lo - 1, y_hi + 1
    pad = (y_hi - y_lo) * 0.1
    y_lo, y_hi = math.floor(y_lo - pad), math.ceil(y_hi + pad)
    points = clipped(points, y_lo, y_hi)
    shade = None
    if bounds:
        shade_segments = clipped(samples(f, x, bounds[0], bounds[1], 32), y_lo, y_hi)
        shade = shade_segments[0] if len(shade_segments) == 1 else None
    return Graph(
        points,
        (lo, hi, nice_step(hi - lo)),
        (y_lo, y_hi, nice_step(y_hi - y_lo)),
        list(marks),
        shade,
        caption=caption,
        holes=list(holes),
        turning=list(turning),
        early=early,
        area_label=area_label if shade else "",
    )


def turning_points(f, x, lo: float = -6, hi: float = 6) -> list:
    """[(x, y)] where the derivative is zero and changes sign, between ``lo`` and ``hi`` (at most four)."""
    try:
        found = sp.solveset(sp.diff(f, x), x, sp.Interval(lo, hi))
    except Exception:  # noqa: BLE001  (SymPy cannot always solve; the graph is drawn without them)
        return []
    if not isinstance(found, sp.FiniteSet) or len(found) > 4:
        return []
    out = []
    for r in sorted(found, key=lambda v: float(sp.re(v))):
        xv, yv = numeric(r), numeric(f.subs(x, r))
        second = numeric(sp.diff(f, x, 2).subs(x, r))
        if None not in (xv, yv) and second not in (None, 0.0):
            out.append((round(xv, 4), round(yv, 4)))
    return out


def tangent_graph(f, x, derivative, x0, secant: bool, caption: str):
    graph = function_graph(f, x, center=x0)
    if graph is None:
        return None
    xv, yv, slope = numeric(x0), numeric(f.subs(x, x0)), numeric(derivative.subs(x, x0))
    if None in (xv, yv, slope):
        return graph
    y_lo, y_hi = graph.y_range[0], graph.y_range[1]

    def ends(s: float) -> tuple:
        # the line through (xv, yv) with slope s, as long as it stays inside the axes
        reach = min([1.5] + ([(y_hi - yv) / abs(s), (yv - y_lo) / abs(s)] if s else []))
        return ((round(xv - reach, 4), round(yv - reach * s, 4)), (round(xv + reach, 4), round(yv + reach * s, 4)))

    secants = []
    if secant:
        for h in (1.5, 1.0, 0.6, 0.3, 0.1):
            y1 = numeric(f.subs(x, x0 + h))
            if y1 is not None and y_lo <= y1 <= y_hi:
                secants.append((ends((y1 - yv) / h), (round(xv + h, 4), round(y1, 4))))
    return Graph(graph.points, graph.x_range, graph.y_range, [(xv, yv, "")], None, ends(slope), secants, caption)


def lines_graph(equations, x, y, crossing: tuple) -> Graph | None:
    """Each linear equation in x and y as a line, and the point where they cross (the solution)."""
    cx, cy = numeric(crossing[0]), numeric(crossing[1])
    if None in (cx, cy):
        return None
    lo, hi = math.floor(cx - 4), math.ceil(cx + 4)
    y_lo, y_hi = math.floor(cy - 4), math.ceil(cy + 4)
    curves = []
    for equation in equations:
        expr = equation.lhs - equation.rhs
        if expr.coeff(y) != 0:
            solved = sp.solve(expr, y)[0]
            segs = clipped(samples(solved, x, lo, hi, 8), y_lo, y_hi)
            curves.append(segs[0] if segs else [])
        else:
            xv = numeric(sp.solve(expr, x)[0])
            curves.append([(xv, y_lo), (xv, y_hi)])
    if len(curves) != 2 or not all(len(c) > 1 for c in curves):
        return None
    return Graph(
        [curves[0]],
        (lo, hi, nice_step(hi - lo)),
        (y_lo, y_hi, nice_step(y_hi - y_lo)),
        [(cx, cy, "")],
        lines=[curves[1]],
    )
