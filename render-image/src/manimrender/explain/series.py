"""Geometric series: the first term and the ratio read off, the formula for the partial sums, the partial sums
themselves as bars growing towards the line of the sum (the picture), and the sum when the ratio is below one in
size (or of the first N terms). Every number is computed with SymPy.

Every sentence is in the catalog (keys ``series.*``), with its parameters.
"""

from __future__ import annotations

import sympy as sp

from manimrender.catalog import word
from manimrender.explain.figures import Figure, Label, Shape, rectangle
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, say, tex
from manimrender.explain.title import in_tex

BARS = 6  # partial sums drawn
SUMS_WRITTEN = 4  # partial sums written out in the working
_BAR_HEIGHT = 4.4  # figure units the tallest bar (or the sum) reaches

# why a series is refused (a reason for the log and the fallback, not a caption)
DIVERGES = "the ratio {r} is not between -1 and 1, so the terms do not shrink and the series has no sum"
# the title is TeX, which sets Latin script only: English has a word in it, every other language the sum alone
TITLES = {"en": {"title": r"\text{Find }{sum}"}, "maths": {"title": "{sum}"}}


def geometric(p: Problem) -> Explanation:
    n, term = p.var, p.expr
    start, end = p.lower, p.upper
    if term is None or start is None or end is None:
        raise ValueError("a series needs its term and the bounds of its index")
    ratio = sp.simplify(term.subs(n, n + 1) / term)
    if ratio.free_symbols or ratio == 0:
        raise ValueError("only geometric series are worked out: the ratio of one term to the next must be constant")
    a = sp.simplify(term.subs(n, start))
    infinite = end == sp.oo
    if infinite and not abs(ratio) < 1:
        raise ValueError(DIVERGES.format(r=say(ratio)))
    first = [sp.simplify(a * ratio**k) for k in range(3)]
    written = " + ".join(_paren(t) for t in first) + r" + \dots"
    bound = r"\infty" if infinite else tex(end)
    steps = [
        Step(
            r"\sum_{%s=%s}^{%s} %s = %s" % (tex(n), tex(start), bound, tex(term), written),
            word(
                "series.want",
                terms=" + ".join(say(t) for t in first),
                forever=word("series.forever") if infinite else "",
            ),
        ),
        Step(f"a = {tex(a)}, \\quad r = {tex(ratio)}", word("series.ratio", r=say(ratio), a=say(a))),
        Step(r"S_{N} = a \cdot \frac{1 - r^{N}}{1 - r}", word("series.formula")),
    ]
    partial = [sp.simplify(a * (1 - ratio**k) / (1 - ratio)) for k in range(1, BARS + 1)]
    shown = partial[:SUMS_WRITTEN] if infinite else partial[: min(SUMS_WRITTEN, int(end - start) + 1)]
    steps.append(
        Step(
            r",\ ".join(f"S_{{{k}}} = {tex(v)}" for k, v in enumerate(shown, 1)) + r",\ \dots",
            word("series.partial", sums=", ".join(say(v) for v in shown)),
        )
    )
    if infinite:
        value = sp.simplify(a / (1 - ratio))
        steps.append(Step(r"|r| < 1 \Rightarrow r^{N} \to 0", word("series.shrinks")))
        steps.append(Step(r"S = \frac{a}{1 - r} = %s" % tex(value), word("series.limit", value=say(value))))
    else:
        count = int(end - start) + 1
        value = sp.simplify(a * (1 - ratio**count) / (1 - ratio))
        put = r"%s \cdot \frac{1 - %s^{%d}}{1 - %s}" % (_paren(a), _paren(ratio), count, _paren(ratio))
        steps.append(
            Step(
                f"S_{{{count}}} = {put} = {tex(value)}",
                word("series.finite", n=count, value=say(value)),
            )
        )
        partial = partial[: min(BARS, count)]
    figure = _bars(partial, value, len(steps) - 1 if infinite else None, stage=3)
    return Explanation(
        "series",
        word("series.heading"),
        steps,
        value,
        word("series.closing", value=say(value)),
        figure=figure,
        title=in_tex(TITLES, "title", sum=r"\sum_{%s=%s}^{%s} %s" % (tex(n), tex(start), bound, tex(term))),
    )


def _bars(partial: list[sp.Expr], value: sp.Expr, limit_stage: int | None, stage: int) -> Figure:
    """Bar k is the k-th partial sum; for an infinite series a line marks the sum the bars approach."""
    numbers = [float(v) for v in partial] + [float(value)]
    low, high = min(0.0, *numbers), max(0.0, *numbers)
    scale = _BAR_HEIGHT / (high - low or 1.0)
    base = 0.7 - low * scale  # room under the bars for their names
    shapes: list[Shape] = []
    labels: list[Label] = []
    for k, v in enumerate(numbers[:-1]):
        top = base + v * scale
        bar = rectangle(k + 0.15, min(base, top), 0.7, abs(top - base))
        # the bars stand empty from the start (the picture's frame), and fill with the partial sums
        shapes.append(Shape(0, f"bar-{k}", "muted", bar, filled=False))
        shapes.append(Shape(stage, f"bar-{k}", "curve", bar))
        labels.append(Label(0, f"S_{{{k + 1}}}", k + 0.5, 0.3))
    width = len(numbers) - 1 + 0.3
    if limit_stage is not None:
        level = base + float(value) * scale
        shapes.append(Shape(limit_stage, "sum", "mark", ((0, level), (width, level)), filled=False))
        labels.append(Label(limit_stage, f"S = {tex(value)}", width - 0.9, level + 0.45))
    return Figure(width, base + high * scale + 0.9, shapes, labels)


def _paren(term: sp.Expr) -> str:
    return r"\left(" + tex(term) + r"\right)" if term.could_extract_minus_sign() else tex(term)


KINDS = {"series": geometric}
