"""Attacks on what the kernel sandbox is as a whole: its identity on the host, its view of /proc, and limits
that must hold for all of its processes together. Each runs with every layer and with the static policy and
the runtime guard off (``python_layers=False``), as root and (run-tests.sh's second pass) as a service user.

After each, the host is read, not the render's word: no kernel setting changed, no setuid or setgid file,
no process of the sandbox's identity, no render cgroup, no terminal taken, shared memory given back."""

from __future__ import annotations

import json
import os
import re
import textwrap
import uuid
from pathlib import Path

import pytest

from host_state import HostState
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.sandbox import Limits
from test_hostile_kernel import SCENE_TAIL, tree_size

LIMITS = Limits(timeout_seconds=90, memory_mb=1536, file_size_mb=64, work_dir_mb=256)
ROOT = os.geteuid() == 0

ATTACKS = {
    # the kernel runs a core_pattern pipe as host root, outside every namespace; the rest are host-wide too
    "host_sysctls_and_a_core_dump": """
import os, signal
for name, value in (("kernel/core_pattern", "|/bin/sh -c 'touch {target}'"), ("kernel/randomize_va_space", "0"),
        ("kernel/pid_max", "32768"), ("kernel/panic_on_oops", "1"), ("fs/protected_symlinks", "0"),
        ("kernel/poweroff_cmd", "/bin/true"), ("kernel/modprobe", "/render/x"), ("kernel/hostname", "pwned")):
    try:
        with open("/proc/sys/" + name, "w") as f:
            f.write(value)
    except OSError:
        pass
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGSEGV)
os.waitpid(pid, 0)
""",
    "root_only_kernel_files": """
loot = []
for name in ("slabinfo", "kpageflags", "timer_list", "sched_debug", "keys", "vmallocinfo", "1/environ"):
    try:
        loot.append(open("/proc/" + name, "rb").read(4096).decode(errors="replace"))
    except OSError:
        pass
print("LOOT", loot, flush=True)
raise ValueError("read: " + " ".join(loot)[:2000])
""",
    # every descriptor it holds and every file it made, made setuid and setgid
    "setuid_bits_on_what_it_holds": """
import os
for fd in range(64):
    try:
        os.fchmod(fd, 0o6777)
    except OSError:
        pass
with open("suid", "w") as f:
    f.write("#!/bin/sh\\nid\\n")
for root, dirs, files in os.walk("/render"):
    for name in dirs + files:
        try:
            os.chmod(os.path.join(root, name), 0o6777)
        except OSError:
            pass
""",
    # shared-memory pages beyond the address-space limit and the work dir's size
    "memfd_beyond_every_limit": """
import os
chunk = bytes(60 << 20)  # each under the file-size limit, together over every other
fds = []
for i in range(48):
    fd = os.memfd_create(f"hoard-{{i}}")
    os.write(fd, chunk)
    fds.append(fd)
raise ValueError("held 2.8 GB of shared memory")
""",
    "four_processes_of_900_mb": """
import os, time
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        block = b"x" * (900 << 20)
        time.sleep(20)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
raise ValueError("four processes held 3.6 GB")
""",
    "a_million_empty_files": """
made = 0
try:
    while made < 1_000_000:
        open(f"/render/tmp/f{{made}}", "w").close()
        made += 1
except OSError:
    pass
raise ValueError(f"made {{made}} files")
""",
    "a_thousand_terminals": """
import os
opened = 0
try:
    while opened < 1000:
        os.openpty()
        opened += 1
except OSError:
    pass
raise ValueError(f"opened {{opened}} terminals")
""",
    "inotify_and_queued_signals": """
import ctypes, os, signal
libc = ctypes.CDLL(None, use_errno=True)
watchers = 0
while watchers < 100_000 and libc.inotify_init1(0) >= 0:
    watchers += 1
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])
queued = 0
while queued < 100_000 and libc.sigqueue(os.getpid(), int(signal.SIGRTMIN), 0) == 0:
    queued += 1
raise ValueError(f"{{watchers}} inotify instances, {{queued}} signals queued")
""",
    # the same bytes written again and again: a file-size cap alone let 4 GB reach the host disk
    "4_gb_through_the_output": """
import json, os, sys
spec = json.loads(sys.argv[1])
chunk = bytes(1 << 20)
for _ in range(4096):
    try:
        os.write(spec["output_fd"], chunk)
    except OSError:
        break
""",
}


@pytest.mark.parametrize("layers", ["all", "kernel_only"])
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_sandbox_holds_as_a_whole(attack, layers, tmp_path):
    before = HostState.read()
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / f"pwned-{uuid.uuid4().hex}"
    code = "from manim import *\n" + textwrap.dedent(ATTACKS[attack]).format(target=target) + SCENE_TAIL
    work = tmp_path / "work"
    pipeline = RenderPipeline(
        RenderSettings(max_duration_seconds=4, limits=LIMITS), work, python_layers=layers == "all"
    )
    result = pipeline.run(code).result

    before.assert_unchanged(tmp_path)
    assert not target.exists() and list(outside.iterdir()) == []
    texts = json.dumps(result) + _log(work)
    assert "slabinfo - version" not in texts and "Timer List" not in texts and "MANIMRENDER" not in texts
    assert tree_size(work) <= (LIMITS.file_size_mb + 1) * 1024 * 1024
    if layers == "all":
        assert result["outcome"] in ("invalid_code", "render_error", "resource_limit"), result
        return
    message = result["message"]
    if attack in ("memfd_beyond_every_limit", "four_processes_of_900_mb"):
        assert result["outcome"] == "resource_limit" and "memory" in message, result
    elif attack == "a_million_empty_files":
        made = int(re.search(r"made (\d+) files", message).group(1))
        assert made <= (LIMITS.work_dir_files if ROOT else 1_000_000)
    elif attack == "a_thousand_terminals":
        assert "opened 0 terminals" in message, result
    elif attack == "inotify_and_queued_signals":
        queued = int(re.search(r"(\d+) signals queued", message).group(1))
        assert queued <= 256, result
    elif attack == "4_gb_through_the_output":
        assert result["outcome"] == "resource_limit" and f"{LIMITS.file_size_mb} MB" in message, result


def _log(work: Path) -> str:
    log = work / "sandbox" / "render.log"
    return log.read_text(errors="replace") if log.exists() else ""
