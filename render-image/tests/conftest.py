"""Shared helpers: render through the real pipeline (real Manim in the guarded child) and probe videos."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))

from manimrender.pipeline import RenderPipeline, RenderSettings  # noqa: E402
from manimrender.quality import QUALITIES  # noqa: E402
from manimrender.sandbox import Limits, RenderRequest, run_guarded  # noqa: E402


def probe(path: Path) -> dict:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,width,height,nb_read_frames,pix_fmt:format=duration",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    data = json.loads(out)
    stream = data["streams"][0]
    return {
        "codec": stream["codec_name"],
        "width": stream["width"],
        "height": stream["height"],
        "frames": int(stream["nb_read_frames"]),
        "duration": float(data["format"]["duration"]),
        "pix_fmt": stream.get("pix_fmt"),
    }


def assert_decodes(video: Path, quality: str = "low", fmt: str = "mp4") -> dict:
    info = probe(video)
    width, height = QUALITIES[quality].width, QUALITIES[quality].height
    assert info["codec"] == ("h264" if fmt == "mp4" else "vp9")
    assert (info["width"], info["height"]) == (width, height)
    assert info["frames"] > 0 and info["duration"] > 0
    return info


def assert_rendered_with_repair(produced, repair: str | None, among: str = "") -> list[str]:
    """The render made a video that decodes and, when ``repair`` is given, lists a repair naming it among those
    that contain ``among``; returns those repairs."""
    assert produced.result["outcome"] == "ok", produced.result
    assert_decodes(produced.video)
    listed = [r for r in produced.result.get("repairs", []) if among in r]
    if repair:
        assert any(repair in r for r in listed), produced.result.get("repairs")
    return listed


@pytest.fixture
def render(tmp_path):
    """Renders code through the whole pipeline (repair, validate, guarded render, finish)."""

    def run(code: str, **settings):
        limits = settings.pop("limits", Limits(timeout_seconds=90, memory_mb=1536))
        settings.setdefault("max_duration_seconds", 10)
        return RenderPipeline(RenderSettings(limits=limits, **settings), tmp_path / "work").run(textwrap.dedent(code))

    return run


@pytest.fixture
def run_unchecked(tmp_path):
    """Runs code in the guarded child with the static check skipped: the runtime guard must hold alone."""

    def run(code: str, scene: str = "Hostile", limits: Limits | None = None, max_duration: float = 10):
        return run_guarded(
            RenderRequest(textwrap.dedent(code), scene, "low", "mp4", max_duration, tmp_path / "sandbox"),
            limits or Limits(timeout_seconds=60, memory_mb=1536),
        )

    return run
