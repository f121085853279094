"""The rules that carry a calculus step, written out with their parts: the product, quotient and chain rules
(u, v, u', v', then the rule with them put in) and integration by parts (u, dv, du, v).

A student learns the rule from seeing its parts named, so each rule becomes three or four lines instead of
one "use the product rule". Every part is computed with SymPy. ``\\hl{...}`` marks a term the scene colours
(it defines the macro with the theme's highlight colour).
"""

from __future__ import annotations

import sympy as sp

from manimrender.catalog import word

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
    numerator, denominator = sp.fraction(rest)
    if denominator.has(x) and numerator.has(x):
        return _u_v_steps("quotient", rest, numerator, denominator, x)
    factors = [f for f in sp.Mul.make_args(rest) if f.has(x)]
    if len(factors) >= 2:
        return _u_v_steps("product", rest, factors[0], sp.Mul(*factors[1:]), x)
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


# the product and quotient rules, each as (u, v) -> (the rule, with u, v, u' and v' put in)
_U_V_RULES = {
    "product": (r"(uv)' = u'v + uv' = ", r"{du} \cdot {v} + {u} \cdot {dv}"),
    "quotient": (
        r"\left(\frac{u}{v}\right)' = \frac{u'v - uv'}{v^{2}} = ",
        r"\frac{{{du} \cdot {v} - {u} \cdot {dv}}}{{{v}^{{2}}}}",
    ),
}


def _u_v_steps(rule: str, rest, u, v, x) -> list:
    """The product or quotient rule written out: u and v, their derivatives, the rule with them put in."""
    from manimrender.explain.steps import Step

    du, dv = sp.diff(u, x), sp.diff(v, x)
    formula, put = _U_V_RULES[rule]
    filled = put.format(du=hl(paren(du)), v=paren(v), u=paren(u), dv=hl(paren(dv)))
    return [
        Step(
            rf"u = {tex(u)}, \quad v = {tex(v)}",
            word(f"rules.{rule}_parts", term=_say(rest), u=_say(u), v=_say(v)),
        ),
        Step(rf"u' = {tex(du)}, \quad v' = {tex(dv)}", word(f"rules.{rule}_derivs", du=_say(du), dv=_say(dv))),
        Step(formula + filled, word(f"rules.{rule}_rule")),
    ]


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
