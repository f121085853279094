"""Maths read the way a listener expects (manimrender.speech): the cases espeak-ng got wrong in issue 25."""

from __future__ import annotations

import pytest

from manimrender.speech import spoken


@pytest.mark.parametrize(
    "text,expected",
    [
        ("x²", "x squared"),
        ("x^3 + 2x", "x cubed plus 2 x"),
        ("5x^4 - 3x² + 7", "5 x to the power fourth minus 3 x squared plus 7"),
        ("√3", "the square root of 3"),
        ("√(x + 1)", "the square root of x plus 1,"),
        ("e^x", "e to the x"),
        ("e^(2x)", "e to the 2 x"),
        ("exp(x)", "e to the x,"),
        ("sin(x)", "sine of x"),
        ("cos x", "cosine of x"),
        ("ln(x)", "the natural log of x,"),
        ("x ≠ 1", "x is not equal to 1"),
        ("x → 0", "x approaches 0"),
        ("-3", "minus 3"),
        ("x = -2", "x equals minus 2"),
        ("u'", "u prime"),
        ("(x² - 1)/(x - 1)", "x squared minus 1 over x minus 1"),
    ],
)
def test_maths_is_spelt_out(text, expected):
    assert spoken(text) == expected


def test_plain_sentences_pass_through():
    sentence = "Factor the top and the bottom, then cancel what is common."
    assert spoken(sentence) == sentence


def test_a_closing_sentence_reads_its_answer():
    said = spoken("So the derivative of x²·sin(x) is x²·cos(x) + 2x·sin(x).")
    assert said == (
        "So the derivative of x squared times sine of x is x squared times cosine of x plus 2 x times sine of x."
    )
