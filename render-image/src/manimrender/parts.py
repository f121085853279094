"""A long scene rendered in parts at once, then joined into the one video a single render would make.

Three steps, each in the kernel sandbox like any render (the code is repaired and checked again by each):

1. :func:`plan`: a dry pass that writes no frame (:mod:`manimrender.animation_range`) reports the run time
   of each animation and what it costs a part (:class:`Cost`: one frame of it measured); :func:`cut` makes the
   contiguous ranges whose costliest part costs least (by run time alone when the costs are missing), so a part
   of formulas redrawn every frame gets fewer animations than one of plain shapes. A scene estimated under
   ``PartsSettings.min_seconds`` (or over the maximum duration, which the single render then reports as it
   always does) stays one render.
2. :func:`render_part`: one range, through the whole pipeline (its video probed and finished as any output).
   Manim runs the animations before the range without writing their frames, so updaters, ``always_redraw``
   and ``ValueTracker`` state reach the part as they reach that point of the whole render.
3. :func:`join`: ffmpeg's concat demuxer copies the parts' identical streams into one file (no re-encoding),
   which then gets the checks of any output (container, codec, resolution in every frame, duration and frames
   within the maximum of the whole video); the parts' captions are shifted by the parts' measured starts.

:func:`render_in_parts` does all three on this machine, the parts side by side (the benchmark, the tests and
``python -m manimrender render --parts N``); in a cluster each part is an index of one Indexed Job.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manimrender import animation_range, untrusted, video
from manimrender.captions import Cue
from manimrender.pipeline import Produced, RenderPipeline, RenderSettings, StageListener
from manimrender.result import workload_result


@dataclass(frozen=True)
class PartsSettings:
    max_parts: int = 1  # 1: never split
    min_seconds: float = 20.0  # a scene estimated shorter stays one render (its sandbox start is the cost)

    def __post_init__(self) -> None:
        if self.max_parts < 1:
            raise ValueError("the number of parts must be at least 1")
        if self.min_seconds < 0:
            raise ValueError("the minimum length to split must not be negative")


@dataclass(frozen=True)
class Cost:
    """Seconds one animation costs a part, as the plan's pass measured them (``AnimationCounter``)."""

    reached: float  # its code and its skipped play: every part that gets to it runs them
    skipped: float  # stepping its frames without drawing them: every part after it
    written: float  # updating, drawing and encoding its frames: the part that writes it

    @staticmethod
    def of_run_time(seconds: float) -> Cost:
        return Cost(0.0, 0.0, seconds)


@dataclass(frozen=True)
class Plan:
    durations: tuple[float, ...] = ()  # run time of each animation, as counted
    ranges: tuple[tuple[int, int], ...] = ()  # (first, last) animation numbers per part; fewer than two: one render
    costs: tuple[Cost, ...] = ()  # what each animation costs a part, as measured (none: cut by run time)

    @property
    def single(self) -> bool:
        return len(self.ranges) < 2

    @property
    def estimated_seconds(self) -> float:
        return sum(self.durations)

    def part_seconds(self, index: int) -> float:
        first, last = self.ranges[index]
        return sum(self.durations[first : last + 1])


@dataclass(frozen=True)
class PartVideo:
    """One rendered part as the join needs it: its finished video, its measured length and its result."""

    video: Path
    seconds: float
    cues: tuple[Cue, ...]
    result: dict[str, Any]  # the part's workload result (JSON: manimrender.result)


def durations_from(reported: object, max_seconds: float) -> tuple[float, ...] | None:
    """The plan's counts as the child reported them (untrusted): a bounded list of bounded numbers, or None."""
    if not isinstance(reported, list) or len(reported) > animation_range.MAX_COUNTED:
        return None
    numbers = [untrusted.number(d, 0, max_seconds) for d in reported]
    durations = tuple(d for d in numbers if d is not None)
    return durations if len(durations) == len(numbers) else None


def costs_from(reported: object, count: int, max_seconds: float) -> tuple[Cost, ...] | None:
    """The plan's costs as the child reported them (untrusted): one triple of bounded numbers per counted
    animation, or None (the cut then goes by run time)."""
    if not isinstance(reported, list) or len(reported) != count:
        return None
    costs = []
    for triple in reported:
        if not isinstance(triple, list) or len(triple) != 3:
            return None
        numbers = [untrusted.number(n, 0, max_seconds * MAX_COST_PER_VIDEO_SECOND) for n in triple]
        checked = [n for n in numbers if n is not None]
        if len(checked) != 3:
            return None
        costs.append(Cost(*checked))
    return tuple(costs)


MAX_COST_PER_VIDEO_SECOND = 3600.0  # bounds a reported cost: an hour of work per second of video


def cut(durations: tuple[float, ...], parts: int, costs: tuple[Cost, ...] | None = None) -> tuple[tuple[int, int], ...]:
    """Contiguous ranges, at most ``parts``, whose costliest part costs least; a part's cost is the code it runs
    up to its last animation, the animations before its range stepped, its own written (:class:`Cost`). Without
    costs each animation costs its run time. The least cost is found by bisection, each guess tried by filling
    every part as far as it goes (which is optimal: a range that starts later never costs more, since stepping
    an animation costs no more than writing it)."""
    count = len(durations)
    if costs and not any(c.written > 0 for c in costs):
        costs = None  # nothing measured to weigh
    costs = costs or tuple(Cost.of_run_time(d) for d in durations)
    parts = max(1, min(parts, count))
    reached, skipped, written = ([0.0] for _ in range(3))
    for cost in costs:
        reached.append(reached[-1] + cost.reached)
        skipped.append(skipped[-1] + min(cost.skipped, cost.written))  # stepping never costs more than writing
        written.append(written[-1] + cost.written)

    def part_cost(first: int, last: int) -> float:
        return reached[last + 1] + skipped[first] + written[last + 1] - written[first]

    def ends_within(limit: float) -> list[int] | None:
        ends: list[int] = []
        while (first := ends[-1] + 1 if ends else 0) < count:
            if len(ends) == parts or part_cost(first, first) > limit:
                return None
            last = first
            while last + 1 < count and part_cost(first, last + 1) <= limit:
                last += 1
            ends.append(last)
        return ends

    if parts == 1 or written[-1] <= 0:
        return ((0, count - 1),) if count else ()
    low, high = max(part_cost(i, i) for i in range(count)), part_cost(0, count - 1)
    for _ in range(60):
        if high - low <= high * 1e-9:
            break
        middle = (low + high) / 2
        if ends_within(middle) is None:
            low = middle
        else:
            high = middle
    ends = ends_within(high) or [count - 1]
    starts = [0, *(e + 1 for e in ends[:-1])]
    return tuple(zip(starts, ends, strict=True))


