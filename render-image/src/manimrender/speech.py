"""Maths in a caption rewritten into the words a listener expects, before espeak-ng speaks it.

espeak-ng reads "x²" as "x two", drops a lone "-", says "square three" for "√3" and "eksp" for "exp". No
speech-rule library (MathJax's Speech Rule Engine is JavaScript) is pinned for Python, so this is a small,
tested rule set in the spirit of its ClearSpeak style: powers, roots, fractions written with "/", signs,
function names, Greek letters and the arrow. Plain words pass through untouched.
"""

from __future__ import annotations

import re

# Every word this module adds, in one place (a message catalog can replace it per language).
WORDS = {
    "squared": "squared",
    "cubed": "cubed",
    "power": "to the power {n}",
    "e_to": "e to the {x}",
    "root": "the square root of {x}",
    "cube_root": "the cube root of {x}",
    "minus": "minus",
    "plus": "plus",
    "times": "times",
    "over": "over",
    "equals": "equals",
    "not_equal": "is not equal to",
    "approx": "is about",
    "plus_minus": "plus or minus",
    "approaches": "approaches",
    "infinity": "infinity",
    "pi": "pi",
    "theta": "theta",
    "prime": "{f} prime",
    "of": "{f} of {x}",
    "dx": "d x",
    "ln": "the natural log of {x}",
    "abs": "the absolute value of {x}",
}
_FUNCTIONS = {
    "sin": "sine",
    "cos": "cosine",
    "tan": "tangent",
    "cot": "cotangent",
    "sec": "secant",
    "csc": "cosecant",
    "asin": "arc sine",
    "acos": "arc cosine",
    "atan": "arc tangent",
    "sinh": "hyperbolic sine",
    "cosh": "hyperbolic cosine",
    "tanh": "hyperbolic tangent",
    "log": "log",
}
_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_ORDINAL = {"4": "fourth", "5": "fifth", "6": "sixth", "7": "seventh", "8": "eighth", "9": "ninth", "10": "tenth"}
# A bracket with no bracket inside it: what a function, root or power applies to.
_GROUP = r"\(([^()]*)\)"
_ATOM = r"([A-Za-z0-9.]+)"


def _power(exponent: str) -> str:
    exponent = exponent.strip()
    if exponent == "2":
        return WORDS["squared"]
    if exponent == "3":
        return WORDS["cubed"]
    if exponent in _ORDINAL:
        return WORDS["power"].format(n=_ORDINAL[exponent])
    return WORDS["power"].format(n=exponent)


def spoken(text: str) -> str:
    """``text`` with its maths spelt out in words; sentences without maths come back unchanged."""
    out = text.replace("−", "-").replace("–", "-").replace("·", " · ").replace("×", " × ")
    out = re.sub(r"([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", lambda m: "^" + m.group(1).translate(_SUPER), out)
    out = out.replace("**", "^")
    out = re.sub(r"(\d)([a-zA-Z(√])", r"\1 \2", out)  # 2sin(x), 2x, 3(x + 1): a number times what follows
    # e^x, e^(2x), exp(x): before other powers, so "e to the" is not read as "e to the power"
    out = re.sub(r"\be\^" + _GROUP, lambda m: " " + WORDS["e_to"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"\be\^" + _ATOM, lambda m: " " + WORDS["e_to"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"\bexp" + _GROUP, lambda m: " " + WORDS["e_to"].format(x=m.group(1)) + ",", out)
    # roots: √3, √(x + 1), sqrt(x)
    out = re.sub(r"(?:√|\bsqrt)\s*" + _GROUP, lambda m: " " + WORDS["root"].format(x=m.group(1)) + ",", out)
    out = re.sub(r"(?:√|\bsqrt)\s*" + _ATOM, lambda m: " " + WORDS["root"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"∛\s*" + _ATOM, lambda m: " " + WORDS["cube_root"].format(x=m.group(1)) + " ", out)
    # powers: x^2, (x + 1)^3, x^n, x^(n+1)
    out = re.sub(r"\^\s*" + _GROUP, lambda m: " " + _power(m.group(1)) + " ", out)
    out = re.sub(r"\^\s*(-?[A-Za-z0-9.]+)", lambda m: " " + _power(m.group(1)) + " ", out)
    # functions: ln(x), sin(x), |x|
    out = re.sub(r"\bln\s*" + _GROUP, lambda m: " " + WORDS["ln"].format(x=m.group(1)) + ",", out)
    out = re.sub(r"\bln\s+([a-z]\b|\d+\b)", lambda m: " " + WORDS["ln"].format(x=m.group(1)), out)
    for short, name in _FUNCTIONS.items():
        said = lambda m, n=name: " " + WORDS["of"].format(f=n, x=m.group(1))  # noqa: E731
        out = re.sub(rf"\b{short}\s*" + _GROUP, said, out)
        out = re.sub(rf"\b{short}\s+([a-z]\b|\d+\b)", said, out)
    out = re.sub(r"\|([^|]+)\|", lambda m: " " + WORDS["abs"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"\b([a-zA-Z])'", lambda m: WORDS["prime"].format(f=m.group(1)), out)
    # signs and relations: a "-" between spaces or before a number/letter is a minus, not a dash in words
    out = out.replace("±", f" {WORDS['plus_minus']} ").replace("≠", f" {WORDS['not_equal']} ")
    out = out.replace("≈", f" {WORDS['approx']} ").replace("→", f" {WORDS['approaches']} ")
    out = out.replace("->", f" {WORDS['approaches']} ").replace("∞", f" {WORDS['infinity']} ")
    out = out.replace("π", f" {WORDS['pi']} ").replace("θ", f" {WORDS['theta']} ")
    out = re.sub(r"(?<![A-Za-z])-(?=\s*[\w(√])", f" {WORDS['minus']} ", out)
    out = re.sub(r"\s-\s", f" {WORDS['minus']} ", out)
    out = re.sub(r"\s\+\s|(?<=\w)\+(?=\w)", f" {WORDS['plus']} ", out)
    out = re.sub(r"\s[·×*]\s", f" {WORDS['times']} ", out)
    out = re.sub(r"(?<=[\w)])\s*/\s*(?=[\w(])", f" {WORDS['over']} ", out)
    out = re.sub(r"\s=\s", f" {WORDS['equals']} ", out)
    out = re.sub(r"\bdx\b", WORDS["dx"], out)
    out = re.sub(r"[()]", " ", out)
    out = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s+", " ", out)).strip()
    return re.sub(r",([.;:])", r"\1", out)
