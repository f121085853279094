"""Repair, validate, guarded render and video finishing: one pipeline for the pod's ``job`` and local
``render``."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import hashlib
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from manimrender import (
    captions,
    critic,
    error_repair,
    manim_api,
    narration,
    policy,
    still,
    truncation,
    untrusted,
    video,
)
from manimrender.quality import FORMATS, QUALITIES
from manimrender.repair import api_repairs_enabled, repair, with_lines
from manimrender.result import workload_result
from manimrender.sandbox import Limits, RenderRequest, run_guarded
from manimrender.theme import THEMES


@dataclass(frozen=True)
class RenderSettings:
    quality: str = "low"
    format: str = "mp4"
    max_duration_seconds: float = 60
    scene: str | None = None
    limits: Limits = Limits()
    narration: bool = False  # audio description: the subcaptions spoken into the video
    theme: tuple = ()  # high_contrast and/or large_text (manimrender.theme)
    animations: str | tuple | None = None  # "plan" or a part's (first, last): see manimrender.parts
    language: str = "en"  # the job's language (BCP 47): the narration's voice and words (manimrender.catalog)

    def __post_init__(self):
        if self.quality not in QUALITIES:
            raise ValueError(f"quality must be one of {', '.join(QUALITIES)}")
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")
        if self.max_duration_seconds <= 0:
            raise ValueError("the maximum duration must be positive")
        unknown = set(self.theme) - set(THEMES)
        if unknown:
            raise ValueError(f"unknown theme {', '.join(sorted(unknown))}; known: {', '.join(THEMES)}")


@dataclass(frozen=True)
class Produced:
    result: dict
    video: Path | None = None
    thumbnail: Path | None = None
    captions: Path | None = None  # WebVTT, when the scene had subcaptions
    transcript: Path | None = None  # the same cues as plain text
    cues: tuple = ()  # the captions' cues (a part's, for the join: manimrender.parts)
    plan: object = None  # the plan's pass: each animation's run time and costs as the child reported them (untrusted)


StageListener = Callable[[str, int], None]
MIN_RETRY_SECONDS = 5  # a render again after a repair needs at least this much of the deadline left


class RenderPipeline:
    def __init__(
        self,
        settings: RenderSettings,
        work_dir: Path,
        on_stage: StageListener = lambda s, p: None,
        python_layers: bool = True,
    ):
        self.settings = settings
        self.work_dir = work_dir
        self.on_stage = on_stage
        self.python_layers = python_layers  # tests only: False skips the static policy and the runtime guard
        self.error_repairs = api_repairs_enabled()  # MANIMRENDER_API_REPAIRS=0 turns these off with the others
        # seconds per step of the last run, for the benchmark (bench/overhead.py); never part of the result
        self.timings: dict[str, float] = {}

    @contextlib.contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.timings[step] = round(time.monotonic() - started, 3)

    def run(self, code: str) -> Produced:
        self.timings = {}
        self.on_stage("validating", 0)
        validating = time.monotonic()
        repaired = repair(code)
        fields = {
            "repairs": repaired.repairs or None,
            "codeSha256": hashlib.sha256(repaired.code.encode("utf-8", "surrogatepass")).hexdigest(),
            "codeSizeBytes": len(repaired.code.encode("utf-8", "surrogatepass")),
        }
        try:
            scene = (
                policy.check(repaired.code, self.settings.scene)
                if self.python_layers
                else policy.choose_scene(ast.parse(repaired.code), self.settings.scene)
            )
        except policy.CodeRejected as e:
            v = e.violation
            cut = truncation.detect(repaired.code)
            line = repaired.original_line(cut.line if cut else v.line)
            reason = cut.message() if cut else v.message
            message = f"line {line}: {reason}" if line else reason
            return Produced(
                workload_result(
                    "invalid_code",
                    message,
                    line=line,
                    column=v.column if line == v.line and not cut else None,
                    **fields,
                )
            )
        self.timings["validate"] = round(time.monotonic() - validating, 3)
        out = self.work_dir / "out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        self.on_stage("rendering", 0)
        outcome = self._render_repairing(repaired, scene, fields)
        if outcome.outcome != "ok":
            line = repaired.original_line(outcome.line)
            message = f"line {line}: {outcome.message}" if line else outcome.message
            return Produced(workload_result(outcome.outcome, message, line=line, **fields))
        if self.settings.animations == "plan":
            return Produced(workload_result("ok", "planned", **fields), plan=outcome.plan)
        if outcome.still:
            fields["repairs"] = [*(fields["repairs"] or []), still.repair_note(outcome.still)]
        layout = [_with_original_line(f, repaired) for f in critic.describe(outcome.layout)]
        fields["layout"] = layout or None
        return self._finish(outcome.video, out, fields, outcome.subcaptions, outcome.video_seconds)

    def _render_repairing(self, repaired, scene: str, fields: dict):
        """Renders; when the render fails with an error a rule can fix (error_repair), fixes it and renders
        again, at most error_repair.MAX_ROUNDS times, all within the one deadline of Limits.timeout_seconds."""
        s = self.settings
        sandbox = self.work_dir / "sandbox"
        limits, started, total = s.limits, time.monotonic(), 0.0
        for round_ in range(error_repair.MAX_ROUNDS + 1):
            shutil.rmtree(sandbox, ignore_errors=True)
            sandbox.mkdir(parents=True)
            request = RenderRequest(
                repaired.code,
                scene,
                s.quality,
                s.format,
                s.max_duration_seconds,
                sandbox,
                self.python_layers,
                s.theme,
                s.animations,
            )
            outcome = run_guarded(request, limits, self._rendered)
            self.timings.update(outcome.timings)
            total += outcome.render_seconds
            fields["renderSeconds"] = round(total, 3)
            if outcome.outcome == "timeout" and round_ > 0:  # the deadline is the attempt's, not the last round's
                elapsed = time.monotonic() - started
                repairs = f"{round_} repair{'s' if round_ > 1 else ''} from the error"
                message = f"rendering took longer than the {s.limits.timeout_seconds:g} seconds allowed"
                return dataclasses.replace(
                    outcome, message=f"{message} (stopped after {elapsed:.1f} s, with {repairs})"
                )
            if outcome.outcome != "render_error" or round_ == error_repair.MAX_ROUNDS or not self.error_repairs:
                return outcome
            remaining = s.limits.timeout_seconds - (time.monotonic() - started)
            try:
                fixed = error_repair.fix(repaired.code, outcome.message, outcome.line, manim_api.load())
            except Exception:  # noqa: BLE001  (a repair's own bug must not hide the render's error: reported as is)
                fixed = None
            if fixed is None or remaining < MIN_RETRY_SECONDS:
                return outcome
            code, note = fixed
            try:  # the fixed code is checked like any other before it runs
                scene = policy.check(code, s.scene) if self.python_layers else scene
            except policy.CodeRejected:
                return outcome
            repaired.code = code
            repaired.repairs.append(with_lines(note, repaired.original_line))
            fields["repairs"] = list(repaired.repairs)
            fields["codeSha256"] = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()
            fields["codeSizeBytes"] = len(code.encode("utf-8", "surrogatepass"))
            limits = dataclasses.replace(s.limits, timeout_seconds=remaining)
        return outcome

    def _rendered(self, seconds: float) -> None:
        """The child's progress (seconds of video written) as a percentage; its number is untrusted."""
        max_seconds = self.settings.max_duration_seconds
        seconds = untrusted.number(seconds, 0, max_seconds)
        if seconds is not None:
            self.on_stage("rendering", min(99, int(100 * seconds / max_seconds)))

    def finish(self, raw: Path, fields: dict, subcaptions=None) -> Produced:
        """Checks and finishes a video this pipeline did not render itself (the join of parts) as its own."""
        out = self.work_dir / "out"
        out.mkdir(parents=True, exist_ok=True)
        return self._finish(raw, out, fields, subcaptions)

    def _finish(self, raw: Path, out: Path, fields: dict, subcaptions=None, video_seconds=None) -> Produced:
        """Checks the child's video itself (the child's word counts for nothing), and makes the clean container
        and the thumbnail in the same moments: ffprobe and ffmpeg run side by side in one tool sandbox, and
        what ffmpeg made is kept only when the probe accepts the video."""
        s = self.settings
        preset = QUALITIES[s.quality]
        target = out / f"video.{s.format}"
        thumb = out / "thumbnail.png"
        max_frames = int(s.max_duration_seconds * preset.fps) + 1
        # the child's count of seconds only chooses the thumbnail's frame (a lie picks another frame)
        seconds = untrusted.number(video_seconds, 0, s.max_duration_seconds) or 0.0
        size = raw.stat().st_size
        try:
            with self._timed("tools"):
                finished = video.probe_and_finish(raw, s.format, max_frames, target, thumb, min(seconds / 2, 3.0))
        finally:
            raw.unlink(missing_ok=True)
        info = finished.info
        problem = None if info is None else _video_problem(info, size, s, max_frames)
        if info is None or (problem is None and not finished.copied):
            problem = f"the scene did not produce a readable {s.format} video"
        if problem:
            target.unlink(missing_ok=True)
            thumb.unlink(missing_ok=True)
            outcome = "timeout" if "longer than" in problem else "render_error"
            return Produced(workload_result(outcome, problem, **fields))
        has_thumbnail = video.written(thumb) or video.first_frame(target, s.format, thumb)
        cues = captions.cues_from(subcaptions, info.duration_seconds)
        subtitles = transcript = None
        if cues:
            subtitles, transcript = out / "captions.vtt", out / "transcript.txt"
            subtitles.write_text(captions.webvtt(cues), encoding="utf-8")
            transcript.write_text(captions.transcript(cues), encoding="utf-8")
        narrated, message = (
            False,
            f"rendered a {info.duration_seconds:.1f} s video ({info.width}x{info.height}, {s.format})",
        )
        if s.narration and cues:
            try:
                target, seconds = narration.narrate(
                    target, cues, s.format, out / "narration", info.duration_seconds, s.language
                )
                info = dataclasses.replace(info, duration_seconds=seconds)
                narrated = True
            except narration.NarrationError as e:
                message += f"; no audio description: {e}"
        elif s.narration:
            message += "; no audio description: the scene has no subcaptions to speak"
        fields.update(
            durationSeconds=round(info.duration_seconds, 3),
            sizeBytes=target.stat().st_size,
            width=info.width,
            height=info.height,
            format=s.format,
            thumbnail=has_thumbnail,
            captions=bool(cues),
            narrated=narrated if s.narration else None,
        )
        return Produced(
            workload_result("ok", message, **fields),
            target,
            thumb if has_thumbnail else None,
            subtitles,
            transcript,
            tuple(cues),
        )


