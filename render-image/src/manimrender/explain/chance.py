"""Simple probability by counting equally likely outcomes: dice (one or two: a total, or a double) and coins
(heads or tails in a few tosses). The picture is every outcome as a cell of a grid, the favourable ones filled
in; the working counts both and divides. Every count is made by listing the outcomes, never typed in.

Every sentence is in :data:`TEXTS`, with its parameters.
"""

from __future__ import annotations

import itertools
import operator

import sympy as sp

from manimrender.explain.figures import Figure, Label, Shape, rectangle, square
from manimrender.explain.parsing import Problem
from manimrender.explain.steps import Explanation, Step, say, tex

LISTED = 6  # favourable outcomes written out one by one; more are counted
_OPS = {
    "==": (operator.eq, "=", "is {t}"),
    ">=": (operator.ge, r"\geq", "is at least {t}"),
    "<=": (operator.le, r"\leq", "is at most {t}"),
    ">": (operator.gt, ">", "is more than {t}"),
    "<": (operator.lt, "<", "is less than {t}"),
}
# how many of the coins' outcomes count, in the title
_COUNTED = {"==": "exactly {t}", ">=": "at least {t}", "<=": "at most {t}", ">": "more than {t}", "<": "fewer than {t}"}

TEXTS = {
    "heading": "Probability",
    "title_total": r"P(\text{total} {op} {t})",
    "title_double": r"P(\text{a double})",
    "title_heads": r"P(\text{{rule} {what} in {n} tosses})",
    "one_die": "One die has 6 equally likely outcomes.",
    "two_dice": "Two dice: each of the 6 faces of the first can come with each of the 6 faces of the second, so "
    "there are 36 equally likely outcomes.",
    "coins": "Each toss is heads or tails, so {n} tosses have 2 to the {n} = {count} equally likely outcomes.",
    "event_total": "the total {rule}",
    "event_double": "both dice show the same number",
    "event_coins": "the number of {what} {rule}",
    "listed": "The outcomes where {event}: {listed}. They are filled in on the grid.",
    "counted": "There are {count} outcomes where {event}, filled in on the grid.",
    "ratio": "The probability is the favourable outcomes over all outcomes: {good} out of {all}, which is {p}.",
    "closing": "So the probability is {p}.",
    "heads": "heads",
    "tails": "tails",
}


def probability(p: Problem) -> Explanation:
    d = p.details
    if "coins" in d:
        tosses = list(itertools.product("HT", repeat=d["coins"]))
        letter = "H" if d["what"] == "heads" else "T"
        rule_fn, _, rule_words = _OPS[d["op"]]
        heads_or_tails = [o for o in tosses if rule_fn(o.count(letter), d["target"])]
        total, favourable = len(tosses), len(heads_or_tails)
        rule = rule_words.format(t=d["target"])
        event = TEXTS["event_coins"].format(what=TEXTS[d["what"]], rule=rule)
        first = Step(f"2^{{{d['coins']}}} = {total}", TEXTS["coins"].format(n=d["coins"], count=total))
        shown = ["".join(o) for o in heads_or_tails]
        title = (
            TEXTS["title_heads"]
            .replace("{what}", TEXTS[d["what"]])
            .replace("{rule}", _COUNTED[d["op"]].format(t=d["target"]))
            .replace("{n}", str(d["coins"]))
        )
        figure = _coin_grid(tosses, heads_or_tails)
    else:
        rolls = list(itertools.product(range(1, 7), repeat=d["dice"]))
        if d["what"] == "double":
            good = [o for o in rolls if len(set(o)) == 1]
            event, title = TEXTS["event_double"], TEXTS["title_double"]
        else:
            rule_fn, op_tex, rule_words = _OPS[d["op"]]
            good = [o for o in rolls if rule_fn(sum(o), d["target"])]
            event = TEXTS["event_total"].format(rule=rule_words.format(t=d["target"]))
            title = TEXTS["title_total"].replace("{op}", op_tex).replace("{t}", str(d["target"]))
        first = (
            Step(r"6 \times 6 = 36", TEXTS["two_dice"])
            if d["dice"] == 2
            else Step(r"\{1, 2, 3, 4, 5, 6\}", TEXTS["one_die"])
        )
        total, favourable = len(rolls), len(good)
        shown = [f"({', '.join(map(str, o))})" if len(o) > 1 else str(o[0]) for o in good]
        figure = _dice_grid(rolls, good)
    chance = sp.Rational(favourable, total)
    if not favourable:
        listing = Step(r"\text{none}", TEXTS["counted"].format(count=0, event=event))
    elif favourable <= LISTED:
        listing = Step(
            r",\ ".join(_tex_outcome(o) for o in shown), TEXTS["listed"].format(event=event, listed=", ".join(shown))
        )
    else:
        listing = Step(r"%d\ \text{outcomes}" % favourable, TEXTS["counted"].format(count=favourable, event=event))
    fraction = r"\frac{%d}{%d}" % (favourable, total)
    steps = [
        first,
        listing,
        Step(
            "P = " + fraction + ("" if tex(chance) == fraction else " = " + tex(chance)),
            TEXTS["ratio"].format(good=favourable, all=total, p=say(chance)),
        ),
    ]
    return Explanation(
        "probability",
        TEXTS["heading"],
        steps,
        chance,
        TEXTS["closing"].format(p=say(chance)),
        figure=figure,
        title=title,
    )


