"""Hostile scripts, one per escape route: each is rejected or stopped with a clear reason, in bounded time
and memory, and the side effect it tried never happens.

The first group is stopped by the static policy (through the whole pipeline, so nothing runs). The second
runs in the guarded child, most of it with the static check skipped (``run_unchecked``), to prove the
runtime guard (audit hook, builtins, resource limits, TeX's paranoid mode) holds on its own."""

from __future__ import annotations

import re
import socket

import pytest

from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.sandbox import Limits

SCENE = "class Hostile(Scene):\n    def construct(self):\n        self.add(Dot())\n        self.wait(0.2)\n"


def hostile(body: str) -> str:
    return "from manim import *\n" + body + "\n" + SCENE


# (id, code, reason words in the message, line)
STATIC = [
    ("import_os", "import os\nos.system('touch {marker}')", "importing 'os' is not allowed", 2),
    ("import_subprocess", "import subprocess", "importing 'subprocess'", 2),
    ("from_import_submodule", "from manim.utils.commands import capture", "importing 'manim.utils.commands'", 2),
    ("dunder_import", "m = __import__('os')", "double-underscore", 2),
    ("subclass_walk", "x = ().__class__.__base__.__subclasses__()", "double-underscore attributes", 2),
    ("getattr_trick", "x = getattr(Dot(), '__cla' + 'ss__')", "'getattr' is not allowed", 2),
    ("fullwidth_eval", "x = \uff45\uff56\uff41\uff4c('1+1')", "'eval' is not allowed", 2),
    ("exec_builtin", "exec('import os')", "'exec' is not allowed: it runs code built at run time", 2),
    ("open_builtin", "t = open('/etc/passwd').read()", "'open' is not allowed", 2),
    ("globals_walk", "b = globals()['__builtins__']", "'globals' is not allowed", 2),
    ("stdin_read", "name = input()", "'input' is not allowed", 2),
    ("breakpoint", "breakpoint()", "'breakpoint' is not allowed", 2),
    (
        "numpy_ctypes",
        "lib = np.ctypeslib.load_library('libc', '/lib')",
        "the attribute 'load_library' is not allowed",
        2,
    ),
    ("numpy_fromfile", "a = np.fromfile('/etc/passwd', dtype=np.uint8)", "'fromfile' is not allowed", 2),
    ("numpy_save", "np.save('{marker}', np.zeros(3))", "'save' is not allowed", 2),
    ("manim_capture", "capture(['touch', '{marker}'])", "'capture' is not allowed: it runs commands", 2),
    (
        "manim_module_walk",
        "utils.file_ops.os.system('touch {marker}')",
        "the attribute 'system' is not allowed: it reaches the operating system",
        2,
    ),
    ("tex_input", "t = MathTex(r'\\input{{/etc/passwd}}')", "TeX command '\\\\input' is not allowed", 2),
    ("tex_write18", "t = Tex(r'\\immediate\\write18{{touch {marker}}}')", "TeX command '\\\\immediate'", 2),
    ("tex_caret_escape", "t = MathTex('^^5cinput{{/etc/passwd}}')", "TeX command '^^'", 2),
    ("svg_system_file", "s = SVGMobject('/etc/passwd')", "SVGMobject(...) reads a file, which is not allowed", 2),
    ("code_file", "c = Code(code_file='/etc/passwd')", "Code(...) may not read a file", 2),
    ("image_file", "i = ImageMobject('/etc/shadow')", "ImageMobject(...) may not read a file", 2),
    ("config_write", "config.media_dir = '{outside}'", "changing Manim's config is not allowed", 2),
    ("config_alias", "c = config\nc.media_dir = '{outside}'", "changing Manim's config is not allowed", 2),
    ("tempconfig", "with tempconfig({{'media_dir': '{outside}'}}):\n    pass", "'tempconfig' is not allowed", 2),
    ("socket_import", "import socket\nsocket.create_connection(('127.0.0.1', 9))", "importing 'socket'", 2),
    ("env_read", "import os\nk = os.environ", "importing 'os'", 2),
    ("time_sleep", "import time\ntime.sleep(10**9)", "importing 'time'", 2),
    ("star_numpy", "from numpy import *", "'from numpy import *' is not allowed", 2),
    (
        "add_sound",
        "class S(Scene):\n    def construct(self):\n        self.add_sound('/etc/passwd')",
        "'add_sound' is not allowed",
        4,
    ),
    ("format_dunder", "s = '{{0.__class__}}'.format(1)", "format fields may not reach attributes", 2),
]


@pytest.mark.parametrize("name,body,reason,line", STATIC, ids=[s[0] for s in STATIC])
def test_static_policy_rejects_with_line_and_reason(name, body, reason, line, render, tmp_path):
    marker = tmp_path / "pwned"
    outside = tmp_path / "outside"
    produced = render(hostile(body.format(marker=marker, outside=outside)))
    result = produced.result
    assert result["outcome"] == "invalid_code", result
    assert reason in result["message"]
    assert result["line"] == line and result["message"].startswith(f"line {line}: ")
    assert produced.video is None
    assert not marker.exists() and not outside.exists()