def plan(code: str, settings: RenderSettings, work_dir: Path, parts: PartsSettings, python_layers: bool = True) -> Plan:
    """Counts the scene's animations in the sandbox and cuts them; any failure there gives a single render
    (which then says what is wrong, as it would have without parts)."""
    if parts.max_parts < 2 or settings.max_duration_seconds < parts.min_seconds:
        return Plan()  # nothing to split, or no video allowed is long enough to: no dry pass to pay for
    counting = dataclasses.replace(settings, animations=animation_range.PLAN, narration=False)
    produced = RenderPipeline(counting, work_dir, python_layers=python_layers).run(code)
    reported = produced.plan if isinstance(produced.plan, dict) else {}
    durations = durations_from(reported.get("durations"), settings.max_duration_seconds)
    if produced.result["outcome"] != "ok" or not durations:
        return Plan()
    total = sum(durations)
    if total < parts.min_seconds or total > settings.max_duration_seconds:
        return Plan(durations, ((0, len(durations) - 1),))
    costs = costs_from(reported.get("costs"), len(durations), settings.max_duration_seconds)
    return Plan(durations, cut(durations, parts.max_parts, costs), costs or ())


def render_part(
    code: str,
    settings: RenderSettings,
    work_dir: Path,
    animations: tuple[int, int],
    on_stage: StageListener = lambda s, p: None,
    python_layers: bool = True,
) -> Produced:
    """One range of the scene's animations as a finished video (narration, if any, is spoken over the join)."""
    part = dataclasses.replace(settings, animations=tuple(animations), narration=False)
    return RenderPipeline(part, work_dir, on_stage, python_layers).run(code)


def part_video(produced: Produced) -> PartVideo:
    """A part that rendered (outcome ok, so it has its video) as the join needs it."""
    if produced.video is None:
        raise ValueError(f"a part that ended {produced.result['outcome']} has no video to join")
    return PartVideo(produced.video, float(produced.result["durationSeconds"]), produced.cues, produced.result)


def join(parts: list[PartVideo], settings: RenderSettings, work_dir: Path) -> Produced:
    """The parts, in order, as one video checked like any output; captions shifted to where each part starts."""
    joining = work_dir / "join"
    shutil.rmtree(joining, ignore_errors=True)
    joining.mkdir(parents=True)
    names: list[str] = []
    for index, part in enumerate(parts):  # the concat list names files beside it only (its safe mode)
        name = f"part-{index}.{settings.format}"
        shutil.copyfile(part.video, joining / name)
        names.append(name)
    raw = joining / f"raw.{settings.format}"
    first = parts[0].result
    fields = {key: first.get(key) for key in ("repairs", "codeSha256", "codeSizeBytes")}
    fields["renderSeconds"] = round(max(float(p.result.get("renderSeconds") or 0) for p in parts), 3)
    layout = list(dict.fromkeys(f for p in parts for f in (p.result.get("layout") or [])))
    fields["layout"] = layout or None
    try:
        video.concat(joining, names, raw, settings.format)
    except video.VideoError:
        return Produced(workload_result("render_error", "the parts of the video could not be joined", **fields))
    subcaptions, offset = [], 0.0
    for part in parts:
        subcaptions += [{"start": c.start + offset, "end": c.end + offset, "text": c.text} for c in part.cues]
        offset += part.seconds
    return RenderPipeline(settings, work_dir).finish(raw, fields, subcaptions)


def render_in_parts(
    code: str,
    settings: RenderSettings,
    work_dir: Path,
    parts: PartsSettings,
    python_layers: bool = True,
) -> tuple[Plan, Produced]:
    """Plan, the parts side by side (one process each, so each sandbox has its own identity), join."""
    planned = plan(code, settings, work_dir / "plan", parts, python_layers)
    if planned.single:
        return planned, RenderPipeline(settings, work_dir / "single", python_layers=python_layers).run(code)
    forked = multiprocessing.get_context("fork")  # Manim is never loaded in this parent: a fork is small
    with concurrent.futures.ProcessPoolExecutor(len(planned.ranges), mp_context=forked) as pool:
        futures = [
            pool.submit(render_part, code, settings, work_dir / f"part-{i}", r, python_layers=python_layers)
            for i, r in enumerate(planned.ranges)
        ]
        produced = [f.result() for f in futures]
    for index, part in enumerate(produced):
        if part.result["outcome"] != "ok":
            return planned, failed_part(part, index, len(produced))
    return planned, join([part_video(p) for p in produced], settings, work_dir)


def failed_part(produced: Produced, index: int, count: int) -> Produced:
    """A part's failure as the render's, saying which part it was."""
    result = dict(produced.result)
    result["message"] = f"part {index + 1} of {count}: {result['message']}"
    return Produced(result)