def _tex_outcome(shown: str) -> str:
    return r"\mathrm{%s}" % shown if shown.isalpha() else shown


def _dice_grid(outcomes: list[tuple[int, ...]], good: list[tuple[int, ...]]) -> Figure:
    """Two dice: a 6 by 6 grid, the first die along the bottom and the second up the side, each cell holding
    the total; one die: a row of six."""
    two = len(outcomes[0]) == 2
    shapes: list[Shape] = []
    labels: list[Label] = []
    for o in outcomes:
        col, row = o[0] - 1, (o[1] - 1 if two else 0)
        corners = square(col + 0.6, row + 0.6, 1)
        key = f"cell-{col}-{row}"
        shapes.append(Shape(0, key, "muted", corners, filled=False))
        if o in good:
            shapes.append(Shape(1, key, "curve", corners))
        labels.append(Label(0, str(sum(o)), col + 1.1, row + 1.1))
    for v in range(1, 7):
        labels.append(Label(0, r"\mathbf{%d}" % v, v + 0.1, 0.2))
        if two:
            labels.append(Label(0, r"\mathbf{%d}" % v, 0.2, v + 0.1))
    return Figure(6.6, 6.6 if two else 1.6, shapes, labels)


def _coin_grid(outcomes: list[tuple[str, ...]], good: list[tuple[str, ...]]) -> Figure:
    """Every sequence of tosses as a cell of a grid about as tall as it is wide."""
    per_row = 2 ** (len(outcomes[0]) // 2)  # 2 by 2 for two tosses, 2 by 4 for three, 4 by 4 for four
    rows = (len(outcomes) + per_row - 1) // per_row
    shapes: list[Shape] = []
    labels: list[Label] = []
    for i, o in enumerate(outcomes):
        col, row = i % per_row, rows - 1 - i // per_row
        corners = rectangle(col * 2.5, row * 1.1, 2.4, 1.0)
        shapes.append(Shape(0, f"cell-{i}", "muted", corners, filled=False))
        if o in good:
            shapes.append(Shape(1, f"cell-{i}", "curve", corners))
        labels.append(Label(0, r"\mathrm{%s}" % "".join(o), col * 2.5 + 1.2, row * 1.1 + 0.5))
    return Figure(per_row * 2.5, rows * 1.1, shapes, labels)


KINDS = {"probability": probability}