def test_oversized_file_is_rejected(render):
    produced = render(hostile("x = 1  # " + "a" * 60_000))
    assert produced.result["outcome"] == "invalid_code"
    assert "at most 50 KB is allowed" in produced.result["message"]


# --- runtime guard -------------------------------------------------------------------------------------


def unchecked_scene(body: str) -> str:
    """A scene whose construct() runs ``body`` (indented by the caller's dedent-friendly layout)."""
    lines = "\n".join("        " + line for line in body.strip("\n").split("\n"))
    return "from manim import *\nclass Hostile(Scene):\n    def construct(self):\n" + lines + "\n"


def test_shell_command_through_manims_own_os_module_is_refused(run_unchecked, tmp_path):
    marker = tmp_path / "pwned"
    outcome = run_unchecked(unchecked_scene(f"utils.file_ops.os.system('touch {marker}')"))
    assert outcome.outcome == "render_error"
    assert "tried to run a shell command" in outcome.message and outcome.line == 4
    assert not marker.exists()


def test_subclass_walk_to_os_system_is_refused(run_unchecked, tmp_path):
    marker = tmp_path / "pwned"
    outcome = run_unchecked(
        unchecked_scene(
            "wrap = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]\n"
            f"wrap.__init__.__globals__['system']('touch {marker}')"
        )
    )
    assert outcome.outcome == "render_error" and "run a shell command" in outcome.message
    assert not marker.exists()


def test_manim_helper_that_runs_commands_is_refused(run_unchecked, tmp_path):
    marker = tmp_path / "pwned"
    outcome = run_unchecked(unchecked_scene(f"utils.commands.capture(['touch', '{marker}'])"))
    assert "tried to run the program touch" in outcome.message
    assert not marker.exists()


def test_process_storm_is_refused(run_unchecked):
    outcome = run_unchecked(unchecked_scene("while True:\n    utils.file_ops.os.fork()"))
    assert outcome.outcome == "render_error" and "fork the process" in outcome.message


def test_signal_to_the_parent_is_refused(run_unchecked):
    outcome = run_unchecked(unchecked_scene("utils.file_ops.os.kill(utils.file_ops.os.getppid(), 9)"))
    assert "send a signal to a process" in outcome.message


def test_numpy_ctypes_is_refused(run_unchecked, tmp_path):
    marker = tmp_path / "pwned"
    outcome = run_unchecked(unchecked_scene(f"np.ctypeslib.ctypes.CDLL('libc.so.6').system(b'touch {marker}')"))
    assert outcome.outcome == "render_error" and "call native code" in outcome.message
    assert not marker.exists()


def test_numpy_file_write_outside_the_work_dir_is_refused(run_unchecked, tmp_path):
    target = tmp_path / "outside.txt"
    outcome = run_unchecked(unchecked_scene(f"np.savetxt('{target}', [1, 2, 3])"))
    assert outcome.outcome == "render_error" and str(tmp_path) not in outcome.message
    assert not target.exists()


def test_reading_a_system_file_with_a_manim_class_is_refused(run_unchecked):
    outcome = run_unchecked(unchecked_scene("self.add(ImageMobject('/etc/passwd'))"))
    assert outcome.outcome == "render_error" and "/etc" not in outcome.message
    assert "root:" not in outcome.message


def test_code_class_on_a_system_file_is_refused(run_unchecked):
    outcome = run_unchecked(unchecked_scene("self.add(Code(code_file='/etc/passwd'))"))
    assert outcome.outcome == "render_error" and "/etc" not in outcome.message and "root:" not in outcome.message


def test_symlink_out_of_the_work_dir_is_refused(run_unchecked):
    outcome = run_unchecked(unchecked_scene("utils.file_ops.os.symlink('/etc/passwd', 'passwd')"))
    assert "create a symbolic link" in outcome.message


def test_config_tampering_cannot_move_the_output(run_unchecked, tmp_path):
    outside = tmp_path / "elsewhere"
    code = f"from manim import *\nconfig.media_dir = '{outside}'\n" + SCENE
    run_unchecked(code)  # the output lands inside the sandbox's own /tmp, if anywhere
    assert not outside.exists()


def test_socket_connection_is_refused(run_unchecked):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        port = server.getsockname()[1]
        outcome = run_unchecked(
            unchecked_scene(
                "sock = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'socket'][0]\n"
                f"sock().connect(('127.0.0.1', {port}))"
            )
        )
        assert "use the network" in outcome.message
        with pytest.raises(BlockingIOError):
            server.accept()


def test_secrets_in_the_parents_environment_never_reach_the_scene(run_unchecked, monkeypatch):
    secret = "s3cr3t-presigned-token-4711"
    monkeypatch.setenv("MANIMRENDER_VIDEO_PUT_URL", f"http://127.0.0.1:9/video?X-Amz-Signature={secret}")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    outcome = run_unchecked(unchecked_scene("raise ValueError(' '.join(utils.file_ops.os.environ.values()))"))
    assert outcome.outcome == "render_error" and "ValueError" in outcome.message
    assert secret not in outcome.message


