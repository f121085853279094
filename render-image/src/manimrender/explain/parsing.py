"""Reads a maths problem written in plain English or maths notation into a :class:`Problem`.

Recognises the kinds people send most (derivative, integral, limit, equation or system, simplify / factor /
expand, evaluate, plot) by their wording, then parses the maths with SymPy's parser after normalising the
notation people type (``x²``, ``2x``, ``sin x``, ``√x``, ``π``, ``e^x``, ``ln x``). Anything else is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor)
_SUPERSCRIPTS = str.maketrans(
    {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"}
)
_SYMBOLS = {
    "−": "-",
    "–": "-",
    "×": "*",
    "·": "*",
    "÷": "/",
    "π": "pi",
    "∞": "oo",
    "→": "->",
    "≠": "!=",
    "√": "sqrt",
    "∫": " integral ",
    "θ": "theta",
    "\u00a0": " ",
}
# Names the parser may see; everything else single-lettered becomes a symbol (so "xy" is x*y).
_NAMES = {
    name: getattr(sp, name)
    for name in (
        "sin",
        "cos",
        "tan",
        "cot",
        "sec",
        "csc",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "exp",
        "log",
        "sqrt",
        "pi",
        "E",
        "oo",
        "Abs",
        "factorial",
    )
}
_NAMES.update(
    {
        "ln": sp.log,
        "e": sp.E,
        "arcsin": sp.asin,
        "arccos": sp.acos,
        "arctan": sp.atan,
        "abs": sp.Abs,
        "infinity": sp.oo,
        "inf": sp.oo,
    }
)
_MAX_TEXT = 400


class NotUnderstood(ValueError):
    """The text is not a problem the explainer can read."""


@dataclass(frozen=True)
class Problem:
    kind: str  # derivative, integral, limit, solve, system, simplify, factor, expand, evaluate, plot, tangent,
    # stationary, odd_squares, pythagoras, series, probability
    expr: sp.Expr | None = None
    var: sp.Symbol = sp.Symbol("x")
    first_principles: bool = False
    lower: sp.Expr | None = None  # definite integral bounds
    upper: sp.Expr | None = None
    point: sp.Expr | None = None  # derivative / evaluate "at x = a"; limit target
    direction: str = "+-"
    claim: sp.Expr | None = None  # "show why the derivative of x² is 2x": the 2x
    equations: tuple = field(default_factory=tuple)  # sp.Eq, for solve / system
    details: dict = field(default_factory=dict)  # probability: the dice or coins and the event counted
    text: str = ""


def normalise(text: str) -> str:
    """The text with maths notation spelt the way SymPy's parser reads it."""
    out = []
    for ch in text:
        if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻":
            if not out or out[-1] != "^":
                out.append("^")
            out.append(ch.translate(_SUPERSCRIPTS))
        else:
            out.append(_SYMBOLS.get(ch, ch))
    text = "".join(out)
    text = re.sub(r"\*\*", "^", text)
    for word, sign in (
        (r"\btimes\b", "*"),
        (r"\bplus\b", "+"),
        (r"\bminus\b", "-"),
        (r"\bdivided by\b", "/"),
        (r"\bover\b", "/"),
        (r"\bto the power of\b", "^"),
    ):
        text = re.sub(word, sign, text)
    text = re.sub(r"\bsquared\b", "^2", text)
    text = re.sub(r"\bcubed\b", "^3", text)
    text = re.sub(r"\bsquare root of\b", "sqrt", text)
    return re.sub(r"\s+", " ", text).strip()


def parse_math(text: str, evaluate: bool = True) -> sp.Expr:
    """One expression; raises NotUnderstood when it is not maths."""
    text = text.strip().strip(".?!,;:").strip()
    text = re.sub(r"^(the )?(function|expression|equation)\s+", "", text)
    text = re.sub(r"^[a-z]\s*\(\s*[a-z]\s*\)\s*=\s*", "", text)  # f(x) = ...
    text = re.sub(r"^y\s*=\s*", "", text)
    if (
        not text
        or len(text) > 200
        or re.search(
            r"[a-z]{4,}",
            re.sub(
                r"\b(sqrt|sin|cos|tan|cot|sec|csc|asin|acos|atan|arcsin|arccos|arctan|sinh|cosh|tanh|exp|log|"
                r"abs|theta|infinity|factorial)\b",
                "",
                text,
            ),
        )
    ):
        raise NotUnderstood(f"not a formula: {text!r}")
    names = dict(_NAMES)
    for letter in "abcdfghijklmnopqrstuvwxyz":
        names.setdefault(letter, sp.Symbol(letter))
    names["theta"] = sp.Symbol("theta")
    try:
        expr = parse_expr(text, local_dict=names, transformations=_TRANSFORMS, evaluate=evaluate)
    except Exception as e:  # noqa: BLE001  (SymPy raises many kinds: SyntaxError, TokenError, TypeError...)
        raise NotUnderstood(f"cannot read {text!r}: {type(e).__name__}") from None
    if not isinstance(expr, sp.Expr) or expr.has(sp.zoo, sp.nan):
        raise NotUnderstood(f"not an expression: {text!r}")
    return expr


