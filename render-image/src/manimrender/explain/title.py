"""The problem's title as typeset maths ("Differentiate x² sin x" with a real superscript, not raw ``x^2``).

It is written from the parsed problem (SymPy's LaTeX), never from the person's text, so nothing they typed
reaches TeX. The words are in :data:`WORDS`, each a template with the maths as a parameter.
"""

from __future__ import annotations

import sympy as sp

from manimrender.catalog import current
from manimrender.explain.parsing import Problem

WORDS = {
    "derivative": r"\text{Differentiate }{expr}",
    "first_principles": r"\text{Differentiate }{expr}\text{ from first principles}",
    "at": r"{title}\text{ at }{var} = {point}",
    "integral": r"\text{Find }{expr}",
    "limit": r"\text{Find }{expr}",
    "solve": r"\text{Solve }{expr}",
    "system": r"\text{Solve }{expr}",
    "simplify": r"\text{Simplify }{expr}",
    "factor": r"\text{Factor }{expr}",
    "expand": r"\text{Expand }{expr}",
    "evaluate": r"\text{Evaluate }{expr}",
    "plot": r"\text{Plot }y = {expr}",
    "tangent": r"\text{Tangent to }y = {expr}",
    "stationary": r"\text{Stationary points of }y = {expr}",
}


def _tex(expr) -> str:
    return sp.latex(expr, ln_notation=True)


def fill(template: str, **parts: object) -> str:
    """``template`` with each ``{name}`` replaced (str.format would trip over LaTeX's braces)."""
    for name, value in parts.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def in_tex(templates: dict[str, dict[str, str]], which: str, **parts: object) -> str:
    """A kind's own TeX with words in it: ``templates["en"][which]`` in English; in any other language
    ``templates["maths"][which]``, the maths alone, since TeX sets Latin script only (the words are in the
    heading)."""
    return fill(templates["en" if current() == "en" else "maths"][which], **parts)


# The same titles without words: TeX sets Latin script only, so a video in another language shows the maths
# here and its words in the heading above it (Manim's Text, with the script's font).
MATHS_ONLY = {kind: "{expr}" for kind in WORDS} | {
    "derivative": r"\left({expr}\right)'",
    "first_principles": r"\left({expr}\right)'",
    "at": r"{title},\quad {var} = {point}",
    "plot": "y = {expr}",
    "tangent": "y = {expr}",
    "stationary": "y = {expr}",
}


def title_latex(p: Problem, words: bool = True) -> str:
    """The title; ``words=False`` gives the maths alone (:data:`MATHS_ONLY`)."""
    templates = WORDS if words else MATHS_ONLY
    if p.kind == "derivative":
        title = fill(templates["first_principles" if p.first_principles else "derivative"], expr=_tex(p.expr))
        if p.point is not None:
            title = fill(templates["at"], title=title, var=_tex(p.var), point=_tex(p.point))
        return title
    if p.kind == "integral":
        bounds = (p.var,) if p.lower is None else (p.var, p.lower, p.upper)
        return fill(templates["integral"], expr=_tex(sp.Integral(p.expr, bounds)))
    if p.kind == "limit":
        arrow = {"+": "^+", "-": "^-"}.get(p.direction, "")
        limit = r"\lim_{" + _tex(p.var) + r" \to " + _tex(p.point) + arrow + "} " + _tex(p.expr)
        return fill(templates["limit"], expr=limit)
    if p.kind in ("solve", "system"):
        shown = r",\ ".join(_tex(e.lhs) + " = " + _tex(e.rhs) for e in p.equations)
        return fill(templates[p.kind], expr=shown)
    if p.kind == "tangent":
        return fill(
            templates["at"], title=fill(templates["tangent"], expr=_tex(p.expr)), var=_tex(p.var), point=_tex(p.point)
        )
    if p.kind == "evaluate" and p.point is not None:
        return fill(
            templates["at"], title=fill(templates["evaluate"], expr=_tex(p.expr)), var=_tex(p.var), point=_tex(p.point)
        )
    return fill(templates[p.kind], expr=_tex(p.expr))
