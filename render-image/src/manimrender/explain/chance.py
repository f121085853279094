"""Simple probability by counting equally likely outcomes: dice (one or two: a total, or a double) and coins
(heads or tails in a few tosses). The picture is every outcome as a cell of a grid, the favourable ones filled
in; the working counts both and divides. Every count is made by listing the outcomes, never typed in.

Every sentence is in the catalog (keys ``probability.*``), with its parameters.
"""

from __future__ import annotations

import itertools
import operator

import sympy as sp

from manimrender.catalog import current, plain, word
from manimrender.explain.figures import Figure, Label, Shape, rectangle, square
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, say, tex
from manimrender.explain.title import in_tex

LISTED = 6  # favourable outcomes written out one by one; more are counted
# each comparison: how it is tested, its TeX, and its words in the catalog ("probability.<key>")
_OPS = {
    "==": (operator.eq, "=", "is"),
    ">=": (operator.ge, r"\geq", "at_least"),
    "<=": (operator.le, r"\leq", "at_most"),
    ">": (operator.gt, ">", "more_than"),
    "<": (operator.lt, "<", "less_than"),
}
# The titles are TeX, which sets Latin script only: English has its words in them; every other language has
# the maths alone (X is the total of the dice, N the number of heads or tails) and its words in the heading.
TITLES = {
    "en": {
        "total": r"P(\text{total} {op} {t})",
        "double": r"P(\text{a double})",
        "coins": r"P(\text{{rule} {what} in {n} tosses})",
    },
    "maths": {
        "total": r"P(X {op} {t})",
        "double": r"P(X_{1} = X_{2})",
        "coins": r"P(N_{\mathrm{{letter}}} {op} {t}),\ n = {n}",
    },
}
# how many of the coins' outcomes count, in the English title
_COUNTED = {"==": "exactly {t}", ">=": "at least {t}", "<=": "at most {t}", ">": "more than {t}", "<": "fewer than {t}"}
_LETTERS = {"H": "probability.heads_letter", "T": "probability.tails_letter"}


def _in_letters(outcome: tuple[str, ...]) -> str:
    """A sequence of tosses in the language's letters (H and T in English: HTH)."""
    return "".join(_letter(side) for side in outcome)


def _letter(side: str) -> str:
    """The language's letter for heads or tails, bare: it goes into TeX, where a directional isolate has no
    place (a sentence it goes into is isolated as a whole by :func:`word`)."""
    return plain(word(_LETTERS[side]))


def probability(p: Problem) -> Explanation:
    d = p.details
    if "coins" in d:
        tosses = list(itertools.product("HT", repeat=d["coins"]))
        side = "H" if d["what"] == "heads" else "T"
        rule_fn, op_tex, rule_key = _OPS[d["op"]]
        heads_or_tails = [o for o in tosses if rule_fn(o.count(side), d["target"])]
        what = word(f"probability.{d['what']}")
        event = word("probability.event_coins", what=what, rule=word(f"probability.{rule_key}", t=d["target"]))
        coins = word(
            "probability.coins",
            h=_letter("H"),
            t=_letter("T"),
            n=d["coins"],
            count=len(tosses),
        )
        first = Step(f"2^{{{d['coins']}}} = {len(tosses)}", coins)
        shown = [_in_letters(o) for o in heads_or_tails]
        title = in_tex(
            TITLES,
            "coins",
            rule=_COUNTED[d["op"]].format(t=d["target"]),
            what=d["what"],
            n=d["coins"],
            letter=_letter(side),
            op=op_tex,
            t=d["target"],
        )
        figure = _coin_grid(tosses, heads_or_tails)
        total, favourable = len(tosses), len(heads_or_tails)
    else:
        rolls = list(itertools.product(range(1, 7), repeat=d["dice"]))
        if d["what"] == "double":
            good = [o for o in rolls if len(set(o)) == 1]
            event, title = word("probability.event_double"), in_tex(TITLES, "double")
        else:
            rule_fn, op_tex, rule_key = _OPS[d["op"]]
            good = [o for o in rolls if rule_fn(sum(o), d["target"])]
            event = word("probability.event_total", rule=word(f"probability.{rule_key}", t=d["target"]))
            title = in_tex(TITLES, "total", op=op_tex, t=d["target"])
        first = (
            Step(r"6 \times 6 = 36", word("probability.two_dice"))
            if d["dice"] == 2
            else Step(r"\{1, 2, 3, 4, 5, 6\}", word("probability.one_die"))
        )
        shown = [f"({', '.join(map(str, o))})" if len(o) > 1 else str(o[0]) for o in good]
        figure = _dice_grid(rolls, good)
        total, favourable = len(rolls), len(good)
    chance = sp.Rational(favourable, total)
    if not favourable:
        listing = Step(r"\varnothing", word("probability.counted", count=0, event=event))
    elif favourable <= LISTED:
        listing = Step(
            r",\ ".join(_tex_outcome(o) for o in shown),
            word("probability.listed", event=event, listed=", ".join(shown)),
        )
    else:
        counted = r"%d\ \text{outcomes}" if current() == "en" else r"%d"  # TeX has Latin script only
        listing = Step(counted % favourable, word("probability.counted", count=favourable, event=event))
    fraction = r"\frac{%d}{%d}" % (favourable, total)
    steps = [
        first,
        listing,
        Step(
            "P = " + fraction + ("" if tex(chance) == fraction else " = " + tex(chance)),
            word("probability.ratio", good=favourable, all=total, p=say(chance)),
        ),
    ]
    return Explanation(
        "probability",
        word("probability.heading"),
        steps,
        chance,
        word("probability.closing", p=say(chance)),
        figure=figure,
        title=title,
    )


