"""Cut-off code (a model's answer that ran out of length) is told from an ordinary syntax error."""

from __future__ import annotations

import json

import pytest

from manimrender.checking import check_code
from manimrender.truncation import detect
from test_check_cli import check

HEAD = "from manim import *\n\nclass A(Scene):\n    def construct(self):\n"

CUT = {
    "open_call": HEAD + "        self.play(Create(Circle()),\n",
    "open_nested_call": HEAD + "        self.play(Create(Circle()),\n                  Write(Text('a'",
    "open_list": HEAD + "        dots = [Dot(), Dot(),",
    "open_dict": HEAD + "        colors = {'a': RED,\n                  'b':",
    "no_body": HEAD,
    "no_body_of_for": HEAD + "        for i in range(3):\n",
    "triple_quoted": HEAD + '        t = Tex(r"""\\begin{align}x',
    "trailing_operator": HEAD + "        x = 1 +",
    "trailing_dot": HEAD + "        c = Circle().",
    "trailing_keyword": HEAD + "        c = Circle(radius=",
    "open_string": HEAD + "        t = Text('hello wor",
    "trailing_backslash": HEAD + "        x = 1 + \\",
    "fenced_open_call": "```python\n" + HEAD + "        self.play(",
}
NOT_CUT = {
    "complete": HEAD + "        self.play(Create(Circle()))\n",
    "missing_colon": "from manim import *\nclass A(Scene)\n    def construct(self):\n        pass\n",
    "doubled_equals": HEAD + "        x = = 1\n        self.wait()\n",
    "unclosed_then_more": HEAD + "        x = [1, 2\n    def other(self):\n        pass\n",
    "prose": "I cannot draw that, but the derivative of x^2 is 2x.",
    "prose_with_comma": "Here is the scene, with",
    "bad_indent_mid": HEAD + "        x = 1\n          y = 2\n        self.wait()\n",
}


@pytest.mark.parametrize("name", sorted(CUT))
def test_cut_off_code_is_detected_at_its_end(name):
    code = CUT[name]
    found = detect(code.replace("```python\n", ""))
    assert found is not None, name
    assert found.line == len(code.replace("```python\n", "").rstrip().split("\n"))
    assert "cut off" in found.message()


@pytest.mark.parametrize("name", sorted(NOT_CUT))
def test_ordinary_syntax_errors_are_not_called_cut_off(name):
    assert detect(NOT_CUT[name]) is None


def test_check_reports_truncated_with_the_line():
    answer, _ = check_code(CUT["open_call"])
    assert answer["ok"] is False and answer["truncated"] is True
    assert answer["error"]["line"] == 5 and "cut off" in answer["error"]["message"]
    answer, _ = check_code(NOT_CUT["doubled_equals"])
    assert "truncated" not in answer and "syntax error" in answer["error"]["message"]


def test_the_check_command_says_truncated():
    code, out = check(CUT["fenced_open_call"])
    answer = json.loads(out)
    assert code == 1 and answer["truncated"] is True and "ask for the rest" in answer["error"]["message"]


def test_the_render_says_cut_off(render):
    result = render(CUT["open_call"]).result
    assert result["outcome"] == "invalid_code" and "cut off" in result["message"] and result["line"] == 5
