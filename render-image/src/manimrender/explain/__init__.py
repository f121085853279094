"""The offline explainer: turns a maths problem into a Manim scene that works it out, with no AI.

``explain(text)`` reads the problem (:mod:`.parsing`), computes every step with SymPy (:mod:`.steps`) and
writes the scene (:mod:`.scene`); ``python -m manimrender explain`` is the same as one JSON object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from manimrender import catalog
from manimrender.explain.parsing import NotUnderstood, Problem, parse_problem
from manimrender.explain.scene import SCENE_NAME, estimated_seconds, scene_code
from manimrender.explain.steps import Explanation, explain_problem
from manimrender.explain.title import title_latex

__all__ = ["Explained", "NotUnderstood", "TooLong", "explain", "result_text"]

FIT_SHARE = 0.95  # of the maximum length the scene is planned to fill (its estimate runs 1-3 % long)
MIN_SQUEEZE = 0.5  # of a caption's reading time (beyond its speech) that is always kept
TEXTS = {
    "too_long": "the explanation needs a video of at least {needed} s to show and say every step; "
    "{allowed} s are allowed",
}


class TooLong(ValueError):
    """The steps cannot be shown and said within the maximum length (a step is never dropped or cut short);
    ``needed_seconds``: the shortest maximum length they fit in."""

    def __init__(self, needed_seconds: int, allowed_seconds: float):
        super().__init__(TEXTS["too_long"].format(needed=needed_seconds, allowed=f"{allowed_seconds:g}"))
        self.needed_seconds = needed_seconds


@dataclass(frozen=True)
class Explained:
    problem: Problem
    explanation: Explanation
    code: str
    seconds: float

    def as_json(self) -> dict:
        return {
            "ok": True,
            "kind": self.explanation.kind,
            "result": result_text(self.explanation.result),
            "scene": SCENE_NAME,
            "code": self.code,
            "estimated_seconds": round(self.seconds, 1),
            "captions": [s.caption for s in self.explanation.steps] + [self.explanation.result_caption],
        }


def explain(text: str, max_seconds: float = 60.0, pace: float = 1.0, themes=(), language: str = "en") -> Explained:
    """The explanation of ``text``; raises NotUnderstood when it is not a problem the explainer solves, and
    TooLong when its steps cannot be said within ``max_seconds``.

    The scene is fitted to ``max_seconds`` by shortening the time each caption stays up beyond the time it takes
    to say it (evenly, never a step dropped, never a caption cut short of its speech: narration always reaches
    the answer inside the limit); ``pace`` scales every duration afterwards (tests render fast with it);
    ``themes`` (``high_contrast``, ``large_text``) choose its palette; its words, captions and narration are in
    ``language`` (a BCP 47 tag; see :mod:`manimrender.catalog`).
    """
    language = catalog.language_of(language)
    with catalog.speaking(language):
        return _explain(text, max_seconds, pace, themes, language)


def _explain(text: str, max_seconds: float, pace: float, themes, language: str) -> Explained:
    problem = parse_problem(text)
    if not catalog.speaks(problem.kind, language):
        raise NotUnderstood(f"the explainer has no {language} words for {problem.kind} problems yet")
    try:
        explanation = explain_problem(problem)
    except (ValueError, TypeError, NotImplementedError, ZeroDivisionError, AttributeError) as e:
        raise NotUnderstood(f"cannot work out this {problem.kind}: {e}") from None
    squeeze = _squeeze_to_fit(explanation, problem.text, max_seconds)
    seconds = estimated_seconds(explanation, problem.text, pace, squeeze)
    title = explanation.title or title_latex(problem, words=language == catalog.DEFAULT)
    code = scene_code(explanation, problem.text, pace, title=title, themes=themes, squeeze=round(squeeze, 3))
    return Explained(problem, explanation, code, seconds)


def _squeeze_to_fit(explanation: Explanation, problem_text: str, max_seconds: float) -> float:
    """How much the captions' reading time shrinks for the video to fit ``max_seconds`` (1: not at all)."""
    target = max_seconds * FIT_SHARE  # the estimate is close, not exact: the limiter stops a render at the limit
    squeeze = 1.0
    for _ in range(6):  # the speech and the animations do not shrink, so a few rounds
        seconds = estimated_seconds(explanation, problem_text, 1.0, squeeze)
        if seconds <= target:
            return squeeze
        if squeeze == MIN_SQUEEZE:
            break
        squeeze = max(MIN_SQUEEZE, squeeze * target / seconds * 0.98)
    raise TooLong(math.ceil(seconds / FIT_SHARE), max_seconds)


def result_text(result) -> str:
    """The result in SymPy's own syntax (what the AI's ``# RESULT:`` line is compared with)."""
    if isinstance(result, dict):
        return ", ".join(f"{k} = {sp.sstr(v)}" for k, v in sorted(result.items(), key=lambda kv: kv[0].name))
    if isinstance(result, sp.Set):
        return ", ".join(sp.sstr(v) for v in sorted(result, key=lambda v: float(sp.re(v))))
    return sp.sstr(result)
