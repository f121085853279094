"""The render pod's entrypoint (``python -m manimrender job``): see docs/design-notes.md, "Render pod".

The presigned URLs are taken out of the environment before anything else runs and live only in this
trusted parent, which is made non-dumpable; the render child runs in the kernel sandbox (its own PID
namespace: the parent's /proc is not even visible) with a fresh environment. Taking them out of ``os.environ``
leaves them in the block the process started with (``/proc/<pid>/environ``), so the job first starts itself
again without them, handing them over through a pipe."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from collections.abc import Mapping
from pathlib import Path

from manimrender import contract
from manimrender.handover import make_undumpable, received_urls, restart_holding_none
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.quality import FORMATS
from manimrender.result import dumps, to_json, workload_result, write
from manimrender.sandbox import Limits
from manimrender.storage import TransferError, Transfers

MAX_CODE_DOWNLOAD = 1024 * 1024
LOG_TAIL_BYTES = 64 * 1024


class ProgressPublisher:
    """Prints progress JSON lines and PUTs the same object, at most once a second (stage changes always).
    The object is a ProgressEvent (contracts/progress-event.schema.json), which the operator reads."""

    def __init__(self, transfers: Transfers, url: str | None, log: JobLog):
        self.transfers = transfers
        self.url = url
        self.log = log
        self._last: tuple[str | None, int] = (None, -1)
        self._last_put = 0.0

    def __call__(self, stage: str, percent: int, force: bool = False) -> None:
        if stage not in contract.progress_stages() or not 0 <= percent <= 100:
            raise ValueError(f"not a progress event of the contract: {stage} {percent}%")
        if (stage, percent) == self._last:
            return
        changed_stage = stage != self._last[0]
        self._last = (stage, percent)
        event = {"event": "progress", "stage": stage, "percent": percent}
        text = json.dumps(event)
        print(text, flush=True)
        now = time.monotonic()
        if self.url and (force or changed_stage or now - self._last_put >= 1.0):
            self._last_put = now
            try:
                self.transfers.put(self.url, "progress", text.encode(), "application/json", attempts=2)
            except TransferError as e:
                self.log.add(str(e))


class JobLog:
    def __init__(self):
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        stamped = f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {line}"
        self.lines.append(stamped)
        print(stamped, file=sys.stderr, flush=True)

    def tail(self, render_log: Path) -> bytes:
        ours = ("\n".join(self.lines) + "\n").encode("utf-8", "replace")
        theirs = b""
        if render_log.is_file():
            with render_log.open("rb") as f:
                f.seek(max(0, render_log.stat().st_size - LOG_TAIL_BYTES))
                theirs = f.read()
        text = b"--- render log (tail) ---\n" + theirs + b"\n--- job ---\n" + ours
        return text[-LOG_TAIL_BYTES:]


def settings_from(environ: Mapping[str, str]) -> RenderSettings:
    def get(name: str, default: str) -> str:
        return environ.get(name) or default

    timeout = float(get("MANIMRENDER_TIMEOUT_SECONDS", "300"))
    return RenderSettings(
        quality=get("MANIMRENDER_QUALITY", "medium"),
        format=get("MANIMRENDER_FORMAT", "mp4"),
        max_duration_seconds=float(get("MANIMRENDER_MAX_DURATION_SECONDS", "60")),
        scene=environ.get("MANIMRENDER_SCENE") or None,
        limits=Limits(
            timeout_seconds=timeout,
            memory_mb=int(get("MANIMRENDER_MEMORY_MB", "2048")),
            work_dir_mb=int(get("MANIMRENDER_WORK_DIR_MB", "512")),
        ),
        narration=get("MANIMRENDER_AUDIO_DESCRIPTION", "false").lower() == "true",
        theme=tuple(t.strip() for t in get("MANIMRENDER_THEME", "").split(",") if t.strip()),
        language=get("MANIMRENDER_LANGUAGE", "en"),
    )


def run_job(environ: Mapping[str, str], urls: dict[str, str], transfers: Transfers) -> dict:
    log = JobLog()
    work_dir = Path(environ.get("MANIMRENDER_WORK_DIR") or "/work")
    for sub in ("home", "tmp", "cache"):  # HOME, TMPDIR and XDG_CACHE_HOME of the image point here
        (work_dir / sub).mkdir(parents=True, exist_ok=True)
    progress = ProgressPublisher(transfers, urls.get("PROGRESS_PUT_URL"), log)
    result = None
    try:
        settings = settings_from(environ)
        if "CODE_URL" not in urls and not environ.get("MANIMRENDER_JOIN_PARTS"):
            raise ValueError("MANIMRENDER_CODE_URL is required")
        if "VIDEO_PUT_URL" not in urls and not environ.get("MANIMRENDER_PARTS"):
            raise ValueError("MANIMRENDER_VIDEO_PUT_URL is required")
        log.add(
            f"render job: quality {settings.quality}, format {settings.format}, max {settings.max_duration_seconds:g} s"
        )
        if environ.get("MANIMRENDER_PARTS") or environ.get("MANIMRENDER_JOIN_PARTS"):  # a render in parts (issue 27)
            from manimrender import part_job

            result = part_job.run(settings, dict(environ), work_dir, urls, transfers, log)
        else:
            result = _render_and_upload(settings, environ, work_dir, urls, transfers, progress, log)
    except ValueError as e:
        result = workload_result("internal_error", f"the render job is misconfigured: {e}")
    except Exception as e:  # noqa: BLE001  (the termination message must be written whatever broke)
        log.add("internal error:\n" + traceback.format_exc())
        result = workload_result("internal_error", f"the renderer failed: {type(e).__name__}")
    result = {k: v for k, v in result.items() if v is not None}
    log.add(f"outcome {result['outcome']}: {result['message']}")
    # the termination message is shortened to fit 4096 bytes; the log keeps the whole result
    log.add(f"result {dumps(result)}")
    log_url = _log_url(environ, urls)
    if log_url:
        try:
            transfers.put(
                log_url,
                "log",
                log.tail(work_dir / "sandbox" / "render.log"),
                "text/plain; charset=utf-8",
                attempts=3,
            )
        except TransferError as e:
            log.add(str(e))
    return result


def _log_url(environ: Mapping[str, str], urls: dict[str, str]) -> str | None:
    """Where this pod's log tail goes: a part's own URL (:func:`manimrender.part_job.log_url`), else
    ``MANIMRENDER_LOG_PUT_URL``."""
    if environ.get("MANIMRENDER_PARTS"):
        from manimrender import part_job

        return part_job.log_url(environ, urls)
    return urls.get("LOG_PUT_URL")


def store_result(result: dict, urls: Mapping[str, str], transfers: Transfers, log: JobLog) -> None:
    """A finished video's result, stored beside it just before the video itself (:func:`upload`) and naming the
    video by the MD5 of its bytes (``videoMd5``). A pod deleted or evicted once the video is stored has rendered:
    the operator adopts the video the stored result names instead of rendering it again, but only while the object
    in storage has that MD5 as its ETag (what S3, R2 and S3Proxy answer for a single PUT), so a pod lost before its
    video was stored, or another video at the key, is not taken for it. Only a whole video's success is stored: not a
    plan (no video yet), nor a part's result (those never come here; the join stores the whole video's)."""
    if not urls.get("RESULT_PUT_URL"):
        return
    try:
        transfers.put(urls["RESULT_PUT_URL"], "result", to_json(result).encode(), "application/json", attempts=3)
    except TransferError as e:
        log.add(str(e))


def md5_of(path: Path) -> str:
    """The hex MD5 of a file: the ETag S3, R2 and S3Proxy give an object stored by one PUT (not a security use)."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_code(urls, transfers, log) -> str | dict:
    """The code to render, or the result that says why there is none."""
    try:
        return transfers.get(urls["CODE_URL"], "code", MAX_CODE_DOWNLOAD).decode("utf-8")
    except UnicodeDecodeError:
        return workload_result("invalid_code", "the code is not valid UTF-8 text")
    except TransferError as e:
        log.add(str(e))
        return workload_result("internal_error", "the code to render could not be downloaded")


