"""The render pod's three steps of a render in parts (:mod:`manimrender.parts`), chosen by the environment the
operator gives it:

- the plan, in the attempt's first render pod when ``MANIMRENDER_PLAN_MAX_PARTS`` is 2 or more (:func:`planned`):
  a scene estimated at ``MANIMRENDER_PLAN_MIN_SECONDS`` or more ends the pod with its ranges as the result (no
  video), which the operator renders as one Indexed Job (its ``IndexedRenderJobFactory``); a shorter one is
  rendered by this same pod at once, as without parts;
- a part: ``MANIMRENDER_PARTS=0-3,4-7,...`` and Kubernetes' ``JOB_COMPLETION_INDEX`` (this pod's index in the
  Indexed Job) select the range; the pod renders it in its sandbox and PUTs the part's video and a small JSON
  (its measured length, captions and result fields) to its lines of ``MANIMRENDER_PART_VIDEO_PUT_URLS`` and
  ``MANIMRENDER_PART_RESULT_PUT_URLS``, its progress to its line of ``MANIMRENDER_PART_PROGRESS_PUT_URLS`` and its
  log to its line of ``MANIMRENDER_PART_LOG_PUT_URLS`` (:func:`log_url`: the parts run at once, each its own log);
- the join, by the part whose index is ``MANIMRENDER_JOIN_INDEX`` (the operator names the last, which starts last
  and so mostly ends last): after its own range it waits for the other parts as their pods store them (a part's
  result is stored after its video, so a result found means its video is whole), fetches them from its lines of
  ``MANIMRENDER_PART_VIDEO_URLS`` and ``MANIMRENDER_PART_RESULT_URLS`` (GETs), joins them with its own (not
  uploaded: nobody else reads it) and uploads the one video like a single render (the same
  ``MANIMRENDER_*_PUT_URL`` variables); its result is the whole video's. No further pod starts for the join;
- the join as a pod of its own: ``MANIMRENDER_JOIN_PARTS=N`` with the same two GET lists (the parts Jobs of an
  operator from before ``MANIMRENDER_JOIN_INDEX``).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from manimrender import job, parts, untrusted
from manimrender.captions import Cue
from manimrender.handover import PREFIX
from manimrender.pipeline import RenderSettings
from manimrender.result import workload_result
from manimrender.storage import TransferError, Transfers

MAX_PARTS = 64
MAX_PART_RESULT = 256 * 1024
_RANGES = re.compile(r"[0-9]{1,6}-[0-9]{1,6}(,[0-9]{1,6}-[0-9]{1,6}){0,63}")
_FIELDS = ("repairs", "codeSha256", "codeSizeBytes", "renderSeconds", "layout")


def ranges_from(text: str) -> list[tuple[int, int]]:
    """``0-3,4-7`` as ranges; raises ValueError unless they follow each other from animation 0."""
    if not _RANGES.fullmatch(text or ""):
        raise ValueError("MANIMRENDER_PARTS must look like 0-3,4-7")
    ranges = [(int(first), int(last)) for first, last in (r.split("-") for r in text.split(","))]
    expected = 0
    for first, last in ranges:
        if first != expected or last < first:
            raise ValueError("MANIMRENDER_PARTS must be ranges that follow each other from 0")
        expected = last + 1
    return ranges


def _this_part(environ: Mapping[str, str]) -> tuple[int, list[tuple[int, int]]]:
    """This pod's index (``JOB_COMPLETION_INDEX``) and every part's range; raises ValueError when it names none."""
    ranges = ranges_from(environ.get("MANIMRENDER_PARTS", ""))
    given = environ.get("JOB_COMPLETION_INDEX", "")
    if not given.isdigit() or int(given) >= len(ranges):
        raise ValueError("JOB_COMPLETION_INDEX names no part")
    return int(given), ranges


def log_url(environ: Mapping[str, str], urls: Mapping[str, str]) -> str | None:
    """Where this part's log goes: its line of ``MANIMRENDER_PART_LOG_PUT_URLS``; without that list (an operator
    from before it), ``MANIMRENDER_LOG_PUT_URL``. None when the pod names no part (it fails for that already)."""
    if "PART_LOG_PUT_URLS" not in urls:
        return urls.get("LOG_PUT_URL")
    try:
        index, ranges = _this_part(environ)
        return _line(urls, "PART_LOG_PUT_URLS", index, len(ranges))
    except ValueError:
        return None


def _line(urls: Mapping[str, str], name: str, index: int, count: int) -> str:
    lines = urls.get(name, "").split("\n")
    if len(lines) != count:
        raise ValueError(f"{PREFIX}{name} must have one URL per part")
    return lines[index]


def planned(
    code: str, settings: RenderSettings, environ: Mapping[str, str], work_dir: Path, log: job.JobLog
) -> dict[str, Any] | None:
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


def run(
    settings: RenderSettings,
    environ: Mapping[str, str],
    work_dir: Path,
    urls: Mapping[str, str],
    transfers: Transfers,
    log: job.JobLog,
) -> dict[str, Any]:
    pod = _Pod(settings, environ, work_dir, urls, transfers, log)
    return _part(pod) if environ.get("MANIMRENDER_PARTS") else _join(pod)


@dataclass(frozen=True)
class _Pod:
    """What this pod was given: its settings, environment, work directory, URLs, transfers and log."""

    settings: RenderSettings
    environ: Mapping[str, str]
    work_dir: Path
    urls: Mapping[str, str]
    transfers: Transfers
    log: job.JobLog


def _part(pod: _Pod) -> dict[str, Any]:
    index, ranges = _this_part(pod.environ)
    count = len(ranges)
    joins = _join_index(pod.environ, count) == index
    progress_url = _line(pod.urls, "PART_PROGRESS_PUT_URLS", index, count)
    progress = job.ProgressPublisher(pod.transfers, progress_url, pod.log)
    pod.log.add(f"part {index + 1} of {count}: animations {ranges[index][0]} to {ranges[index][1]}")
    if joins:
        earlier = _stored_by_an_earlier_try(pod)
        if earlier is not None:
            return earlier
    code = job.download_code(pod.urls, pod.transfers, pod.log)
    if isinstance(code, dict):
        return code
    produced = parts.render_part(code, pod.settings, pod.work_dir, ranges[index], progress)
    if produced.result["outcome"] != "ok":
        return parts.failed_part(produced, index, count).result
    part = parts.part_video(produced)
    if joins:
        return _join_with(pod, index, count, part, progress)
    progress("uploading", 0)
    fmt = pod.settings.format
    facts = {
        "seconds": part.seconds,
        "cues": [{"start": c.start, "end": c.end, "text": c.text} for c in part.cues],
        **{k: produced.result.get(k) for k in _FIELDS},
    }
    try:
        video_url, result_url = (_line(pod.urls, f"PART_{kind}_PUT_URLS", index, count) for kind in ("VIDEO", "RESULT"))
        pod.transfers.put(video_url, "part video", part.video, f"video/{fmt}")
        pod.transfers.put(result_url, "part result", json.dumps(facts).encode(), "application/json")
    except TransferError as e:
        pod.log.add(str(e))
        return {**produced.result, "outcome": "upload_error", "message": f"part {index + 1} could not be stored"}
    progress("uploading", 100, force=True)
    return produced.result


def _stored_by_an_earlier_try(pod: _Pod) -> dict[str, Any] | None:
    """The result of an earlier try of this joining part whose pod was lost after it stored the video (the Job
    started this index again): the stored result, when the object at the video's key is the video it names (its
    ETag, the MD5 of an object stored by one PUT, and its size). The video is then not rendered and uploaded twice.
    None when nothing (whole) was stored, or the operator gave no URLs to look (an older one)."""
    result_url, video_url = pod.urls.get("STORED_RESULT_URL"), pod.urls.get("STORED_VIDEO_URL")
    if not result_url or not video_url:
        return None
    try:
        stored = json.loads(pod.transfers.get(result_url, "stored result", MAX_PART_RESULT))
        if not isinstance(stored, dict) or stored.get("outcome") != "ok":
            return None
        md5, size = stored.get("videoMd5"), stored.get("sizeBytes")
        if not isinstance(md5, str) or not isinstance(size, int):
            return None
        if pod.transfers.stored(video_url, "video") != (md5, size):
            return None
    except TransferError as e:
        if e.status not in (403, 404):  # storage away: render as ever (its upload will say so if it still is)
            pod.log.add(f"{e}: this part renders")
        return None
    except ValueError:
        return None
    pod.log.add("an earlier try of this part stored the video: it is adopted, not rendered again")
    return stored


def _join_index(environ: Mapping[str, str], count: int) -> int | None:
    """The index that joins the parts (``MANIMRENDER_JOIN_INDEX``), None when a join pod of its own does."""
    given = environ.get("MANIMRENDER_JOIN_INDEX")
    if given is None:
        return None
    if not given.isdigit() or int(given) >= count:
        raise ValueError("MANIMRENDER_JOIN_INDEX names no part")
    return int(given)


def _join_with(
    pod: _Pod, index: int, count: int, own: parts.PartVideo, progress: job.ProgressPublisher
) -> dict[str, Any]:
    """This part joins: the others' parts as their pods store them, then its own, into the one video."""
    if "VIDEO_PUT_URL" not in pod.urls:
        raise ValueError("MANIMRENDER_VIDEO_PUT_URL is required where a part joins")
    pod.log.add(f"part {index + 1} of {count}: waiting for the other parts, then joining")
    started = time.monotonic()
    others = _stored_parts(pod, [i for i in range(count) if i != index], count, pod.settings.limits.timeout_seconds)
    if isinstance(others, dict):
        return others
    pod.log.add(f"the other parts were stored {time.monotonic() - started:.1f} s after this one")
    return _joined(pod, [*others[:index], own, *others[index:]], progress)


