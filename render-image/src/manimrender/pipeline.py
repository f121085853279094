"""Repair, validate, guarded render and video finishing: one pipeline for the pod's ``job`` and local
``render``."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from manimrender import policy, video
from manimrender.quality import FORMATS, QUALITIES
from manimrender.repair import repair
from manimrender.result import workload_result
from manimrender.sandbox import Limits, RenderRequest, run_guarded



@dataclass(frozen=True)
class RenderSettings:
    quality: str = "low"
    format: str = "mp4"
    max_duration_seconds: float = 60
    scene: str | None = None
    limits: Limits = Limits()

    def __post_init__(self):
        if self.quality not in QUALITIES:
            raise ValueError(f"quality must be one of {', '.join(QUALITIES)}")
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")
        if self.max_duration_seconds <= 0:
            raise ValueError("the maximum duration must be positive")


@dataclass(frozen=True)
class Produced:
    result: dict
    video: Path | None = None
    thumbnail: Path | None = None


StageListener = Callable[[str, int], None]


class RenderPipeline:
    def __init__(self, settings: RenderSettings, work_dir: Path, on_stage: StageListener = lambda s, p: None):
        self.settings = settings
        self.work_dir = work_dir
        self.on_stage = on_stage

    def run(self, code: str) -> Produced:
        self.on_stage("validating", 0)
        repaired = repair(code)
        fields = {"repairs": repaired.repairs or None, "codeSha256": hashlib.sha256(
            repaired.code.encode("utf-8", "surrogatepass")).hexdigest(),
                  "codeSizeBytes": len(repaired.code.encode("utf-8", "surrogatepass"))}
        try:
            scene = policy.check(repaired.code, self.settings.scene)
        except policy.CodeRejected as e:
            v = e.violation
            line = repaired.original_line(v.line)
            message = f"line {line}: {v.message}" if line else v.message
            return Produced(workload_result("invalid_code", message, line=line,
                                            column=v.column if line == v.line else None, **fields))
        sandbox = self.work_dir / "sandbox"
        out = self.work_dir / "out"
        for d in (sandbox, out):
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        code_path = sandbox / "scene.py"
        code_path.write_text(repaired.code, encoding="utf-8")
        self.on_stage("rendering", 0)
        s = self.settings
        max_seconds = s.max_duration_seconds
        outcome = run_guarded(
            RenderRequest(code_path, scene, s.quality, s.format, max_seconds, sandbox), s.limits,
            lambda seconds: self.on_stage("rendering", min(99, int(100 * seconds / max_seconds))))
        fields["renderSeconds"] = outcome.render_seconds
        if outcome.outcome != "ok":
            line = repaired.original_line(outcome.line)
            message = f"line {line}: {outcome.message}" if line else outcome.message
            return Produced(workload_result(outcome.outcome, message, line=line, **fields))
        return self._finish(outcome.video, out, fields)

    def _finish(self, raw: Path, out: Path, fields: dict) -> Produced:
        s = self.settings
        width, height = QUALITIES[s.quality].width, QUALITIES[s.quality].height
        target = out / f"video.{s.format}"
        try:
            video.finish(raw, target, s.format)
            info = video.probe(target)
        except video.VideoError:
            return Produced(workload_result("render_error", "the rendered video could not be read", **fields))
        if info.codec != FORMATS[s.format][0] or (info.width, info.height) != (width, height) or info.frames < 1:
            return Produced(workload_result("render_error", "the rendered video is not in the expected format",
                                            **fields))
        thumb = out / "thumbnail.png"
        try:
            video.thumbnail(target, thumb, info)
        except video.VideoError:
            thumb = None
        fields.update(durationSeconds=round(info.duration_seconds, 3), sizeBytes=target.stat().st_size,
                      width=info.width, height=info.height, format=s.format, thumbnail=thumb is not None)
        message = f"rendered a {info.duration_seconds:.1f} s video ({info.width}x{info.height}, {s.format})"
        return Produced(workload_result("ok", message, **fields), target, thumb)
