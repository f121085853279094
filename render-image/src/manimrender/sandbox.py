"""Runs the render child (:mod:`manimrender.child`) with resource limits, a scrubbed environment and a
wall-clock timeout, and turns how it ended into an outcome."""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from manimrender.guard import TEX_PARANOID_ENV

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 300
    memory_mb: int = 2048
    cpu_seconds: int | None = None  # defaults to the timeout
    file_size_mb: int = 1024
    extra_processes: int = 256  # threads count too (encoders start one per core)
    open_files: int = 512


@dataclass(frozen=True)
class RenderRequest:
    code_path: Path
    scene: str
    quality: str
    format: str
    max_duration_seconds: float
    work_dir: Path


@dataclass(frozen=True)
class ChildOutcome:
    outcome: str
    message: str
    line: int | None = None
    video: Path | None = None
    video_seconds: float | None = None
    render_seconds: float = 0.0


def child_environment(work_dir: Path) -> dict[str, str]:
    """Everything the render child and the TeX tools get: no inherited variable reaches user code."""
    dirs = {name: work_dir / sub for name, sub in (
        ("HOME", "home"), ("TMPDIR", "tmp"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"), ("MPLCONFIGDIR", "cache/matplotlib"), ("TEXMFVAR", "cache/texmf-var"),
        ("TEXMFCONFIG", "cache/texmf-config"), ("TEXMFHOME", "texmf"))}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = {name: str(path) for name, path in dirs.items()}
    env.update(TEX_PARANOID_ENV)
    env.update({
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TEXMFOUTPUT": str(work_dir),
        "PYTHONPATH": _PACKAGE_PARENT,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONIOENCODING": "utf-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",  # each glibc arena reserves 64 MB of address space (RLIMIT_AS)
        "TERM": "dumb",
    })
    return env


def _tasks_of_current_user() -> int:
    uid, count = os.getuid(), 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return count


def _limit_setter(limits: Limits, processes: int) -> Callable[[], None]:
    cpu = int(limits.cpu_seconds or limits.timeout_seconds)

    def apply() -> None:  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * MIB, limits.memory_mb * MIB))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mb * MIB, limits.file_size_mb * MIB))
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))

    return apply


def run_guarded(request: RenderRequest, limits: Limits,
                on_progress: Callable[[float], None] = lambda seconds: None) -> ChildOutcome:
    work_dir = request.work_dir.resolve()
    log_path = work_dir / "render.log"
    spec = {
        "code_path": str(request.code_path.resolve()), "scene": request.scene, "quality": request.quality,
        "format": request.format, "max_duration": request.max_duration_seconds, "work_dir": str(work_dir),
    }
    read_fd, write_fd = os.pipe()
    spec["report_fd"] = write_fd
    started = time.monotonic()
    with open(log_path, "ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-s", "-P", "-m", "manimrender.child", json.dumps(spec)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=work_dir,
            env=child_environment(work_dir), pass_fds=(write_fd,), close_fds=True, start_new_session=True,
            preexec_fn=_limit_setter(limits, _tasks_of_current_user() + limits.extra_processes),
        )
    os.close(write_fd)
    final, timed_out = None, False
    deadline = started + limits.timeout_seconds
    buffer = b""
    with os.fdopen(read_fd, "rb", buffering=0) as reports:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([reports], [], [], min(remaining, 1.0))
            if not ready:
                if child.poll() is not None:
                    break
                continue
            chunk = reports.read(65536)
            if not chunk:
                break
            buffer += chunk
            if len(buffer) > MIB:  # the child floods the channel: stop reading it
                buffer = b""
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                event = _parse(line)
                if event is None:
                    continue
                if event.get("event") == "progress" and isinstance(event.get("videoSeconds"), (int, float)):
                    on_progress(float(event["videoSeconds"]))
                elif event.get("event") in ("done", "failed"):
                    final = event
    returncode = None
    if not timed_out:
        try:
            returncode = child.wait(timeout=max(1.0, min(10.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            timed_out = final is None
    _kill_group(child.pid)  # also ends TeX tools or anything else the child left behind
    if returncode is None:
        child.wait()  # we killed it: its signal says nothing about the scene
    render_seconds = round(time.monotonic() - started, 3)
    return _judge(request, limits, final, returncode, timed_out, render_seconds)


def _parse(line: bytes) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _judge(request: RenderRequest, limits: Limits, final: dict | None, returncode: int | None, timed_out: bool,
           render_seconds: float) -> ChildOutcome:
    if timed_out:
        return ChildOutcome("timeout", f"rendering took longer than the {limits.timeout_seconds:g} seconds allowed",
                            render_seconds=render_seconds)
    if returncode is not None and returncode < 0:
        sig = -returncode
        if sig == signal.SIGXCPU:
            return ChildOutcome("resource_limit", "the scene used more CPU time than allowed",
                                render_seconds=render_seconds)
        if sig == signal.SIGKILL:  # the hard CPU limit or the kernel's out-of-memory killer
            return ChildOutcome("resource_limit", "the scene was stopped for using more CPU time or memory than allowed",
                                render_seconds=render_seconds)
        if sig == signal.SIGXFSZ:
            return ChildOutcome("resource_limit", "the scene wrote a file larger than allowed",
                                render_seconds=render_seconds)
        if final is None:
            return ChildOutcome("render_error", "the renderer crashed (often a sign of running out of memory)",
                                render_seconds=render_seconds)
    if final is None:
        return ChildOutcome("render_error", "the scene ended the renderer before it finished",
                            render_seconds=render_seconds)
    line = final.get("line") if isinstance(final.get("line"), int) and final.get("line") > 0 else None
    message = str(final.get("message") or "")[:1000]
    if final.get("event") == "failed":
        outcome = final.get("outcome")
        if outcome not in ("render_error", "timeout", "resource_limit", "internal_error"):
            outcome = "render_error"
        return ChildOutcome(outcome, message or "the scene failed", line, render_seconds=render_seconds)
    video = Path(str(final.get("video", ""))).resolve()
    work_dir = request.work_dir.resolve()
    if work_dir not in video.parents or not video.is_file() or video.is_symlink():
        return ChildOutcome("render_error", "the scene produced no video", render_seconds=render_seconds)
    seconds = final.get("videoSeconds")
    return ChildOutcome("ok", "rendered", video=video, render_seconds=render_seconds,
                        video_seconds=float(seconds) if isinstance(seconds, (int, float)) else None)
