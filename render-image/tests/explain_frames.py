"""Renders an explainer scene in the test process (our own code: low quality, the renderer's theme hooks and
layout critic attached the way the child attaches them) and extracts one frame at the end of each subtitle cue
with ffmpeg, so tests (and people) look at what a viewer sees when each step has been said."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import srt

from manimrender.critic import LayoutCritic
from manimrender.theme import Theme


@dataclass
class Rendered:
    video: Path
    cues: list  # srt.Subtitle
    frames: list  # Path, one per cue, taken just before the cue ends
    final: Path | None  # the video's last frame
    critic: LayoutCritic
    scene: object


def render(code: str, media: Path, themes=(), monkeypatch=None, also=(), frames: bool = True) -> Rendered:
    """The scene rendered, its layout critic (and the critics in ``also``) run after every play and wait;
    with ``frames``, one frame per cue and the last one extracted."""
    from manim import Scene, tempconfig

    critic = LayoutCritic("explainer.py")
    critics = [critic, *also]
    play, wait = Scene.play, Scene.wait

    def watched(original):
        return lambda scene, *a, **k: (original(scene, *a, **k), [c.after_play(scene) for c in critics])[0]

    monkeypatch.setattr(Scene, "play", watched(play))
    monkeypatch.setattr(Scene, "wait", watched(wait))
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
        theme = Theme.of(themes)
        if theme.large_text:
            _keep_text_classes(monkeypatch)
        scene = namespace["Explainer"]()
        if theme != Theme():
            theme.before_scene(scene)
        scene.render()
        video = Path(scene.renderer.file_writer.movie_file_path)
    cues = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    if not frames:
        return Rendered(video, cues, [], None, critic, scene)
    frames = []
    for i, cue in enumerate(cues):
        at = max(cue.start.total_seconds(), cue.end.total_seconds() - 0.15)
        frames.append(frame_at(video, at, media / f"cue-{i:02d}.png"))
    final = media / "final.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-sseof", "-0.1", "-i", str(video), "-update", "1", str(final)],
        check=True,
        timeout=60,
    )
    return Rendered(video, cues, frames, final, critic, scene)


def frame_at(video: Path, seconds: float, target: Path) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-ss", f"{seconds:.3f}", "-i", str(video), "-frames:v", "1", str(target)],
        check=True,
        timeout=60,
    )
    return target


def _keep_text_classes(monkeypatch) -> None:
    # large_text patches the text classes' __init__ for the process; monkeypatch puts them back after the test
    from manim import MarkupText, MathTex, Paragraph, SingleStringMathTex, Tex, Text

    for cls in (Text, MarkupText, Paragraph, MathTex, Tex, SingleStringMathTex):
        monkeypatch.setattr(cls, "__init__", cls.__init__)