def main_variable(expr: sp.Expr, hint: str | None = None) -> sp.Symbol:
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if hint:
        return sp.Symbol(hint)
    for preferred in ("x", "t", "theta"):
        if sp.Symbol(preferred) in free:
            return sp.Symbol(preferred)
    return free[0] if free else sp.Symbol("x")


def _equation(text: str) -> sp.Eq:
    if text.count("=") != 1:
        raise NotUnderstood("an equation needs exactly one '='")
    left, right = text.split("=")
    return sp.Eq(parse_math(left), parse_math(right), evaluate=False)


_WRT = r"(?:\s*(?:with respect to|wrt|w\.r\.t\.?)\s*([a-z]))?"
_TAIL = r"\s*[.?!]*\s*$"


def _whole(pattern: str) -> re.Pattern[str]:
    """A reader's pattern for the whole text: it may end in full stops, question or exclamation marks."""
    return re.compile(pattern + _TAIL)


# Phrasings in other languages or word orders, rewritten into the English ones the readers know.
_REWORDINGS = (
    (r"^leite\s+(.+?)\s+ab[.!?]*$", r"differentiate \1"),  # German: "Leite x^3 ab"
    (r"^(?:bilde |berechne )?(?:die )?ableitung von\s+(.+)$", r"derivative of \1"),
    (r"^d[ée]rive[rz]?\s+(.+)$", r"differentiate \1"),  # French: "dérive x^2"
    (r"^deriva(?:r)?\s+(.+)$", r"differentiate \1"),  # Spanish, Portuguese
)
# A number or x, y, t written straight before a function name: "3xsin(x)" is 3x·sin(x).
_BEFORE_FUNCTION = re.compile(r"\b(\d*[xyt])(sin|cos|tan|ln|log|exp|sqrt)(?=\s*\()")


def _strip_polite(text: str) -> str:
    text = text.lower()
    for pattern, english in _REWORDINGS:
        text = re.sub(pattern, english, text)
    text = _BEFORE_FUNCTION.sub(r"\1*\2", text)
    text = re.sub(
        r"^(please|can you|could you|would you|help me|i need to|i want to|how do (i|you)|"
        r"how to|show me how to|show me|explain how to|explain)\s+",
        "",
        text,
    )
    text = re.sub(r"^(please|can you|could you)\s+", "", text)
    return text.strip()


def parse_problem(raw: str) -> Problem:
    """The problem in ``raw``; raises NotUnderstood for anything else."""
    if not raw or len(raw) > _MAX_TEXT:
        raise NotUnderstood("empty or too long")
    text = _strip_polite(normalise(raw))
    for reader in (
        _odd_squares,
        _pythagoras,
        _probability,
        _series,
        _tangent,
        _stationary,
        _derivative,
        _integral,
        _limit,
        _system,
        _solve,
        _transform,
        _plot,
        _evaluate,
    ):
        problem = reader(text)
        if problem is not None:
            return Problem(**{**problem.__dict__, "text": raw.strip()})
    raise NotUnderstood("no known kind of problem")


