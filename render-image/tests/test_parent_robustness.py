"""The trusted parent cannot be crashed by what the child writes, and what it passes on always fits and tells
nothing of the host: the bounded reader and every consumer of what it reads (fuzzed with Hypothesis), forged
reports from a scene with the Python layers off, a video whose later frames are bigger, the result's limits,
and the presigned URLs gone from the running job's /proc/<pid>/environ."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SRC
from manimrender import captions, critic, job, untrusted
from manimrender.pipeline import Produced, RenderPipeline, RenderSettings, _with_original_line
from manimrender.repair import repair
from manimrender.result import MAX_BYTES, MAX_MESSAGE_CHARS, to_json, workload_result
from manimrender.sandbox import Limits
from manimrender.storage import Transfers
from test_job import RESULT_SCHEMA, SIGNATURE, Storage

HOST = socket.gethostname()
HOST_WORD = re.compile(rf"(?<![\w-]){re.escape(HOST)}(?![\w-])", re.IGNORECASE)
FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --- the bounded reader -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        b"[" * 200_000 + b"]" * 200_000,
        b'{"event": "done", "layout": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"event": "progress", "videoSeconds": 1e999}',
        b'{"event": "progress", "videoSeconds": -Infinity}',
        b'{"event": "progress", "videoSeconds": NaN}',
        b'{"event": "done", "subcaptions": [{"start": 1' + b"0" * 400 + b', "end": 2, "text": "x"}]}',
        b'{"event": "done", "videoSeconds": 1.' + b"5" * 100 + b"}",
        b'{"event": "done", "message": "' + b"x" * untrusted.MAX_LINE_BYTES + b'"}',
        b'{"event": "done", "message": "\xff\xfe"}',
        b'["event", "done"]',
        b'{"event": "done"',
    ],
    ids=[
        "deep_list",
        "deep_layout",
        "1e999",
        "minus_infinity",
        "nan",
        "10_to_the_400",
        "long_float",
        "too_long",
        "not_utf8",
        "not_an_object",
        "unbalanced",
    ],
)
def test_lines_the_parent_does_not_take_are_refused_not_raised(line):
    assert untrusted.read_object(line) is None and untrusted.report(line) is None


def test_brackets_inside_strings_do_not_count_as_nesting():
    line = b'{"event": "failed", "message": "[[[[[[[[[[{{{{{{{{{{ \\" ]]]]"}'
    assert untrusted.read_object(line) == {"event": "failed", "message": '[[[[[[[[[[{{{{{{{{{{ " ]]]]'}


def test_a_report_keeps_only_fields_of_the_right_type_and_range():
    event = untrusted.report(
        b'{"event": "done", "line": true, "videoSeconds": -1, "outcome": 3, "message": "bad \\ud800 text"}'
    )
    assert event["event"] == "done" and event["line"] is None and event["videoSeconds"] is None
    assert event["outcome"] is None and event["message"] == "bad ? text"
    assert untrusted.report(b'{"event": "progress", "videoSeconds": 2.5, "line": 7}')["videoSeconds"] == 2.5


def test_the_accessors_answer_none_for_the_wrong_type_or_range():
    assert untrusted.number(10**400) is None and untrusted.number(float("nan")) is None
    assert untrusted.number(True) is None and untrusted.number("1") is None and untrusted.number(3, 0, 2) is None
    assert untrusted.number(2) == 2.0
    assert untrusted.integer(False, 0, 5) is None and untrusted.integer(2.0, 0, 5) is None
    assert untrusted.integer(6, 0, 5) is None and untrusted.integer(5, 0, 5) == 5
    assert untrusted.text(["x"], 5) is None and untrusted.text("abcdef", 3) == "abc"


# --- scrubbing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["a", "vm", "box-1"])
def test_a_host_name_of_any_length_is_replaced_as_a_word_only(host, monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: host)
    said = f"{host}: a cat {host.upper()}.local data{host} {host}-x on {host}"
    expected = f"sandbox: a cat sandbox.local data{host} {host}-x on sandbox"
    if host == "a":
        expected = "sandbox: sandbox cat sandbox.local dataa a-x on sandbox"
    assert untrusted.scrub(said) == expected


def test_paths_are_shortened_to_their_last_part():
    said = "at /tmp/pytest-of-root/pytest-1/work/sandbox/raw.mp4 and file:/etc/passwd, not http://example.org/a/b"
    assert untrusted.scrub(said) == "at raw.mp4 and file:passwd, not http://example.org/a/b"


# --- the result ---------------------------------------------------------------------------------------------


def twenty_long_findings(extra: str = "") -> list[str]:
    return [
        f"line {i}: severe: Text 'a rather long sentence {i}…' overlaps Text 'another long one…' (100% of the "
        f"smaller) {extra}" + "x" * 120
        for i in range(1, 21)
    ]


def test_every_text_of_the_result_is_scrubbed(tmp_path):
    where = str(tmp_path / "work" / "sandbox" / "raw.mp4")
    result = workload_result(
        "ok",
        f"rendered on {HOST} at {where}",
        layout=[f"line 3: Text at {where} on {HOST}"] * 30,
        repairs=[f"fixed {where}"],
    )
    text = json.dumps(result)
    assert str(tmp_path) not in text and not HOST_WORD.search(text), text
    assert len(result["layout"]) == 20  # the contract's maxItems


def test_twenty_long_layout_findings_fit_and_the_severe_ones_stay_readable():
    result = workload_result("ok", "rendered a 10.0 s video (854x480, mp4)", layout=twenty_long_findings())
    assert len(json.dumps(result, ensure_ascii=False).encode()) > MAX_BYTES  # it would not fit as it is
    text = to_json(result)
    assert len(text.encode()) <= MAX_BYTES
    fitted = json.loads(text)
    RESULT_SCHEMA.validate(fitted)
    assert fitted["message"] == result["message"] and len(fitted["layout"]) >= 10
    assert all(f.startswith(f"line {i}: severe: ") for i, f in enumerate(fitted["layout"], 1))


def test_the_job_log_ends_with_the_whole_result(tmp_path, monkeypatch):
    findings = twenty_long_findings()

    class Pipeline:
        def __init__(self, *args):
            pass

        def run(self, code):
            return Produced(workload_result("render_error", "the scene failed " + "y" * 900, layout=findings))

    monkeypatch.setattr(job, "RenderPipeline", Pipeline)
    storage = Storage()
    try:
        storage.objects["/code.py"] = ("text/x-python", b"print()")
        urls = {
            "CODE_URL": storage.url("/code.py"),
            "VIDEO_PUT_URL": storage.url("/v"),
            "LOG_PUT_URL": storage.url("/l"),
        }
        result = job.run_job({"MANIMRENDER_WORK_DIR": str(tmp_path)}, urls, Transfers(attempts=1))
        log = storage.objects["/l"][1].decode()
    finally:
        storage.close()
    last = log.rstrip("\n").splitlines()[-1]
    assert last.endswith("result " + json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    assert json.loads(last.split(" result ", 1)[1])["layout"] == findings
    assert len(to_json(result).encode()) <= MAX_BYTES


# --- fuzzing: arbitrary lines through the reader and every consumer -----------------------------------------

KEYS = st.sampled_from(
    ["event", "videoSeconds", "line", "message", "outcome", "subcaptions", "layout", "start", "end", "text", "kind"]
).map(json.dumps)
NUMBER_LITERALS = st.one_of(
    st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1" + "0" * 400, "-9" * 10, "1e308", "0"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
STRING_LITERALS = st.one_of(
    st.text(max_size=40).map(json.dumps),
    st.sampled_from(['"\\ud800"', '"\\udfff x"', '"line 3: /tmp/host/dir x"', '"outside_frame"', '"overlap"']),
)
SCALAR_LITERALS = st.one_of(NUMBER_LITERALS, STRING_LITERALS, st.sampled_from(["true", "false", "null"]))
JSONISH = st.recursive(
    SCALAR_LITERALS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6).map(lambda items: "[" + ",".join(items) + "]"),
        st.lists(st.tuples(KEYS, inner), max_size=6).map(lambda kv: "{" + ",".join(f"{k}:{v}" for k, v in kv) + "}"),
    ),
    max_leaves=40,
)
REPORT_LINES = st.one_of(
    JSONISH.map(str.encode),
    st.tuples(st.sampled_from(["progress", "done", "failed"]), JSONISH).map(
        lambda ev: (
            f'{{"event": "{ev[0]}", "videoSeconds": {ev[1]}, "subcaptions": {ev[1]}, "layout": {ev[1]}}}'.encode()
        )
    ),
    st.integers(min_value=0, max_value=3000).map(lambda n: b'{"layout": ' + b"[" * n + b"]" * n + b"}"),
    st.binary(max_size=300),
)
# what json.loads of anything could give, beyond what the reader lets through
PYTHON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**500), max_value=10**500),
        st.floats(),
        st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60),  # lone surrogates too
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(KEYS.map(json.loads), inner, max_size=6)),
    max_leaves=40,
)


def consume(subcaptions, layout, video_seconds: float = 8.0) -> dict:
    """What the pipeline does with a done report's values: cues and their files, findings, the result."""
    cues = captions.cues_from(subcaptions, video_seconds)
    captions.webvtt(cues).encode("utf-8")
    captions.transcript(cues).encode("utf-8")
    assert all(0 <= c.start < c.end <= video_seconds for c in cues)
    repaired = repair("from manim import *\n\n\nclass A(Scene):\n    pass\n")
    findings = [_with_original_line(f, repaired) for f in critic.describe(layout)]
    result = workload_result("ok", "rendered", layout=findings or None, captions=bool(cues))
    text = to_json(result)
    assert len(text.encode("utf-8")) <= MAX_BYTES
    RESULT_SCHEMA.validate(json.loads(text))
    return result


