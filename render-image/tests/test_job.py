"""``python -m manimrender job`` end to end, against a local HTTP server that answers GET/PUT the way
presigned storage URLs do (it stands in for S3 in this Python test; the Java side tests against S3Proxy)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest.mock import ANY

import pytest
from jsonschema import Draft202012Validator

from conftest import SRC, probe
from manimrender.result import workload_result

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
RESULT_SCHEMA = Draft202012Validator(json.loads((CONTRACTS / "workload-result.schema.json").read_text()))
PROGRESS_SCHEMA = Draft202012Validator(json.loads((CONTRACTS / "progress-event.schema.json").read_text()))
SIGNATURE = "X-Amz-Signature=0123456789abcdef-very-secret"
SECRET = "aws-secret-key-never-shown-42"

SCENE = """```python
from manim import *
class Job(Scene):
    def construct(self):
        self.play(Write(MathTex(r"a^2+b^2=c^2")), run_time=0.6)
        self.wait(0.3)
```"""


class Storage:
    """Objects by path; `fail` maps a path to the statuses to answer before accepting."""

    def __init__(self):
        self.objects: dict[str, tuple[str, bytes]] = {}
        self.puts: list[tuple[str, str, bytes]] = []
        self.fail: dict[str, list[int]] = {}
        storage = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                statuses = storage.fail.get(path)
                if statuses:  # answered before the object is looked up, as for a PUT
                    self.send_response(statuses.pop(0))
                    self.end_headers()
                    return
                if path not in storage.objects:
                    self.send_response(404)
                    self.end_headers()
                    return
                whole = storage.objects[path][1]
                body = whole[:1] if self.headers.get("Range") == "bytes=0-0" else whole  # as S3 answers a range
                self.send_response(206 if body is not whole else 200)
                self.send_header("ETag", f'"{hashlib.md5(whole).hexdigest()}"')  # one PUT's ETag: its MD5
                if body is not whole:
                    self.send_header("Content-Range", f"bytes 0-0/{len(whole)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                path = self.path.split("?")[0]
                body = self.rfile.read(int(self.headers["Content-Length"]))
                storage.puts.append((path, self.headers["Content-Type"], body))
                statuses = storage.fail.get(path)
                status = statuses.pop(0) if statuses else 200
                if status == 200:
                    storage.objects[path] = (self.headers["Content-Type"], body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}?{SIGNATURE}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def storage():
    s = Storage()
    yield s
    s.close()


def run_job(
    storage: Storage, tmp_path: Path, code: str, path: str | None = None, plain: dict | None = None, **env
) -> tuple[int, dict, str, str]:
    storage.objects["/code/attempt-1.py"] = ("text/x-python", code.encode())
    fmt = env.pop("FORMAT", "mp4")
    variables = {
        "PATH": path or os.environ["PATH"],
        "PYTHONPATH": str(SRC),
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "MANIMRENDER_CODE_URL": storage.url("/code/attempt-1.py"),
        "MANIMRENDER_VIDEO_PUT_URL": storage.url(f"/video.{fmt}"),
        "MANIMRENDER_THUMBNAIL_PUT_URL": storage.url("/thumbnail.png"),
        "MANIMRENDER_PROGRESS_PUT_URL": storage.url("/progress/attempt-1.json"),
        "MANIMRENDER_LOG_PUT_URL": storage.url("/logs/vj-render-1.txt"),
        "MANIMRENDER_CAPTIONS_PUT_URL": storage.url("/captions.vtt"),
        "MANIMRENDER_TRANSCRIPT_PUT_URL": storage.url("/transcript.txt"),
        "MANIMRENDER_RESULT_PUT_URL": storage.url("/result/attempt-1.json"),
        "MANIMRENDER_QUALITY": "low",
        "MANIMRENDER_FORMAT": fmt,
        "MANIMRENDER_MAX_DURATION_SECONDS": "10",
        "MANIMRENDER_TIMEOUT_SECONDS": "90",
        "MANIMRENDER_MEMORY_MB": "1536",
        "MANIMRENDER_WORK_DIR": str(tmp_path / "work"),
        "MANIMRENDER_RESULT_PATH": str(tmp_path / "termination-log"),
        **{f"MANIMRENDER_{k}": v for k, v in env.items()},
        **(plain or {}),  # variables Kubernetes sets (JOB_COMPLETION_INDEX)
    }
    done = subprocess.run(
        [sys.executable, "-m", "manimrender", "job"],
        env=variables,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    raw = (tmp_path / "termination-log").read_text()
    assert len(raw.encode()) <= 4096
    result = json.loads(raw)
    RESULT_SCHEMA.validate(result)
    assert result["workload"] == "render"
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            PROGRESS_SCHEMA.validate(json.loads(line))
    if "/progress/attempt-1.json" in storage.objects:
        PROGRESS_SCHEMA.validate(json.loads(storage.objects["/progress/attempt-1.json"][1]))
    everything = (
        raw
        + done.stdout
        + done.stderr
        + "".join(
            b.decode("utf-8", "replace")
            for _, _, b in storage.puts
            if not b.startswith((b"\x89PNG", b"\x00\x00", b"\x1aE"))
        )
    )
    assert SIGNATURE not in everything and SECRET not in everything and "127.0.0.1" not in everything
    return done.returncode, result, done.stdout, done.stderr


def test_job_renders_and_uploads_video_thumbnail_progress_and_log(storage, tmp_path):
    storage.fail["/video.mp4"] = [503, 500]  # two failures, then success: retried with backoff
    code, result, stdout, _ = run_job(storage, tmp_path, SCENE)
    assert code == 0 and result["outcome"] == "ok", result
    assert result["repairs"] == ["removed the markdown code fences around the code"]
    assert result["thumbnail"] is True and result["format"] == "mp4" and result["width"] == 854
    assert result["captions"] is False and "/captions.vtt" not in storage.objects  # the scene has no subcaptions
    content_type, video = storage.objects["/video.mp4"]
    assert content_type == "video/mp4" and len(video) == result["sizeBytes"]
    assert [p for p, _, _ in storage.puts].count("/video.mp4") == 3
    # named by its MD5, the ETag of an object stored by one PUT: the operator adopts only this video for the result
    assert result["videoMd5"] == hashlib.md5(video).hexdigest()
    (tmp_path / "got.mp4").write_bytes(video)
    info = probe(tmp_path / "got.mp4")
    assert info["codec"] == "h264" and (info["width"], info["height"]) == (854, 480) and info["frames"] > 0
    assert abs(info["duration"] - result["durationSeconds"]) < 0.1
    thumb_type, thumb = storage.objects["/thumbnail.png"]
    assert thumb_type == "image/png" and thumb.startswith(b"\x89PNG\r\n\x1a\n")
    progress = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    assert [p["stage"] for p in progress][0] == "validating"
    assert {"validating", "rendering", "uploading"} <= {p["stage"] for p in progress}
    assert progress[-1] == {"event": "progress", "stage": "uploading", "percent": 100}
    progress_type, last = storage.objects["/progress/attempt-1.json"]
    assert progress_type == "application/json" and json.loads(last) == progress[-1]
    log_type, log = storage.objects["/logs/vj-render-1.txt"]
    assert log_type.startswith("text/plain") and b"outcome ok" in log
    # the result is stored after the thumbnail and just before the video: a pod lost once the video is stored has
    # rendered, and the stored result names that video
    result_type, stored = storage.objects["/result/attempt-1.json"]
    assert result_type == "application/json" and json.loads(stored) == result
    order = [p for p, _, _ in storage.puts]
    assert order.index("/thumbnail.png") < order.index("/result/attempt-1.json") < order.index("/video.mp4")
    assert order.index("/video.mp4") < order.index("/logs/vj-render-1.txt")


def test_subtitles_and_transcript_are_stored_beside_the_narrated_video(storage, tmp_path):
    code, result, _, _ = run_job(
        storage,
        tmp_path,
        """