def _render_and_upload(settings, environ, work_dir, urls, transfers, progress, log) -> dict:
    code = download_code(urls, transfers, log)
    if isinstance(code, dict):
        return code
    if int(environ.get("MANIMRENDER_PLAN_MAX_PARTS") or 1) > 1:  # the operator would render a long scene in parts
        from manimrender import part_job

        planned = part_job.planned(code, settings, environ, work_dir, log)
        if planned is not None:
            return planned
    return upload(RenderPipeline(settings, work_dir, progress).run(code), settings, urls, transfers, progress, log)


def upload(produced, settings, urls, transfers, progress, log) -> dict:
    """The finished video, thumbnail and subtitles to their URLs; the result says what was stored.

    The thumbnail and subtitles go first, then the result (:func:`store_result`), then the video: from the moment the
    video is stored the attempt has succeeded whatever becomes of the pod, and the result that names it is there."""
    result = produced.result
    if result["outcome"] != "ok":
        return result
    progress("uploading", 0)
    uploaded_thumbnail = False
    if produced.thumbnail is not None and urls.get("THUMBNAIL_PUT_URL"):
        try:
            transfers.put(urls["THUMBNAIL_PUT_URL"], "thumbnail", produced.thumbnail, "image/png")
            uploaded_thumbnail = True
        except TransferError as e:
            log.add(str(e))
    uploaded_captions = _upload_subtitles(produced, urls, transfers, log)
    stated = {"thumbnail": uploaded_thumbnail, "captions": uploaded_captions, "videoMd5": md5_of(produced.video)}
    finished = {k: v for k, v in {**result, **stated}.items() if v is not None}  # as the termination message has it
    store_result(finished, urls, transfers, log)
    progress("uploading", 10)
    try:
        transfers.put(urls["VIDEO_PUT_URL"], "video", produced.video, FORMATS[settings.format][1])
    except TransferError as e:
        log.add(str(e))
        return {**result, "outcome": "upload_error", "message": "the video could not be stored", "thumbnail": None}
    progress("uploading", 100, force=True)
    return finished


def _upload_subtitles(produced, urls, transfers, log) -> bool:
    """WebVTT and transcript beside the video, best effort like the thumbnail; True when both are stored."""
    pairs = (
        (produced.captions, "CAPTIONS_PUT_URL", "captions", "text/vtt; charset=utf-8"),
        (produced.transcript, "TRANSCRIPT_PUT_URL", "transcript", "text/plain; charset=utf-8"),
    )
    stored = 0
    for path, variable, what, content_type in pairs:
        if path is None or not urls.get(variable):
            continue
        try:
            transfers.put(urls[variable], what, path, content_type)
            stored += 1
        except TransferError as e:
            log.add(str(e))
    return stored == 2


def main() -> int:
    restart_holding_none()  # done already by __main__, before these imports; here for any other caller
    urls = received_urls(os.environ)
    make_undumpable()
    result_path = Path(os.environ.get("MANIMRENDER_RESULT_PATH") or "/dev/termination-log")
    result = run_job(dict(os.environ), urls, Transfers())
    try:
        write(result, result_path)
    except OSError as e:
        print(f"could not write the termination message: {type(e).__name__}", file=sys.stderr)
    return 0 if result["outcome"] == "ok" else 1
