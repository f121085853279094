"""Every scene the offline explainer writes for the corpus renders with real Manim (low quality, short
pace, in the test process: the code is our own), its subtitles hold one caption per step, and the layout
critic finds nothing in it (no text off the frame, no texts on top of each other)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import probe
from explain_corpus import CORPUS
from manimrender.critic import LayoutCritic
from manimrender.explain import explain

PACE = 0.08  # every duration scaled down: the test is about rendering, not watching


def render_in_process(code: str, media: Path, critic: LayoutCritic, monkeypatch) -> Path:
    from manim import Scene, tempconfig

    play, wait = Scene.play, Scene.wait
    monkeypatch.setattr(Scene, "play", lambda scene, *a, **k: (play(scene, *a, **k), critic.after_play(scene))[0])
    monkeypatch.setattr(Scene, "wait", lambda scene, *a, **k: (wait(scene, *a, **k), critic.after_play(scene))[0])
    namespace: dict = {}
    exec(compile(code, "explainer.py", "exec"), namespace)  # the explainer's own code
    with tempconfig(
        {
            "quality": "low_quality",
            "media_dir": str(media),
            "disable_caching": True,
            "verbosity": "ERROR",
            "progress_bar": "none",
            "output_file": "explainer",
        }
    ):
        scene = namespace["Explainer"]()
        scene.render()
        return Path(scene.renderer.file_writer.movie_file_path)


@pytest.mark.parametrize("problem", [c[0] for c in CORPUS], ids=[c[0][:40] for c in CORPUS])
def test_every_corpus_scene_renders_cleanly_with_a_caption_per_step(problem, tmp_path, monkeypatch):
    explained = explain(problem, pace=PACE)
    critic = LayoutCritic("explainer.py")
    video = render_in_process(explained.code, tmp_path, critic, monkeypatch)
    assert critic.findings == []
    info = probe(video)
    assert info["frames"] > 0 and info["width"] == 854
    subtitles = video.with_suffix(".srt").read_text(encoding="utf-8")
    cues = [block for block in subtitles.strip().split("\n\n") if block.strip()]
    # the problem, each step, the graph (when there is one) and the result
    expected = 2 + len(explained.explanation.steps) + (explained.explanation.graph is not None)
    assert len(cues) == expected
    assert explained.explanation.steps[0].caption in subtitles
