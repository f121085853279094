"""Maths in a caption rewritten into the words a listener expects, before espeak-ng speaks it.

espeak-ng reads "x²" as "x two", drops a lone "-", says "square three" for "√3" and "eksp" for "exp". No
speech-rule library (MathJax's Speech Rule Engine is JavaScript) is pinned for Python, so this is a small,
tested rule set in the spirit of its ClearSpeak style: powers, roots, fractions written with "/", signs,
function names, Greek letters and the arrow. Plain words pass through untouched.
"""

from __future__ import annotations

import re

from manimrender import catalog

# Every word this module adds comes from the language's catalog (manimrender.catalog): keys "speech.*", and
# "speech.fn.<name>" for the functions it names.
_FUNCTIONS = ("sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "sinh", "cosh", "tanh", "log")
_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_ORDINAL = {"4": "fourth", "5": "fifth", "6": "sixth", "7": "seventh", "8": "eighth", "9": "ninth", "10": "tenth"}
# A bracket with no bracket inside it: what a function, root or power applies to.
_GROUP = r"\(([^()]*)\)"
_ATOM = r"([A-Za-z0-9.]+)"


def _power(exponent: str, words: dict[str, str], language: str) -> str:
    exponent = exponent.strip()
    if exponent == "2":
        return words["squared"]
    if exponent == "3":
        return words["cubed"]
    if exponent in _ORDINAL and language == "en":  # other languages' voices read the number as it stands
        return words["power"].format(n=_ORDINAL[exponent])
    return words["power"].format(n=exponent)


def spoken(text: str, language: str = "en") -> str:
    """``text`` with its maths spelt out in words of ``language``; sentences without maths come back unchanged."""
    language = catalog.language_of(language)
    patterns = catalog.texts(language)
    words = {key.removeprefix("speech."): value for key, value in patterns.items() if key.startswith("speech.")}
    out = catalog.plain(text).replace("−", "-").replace("–", "-").replace("·", " · ").replace("×", " × ")
    out = re.sub(r"([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", lambda m: "^" + m.group(1).translate(_SUPER), out)
    out = out.replace("**", "^")
    out = re.sub(r"(\d)([a-zA-Z(√])", r"\1 \2", out)  # 2sin(x), 2x, 3(x + 1): a number times what follows
    # e^x, e^(2x), exp(x): before other powers, so "e to the" is not read as "e to the power"
    out = re.sub(r"\be\^" + _GROUP, lambda m: " " + words["e_to"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"\be\^" + _ATOM, lambda m: " " + words["e_to"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"\bexp" + _GROUP, lambda m: " " + words["e_to"].format(x=m.group(1)) + ",", out)
    # roots: √3, √(x + 1), sqrt(x)
    out = re.sub(r"(?:√|\bsqrt)\s*" + _GROUP, lambda m: " " + words["root"].format(x=m.group(1)) + ",", out)
    out = re.sub(r"(?:√|\bsqrt)\s*" + _ATOM, lambda m: " " + words["root"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"∛\s*" + _ATOM, lambda m: " " + words["cube_root"].format(x=m.group(1)) + " ", out)
    # powers: x^2, (x + 1)^3, x^n, x^(n+1)
    out = re.sub(r"\^\s*" + _GROUP, lambda m: " " + _power(m.group(1), words, language) + " ", out)
    out = re.sub(r"\^\s*(-?[A-Za-z0-9.]+)", lambda m: " " + _power(m.group(1), words, language) + " ", out)
    # functions: ln(x), sin(x), |x|
    out = re.sub(r"\bln\s*" + _GROUP, lambda m: " " + words["ln"].format(x=m.group(1)) + ",", out)
    out = re.sub(r"\bln\s+([a-z]\b|\d+\b)", lambda m: " " + words["ln"].format(x=m.group(1)), out)
    for short in _FUNCTIONS:
        name = words["fn." + short]
        said = lambda m, n=name: " " + words["of"].format(f=n, x=m.group(1))  # noqa: E731
        out = re.sub(rf"\b{short}\s*" + _GROUP, said, out)
        out = re.sub(rf"\b{short}\s+([a-z]\b|\d+\b)", said, out)
    out = re.sub(r"\|([^|]+)\|", lambda m: " " + words["abs"].format(x=m.group(1)) + " ", out)
    out = re.sub(r"\b([a-zA-Z])'", lambda m: words["prime"].format(f=m.group(1)), out)
    # signs and relations: a "-" between spaces or before a number/letter is a minus, not a dash in words
    out = out.replace("±", f" {words['plus_minus']} ").replace("≠", f" {words['not_equal']} ")
    out = out.replace("≈", f" {words['approx']} ").replace("→", f" {words['approaches']} ")
    out = out.replace("->", f" {words['approaches']} ").replace("∞", f" {words['infinity']} ")
    out = out.replace("π", f" {words['pi']} ").replace("θ", f" {words['theta']} ")
    out = re.sub(r"(?<![A-Za-z])-(?=\s*[\w(√])", f" {words['minus']} ", out)
    out = re.sub(r"\s-\s", f" {words['minus']} ", out)
    out = re.sub(r"\s\+\s|(?<=\w)\+(?=\w)", f" {words['plus']} ", out)
    out = re.sub(r"\s[·×*]\s", f" {words['times']} ", out)
    out = re.sub(r"(?<=[\w)])\s*/\s*(?=[\w(])", f" {words['over']} ", out)
    out = re.sub(r"\s=\s", f" {words['equals']} ", out)
    out = re.sub(r"\bdx\b", words["dx"], out)
    out = re.sub(r"[()]", " ", out)
    out = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s+", " ", out)).strip()
    return re.sub(r",([.;:])", r"\1", out)
