"""The kernel boundary itself (bubblewrap + seccomp + limits), observed from inside with the Python layers off:
what the scene sees of the machine, and that the render fails closed when the sandbox cannot be set up."""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from host_state import processes_with, render_cgroups, sandbox_processes
from manimrender import sandbox
from manimrender.sandbox import Limits, RenderRequest, run_guarded

PROBE = """
from manim import *
import ctypes, json, os, socket, time
def attempt(action):
    try:
        action()
        return "allowed"
    except OSError as e:
        return e.errno
libc = ctypes.CDLL(None, use_errno=True)
def unshare_user():
    if libc.unshare(0x10000000) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
def ptrace_me():
    if libc.ptrace(0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "ptrace")
class Probe(Scene):
    def construct(self):
        facts = {
            "hostname": os.uname().nodename,
            "uid": os.getuid(),
            "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
            "status": {k: v.strip() for k, v in (l.split(":", 1) for l in open("/proc/self/status")
                       if l.startswith(("CapEff", "CapBnd", "NoNewPrivs", "Seccomp:")))},
            "inet": attempt(lambda: socket.socket(socket.AF_INET)),
            "netlink": attempt(lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)),
            "unix": attempt(lambda: socket.socket(socket.AF_UNIX).close()),
            "mknod": attempt(lambda: os.mknod("fifo")),
            "unshare": attempt(unshare_user),
            "ptrace": attempt(ptrace_me),
            "write_usr": attempt(lambda: open("/usr/pwned", "w")),
            "write_root": attempt(lambda: open("/pwned", "w")),
            "root": sorted(os.listdir("/")),
            "env": sorted(os.environ),
            "interfaces": [l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]],
            "uid_map": open("/proc/self/uid_map").read().split(),
            "core_pattern": attempt(lambda: open("/proc/sys/kernel/core_pattern", "w").write("|/bin/true")),
            "sysrq": attempt(lambda: open("/proc/sysrq-trigger", "w").write("h")),
            "masked": {p: attempt(lambda: open(p).read(1)) for p in ("/proc/timer_list", "/proc/slabinfo",
                       "/proc/keys", "/proc/kpageflags", "/proc/kallsyms") if os.path.exists(p)},
            "ptmx": attempt(lambda: open("/dev/ptmx", "rb")),
            "sys": os.listdir("/sys") if os.path.isdir("/sys") else None,
        }
        print("FACTS" + json.dumps(facts), flush=True)  # stdout goes to the render log
        time.sleep(1.5)  # while the test reads who this process is on the host
        raise ValueError("probed")
"""


def run_probe(tmp_path) -> tuple[dict, set[int]]:
    """The outcome, and the host uids of the scene's process as seen from the host while it runs."""
    marker = f"# probe {uuid.uuid4().hex}"  # in the child's command line, with the code
    request = RenderRequest(
        textwrap.dedent(PROBE) + marker, "Probe", "low", "mp4", 5, tmp_path / "sandbox", python_layers=False
    )
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        render = pool.submit(run_guarded, request, Limits(timeout_seconds=60, memory_mb=1536))
        uids = set()
        while not render.done():
            uids |= host_uids_of(marker)
            time.sleep(0.05)
        return render.result(), uids