def _join(pod: _Pod) -> dict[str, Any]:
    count = int(pod.environ["MANIMRENDER_JOIN_PARTS"])
    if not 2 <= count <= MAX_PARTS:
        raise ValueError(f"MANIMRENDER_JOIN_PARTS must be 2 to {MAX_PARTS}")
    progress = job.ProgressPublisher(pod.transfers, pod.urls.get("PROGRESS_PUT_URL"), pod.log)
    progress("rendering", 99)
    found = _stored_parts(pod, list(range(count)), count, 0)
    return found if isinstance(found, dict) else _joined(pod, found, progress)


def _stored_parts(
    pod: _Pod, indexes: list[int], count: int, wait_seconds: float
) -> list[parts.PartVideo] | dict[str, Any]:
    """The parts of ``indexes`` from storage, all waited for up to ``wait_seconds`` in all (0: stored already); or
    the result that says why they could not be had. Each part's result is fetched first: its pod stores it after its
    video, so once it is there the video is whole."""
    deadline = time.monotonic() + wait_seconds
    downloaded = pod.work_dir / "parts"
    downloaded.mkdir(parents=True, exist_ok=True)
    cap = pod.settings.limits.file_size_mb * 1024 * 1024
    found: list[parts.PartVideo | None] = []
    try:
        for index in indexes:
            result_url = _line(pod.urls, "PART_RESULT_URLS", index, count)
            left = max(0.0, deadline - time.monotonic())
            raw = pod.transfers.get_once_stored(result_url, "part result", MAX_PART_RESULT, left)
            video = downloaded / f"part-{index}.{pod.settings.format}"
            video.write_bytes(pod.transfers.get(_line(pod.urls, "PART_VIDEO_URLS", index, count), "part video", cap))
            found.append(_part_video(video, raw, pod.settings.max_duration_seconds))
    except TransferError as e:
        pod.log.add(str(e))
        return workload_result("internal_error", "the parts of the video could not be downloaded")
    described = [part for part in found if part is not None]
    if len(described) < len(found):
        return workload_result("internal_error", "a part of the video came without a readable description")
    return described


