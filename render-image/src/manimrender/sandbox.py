"""Runs the render child (:mod:`manimrender.child`) inside the kernel sandbox and judges how it ended.

The boundary is bubblewrap (``bwrap``): its own user, PID, network (loopback only, nothing listening), IPC,
UTS (host name ``sandbox``) and mount namespaces; a read-only view of only the trees a render needs
(Python and the venv, this package, system libraries, fonts, TeX, ffmpeg); one writable place, a tmpfs of
``Limits.work_dir_mb`` at :data:`SANDBOX_WORK`; a fresh ``/proc`` of its own PID namespace; no
capabilities, NoNewPrivs, no further user namespaces, a new session, and the seccomp filter of
:mod:`manimrender.seccomp`. Resource limits are rlimits set on bwrap (inherited by every process inside), a
pids cgroup where one can be made, and the wall clock: killing bwrap kills the namespace's PID 1, which
ends every process in it.

The child gets nothing from the host but what is passed here: the code in its spec, a report pipe, a log
pipe and one output file (``raw.<format>``, capped by RLIMIT_FSIZE) it copies the finished video into.
Nothing it says is trusted: the pipeline probes that file before anything is uploaded.
"""

from __future__ import annotations

import collections
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from manimrender import seccomp, untrusted
from manimrender.guard import SYSTEM_READ_ROOTS, TEX_PARANOID_ENV
from manimrender.quality import QUALITIES
from manimrender.untrusted import scrub

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
MIB = 1024 * 1024
SANDBOX_WORK = "/render"
SANDBOX_HOSTNAME = "sandbox"
SANDBOX_UID = 65534
LOG_TAIL_BYTES = 256 * 1024
# Development only: runs the child without the kernel sandbox (rlimits and the Python layers only).
UNSAFE_NO_SANDBOX = "MANIMRENDER_UNSAFE_NO_SANDBOX"
_WORK_SUBDIRS = (
    "home",
    "tmp",
    "cache",
    "cache/matplotlib",
    "cache/texmf-var",
    "cache/texmf-config",
    "config",
    "data",
    "texmf",
    "media",
)
# Trees outside /usr a render reads (fonts, TeX formats, the dynamic linker's cache).
_SYSTEM_EXTRA = (
    "/etc/ld.so.cache",
    "/etc/alternatives",
    "/etc/fonts",
    "/etc/texmf",
    "/var/lib/texmf",
    "/var/cache/fontconfig",
    "/etc/localtime",
)


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 300
    memory_mb: int = 2048
    cpu_seconds: int | None = None  # defaults to the timeout
    file_size_mb: int = 1024
    work_dir_mb: int = 512  # the sandbox's only writable place (a tmpfs): all files together
    extra_processes: int = 256  # threads count too (encoders start one per core)
    open_files: int = 512


@dataclass(frozen=True)
class RenderRequest:
    code: str
    scene: str
    quality: str
    format: str
    max_duration_seconds: float
    work_dir: Path  # on the host: receives render.log and the raw video, nothing else
    python_layers: bool = True  # tests only: False shows the kernel boundary holding alone
    theme: tuple = ()  # accessibility theme names (manimrender.theme), applied in the child


@dataclass(frozen=True)
class ChildOutcome:
    outcome: str
    message: str
    line: int | None = None
    video: Path | None = None
    video_seconds: float | None = None
    render_seconds: float = 0.0
    subcaptions: object = None  # as the child reported them: untrusted, see captions.cues_from
    layout: object = None  # the layout critic's findings, as reported: untrusted, see critic.describe