from manim import *

class Told(Scene):
    def construct(self):
        self.play(Create(Circle()), run_time=1, subcaption="A circle appears.", subcaption_duration=2)
        self.wait(1)
""",
        AUDIO_DESCRIPTION="true",
    )
    assert code == 0 and result["captions"] is True and result["narrated"] is True, result
    vtt_type, vtt = storage.objects["/captions.vtt"]
    assert vtt_type == "text/vtt; charset=utf-8"
    assert vtt.decode() == "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nA circle appears.\n"
    assert storage.objects["/transcript.txt"] == ("text/plain; charset=utf-8", b"A circle appears.\n")
    (tmp_path / "told.mp4").write_bytes(storage.objects["/video.mp4"][1])
    streams = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", str(tmp_path / "told.mp4")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(streams) == ["audio", "video"]


def test_webm_job_uploads_video_webm(storage, tmp_path):
    code, result, _, _ = run_job(storage, tmp_path, SCENE, FORMAT="webm")
    assert code == 0 and result["format"] == "webm"
    content_type, video = storage.objects["/video.webm"]
    assert content_type == "video/webm" and video[:4] == b"\x1aE\xdf\xa3"


def test_invalid_code_is_reported_with_its_line_and_nothing_is_uploaded(storage, tmp_path):
    code, result, _, _ = run_job(storage, tmp_path, "from manim import *\nimport os\nclass A(Scene):\n    pass\n")
    assert code == 1 and result["outcome"] == "invalid_code" and result["line"] == 2
    assert (
        result["message"] == "line 2: importing 'os' is not allowed; allowed modules are manim, numpy, math, "
        "random and a few harmless standard modules"
    )
    assert "/video.mp4" not in storage.objects and "/thumbnail.png" not in storage.objects
    assert "/result/attempt-1.json" not in storage.objects  # only a finished video's result is stored


def test_hostile_code_is_rejected_and_leaks_no_url_or_secret(storage, tmp_path):
    hostile = (
        "from manim import *\nclass A(Scene):\n    def construct(self):\n"
        "        self.add(Text(repr(utils.file_ops.os.environ)))\n"
    )
    code, result, _, _ = run_job(storage, tmp_path, hostile)  # run_job asserts no URL or secret anywhere
    assert result["outcome"] == "invalid_code"


def test_storage_refusing_the_video_is_an_upload_error(storage, tmp_path):
    storage.fail["/video.mp4"] = [403]
    code, result, _, stderr = run_job(storage, tmp_path, SCENE)
    assert code == 1 and result["outcome"] == "upload_error"
    assert result["message"] == "the video could not be stored" and "thumbnail" not in result
    assert "upload of the video failed: HTTP 403" in stderr


def test_missing_code_is_an_internal_error(storage, tmp_path):
    code, result, _, _ = run_job(storage, tmp_path, SCENE, CODE_URL=storage.url("/code/missing.py"))
    assert code == 1 and result["outcome"] == "internal_error"
    assert result["message"] == "the code to render could not be downloaded"


def test_without_the_sandbox_nothing_runs_and_infrastructure_is_blamed(storage, tmp_path):
    code, result, _, _ = run_job(storage, tmp_path, SCENE, path=str(tmp_path))  # no bwrap on this PATH
    assert code == 1 and result["outcome"] == "sandbox_unavailable"
    assert result["message"] == "the render sandbox is not available on this machine"
    assert "/video.mp4" not in storage.objects


def test_the_job_process_is_not_dumpable(tmp_path):
    probe_code = (
        "import ctypes, os\nos.environ.pop('X', None)\nfrom manimrender.sandbox import make_undumpable\n"
        "make_undumpable()\nprint(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe_code], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "0", done.stderr  # PR_GET_DUMPABLE


PARTED_SCENE = """
from manim import *

