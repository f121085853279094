"""Works a :class:`Problem` out step by step with SymPy: the lines to show, a caption for each, the result.

Every line is computed here (never typed in), so what the video shows is what SymPy derived. Captions are
plain sentences (they become subtitles and narration), with maths written the way people type it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import sympy as sp

from manimrender.catalog import current, word
from manimrender.explain.figures import Figure
from manimrender.explain.graphs import Graph, function_graph, lines_graph, numeric, tangent_graph, turning_points
from manimrender.explain.parsing import Problem
from manimrender.explain.pieces import in_a, in_b, joined, plain, same_writing, written_term
from manimrender.explain.rules import derivative_rule_steps, hl, parts_steps, regrouped_step

MAX_RULES_WRITTEN = 2  # terms whose rule is written out with its parts (more would make the video long)


@dataclass(frozen=True)
class Step:
    latex: str
    caption: str
    # the line cut into the pieces a transform keeps matched with the line before (terms that stay travel to
    # their new place, cancelled ones fade); empty: the line turns into the next as a whole
    parts: tuple = ()


def parts_of(latex: str, pieces) -> tuple:
    """``latex`` cut around each of ``pieces`` (whole terms, so no cut falls inside a superscript or group)."""
    pieces = sorted({p for p in pieces if p}, key=len, reverse=True)
    out, rest = [], latex
    while rest:
        found = [(rest.find(p), -len(p), p) for p in pieces if p in rest]
        if not found:
            out.append(rest)
            break
        at, _, piece = min(found)
        out += [rest[:at], piece]
        rest = rest[at + len(piece) :]
    return tuple(p.strip() for p in out if p.strip())


@dataclass(frozen=True)
class Explanation:
    kind: str
    heading: str
    steps: list
    result: object  # sympy expression, set of solutions, or {symbol: value}
    result_caption: str
    graph: Graph | None = None
    figure: Figure | None = None  # a picture of shapes (a proof, partial sums, outcomes) instead of a graph
    title: str = ""  # LaTeX of the title when the kind writes its own (the problem's words are never used)


def say(expr, order: str | None = None) -> str:
    """An expression as people type it: x² + 3x, sin(x), 1/2."""
    text = sp.sstr(expr, order=order)
    text = re.sub(r"\*\*2\b", "²", text)
    text = re.sub(r"\*\*3\b", "³", text)
    text = text.replace("**", "^")
    text = re.sub(r"(\d)\*(?=[a-zA-Z(])", r"\1", text)
    text = text.replace("*", "·")
    text = re.sub(
        r"\bexp\(([^()]*)\)", lambda m: "e^" + (m.group(1) if len(m.group(1)) == 1 else f"({m.group(1)})"), text
    )
    text = re.sub(r"\blog\(", "ln(", text)
    infinity = "infinity" if current() == "en" else "∞"  # read out in the language's word (speech.infinity)
    return text.replace("sqrt", "√").replace("oo", infinity).replace("E^", "e^")


def tex(expr, order: str | None = None) -> str:
    return sp.latex(expr, order=order, ln_notation=True)


def explain_problem(problem: Problem) -> Explanation:
    return _KINDS[problem.kind](problem)


# --- derivative -------------------------------------------------------------------------------------------


def _rule(term: sp.Expr, x: sp.Symbol) -> str:
    if not term.has(x):
        return word("derivative.rule_constant")
    coeff, rest = term.as_independent(x, as_Add=False)
    if rest == x or (rest.is_Pow and rest.base == x and not rest.exp.has(x)):
        return word("derivative.rule_power")
    if rest.is_Mul:
        factors = [f for f in rest.args if f.has(x)]
        if any(f.is_Pow and f.exp.is_negative for f in factors):
            return word("derivative.rule_quotient")
        return word("derivative.rule_product")
    if rest.is_Pow and rest.exp.has(x):
        return word("derivative.rule_exponential_chain" if rest.exp != x else "derivative.rule_exponential")
    if rest.is_Pow:
        return word("derivative.rule_chain_power")
    if rest.is_Function:
        inner = rest.args[0]
        name = type(rest).__name__
        return word("derivative.rule_function_chain" if inner != x else "derivative.rule_function", name=name)
    return word("derivative.rule_general")


def _derivative(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    derivative = sp.simplify(sp.diff(f, x))
    if p.first_principles:
        steps, graph_x0 = _first_principles(f, x, derivative), p.point if p.point is not None else sp.Integer(1)
        heading = word("derivative.heading_first_principles")
    else:
        steps, graph_x0 = _derivative_rules(f, x, derivative), p.point if p.point is not None else sp.Integer(1)
        heading = word("derivative.heading")
    result = derivative
    closing = word("derivative.closing", f=say(f), d=say(derivative))
    if p.point is not None:
        value = sp.simplify(derivative.subs(x, p.point))
        steps.append(
            Step(f"f'({tex(p.point)}) = {tex(value)}", word("derivative.at", x=x, a=say(p.point), value=say(value)))
        )
        result = value
        closing = word("derivative.closing_at", x=x, a=say(p.point), value=say(value))
    if p.claim is not None:
        if sp.simplify(p.claim - derivative) == 0:
            closing += " " + word("derivative.claim_right", claim=say(p.claim))
        else:
            closing += " " + word("derivative.claim_wrong", claim=say(p.claim), d=say(derivative))
    graph = tangent_graph(
        f,
        x,
        derivative,
        graph_x0,
        secant=p.first_principles,
        caption=(
            word("derivative.picture_secant")
            if p.first_principles
            else word("derivative.picture_tangent", x=x, a=say(graph_x0), m=say(derivative.subs(x, graph_x0)))
        ),
    )
    return Explanation("derivative", heading, steps, result, closing, graph)


def _derivative_rules(f, x, derivative) -> list:
    d = sp.Derivative(f, x)
    steps = [Step(tex(d), word("derivative.want", f=say(f), x=x))]
    terms = (sp.expand(f) if f.is_Add else f).as_ordered_terms()
    if len(terms) > 1:
        split = sp.Add(*[sp.Derivative(t, x) for t in terms], evaluate=False)
        steps.append(
            Step(
                "= " + tex(split),
                word("derivative.sum"),
            )
        )
    written_out = [t for t in terms if derivative_rule_steps(t, x)][:MAX_RULES_WRITTEN]
    for t in written_out:
        steps += derivative_rule_steps(t, x)
    parts = [sp.diff(t, x) for t in terms]
    rules = []
    for t in terms:
        rule = _rule(t, x)
        if rule not in rules:
            rules.append(rule)
    worked = sp.Add(*parts, evaluate=False) if len(parts) > 1 else parts[0]
    how = word("derivative.tidy") if written_out and len(terms) == 1 else word("derivative.use", rules="; ".join(rules))
    # one product or quotient: its parts, in their colours, move from the rule to where they stand multiplied out
    regrouped = regrouped_step(terms[0], x, how) if written_out and len(terms) == 1 else None
    steps.append(regrouped or Step("= " + tex(worked), how))
    if not same_writing(steps[-1].latex, "= " + tex(derivative)):
        steps.append(Step("= " + tex(derivative), word("derivative.simplify")))
    return steps


def _first_principles(f, x, derivative) -> list:
    h = sp.Symbol("h")
    written = "rev-lex"  # x before h: (x + h)², 2hx + h², as people write them
    shifted = f.subs(x, x + h)
    quotient = r"\lim_{h \to 0} \frac{%s - %s}{h}"
    steps = [
        Step(
            r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
            word("derivative.fp_definition"),
        ),
        Step(
            "= " + quotient % (_paren(shifted, written), _paren(f)),
            word("derivative.fp_shifted", f=say(f), shifted=say(shifted, written)),
        ),
    ]
    numerator = sp.expand(sp.expand_trig(shifted - f))
    if numerator.is_polynomial(h):
        expanded = sp.expand(shifted)
        cancelling = set(sp.Add.make_args(sp.expand(f))) & set(sp.Add.make_args(expanded))
        kept = [tex(-t if t.could_extract_minus_sign() else t) for t in numerator.as_ordered_terms(order=written)]
        frame = [r"= \lim_{h \to 0}", r"\frac{", "}{h}"]
        if cancelling:
            top = _terms_tex(expanded, written, cancelling) + " - " + hl(_paren(f))
            latex = r"= \lim_{h \to 0} \frac{%s}{h}" % top
            marked = [hl(tex(-t if t.could_extract_minus_sign() else t)) for t in cancelling] + [hl(_paren(f))]
            steps.append(
                Step(
                    latex,
                    word("derivative.fp_expand_cancel", f=say(f)),
                    parts_of(latex, frame + kept + marked),
                )
            )
        latex = r"= \lim_{h \to 0} \frac{%s}{h}" % _terms_tex(numerator, written, set())
        steps.append(Step(latex, word("derivative.fp_cancel"), parts_of(latex, frame + kept) if cancelling else ()))
        reduced = sp.expand(sp.cancel(numerator / h))
        steps.append(
            Step(
                r"= \lim_{h \to 0} \left(%s\right)" % tex(reduced, written),
                word("derivative.fp_divide_h"),
            )
        )
        steps.append(Step("= " + tex(derivative), word("derivative.fp_h_to_zero")))
    elif not _regrouped(f, x, h, derivative, steps):
        steps.append(
            Step(
                r"= \lim_{h \to 0} \frac{%s}{h}" % tex(sp.expand(sp.expand_trig(shifted)) - f),
                word("derivative.fp_expand_top"),
            )
        )
        steps.append(
            Step(
                "= " + tex(derivative),
                word("derivative.fp_standard_limits"),
            )
        )
    return steps


def _with_factor(common, rest) -> str:
    """``common`` (highlighted) times ``rest``, in LaTeX: the factor about to be cancelled stands out."""
    shown = hl(_paren(sp.factor(common)))
    return shown if rest == 1 else shown + _paren(sp.factor(rest))


def _terms_tex(expr, order, marked) -> str:
    """A sum written term by term in ``order``, the terms in ``marked`` highlighted."""
    out = ""
    for i, term in enumerate(expr.as_ordered_terms(order=order)):
        negative = term.could_extract_minus_sign()
        body = tex(-term if negative else term)
        body = hl(body) if term in marked else body
        out += ("- " if negative else ("+ " if i else "")) + body + " "
    return out.strip()


def _regrouped(f, x, h, derivative, steps) -> bool:
    """For sin, cos and e^x: the addition formula, the terms regrouped around sin x, cos x or e^x, and the two
    standard limits, appended to ``steps``; False (nothing appended) when ``f`` does not regroup that way.

    Each function of x has its colour from the line f(x+h) - f(x) on, and the lines are cut into their terms:
    the scene moves each term to its place in the next line, so the two sin x of the expanded top visibly
    become the one sin x they are collected under, and what the limits leave travels into the answer."""
    keys = [sp.sin(x), sp.cos(x), sp.exp(x)]
    expanded = sp.expand(sp.expand_trig(f.subs(x, x + h)), power_exp=True)
    numerator = sp.expand(expanded - f)
    groups = sp.collect(numerator, keys, evaluate=False)
    if not groups or sp.S.One in groups or len(groups) > 2:
        return False
    limits = {k: sp.limit(c / h, h, 0) for k, c in groups.items()}
    if any(not v.is_finite for v in limits.values()):
        return False
    order = [k for k in keys if k in groups]
    paints = dict(zip(order, (in_a, in_b)[: len(order)], strict=True))
    limit = ["=", r"\lim_{h \to 0}"]
    minus_f = _keyed_terms(sp.expand(-f).as_ordered_terms(), paints, leading=False)
    # the top as a textbook writes it: the terms of sin x first, then those of cos x, then - f(x)
    by_key = sorted(expanded.as_ordered_terms(), key=lambda t: min([order.index(k) for k in order if t.has(k)] or [9]))
    # the line before, f(x+h) - f(x), cut into terms too: its - f(x) travels on into the expanded top
    shifted = [*limit, r"\frac{", _paren(f.subs(x, x + h), "rev-lex"), *minus_f, "}{h}"]
    steps[-1] = dataclasses.replace(steps[-1], latex=joined(shifted), parts=tuple(shifted))
    top = [*limit, r"\frac{", *_keyed_terms(by_key, paints), *minus_f, "}{h}"]
    regrouped = [*limit, r"\left("]
    for i, k in enumerate(order):
        regrouped += ["+"] * bool(i) + [paints[k](tex(k)), r"\cdot", r"\frac{"]
        for j, t in enumerate(groups[k].as_ordered_terms()):
            coeff, rest = t.as_coeff_Mul()
            regrouped += written_term([(rest, plain)], coeff, first=j == 0)
        regrouped.append("}{h}")
    regrouped.append(r"\right)")
    limited = ["="]
    for i, k in enumerate(order):
        limited += ["+"] * bool(i) + [paints[k](tex(k)), r"\cdot", _paren(limits[k])]
    standard = "; ".join(word("derivative.fp_goes_to", g=say(groups[k]), value=say(limits[k])) for k in order)
    steps.append(Step(joined(top), word("derivative.fp_addition"), tuple(top)))
    steps.append(Step(joined(regrouped), word("derivative.fp_regroup"), tuple(regrouped)))
    steps.append(Step(joined(limited), word("derivative.fp_as_h", limits=standard), tuple(limited)))
    left = ["=", *_keyed_terms(sp.expand(derivative).as_ordered_terms(), paints)]
    if same_writing(joined(left), "= " + tex(derivative)):  # what is left of the terms travels into the answer
        steps.append(Step(joined(left), word("derivative.fp_leaves"), tuple(left)))
    else:
        steps.append(Step("= " + tex(derivative), word("derivative.fp_leaves")))
    return True


def _keyed_terms(terms, paints, leading: bool = True) -> list:
    """Pieces of a sum whose terms are a number times one function of x (a key of ``paints``) times the rest:
    the function in its colour, first after the number; a term with no such function stays whole. ``leading``:
    the sum starts the expression (no plus sign in front)."""
    out = []
    for i, t in enumerate(terms):
        coeff, body = t.as_coeff_Mul()
        keys = [k for k in paints if k in sp.Mul.make_args(body)]
        factors = [(keys[0], paints[keys[0]]), (body / keys[0], plain)] if len(keys) == 1 else [(body, plain)]
        out += written_term(factors, coeff, first=leading and i == 0)
    return out


def _paren(expr, order: str | None = None) -> str:
    body = tex(expr, order)
    if expr.is_number and expr.is_real and expr.is_negative:
        return r"\left(" + body + r"\right)"
    return body if expr.is_Atom or expr.is_Function or expr.is_Pow else r"\left(" + body + r"\right)"


# --- integral ---------------------------------------------------------------------------------------------


def _integral(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    antiderivative = sp.integrate(f, x)
    if antiderivative.has(sp.Integral):
        raise ValueError("no closed-form antiderivative")
    terms = sp.Add.make_args(sp.expand(f))
    if p.lower is None:
        steps = [Step(tex(sp.Integral(f, x)), word("integral.want", f=say(f)))]
        by_parts = parts_steps(f, x)
        if by_parts:
            closing = word("integral.closing", f=say(f), F=say(sp.simplify(antiderivative)))
            return Explanation(
                "integral",
                word("integral.heading_parts"),
                steps + by_parts,
                sp.simplify(antiderivative),
                closing,
                function_graph(f, x),
            )
        if len(terms) > 1:
            steps.append(
                Step(
                    "= " + tex(sp.Add(*[sp.Integral(t, x) for t in terms], evaluate=False)),
                    word("integral.term_by_term"),
                )
            )
        parts = sp.Add(*[sp.integrate(t, x) for t in terms], evaluate=False) if len(terms) > 1 else antiderivative
        steps.append(Step("= " + tex(parts) + " + C", _integration_rule(terms, x)))
        if tex(sp.simplify(antiderivative)) != tex(parts):
            steps.append(Step("= " + tex(sp.simplify(antiderivative)) + " + C", word("integral.simplify")))
        closing = word("integral.closing", f=say(f), F=say(sp.simplify(antiderivative)))
        return Explanation(
            "integral", word("integral.heading"), steps, sp.simplify(antiderivative), closing, function_graph(f, x)
        )
    a, b = p.lower, p.upper
    value = sp.simplify(sp.integrate(f, (x, a, b)))
    steps = [
        Step(tex(sp.Integral(f, (x, a, b))), word("integral.area_want", f=say(f), x=x, a=say(a), b=say(b))),
        Step(
            r"= \left[ %s \right]_{%s}^{%s}" % (tex(antiderivative), tex(a), tex(b)),
            word("integral.antiderivative", rule=_integration_rule(terms, x)),
        ),
        Step(
            "= " + _paren(antiderivative.subs(x, b)) + " - " + _paren(antiderivative.subs(x, a)),
            word("integral.evaluate", a=say(a), b=say(b)),
        ),
        Step("= " + tex(value) + _approx(value), word("integral.work")),
    ]
    below = numeric(f.subs(x, (a + b) / 2)) is not None and numeric(f.subs(x, (a + b) / 2)) < 0
    closing = word("integral.area_closing_negative" if below else "integral.area_closing", value=say(value))
    return Explanation(
        "integral",
        word("integral.heading_definite"),
        steps,
        value,
        closing,
        function_graph(
            f,
            x,
            area=(a, b),
            center=((a + b) / 2),
            early=True,
            caption=word("integral.picture", x=x, a=say(a), b=say(b)),
            area_label="A = " + tex(value) + _approx(value),
        ),
    )


def _integration_rule(terms, x) -> str:
    if len(terms) == 1 and parts_steps(terms[0], x):
        return word("integral.rule_parts")
    if all(t.is_polynomial(x) for t in terms):
        return word("integral.rule_power")
    return word("integral.rule_standard")


def _approx(value) -> str:
    if value.is_Rational or value.is_Integer or not value.is_number or value.has(sp.oo, -sp.oo, sp.zoo):
        return ""
    return r" \approx %s" % f"{float(value):.4g}"


# --- limit ------------------------------------------------------------------------------------------------


def _limit(p: Problem) -> Explanation:
    f, x, a = p.expr, p.var, p.point
    value = sp.limit(f, x, a, p.direction) if p.direction != "+-" else sp.limit(f, x, a, "+-")
    lim = r"\lim_{%s \to %s%s}" % (tex(x), tex(a), {"+": "^+", "-": "^-"}.get(p.direction, ""))
    steps = [Step(f"{lim} {tex(f)}", word("limit.want", f=say(f), x=x, a=say(a)))]
    direct = f.subs(x, a) if a.is_finite else None
    if direct is not None and direct.is_finite and not direct.has(sp.nan, sp.zoo):
        steps.append(
            Step(
                "= " + tex(sp.simplify(direct)) + _approx(sp.simplify(direct)),
                word("limit.continuous", x=x, a=say(a)),
            )
        )
    else:
        numerator, denominator = sp.fraction(sp.together(f))
        if a.is_finite:
            steps.append(
                Step(
                    _substituting(x, a)
                    + (r"\frac{0}{0}" if numerator.subs(x, a) == 0 else r"\frac{%s}{0}" % tex(numerator.subs(x, a))),
                    word("limit.undefined", x=x, a=say(a)),
                )
            )
        cancelled = sp.cancel(f)
        if a.is_finite and cancelled != f and cancelled.subs(x, a).is_finite:
            common = sp.gcd(numerator, denominator)
            top, bottom = sp.cancel(numerator / common), sp.cancel(denominator / common)
            factored = f"= {lim} " + r"\frac{%s}{%s}" % (_with_factor(common, top), _with_factor(common, bottom))
            # the factor that cancels fades from the top and the bottom; what is left travels on
            pieces = [f"= {lim}", r"\frac{", "}{", hl(_paren(sp.factor(common))), _paren(cancelled)]
            steps.append(
                Step(
                    factored,
                    word("limit.factor", common=say(common)),
                    parts_of(factored, pieces),
                )
            )
            left = f"= {lim} {_paren(cancelled)}" + r" \qquad (%s \neq %s)" % (tex(x), tex(a))
            steps.append(
                Step(
                    left,
                    word("limit.cancel", common=say(common), x=x, a=say(a)),
                    parts_of(left, pieces),
                )
            )
            steps.append(Step("= " + tex(value), word("limit.substitute", x=x, a=say(a))))
        elif not a.is_finite:
            steps.append(
                Step(
                    "= " + tex(value),
                    word("limit.infinity", x=x),
                )
            )
        else:
            top, bottom = sp.diff(numerator, x), sp.diff(denominator, x)
            steps.append(
                Step(
                    f"= {lim} " + r"\frac{%s}{%s}" % (tex(top), tex(bottom)),
                    word("limit.lhopital"),
                )
            )
            steps.append(Step("= " + tex(value), word("limit.substitute", x=x, a=say(a))))
    if not value.is_finite and value not in (sp.oo, -sp.oo):
        raise ValueError("limit does not exist")
    closing = word("limit.closing", value=say(value))
    marks, holes = [], []
    if a.is_finite and value.is_finite:
        undefined = direct is None or not direct.is_finite or direct.has(sp.nan, sp.zoo)
        (holes if undefined else marks).append((float(a), float(value)) + (() if undefined else ("",)))
    caption = word("limit.hole", x=x, a=say(a), value=say(value)) if holes else ""
    graph = (
        function_graph(f, x, center=a if a.is_finite else 0, marks=marks, holes=holes, caption=caption)
        if value.is_finite
        else None
    )
    return Explanation("limit", word("limit.heading"), steps, value, closing, graph)


def _substituting(x, a) -> str:
    """The start of the line that shows what direct substitution gives (words only in English: TeX sets Latin
    script only)."""
    return r"\text{substituting gives } " if current() == "en" else tex(x) + " = " + tex(a) + r" \Rightarrow "


# --- equations --------------------------------------------------------------------------------------------


def _solve(p: Problem) -> Explanation:
    (equation,), x = p.equations, p.var
    expr = sp.expand(equation.lhs - equation.rhs)
    steps = [Step(tex(equation.lhs) + " = " + tex(equation.rhs), word("solve.want", x=x))]
    if equation.rhs != 0:
        steps.append(Step(tex(expr) + " = 0", word("solve.one_side")))
    solutions = sp.solveset(equation.lhs - equation.rhs, x, sp.S.Reals)
    if solutions == sp.S.EmptySet:
        solutions = []
    elif not isinstance(solutions, sp.FiniteSet):
        raise ValueError("not finitely many solutions")
    poly = sp.Poly(expr, x) if expr.is_polynomial(x) else None
    if poly is not None and poly.degree() == 1:
        a, b = poly.all_coeffs()
        if b != 0:
            steps.append(
                Step(
                    tex(a * x) + " = " + tex(-b),
                    word("solve.subtract", b=say(b)) if b > 0 else word("solve.add", b=say(-b)),
                )
            )
        if a != 1:
            steps.append(Step(f"{tex(x)} = {tex(-b / a)}", word("solve.divide", a=say(a))))
    elif poly is not None and poly.degree() == 2:
        a, b, c = poly.all_coeffs()
        factored = sp.factor(expr)
        rational = all(r.is_rational for r in sp.roots(poly).keys())
        if rational and factored.is_Mul or factored.is_Pow:
            # the pattern behind the factoring (two numbers, a difference of squares) when it stands on its own
            steps += [s for s in _factor_steps(expr) if not s.latex.startswith("= ")]
            steps.append(Step(tex(factored) + " = 0", word("solve.factor")))
            steps.append(Step(_or(x, solutions), word("solve.product_zero")))
        else:
            disc = b**2 - 4 * a * c
            steps.append(
                Step(
                    tex(x) + r" = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
                    word("solve.formula", a=say(a), b=say(b), c=say(c)),
                )
            )
            steps.append(
                Step(
                    tex(x) + r" = \frac{%s \pm \sqrt{%s}}{%s}" % (tex(-b), tex(disc), tex(2 * a)),
                    word("solve.discriminant", d=say(disc)),
                )
            )
            if disc < 0:
                steps.append(Step(_or(x, []), word("solve.negative")))
            else:
                steps.append(Step(_or(x, solutions, approx=True), word("solve.both_signs")))
    else:
        steps.append(Step(_or(x, solutions, approx=True), word("solve.solve_for", x=x)))
    count = len(solutions)
    closing = (
        word("solve.none")
        if count == 0
        else word("solve.closing", solutions=word("solve.or").join(f"{x} = {say(s)}" for s in _ordered(solutions)))
    )
    marks = [(float(s), 0.0, "") for s in _ordered(solutions)]
    graph = function_graph(
        expr,
        x,
        marks=marks,
        center=(sum(m[0] for m in marks) / len(marks)) if marks else 0,
        caption=word("solve.picture", f=say(expr)),
    )
    return Explanation("solve", word("solve.heading"), steps, sp.FiniteSet(*solutions), closing, graph)


def _ordered(solutions) -> list:
    return sorted(solutions, key=lambda s: float(sp.re(s)))


def _or(x, solutions, approx: bool = False) -> str:
    parts = [f"{tex(x)} = {tex(s)}" + (_approx(s) if approx else "") for s in _ordered(solutions)]
    if current() != "en":  # TeX sets Latin script only: other languages get the symbols, their words are spoken
        return r",\quad ".join(parts) if parts else tex(x) + r" \notin \mathbb{R}"
    return r" \quad \text{or} \quad ".join(parts) if parts else r"\text{no real solutions}"


def _system(p: Problem) -> Explanation:
    equations = p.equations
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=lambda s: s.name)
    solution = sp.solve(list(equations), symbols, dict=True)
    if len(solution) != 1 or len(solution[0]) != len(symbols):
        raise ValueError("not exactly one solution")
    solution = solution[0]
    rows = r" \\ ".join(tex(e.lhs) + " = " + tex(e.rhs) for e in equations)
    steps = [Step(r"\begin{cases} %s \end{cases}" % rows, word("system.want"))]
    if len(equations) == 2:
        first, second = equations
        x, y = symbols
        pivot = x if first.lhs.coeff(x) != 0 or first.rhs.coeff(x) != 0 else y
        other = y if pivot == x else x
        isolated = sp.solve(first, pivot)[0]
        steps.append(Step(f"{tex(pivot)} = {tex(isolated)}", word("system.isolate", pivot=pivot, value=say(isolated))))
        substituted = sp.Eq(second.lhs.subs(pivot, isolated), second.rhs.subs(pivot, isolated))
        steps.append(
            Step(
                f"{tex(sp.expand(substituted.lhs))} = {tex(substituted.rhs)}",
                word("system.substitute", other=other),
            )
        )
        steps.append(Step(f"{tex(other)} = {tex(solution[other])}", word("system.solve_for", other=other)))
        steps.append(
            Step(
                f"{tex(pivot)} = {tex(solution[pivot])}",
                word(
                    "system.back",
                    other=other,
                    value=say(solution[other]),
                    pivot=pivot,
                    pivot_value=say(solution[pivot]),
                ),
            )
        )
    else:
        steps.append(
            Step(
                r",\ ".join(f"{tex(s)} = {tex(solution[s])}" for s in symbols),
                word("system.eliminate"),
            )
        )
    closing = word("system.closing", values=", ".join(f"{s} = {say(solution[s])}" for s in symbols))
    graph = None
    if len(equations) == 2:
        x, y = symbols
        graph = lines_graph(equations, x, y, (solution[x], solution[y]))
        if graph is not None:
            graph = dataclasses.replace(
                graph,
                caption=word("system.picture", x=say(solution[x]), y=say(solution[y])),
            )
    return Explanation("system", word("system.heading"), steps, solution, closing, graph)


# --- simplify / factor / expand / evaluate / plot -----------------------------------------------------------

# the operation of each kind; its words are the catalog's "<kind>.heading", "<kind>.want" and "<kind>.how"
_TRANSFORMS = {"simplify": sp.simplify, "factor": sp.factor, "expand": sp.expand}


def _transform(p: Problem) -> Explanation:
    result = _TRANSFORMS[p.kind](p.expr)
    how = word(p.kind + ".how")
    steps = [Step(tex(p.expr), word(p.kind + ".want", expr=say(p.expr)))]
    if p.kind == "factor":
        pattern = _factor_steps(p.expr)
        steps += pattern
        how = word("factor.as_product") if pattern else how
    if p.kind == "expand" and p.expr.is_Pow and p.expr.exp.is_Integer and 1 < p.expr.exp <= 3:
        repeated = sp.Mul(*([p.expr.base] * int(p.expr.exp)), evaluate=False)
        steps.append(Step("= " + tex(repeated), word("expand.power")))
    steps.append(Step("= " + tex(result), how))
    closing = word("transform.closing", result=say(result))
    return Explanation(p.kind, word(p.kind + ".heading"), steps, result, closing, _same_graph(p, result))


def _factor_steps(expr) -> list:
    """The pattern a factoring uses, written out: a common factor, a difference of squares, or the two
    numbers of a monic quadratic."""
    if len(expr.free_symbols) != 1:
        return []
    x = next(iter(expr.free_symbols))
    steps, outside_tex = [], ""
    content, inner = sp.Poly(expr, x).terms_gcd() if expr.is_polynomial(x) else ((0,), None)
    if inner is not None and (content[0] > 0 or inner.LC() != 1 and inner.content() != 1):
        outside = x ** content[0] * inner.content()
        left = sp.expand(expr / outside)
        if outside != 1:
            steps.append(Step("= " + tex(outside) + _paren(left), word("factor.common", common=say(outside))))
            expr, outside_tex = left, tex(outside)
    if not expr.is_polynomial(x) or sp.degree(expr, x) != 2:
        return steps
    a2, b1, c0 = sp.Poly(expr, x).all_coeffs()
    if b1 == 0 and a2 > 0 and c0 < 0 and sp.sqrt(a2).is_rational and sp.sqrt(-c0).is_rational:
        a, b = sp.sqrt(a2) * x, sp.sqrt(-c0)
        steps.append(
            Step(
                "= " + _wrapped(outside_tex, r"\hl{%s}^{2} - \hl{%s}^{2}" % (_paren(a), _paren(b))),
                word("factor.squares", a=say(a), b=say(b)),
            )
        )
    elif a2 == 1 and c0 != 0:
        candidates = [sp.Integer(d) for d in sp.divisors(abs(c0))] if c0.is_Integer else []
        pair = [(r, c0 / r) for r in candidates + [-d for d in candidates] if r + c0 / r == b1]
        if pair:
            r, s_ = pair[0]
            steps.append(
                Step(
                    r"%s \cdot %s = %s, \quad %s + %s = %s"
                    % (_paren(r), _paren(s_), tex(c0), tex(r), _paren(s_), tex(b1)),
                    word("factor.pair", c=say(c0), b=say(b1), r=say(r), s=say(s_)),
                )
            )
    return steps


def _wrapped(outside: str, inner: str) -> str:
    return outside + r"\left(" + inner + r"\right)" if outside else inner


def _same_graph(p: Problem, result) -> Graph | None:
    """The graph of an expression in one variable, its zeros marked (and, when simplifying cancelled a
    factor, a hole where the original was undefined): the picture that says the two forms are equal."""
    if len(p.expr.free_symbols) != 1 or not result.free_symbols:
        return None  # a constant's graph is a flat line: it shows nothing about the step
    x = next(iter(p.expr.free_symbols))
    try:
        zeros = sp.solveset(result, x, sp.Interval(-10, 10))
        undefined = sp.solveset(sp.fraction(sp.together(p.expr))[1], x, sp.Interval(-10, 10))
    except Exception:  # noqa: BLE001  (SymPy cannot always solve; no picture then)
        return None
    zeros = _ordered(zeros) if isinstance(zeros, sp.FiniteSet) and len(zeros) <= 4 else []
    holes = [
        h for h in (_ordered(undefined) if isinstance(undefined, sp.FiniteSet) else []) if result.subs(x, h).is_finite
    ]
    marks = [(float(z), 0.0, "") for z in zeros if z.is_real]
    shown_holes = [(float(h), float(result.subs(x, h))) for h in holes]
    if holes:
        caption = word("same_graph.simplify_hole", x=x, holes=", ".join(say(h) for h in holes))
    elif p.kind == "factor" and zeros:
        caption = word("same_graph.factor", result=say(result), roots=", ".join(f"{x} = {say(z)}" for z in zeros))
    else:
        caption = word("same_graph.expand" if p.kind == "expand" else "same_graph.simplify")
    center = sum(m[0] for m in marks) / len(marks) if marks else 0
    return function_graph(p.expr, x, marks=marks, holes=shown_holes, center=center, caption=caption)


def _evaluate(p: Problem) -> Explanation:
    expr = p.expr
    steps = [Step(tex(expr), word("evaluate.want", expr=say(expr)))]
    if p.point is not None:
        shown = expr.subs(p.var, sp.UnevaluatedExpr(p.point))
        steps.append(Step("= " + tex(shown), word("evaluate.put", x=p.var, value=say(p.point))))
        expr = expr.subs(p.var, p.point)
    value = sp.simplify(expr.doit())
    if value.free_symbols or not value.is_finite:
        raise ValueError("not a number")
    steps.append(Step("= " + tex(value) + _approx(value), word("evaluate.work")))
    closing = word("evaluate.closing", value=say(value))
    return Explanation("evaluate", word("evaluate.heading"), steps, value, closing)


def _plot(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    steps = [Step("y = " + tex(f), word("plot.want", f=say(f)))]
    marks = []
    y0 = f.subs(x, 0)
    if y0.is_finite and y0.is_real:
        steps.append(Step(r"x = 0 \Rightarrow y = " + tex(y0), word("plot.y_axis", y=say(y0))))
        marks.append((0.0, float(y0), ""))
    try:
        roots = sp.solveset(f, x, sp.Interval(-10, 10))
    except Exception:  # noqa: BLE001  (SymPy cannot always solve; the graph still shows the curve)
        roots = sp.EmptySet
    if isinstance(roots, sp.FiniteSet) and 0 < len(roots) <= 4:
        steps.append(
            Step(
                r"y = 0 \Rightarrow " + _or(x, roots, approx=True),
                word("plot.x_axis", roots=", ".join(f"{x} = {say(r)}" for r in _ordered(roots))),
            )
        )
        marks += [(float(r), 0.0, "") for r in _ordered(roots)]
    turning = turning_points(f, x)
    if turning:
        steps.append(
            Step(
                r"y' = %s = 0 \Rightarrow " % tex(sp.diff(f, x))
                + r",\ ".join(f"({tex(sp.nsimplify(tx))}, {tex(sp.nsimplify(ty))})" for tx, ty in turning),
                word(
                    "plot.turns",
                    points=", ".join(f"({say(sp.nsimplify(tx))}, {say(sp.nsimplify(ty))})" for tx, ty in turning),
                ),
            )
        )
    graph = function_graph(f, x, marks=marks, center=0, turning=turning)
    return Explanation("plot", word("plot.heading"), steps, f, word("plot.closing", f=say(f)), graph)


_KINDS = {
    "derivative": _derivative,
    "integral": _integral,
    "limit": _limit,
    "solve": _solve,
    "system": _system,
    "simplify": _transform,
    "factor": _transform,
    "expand": _transform,
    "evaluate": _evaluate,
    "plot": _plot,
}


# Kinds in modules of their own register here (they import this module's Step, Explanation, say and tex).
def _register_more_kinds() -> None:
    from manimrender.explain import chance, curves, proofs, series

    for module in (curves, proofs, series, chance):
        _KINDS.update(module.KINDS)


_register_more_kinds()
