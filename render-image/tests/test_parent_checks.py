"""The parent trusts nothing the child says: it probes the video itself before anything is uploaded."""

from __future__ import annotations

import socket
import textwrap

import pytest

from conftest import assert_decodes
from manimrender import video
from manimrender.pipeline import RenderPipeline, RenderSettings
from manimrender.sandbox import Limits

FORGE = """
from manim import *
import json, os, sys
spec = json.loads(sys.argv[1])
os.write(spec["output_fd"], {payload!r})
os.write(spec["report_fd"], b'{{"event": "done", "videoSeconds": 1.0}}\\n')
os._exit(0)
class Forged(Scene):
    def construct(self):
        pass
"""


def kernel_only(tmp_path, code: str, **settings) -> dict:
    """Through the whole pipeline with the static policy and the runtime guard off (tests only)."""
    settings.setdefault("max_duration_seconds", 10)
    pipeline = RenderPipeline(
        RenderSettings(limits=Limits(timeout_seconds=90, memory_mb=1536), **settings),
        tmp_path / "work",
        python_layers=False,
    )
    return pipeline.run(textwrap.dedent(code))


@pytest.mark.parametrize(
    "payload",
    [
        b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:/etc/passwd\n#EXT-X-ENDLIST\n",
        b"ffconcat version 1.0\nfile /etc/passwd\n",
        b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,
        b"",
    ],
    ids=["hls_playlist", "concat_list", "truncated_mp4", "nothing"],
)
def test_a_forged_done_report_is_a_code_error(tmp_path, payload):
    produced = kernel_only(tmp_path, FORGE.format(payload=payload))
    assert produced.result["outcome"] == "render_error", produced.result
    assert produced.video is None and produced.thumbnail is None
    assert "passwd" not in produced.result["message"] and "root:" not in produced.result["message"]


def test_a_tenth_of_a_second_video_renders_and_claims_a_thumbnail_only_if_there_is_one(render):
    produced = render("""
        from manim import *
        class Blink(Scene):
            def construct(self):
                self.add(Dot())
                self.wait(0.1)
    """)
    assert produced.result["outcome"] == "ok", produced.result
    assert_decodes(produced.video)
    assert produced.result["thumbnail"] is (produced.thumbnail is not None)
    if produced.thumbnail is not None:
        assert produced.thumbnail.read_bytes()[:4] == b"\x89PNG"


def test_a_faster_camera_frame_rate_does_not_stretch_the_duration_limit(render):
    produced = render(
        """
        from manim import *
        class Stretch(Scene):
            def construct(self):
                self.camera.frame_rate = 600
                self.add(Dot())
                self.wait(2)
    """,
        max_duration_seconds=3,
    )
    assert produced.result["outcome"] == "timeout", produced.result
    assert "longer than the 3 seconds allowed" in produced.result["message"]


def test_the_parents_duration_check_holds_when_the_childs_limiter_is_gone(tmp_path, monkeypatch):
    probed = []
    real = video.probe_and_finish
    monkeypatch.setattr(video, "probe_and_finish", lambda *args: probed.append(real(*args)) or probed[-1])
    produced = kernel_only(
        tmp_path,
        """
        from manim import *
        import sys
        child = sys.modules["__main__"]  # the child runs as python -m manimrender.child, not as manimrender.child
        child.DurationLimiter.check = lambda self, seconds: None  # the child's own limiter switched off
        class Long(Scene):
            def construct(self):
                self.add(Dot())
                self.wait(4)
    """,
        max_duration_seconds=2,
    )
    assert produced.result["outcome"] == "timeout", produced.result
    assert produced.video is None
    assert probed and probed[0].info.duration_seconds > 3.5  # the child delivered it: the parent refused it
    assert probed[0].copied
    # ffmpeg copied it and took a thumbnail beside the probe: neither is left to be uploaded
    assert list((tmp_path / "work" / "out").iterdir()) == []


def test_the_host_name_never_reaches_a_message(tmp_path):
    host = socket.gethostname()
    produced = kernel_only(
        tmp_path,
        """
        from manim import *
        import os, socket
        class Leak(Scene):
            def construct(self):
                raise ValueError(socket.gethostname() + " " + os.uname().nodename + " " + open("/proc/sys/kernel/hostname").read())
    """,  # noqa: E501  (one line: the message names line 6 of the scene)
    )
    assert produced.result["outcome"] == "render_error"
    assert produced.result["message"] == "line 6: ValueError: sandbox sandbox sandbox"
    assert host not in produced.result["message"]


def test_paths_outside_the_work_dir_never_reach_a_message(tmp_path):
    produced = kernel_only(
        tmp_path,
        """
        from manim import *
        import manim
        class Where(Scene):
            def construct(self):
                raise ValueError(manim.__file__ + " " + __import__("sys").executable)
    """,
    )
    message = produced.result["message"]
    assert produced.result["outcome"] == "render_error" and "/" not in message.split("ValueError:")[1], message


@pytest.mark.parametrize(
    "fmt,message",
    [
        ("mp4", "the video encoder (libx264) refused the frame size 853x481"),
        ("webm", "the video is 853x481, not the low quality's 854x480"),
    ],
)
def test_a_frame_size_the_encoder_or_the_preset_refuses_says_so(tmp_path, fmt, message):
    produced = kernel_only(
        tmp_path,
        """
        from manim import *
        config.pixel_width = 853
        config.pixel_height = 481
        class Odd(Scene):
            def construct(self):
                self.add(Dot())
                self.wait(0.2)
    """,
        format=fmt,
    )
    assert produced.result["outcome"] == "render_error", produced.result
    assert message in produced.result["message"]
