"""The render pod's three steps of a render in parts (:mod:`manimrender.parts`), chosen by the environment the
operator gives it:

- the plan, in the attempt's first render pod when ``MANIMRENDER_PLAN_MAX_PARTS`` is 2 or more (:func:`planned`):
  a scene estimated at ``MANIMRENDER_PLAN_MIN_SECONDS`` or more ends the pod with its ranges as the result (no
  video), which the operator renders as one Indexed Job (its ``IndexedRenderJobFactory``); a shorter one is
  rendered by this same pod at once, as without parts;
- a part: ``MANIMRENDER_PARTS=0-3,4-7,...`` and Kubernetes' ``JOB_COMPLETION_INDEX`` (this pod's index in the
  Indexed Job) select the range; the pod renders it in its sandbox and PUTs the part's video and a small JSON
  (its measured length, captions and result fields) to its lines of ``MANIMRENDER_PART_VIDEO_PUT_URLS`` and
  ``MANIMRENDER_PART_RESULT_PUT_URLS``, and its progress to its line of ``MANIMRENDER_PART_PROGRESS_PUT_URLS``;
- the join: ``MANIMRENDER_JOIN_PARTS=N`` with ``MANIMRENDER_PART_VIDEO_URLS`` and ``MANIMRENDER_PART_RESULT_URLS``
  (GETs, a line per part): the parts are joined and checked as any output, then uploaded like a single render's
  video (the same ``MANIMRENDER_*_PUT_URL`` variables).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from manimrender import job, parts, untrusted
from manimrender.captions import Cue
from manimrender.handover import PREFIX
from manimrender.result import workload_result

MAX_PARTS = 64
MAX_PART_RESULT = 256 * 1024
_RANGES = re.compile(r"[0-9]{1,6}-[0-9]{1,6}(,[0-9]{1,6}-[0-9]{1,6}){0,63}")
_FIELDS = ("repairs", "codeSha256", "codeSizeBytes", "renderSeconds", "layout")


def ranges_from(text: str) -> list[tuple[int, int]]:
    """``0-3,4-7`` as ranges; raises ValueError unless they follow each other from animation 0."""
    if not _RANGES.fullmatch(text or ""):
        raise ValueError("MANIMRENDER_PARTS must look like 0-3,4-7")
    ranges = [tuple(int(n) for n in r.split("-")) for r in text.split(",")]
    expected = 0
    for first, last in ranges:
        if first != expected or last < first:
            raise ValueError("MANIMRENDER_PARTS must be ranges that follow each other from 0")
        expected = last + 1
    return ranges


def _line(urls: dict, name: str, index: int, count: int) -> str:
    lines = urls.get(name, "").split("\n")
    if len(lines) != count:
        raise ValueError(f"{PREFIX}{name} must have one URL per part")
    return lines[index]


def planned(code: str, settings, environ, work_dir: Path, log) -> dict | None:
    """The plan as the pod's result when the scene is long enough to split, else None (render it here)."""
    wanted = parts.PartsSettings(
        min(MAX_PARTS, int(environ.get("MANIMRENDER_PLAN_MAX_PARTS") or 1)),
        float(environ.get("MANIMRENDER_PLAN_MIN_SECONDS") or parts.PartsSettings.min_seconds),
    )
    plan = parts.plan(code, settings, work_dir / "plan", wanted)
    shutil.rmtree(work_dir / "plan", ignore_errors=True)  # the render that may follow has the whole work space
    if plan.single:
        log.add(f"plan: one render ({plan.estimated_seconds:g} s estimated)")
        return None
    ranges = [
        {"first": first, "last": last, "seconds": round(plan.part_seconds(i), 3)}
        for i, (first, last) in enumerate(plan.ranges)
    ]
    log.add(f"plan: {len(ranges)} parts, {plan.estimated_seconds:g} s estimated")
    return workload_result("ok", f"planned in {len(ranges)} parts", parts=ranges)


def run(settings, environ: dict, work_dir: Path, urls: dict, transfers, log) -> dict:
    if environ.get("MANIMRENDER_PARTS"):
        return _part(settings, environ, work_dir, urls, transfers, log)
    return _join(settings, environ, work_dir, urls, transfers, log)