def child_environment(work_dir: str) -> dict[str, str]:
    """Everything the render child and the TeX tools get: no inherited variable reaches user code."""
    env = {
        name: f"{work_dir}/{sub}"
        for name, sub in (
            ("HOME", "home"),
            ("TMPDIR", "tmp"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("MPLCONFIGDIR", "cache/matplotlib"),
            ("TEXMFVAR", "cache/texmf-var"),
            ("TEXMFCONFIG", "cache/texmf-config"),
            ("TEXMFHOME", "texmf"),
        )
    }
    env.update(TEX_PARANOID_ENV)
    env.update(
        {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TEXMFOUTPUT": work_dir,
            "PYTHONPATH": _PACKAGE_PARENT,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
            "PYTHONIOENCODING": "utf-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",  # each glibc arena reserves 64 MB of address space (RLIMIT_AS)
            "TERM": "dumb",
        }
    )
    return env


def bwrap_arguments(seccomp_fd: int, limits: Limits) -> list[str]:
    """The bubblewrap command line up to ``--``: namespaces, the read-only view, the capped tmpfs."""
    args = [
        "bwrap",
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--hostname",
        SANDBOX_HOSTNAME,
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    trees = _read_only_trees()
    for tree in trees:
        args += ["--ro-bind-try", tree, tree]
    args += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.work_dir_mb * MIB),
        "--perms",
        "0700",
        "--tmpfs",
        SANDBOX_WORK,
    ]
    for sub in _WORK_SUBDIRS:
        args += ["--dir", f"{SANDBOX_WORK}/{sub}"]
    if not any(tree == "/tmp" or tree.startswith("/tmp/") for tree in trees):
        # /tmp is the capped work dir's tmp; where the venv or checkout lives under the host's /tmp (a CI
        # clone), /tmp is instead the read-only parent of its mount points and TMPDIR is the only place to write
        args += ["--symlink", f"{SANDBOX_WORK}/tmp", "/tmp"]
    args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SANDBOX_WORK, "--seccomp", str(seccomp_fd)]
    return args


def _read_only_trees() -> list[str]:
    """Python, the venv, this package and the system trees outside /usr, each once (nested ones dropped)."""
    wanted = {
        os.path.realpath(p)
        for p in (
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            _PACKAGE_PARENT,
            os.path.dirname(os.path.realpath(sys.executable)),
        )
    }
    wanted |= {p for p in (*SYSTEM_READ_ROOTS, *_SYSTEM_EXTRA) if os.path.exists(p)}
    wanted = {p for p in wanted if not (p == "/usr" or p.startswith("/usr/")) and p != "/"}
    return sorted(p for p in wanted if not any(p.startswith(q + "/") for q in wanted))


class _LogTail:
    """Drains the child's stdout/stderr on a thread, keeping only the last bytes (the child may flood it)."""

    def __init__(self, fd: int):
        self._chunks: collections.deque[bytes] = collections.deque()
        self._size = 0
        self._thread = threading.Thread(target=self._drain, args=(fd,), daemon=True)
        self._thread.start()

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                self._chunks.append(chunk)
                self._size += len(chunk)
                while self._size - len(self._chunks[0]) >= LOG_TAIL_BYTES:
                    self._size -= len(self._chunks.popleft())

    def text(self, wait: float) -> bytes:
        self._thread.join(wait)
        return b"".join(self._chunks)[-LOG_TAIL_BYTES:]


class _PidsCgroup:
    """A pids cgroup of the render where the machine offers a writable one (cgroup v2, else v1)."""

    ROOTS = ("/sys/fs/cgroup", "/sys/fs/cgroup/pids")  # cgroup v2 (pids delegated), else the v1 hierarchy

    def __init__(self, max_pids: int):
        self.path: str | None = None
        for root in self.ROOTS:
            v2 = "pids" in _read(f"{root}/cgroup.subtree_control").split()
            if not (v2 or (root.endswith("/pids") and os.path.isfile(f"{root}/cgroup.procs"))):
                continue
            if not os.access(root, os.W_OK):
                continue
            path = f"{root}/manimrender-{os.getpid()}-{time.monotonic_ns()}"
            try:
                os.mkdir(path)
                with open(f"{path}/pids.max", "w") as f:
                    f.write(str(max_pids))
                self.path = path
                return
            except OSError:
                try:
                    os.rmdir(path)
                except OSError:
                    pass

    def enter(self) -> None:  # in the forked child, before bwrap starts
        if self.path:
            with open(f"{self.path}/cgroup.procs", "w") as f:
                f.write("0")

    def close(self) -> None:
        if not self.path:
            return
        for _ in range(50):  # the PID namespace is already being torn down; wait for it to empty
            try:
                os.rmdir(self.path)
                return
            except OSError:
                for pid in _read(f"{self.path}/cgroup.procs").split():
                    _kill(int(pid))
                time.sleep(0.05)


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


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