def _joined(pod: _Pod, described: list[parts.PartVideo], progress: job.ProgressPublisher) -> dict[str, Any]:
    """The parts, in order, joined, checked and uploaded as the one video."""
    produced = parts.join(described, pod.settings, pod.work_dir)
    if produced.result["outcome"] != "ok":
        return produced.result
    return job.upload(produced, pod.settings, pod.urls, pod.transfers, progress, pod.log)


def _part_video(video: Path, raw: bytes, max_seconds: float) -> parts.PartVideo | None:
    """A part's description as stored by its pod (checked: it went through storage)."""
    facts = untrusted.read_object(raw)
    if facts is None:
        return None
    seconds = untrusted.number(facts.get("seconds"), 0, max_seconds)
    listed = facts.get("cues")
    cues = listed if isinstance(listed, list) else []
    kept: list[Cue] = []
    for cue in (c for c in cues if isinstance(c, dict)):
        start, end = (untrusted.number(cue.get(k), 0, max_seconds) for k in ("start", "end"))
        text = untrusted.text(cue.get("text"), 2000)
        if start is not None and end is not None and text is not None:
            kept.append(Cue(start, end, text))
    if seconds is None:
        return None
    return parts.PartVideo(video, seconds, tuple(kept), _result_fields(facts))


def _result_fields(facts: dict[str, Any]) -> dict[str, Any]:
    """The part's result fields the join keeps, each of the type the result has (anything else dropped)."""
    fields: dict[str, Any] = {}  # JSON values of several types, as in the workload result
    for key in ("repairs", "layout"):
        value = facts.get(key)
        texts = [untrusted.text(v, 2000) for v in value] if isinstance(value, list) else []
        fields[key] = [t for t in texts if t is not None] or None
    fields["codeSha256"] = untrusted.text(facts.get("codeSha256"), 64)
    fields["codeSizeBytes"] = untrusted.integer(facts.get("codeSizeBytes"), 0, 1 << 30)
    fields["renderSeconds"] = untrusted.number(facts.get("renderSeconds"), 0, 1 << 20)
    return fields
