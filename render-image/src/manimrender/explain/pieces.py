"""Lines written as pieces, each factor in its own colour, so that the scene's matching transform
(``TransformMatchingTex``) carries every factor from one line to its place in the next with its colour kept:
what a student follows when the parts are put into a rule and the terms are regrouped (issue 25, after
3Blue1Brown's colour-coded terms that stay matched through transformations).

A piece is the LaTeX of one part of a line's ``MathTex``; the same piece in two lines is the same term, so it
travels from one to the other, and a piece with no match fades. Brackets are pieces of their own, so a factor
written in brackets matches itself written bare. ``\\cA{...}`` and ``\\cB{...}`` are the scene's two term
colours (the palette's ``part_a`` and ``part_b``): u and u' in one, v and v' in the other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import sympy as sp

Paint = Callable[[str], str]
_PAINTS = (r"\cA{", r"\cB{")


def in_a(latex: str) -> str:
    return _PAINTS[0] + latex + "}"


def in_b(latex: str) -> str:
    return _PAINTS[1] + latex + "}"


def plain(latex: str) -> str:
    return latex


def tex(expr: sp.Expr) -> str:
    return str(sp.latex(expr, ln_notation=True))


def joined(pieces: Sequence[str]) -> str:
    """The line's LaTeX (its pieces as the scene joins them)."""
    return " ".join(pieces)


def unpainted(latex: str) -> str:
    """``latex`` without the term colours (what it says, to compare with SymPy's own writing)."""
    while (found := _next_paint(latex)) >= 0:
        start = end = found + len(_PAINTS[0])
        depth = 1
        while depth:
            depth += {"{": 1, "}": -1}.get(latex[end], 0)
            end += 1
        latex = latex[:found] + latex[start : end - 1] + latex[end:]
    return latex


def same_writing(a: str, b: str) -> bool:
    """Whether two lines of LaTeX read the same (colours and spacing aside)."""
    return re.sub(r"\s+", "", unpainted(a)) == re.sub(r"\s+", "", unpainted(b))


def _next_paint(latex: str) -> int:
    found = [i for i in (latex.find(p) for p in _PAINTS) if i >= 0]
    return min(found) if found else -1


def bracketed(expr: sp.Expr) -> bool:
    """Whether ``expr`` needs brackets as a factor of a product (a sum, a product, a negative number)."""
    simple = expr.is_Atom or expr.is_Function or (expr.is_Pow and expr.base.is_Atom)
    return bool(expr.could_extract_minus_sign() or not simple)


def factor(expr: sp.Expr, paint: Paint) -> list[str]:
    """``expr`` in its colour as a factor of a product: in brackets when it needs them."""
    body = paint(tex(expr))
    return [r"\left(", body, r"\right)"] if bracketed(expr) else [body]


def squared(expr: sp.Expr, paint: Paint) -> list[str]:
    """``expr`` squared (the quotient rule's denominator), the square outside its colour."""
    if expr.is_Symbol or expr.is_Function:
        return [paint(tex(expr)) + "^{2}"]
    return [r"\left(", paint(tex(expr)), r"\right)^{2}"]


def written_term(factors: Sequence[tuple[sp.Expr, Paint]], coeff: sp.Expr = sp.S.One, first: bool = False) -> list[str]:
    """One term of a sum, multiplied out: ``coeff`` times the ``factors`` ((expression, paint) pairs), each in its
    colour. Factors of 1 go, minus signs are gathered into the term's sign (a piece, "+" or "-", none before a
    positive first term), and numbers come before powers of x and those before functions, as people write."""
    sign = -1 if coeff.could_extract_minus_sign() else 1
    number = abs(coeff)
    kept = []
    for expr, paint in factors:
        if expr.could_extract_minus_sign():
            sign, expr = -sign, -expr
        if expr != 1:
            kept.append((expr, paint))
    kept.sort(key=lambda f: 0 if f[0].is_number else 1 if f[0].is_polynomial() else 2)
    pieces = ["-"] if sign < 0 else [] if first else ["+"]
    if number != 1 or not kept:
        pieces.append(tex(number))
    for i, (expr, paint) in enumerate(kept):
        written, before = tex(expr), bool(i) or number != 1
        if (expr.is_Add and (before or len(kept) > 1 or sign < 0)) or (expr.is_Mul and before):
            pieces += [r"\left(", paint(written), r"\right)"]  # (x + 1) sin x, 3 (2x); a sum alone needs none
            continue
        if before and (written[0].isdigit() or written.startswith(r"\frac")):
            pieces.append(r"\cdot")  # 3 · 2, not 32; 3 · ½, not 3½
        pieces.append(paint(written))
    return pieces
