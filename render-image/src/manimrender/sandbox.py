"""Runs the render child (:mod:`manimrender.child`) inside the kernel sandbox and judges how it ended.

The boundary is bubblewrap (``bwrap``): its own user, PID, network (loopback only, nothing listening), IPC,
UTS (host name ``sandbox``) and mount namespaces; a read-only view of only the trees a render needs
(Python and the venv, this package, system libraries, fonts, TeX, ffmpeg); one writable place, a tmpfs of
``Limits.work_dir_mb`` at :data:`SANDBOX_WORK`; a fresh ``/proc`` of its own PID namespace; no
capabilities, NoNewPrivs, no further user namespaces, a new session, and the seccomp filter of
:mod:`manimrender.seccomp`. Resource limits are rlimits set on bwrap (inherited by every process inside), a
pids cgroup where one can be made, and the wall clock: killing bwrap kills the namespace's PID 1, which
ends every process in it, and the render returns only once they are all gone (:class:`SandboxInit`).

The child gets nothing from the host but what is passed here: the code in its spec, a report pipe, a log
pipe and one output file (``raw.<format>``, capped by RLIMIT_FSIZE) it copies the finished video into.
Nothing it says is trusted: the pipeline probes that file before anything is uploaded.
"""

from __future__ import annotations

import collections
import json
import math
import os
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from manimrender import cgroups, seccomp, untrusted
from manimrender.guard import SYSTEM_READ_ROOTS, TEX_PARANOID_ENV
from manimrender.handover import make_undumpable
from manimrender.quality import QUALITIES
from manimrender.untrusted import scrub

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
MIB = 1024 * 1024
SANDBOX_WORK = "/render"
SANDBOX_HOSTNAME = "sandbox"
SANDBOX_UID = 65534  # inside the sandbox's user namespace
# When the service runs as root, each sandbox runs as its own host uid and gid: this base plus the pid of the
# process that starts it (unique while it lives), above every real user's and subordinate (/etc/subuid) range.
# So the child is nobody on the host: no sysctl, root-only file, kernel helper or per-user limit takes it for
# root or for the service. An unprivileged service cannot change identity: its sandbox maps to its own uid.
HOST_ID_BASE = 1_900_000_000
PROC_READ_ONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs")
PROC_MASKED = (
    "/proc/kcore",
    "/proc/keys",
    "/proc/key-users",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/latency_stats",
    "/proc/kpagecount",
    "/proc/kpageflags",
    "/proc/kpagecgroup",
    "/proc/slabinfo",
    "/proc/vmallocinfo",
    "/proc/pagetypeinfo",
    "/proc/kallsyms",
    "/proc/kmsg",
    "/proc/config.gz",
    "/proc/mtrr",
    "/proc/iomem",
    "/proc/ioports",
    "/proc/acpi",
    "/proc/asound",
    "/proc/scsi",
)
# Where no cgroup of its own can be made for a render: "required" refuses to render (the default);
# "container" accepts the container's own limits as the sandbox's (a render pod, where the pod is one render).
CGROUP_MODE = "MANIMRENDER_CGROUP"
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


CPU_MARGIN_SECONDS = 5


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 300
    memory_mb: int = 2048
    cpu_seconds: int | None = None  # defaults to the timeout and a margin (cpu_limit)
    file_size_mb: int = 1024  # any one file in the sandbox, and the video that comes out
    work_dir_mb: int = 512  # the sandbox's only writable place (a tmpfs): all files together
    work_dir_files: int = 65536  # files and directories in it (where the service runs as root)
    extra_processes: int = 256  # threads count too (encoders start one per core)
    open_files: int = 512
    cpus: float | None = None  # a CPU quota for the render's cgroup; None: every core

    def cpu_limit(self) -> int:
        """RLIMIT_CPU's seconds: as given, else the timeout and a margin. The limit stops what spends CPU faster
        than the clock (threads on several cores); a scene that spins on one core is the wall clock's to stop,
        and then says so, rather than a limit a second shorter reached first (the child's start counts too)."""
        return self.cpu_seconds or math.ceil(self.timeout_seconds) + CPU_MARGIN_SECONDS


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
    # None: every animation; "plan": none written, each counted; (first, last): that part (manimrender.parts)
    animations: str | tuple | None = None


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
    still: float | None = None  # seconds a scene without play or wait was held for (manimrender.still)
    # the plan's pass: each animation's run time and costs ({"durations", "costs"}) as reported: untrusted, see
    # manimrender.parts
    plan: object = None
    # seconds per step as the parent saw them (benchmark only; the child's reports time two of the steps)
    timings: dict = field(default_factory=dict)


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