def _tex_outcome(shown: str) -> str:
    return r"\mathrm{%s}" % shown if shown.isalpha() else shown


def _dice_grid(outcomes: list[tuple[int, ...]], good: list[tuple[int, ...]]) -> Figure:
    """Two dice: a 6 by 6 grid, the first die along the bottom and the second up the side, each cell holding
    the total. One die: its six faces as a 3 by 2 grid of the same cells (a row of six left most of the picture
    empty, and names along its side only repeated the faces)."""
    two = len(outcomes[0]) == 2
    shapes, labels = [], []
    for o in outcomes:
        col, row = (o[0] - 1, o[1] - 1) if two else ((o[0] - 1) % 3, 1 - (o[0] - 1) // 3)
        margin = 0.6 if two else 0.1  # room for the dice's names
        corners = square(col + margin, row + margin, 1)
        key = f"cell-{col}-{row}"
        shapes.append(Shape(0, key, "muted", corners, filled=False))
        if o in good:
            shapes.append(Shape(1, key, "curve", corners))
        labels.append(Label(0, str(sum(o)), col + margin + 0.5, row + margin + 0.5))
    if not two:
        return Figure(3.2, 2.2, shapes, labels)
    for v in range(1, 7):
        labels.append(Label(0, r"\mathbf{%d}" % v, v + 0.1, 0.2))
        labels.append(Label(0, r"\mathbf{%d}" % v, 0.2, v + 0.1))
    return Figure(6.6, 6.6, shapes, labels)


def _coin_grid(outcomes: list[tuple[str, ...]], good: list[tuple[str, ...]]) -> Figure:
    """Every sequence of tosses as a cell of a grid about as tall as it is wide."""
    per_row = 2 ** (len(outcomes[0]) // 2)  # 2 by 2 for two tosses, 2 by 4 for three, 4 by 4 for four
    rows = (len(outcomes) + per_row - 1) // per_row
    shapes, labels = [], []
    for i, o in enumerate(outcomes):
        col, row = i % per_row, rows - 1 - i // per_row
        corners = rectangle(col * 2.5, row * 1.1, 2.4, 1.0)
        shapes.append(Shape(0, f"cell-{i}", "muted", corners, filled=False))
        if o in good:
            shapes.append(Shape(1, f"cell-{i}", "curve", corners))
        labels.append(Label(0, r"\mathrm{%s}" % _in_letters(o), col * 2.5 + 1.2, row * 1.1 + 0.5))
    return Figure(per_row * 2.5, rows * 1.1, shapes, labels)


KINDS = {"probability": probability}