def _part(settings, environ, work_dir, urls, transfers, log) -> dict:
    ranges = ranges_from(environ["MANIMRENDER_PARTS"])
    index = environ.get("JOB_COMPLETION_INDEX", "")
    if not index.isdigit() or int(index) >= len(ranges):
        raise ValueError("JOB_COMPLETION_INDEX names no part")
    index = int(index)
    count = len(ranges)
    progress_url = _line(urls, "PART_PROGRESS_PUT_URLS", index, count)
    progress = job.ProgressPublisher(transfers, progress_url, log)
    log.add(f"part {index + 1} of {count}: animations {ranges[index][0]} to {ranges[index][1]}")
    code = job.download_code(urls, transfers, log)
    if isinstance(code, dict):
        return code
    produced = parts.render_part(code, settings, work_dir, ranges[index], progress)
    if produced.result["outcome"] != "ok":
        return parts.failed_part(produced, index, count).result
    progress("uploading", 0)
    fmt = settings.format
    facts = {
        "seconds": produced.result["durationSeconds"],
        "cues": [{"start": c.start, "end": c.end, "text": c.text} for c in produced.cues],
        **{k: produced.result.get(k) for k in _FIELDS},
    }
    try:
        transfers.put(_line(urls, "PART_VIDEO_PUT_URLS", index, count), "part video", produced.video, f"video/{fmt}")
        body = json.dumps(facts).encode()
        transfers.put(_line(urls, "PART_RESULT_PUT_URLS", index, count), "part result", body, "application/json")
    except job.TransferError as e:
        log.add(str(e))
        return {**produced.result, "outcome": "upload_error", "message": f"part {index + 1} could not be stored"}
    progress("uploading", 100, force=True)
    return produced.result


def _join(settings, environ, work_dir, urls, transfers, log) -> dict:
    count = int(environ["MANIMRENDER_JOIN_PARTS"])
    if not 2 <= count <= MAX_PARTS:
        raise ValueError(f"MANIMRENDER_JOIN_PARTS must be 2 to {MAX_PARTS}")
    progress = job.ProgressPublisher(transfers, urls.get("PROGRESS_PUT_URL"), log)
    progress("rendering", 99)
    downloaded = work_dir / "parts"
    downloaded.mkdir(parents=True, exist_ok=True)
    cap = settings.limits.file_size_mb * 1024 * 1024
    found = []
    try:
        for index in range(count):
            video = downloaded / f"part-{index}.{settings.format}"
            video.write_bytes(transfers.get(_line(urls, "PART_VIDEO_URLS", index, count), "part video", cap))
            raw = transfers.get(_line(urls, "PART_RESULT_URLS", index, count), "part result", MAX_PART_RESULT)
            found.append(_part_video(video, raw, settings.max_duration_seconds))
    except job.TransferError as e:
        log.add(str(e))
        return workload_result("internal_error", "the parts of the video could not be downloaded")
    if any(part is None for part in found):
        return workload_result("internal_error", "a part of the video came without a readable description")
    produced = parts.join(found, settings, work_dir)
    if produced.result["outcome"] != "ok":
        return produced.result
    return job.upload(produced, settings, urls, transfers, progress, log)


def _part_video(video: Path, raw: bytes, max_seconds: float) -> parts.PartVideo | None:
    """A part's description as stored by its pod (checked: it went through storage)."""
    facts = untrusted.read_object(raw)
    if facts is None:
        return None
    seconds = untrusted.number(facts.get("seconds"), 0, max_seconds)
    cues = facts.get("cues") if isinstance(facts.get("cues"), list) else []
    kept = []
    for cue in (c for c in cues if isinstance(c, dict)):
        start, end = (untrusted.number(cue.get(k), 0, max_seconds) for k in ("start", "end"))
        text = untrusted.text(cue.get("text"), 2000)
        if start is not None and end is not None and text is not None:
            kept.append(Cue(start, end, text))
    if seconds is None:
        return None
    return parts.PartVideo(video, seconds, tuple(kept), _result_fields(facts))


def _result_fields(facts: dict) -> dict:
    """The part's result fields the join keeps, each of the type the result has (anything else dropped)."""
    fields = {}
    for key in ("repairs", "layout"):
        value = facts.get(key)
        texts = [untrusted.text(v, 2000) for v in value] if isinstance(value, list) else []
        fields[key] = [t for t in texts if t is not None] or None
    fields["codeSha256"] = untrusted.text(facts.get("codeSha256"), 64)
    fields["codeSizeBytes"] = untrusted.integer(facts.get("codeSizeBytes"), 0, 1 << 30)
    fields["renderSeconds"] = untrusted.number(facts.get("renderSeconds"), 0, 1 << 20)
    return fields
