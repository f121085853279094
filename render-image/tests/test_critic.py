"""The layout critic on a corpus of LLM-style scenes: each rendered for real, in the sandbox; every expected
finding is found with the line of its play() call, and clean scenes have none. The figures are printed."""

from __future__ import annotations

import re

import pytest

from critic_corpus import LLM_SCENES


@pytest.mark.parametrize("name", sorted(LLM_SCENES))
def test_findings_match_what_a_viewer_would_see(name, render):
    code, expected = LLM_SCENES[name]
    produced = render(code)
    assert produced.result["outcome"] == "ok", produced.result
    findings = produced.result.get("layout", [])
    kinds = {"outside_frame" if "outside the frame" in f else "overlap" for f in findings}
    print(f"{name}: {len(findings)} finding(s) {findings}")
    assert kinds == (expected or set()), findings
    lines = code.splitlines()
    for finding in findings:
        line = int(re.match(r"line (\d+): ", finding).group(1))
        assert "self.play(" in lines[line - 1], (finding, lines[line - 1])  # the play() that showed it


def test_the_corpus_has_both_clean_and_faulty_scenes():
    faulty = [n for n, (_, expected) in LLM_SCENES.items() if expected]
    assert len(LLM_SCENES) >= 12 and 4 <= len(faulty) <= len(LLM_SCENES) - 4


def test_severity_is_half_of_a_text_outside_the_frame_or_covered():
    from manimrender.critic import is_severe, outside_share

    half_w, half_h = 7.1, 4.0
    assert outside_share((-1, -1, 1, 1), half_w, half_h) == 0
    assert outside_share((6.1, 0, 8.1, 1), half_w, half_h) == pytest.approx(0.5)  # half beyond the right edge
    assert outside_share((6.6, 0, 8.6, 1), half_w, half_h) == pytest.approx(0.75)
    assert outside_share((8, 0, 9, 1), half_w, half_h) == 1
    assert not is_severe(0.4) and is_severe(0.5) and is_severe(1.0)


def test_severe_findings_are_marked_in_the_result_lines(tmp_path):
    from manim import Scene, Text, tempconfig

    from manimrender.critic import LayoutCritic, describe

    with tempconfig({"media_dir": str(tmp_path)}):  # Text caches its glyphs there
        scene = Scene()
        slightly_out, mostly_out = Text("Area under the curve"), Text("x squared")
        slightly_out.align_to([7.3, 0, 0], [1, 0, 0])  # its right end just past the edge
        mostly_out.move_to([0, -3, 0]).align_to([6.9, 0, 0], [-1, 0, 0])
        covered, cover = Text("f(x) = x^2").move_to([0, 2, 0]), Text("f(x) = x^3").move_to([0.05, 2, 0])
        scene.add(slightly_out, mostly_out, covered, cover)
        critic = LayoutCritic("<no user file>")
        critic.after_play(scene)
    lines = describe(critic.findings)
    assert any("'Area under the curve' is" in f and not f.startswith("severe: ") for f in lines), lines
    assert any(f.startswith("severe: Text 'x squared' is") and "% outside the frame" in f for f in lines), lines
    assert any(f.startswith("severe: Text 'f(x) = x^2' overlaps") for f in lines), lines
