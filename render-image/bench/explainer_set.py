"""Fifteen problems of different kinds through the offline explainer at their real pace (issue 25's "done
when"): each is rendered at low quality with the layout and picture critics attached, narrated with espeak-ng,
and one frame per subtitle cue is saved for people to look at. Prints one row per problem: the kind, the
steps, the video's length, the narrated length, whether the answer is heard to its end, and the critics'
findings.

    cd render-image && nice -n 10 .venv/bin/python bench/explainer_set.py --out /tmp/explainer-set [--shard 1/2]
    [--theme high_contrast]

CPU-heavy (a minute or more of rendering per problem); not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "tests"))

PROBLEMS = [
    "d/dx (x^2 sin x)",
    "show why the derivative of x² is 2x",
    "integrate x e^x",
    "Integrate x^2 from 0 to 2",
    "limit of (x^2 - 1)/(x - 1) as x approaches 1",
    "solve x^2 - 5x + 6 = 0",
    "solve x + y = 10 and x - y = 2",
    "plot y = x³ - 3x",
    "find the tangent line to y = x^2 at x = 1",
    "find the stationary points of x^3 - 3x",
    "factor x^2 - 9",
    "prove that the sum of the first n odd numbers is n²",
    "prove the Pythagorean theorem",
    "find the sum of the geometric series 1 + 1/2 + 1/4 + 1/8 + ...",
    "what is the probability that the sum of two dice is 7",
]


def run(problem: str, out: Path, themes: tuple) -> dict:
    import pytest

    from explain_frames import render
    from manimrender import narration
    from manimrender.captions import Cue
    from manimrender.explain import explain
    from manimrender.explain.scene import speech_seconds
    from manimrender.picture_critic import PictureCritic

    explained = explain(problem, themes=themes)
    pictures = PictureCritic()
    with pytest.MonkeyPatch.context() as patch:
        rendered = render(explained.code, out, themes, patch, also=[pictures])
    video_seconds = rendered.cues[-1].end.total_seconds() + 0.2
    cues = [Cue(c.start.total_seconds(), c.end.total_seconds(), c.content) for c in rendered.cues]
    _, narrated = narration.narrate(rendered.video, cues, "mp4", out / "narration", video_seconds)
    answer = explained.explanation.result_caption
    return {
        "problem": problem,
        "kind": explained.explanation.kind,
        "steps": len(explained.explanation.steps),
        "seconds": round(video_seconds, 1),
        "narrated_seconds": round(narrated, 1),
        "answer_heard": cues[-1].text == answer and narrated >= cues[-1].start + speech_seconds(answer),
        "layout_findings": [f["message"] for f in rendered.critic.findings],
        "picture_findings": [f["message"] for f in pictures.finish()],
        "frames": str(out),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shard", default="1/1", help="k/n: every n-th problem from the k-th")
    parser.add_argument("--theme", default="", help="comma list: high_contrast, large_text")
    args = parser.parse_args()
    k, n = (int(v) for v in args.shard.split("/"))
    themes = tuple(t for t in args.theme.split(",") if t)
    for i, problem in enumerate(PROBLEMS):
        if i % n != k - 1:
            continue
        row = run(problem, args.out / f"{i + 1:02d}", themes)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