def _derivative(text: str) -> Problem | None:
    first = bool(
        re.search(
            r"first principles?|from the definition|limit definition|definition of the derivative|"
            r"difference quotient",
            text,
        )
    )
    if not re.search(r"derivative|differentiate|d/d[a-z]|rate of change|slope of the tangent", text):
        return None
    text = re.sub(
        r"(using|from|by|with) (the )?(first principles?|definition( of the derivative)?|"
        r"limit definition|difference quotient)",
        "",
        text,
    )
    text = text.strip(" ,;:")
    first = first or bool(re.match(r"(show|prove|explain) (why|that)\s", text))
    text = re.sub(r"^(show|prove|explain) (why|that)\s+", "", text).strip()
    at = None
    m = re.search(r"\s+at\s+([a-z])\s*=\s*([^ ,]+)\s*[.?!]*$", text)
    if m:
        at = parse_math(m.group(2))
        text = text[: m.start()]
    claim = None
    m = re.search(r"(derivative of|differentiate)\s+.+?(\s+(?:is|equals)\s+(.+?)[.?!]*)$", text)
    if m:
        claim = parse_math(m.group(3))
        text = text[: m.start(2)]
    ask = r"^(?:find |compute |calculate |what is |what's |work out |determine )?(?:the )?"
    patterns = (
        ask + r"(?:first )?derivative of (.+?)" + _WRT + _TAIL,
        ask + r"rate of change of (.+?)" + _WRT + _TAIL,
        ask + r"slope of the tangent (?:line )?to (.+?)" + _WRT + _TAIL,
        r"^differentiate (.+?)" + _WRT + _TAIL,
        r"^d/d([a-z])\s*(.+?)" + _TAIL,
    )
    for i, pattern in enumerate(patterns):
        m = re.match(pattern, text.strip())
        if m:
            if i == len(patterns) - 1:
                hint, body = m.group(1), m.group(2)
            else:
                body, hint = m.group(1), m.group(2)
            expr = parse_math(body)
            return Problem("derivative", expr, main_variable(expr, hint), first_principles=first, point=at, claim=claim)
    return None


_TANGENT = _whole(
    r"^(?:find |what is |write |give )?(?:the )?(?:equation of the )?tangent(?: line)? (?:to|of|at)\s+"
    r"(?:the curve |the graph of )?(.+?)\s+at\s+(?:the point )?([a-z])\s*=\s*([^ ,]+?)"
)


def _tangent(text: str) -> Problem | None:
    m = _TANGENT.match(text)
    return _at("tangent", parse_math(m.group(1)), m.group(2), m.group(3)) if m else None


def _at(kind: str, expr: sp.Expr, var: str, point: str, direction: str = "+-") -> Problem:
    """A problem about ``expr`` where (or as) ``var`` is ``point``: a tangent, a value, a limit."""
    return Problem(kind, expr, sp.Symbol(var), point=parse_math(point), direction=direction)


def _one_variable_reader(kind: str, pattern: str) -> Callable[[str], Problem | None]:
    """A reader of a problem about one function of one variable, written in the pattern's first group."""
    whole = _whole(pattern)

    def read(text: str) -> Problem | None:
        m = whole.match(text)
        return _one_variable(kind, m.group(1)) if m else None

    return read


_stationary = _one_variable_reader(
    "stationary",
    r"^(?:find |what are |locate |determine )?(?:the )?(?:stationary|turning|critical) points? (?:of|on)\s+"
    r"(?:the curve |the graph of )?(.+?)",
)


_INTEGRAL = _whole(
    r"^(?:find |compute |calculate |evaluate |work out |what is |what's )?(?:the )?(?:indefinite |definite )?"
    r"(?:integral of|integrate|antiderivative of|area under(?: the curve)?(?: of)?)\s+(.+?)"
    r"(?:\s*d([a-z]))?" + _WRT
)


def _integral(text: str) -> Problem | None:
    if not re.search(r"integra|antiderivative|area under", text):
        return None
    lower = upper = None
    m = re.search(r"\s+(?:from|between)\s+([^ ]+?)\s+(?:to|and)\s+([^ ]+?)" + _TAIL, text)
    if m:
        lower, upper = parse_math(m.group(1)), parse_math(m.group(2))
        text = text[: m.start()]
    m = _INTEGRAL.match(text.strip())
    if not m:
        return None
    expr = parse_math(m.group(1))
    var = main_variable(expr, m.group(2) or m.group(3))
    if "area under" in text and lower is None:
        return None
    return Problem("integral", expr, var, lower=lower, upper=upper)


_LIMIT_IN_WORDS = _whole(
    r"^(?:find |compute |evaluate |what is )?(?:the )?limit of (.+?) as ([a-z])\s*"
    r"(?:approaches|tends to|goes to|->)\s*(.+?)"
)
_LIMIT_IN_SYMBOLS = _whole(
    r"^(?:find |compute |evaluate )?lim(?:it)?_?\{?\s*([a-z])\s*->\s*([^ }]+)\s*\}?\s*(?:of\s+)?(.+?)"
)


