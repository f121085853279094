"""The offline explainer: turns a maths problem into a Manim scene that works it out, with no AI.

``explain(text)`` reads the problem (:mod:`.parsing`), computes every step with SymPy (:mod:`.steps`) and
writes the scene (:mod:`.scene`); ``python -m manimrender explain`` is the same as one JSON object.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from manimrender import catalog
from manimrender.explain.parsing import NotUnderstood, Problem, parse_problem
from manimrender.explain.scene import SCENE_NAME, estimated_seconds, scene_code
from manimrender.explain.steps import Explanation, explain_problem
from manimrender.explain.title import title_latex

__all__ = ["Explained", "NotUnderstood", "explain", "result_text"]


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
    """The explanation of ``text``; raises NotUnderstood when it is not a problem the explainer solves.

    The scene is paced to fit ``max_seconds`` (slower captions are shortened evenly, never dropped); ``themes``
    (``high_contrast``, ``large_text``) choose its palette; its words, captions and narration are in
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
    seconds = estimated_seconds(explanation, problem.text, pace)
    for _ in range(5):  # the fixed parts do not scale, so a few rounds
        if seconds <= max_seconds * 0.9:
            break
        pace *= max_seconds * 0.9 / seconds * 0.98
        seconds = estimated_seconds(explanation, problem.text, pace)
    title = title_latex(problem, words=language == catalog.DEFAULT)
    code = scene_code(explanation, problem.text, round(pace, 3), title=title, themes=themes)
    return Explained(problem, explanation, code, seconds)


def result_text(result) -> str:
    """The result in SymPy's own syntax (what the AI's ``# RESULT:`` line is compared with)."""
    if isinstance(result, dict):
        return ", ".join(f"{k} = {sp.sstr(v)}" for k, v in sorted(result.items(), key=lambda kv: kv[0].name))
    if isinstance(result, sp.Set):
        return ", ".join(sp.sstr(v) for v in sorted(result, key=lambda v: float(sp.re(v))))
    return sp.sstr(result)