def test_the_parents_proc_environ_is_refused(run_unchecked):
    outcome = run_unchecked(
        unchecked_scene("pid = utils.file_ops.os.getppid()\nutils.file_ops.Path(f'/proc/{pid}/environ').read_bytes()")
    )
    assert "tried to read environ" in outcome.message and outcome.line == 5


def test_stdin_is_closed(run_unchecked):
    outcome = run_unchecked(
        unchecked_scene("data = utils.file_ops.os.read(0, 100)\nraise ValueError(f'stdin gave {len(data)} bytes')")
    )
    assert outcome.message == "ValueError: stdin gave 0 bytes"


def test_builtins_removed_at_run_time(run_unchecked, tmp_path):
    outcome = run_unchecked(unchecked_scene(f"open('{tmp_path / 'x'}', 'w')"))
    assert outcome.message == "NameError: name 'open' is not defined"
    outcome = run_unchecked("from manim import *\nimport os\n" + SCENE)
    assert "ImportError: importing 'os' is not allowed" in outcome.message


def test_runtime_built_tex_input_is_refused_by_paranoid_tex(render, tmp_path):
    secret = tmp_path / "outside" / "secret.tex"
    secret.parent.mkdir()
    secret.write_text("TOPSECRET4711")
    code = hostile(f"t = MathTex(chr(92) + 'input{{{secret.with_suffix('')}}}')").replace(
        "self.add(Dot())", "self.add(t)"
    )
    produced = render(code)
    assert produced.result["outcome"] == "render_error", produced.result
    assert "TOPSECRET" not in produced.result["message"]
    sandbox = tmp_path / "work" / "sandbox"
    for path in sandbox.rglob("*"):
        if path.is_file():
            assert b"TOPSECRET" not in path.read_bytes(), path


def test_runtime_built_write18_does_not_run(render, tmp_path):
    marker = tmp_path / "pwned"
    code = hostile(f"t = MathTex(chr(92) + 'immediate' + chr(92) + 'write18{{touch {marker}}} x')").replace(
        "self.add(Dot())", "self.add(t)"
    )
    render(code)
    assert not marker.exists()


def test_endless_loop_hits_the_cpu_limit(render):
    produced = render(
        hostile("").replace("self.add(Dot())", "while True:\n            pass"),
        limits=Limits(timeout_seconds=60, cpu_seconds=4, memory_mb=1536),
    )
    assert produced.result["outcome"] == "resource_limit"
    assert "more than the 4 seconds of CPU time allowed (stopped after " in produced.result["message"]
    assert produced.result["renderSeconds"] < 30


def test_endless_sleep_hits_the_wall_clock_limit(run_unchecked):
    outcome = run_unchecked(
        unchecked_scene("utils.file_ops.time.sleep(10**6)"), limits=Limits(timeout_seconds=6, memory_mb=1536)
    )
    assert outcome.outcome == "timeout" and "longer than the 6 seconds" in outcome.message
    assert outcome.render_seconds < 20


def test_a_render_stopped_by_the_wall_clock_names_the_limit_and_the_time(tmp_path):
    code = unchecked_scene("self.add(Dot())\nself.wait(0.2)\nutils.file_ops.time.sleep(600)")
    settings = RenderSettings(limits=Limits(timeout_seconds=6, memory_mb=1536))
    produced = RenderPipeline(settings, tmp_path / "work", python_layers=False).run(code)
    assert produced.result["outcome"] == "timeout", produced.result
    stopped = re.fullmatch(
        r"rendering took longer than the 6 seconds allowed \(stopped after ([0-9.]+) s\)", produced.result["message"]
    )
    assert stopped and 6 <= float(stopped[1]) < 20


def test_endless_wait_stops_at_the_maximum_duration(render):
    produced = render(
        hostile("").replace("self.add(Dot())", "self.add(Dot())\n        self.wait(10**9)"), max_duration_seconds=5
    )
    assert produced.result["outcome"] == "timeout"
    assert "longer than the 5 seconds allowed" in produced.result["message"]


def test_waiting_in_a_loop_stops_at_the_maximum_duration(render):
    produced = render(
        hostile("").replace("self.add(Dot())", "while True:\n            self.wait(1)"), max_duration_seconds=3
    )
    assert produced.result["outcome"] == "timeout"
    assert produced.result["renderSeconds"] < 60


def test_memory_bomb_hits_the_memory_limit(render):
    produced = render(
        hostile("").replace("self.add(Dot())", "block = bytearray(16 * 1024 ** 3)"),
        limits=Limits(timeout_seconds=60, memory_mb=1200),
    )
    assert produced.result["outcome"] == "resource_limit"
    assert "more memory than allowed" in produced.result["message"] and produced.result["line"] == 5


def test_huge_file_hits_the_file_size_limit(run_unchecked):
    outcome = run_unchecked(
        unchecked_scene("f = utils.file_ops.Path('big.bin').open('wb')\nwhile True:\n    f.write(bytes(1 << 20))"),
        limits=Limits(timeout_seconds=60, memory_mb=1536, file_size_mb=8),
    )
    assert outcome.outcome == "resource_limit" and "wrote more data than allowed" in outcome.message