@FUZZ
@given(REPORT_LINES)
def test_any_line_is_read_or_refused_and_its_values_are_consumed_safely(line):
    event = untrusted.report(line)
    if event is None:
        return
    assert event["event"] is None or isinstance(event["event"], str)
    assert event["line"] is None or 1 <= event["line"] <= untrusted.MAX_LINE
    assert event["videoSeconds"] is None or 0 <= event["videoSeconds"] <= untrusted.MAX_NUMBER
    consume(event.get("subcaptions"), event.get("layout"))


@FUZZ
@given(PYTHON_VALUES, PYTHON_VALUES, st.floats(min_value=0.1, max_value=600))
def test_the_consumers_take_any_value_even_one_the_reader_would_refuse(subcaptions, layout, seconds):
    consume(subcaptions, layout, seconds)
    consume([{"start": subcaptions, "end": layout, "text": layout}], [{"kind": "overlap", "message": subcaptions}])


PATHS = st.sampled_from(["/tmp/pytest-of-root/secret-dir-1/work/raw.mp4", "/home/render/secret-dir-2/x"])
TEXTS = st.lists(st.one_of(st.text(max_size=80), PATHS, st.just(HOST)), max_size=12).map(" ".join)


@FUZZ
@given(
    st.sampled_from(["ok", "render_error", "invalid_code", "internal_error"]),
    TEXTS,
    st.lists(TEXTS, max_size=25),
    st.lists(TEXTS, max_size=40),
)
def test_the_result_always_fits_and_names_no_host_path(outcome, message, layout, repairs):
    result = workload_result(outcome, message, line=3, layout=layout or None, repairs=repairs or None)
    text = to_json(result)
    assert len(text.encode("utf-8")) <= MAX_BYTES
    fitted = json.loads(text)
    RESULT_SCHEMA.validate(fitted)
    assert len(fitted["message"]) <= MAX_MESSAGE_CHARS and "secret-dir" not in text


