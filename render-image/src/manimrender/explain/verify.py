"""Compares a result someone else stated (an AI's ``# RESULT:`` line) with the explainer's own, in SymPy.

Equal means mathematically equal (``2*x`` and ``x*2``, ``(x-3)*(x+3)`` and ``x**2-9``); for an indefinite
integral, equal up to the constant. Text that cannot be read is "unknown", never "wrong".
"""

from __future__ import annotations

import re

import sympy as sp

from manimrender.explain.parsing import NotUnderstood, Problem, normalise, parse_math
from manimrender.explain.steps import Explanation, say

MAX_STATED = 300


def verify(problem: Problem, explanation: Explanation, stated: str) -> tuple[bool | None, str]:
    """(True, ...) equal, (False, why) not equal, (None, why) when ``stated`` cannot be read."""
    text = normalise(stated.strip())[:MAX_STATED].lower()
    text = re.sub(r"\s*\+\s*c\s*$", "", text) if problem.kind == "integral" else text
    try:
        if problem.kind == "system":
            got = _assignments(text)
            expected = explanation.result
            equal = set(got) == set(expected) and all(sp.simplify(got[k] - v) == 0 for k, v in expected.items())
            shown_got = ", ".join(f"{k} = {say(v)}" for k, v in sorted(got.items(), key=lambda kv: kv[0].name))
        elif problem.kind == "solve":
            got = _solutions(text)
            expected = list(explanation.result)
            equal = len(got) == len(expected) and all(any(_same(g, e) for g in got) for e in expected)
            shown_got = " or ".join(say(g) for g in got) if got else "no solution"
        else:
            got = parse_math(text.split("=")[-1]) if text.strip() else None
            if got is None:
                raise NotUnderstood("empty")
            expected = explanation.result
            if problem.kind == "integral" and problem.lower is None:
                equal = sp.simplify(sp.diff(got - expected, problem.var)) == 0
            else:
                equal = _same(got, expected)
            shown_got = say(got)
    except (NotUnderstood, TypeError, ValueError, AttributeError):
        return None, f"the stated result {stated.strip()[:80]!r} could not be read"
    expected_text = _show(explanation.result)
    if equal:
        return True, f"the stated result {shown_got} equals {expected_text}"
    return False, f"your result {shown_got} is not equal to {expected_text}"


def _same(a, b) -> bool:
    difference = sp.simplify(a - b)
    if difference == 0:
        return True
    value = complex(sp.N(difference)) if difference.is_number else None
    return value is not None and abs(value) < 1e-9


def _show(result) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{k} = {say(v)}" for k, v in sorted(result.items(), key=lambda kv: kv[0].name))
    if isinstance(result, sp.Set):
        values = sorted(result, key=lambda v: float(sp.re(v)))
        return " or ".join(say(v) for v in values) if values else "no solution"
    return say(result)


def _solutions(text: str) -> list:
    text = text.strip().strip("{}[]()")
    if re.fullmatch(r"(no (real )?solutions?|none|empty( set)?|∅)", text.strip()):
        return []
    parts = [p for p in re.split(r"\s*(?:,|;|\bor\b|\band\b)\s*", text) if p.strip()]
    return [parse_math(p.split("=")[-1]) for p in parts]


def _assignments(text: str) -> dict:
    parts = [p for p in re.split(r"\s*(?:,|;|\band\b)\s*", text.strip().strip("{}")) if p.strip()]
    found = {}
    for part in parts:
        if part.count("=") != 1 and part.count(":") != 1:
            raise NotUnderstood("not an assignment")
        name, value = re.split(r"[=:]", part)
        found[sp.Symbol(name.strip().strip("'\""))] = parse_math(value)
    return found
