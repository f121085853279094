"""Works a :class:`Problem` out step by step with SymPy: the lines to show, a caption for each, the result.

Every line is computed here (never typed in), so what the video shows is what SymPy derived. Captions are
plain sentences (they become subtitles and narration), with maths written the way people type it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import sympy as sp

from manimrender.explain.figures import Figure
from manimrender.explain.graphs import Graph, function_graph, lines_graph, numeric, tangent_graph, turning_points
from manimrender.explain.parsing import Problem
from manimrender.explain.rules import derivative_rule_steps, hl, parts_steps

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
    return text.replace("sqrt", "√").replace("oo", "infinity").replace("E^", "e^")


def tex(expr, order: str | None = None) -> str:
    return sp.latex(expr, order=order, ln_notation=True)


def explain_problem(problem: Problem) -> Explanation:
    return _KINDS[problem.kind](problem)


# --- derivative -------------------------------------------------------------------------------------------


def _rule(term: sp.Expr, x: sp.Symbol) -> str:
    if not term.has(x):
        return "a constant has derivative 0"
    coeff, rest = term.as_independent(x, as_Add=False)
    if rest == x or (rest.is_Pow and rest.base == x and not rest.exp.has(x)):
        return "the power rule: bring the power down and lower it by one"
    if rest.is_Mul:
        factors = [f for f in rest.args if f.has(x)]
        if any(f.is_Pow and f.exp.is_negative for f in factors):
            return "the quotient rule"
        return "the product rule"
    if rest.is_Pow and rest.exp.has(x):
        return "the exponential rule" + (", with the chain rule" if rest.exp != x else "")
    if rest.is_Pow:
        return "the chain rule with the power rule"
    if rest.is_Function:
        inner = rest.args[0]
        name = type(rest).__name__
        return f"the derivative of {name}" + (", with the chain rule for the inside" if inner != x else "")
    return "the rules of differentiation"


def _derivative(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    derivative = sp.simplify(sp.diff(f, x))
    if p.first_principles:
        steps, graph_x0 = _first_principles(f, x, derivative), p.point if p.point is not None else sp.Integer(1)
        heading = "Derivative from first principles"
    else:
        steps, graph_x0 = _derivative_rules(f, x, derivative), p.point if p.point is not None else sp.Integer(1)
        heading = "Derivative"
    result = derivative
    closing = f"So the derivative of {say(f)} is {say(derivative)}."
    if p.point is not None:
        value = sp.simplify(derivative.subs(x, p.point))
        steps.append(Step(f"f'({tex(p.point)}) = {tex(value)}", f"At {x} = {say(p.point)} the slope is {say(value)}."))
        result = value
        closing = f"So the slope at {x} = {say(p.point)} is {say(value)}."
    if p.claim is not None:
        if sp.simplify(p.claim - derivative) == 0:
            closing += f" That is the {say(p.claim)} we set out to show."
        else:
            closing += f" Note: {say(p.claim)} is not right; the derivative is {say(derivative)}."
    graph = tangent_graph(
        f,
        x,
        derivative,
        graph_x0,
        secant=p.first_principles,
        caption=(
            "As h shrinks, the line through the two points turns into the tangent line; its slope is the derivative."
            if p.first_principles
            else f"The tangent at {x} = {say(graph_x0)} has slope {say(derivative.subs(x, graph_x0))}: "
            "that is the derivative there."
        ),
    )
    return Explanation("derivative", heading, steps, result, closing, graph)


def _derivative_rules(f, x, derivative) -> list:
    d = sp.Derivative(f, x)
    steps = [Step(tex(d), f"We want the derivative of {say(f)} with respect to {x}.")]
    terms = (sp.expand(f) if f.is_Add else f).as_ordered_terms()
    if len(terms) > 1:
        split = sp.Add(*[sp.Derivative(t, x) for t in terms], evaluate=False)
        steps.append(
            Step(
                "= " + tex(split),
                "The derivative of a sum is the sum of the derivatives, so we take each term on its own.",
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
    how = "Multiply out and tidy up." if written_out and len(terms) == 1 else "Use " + "; ".join(rules) + "."
    steps.append(Step("= " + tex(worked), how))
    if sp.srepr(worked) != sp.srepr(derivative) and tex(worked) != tex(derivative):
        steps.append(Step("= " + tex(derivative), "Simplify."))
    return steps


def _first_principles(f, x, derivative) -> list:
    h = sp.Symbol("h")
    written = "rev-lex"  # x before h: (x + h)², 2hx + h², as people write them
    shifted = f.subs(x, x + h)
    quotient = r"\lim_{h \to 0} \frac{%s - %s}{h}"
    steps = [
        Step(
            r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
            "The derivative is the limit of the difference quotient: the slope of the line through "
            "two points of the curve, as the gap h between them shrinks to zero.",
        ),
        Step(
            "= " + quotient % (_paren(shifted, written), _paren(f)),
            f"Here f of x is {say(f)}, so f of x plus h is {say(shifted, written)}.",
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
                    f"Expand the top. The terms of f of x, {say(f)}, appear once with plus and once with minus.",
                    parts_of(latex, frame + kept + marked),
                )
            )
        latex = r"= \lim_{h \to 0} \frac{%s}{h}" % _terms_tex(numerator, written, set())
        steps.append(Step(latex, "So they cancel.", parts_of(latex, frame + kept) if cancelling else ()))
        reduced = sp.expand(sp.cancel(numerator / h))
        steps.append(
            Step(
                r"= \lim_{h \to 0} \left(%s\right)" % tex(reduced, written),
                "Every term left has a factor h, so divide it out.",
            )
        )
        steps.append(Step("= " + tex(derivative), "Now let h go to zero: the terms with h vanish."))
    elif _regrouped(f, x, h, steps):
        steps.append(Step("= " + tex(derivative), "That leaves the derivative."))
    else:
        steps.append(
            Step(r"= \lim_{h \to 0} \frac{%s}{h}" % tex(sp.expand(sp.expand_trig(shifted)) - f), "Expand the top.")
        )
        steps.append(
            Step(
                "= " + tex(derivative),
                "Let h go to zero, using the standard limits: sin(h)/h goes to 1, (cos(h) - 1)/h "
                "goes to 0, and (e^h - 1)/h goes to 1.",
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


def _regrouped(f, x, h, steps) -> bool:
    """For sin, cos and e^x: the addition formula, the terms regrouped around sin x, cos x or e^x, and the two
    standard limits, appended to ``steps``; False (nothing appended) when ``f`` does not regroup that way."""
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
    regrouped = " + ".join(r"%s \cdot \frac{%s}{h}" % (hl(tex(k)), tex(groups[k])) for k in order)
    limited = " + ".join(r"%s \cdot %s" % (hl(tex(k)), _paren(limits[k])) for k in order)
    standard = "; ".join(f"({say(groups[k])})/h goes to {say(limits[k])}" for k in order)
    steps.append(
        Step(
            r"= \lim_{h \to 0} \frac{%s - %s}{h}" % (tex(expanded), _paren(f)),
            "Expand f of x plus h: the addition formula for sine and cosine, or e to the x plus h is e to the x "
            "times e to the h.",
        )
    )
    steps.append(
        Step(
            r"= \lim_{h \to 0} \left(%s\right)" % regrouped,
            "Regroup: collect the terms with the same function of x, so each piece has a limit we know.",
        )
    )
    steps.append(Step("= " + limited, f"As h goes to zero: {standard}."))
    return True


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
        steps = [Step(tex(sp.Integral(f, x)), f"We want a function whose derivative is {say(f)}.")]
        by_parts = parts_steps(f, x)
        if by_parts:
            closing = (
                f"So the integral of {say(f)} is {say(sp.simplify(antiderivative))} plus a constant C; "
                f"differentiating it gives back {say(f)}."
            )
            return Explanation(
                "integral",
                "Integration by parts",
                steps + by_parts,
                sp.simplify(antiderivative),
                closing,
                function_graph(f, x),
            )
        if len(terms) > 1:
            steps.append(
                Step("= " + tex(sp.Add(*[sp.Integral(t, x) for t in terms], evaluate=False)), "Integrate term by term.")
            )
        parts = sp.Add(*[sp.integrate(t, x) for t in terms], evaluate=False) if len(terms) > 1 else antiderivative
        steps.append(Step("= " + tex(parts) + " + C", _integration_rule(terms, x)))
        if tex(sp.simplify(antiderivative)) != tex(parts):
            steps.append(Step("= " + tex(sp.simplify(antiderivative)) + " + C", "Simplify."))
        closing = (
            f"So the integral of {say(f)} is {say(sp.simplify(antiderivative))} plus a constant C; "
            f"differentiating it gives back {say(f)}."
        )
        return Explanation(
            "integral", "Indefinite integral", steps, sp.simplify(antiderivative), closing, function_graph(f, x)
        )
    a, b = p.lower, p.upper
    value = sp.simplify(sp.integrate(f, (x, a, b)))
    steps = [
        Step(tex(sp.Integral(f, (x, a, b))), f"We want the area under {say(f)} from {x} = {say(a)} to {x} = {say(b)}."),
        Step(
            r"= \left[ %s \right]_{%s}^{%s}" % (tex(antiderivative), tex(a), tex(b)),
            "Find an antiderivative. " + _integration_rule(terms, x),
        ),
        Step(
            "= " + _paren(antiderivative.subs(x, b)) + " - " + _paren(antiderivative.subs(x, a)),
            f"Evaluate it at the top limit {say(b)} and subtract its value at the bottom limit {say(a)}.",
        ),
        Step("= " + tex(value) + _approx(value), "Work it out."),
    ]
    closing = f"So the area is {say(value)}."
    if numeric(f.subs(x, (a + b) / 2)) is not None and numeric(f.subs(x, (a + b) / 2)) < 0:
        closing += " Area below the x-axis counts as negative."
    return Explanation(
        "integral",
        "Definite integral",
        steps,
        value,
        closing,
        function_graph(
            f,
            x,
            area=(a, b),
            center=((a + b) / 2),
            early=True,
            caption=f"The area is the shaded region under the curve between {x} = {say(a)} and {x} = {say(b)}.",
            area_label="A = " + tex(value) + _approx(value),
        ),
    )


def _integration_rule(terms, x) -> str:
    if len(terms) == 1 and parts_steps(terms[0], x):
        return "Integrate by parts, with u the factor that gets simpler when differentiated."
    if all(t.is_polynomial(x) for t in terms):
        return "Use the power rule for integrals: raise the power by one and divide by the new power."
    return "Use the standard integrals of each term."


def _approx(value) -> str:
    if value.is_Rational or value.is_Integer or not value.is_number or value.has(sp.oo, -sp.oo, sp.zoo):
        return ""
    return r" \approx %s" % f"{float(value):.4g}"


# --- limit ------------------------------------------------------------------------------------------------


def _limit(p: Problem) -> Explanation:
    f, x, a = p.expr, p.var, p.point
    value = sp.limit(f, x, a, p.direction) if p.direction != "+-" else sp.limit(f, x, a, "+-")
    lim = r"\lim_{%s \to %s%s}" % (tex(x), tex(a), {"+": "^+", "-": "^-"}.get(p.direction, ""))
    steps = [Step(f"{lim} {tex(f)}", f"We want the value {say(f)} approaches as {x} approaches {say(a)}.")]
    direct = f.subs(x, a) if a.is_finite else None
    if direct is not None and direct.is_finite and not direct.has(sp.nan, sp.zoo):
        steps.append(
            Step(
                "= " + tex(sp.simplify(direct)) + _approx(sp.simplify(direct)),
                f"The function is continuous at {x} = {say(a)}, so substitute it directly.",
            )
        )
    else:
        numerator, denominator = sp.fraction(sp.together(f))
        if a.is_finite:
            steps.append(
                Step(
                    r"\text{substituting gives } "
                    + (r"\frac{0}{0}" if numerator.subs(x, a) == 0 else r"\frac{%s}{0}" % tex(numerator.subs(x, a))),
                    f"Putting {x} = {say(a)} straight in gives a fraction we cannot evaluate.",
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
                    f"Factor the top and the bottom: both have the factor {say(common)}.",
                    parts_of(factored, pieces),
                )
            )
            left = f"= {lim} {_paren(cancelled)}" + r" \qquad (%s \neq %s)" % (tex(x), tex(a))
            steps.append(
                Step(
                    left,
                    f"Cancel {say(common)}. That is allowed because {x} ≠ {say(a)}: the limit only looks at {x} "
                    f"near {say(a)}, where {say(common)} is not zero.",
                    parts_of(left, pieces),
                )
            )
            steps.append(Step("= " + tex(value), f"Now substitute {x} = {say(a)}."))
        elif not a.is_finite:
            steps.append(
                Step(
                    "= " + tex(value),
                    "For large " + str(x) + ", only the highest powers matter: "
                    "divide top and bottom by the highest power and let it grow.",
                )
            )
        else:
            top, bottom = sp.diff(numerator, x), sp.diff(denominator, x)
            steps.append(
                Step(
                    f"= {lim} " + r"\frac{%s}{%s}" % (tex(top), tex(bottom)),
                    "By L'Hôpital's rule, differentiate the top and the bottom.",
                )
            )
            steps.append(Step("= " + tex(value), f"Now substitute {x} = {say(a)}."))
    if not value.is_finite and value not in (sp.oo, -sp.oo):
        raise ValueError("limit does not exist")
    closing = f"So the limit is {say(value)}."
    marks, holes = [], []
    if a.is_finite and value.is_finite:
        undefined = direct is None or not direct.is_finite or direct.has(sp.nan, sp.zoo)
        (holes if undefined else marks).append((float(a), float(value)) + (() if undefined else ("",)))
    caption = (
        f"The graph has a hole at {x} = {say(a)}: the function is not defined there, "
        f"but the curve on both sides heads to {say(value)}."
        if holes
        else ""
    )
    graph = (
        function_graph(f, x, center=a if a.is_finite else 0, marks=marks, holes=holes, caption=caption)
        if value.is_finite
        else None
    )
    return Explanation("limit", "Limit", steps, value, closing, graph)


# --- equations --------------------------------------------------------------------------------------------


def _solve(p: Problem) -> Explanation:
    (equation,), x = p.equations, p.var
    expr = sp.expand(equation.lhs - equation.rhs)
    steps = [Step(tex(equation.lhs) + " = " + tex(equation.rhs), f"We want every {x} that makes this true.")]
    if equation.rhs != 0:
        steps.append(Step(tex(expr) + " = 0", "Move everything to one side."))
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
                    f"Move the constant: subtract {say(b)} from both sides."
                    if b > 0
                    else f"Move the constant: add {say(-b)} to both sides.",
                )
            )
        if a != 1:
            steps.append(Step(f"{tex(x)} = {tex(-b / a)}", f"Divide both sides by {say(a)}."))
    elif poly is not None and poly.degree() == 2:
        a, b, c = poly.all_coeffs()
        factored = sp.factor(expr)
        rational = all(r.is_rational for r in sp.roots(poly).keys())
        if rational and factored.is_Mul or factored.is_Pow:
            # the pattern behind the factoring (two numbers, a difference of squares) when it stands on its own
            steps += [s for s in _factor_steps(expr) if not s.latex.startswith("= ")]
            steps.append(Step(tex(factored) + " = 0", "Factor the left side."))
            steps.append(Step(_or(x, solutions), "A product is zero only when one of its factors is zero."))
        else:
            disc = b**2 - 4 * a * c
            steps.append(
                Step(
                    tex(x) + r" = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
                    f"It does not factor nicely, so use the quadratic formula with a = {say(a)}, "
                    f"b = {say(b)}, c = {say(c)}.",
                )
            )
            steps.append(
                Step(
                    tex(x) + r" = \frac{%s \pm \sqrt{%s}}{%s}" % (tex(-b), tex(disc), tex(2 * a)),
                    f"The discriminant b² - 4ac is {say(disc)}.",
                )
            )
            if disc < 0:
                steps.append(Step(r"\text{no real solutions}", "A negative number has no real square root."))
            else:
                steps.append(Step(_or(x, solutions, approx=True), "Work out both signs."))
    else:
        steps.append(Step(_or(x, solutions, approx=True), "Solve for " + str(x) + "."))
    count = len(solutions)
    closing = (
        "There is no real solution."
        if count == 0
        else "So " + " or ".join(f"{x} = {say(s)}" for s in _ordered(solutions)) + "."
    )
    marks = [(float(s), 0.0, "") for s in _ordered(solutions)]
    graph = function_graph(
        expr,
        x,
        marks=marks,
        center=(sum(m[0] for m in marks) / len(marks)) if marks else 0,
        caption=f"The solutions are where the graph of y = {say(expr)} crosses the x-axis.",
    )
    return Explanation("solve", "Solving an equation", steps, sp.FiniteSet(*solutions), closing, graph)


def _ordered(solutions) -> list:
    return sorted(solutions, key=lambda s: float(sp.re(s)))


def _or(x, solutions, approx: bool = False) -> str:
    parts = [f"{tex(x)} = {tex(s)}" + (_approx(s) if approx else "") for s in _ordered(solutions)]
    return r" \quad \text{or} \quad ".join(parts) if parts else r"\text{no real solutions}"


def _system(p: Problem) -> Explanation:
    equations = p.equations
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=lambda s: s.name)
    solution = sp.solve(list(equations), symbols, dict=True)
    if len(solution) != 1 or len(solution[0]) != len(symbols):
        raise ValueError("not exactly one solution")
    solution = solution[0]
    rows = r" \\ ".join(tex(e.lhs) + " = " + tex(e.rhs) for e in equations)
    steps = [Step(r"\begin{cases} %s \end{cases}" % rows, "We want values that make every equation true at once.")]
    if len(equations) == 2:
        first, second = equations
        x, y = symbols
        pivot = x if first.lhs.coeff(x) != 0 or first.rhs.coeff(x) != 0 else y
        other = y if pivot == x else x
        isolated = sp.solve(first, pivot)[0]
        steps.append(Step(f"{tex(pivot)} = {tex(isolated)}", f"From the first equation, {pivot} = {say(isolated)}."))
        substituted = sp.Eq(second.lhs.subs(pivot, isolated), second.rhs.subs(pivot, isolated))
        steps.append(
            Step(
                f"{tex(sp.expand(substituted.lhs))} = {tex(substituted.rhs)}",
                f"Substitute that into the second equation: now only {other} is left.",
            )
        )
        steps.append(Step(f"{tex(other)} = {tex(solution[other])}", f"Solve for {other}."))
        steps.append(
            Step(
                f"{tex(pivot)} = {tex(solution[pivot])}",
                f"Put {other} = {say(solution[other])} back in: {pivot} = {say(solution[pivot])}.",
            )
        )
    else:
        steps.append(
            Step(
                r",\ ".join(f"{tex(s)} = {tex(solution[s])}" for s in symbols),
                "Eliminate one unknown at a time, then substitute back.",
            )
        )
    closing = "So " + ", ".join(f"{s} = {say(solution[s])}" for s in symbols) + "."
    graph = None
    if len(equations) == 2:
        x, y = symbols
        graph = lines_graph(equations, x, y, (solution[x], solution[y]))
        if graph is not None:
            graph = dataclasses.replace(
                graph,
                caption=f"Each equation is a line; they cross at ({say(solution[x])}, {say(solution[y])}), "
                "the one point on both.",
            )
    return Explanation("system", "Solving a system of equations", steps, solution, closing, graph)


# --- simplify / factor / expand / evaluate / plot -----------------------------------------------------------

_TRANSFORMS = {
    "simplify": (sp.simplify, "Simplifying", "Combine and cancel what can be combined."),
    "factor": (
        sp.factor,
        "Factoring",
        "Take out common factors and look for patterns such as a difference of squares.",
    ),
    "expand": (sp.expand, "Expanding", "Multiply out every bracket and collect like terms."),
}


def _transform(p: Problem) -> Explanation:
    operation, heading, how = _TRANSFORMS[p.kind]
    result = operation(p.expr)
    steps = [Step(tex(p.expr), f"We want to {p.kind} {say(p.expr)}.")]
    if p.kind == "factor":
        pattern = _factor_steps(p.expr)
        steps += pattern
        how = "Write it as a product." if pattern else how
    if p.kind == "expand" and p.expr.is_Pow and p.expr.exp.is_Integer and 1 < p.expr.exp <= 3:
        repeated = sp.Mul(*([p.expr.base] * int(p.expr.exp)), evaluate=False)
        steps.append(Step("= " + tex(repeated), "A power means the bracket times itself."))
    steps.append(Step("= " + tex(result), how))
    return Explanation(p.kind, heading, steps, result, f"So the answer is {say(result)}.", _same_graph(p, result))


_FACTOR_TEXTS = {
    "common": "Take out the common factor {common}.",
    "squares": "A difference of two squares: a² - b² = (a - b)(a + b), here with a = {a} and b = {b}.",
    "pair": "Look for two numbers that multiply to {c} and add to {b}: {r} and {s}.",
}


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
            steps.append(Step("= " + tex(outside) + _paren(left), _FACTOR_TEXTS["common"].format(common=say(outside))))
            expr, outside_tex = left, tex(outside)
    if not expr.is_polynomial(x) or sp.degree(expr, x) != 2:
        return steps
    a2, b1, c0 = sp.Poly(expr, x).all_coeffs()
    if b1 == 0 and a2 > 0 and c0 < 0 and sp.sqrt(a2).is_rational and sp.sqrt(-c0).is_rational:
        a, b = sp.sqrt(a2) * x, sp.sqrt(-c0)
        steps.append(
            Step(
                "= " + _wrapped(outside_tex, r"\hl{%s}^{2} - \hl{%s}^{2}" % (_paren(a), _paren(b))),
                _FACTOR_TEXTS["squares"].format(a=say(a), b=say(b)),
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
                    _FACTOR_TEXTS["pair"].format(c=say(c0), b=say(b1), r=say(r), s=say(s_)),
                )
            )
    return steps


def _wrapped(outside: str, inner: str) -> str:
    return outside + r"\left(" + inner + r"\right)" if outside else inner


# Captions of the picture beside an algebra step: both forms are the same function, so one graph shows both.
_SAME_GRAPH = {
    "factor": "Each factor is zero where the graph of y = {result} crosses the x-axis: {roots}.",
    "expand": "Both forms are the same function: they draw this one graph.",
    "simplify": "Both forms draw the same graph.",
    "simplify_hole": "Both forms draw the same graph, except at {x} = {holes}: the original is not defined there.",
}


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
        caption = _SAME_GRAPH["simplify_hole"].format(x=x, holes=", ".join(say(h) for h in holes))
    elif p.kind == "factor" and zeros:
        caption = _SAME_GRAPH["factor"].format(result=say(result), roots=", ".join(f"{x} = {say(z)}" for z in zeros))
    else:
        caption = _SAME_GRAPH["expand" if p.kind == "expand" else "simplify"]
    center = sum(m[0] for m in marks) / len(marks) if marks else 0
    return function_graph(p.expr, x, marks=marks, holes=shown_holes, center=center, caption=caption)


def _evaluate(p: Problem) -> Explanation:
    expr = p.expr
    steps = [Step(tex(expr), f"We want the value of {say(expr)}.")]
    if p.point is not None:
        shown = expr.subs(p.var, sp.UnevaluatedExpr(p.point))
        steps.append(Step("= " + tex(shown), f"Put {p.var} = {say(p.point)} in."))
        expr = expr.subs(p.var, p.point)
    value = sp.simplify(expr.doit())
    if value.free_symbols or not value.is_finite:
        raise ValueError("not a number")
    steps.append(Step("= " + tex(value) + _approx(value), "Work it out."))
    return Explanation("evaluate", "Evaluating", steps, value, f"So the value is {say(value)}.")


def _plot(p: Problem) -> Explanation:
    f, x = p.expr, p.var
    steps = [Step("y = " + tex(f), f"We draw the graph of y = {say(f)}.")]
    marks = []
    y0 = f.subs(x, 0)
    if y0.is_finite and y0.is_real:
        steps.append(Step(r"x = 0 \Rightarrow y = " + tex(y0), f"It crosses the y-axis at y = {say(y0)}."))
        marks.append((0.0, float(y0), ""))
    try:
        roots = sp.solveset(f, x, sp.Interval(-10, 10))
    except Exception:  # noqa: BLE001  (SymPy cannot always solve; the graph still shows the curve)
        roots = sp.EmptySet
    if isinstance(roots, sp.FiniteSet) and 0 < len(roots) <= 4:
        steps.append(
            Step(
                r"y = 0 \Rightarrow " + _or(x, roots, approx=True),
                "It crosses the x-axis where y = 0: " + ", ".join(f"{x} = {say(r)}" for r in _ordered(roots)) + ".",
            )
        )
        marks += [(float(r), 0.0, "") for r in _ordered(roots)]
    turning = turning_points(f, x)
    if turning:
        steps.append(
            Step(
                r"y' = %s = 0 \Rightarrow " % tex(sp.diff(f, x))
                + r",\ ".join(f"({tex(sp.nsimplify(tx))}, {tex(sp.nsimplify(ty))})" for tx, ty in turning),
                "It turns where the slope y' is zero: "
                + ", ".join(f"({say(sp.nsimplify(tx))}, {say(sp.nsimplify(ty))})" for tx, ty in turning)
                + ".",
            )
        )
    graph = function_graph(f, x, marks=marks, center=0, turning=turning)
    return Explanation("plot", "Graph", steps, f, f"That is the graph of y = {say(f)}.", graph)


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