def _preexec(limits: Limits, processes: int, cgroup: _PidsCgroup) -> Callable[[], None]:
    cpu = int(limits.cpu_seconds or limits.timeout_seconds)

    def apply() -> None:  # runs in the forked child before bwrap starts; bwrap and all inside inherit it
        cgroup.enter()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * MIB, limits.memory_mb * MIB))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_mb * MIB, limits.file_size_mb * MIB))
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))

    return apply


def make_undumpable() -> None:
    """PR_SET_DUMPABLE 0 on this (trusted) process: its /proc/<pid>/environ and /mem become unreadable to
    anything not root, so even the unsandboxed development mode keeps the presigned URLs out of reach."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def sandbox_disabled() -> bool:
    return os.environ.get(UNSAFE_NO_SANDBOX) == "1"


def run_guarded(
    request: RenderRequest, limits: Limits, on_progress: Callable[[float], None] = lambda seconds: None
) -> ChildOutcome:
    """Runs the scene in the sandbox; the raw video, if any, ends up at ``work_dir/raw.<format>``."""
    make_undumpable()
    host_dir = request.work_dir.resolve()
    host_dir.mkdir(parents=True, exist_ok=True)
    unsandboxed = sandbox_disabled()
    if unsandboxed:
        print(
            f"WARNING: {UNSAFE_NO_SANDBOX}=1: the scene runs WITHOUT the kernel sandbox; development only, "
            "never with code you did not write",
            file=sys.stderr,
            flush=True,
        )
    if not unsandboxed and (shutil.which("bwrap") is None or not seccomp.supported()):
        return ChildOutcome("sandbox_unavailable", "the render sandbox is not available on this machine")
    inner_work = str(host_dir / "unsandboxed") if unsandboxed else SANDBOX_WORK
    preset = QUALITIES[request.quality]
    spec = {
        "code": request.code,
        "scene": request.scene,
        "manim_preset": preset.manim_preset,
        "fps": preset.fps,
        "format": request.format,
        "max_duration": request.max_duration_seconds,
        "work_dir": inner_work,
        "python_layers": request.python_layers,
        "theme": list(request.theme),
    }
    raw = host_dir / f"raw.{request.format}"
    raw.unlink(missing_ok=True)
    report_read, report_write = os.pipe()
    log_read, log_write = os.pipe()
    output = os.open(raw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    filter_fd = None
    cgroup = _PidsCgroup(limits.extra_processes)
    spec.update(report_fd=report_write, output_fd=output)
    command = [sys.executable, "-s", "-P", "-m", "manimrender.child", json.dumps(spec)]
    fds = [report_write, output]
    if unsandboxed:
        for sub in _WORK_SUBDIRS:
            os.makedirs(f"{inner_work}/{sub}", exist_ok=True)
    else:
        filter_fd = os.memfd_create("seccomp", 0)
        os.write(filter_fd, seccomp.program())
        os.lseek(filter_fd, 0, os.SEEK_SET)
        fds.append(filter_fd)
        command = bwrap_arguments(filter_fd, limits) + ["--"] + command
    started = time.monotonic()
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_write,
            stderr=log_write,
            cwd=host_dir if unsandboxed else "/",
            env=child_environment(inner_work),
            close_fds=True,
            start_new_session=True,
            preexec_fn=_preexec(limits, _tasks_of_current_user() + limits.extra_processes, cgroup),
            pass_fds=tuple(fds),
        )
    except OSError:
        for fd in (report_read, report_write, log_read, log_write, output, filter_fd):
            if fd is not None:
                os.close(fd)
        cgroup.close()
        return ChildOutcome("sandbox_unavailable", "the render sandbox could not be started")
    for fd in (report_write, log_write, output, filter_fd):
        if fd is not None:
            os.close(fd)
    log = _LogTail(log_read)
    deadline = started + limits.timeout_seconds
    final, started_event, timed_out = _read_reports(report_read, child, deadline, on_progress)
    returncode = None
    if not timed_out:
        try:
            returncode = child.wait(timeout=max(1.0, min(10.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            timed_out = final is None
    _kill_group(child.pid)  # bwrap and its PID 1: the kernel then ends every process of the namespace
    if returncode is None:
        child.wait()  # we killed it: its signal says nothing about the scene
    cgroup.close()
    tail = log.text(wait=5.0)
    (host_dir / "render.log").write_bytes(tail)
    render_seconds = round(time.monotonic() - started, 3)
    if not started_event and not timed_out:
        if b"bwrap: " in tail:
            return ChildOutcome(
                "sandbox_unavailable", "the render sandbox could not be set up", render_seconds=render_seconds
            )
    return _judge(limits, final, returncode, timed_out, render_seconds, raw, started_event)


def _read_reports(
    fd: int, child: subprocess.Popen, deadline: float, on_progress: Callable[[float], None]
) -> tuple[dict | None, bool, bool]:
    """Reads the child's JSON lines until it closes the pipe, ends or runs out of time.
    Returns the final ``done``/``failed`` event, whether the child started, and whether time ran out."""
    final, started, buffer = None, False, b""
    with os.fdopen(fd, "rb", buffering=0) as reports:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return final, started, True
            ready, _, _ = select.select([reports], [], [], min(remaining, 1.0))
            if not ready:
                if child.poll() is not None:
                    return final, started, False
                continue
            chunk = reports.read(65536)
            if not chunk:
                return final, started, False
            buffer += chunk
            if len(buffer) > MIB:  # the child floods the channel: stop reading it
                buffer = b""
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                event = _parse(line)
                if event is None:
                    continue
                kind = event.get("event")
                started = started or kind is not None
                if kind == "progress" and isinstance(event.get("videoSeconds"), (int, float)):
                    on_progress(float(event["videoSeconds"]))
                elif kind in ("done", "failed"):
                    final = event


def _parse(line: bytes) -> dict | None:
    return untrusted.report(line)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _judge(
    limits: Limits,
    final: dict | None,
    returncode: int | None,
    timed_out: bool,
    render_seconds: float,
    raw: Path,
    started: bool,
) -> ChildOutcome:
    if timed_out:
        return ChildOutcome(
            "timeout",
            f"rendering took longer than the {limits.timeout_seconds:g} seconds allowed",
            render_seconds=render_seconds,
        )
    if not started:
        return ChildOutcome("internal_error", "the renderer failed to start", render_seconds=render_seconds)
    if returncode is not None and returncode != 0 and final is None:
        status = returncode - 128 if returncode > 128 else -returncode  # bwrap passes the child's signal on
        if status == signal.SIGXCPU:
            return ChildOutcome(
                "resource_limit", "the scene used more CPU time than allowed", render_seconds=render_seconds
            )
        if status == signal.SIGKILL:  # the hard CPU limit or the kernel's out-of-memory killer
            return ChildOutcome(
                "resource_limit",
                "the scene was stopped for using more CPU time or memory than allowed",
                render_seconds=render_seconds,
            )
        if status == signal.SIGXFSZ:
            return ChildOutcome(
                "resource_limit", "the scene wrote a file larger than allowed", render_seconds=render_seconds
            )
        return ChildOutcome(
            "render_error",
            "the renderer crashed (often a sign of running out of memory)",
            render_seconds=render_seconds,
        )
    if final is None:
        return ChildOutcome(
            "render_error", "the scene ended the renderer before it finished", render_seconds=render_seconds
        )
    line = final.get("line") if isinstance(final.get("line"), int) and final.get("line") > 0 else None
    message = scrub(str(final.get("message") or "")[:1000])
    if final.get("event") == "failed":
        outcome = final.get("outcome")
        if outcome not in ("render_error", "timeout", "resource_limit", "internal_error"):
            outcome = "render_error"
        return ChildOutcome(outcome, message or "the scene failed", line, render_seconds=render_seconds)
    if not raw.is_file() or raw.stat().st_size == 0:
        return ChildOutcome("render_error", "the scene produced no video", render_seconds=render_seconds)
    seconds = final.get("videoSeconds")
    return ChildOutcome(
        "ok",
        "rendered",
        video=raw,
        render_seconds=render_seconds,
        video_seconds=float(seconds) if isinstance(seconds, (int, float)) else None,
        subcaptions=final.get("subcaptions"),
        layout=final.get("layout"),
    )
