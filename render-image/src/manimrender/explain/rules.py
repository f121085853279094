"""The rules that carry a calculus step, written out with their parts: the product, quotient and chain rules
(u, v, u', v', then the rule with them put in) and integration by parts (u, dv, du, v).

A student learns the rule from seeing its parts named, so each rule becomes three or four lines instead of
one "use the product rule". Every part is computed with SymPy. ``\\hl{...}`` marks a term the scene colours
(it defines the macro with the theme's highlight colour); in the product and quotient rules u and u' have one
colour and v and v' another, from the letters of the rule to the regrouped line (:mod:`.pieces`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from manimrender.catalog import word
from manimrender.explain import pieces

if TYPE_CHECKING:
    from manimrender.explain.steps import Step

# Every sentence of this module is in the catalog (manimrender.catalog), under "rules.*".


def tex(expr) -> str:
    return sp.latex(expr, ln_notation=True)


def hl(latex: str) -> str:
    """A highlighted piece of LaTeX (the scene's ``\\hl`` macro colours it)."""
    return r"\hl{" + latex + "}"


def paren(expr) -> str:
    body = tex(expr)
    return (
        body
        if expr.is_Atom or expr.is_Function or (expr.is_Pow and expr.base.is_Atom)
        else r"\left(" + body + r"\right)"
    )


def _say(expr) -> str:
    from manimrender.explain.steps import say  # steps imports this module; say is its one writer of maths

    return say(expr)


def derivative_rule_steps(term, x) -> list:
    """Lines that write out the rule ``term`` needs (product, quotient or chain), or [] for a plain term."""
    from manimrender.explain.steps import Step

    coeff, rest = term.as_independent(x, as_Add=False)
    u_v = _u_v(term, x)
    if u_v is not None:
        rule, _coeff, u, v = u_v
        return _u_v_steps(rule, rest, u, v, x)
    inner = _inner(rest, x)
    if inner is not None:
        g = sp.Symbol("g")
        outer = rest.subs(inner, g)
        douter = sp.diff(outer, g)
        dinner = sp.diff(inner, x)
        return [
            Step(
                rf"g = {tex(inner)}, \quad {tex(rest)} = {tex(outer)}",
                word("rules.chain_parts", term=_say(rest), inner=_say(inner), outer=_say(outer)),
            ),
            Step(
                rf"\frac{{d}}{{dx}}\,{paren(outer)} = {paren(douter)} \cdot g' = "
                rf"{paren(douter.subs(g, inner))} \cdot {hl(paren(dinner))}",
                word("rules.chain_rule", dinner=_say(dinner)),
            ),
        ]
    return []


def _u_v(term: sp.Expr, x: sp.Symbol) -> tuple[str, sp.Expr, sp.Expr, sp.Expr] | None:
    """(rule, coefficient, u, v) when ``term`` is differentiated by the product or quotient rule, else None."""
    coeff, rest = term.as_independent(x, as_Add=False)
    numerator, denominator = sp.fraction(rest)
    if denominator.has(x) and numerator.has(x):
        return "quotient", coeff, numerator, denominator
    factors = [f for f in sp.Mul.make_args(rest) if f.has(x)]
    if len(factors) >= 2:
        return "product", coeff, factors[0], sp.Mul(*factors[1:])
    return None


def _rule_pieces(rule: str, u: sp.Expr, v: sp.Expr, du: sp.Expr, dv: sp.Expr) -> list[str]:
    """The product or quotient rule, its letters coloured, then with u, v, u' and v' put in, each in its
    letter's colour (u and u' in one, v and v' in the other)."""
    ua, ub = pieces.in_a("u"), pieces.in_b("v")
    da, db = pieces.in_a("u'"), pieces.in_b("v'")
    first = [*pieces.factor(du, pieces.in_a), r"\cdot", *pieces.factor(v, pieces.in_b)]
    second = [*pieces.factor(u, pieces.in_a), r"\cdot", *pieces.factor(dv, pieces.in_b)]
    # the rule in letters is one piece: it stays where it is and only the parts put in travel on (cut into
    # pieces, its brackets and fraction bar would fly into the next line with the parts')
    if rule == "product":
        return [f"({ua}{ub})' = {da}{ub} + {ua}{db}", "=", *first, "+", *second]
    formula = rf"\left(\frac{{{ua}}}{{{ub}}}\right)' = \frac{{{da}{ub} - {ua}{db}}}{{{ub}^{{2}}}}"
    return [formula, "=", r"\frac{", *first, "-", *second, "}{", *pieces.squared(v, pieces.in_b), "}"]


def _u_v_steps(rule: str, rest, u, v, x) -> list:
    """The product or quotient rule written out: u and v, their derivatives, the rule with them put in."""
    from manimrender.explain.steps import Step

    du, dv = sp.diff(u, x), sp.diff(v, x)
    named = [pieces.in_a("u"), "=", pieces.in_a(tex(u)), r",\quad", pieces.in_b("v"), "=", pieces.in_b(tex(v))]
    derived = [pieces.in_a("u'"), "=", pieces.in_a(tex(du)), r",\quad", pieces.in_b("v'"), "=", pieces.in_b(tex(dv))]
    put_in = _rule_pieces(rule, u, v, du, dv)
    return [
        Step(pieces.joined(named), word(f"rules.{rule}_parts", term=_say(rest), u=_say(u), v=_say(v)), tuple(named)),
        Step(pieces.joined(derived), word(f"rules.{rule}_derivs", du=_say(du), dv=_say(dv)), tuple(derived)),
        Step(pieces.joined(put_in), word(f"rules.{rule}_rule"), tuple(put_in)),
    ]


def regrouped_step(term: sp.Expr, x: sp.Symbol, caption: str) -> Step | None:
    """The line after the product or quotient rule: the parts multiplied out and put in the order people write
    them, each keeping its colour (the scene moves each one from the rule to its new place); None for a term
    that takes neither rule."""
    from manimrender.explain.steps import Step

    u_v = _u_v(term, x)
    if u_v is None:
        return None
    rule, coeff, u, v = u_v
    du, dv = sp.diff(u, x), sp.diff(v, x)
    first, second = [(du, pieces.in_a), (v, pieces.in_b)], [(u, pieces.in_a), (dv, pieces.in_b)]
    if rule == "product":
        a, b = coeff * du * v, coeff * u * dv
        if sp.Add(a, b).as_ordered_terms() == [b, a]:  # in the order SymPy (and a textbook) writes the sum
            first, second = second, first
        line = ["=", *pieces.written_term(first, coeff, first=True), *pieces.written_term(second, coeff)]
    else:
        front = [] if coeff == 1 else ["-"] if coeff == -1 else [tex(coeff)]
        top = [*pieces.written_term(first, first=True), *pieces.written_term(second, sp.S.NegativeOne)]
        line = ["=", *front, r"\frac{", *top, "}{", *pieces.squared(v, pieces.in_b), "}"]
    return Step(pieces.joined(line), caption, tuple(line))


def _inner(rest, x):
    """The inside of a composite ``rest`` (something other than x itself inside a function or power)."""
    if rest.is_Function and len(rest.args) == 1 and rest.args[0] != x and rest.args[0].has(x):
        return rest.args[0]
    if rest.is_Pow and rest.base != x and rest.base.has(x) and not rest.exp.has(x):
        return rest.base
    if rest.is_Pow and rest.base == sp.E and rest.exp != x and rest.exp.has(x):
        return rest.exp
    return None


def _is_parts_pair(u, dv, x) -> bool:
    return u.is_polynomial(x) and sp.degree(u, x) >= 1 and not dv.is_polynomial(x)


def by_parts(f, x):
    """(u, dv) when ``f`` is a product integrated by parts (LIATE: a logarithm or polynomial is u), else None."""
    coeff, rest = f.as_independent(x, as_Add=False)
    factors = sp.Mul.make_args(rest)
    logs = [g for g in factors if isinstance(g, sp.log)]
    if logs and len(factors) >= 2:
        u = logs[0]
        return u, sp.Mul(*[g for g in factors if g is not u]) * coeff
    polys = [g for g in factors if g.is_polynomial(x)]
    others = [g for g in factors if not g.is_polynomial(x)]
    if polys and len(others) == 1 and (others[0].is_Function or others[0].is_Pow and others[0].base == sp.E):
        u = sp.Mul(*polys)
        if _is_parts_pair(u, others[0], x):
            return u, others[0] * coeff
    return None


def parts_steps(f, x) -> list:
    """Integration by parts written out (u, dv, du, v, the formula, the rest), or [] when it is not needed."""
    from manimrender.explain.steps import Step

    pair = by_parts(f, x)
    if pair is None:
        return []
    u, dv = pair
    du, v = sp.diff(u, x), sp.integrate(dv, x)
    rest = sp.integrate(v * du, x)
    if rest.has(sp.Integral):
        return []
    return [
        Step(r"\int u\,dv = uv - \int v\,du", word("rules.parts_rule")),
        Step(rf"u = {hl(tex(u))}, \quad dv = {tex(dv)}\,dx", word("rules.parts_choose", u=_say(u), dv=_say(dv))),
        Step(rf"du = {tex(du)}\,dx, \quad v = {tex(v)}", word("rules.parts_derive", du=_say(du), v=_say(v))),
        Step(rf"= {paren(u)}\,{paren(v)} - \int {paren(v * du)}\,dx", word("rules.parts_apply")),
        Step(rf"= {tex(sp.expand(u * v - rest))} + C", word("rules.parts_finish")),
    ]