@FUZZ
@given(st.one_of(st.floats(), st.integers(min_value=-(10**400), max_value=10**400)))
def test_progress_of_any_number_is_a_percentage_or_ignored(seconds):
    stages = []
    pipeline = RenderPipeline(RenderSettings(max_duration_seconds=7), Path("/nonexistent"), lambda *s: stages.append(s))
    pipeline._rendered(seconds)
    assert all(stage == "rendering" and 0 <= percent <= 99 for stage, percent in stages)


# --- forged reports from a scene with the Python layers off --------------------------------------------------

# Module-level code of the scene runs in the child before the scene: it writes its own lines to the report pipe
# (the fd is in the child's spec; the lines are built there, argv has no room for them), and once the video is
# delivered it sends the done report itself, with the forged fields, and ends the child.
FORGED = """
from manim import *
import json, os, sys
child = sys.modules["__main__"]  # the child runs as python -m manimrender.child
report_fd = json.loads(sys.argv[1])["report_fd"]
for line in {lines}:
    os.write(report_fd, line + b"\\n")
deliver = child.deliver
def forged_deliver(*args):
    os.write(report_fd, json.dumps({{**deliver(*args), **{extra!r}}}).encode() + b"\\n")
    os._exit(0)
child.deliver = forged_deliver
class Forged(Scene):
    def construct(self):
        self.add(Dot())
        self.wait(0.4)
"""
HOST_PATHS = "{tmp}/work/sandbox/raw.mp4 /etc/passwd /root/.aws/credentials"


