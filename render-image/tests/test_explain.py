"""The offline explainer: every phrasing of the corpus is read as the right kind, its result is right
(compared with SymPy), the scene passes the static policy, and refusals stay refusals."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
import sympy as sp

from conftest import SRC
from explain_corpus import CORPUS, NOT_UNDERSTOOD
from manimrender import catalog
from manimrender.checking import check_code
from manimrender.explain import FIT_SHARE, NotUnderstood, TooLong, explain
from manimrender.explain.scene import SPEECH_GAP, speech_seconds
from manimrender.explain.verify import verify


def test_the_corpus_is_large_and_covers_every_kind():
    kinds = {kind for _, kind, _ in CORPUS}
    assert len(CORPUS) >= 60
    assert kinds == {
        "derivative",
        "integral",
        "limit",
        "solve",
        "system",
        "simplify",
        "factor",
        "expand",
        "evaluate",
        "plot",
        "tangent",
        "stationary",
        "odd_squares",
        "pythagoras",
        "series",
        "probability",
    }


def same(kind: str, got, expected) -> bool:
    if kind == "pythagoras":
        return got == expected
    if kind == "stationary":
        return [tuple(p) for p in got] == [tuple(sp.sympify(v) for v in p) for p in expected]
    if kind == "system":
        return set(got) == set(expected) and all(sp.simplify(got[k] - v) == 0 for k, v in expected.items())
    if kind == "solve":
        return len(got) == len(expected) and all(any(sp.simplify(g - e) == 0 for g in got) for e in expected)
    if kind == "integral" and sp.sympify(expected).free_symbols:
        return sp.simplify(sp.diff(got - expected, sp.Symbol("x"))) == 0 and sp.diff(got, *got.free_symbols) != 0
    return sp.simplify(sp.sympify(got) - expected) == 0


@pytest.mark.parametrize("problem,kind,expected", CORPUS, ids=[c[0][:40] for c in CORPUS])
def test_each_phrasing_is_worked_out_right_and_passes_the_policy(problem, kind, expected):
    explained = explain(problem)
    assert explained.explanation.kind == kind
    assert same(kind, explained.explanation.result, expected), explained.explanation.result
    steps = explained.explanation.steps
    assert len(steps) >= 2 and all(step.caption for step in steps)
    answer, _ = check_code(explained.code)
    assert answer["ok"], answer.get("error")
    assert answer["scene"] == "Explainer"
    assert explained.seconds <= 60 * FIT_SHARE + 1e-6


def test_forms_are_the_asked_ones():
    assert explain("factor x^2 - 9").explanation.result.is_Mul
    assert explain("expand (x + 2)^2").explanation.result.is_Add


@pytest.mark.parametrize("text", NOT_UNDERSTOOD, ids=range(len(NOT_UNDERSTOOD)))
def test_what_it_cannot_read_is_refused(text):
    with pytest.raises(NotUnderstood):
        explain(text)


def test_first_principles_goes_through_the_difference_quotient():
    lines = [s.latex for s in explain("show why the derivative of x² is 2x").explanation.steps]
    assert r"\frac{f(x+h) - f(x)}{h}" in lines[0]
    assert any(r"\lim_{h \to 0}" in line and "2 h x" in line for line in lines)
    assert lines[-1] == "= 2 x"


@pytest.mark.parametrize(
    "problem,cancelled,kept",
    [
        ("limit of (x^2 - 1)/(x - 1) as x approaches 1", r"\hl{\left(x - 1\right)}", r"\left(x + 1\right)"),
        ("show why the derivative of x² is 2x", r"\hl{x^{2}}", "2 h x"),
    ],
)
def test_cancelling_terms_fade_while_the_rest_travels_to_the_next_line(problem, cancelled, kept):
    code = explain(problem).code
    parts = ast.literal_eval(next(line for line in code.splitlines() if line.startswith("PARTS = "))[8:])
    (before, after), *_ = [(parts[i], parts[i + 1]) for i in sorted(parts) if i + 1 in parts]
    assert cancelled in before and cancelled not in after  # it has nothing to match: it fades away
    assert kept in before and kept in after  # matched: it moves to its place in the new line
    assert "TransformMatchingTex(shown[-1].copy(), line)" in code


def _data(code: str, name: str):
    return ast.literal_eval(
        next(line for line in code.splitlines() if line.startswith(name + " = ")).split(" = ", 1)[1]
    )


# (problem, the factors each in its colour, as pieces of LaTeX): u and u' in one colour, v and v' in the other
REGROUPED = [
    ("d/dx x sin(x)", {r"\cA{x}", r"\cB{\cos{\left(x \right)}}", r"\cB{\sin{\left(x \right)}}"}),
    ("please differentiate sin(x)/x", {r"\cA{\cos{\left(x \right)}}", r"\cA{\sin{\left(x \right)}}", r"\cB{x}"}),
    ("Prove that the derivative of sin(x) is cos(x)", {r"\cA{\sin{\left(x \right)}}", r"\cB{\cos{\left(x \right)}}"}),
]


@pytest.mark.parametrize("problem,factors", REGROUPED, ids=["product", "quotient", "sin"])
def test_each_factor_keeps_its_colour_from_the_rule_to_the_regrouped_line(problem, factors):
    code = explain(problem).code
    parts = _data(code, "PARTS")
    # a line cut into terms right after one cut into terms: the scene moves the terms they share
    pairs = [(parts[i], parts[i + 1]) for i in sorted(parts) if i + 1 in parts]
    regrouping = [
        (before, after)
        for before, after in pairs
        if factors <= set(before) & set(after)  # every factor, in its colour, in both lines
        and [p for p in before if p in factors] != [p for p in after if p in factors]  # and they moved
    ]
    assert regrouping, pairs
    assert "TransformMatchingTex(shown[-1].copy(), line)" in code


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_the_coloured_lines_are_the_same_maths_in_every_language(language):
    # TeX sets Latin script only: the lines are maths and letters alone, the words are in the captions
    for problem, _factors in REGROUPED:
        english = _data(explain(problem, max_seconds=120).code, "PARTS")
        assert _data(explain(problem, language=language, max_seconds=120).code, "PARTS") == english
        assert all(piece.isascii() for pieces in english.values() for piece in pieces)


def test_a_wrong_claim_is_pointed_out():
    closing = explain("show why the derivative of x^2 is 3x").explanation.result_caption
    assert "3x is not right" in closing and "2x" in closing


def test_graphs_carry_what_the_kind_needs():
    assert explain("integrate x^2 from 0 to 2").explanation.graph.area
    assert explain("differentiate x^3 at x = 1").explanation.graph.tangent
    marks = explain("solve x^2 - 5x + 6 = 0").explanation.graph.marks
    assert sorted(m[0] for m in marks) == [2.0, 3.0]


def _holds(code: str) -> list:
    """(caption, seconds it stays up) of every caption the scene shows, read from its data lines."""
    data = dict(line.split(" = ", 1) for line in code.splitlines() if line.split(" = ")[0].isupper())
    pace = ast.literal_eval(data["PACE"])
    captions = [ast.literal_eval(data["PROBLEM_CAPTION"]), ast.literal_eval(data["RESULT_CAPTION"])]
    captions += [(caption, hold) for _latex, caption, hold in ast.literal_eval(data["STEPS"])]
    return [(caption, hold * pace) for caption, hold in captions]


def test_a_shorter_limit_shortens_the_reading_time_but_never_the_speech():
    problem = "Using first principles, find the derivative of x^3"
    relaxed = explain(problem)
    fitted = explain(problem, max_seconds=52)
    assert fitted.seconds <= 52 * FIT_SHARE + 1e-6 < relaxed.seconds
    for caption, seconds in _holds(fitted.code):  # every caption, the answer too, is heard to its end
        assert seconds >= speech_seconds(caption) + SPEECH_GAP - 0.01, caption


def test_a_limit_too_short_to_say_every_step_is_refused_with_the_length_needed():
    with pytest.raises(TooLong, match=r"needs a video of at least \d+ s to show and say every step; 20 s are"):
        explain("Using first principles, find the derivative of x^3", max_seconds=20)
    code, answer = _cli("Using first principles, find the derivative of x^3", "--max-duration", "20")
    assert code == 1 and answer["reason"].startswith("too long: the explanation needs a video of at least")
    # the length needed as a number, which codegen passes on so the person is told it in their language
    needed = answer["needed_seconds"]
    assert isinstance(needed, int) and f"at least {needed} s" in answer["reason"]
    assert explain("Using first principles, find the derivative of x^3", max_seconds=needed).seconds <= needed


def _cli(text: str, *arguments: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "manimrender", "explain", *arguments],
        input=text,
        capture_output=True,
        text=True,
        cwd=SRC,
        timeout=60,
    )
    return done.returncode, json.loads(done.stdout)


def test_the_command_prints_one_json_object():
    status, answer = _cli("differentiate x^2 + 3x")
    assert status == 0 and answer["ok"] and answer["kind"] == "derivative" and answer["result"] == "2*x + 3"
    assert answer["scene"] == "Explainer" and "class Explainer(Scene)" in answer["code"]
    status, answer = _cli("tell me a joke")
    assert status == 1 and answer == {"ok": False, "reason": "not understood: no known kind of problem"}


def test_the_command_takes_the_theme_for_its_palette():
    from manimrender.explain.palette import HIGH_CONTRAST, PALETTES

    _, plain = _cli("plot y = x^2")
    status, contrast = _cli("plot y = x^2", "--theme", "high_contrast,large_text")
    assert status == 0 and contrast["result"] == plain["result"]
    assert PALETTES[HIGH_CONTRAST]["curve"] in contrast["code"] and contrast["code"] != plain["code"]


@pytest.mark.parametrize(
    "problem,stated,verdict",
    [
        ("show why the derivative of x² is 2x", "x*2", True),
        ("show why the derivative of x² is 2x", "3x", False),
        ("show why the derivative of x² is 2x", "f'(x) = 2x", True),
        ("integrate 2x", "x^2 + 7 + C", True),
        ("integrate 2x", "2x^2", False),
        ("integrate x^2 from 0 to 2", "2.6666666666666665", True),
        ("solve x^2 - 5x + 6 = 0", "x = 3, x = 2", True),
        ("solve x^2 - 5x + 6 = 0", "x = 3", False),
        ("solve x^2 + x + 1 = 0", "no real solutions", True),
        ("solve x + y = 10 and x - y = 2", "x = 6, y = 4", True),
        ("solve x + y = 10 and x - y = 2", "x = 4, y = 6", False),
        ("factor x^2 - 9", "(x-3)(x+3)", True),
        ("show why the derivative of x² is 2x", "the slope doubles (trust me)", None),
        ("solve x + y = 10 and x - y = 2", "six and four", None),
    ],
)
def test_stated_results_are_compared_symbolically(problem, stated, verdict):
    explained = explain(problem)
    verified, message = verify(explained.problem, explained.explanation, stated)
    assert verified is verdict, message
    if verdict is False:
        assert message.startswith("your result ") and " is not equal to " in message


def test_the_wrong_result_message_names_both():
    explained = explain("show why the derivative of x² is 2x")
    assert verify(explained.problem, explained.explanation, "3x") == (False, "your result 3x is not equal to 2x")


def test_the_command_compares_a_stated_result():
    done = subprocess.run(
        [sys.executable, "-m", "manimrender", "explain", "--result", "3*x"],
        input="differentiate x^2",
        capture_output=True,
        text=True,
        cwd=SRC,
        timeout=60,
    )
    answer = json.loads(done.stdout)
    assert done.returncode == 0 and answer["verified"] is False
    assert answer["verdict"] == "your result 3x is not equal to 2x"
