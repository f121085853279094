"""The parent's tools on untrusted data (ffprobe, ffmpeg, espeak-ng) run in a sandbox of their own: a tool
that a crafted file takes over is still nobody, limited, and hands back nothing but plain files."""

from __future__ import annotations

import os
import uuid

import pytest

from host_state import HostState, processes_with, sandbox_processes
from manimrender import sandbox, toolbox


@pytest.fixture
def job_dir(tmp_path):
    directory = tmp_path / "out"
    directory.mkdir(mode=0o755)
    return directory


def test_a_tool_is_nobody_on_the_host_and_sees_only_its_directories(job_dir):
    (job_dir / "in.txt").write_text("data")
    script = "id -u; ls /; cat in.txt; echo made > out.txt; cat /proc/net/dev | tail -n +3 | cut -d: -f1"
    out = toolbox.run(["sh", "-c", f"cd {job_dir} && {script}"], [job_dir]).decode().split()
    expected_uid = sandbox.HOST_ID_BASE + os.getpid() if os.geteuid() == 0 else 65534
    assert out[0] == str(expected_uid)
    assert "home" not in out and "data" in out and out[-1] == "lo"  # no network but its own loopback
    assert (job_dir / "out.txt").read_text() == "made\n"


def test_a_tool_that_takes_too_much_memory_is_stopped(job_dir):
    before = HostState.read()
    with pytest.raises(toolbox.ToolFailed, match="failed with exit code"):
        toolbox.run(["python3", "-c", "b = b'x' * (1500 << 20)"], [job_dir])
    before.assert_unchanged(job_dir)


def test_a_link_left_for_the_upload_is_removed_and_refused(job_dir):
    with pytest.raises(toolbox.ToolFailed, match="other than plain files"):
        toolbox.run(["ln", "-s", "/etc/passwd", str(job_dir / "video.mp4")], [job_dir])
    assert list(job_dir.iterdir()) == []


def test_a_tool_is_never_handed_a_shared_directory(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with pytest.raises(toolbox.ToolFailed, match="not the job's own"):
        toolbox.run(["true"], [shared])
    assert shared.stat().st_uid == os.geteuid()


def test_a_tool_that_never_ends_is_stopped(job_dir):
    with pytest.raises(toolbox.ToolFailed, match="did not finish within 1 s"):
        toolbox.run(["sleep", "30"], [job_dir], timeout=1)


def test_tools_run_together_in_one_sandbox_each_with_its_own_outcome(job_dir):
    """The probe and ffmpeg share one sandbox: the first command's output comes back, and each command's
    success apart (a failed copy must not pass for a good one, nor a failed probe)."""
    first = ["sh", "-c", f"echo probed; id -u > {job_dir}/first.txt"]
    second = ["sh", "-c", f"echo not returned; id -u > {job_dir}/second.txt; exit 3"]
    out, succeeded = toolbox.run_together([first, second, ["true"]], [job_dir])
    assert out == b"probed\n" and succeeded == (True, False, True)
    assert (job_dir / "first.txt").read_text() == (job_dir / "second.txt").read_text()  # one identity
    out, succeeded = toolbox.run_together([["false"], ["true"]], [job_dir])
    assert succeeded == (False, True)


def test_tools_run_together_count_for_nothing_when_their_sandbox_is_stopped(job_dir):
    with pytest.raises(toolbox.ToolFailed, match="did not finish within 1 s"):
        toolbox.run_together([["true"], ["sleep", "30"]], [job_dir], timeout=1)
    with pytest.raises(toolbox.ToolFailed, match="failed with exit code"):  # the shell itself killed
        toolbox.run_together([["sh", "-c", "kill -9 $PPID"], ["true"]], [job_dir])


def test_a_tool_without_a_cgroup_of_its_own_returns_only_once_what_it_started_is_gone(job_dir, monkeypatch):
    """As a render in a render pod (test_sandbox): what a taken-over tool left running, detached from its output,
    is gone when the tool's run returns."""
    monkeypatch.setenv(sandbox.CGROUP_MODE, "container")
    monkeypatch.setattr(sandbox, "render_cgroup", lambda limits: None)
    marker = f"left-running-{uuid.uuid4().hex}"
    loop = f"sh -c 'while :; do :; done' {marker} </dev/null >/dev/null 2>&1 &"
    toolbox.run(["sh", "-c", f"for i in $(seq 20); do {loop} done"], [job_dir])
    assert processes_with(marker) == [], "a process the tool started outlived its run"
    assert sandbox_processes() == [], "a process of the sandbox's identity outlived its run"