def forged_render(tmp_path, lines="[]", extra=None, stages=None, code=None) -> Produced:
    settings = RenderSettings(max_duration_seconds=4, limits=Limits(timeout_seconds=90, memory_mb=1536))
    on_stage = (lambda stage, percent: stages.append((stage, percent))) if stages is not None else (lambda *a: None)
    pipeline = RenderPipeline(settings, tmp_path / "work", on_stage, python_layers=False)
    return pipeline.run(code or FORGED.format(lines=lines, extra=extra or {}))


def assert_clean(produced: Produced, tmp_path) -> str:
    text = to_json(produced.result)
    assert len(text.encode()) <= MAX_BYTES
    RESULT_SCHEMA.validate(json.loads(text))
    everything = json.dumps(produced.result)
    assert str(tmp_path) not in everything and "/etc/" not in everything and "/root/" not in everything
    assert not HOST_WORD.search(everything) and "Traceback" not in everything, everything
    return text


def test_deep_nesting_and_numbers_out_of_range_are_ignored_and_the_render_goes_on(tmp_path):
    stages = []
    produced = forged_render(
        tmp_path,
        lines="""[
            b"[" * 300_000 + b"]" * 300_000,
            b'{"event": "progress", "videoSeconds": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
            b'{"event": "progress", "videoSeconds": 1e999}',
            b'{"event": "progress", "videoSeconds": 1e300}',
            b'{"event": "progress", "videoSeconds": -5}',
            b'{"event": "progress", "videoSeconds": NaN}',
            b'{"event": "done", "videoSeconds": 1, "subcaptions": [{"start": 1' + b"0" * 400 + b', "end": 1}]}',
        ]""",
        extra={"subcaptions": [{"start": -1e18, "end": 1e18, "text": "the whole video"}]},
        stages=stages,
    )
    assert produced.result["outcome"] == "ok", produced.result
    assert all(0 <= percent <= 99 for stage, percent in stages if stage == "rendering"), stages
    assert captions.cues_from([{"start": -1e18, "end": 1e18, "text": "x"}], 0.4) == [captions.Cue(0.0, 0.4, "x")]
    assert produced.captions.read_text().endswith("the whole video\n")
    assert_clean(produced, tmp_path)


def test_a_final_report_with_a_subtitle_start_of_ten_to_the_400_is_refused(tmp_path):
    produced = forged_render(tmp_path, extra={"subcaptions": [{"start": 10**400, "end": 1, "text": "x"}]})
    assert produced.result["outcome"] == "render_error", produced.result
    assert produced.result["message"] == "the scene ended the renderer before it finished"
    assert produced.video is None
    assert_clean(produced, tmp_path)


def test_a_layout_full_of_host_paths_and_long_findings_is_scrubbed_and_fits(tmp_path):
    paths = HOST_PATHS.format(tmp=tmp_path)
    layout = [{"kind": "overlap", "message": {"nested": [paths]}}, {"kind": "outside_frame", "message": "\ud800"}]
    layout += [
        {"kind": "overlap", "line": line, "severe": True, "message": f"Text on {HOST} at {paths} " + "z" * 150}
        for line in (3, True, "4", -1, 10**17, 2.5, None, *range(5, 30))
    ]
    produced = forged_render(tmp_path, extra={"layout": layout, "videoSeconds": 1e18})
    assert produced.result["outcome"] == "ok", produced.result
    assert len(produced.result["layout"]) == 19  # the first twenty findings, less the one without a text
    fitted = json.loads(assert_clean(produced, tmp_path))["layout"]
    assert fitted[0] == "?" and fitted[1].startswith("line 3: severe: Text on sandbox at raw.mp4 passwd credentials")