def _limit(text: str) -> Problem | None:
    m = _LIMIT_IN_WORDS.match(text) or _LIMIT_IN_SYMBOLS.match(text)
    if not m:
        return None
    if text.lstrip().startswith(("lim", "find lim", "compute lim", "evaluate lim")) and "limit of" not in text:
        var, target, body = m.group(1), m.group(2), m.group(3)
    else:
        body, var, target = m.group(1), m.group(2), m.group(3)
    direction = "+-"
    target = target.strip()
    if target.endswith(("from the right", "+")):
        direction, target = "+", re.sub(r"(from the right|\+)$", "", target).strip()
    elif target.endswith(("from the left", "-")) and target not in ("-",):
        direction, target = "-", re.sub(r"(from the left|-)$", "", target).strip()
    return _at("limit", parse_math(body), var, target, direction)


def _system(text: str) -> Problem | None:
    if text.count("=") < 2:
        return None
    m = re.match(r"^(?:solve )?(?:the )?(?:system(?: of equations)?:?\s*)?(.+?)" + _TAIL, text)
    parts = [p for p in re.split(r"\s*(?:,|;|\band\b)\s*", m.group(1)) if p.strip()]
    if len(parts) < 2 or len(parts) > 3 or any(p.count("=") != 1 for p in parts):
        return None
    equations = tuple(_equation(p) for p in parts)
    symbols = set().union(*(e.free_symbols for e in equations))
    if len(symbols) != len(equations) or not all(
        sp.Poly(e.lhs - e.rhs, *symbols).total_degree() <= 1 for e in equations
    ):
        return None
    return Problem("system", equations=equations)


def _solve(text: str) -> Problem | None:
    m = re.match(
        r"^(?:solve|find [a-z] (?:if|when|such that|given)|find the (?:roots|solutions?) of|"
        r"for what (?:value|values) of [a-z] (?:is|does))\s*:?\s*(?:for [a-z]:?\s*)?(.+?)"
        r"(?:\s+for ([a-z]))?" + _TAIL,
        text,
    ) or re.match(r"^(?:find |what are )?(?:the )?(?:roots|zeros|zeroes) of\s+(.+?)()" + _TAIL, text)
    if not m:
        if (
            text.count("=") == 1
            and not re.search(r"[a-z]{4,}", re.sub(r"\b(sqrt|sin|cos|tan|log|exp)\b", "", text))
            and not text.startswith("y =")
        ):
            m = re.match(r"^(.+?)()" + _TAIL, text)
        else:
            return None
    body = m.group(1)
    equation = _equation(body) if "=" in body else sp.Eq(parse_math(body), 0, evaluate=False)
    expr = equation.lhs - equation.rhs
    if not expr.free_symbols:
        return None
    return Problem("solve", expr, main_variable(expr, m.group(2) or None), equations=(equation,))


_TRANSFORM = _whole(
    r"^(simplify|factori[sz]e|factor|expand|multiply out|fully factori[sz]e)\s*:?\s*(?:the expression\s+)?(.+?)"
)


def _transform(text: str) -> Problem | None:
    m = _TRANSFORM.match(text)
    if not m:
        return None
    verb = m.group(1)
    kind = "simplify" if verb == "simplify" else "expand" if verb in ("expand", "multiply out") else "factor"
    expr = parse_math(m.group(2))
    return Problem(kind, expr, main_variable(expr))


_plot = _one_variable_reader(
    "plot", r"^(?:plot|graph|sketch|draw)(?: the graph of| the curve| the function)?\s+(?:of\s+)?(.+?)(?:\s+for .*)?"
)


def _one_variable(kind: str, body: str) -> Problem | None:
    """A problem about a function of one variable (a plot, its stationary points); None for more variables."""
    expr = parse_math(body)
    if len(expr.free_symbols) != 1:
        return None
    return Problem(kind, expr, main_variable(expr))


_EVALUATE = _whole(
    r"^(?:evaluate|compute|calculate|work out|what is|what's|find the value of|find)\s+(.+?)"
    r"(?:\s+(?:at|when|for)\s+([a-z])\s*=\s*(.+?))?"
)


def _evaluate(text: str) -> Problem | None:
    m = _EVALUATE.match(text)
    if not m:
        return None
    expr = parse_math(m.group(1), evaluate=False)
    if m.group(2):
        return _at("evaluate", expr, m.group(2), m.group(3))
    if expr.free_symbols:
        return None
    return Problem("evaluate", expr)


# --- proofs, series, probability ----------------------------------------------------------------------------

