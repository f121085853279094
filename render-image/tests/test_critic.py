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