def test_a_message_full_of_host_paths_is_scrubbed(tmp_path):
    paths = HOST_PATHS.format(tmp=tmp_path)
    failed = json.dumps({"event": "failed", "outcome": "render_error", "line": 10**17, "message": f"{HOST} {paths}"})
    code = FORGED.format(lines="[]", extra={}) + f"\nos.write(report_fd, {failed.encode()!r} + b'\\n')\nos._exit(0)\n"
    produced = forged_render(tmp_path, code=code)
    assert produced.result["outcome"] == "render_error", produced.result
    assert produced.result["message"] == "sandbox raw.mp4 passwd credentials"
    assert "line" not in produced.result
    assert_clean(produced, tmp_path)


# --- every frame of the video ------------------------------------------------------------------------------


def encode(target: Path, size: str, seconds: float) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=size={size}:rate=15", "-t", str(seconds)]
        + ["-c:v", "libx264", "-pix_fmt", "yuv420p", str(target)],
        check=True,
        timeout=120,
    )


def test_a_video_whose_later_frames_are_bigger_is_refused(tmp_path):
    parts = tmp_path / "parts"
    parts.mkdir()
    encode(parts / "small.mp4", "854x480", 0.4)  # one colour: a few kB that fit the scene's code
    encode(parts / "big.mp4", "1920x1080", 0.4)
    (parts / "list.txt").write_text("file small.mp4\nfile big.mp4\n")
    joined = parts / "joined.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(parts / "list.txt"), "-c", "copy"]
        + [str(joined)],
        check=True,
        timeout=120,
    )
    code = textwrap.dedent(f"""
        from manim import *
        import base64, json, os, sys
        spec = json.loads(sys.argv[1])
        os.write(spec["output_fd"], base64.b64decode({base64.b64encode(joined.read_bytes())!r}))
        os.write(spec["report_fd"], b'{{"event": "done", "videoSeconds": 0.8}}\\n')
        os._exit(0)
        class Forged(Scene):
            pass
    """)
    produced = forged_render(tmp_path, code=code)
    assert produced.result["outcome"] == "render_error", produced.result
    assert produced.result["message"] == "frames of the video are 1920x1080, not the low quality's 854x480"
    assert produced.video is None


# --- the presigned URLs are not in the running job's environment --------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may read a non-dumpable process's /proc/<pid>/environ")
def test_the_running_job_has_no_url_in_its_environment(tmp_path):
    storage = Storage()
    asked, answer = threading.Event(), threading.Event()
    serve_code = storage.server.RequestHandlerClass.do_GET

    def held_get(handler):  # the job waits here for its code while the test reads its environment
        asked.set()
        answer.wait(60)
        serve_code(handler)

    storage.server.RequestHandlerClass.do_GET = held_get
    storage.objects["/code.py"] = ("text/x-python", b"from manim import *\nimport os\n")
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(SRC),
        "MANIMRENDER_CODE_URL": storage.url("/code.py"),
        "MANIMRENDER_VIDEO_PUT_URL": storage.url("/video.mp4"),
        "MANIMRENDER_LOG_PUT_URL": storage.url("/log.txt"),
        "MANIMRENDER_WORK_DIR": str(tmp_path / "work"),
        "MANIMRENDER_RESULT_PATH": str(tmp_path / "result.json"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "manimrender", "job"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert asked.wait(60), "the job never asked for its code"
        seen = Path(f"/proc/{process.pid}/environ").read_bytes() + Path(f"/proc/{process.pid}/cmdline").read_bytes()
        answer.set()
        process.wait(120)
    finally:
        answer.set()
        process.kill()
        storage.close()
    assert SIGNATURE.encode() not in seen and b"127.0.0.1" not in seen and b"MANIMRENDER_WORK_DIR" in seen
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["outcome"] == "invalid_code", result  # the code came through the URL it was given
    assert b"outcome invalid_code" in storage.objects["/log.txt"][1]  # and the log through its URL