def host_uids_of(marker: str) -> set[int]:
    uids = set()
    for entry in os.scandir("/proc"):
        try:
            argv = Path(entry.path, "cmdline").read_bytes().split(b"\0") if entry.name.isdigit() else [b""]
            # the scene's interpreter, not bubblewrap's set-up (root until it hands over, trusted code)
            if Path(argv[0].decode()).name.startswith("python") and marker.encode() in argv[-2]:
                status = Path(entry.path, "status").read_text()
                uids |= {int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:")}
        except OSError:
            continue
    return uids


def test_the_scene_sees_a_sandbox_not_the_machine(tmp_path):
    outcome, host_uids = run_probe(tmp_path)
    assert outcome.outcome == "render_error" and outcome.message == "ValueError: probed", outcome
    log = (tmp_path / "sandbox" / "render.log").read_text()
    facts = json.loads(log.split("FACTS", 1)[1].splitlines()[0])
    assert facts["hostname"] == "sandbox"
    if os.geteuid() == 0:  # a service run as root: the child is a host uid of its own, no user namespace
        assert facts["uid"] == sandbox.HOST_ID_BASE + os.getpid() and facts["uid_map"] == ["0", "0", "4294967295"]
        assert host_uids == {sandbox.HOST_ID_BASE + os.getpid()}
    else:  # a service user: uid 65534 of its own user namespace, the service's uid on the host, never root
        assert facts["uid"] == 65534 and host_uids == {os.getuid()}
    assert facts["core_pattern"] in (13, 30) and facts["sysrq"] in (2, 13, 30)  # EACCES/EROFS (ENOENT: no such)
    assert all(errno_ in (13, 2) for errno_ in facts["masked"].values()), facts["masked"]  # hidden or unreadable
    assert facts["ptmx"] == 2  # no terminals: the devpts instance is covered
    assert facts["sys"] is None
    assert max(facts["pids"]) < 10  # a PID namespace of its own: bwrap's init and the child
    assert facts["status"]["CapEff"] == "0000000000000000" and facts["status"]["CapBnd"] == "0000000000000000"
    assert facts["status"]["NoNewPrivs"] == "1" and facts["status"]["Seccomp"] == "2"
    assert facts["inet"] == 97 and facts["netlink"] == 97 and facts["unix"] == "allowed"  # EAFNOSUPPORT
    assert facts["mknod"] == 1 and facts["unshare"] == 1 and facts["ptrace"] == 1  # EPERM
    assert facts["write_usr"] == 30 and facts["write_root"] == 30  # EROFS
    assert facts["interfaces"] == ["lo"]
    assert "render" in facts["root"] and "home" not in facts["root"] and "srv" not in facts["root"]
    assert not any(name.startswith(("MANIMRENDER_", "AWS_")) for name in facts["env"])


def test_without_bubblewrap_the_render_fails_closed(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on the PATH
    outcome = run_guarded(RenderRequest("from manim import *\n", "X", "low", "mp4", 5, tmp_path / "s"), Limits())
    assert outcome.outcome == "sandbox_unavailable"
    assert not (tmp_path / "s" / "raw.mp4").exists() or (tmp_path / "s" / "raw.mp4").stat().st_size == 0


def test_a_sandbox_that_cannot_be_set_up_fails_closed(tmp_path, monkeypatch):
    real = sandbox.bwrap_arguments
    monkeypatch.setattr(
        sandbox,
        "bwrap_arguments",
        lambda *args: real(*args) + ["--ro-bind", "/nonexistent-tree", "/x"],
    )
    outcome = run_guarded(RenderRequest("from manim import *\n", "X", "low", "mp4", 5, tmp_path / "s"), Limits())
    assert outcome.outcome == "sandbox_unavailable"
    assert outcome.message == "the render sandbox could not be set up"


TINY_SCENE = (
    "from manim import *\nclass A(Scene):\n    def construct(self):\n        self.add(Dot())\n        self.wait(0.2)\n"
)


def test_the_unsafe_development_mode_still_renders_and_warns(tmp_path, monkeypatch, capfd):
    monkeypatch.setenv(sandbox.UNSAFE_NO_SANDBOX, "1")
    outcome = run_guarded(RenderRequest(TINY_SCENE, "A", "low", "mp4", 5, tmp_path / "s"), Limits(timeout_seconds=60))
    assert outcome.outcome == "ok" and outcome.video.stat().st_size > 0
    assert "WITHOUT the kernel sandbox" in capfd.readouterr().err


LINKED_VENV_PARENT = """
import sys
from pathlib import Path
from manimrender.sandbox import Limits, RenderRequest, run_guarded
request = RenderRequest(sys.argv[2], "A", "low", "mp4", 5, Path(sys.argv[1]))
outcome = run_guarded(request, Limits(timeout_seconds=90))
print(outcome.outcome, outcome.message)
"""


def test_a_service_started_through_a_linked_venv_still_renders(tmp_path):
    """A checkout whose .venv is a link into another (a git worktree's) runs the service from the link's path;
    the sandbox binds the venv's real directory, and the render child must start from there."""
    linked = tmp_path / "checkout" / ".venv"
    linked.parent.mkdir()
    linked.symlink_to(os.path.realpath(sys.prefix))
    python = linked / "bin" / os.path.basename(sys.executable)
    done = subprocess.run(
        [str(python), "-c", LINKED_VENV_PARENT, str(tmp_path / "s"), TINY_SCENE],
        env={**os.environ, "PYTHONPATH": str(Path(sandbox.__file__).parent.parent)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    log = tmp_path / "s" / "render.log"
    assert done.stdout.strip() == "ok rendered", (done.stdout, done.stderr, log.exists() and log.read_text())


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_the_seccomp_program_is_well_formed(machine):
    from manimrender import seccomp

    program = seccomp.program(machine)
    assert len(program) % 8 == 0 and len(program) // 8 < 4096  # BPF_MAXINSNS
    for index in range(len(program) // 8):  # every jump lands inside the program
        code, jt, jf = program[index * 8], program[index * 8 + 2], program[index * 8 + 3]
        if code & 0x07 == 0x05:
            assert index + 1 + max(jt, jf) < len(program) // 8


SLEEPER = """
from manim import *
import time
class Sleeper(Scene):
    def construct(self):
        time.sleep(60)
"""

KILLED_PARENT = """
import sys
from pathlib import Path
from manimrender.sandbox import Limits, RenderRequest, run_guarded
run_guarded(RenderRequest(sys.argv[1], "Sleeper", "low", "mp4", 5, Path(sys.argv[2]), python_layers=False),
            Limits(timeout_seconds=90, memory_mb=1536))
"""


def test_a_parent_killed_mid_render_takes_its_sandbox_with_it(tmp_path):
    marker = f"# sleeper {uuid.uuid4().hex}"
    parent = subprocess.Popen(
        [sys.executable, "-c", KILLED_PARENT, textwrap.dedent(SLEEPER) + marker, str(tmp_path / "s")],
        env={**os.environ, "PYTHONPATH": str(Path(sandbox.__file__).parent.parent)},
    )
    deadline = time.monotonic() + 60
    while not host_uids_of(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert host_uids_of(marker), "the scene never started"
    # Taken while the render runs: once the parent is dead, another worker's render may already sweep them.
    stale = render_cgroups(parent.pid)
    assert stale, "the render had no cgroup for its killed parent to leave behind"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while host_uids_of(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not host_uids_of(marker), "the scene outlived its parent"
    run_probe(tmp_path / "next")  # the next render clears what the killed parent could not
    assert [c for c in stale if os.path.exists(c)] == []


LEAVES_RUNNING = """
import subprocess
for _ in range(20):  # detached: no pipe to the parent keeps it waiting for them
    subprocess.Popen(["sh", "-c", "while :; do :; done", "{marker}"], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
raise ValueError("left them running")
"""


def test_a_render_without_a_cgroup_of_its_own_returns_only_once_what_it_started_is_gone(tmp_path, monkeypatch):
    """In a render pod no cgroup of its own can be made (MANIMRENDER_CGROUP=container): only the end of the
    sandbox's PID namespace ends what the scene left running. The render returns once the kernel has ended all
    of it, not once bubblewrap has gone."""
    monkeypatch.setenv(sandbox.CGROUP_MODE, "container")
    monkeypatch.setattr(sandbox, "render_cgroup", lambda limits: None)  # as where the cgroup tree is read-only
    marker = f"left-running-{uuid.uuid4().hex}"
    code = LEAVES_RUNNING.format(marker=marker)
    request = RenderRequest(code, "X", "low", "mp4", 5, tmp_path / "s", python_layers=False)
    outcome = run_guarded(request, Limits(timeout_seconds=60, memory_mb=1536))
    assert outcome.outcome == "render_error", outcome
    assert processes_with(marker) == [], "a process the scene started outlived its render"
    assert sandbox_processes() == [], "a process of the sandbox's identity outlived its render"
