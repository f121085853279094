"""The render package applies the rules of contracts/limits.json, progress-event.schema.json and
workload-result.schema.json (the Java side reads the same files: crds LimitsTest, WorkloadResultContractTest,
operator RenderProgressTest)."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from manim.constants import QUALITIES as MANIM_PRESETS

from manimrender import contract, policy
from manimrender.job import JobLog, ProgressPublisher
from manimrender.quality import QUALITIES
from manimrender.result import workload_result

SCENE = "from manim import *\n\nclass Fits(Scene):\n    def construct(self):\n        self.wait(0.1)\n"


def padded_to(size: int) -> str:
    return SCENE + "#" * (size - len(SCENE.encode()) - 1) + "\n"


def test_code_of_exactly_the_contract_size_passes_and_one_byte_more_is_refused():
    limit = contract.code_max_bytes()
    assert policy.check(padded_to(limit)) == "Fits"
    with pytest.raises(policy.CodeRejected, match=f"at most {limit // 1024} KB is allowed"):
        policy.check(padded_to(limit + 1))


def test_each_quality_of_the_contract_is_the_manim_preset_of_the_same_size_and_rate():
    assert set(QUALITIES) == set(contract.load("limits.json")["qualities"])
    for quality in QUALITIES.values():
        manim = MANIM_PRESETS[quality.manim_preset]
        assert (manim["pixel_width"], manim["pixel_height"], manim["frame_rate"]) == (
            quality.width,
            quality.height,
            quality.fps,
        )


def test_progress_outside_the_contract_is_a_programming_error(capsys):
    publish = ProgressPublisher(transfers=None, url=None, log=JobLog())
    publish("rendering", 42)
    assert capsys.readouterr().out == '{"event": "progress", "stage": "rendering", "percent": 42}\n'
    with pytest.raises(ValueError, match="not a progress event"):
        publish("encoding", 10)
    with pytest.raises(ValueError, match="not a progress event"):
        publish("uploading", 101)


def test_a_result_field_outside_the_contract_is_a_programming_error():
    with pytest.raises(ValueError, match="not fields of contracts/workload-result.schema.json: renderSecs"):
        workload_result("ok", "Rendered", renderSecs=1.5)
    assert workload_result("ok", "Rendered", renderSeconds=1.5)["renderSeconds"] == 1.5


def test_the_contract_counts_the_extra_ai_calls_for_cut_off_answers():
    schema = Draft202012Validator(contract.load("workload-result.schema.json"))
    codegen = {"version": 1, "workload": "codegen", "outcome": "ok", "message": "Manim code written by groq."}
    assert schema.is_valid({**codegen, "truncatedCalls": 1})
    assert not schema.is_valid({**codegen, "truncatedCalls": 0}), "none is left out, not 0"