class Parted(Scene):
    def construct(self):
        t = ValueTracker(0)
        dot = always_redraw(lambda: Dot(RIGHT * t.get_value()))
        self.add(dot)
        for i in range(4):
            self.play(t.animate.set_value(i - 2), run_time=0.6, subcaption=f"move {i}")
"""


def test_a_render_in_parts_is_two_indexes_then_a_join(storage, tmp_path):
    """The pods of an Indexed Job (JOB_COMPLETION_INDEX picks the range and the URLs), then the join's pod."""
    lists = {
        kind: "\n".join(storage.url(f"/parts/attempt-1/part-{i}.{ext}") for i in range(2))
        for kind, ext in (("VIDEO", "mp4"), ("RESULT", "json"))
    }
    progress = "\n".join(storage.url(f"/progress/attempt-1-part-{i}.json") for i in range(2))
    logs = "\n".join(storage.url(f"/logs/vj-parts-1-{i}.txt") for i in range(2))
    for index in range(2):
        code, result, _, _ = run_job(
            storage,
            tmp_path / f"part-{index}",
            PARTED_SCENE,
            plain={"JOB_COMPLETION_INDEX": str(index)},
            PARTS="0-1,2-3",
            PART_VIDEO_PUT_URLS=lists["VIDEO"],
            PART_RESULT_PUT_URLS=lists["RESULT"],
            PART_PROGRESS_PUT_URLS=progress,
            PART_LOG_PUT_URLS=logs,
        )
        assert code == 0 and result["outcome"] == "ok", result
        assert json.loads(storage.objects[f"/progress/attempt-1-part-{index}.json"][1])["percent"] == 100
    # the parts run at once: each keeps its own log, neither overwrites the other's
    for index in range(2):
        assert f"part {index + 1} of 2: animations" in storage.objects[f"/logs/vj-parts-1-{index}.txt"][1].decode()
    assert "/logs/vj-render-1.txt" not in storage.objects
    assert "/video.mp4" not in storage.objects  # a part never writes the joined video
    assert "/result/attempt-1.json" not in storage.objects  # nor the result the operator would adopt

    code, result, _, _ = run_job(
        storage, tmp_path / "join", PARTED_SCENE, JOIN_PARTS="2", PART_VIDEO_URLS=lists["VIDEO"],
        PART_RESULT_URLS=lists["RESULT"],
    )  # fmt: skip

    assert code == 0 and result["outcome"] == "ok", result
    assert result["captions"] is True and result["thumbnail"] is True
    stored = json.loads(storage.objects["/result/attempt-1.json"][1])
    assert stored["sizeBytes"] == result["sizeBytes"]
    assert stored["videoMd5"] == hashlib.md5(storage.objects["/video.mp4"][1]).hexdigest()
    (tmp_path / "joined.mp4").write_bytes(storage.objects["/video.mp4"][1])
    assert probe(tmp_path / "joined.mp4")["frames"] == 4 * 9  # 0.6 s at 15 fps: 9 frames per animation
    captions = storage.objects["/captions.vtt"][1].decode()
    assert [line for line in captions.splitlines() if line.startswith("move")] == [f"move {i}" for i in range(4)]
    assert "00:00:01.800 --> 00:00:02.400" in captions  # the second part's first cue, shifted by the first part


