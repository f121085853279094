"""Subtitles, transcript and audio description: Manim's subcaptions become WebVTT in sync with the scene,
a plain transcript, and (when asked) spoken audio mixed into the video; hostile cue text is cleaned."""

from __future__ import annotations

import json
import re
import subprocess

from manimrender import captions

SUBTITLED = """
from manim import *

class Subtitled(Scene):
    def construct(self):
        square = Square()
        self.play(Create(square), run_time=1, subcaption="First we draw a square.", subcaption_duration=2)
        self.wait(1)
        self.add_subcaption("Then it turns into a circle.", duration=2.5)
        self.play(Transform(square, Circle()), run_time=1.5)
        self.wait(1)
        self.play(FadeOut(square), run_time=0.5, subcaption="That is all.")
"""
# (start, end, text) as the scene sets them: play/add_subcaption start at the scene time they are called
EXPECTED = [
    (0.0, 2.0, "First we draw a square."),
    (2.0, 4.5, "Then it turns into a circle."),
    (4.5, 5.0, "That is all."),
]


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    assert text.startswith("WEBVTT\n\n")
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        m = re.fullmatch(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})", lines[1])
        assert m, lines
        n = [int(g) for g in m.groups()]
        cues.append(
            (
                n[0] * 3600 + n[1] * 60 + n[2] + n[3] / 1000,
                n[4] * 3600 + n[5] * 60 + n[6] + n[7] / 1000,
                "\n".join(lines[2:]),
            )
        )
    return cues


def audio_streams(video) -> list[dict]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a",
            "-show_entries",
            "stream=codec_name,duration",
            "-of",
            "json",
            str(video),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out).get("streams", [])


def test_subcaptions_become_webvtt_in_sync_and_a_transcript_without_sound(render):
    produced = render(SUBTITLED)
    assert produced.result["outcome"] == "ok", produced.result
    assert produced.result["captions"] is True and "narrated" not in produced.result
    cues = parse_vtt(produced.captions.read_text(encoding="utf-8"))
    assert [c[2] for c in cues] == [e[2] for e in EXPECTED]
    for (start, end, _), (want_start, want_end, _) in zip(cues, EXPECTED, strict=True):
        assert abs(start - want_start) <= 0.5 and abs(end - want_end) <= 0.5, cues
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:], strict=False))  # one caption at a time
    assert produced.transcript.read_text(encoding="utf-8").splitlines() == [e[2] for e in EXPECTED]
    assert audio_streams(produced.video) == []


def test_audio_description_speaks_the_captions_into_the_video(render):
    produced = render(SUBTITLED, narration=True)
    assert produced.result["outcome"] == "ok", produced.result
    assert produced.result["narrated"] is True
    streams = audio_streams(produced.video)
    assert len(streams) == 1 and streams[0]["codec_name"] == "aac"
    # sound where the first caption is spoken, silence before the first word is impossible to hear wrongly:
    # measure the loudness of the first two seconds against digital silence
    volume = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "info",
            "-t",
            "2",
            "-i",
            str(produced.video),
            "-map",
            "0:a",
            "-af",
            "volumedetect",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    ).stderr
    peak = float(re.search(r"max_volume: (-?[\d.]+) dB", volume).group(1))
    assert peak > -30, volume


def test_no_subcaptions_means_no_files_and_audio_description_says_why(render):
    produced = render(
        """
        from manim import *

        class Quiet(Scene):
            def construct(self):
                self.play(Create(Square()), run_time=0.5)
    """,
        narration=True,
    )
    assert produced.result["outcome"] == "ok"
    assert produced.captions is None and produced.transcript is None
    assert produced.result["captions"] is False
    assert "no subcaptions" in produced.result["message"]
    assert audio_streams(produced.video) == []


def test_reported_cues_are_untrusted_and_cleaned():
    reported = [
        {"start": 0, "end": 1, "text": "ok"},
        {"start": 1, "end": 2, "text": "evil\n\n99\n00:00:00.000 --> 00:09:00.000\ninjected\x07"},
        {"start": "1", "end": 2, "text": "string time"},
        {"start": 3, "end": 2, "text": "backwards"},
        {"start": 4, "end": float("inf"), "text": "endless"},
        {"start": 5, "end": 99, "text": "clipped to the video"},
        "not a dict",
    ] + [{"start": 6, "end": 7, "text": "x"}] * 1000
    cues = captions.cues_from(reported, video_seconds=8.0)
    assert len(cues) <= captions.MAX_CUES
    assert cues[0] == captions.Cue(0.0, 1.0, "ok")
    assert cues[1].text == "evil 99 00:00:00.000 → 00:09:00.000 injected"
    assert captions.Cue(5.0, 6.0, "clipped to the video") in cues  # to the video, then to the next cue
    assert not any(c.text in ("string time", "backwards", "endless") for c in cues)
    vtt = captions.webvtt(cues)
    assert len(parse_vtt(vtt)) == len(cues)
    assert captions.cues_from({"not": "a list"}, 8.0) == []