def _video_problem(info: video.VideoInfo, size: int, s: RenderSettings, max_frames: int) -> str | None:
    """What is wrong with the video as probed (``size``: the bytes of the file the child wrote), or None."""
    preset = QUALITIES[s.quality]
    if info.codec != FORMATS[s.format][0] or s.format not in info.container.split(","):
        return f"the video is not {s.format} with {FORMATS[s.format][0]}"
    if (info.width, info.height) != (preset.width, preset.height):
        return f"the video is {info.width}x{info.height}, not the {s.quality} quality's {preset.width}x{preset.height}"
    if info.frames < 1:
        return "the video has no frames"
    if info.duration_seconds > s.max_duration_seconds + 1.5 / preset.fps or info.frames > max_frames:
        return f"the video would be longer than the {s.max_duration_seconds:g} seconds allowed"
    if size > s.limits.file_size_mb * 1024 * 1024:
        return f"the video is larger than {s.limits.file_size_mb} MB"
    if info.frame_sizes != {(preset.width, preset.height)}:
        return _frame_size_problem(info.frame_sizes, s.quality)
    return None


def _frame_size_problem(sizes: frozenset, quality: str) -> str:
    preset = QUALITIES[quality]
    others = sorted(sizes - {(preset.width, preset.height)})
    if not others:
        return "no frame of the video could be decoded"
    listed = ", ".join(f"{w}x{h}" for w, h in others)
    return f"frames of the video are {listed}, not the {quality} quality's {preset.width}x{preset.height}"


_NUMBERED = re.compile(r"line ([0-9]{1,7}): (.*)", re.DOTALL)  # as critic.describe writes it


def _with_original_line(finding: str, repaired) -> str:
    """Findings name lines of the repaired code; the person knows the code as sent."""
    numbered = _NUMBERED.fullmatch(finding)
    if numbered:
        line = repaired.original_line(int(numbered[1]))
        return f"line {line}: {numbered[2]}" if line else numbered[2]
    return finding