def test_the_last_part_waits_for_the_others_and_joins_them_with_no_pod_of_its_own(storage, tmp_path):
    """MANIMRENDER_JOIN_INDEX: the last index, once its range is rendered, waits for the other part to be stored
    (here it starts before part 1 of 2 has even rendered), joins and uploads the one video like a single render."""
    lists = _part_lists(storage)
    ran = {}

    def part(index: int) -> None:
        ran[index] = run_job(
            storage, tmp_path / f"part-{index}", PARTED_SCENE, plain={"JOB_COMPLETION_INDEX": str(index)},
            PARTS="0-1,2-3", JOIN_INDEX="1", **lists,
        )  # fmt: skip

    joiner = threading.Thread(target=part, args=(1,))
    joiner.start()
    part(0)
    joiner.join()

    assert ran[0][0] == 0 and "durationSeconds" in ran[0][1] and "videoMd5" not in ran[0][1]  # part 0: a part
    code, result, _, _ = ran[1]
    assert code == 0 and result["outcome"] == "ok", result
    assert result["durationSeconds"] == 2.4 and result["captions"] is True and result["thumbnail"] is True
    stored = json.loads(storage.objects["/result/attempt-1.json"][1])
    assert stored["videoMd5"] == result["videoMd5"] == hashlib.md5(storage.objects["/video.mp4"][1]).hexdigest()
    (tmp_path / "joined.mp4").write_bytes(storage.objects["/video.mp4"][1])
    assert probe(tmp_path / "joined.mp4")["frames"] == 4 * 9
    captions = storage.objects["/captions.vtt"][1].decode()
    assert "00:00:01.800 --> 00:00:02.400" in captions  # the second part's first cue, shifted by the first part
    assert "/parts/attempt-1/part-1.mp4" not in storage.objects  # the joiner's own part: nobody reads it
    log = storage.objects["/logs/vj-parts-1-1.txt"][1].decode()
    assert "part 2 of 2: waiting for the other parts, then joining" in log
    assert "/logs/vj-render-1.txt" not in storage.objects


