"""The repairs checked against Manim's API (manimrender.api_repair) on our corpus of mistakes
(tests/repair_corpus.py): each case gets its repair, with its line, and passes the policy; a sample renders in
the sandbox (all of them with REPAIR_CORPUS_RENDER=all); ordinary scenes are never changed."""

from __future__ import annotations

import os
import re

import pytest

import corpus
import critic_corpus
from conftest import assert_decodes
from explain_corpus import CORPUS as PROBLEMS
from manimrender import api_repair, manim_api, policy
from manimrender.explain import explain
from manimrender.repair import repair
from repair_corpus import CASES, STILL, scene

BY_NAME = {name: (body, expected) for name, body, expected in CASES}
# every 10th case and the ones that stand for a whole kind: about 25 renders
SAMPLE = sorted(
    {name for i, (name, _, _) in enumerate(CASES) if i % 10 == 0}
    | {"mixed_gl_graph", "mixed_points_and_typo", "np_math_factorial", "kw_circle_outer_radius", "attr_get_centre"}
)
RENDERED = sorted(BY_NAME) if os.environ.get("REPAIR_CORPUS_RENDER") == "all" else SAMPLE
_LINE = re.compile(r"\(lines? [0-9]+(, [0-9]+)*\)$")


def test_the_corpus_is_large_and_its_names_unique():
    assert len(CASES) >= 150
    assert len(BY_NAME) == len(CASES)


def test_the_table_comes_from_the_pinned_manim():
    table = manim_api.load()
    assert table is not None and table["version"] == manim_api.VERSION
    import manim

    assert table["manim"] == manim.__version__
    circle = table["classes"]["Circle"]
    assert not circle["open"] and {"radius", "color", "fill_opacity", "stroke_width"} <= set(circle["keywords"])
    assert "outer_radius" not in circle["keywords"]  # Annulus has it, Circle does not
    assert table["classes"]["Line"]["points"]["pos"] == {"0": "point", "1": "point"}
    assert {"move_to", "add_coordinates", "plot"} <= set(table["attributes"])
    assert "add_coordinate_labels" not in table["attributes"]
    assert table["numpy_missing"]["math"] == "math"


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_each_mistake_gets_its_repair(name):
    body, expected = BY_NAME[name]
    repaired = repair(scene(body))
    if expected is None:
        assert repaired.repairs == []
    else:
        assert any(expected in note for note in repaired.repairs), repaired.repairs
    for note in repaired.repairs:
        if note.startswith(("renamed old Manim names", "replaced manimlib", "added the missing", "removed the")):
            continue  # the older repairs' notes (repair.py) carry their lines inside the text, or have none
        assert _LINE.search(note), note
    policy.check(repaired.code)  # the repaired code is still checked like any other


@pytest.mark.parametrize("name", RENDERED)
def test_repaired_code_renders(name, render):
    produced = render(scene(BY_NAME[name][0]), max_duration_seconds=5)
    assert produced.result["outcome"] == "ok", produced.result
    assert_decodes(produced.video)
    if BY_NAME[name][1]:
        assert any(BY_NAME[name][1] in r for r in produced.result["repairs"])


@pytest.mark.parametrize("name", sorted(corpus.CORPUS))
def test_ordinary_scenes_are_not_changed(name):
    code = corpus.CORPUS[name]
    repaired = repair(code)
    assert repaired.repairs == [] and repaired.code == code


def test_ordinary_llm_style_and_explainer_scenes_are_not_changed():
    table = manim_api.load()
    scenes = [code for code, _ in critic_corpus.LLM_SCENES.values()]
    scenes += [explain(problem).code for problem, _, _ in PROBLEMS]
    assert len(scenes) > 60
    for code in scenes:
        assert api_repair.repair(code, table) == (code, [])


def test_the_api_repairs_can_be_turned_off(monkeypatch):
    code = scene("self.add(Circle(outer_radius=1), Dot([1, 2]))")
    assert repair(code).repairs
    monkeypatch.setenv("MANIMRENDER_API_REPAIRS", "0")
    assert repair(code).repairs == [] and repair(code).code == code
    assert repair(code, api=True).repairs


def test_names_the_file_defines_are_its_own():
    code = scene(
        "def move_too(m):\n    return m\nCirclee = Circle\nc = Circlee(outer_radius=1)\nmove_too(c)\nself.add(c)"
    )
    notes = repair(code).repairs
    assert not any("move_too" in n or "Circlee" in n for n in notes), notes


def test_open_classes_keep_unknown_keywords():
    """A class whose **kwargs go somewhere the table cannot follow may take any keyword: left alone."""
    table = manim_api.load()
    opened = sorted(name for name, entry in table["classes"].items() if entry["open"])
    assert opened
    code = f"from manim import *\nx = {opened[0]}(some_keyword=1)\n"
    assert api_repair.repair(code, table) == (code, [])


def test_other_libraries_objects_are_left_alone():
    code = "from manim import *\nimport random\nr = random.Random(1)\nx = r.randnt(1, 2)\n"
    assert api_repair.repair(code, manim_api.load()) == (code, [])


@pytest.mark.parametrize("name", sorted(STILL))
def test_a_still_scene_is_a_short_still_video(name, render):
    produced = render(STILL[name])
    assert produced.result["outcome"] == "ok", produced.result
    info = assert_decodes(produced.video)
    assert 1.5 <= info["duration"] <= 2.5
    assert any("still video" in r for r in produced.result["repairs"])


def test_a_scene_that_plays_is_not_held(render):
    produced = render(scene("self.play(Create(Circle()), run_time=0.3)"))
    assert produced.result["outcome"] == "ok", produced.result
    assert not any("still video" in r for r in produced.result.get("repairs", []))


def test_repair_lines_are_those_of_the_code_as_sent():
    sent = "Here it is:\n```python\n" + scene("self.add(Circle(outer_radius=1))") + "```\n"
    notes = repair(sent).repairs
    line = sent.split("\n").index("        self.add(Circle(outer_radius=1))") + 1
    assert f"Circle: keyword outer_radius → radius (line {line})" in notes
