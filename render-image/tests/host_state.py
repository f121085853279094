"""What a hostile render must leave of the host as it found it, read from the host itself after the render:
its kernel settings, no process of a sandbox identity, no cgroup of a render, no setuid or setgid file, and
shared memory back near where it was. (Terminals: the host's count moves with everything else on the machine,
so the terminal attack reads how many the sandbox could open, which must be none.)"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from manimrender import cgroups
from manimrender.sandbox import HOST_ID_BASE

SYSCTLS = (
    "kernel/core_pattern",
    "kernel/core_uses_pid",
    "kernel/randomize_va_space",
    "kernel/pid_max",
    "kernel/panic_on_oops",
    "kernel/poweroff_cmd",
    "kernel/modprobe",
    "kernel/hostname",
    "kernel/domainname",
    "fs/protected_symlinks",
    "fs/protected_hardlinks",
    "fs/suid_dumpable",
    "vm/overcommit_memory",
    "net/ipv4/ip_forward",
)
SHMEM_SLACK_KB = 512 * 1024  # other test workers' renders have tmpfs work dirs of their own


@dataclass(frozen=True)
class HostState:
    sysctls: dict
    shmem_kb: int

    @staticmethod
    def read() -> HostState:
        return HostState(
            {name: cgroups.read(f"/proc/sys/{name}") for name in SYSCTLS},
            _meminfo("Shmem"),
        )

    def assert_unchanged(self, *trees: Path) -> None:
        after = HostState.read()
        assert after.sysctls == self.sysctls, "a host kernel setting changed"
        assert after.shmem_kb <= self.shmem_kb + SHMEM_SLACK_KB, f"shared memory left: {after.shmem_kb} kB"
        assert sandbox_processes() == [], "a process of a sandbox identity outlived its render"
        assert render_cgroups() == [], "a render's cgroup was left behind"
        for tree in trees:
            assert setuid_files(tree) == [], "a setuid or setgid file appeared"


def sandbox_processes() -> list[int]:
    """Processes of the identity this process's renders run as (other workers render at the same time)."""
    identity, found = HOST_ID_BASE + os.getpid(), []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == identity:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def processes_with(marker: str) -> list[int]:
    """Processes whose command line holds ``marker`` (a test's tag on what the code it renders starts)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(int(entry.name))
            except OSError:
                continue
    return found


def render_cgroups(pid: int | None = None) -> list[str]:
    """Cgroups of renders of this process, or of ``pid`` (other workers render at the same time)."""
    mine = f"manimrender-{pid or os.getpid()}-"
    found = []
    for controller in (*cgroups.V1_CONTROLLERS, ""):
        own = cgroups._own(controller)
        if own is None:
            continue
        for base in {f"{cgroups.ROOT}/{controller}".rstrip("/") + own.rstrip("/"), f"{cgroups.ROOT}/{controller}"}:
            if os.path.isdir(base):
                found += [f"{base}/{name}" for name in os.listdir(base) if name.startswith(mine)]
    return found


def setuid_files(tree: Path) -> list[str]:
    if not tree.exists():
        return []
    return [
        str(p)
        for p in [tree, *tree.rglob("*")]
        if not p.is_symlink() and p.lstat().st_mode & (stat.S_ISUID | stat.S_ISGID)
    ]


def _meminfo(field: str) -> int:
    for line in cgroups.read("/proc/meminfo").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0