@pytest.mark.parametrize(
    "stored_whole, storage_away",
    [(True, False), (False, False), (True, True)],
    ids=["video stored", "video not stored", "storage away"],
)
def test_a_joining_part_tried_again_adopts_the_video_its_lost_try_stored(storage, tmp_path, stored_whole, storage_away):
    """The Job starts the joining index again when its pod was lost after it stored the video: the new try finds
    the result and the video it names (ETag and size) and ends with that result, rendering and uploading nothing.
    A result whose video is not (wholly) there, or a storage that does not answer the look-up, is no reason to stop:
    the part renders and joins as ever."""
    video = b"the joined video"
    md5 = hashlib.md5(video).hexdigest()
    earlier = workload_result("ok", "rendered", durationSeconds=2.4, sizeBytes=len(video), videoMd5=md5)
    lists = _part_lists(storage)
    stored = {"STORED_RESULT_URL": storage.url("/result/attempt-1.json"), "STORED_VIDEO_URL": storage.url("/video.mp4")}

    def part(index: int) -> tuple[int, dict, str, str]:
        return run_job(
            storage, tmp_path / f"part-{index}", PARTED_SCENE, plain={"JOB_COMPLETION_INDEX": str(index)},
            PARTS="0-1,2-3", JOIN_INDEX="1", **lists, **stored,
        )  # fmt: skip

    adopts = stored_whole and not storage_away
    if not adopts:
        assert part(0)[0] == 0
    storage.objects["/result/attempt-1.json"] = ("application/json", json.dumps(earlier).encode())
    storage.objects["/video.mp4"] = ("video/mp4", video if stored_whole else video[:5])
    if storage_away:
        storage.fail["/result/attempt-1.json"] = [503] * 5  # every try of the look-up (the result's PUT later works)
    storage.puts.clear()
    code, result, _, _ = part(1)

    assert code == 0 and result["outcome"] == "ok", result
    if adopts:
        assert result == earlier
        assert storage.puts == [("/logs/vj-parts-1-1.txt", "text/plain; charset=utf-8", ANY)]  # its log, nothing else
        assert "an earlier try of this part stored the video" in storage.objects["/logs/vj-parts-1-1.txt"][1].decode()
    else:
        assert result["videoMd5"] == hashlib.md5(storage.objects["/video.mp4"][1]).hexdigest() != earlier["videoMd5"]


def _part_lists(storage: Storage, count: int = 2) -> dict[str, str]:
    """The URL lists of a render in ``count`` parts, a line each, as the operator gives them."""
    lists = {
        f"PART_{kind}_{way}": "\n".join(storage.url(f"/parts/attempt-1/part-{i}.{ext}") for i in range(count))
        for kind, ext in (("VIDEO", "mp4"), ("RESULT", "json"))
        for way in ("PUT_URLS", "URLS")
    }
    lists["PART_PROGRESS_PUT_URLS"] = "\n".join(storage.url(f"/progress/attempt-1-part-{i}.json") for i in range(count))
    lists["PART_LOG_PUT_URLS"] = "\n".join(storage.url(f"/logs/vj-parts-1-{i}.txt") for i in range(count))
    return lists


def test_a_join_index_that_names_no_part_is_a_misconfiguration(storage, tmp_path):
    code, result, _, _ = run_job(
        storage, tmp_path, PARTED_SCENE, plain={"JOB_COMPLETION_INDEX": "0"}, PARTS="0-1,2-3", JOIN_INDEX="2"
    )
    assert code == 1 and result["message"] == "the render job is misconfigured: MANIMRENDER_JOIN_INDEX names no part"


def test_a_part_with_a_bad_index_is_a_misconfiguration(storage, tmp_path):
    code, result, _, _ = run_job(storage, tmp_path, PARTED_SCENE, plain={"JOB_COMPLETION_INDEX": "2"}, PARTS="0-1,2-3")
    assert code == 1 and result["outcome"] == "internal_error"
    assert result["message"] == "the render job is misconfigured: JOB_COMPLETION_INDEX names no part"


def test_a_long_scene_is_planned_in_parts_by_the_first_pod_and_nothing_is_uploaded(storage, tmp_path):
    """The operator allows parts: the attempt's first pod counts the animations and reports the ranges."""
    code, result, _, _ = run_job(storage, tmp_path, PARTED_SCENE, PLAN_MAX_PARTS="2", PLAN_MIN_SECONDS="2")
    assert code == 0 and result["outcome"] == "ok", result
    assert [(p["first"], p["last"]) for p in result["parts"]] == [(0, 1), (2, 3)]
    assert [p["seconds"] for p in result["parts"]] == [1.2, 1.2]
    assert "/video.mp4" not in storage.objects and "durationSeconds" not in result
    assert "/result/attempt-1.json" not in storage.objects  # a plan is no video to adopt


def test_a_scene_under_the_minimum_is_rendered_by_the_first_pod_at_once(storage, tmp_path):
    code, result, _, _ = run_job(storage, tmp_path, PARTED_SCENE, PLAN_MAX_PARTS="2", PLAN_MIN_SECONDS="20")
    assert code == 0 and result["outcome"] == "ok", result
    assert "parts" not in result
    (tmp_path / "whole.mp4").write_bytes(storage.objects["/video.mp4"][1])
    assert probe(tmp_path / "whole.mp4")["frames"] == 4 * 9
