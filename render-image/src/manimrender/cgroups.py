"""A cgroup per render: limits that hold for the sandbox as a whole, not per process.

The memory controller counts everything the render's processes make the kernel hold (anonymous memory, shared
memory and memfd pages, the tmpfs work dir's pages, kernel memory such as inodes and dentries), so four
processes of 900 MB, a memfd beyond the address-space limit or a million empty files all meet one limit. The
pids controller caps processes and threads together; the cpu controller, where a quota is asked for, caps its
cores (no lower weight: under load that made renders slower than plain Manim). Made below this process's own
cgroup (cgroup v2 where it has the controllers, else
the v1 hierarchies), so a delegated cgroup (systemd's ``Delegate=``, a pod's cgroup namespace) is enough.

Where none can be made (an unprivileged service without a delegated cgroup, a pod whose cgroup file system is
read-only), :func:`make` says so, and the caller decides: fail closed, or accept the container's own limits.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass

MIB = 1024 * 1024
ROOT = "/sys/fs/cgroup"
V1_CONTROLLERS = ("memory", "pids", "cpu")


@dataclass(frozen=True)
class CgroupLimits:
    memory_bytes: int
    pids: int
    cpus: float | None = None  # a quota in cores; None: the machine's


class RenderCgroup:
    """One render's cgroup: a directory per hierarchy (one on cgroup v2, memory/pids/cpu on v1)."""

    def __init__(self, paths: dict[str, str], v2: bool):
        self.paths = paths  # controller (or "unified") -> directory
        self.v2 = v2

    def enter(self) -> None:
        """Moves the calling process in; runs in the forked child before the sandbox starts."""
        for path in dict.fromkeys(self.paths.values()):
            with open(f"{path}/cgroup.procs", "w") as f:
                f.write("0")

    def memory_killed(self) -> bool:
        """Whether the kernel's out-of-memory killer ended a process of the render."""
        path = self.paths.get("memory")
        if path is None:
            return False
        events = read(f"{path}/memory.events" if self.v2 else f"{path}/memory.oom_control")
        return any(line.split()[:1] == ["oom_kill"] and line.split()[1] != "0" for line in events.splitlines())

    def close(self) -> None:
        """Kills whatever is left and removes the directories (a process may still be dying: wait for it, in
        short steps, since the sandbox's last processes are usually gone within milliseconds)."""
        for path in dict.fromkeys(self.paths.values()):
            for _ in range(1000):
                try:
                    os.rmdir(path)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    for pid in read(f"{path}/cgroup.procs").split():
                        _kill(int(pid))
                    time.sleep(0.005)


def make(limits: CgroupLimits, name: str) -> RenderCgroup | None:
    """A new cgroup with the limits, or None where this process may make none. ``name`` is
    ``<prefix>-<pid>-<anything>``: cgroups a killed parent left (its pid gone) are removed on the way."""
    made = _make_v2(limits, name) or _make_v1(limits, name)
    if made is not None:
        _sweep(made, name.split("-", 1)[0])
    return made


def _sweep(made: RenderCgroup, prefix: str) -> None:
    """Removes siblings of ``made`` that a parent killed before its clean-up left (their processes went with
    the parent: bubblewrap dies with it; what is left, if anything, is killed)."""
    for path in set(made.paths.values()):
        base = os.path.dirname(path)
        for entry in os.listdir(base):
            parts = entry.split("-")
            if len(parts) >= 3 and parts[0] == prefix and parts[1].isdigit() and not _alive(int(parts[1])):
                RenderCgroup({"stale": f"{base}/{entry}"}, made.v2).close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _own(controller: str) -> str | None:
    """This process's cgroup in a hierarchy ("" for the v2 one), from /proc/self/cgroup."""
    for line in read("/proc/self/cgroup").splitlines():
        number, controllers, path = line.split(":", 2)
        if (controller == "" and number == "0" and controllers == "") or controller in controllers.split(","):
            return path
    return None


def _base(mount: str, own: str | None) -> str | None:
    """Where to make a child: the own cgroup under the mount, or the mount itself in a cgroup namespace."""
    if own is None or not os.path.isfile(f"{mount}/cgroup.procs"):
        return None
    for candidate in (f"{mount}{own.rstrip('/')}", mount):
        if os.path.isdir(candidate) and os.access(candidate, os.W_OK):
            return candidate
    return None


def _make_v2(limits: CgroupLimits, name: str) -> RenderCgroup | None:
    if not os.path.isfile(f"{ROOT}/cgroup.controllers"):
        return None  # /sys/fs/cgroup is not the unified hierarchy (v1 or hybrid)
    base = _base(ROOT, _own(""))
    if base is None or not {"memory", "pids"} <= set(read(f"{base}/cgroup.subtree_control").split()):
        return None
    path = _mkdir(f"{base}/{name}")
    if path is None:
        return None
    try:
        _write(path, "memory.max", limits.memory_bytes)
        _write(path, "memory.swap.max", 0, optional=True)
        _write(path, "pids.max", limits.pids)
        if limits.cpus:
            _write(path, "cpu.max", f"{int(limits.cpus * 100_000)} 100000", optional=True)
    except OSError:
        RenderCgroup({"unified": path}, True).close()
        return None
    return RenderCgroup({"unified": path, "memory": path}, True)


def _make_v1(limits: CgroupLimits, name: str) -> RenderCgroup | None:
    paths: dict[str, str] = {}
    for controller in V1_CONTROLLERS if limits.cpus else V1_CONTROLLERS[:2]:
        base = _base(f"{ROOT}/{controller}", _own(controller))
        path = _mkdir(f"{base}/{name}") if base else None
        if path is None:
            if controller == "cpu":
                continue  # a quota this machine cannot apply; memory and pids are the limits
            RenderCgroup(paths, False).close()
            return None
        paths[controller] = path
    try:
        _write(paths["memory"], "memory.limit_in_bytes", limits.memory_bytes)
        _write(paths["memory"], "memory.memsw.limit_in_bytes", limits.memory_bytes, optional=True)
        _write(paths["pids"], "pids.max", limits.pids)
        if "cpu" in paths:
            _write(paths["cpu"], "cpu.cfs_quota_us", int(limits.cpus * 100_000))
    except OSError:
        RenderCgroup(paths, False).close()
        return None
    return RenderCgroup(paths, False)


def _mkdir(path: str) -> str | None:
    try:
        os.mkdir(path, 0o755)
        return path
    except OSError:
        return None


def _write(path: str, name: str, value, optional: bool = False) -> None:
    try:
        with open(f"{path}/{name}", "w") as f:
            f.write(str(value))
    except OSError:
        if not optional:  # a file this kernel lacks (swap accounting off) or a value it refuses
            raise


def read(path: str) -> str:
    """A kernel file's text; empty where it is missing or unreadable."""
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
