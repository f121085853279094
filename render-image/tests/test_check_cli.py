"""The ``check`` command's JSON contract (used by the Java codegen Job): standard library only."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from conftest import SRC

GOOD = (
    "from manim import *\n"
    "class A(Scene):\n    def construct(self):\n        self.wait()\n"
    "class B(Scene):\n    def construct(self):\n        self.wait()\n"
)


def check(code: str, *args: str) -> tuple[int, str]:
    # -S: no site-packages, so manim (or anything else installed) cannot be imported.
    done = subprocess.run(
        [sys.executable, "-S", "-m", "manimrender", "check", *args],
        input=code,
        text=True,
        capture_output=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    return done.returncode, done.stdout


def test_valid_code_gives_ok_scene_and_hash_of_the_repaired_code():
    code, out = check("```python\n" + GOOD + "```\n")
    assert code == 0 and out.count("\n") == 1
    answer = json.loads(out)
    assert answer["ok"] is True and answer["scene"] == "B"
    assert answer["code"] == GOOD
    assert answer["sha256"] == hashlib.sha256(GOOD.encode()).hexdigest()
    assert answer["repairs"] == ["removed the markdown code fences around the code"]


def test_named_scene_is_chosen():
    code, out = check(GOOD, "--scene", "A")
    assert code == 0 and json.loads(out)["scene"] == "A"


def test_unknown_scene_is_an_error():
    code, out = check(GOOD, "--scene", "C")
    answer = json.loads(out)
    assert code == 1 and answer["ok"] is False
    assert answer["error"]["message"] == "there is no scene named 'C'; the code defines A, B"


def test_rejection_names_line_and_column_of_the_repaired_code():
    code, out = check("class A(Scene):\n    def construct(self):\n        x = eval('1')\n")
    answer = json.loads(out)
    assert code == 1 and answer["ok"] is False
    assert answer["code"].startswith("from manim import *\n")
    assert answer["error"] == {
        "message": "line 4: 'eval' is not allowed: it runs code built at run time",
        "line": 4,
        "column": 13,
    }
    assert answer["repairs"] == ["added the missing 'from manim import *'"]


def test_syntax_error_has_line_and_column():
    code, out = check("from manim import *\nclass A(Scene):\n    def construct(self)\n        pass\n")
    error = json.loads(out)["error"]
    assert code == 1 and error["line"] == 3 and error["column"] >= 1 and "syntax error" in error["message"]


def test_allowed_constructs_pass():
    allowed = """from manim import *
import numpy as np
from math import sin, pi
import random
class Ok(ThreeDScene):
    def construct(self):
        w = config.frame_width
        d = Dot().save_state()
        img = ImageMobject(np.zeros((4, 4, 3), dtype=np.uint8))
        code = Code(code_string="print(1)", language="python")
        self.play(d.animate.shift(RIGHT * w / 4 * sin(pi / 2)), run_time=random.uniform(0.5, 1))
"""
    code, out = check(allowed)
    assert code == 0, out


def test_pathological_nesting_is_rejected_not_crashed():
    code, out = check("from manim import *\nx = " + "+".join(["1"] * 20000) + "\nclass A(Scene):\n    pass\n")
    assert code == 1 and json.loads(out)["error"] == {"message": "the code is nested too deeply to check"}


def test_huge_input_is_rejected_by_size():
    code, out = check("```python\n" + "# filler\n" * 200_000 + "```")
    assert code == 1 and "at most 50 KB is allowed" in json.loads(out)["error"]["message"]