def bwrap_arguments(
    seccomp_fd: int, limits: Limits, identity: int | None, work_mount: str | None = None, writable: tuple = ()
) -> list[str]:
    """The bubblewrap command line up to ``--``: namespaces, the read-only view, the capped tmpfs.

    With an ``identity`` (the service runs as root) bubblewrap sets the sandbox up as root, so it can reach
    trees below directories only root may search (a Python under /root), then :func:`become` makes the command
    that host uid/gid with no capabilities before anything of the render runs, and the work dir is the
    tmpfs :func:`with_work_tmpfs` mounts at ``work_mount`` (size and inode limits). Without one, bubblewrap runs as the
    service user and makes a user namespace in which the child is uid 65534 (the service's uid outside)."""
    if identity is None:
        args = ["bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
        args += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
    else:  # no user namespace: seccomp refuses a new one, and uid ``identity`` has nothing to map into it
        args = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        args += ["--cap-drop", "ALL", *(a for cap in _SETPRIV_CAPS for a in ("--cap-add", cap))]
    args += ["--die-with-parent", "--new-session", "--hostname", SANDBOX_HOSTNAME, "--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    trees = _read_only_trees()
    for tree in trees:
        args += _searchable_parents(tree) + ["--ro-bind-try", tree, tree]
    for tree in writable:  # a tool's directories (manimrender.toolbox); a render has none
        args += _searchable_parents(tree) + ["--bind", tree, tree]
    trees += writable
    args += ["--proc", "/proc", *_proc_masks(), "--dev", "/dev", "--tmpfs", "/dev/pts", "--remount-ro", "/dev/pts"]
    # made by bubblewrap, as root when it runs as root: open to every uid, since the sandbox holds only one
    if work_mount:
        args += ["--bind", work_mount, SANDBOX_WORK]
    else:  # bubblewrap's own tmpfs takes a size, not an inode limit: the memory cgroup counts the inodes
        args += ["--size", str(limits.work_dir_mb * MIB), "--perms", "0777", "--tmpfs", SANDBOX_WORK]
    for sub in _WORK_SUBDIRS:
        args += ["--perms", "0777", "--dir", f"{SANDBOX_WORK}/{sub}"]
    if not any(tree == "/tmp" or tree.startswith("/tmp/") for tree in trees):
        # /tmp is the capped work dir's tmp; where the venv or checkout lives under the host's /tmp (a CI
        # clone), /tmp is instead the read-only parent of its mount points and TMPDIR is the only place to write
        args += ["--symlink", f"{SANDBOX_WORK}/tmp", "/tmp"]
    args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SANDBOX_WORK, "--seccomp", str(seccomp_fd)]
    return args


def with_work_tmpfs(limits: Limits, mountpoint: str) -> list[str]:
    """Runs the command (bubblewrap, as root) in a mount namespace of its own where the work dir's tmpfs is
    mounted at ``mountpoint`` with a size and an inode limit (a million empty files are kernel memory). The
    mount is private: the host never sees it, and it goes with the namespace, whatever ends the render."""
    options = f"size={limits.work_dir_mb * MIB},nr_inodes={limits.work_dir_files},mode=0777"
    script = 'mount -t tmpfs -o "$1" manimrender "$2"; shift 2; exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-euc", script, "sh", options, mountpoint]


def become(identity: int | None) -> list[str]:
    """The command that makes the sandbox's processes ``identity`` with no capabilities (none needed where
    bubblewrap already made the child uid 65534 of its own user namespace)."""
    if identity is None:
        return []
    return [
        "setpriv",
        f"--reuid={identity}",
        f"--regid={identity}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--",
    ]


_SETPRIV_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP")  # what setpriv needs, and then drops


def _searchable_parents(tree: str) -> list[str]:
    """bubblewrap makes the directories above a mount point with the host's modes; a parent only root may
    search (/root) would hide the tree from the sandbox's identity, so they are made searchable first."""
    parents: list[str] = []
    path = os.path.dirname(tree)
    while path not in ("/", ""):
        parents.insert(0, path)
        path = os.path.dirname(path)
    return [a for p in parents for a in ("--perms", "0755", "--dir", p)]


def _proc_masks() -> list[str]:
    """/proc as runc presents it: the kernel's settings read-only, its internals hidden (files behind
    /dev/null, directories behind an empty read-only tmpfs). Only paths this kernel has can be covered."""
    args: list[str] = []
    for path in PROC_READ_ONLY:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    for path in PROC_MASKED:
        if os.path.isdir(path):
            args += ["--perms", "0555", "--tmpfs", path, "--remount-ro", path]
        elif os.path.exists(path):
            args += ["--ro-bind", "/dev/null", path]
    return args


def interpreter() -> str:
    """This Python as the sandbox sees it: its directory resolved, as the read-only view binds the venv
    (``realpath(sys.prefix)``), so a venv reached through a symlink (a checkout's ``.venv`` pointing into
    another) still starts. The name itself is kept: a venv's ``bin/python`` is how Python finds the venv."""
    return os.path.join(os.path.realpath(os.path.dirname(sys.executable)), os.path.basename(sys.executable))


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


class SandboxInit:
    """The first process of a sandbox's PID namespace (bubblewrap's PID 1), named by bubblewrap on ``--info-fd``,
    so the parent can wait for the namespace to end.

    bwrap's end ends that process (``--die-with-parent``), and its end makes the kernel kill every process of
    the namespace; it has ended only once they are all gone, reaped, their pids free. Neither bwrap's end nor an
    empty cgroup says as much: a process leaves its cgroup early in its exit, before it is reaped, and under load
    a killed fork storm's last processes were still on the host, of the sandbox's identity and counted against
    its process limit, after the render's cgroup had been removed."""

    def __init__(self) -> None:
        self._read, self.fd = os.pipe()  # ``fd`` is bwrap's (``pass_fds``): the caller closes it once bwrap started
        self._pidfd: int | None = None

    def arguments(self) -> list[str]:
        return ["--info-fd", str(self.fd)]

    def hold(self) -> None:
        """Takes hold of the process (a pidfd) once bwrap has ended, at once: once it has ended and been
        reaped, its pid is free for another process."""
        if self._read < 0:
            return
        os.set_blocking(self._read, False)
        try:  # bwrap wrote it before it let the namespace run, and the sandbox itself never holds the pipe
            info = os.read(self._read, 4096)
        except BlockingIOError:
            info = b""  # bwrap ended before it made the namespace
        finally:
            os.close(self._read)
            self._read = -1
        found = re.match(rb'\{\s*"child-pid": (\d+)', info)
        try:
            self._pidfd = os.pidfd_open(int(found.group(1))) if found else None
        except OSError:
            pass  # already ended and reaped (or no pidfds here: the cgroup's emptying is then the last word)

    def wait_ended(self, timeout: float = 30.0) -> None:
        """Waits until no process of the namespace is left, at most ``timeout`` seconds (a process the kernel has
        still not ended by then is stuck in it; the service goes on)."""
        self.hold()
        if self._pidfd is None:
            return
        try:
            ended = select.poll()
            ended.register(self._pidfd, select.POLLIN)
            ended.poll(timeout * 1000)
        finally:
            os.close(self._pidfd)
            self._pidfd = None


def end(cgroup: cgroups.RenderCgroup | None, init: SandboxInit | None) -> None:
    """Ends what is left of a sandbox whose bwrap has ended: kills what its cgroup still holds, then waits for
    its PID namespace to end. When this returns, no process of the sandbox is left."""
    if init is not None:
        init.hold()
    if cgroup is not None:
        cgroup.close()
    if init is not None:
        init.wait_ended()


def seccomp_filter_fd() -> int:
    """The sandbox's seccomp program in a memfd, at its start, for bubblewrap's ``--seccomp``."""
    fd = os.memfd_create("seccomp", 0)
    os.write(fd, seccomp.program())
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def host_identity() -> int | None:
    """The host uid/gid the sandbox gets, or None where this process cannot choose one (not root). The number
    is this process's pid above the base: called in the parent, it is unique among the renders running."""
    return HOST_ID_BASE + os.getpid() if os.geteuid() == 0 else None


def preexec(limits: Limits, cgroup: cgroups.RenderCgroup | None, identity: int | None) -> Callable[[], None]:
    cpu = limits.cpu_limit()
    # with a dedicated identity, RLIMIT_NPROC counts the sandbox's own processes; as a service user, its others
    # too, so theirs are added (the pids cgroup is the exact limit). Counted here, in the parent: /proc is not
    # to be walked in a forked child
    processes = limits.extra_processes + (0 if identity is not None else _tasks_of_current_user())

    def apply() -> None:  # runs in the forked child before bwrap starts; bwrap and all inside inherit it
        if cgroup is not None:
            cgroup.enter()  # while still allowed to write the cgroup's files
        for name, value in (
            (resource.RLIMIT_CORE, 0),
            (resource.RLIMIT_AS, limits.memory_mb * MIB),
            (resource.RLIMIT_FSIZE, limits.file_size_mb * MIB),
            (resource.RLIMIT_NPROC, processes),
            (resource.RLIMIT_NOFILE, limits.open_files),
            (resource.RLIMIT_SIGPENDING, 256),
            (resource.RLIMIT_MSGQUEUE, 0),
            (resource.RLIMIT_MEMLOCK, 64 * 1024),
        ):
            resource.setrlimit(name, (value, value))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    return apply


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


def container_limits_accepted() -> bool:
    """Whether a sandbox without a cgroup of its own may run, held by its container's (see CGROUP_MODE)."""
    return os.environ.get(CGROUP_MODE, "required") == "container"


def render_cgroup(limits: Limits) -> cgroups.RenderCgroup | None:
    return cgroups.make(
        cgroups.CgroupLimits(
            # the tmpfs work dir's pages are memory too
            memory_bytes=(limits.memory_mb + limits.work_dir_mb) * MIB,
            pids=limits.extra_processes,
            cpus=limits.cpus,
        ),
        f"manimrender-{os.getpid()}-{time.monotonic_ns()}",
    )


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
    elif shutil.which("bwrap") is None or not seccomp.supported():
        return ChildOutcome("sandbox_unavailable", "the render sandbox is not available on this machine")
    cgroup = None if unsandboxed else render_cgroup(limits)
    if cgroup is None and not unsandboxed and not container_limits_accepted():
        return ChildOutcome(
            "sandbox_unavailable", "the render sandbox could not limit the render as a whole (no cgroup could be made)"
        )
    init = None if unsandboxed else SandboxInit()
    try:
        return _run(request, limits, on_progress, host_dir, unsandboxed, cgroup, init)
    finally:
        end(cgroup, init)  # whatever happened above: no process of the render outlives it


def _run(request, limits, on_progress, host_dir, unsandboxed, cgroup, init) -> ChildOutcome:
    inner_work = str(host_dir / "unsandboxed") if unsandboxed else SANDBOX_WORK
    preset = QUALITIES[request.quality]
    raw = host_dir / f"raw.{request.format}"
    raw.unlink(missing_ok=True)
    report_read, report_write = os.pipe()
    log_read, log_write = os.pipe()
    video_read, video_write = os.pipe()  # the video comes out through a pipe: no host file is handed over
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
        "animations": list(request.animations) if isinstance(request.animations, tuple) else request.animations,
        "report_fd": report_write,
        "output_fd": video_write,
    }
    command = [interpreter(), "-s", "-P", "-m", "manimrender.child", json.dumps(spec)]
    child_fds = [report_write, video_write]
    identity = None if unsandboxed else host_identity()
    if unsandboxed:
        for sub in _WORK_SUBDIRS:
            os.makedirs(f"{inner_work}/{sub}", exist_ok=True)
    else:
        filter_fd = seccomp_filter_fd()
        child_fds += [filter_fd, init.fd]
        sandboxed = init.arguments() + ["--", *become(identity), *command]
        if identity is None:
            command = bwrap_arguments(filter_fd, limits, identity) + sandboxed
        else:
            work_mount = str(host_dir / "work-mount")
            os.makedirs(work_mount, mode=0o700, exist_ok=True)
            bwrap = bwrap_arguments(filter_fd, limits, identity, work_mount)
            command = with_work_tmpfs(limits, work_mount) + bwrap + sandboxed
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
            preexec_fn=preexec(limits, cgroup, identity),
            pass_fds=tuple(child_fds),
        )
    except OSError:
        for fd in (report_read, log_read, video_read):
            os.close(fd)
        return ChildOutcome("sandbox_unavailable", "the render sandbox could not be started")
    finally:
        for fd in (*child_fds, log_write):
            os.close(fd)
    log = _LogTail(log_read)
    video = _VideoSink(video_read, raw, limits.file_size_mb * MIB)
    marks: dict[str, float] = {}
    try:
        deadline = started + limits.timeout_seconds
        final, started_event, timed_out = _read_reports(report_read, child, deadline, on_progress, marks)
        returncode = None
        if not timed_out:
            try:
                returncode = child.wait(timeout=max(1.0, min(10.0, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                timed_out = final is None
        # A child that ended without its report once the deadline had passed was stopped by the wall clock,
        # whatever ended it first: the kill racing its exit, or the CPU limit, which defaults to the same
        # number of seconds (a render's encoder threads spend CPU time faster than the clock runs).
        timed_out = timed_out or (final is None and time.monotonic() >= deadline)
    finally:
        # bwrap; its PID 1, in the session bwrap made, dies with it (--die-with-parent), and the kernel then ends
        # every process of the namespace (run_guarded waits for that)
        _kill_group(child.pid)
        child.wait()
        if init is not None:
            init.hold()  # now: see SandboxInit.hold
    too_large = video.close(wait=10.0)
    tail = log.text(wait=5.0)
    (host_dir / "render.log").write_bytes(tail)
    ended = time.monotonic()
    render_seconds = round(ended - started, 3)
    outcome = _ended(limits, cgroup, final, returncode, timed_out, render_seconds, raw, started_event, tail, too_large)
    if request.animations == "plan" and outcome.outcome == "render_error" and final and final.get("event") == "done":
        reported = {"durations": final.get("plan"), "costs": final.get("planCosts")}
        outcome = ChildOutcome("ok", "planned", render_seconds=render_seconds, plan=reported)
    return replace(outcome, timings=_steps(started, marks, ended))


def _steps(started: float, marks: dict[str, float], ended: float) -> dict[str, float]:
    """Seconds per step of the render, from the moments the child's reports arrived: the sandbox and the
    interpreter starting (``started``), Manim loading (``loaded``), the scene rendering (the final report),
    and the sandbox ending. A step whose report never came is folded into the next."""
    steps, last = {}, started
    for step, mark in (("sandbox_start", "started"), ("manim_import", "loaded"), ("render", "final")):
        if mark in marks:
            steps[step], last = round(marks[mark] - last, 3), marks[mark]
    steps["sandbox_end"] = round(ended - last, 3)
    return steps


def _ended(limits, cgroup, final, returncode, timed_out, render_seconds, raw, started_event, tail, too_large):
    """How the render ended, from what the parent saw (the sandbox's own signs first, then the child's)."""
    if not started_event and not timed_out and b"bwrap: " in tail:
        return ChildOutcome(
            "sandbox_unavailable", "the render sandbox could not be set up", render_seconds=render_seconds
        )
    if too_large:
        raw.unlink(missing_ok=True)
        return ChildOutcome(
            "resource_limit",
            f"the video is larger than the {limits.file_size_mb} MB allowed",
            render_seconds=render_seconds,
        )
    if cgroup is not None and cgroup.memory_killed() and (final is None or final.get("event") != "done"):
        return ChildOutcome(
            "resource_limit",
            f"the scene used more than the {limits.memory_mb + limits.work_dir_mb} MB of memory allowed",
            render_seconds=render_seconds,
        )
    return _judge(limits, final, returncode, timed_out, render_seconds, raw, started_event)


class _VideoSink:
    """Copies the video the child writes into its pipe to the host file, at most ``cap`` bytes: every byte
    that reaches the host disk is counted here (rewriting the same bytes cannot add more)."""

    def __init__(self, fd: int, path: Path, cap: int):
        self._fd, self._path, self._cap = fd, path, cap
        self.too_large = False
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        written = 0
        with os.fdopen(self._fd, "rb", buffering=0) as pipe, open(self._path, "wb") as target:
            while chunk := pipe.read(1024 * 1024):
                written += len(chunk)
                if written > self._cap:
                    self.too_large = True  # closing the pipe ends the child's writes with EPIPE
                    return
                target.write(chunk)

    def close(self, wait: float) -> bool:
        """Waits for the copy (the child is gone, so the pipe ends); True when the video was over the cap."""
        self._thread.join(wait)
        return self.too_large


def _read_reports(
    fd: int,
    child: subprocess.Popen,
    deadline: float,
    on_progress: Callable[[float], None],
    marks: dict[str, float],
) -> tuple[dict | None, bool, bool]:
    """Reads the child's JSON lines until it closes the pipe, ends or runs out of time.
    Returns the final ``done``/``failed`` event, whether the child started, and whether time ran out;
    ``marks`` gets the moment each kind of report first came (``final`` for the last)."""
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
                if kind in ("started", "loaded"):
                    marks.setdefault(kind, time.monotonic())
                if kind == "progress" and isinstance(event.get("videoSeconds"), (int, float)):
                    on_progress(float(event["videoSeconds"]))
                elif kind in ("done", "failed"):
                    final = event
                    marks["final"] = time.monotonic()


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
            f"rendering took longer than the {limits.timeout_seconds:g} seconds allowed "
            f"(stopped after {render_seconds:.1f} s)",
            render_seconds=render_seconds,
        )
    if not started:
        return ChildOutcome("internal_error", "the renderer failed to start", render_seconds=render_seconds)
    if returncode is not None and returncode != 0 and final is None:
        status = returncode - 128 if returncode > 128 else -returncode  # bwrap passes the child's signal on
        cpu = f"{limits.cpu_limit()} seconds of CPU time"
        stopped = f"(stopped after {render_seconds:.1f} s)"
        if status == signal.SIGXCPU:
            return ChildOutcome(
                "resource_limit", f"the scene used more than the {cpu} allowed {stopped}", render_seconds=render_seconds
            )
        if status == signal.SIGKILL:  # the hard CPU limit or the kernel's out-of-memory killer
            return ChildOutcome(
                "resource_limit",
                f"the scene was stopped for using more than the {cpu} or the memory allowed {stopped}",
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
        still=untrusted.number(final.get("still"), 0, 60),
    )
