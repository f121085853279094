"""The trusted tools the parent runs on untrusted data (ffprobe and ffmpeg on the child's video, espeak-ng and
ffmpeg for the narration), each in a sandbox of its own: a decoder bug is then not a parent compromise.

The same kernel sandbox as the render's (:mod:`manimrender.sandbox`: its identity, namespaces, read-only view,
seccomp filter and a cgroup of its own), with smaller limits: 1 GB of memory for everything the tool starts
(an MP4 whose index was built to be huge took ffmpeg to 2.8 GB), 64 processes, the tool's timeout for time
and CPU. The only host paths it sees are the directories of the absolute paths in its arguments, writable:
where its input lies and its output goes. Whatever it leaves there that is not a plain file or directory (a
link to a host file, to be uploaded in place of the video) is removed and the run counts as failed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from manimrender import sandbox as kernel
from manimrender import seccomp

# MALLOC_ARENA_MAX: each glibc arena reserves 64 MB of the 1 GB of address space (RLIMIT_AS), one per thread; ffmpeg
# mixing the narration runs a decoder per spoken line and x264's threads, and ran out at 854x480 without it
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "MALLOC_ARENA_MAX": "2"}


class ToolFailed(Exception):
    """The tool could not run, did not finish in time, or did not succeed; ``reason`` says which."""

    def __init__(self, tool: str, reason: str):
        super().__init__(f"{tool} {reason}")
        self.tool, self.reason = tool, reason


@dataclass(frozen=True)
class ToolLimits:
    timeout_seconds: float = 120
    memory_mb: int = 1024
    file_size_mb: int = 1024
    processes: int = 64


def run(
    args: list[str],
    dirs: list[Path],
    timeout: float = 120,
    stdin: bytes | None = None,
    limits: ToolLimits = ToolLimits(),
) -> bytes:
    """Runs ``args`` in its sandbox, with ``dirs`` (the job's own directories that hold its input and take its
    output) bound writable at their host paths; returns what it wrote to stdout; raises :class:`ToolFailed`."""
    tool = os.path.basename(args[0])
    done = _sandboxed(tool, args, dirs, timeout, stdin, limits)
    if done.returncode != 0:
        raise ToolFailed(tool, f"failed with exit code {done.returncode}")
    return done.stdout


TOGETHER_EXIT = 100  # run_together's shell ends with this plus a bit for each command that failed


def run_together(
    commands: list[list[str]], dirs: list[Path], timeout: float = 120, limits: ToolLimits = ToolLimits()
) -> tuple[bytes, tuple[bool, ...]]:
    """Runs the commands at the same time in one sandbox (one set-up instead of one each), as :func:`run`
    runs one: the first with the sandbox's stdout, the others with none. Returns the first one's output and
    whether each command succeeded; raises :class:`ToolFailed` when the sandbox itself failed or was stopped.

    The commands share the sandbox, its limits and its identity, so a command taken over by a crafted input
    can reach the others (their output, their files). Only for tools on the same input whose outputs are
    judged together: the input that could take over one of them could take over each of them alone."""
    tool = " and ".join(os.path.basename(c[0]) for c in commands)
    if not 1 <= len(commands) <= 7:  # a bit each in an exit code of at most 255
        raise ValueError("run_together runs one to seven commands")
    lines = [f"{shlex.join(c)} </dev/null >/dev/null & p{i}=$!" for i, c in enumerate(commands[1:], 1)]
    lines += [f"{shlex.join(commands[0])} </dev/null", "failed=$(( $? != 0 ))"]
    lines += [f"wait $p{i} || failed=$(( failed | {1 << i} ))" for i in range(1, len(commands))]
    script = "\n".join([*lines, f"exit $(( {TOGETHER_EXIT} + failed ))"])
    done = _sandboxed(tool, ["sh", "-c", script], dirs, timeout, None, limits)
    failed = done.returncode - TOGETHER_EXIT
    if not 0 <= failed < 1 << len(commands):  # the shell never reached its end: nothing it ran counts
        raise ToolFailed(tool, f"failed with exit code {done.returncode}")
    return done.stdout, tuple(not failed >> i & 1 for i in range(len(commands)))


def _sandboxed(
    tool: str, args: list[str], dirs: list[Path], timeout: float, stdin: bytes | None, limits: ToolLimits
) -> subprocess.CompletedProcess:
    """Runs ``args`` in the tool sandbox (see :func:`run`); raises :class:`ToolFailed` when it could not run,
    did not finish in time, or left anything but plain files."""
    dirs = list(dict.fromkeys(Path(d).resolve() for d in dirs))
    shared = [d for d in dirs if not _own(d)]
    if shared:  # handed to the tool's identity: never a directory others use (/tmp) or not the job's
        raise ToolFailed(tool, "cannot run: it was given a directory that is not the job's own")
    if kernel.sandbox_disabled():
        return _finish(tool, dirs, _call(args, [], timeout, stdin, None, tool))
    if shutil.which("bwrap") is None or not seccomp.supported():
        raise ToolFailed(tool, "cannot run: the sandbox is not available on this machine")
    sandbox_limits = kernel.Limits(
        timeout_seconds=timeout,
        memory_mb=limits.memory_mb,
        file_size_mb=limits.file_size_mb,
        work_dir_mb=16,
        extra_processes=limits.processes,
    )
    cgroup = kernel.render_cgroup(sandbox_limits)
    if cgroup is None and not kernel.container_limits_accepted():
        raise ToolFailed(tool, "cannot run: no cgroup could be made for it")
    identity = kernel.host_identity()
    filter_fd = kernel.seccomp_filter_fd()
    init = kernel.SandboxInit()
    try:
        for directory in dirs:
            if identity is not None:
                os.chown(directory, identity, identity)  # its output goes here; nothing else of the host is its
        writable = tuple(str(d) for d in dirs)
        command = kernel.bwrap_arguments(filter_fd, sandbox_limits, identity, writable=writable) + init.arguments()
        command += ["--", *kernel.become(identity), *args]
        limited = kernel.preexec(sandbox_limits, cgroup, identity)
        done = _call(command, [filter_fd, init.fd], timeout, stdin, limited, tool)
    finally:
        os.close(filter_fd)
        os.close(init.fd)
        kernel.end(cgroup, init)
    return _finish(tool, dirs, done)


def _call(command, fds, timeout, stdin, preexec, name) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            command,
            capture_output=True,
            env=ENV,
            timeout=timeout,
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            preexec_fn=preexec,
            pass_fds=tuple(fds),
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolFailed(name, f"did not finish within {timeout:g} s") from None
    except OSError as e:
        raise ToolFailed(name, f"could not start ({type(e).__name__})") from None


def _finish(tool: str, dirs: list[Path], done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    planted = [p for d in dirs for p in _not_plain(d)]
    for path in planted:
        path.unlink(missing_ok=True)
    if planted:
        raise ToolFailed(tool, "left something other than plain files")
    return done


def _own(directory: Path) -> bool:
    """A directory of this process's, or of a sandbox identity it handed it to, that only its owner may write."""
    info = directory.stat()
    return info.st_uid in (os.geteuid(), kernel.host_identity()) and not info.st_mode & 0o022


def _not_plain(directory: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = Path(root, name)
            mode = path.lstat().st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append(path)
    return found