_NUMBER_WORDS = {"no": 0, "zero": 0, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT = r"(\d+|no|zero|a|one|two|three|four|five|six)"
_ELLIPSIS = r"(?:\.\.\.|…|\\dots|\\cdots)"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _odd_squares(text: str) -> Problem | None:
    m = re.search(r"sum of (?:the )?first (n|\d+) odd (?:natural )?(?:numbers|integers)", text)
    if m:
        return Problem("odd_squares", point=None if m.group(1) == "n" else sp.Integer(m.group(1)))
    if re.search(r"^(?:\w+ )*?1\s*\+\s*3\s*\+\s*5\s*\+\s*" + _ELLIPSIS, text):
        return Problem("odd_squares")
    return None


def _pythagoras(text: str) -> Problem | None:
    said = re.search(r"pythagor", text)
    shown = re.search(r"(prove|show|why|explain).*a\s*\^\s*2\s*\+\s*b\s*\^\s*2\s*=\s*c\s*\^\s*2", text)
    return Problem("pythagoras") if said or shown else None


def _series(text: str) -> Problem | None:
    m = re.search(r"\bsum(?:mation)? of\s+(.+?)\s+(?:for|from)\s+([a-z])\s*=\s*(-?\d+)\s+to\s+(\S+?)" + _TAIL, text)
    if m:
        n = sp.Symbol(m.group(2))
        upper = parse_math(m.group(4))
        if upper != sp.oo and not upper.is_Integer:
            return None
        return Problem("series", parse_math(m.group(1)), n, lower=sp.Integer(m.group(3)), upper=upper)
    m = re.search(r"((?:[-\d/.()^ ]+\+\s*){2,}[-\d/.()^ ]+?)\s*\+\s*" + _ELLIPSIS, text)
    if not m or not re.search(r"series|sum|add|total|\.\.\.|…", text):
        return None
    terms = [parse_math(t) for t in m.group(1).split("+")]
    if any(t == 0 or t.free_symbols for t in terms):
        return None
    ratio = sp.simplify(terms[1] / terms[0])
    if any(sp.simplify(b / a - ratio) != 0 for a, b in zip(terms, terms[1:], strict=False)):
        raise NotUnderstood("only geometric series: each term must be the one before times the same number")
    n = sp.Symbol("n")
    first = re.search(r"first (\d+) terms", text)
    upper = sp.Integer(first.group(1)) if first else sp.oo
    return Problem("series", terms[0] * ratio ** (n - 1), n, lower=sp.Integer(1), upper=upper)


_COMPARISONS = (
    (r"at least|or more", ">="),
    (r"at most|or (?:fewer|less)", "<="),
    (r"more than|greater than|over|above", ">"),
    (r"less than|fewer than|under|below", "<"),
)


def _comparison(words: str) -> str:
    return next((op for pattern, op in _COMPARISONS if re.search(pattern, words)), "==")


def _probability(text: str) -> Problem | None:
    if not re.search(r"probabilit|chance|likel|odds", text):
        return None
    coins = re.search(
        r"(?:toss(?:ing|ed)?|flip(?:ping|ped)?) (?:a (?:fair )?coin )?" + _COUNT + r" (?:times|\*)", text
    )  # "times" is "*" here
    coins = coins or re.search(_COUNT + r" (?:fair )?coin(?:s| tosses| flips)", text)
    if coins:
        n = _count(coins.group(1))
        m = re.search(
            r"((?:exactly |at least |at most |more than |fewer than |less than )?)" + _COUNT + r" (heads|tails)"
            r"( or more| or fewer| or less)?",
            text,
        )
        if not m or not 1 <= n <= 4:
            return None
        op = _comparison(m.group(1) + (m.group(4) or ""))
        return Problem("probability", details={"coins": n, "what": m.group(3), "op": op, "target": _count(m.group(2))})
    dice = re.search(r"(two|2|a pair of|one|a|1|single) (?:fair |six-sided |normal )*(?:dice|die)\b", text)
    if not dice:
        return None
    count = 2 if dice.group(1) in ("two", "2", "a pair of") else 1
    if count == 2 and re.search(r"\bdoubles?\b|same number", text):
        return Problem("probability", details={"dice": 2, "what": "double"})
    m = re.search(
        r"(?:sum|total|score)(?: of (?:the )?(?:two |2 |both )?(?:dice|numbers|faces))?\s+"
        r"(?:of |is |equals |equal to |being |of exactly |exactly )*"
        r"((?:at least |at most |more than |greater than |less than |over |under )?)(\d+)( or more| or less)?",
        text,
    ) or re.search(
        r"(?:roll|rolling|get|getting|throw|throwing) (?:a |an )?((?:at least |at most )?)(\d+)"
        r"( or more| or less)?",
        text,
    )
    if not m:
        return None
    op = _comparison(m.group(1) + (m.group(3) or ""))
    return Problem("probability", details={"dice": count, "what": "total", "op": op, "target": int(m.group(2))})
