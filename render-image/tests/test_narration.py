"""Narration a listener can follow: the last line (the answer) is always spoken in full, even when the voice
runs past the end of the picture (the last frame is held), and maths is read as words."""

from __future__ import annotations

import subprocess
import wave

from manimrender import narration
from manimrender.captions import Cue


def _video(path, seconds: float, size: str = "160x120") -> None:
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size={size}:rate=15:duration={seconds}",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            str(path),
        ],
        check=True,
    )


def _seconds(path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def test_the_answer_is_spoken_even_when_the_picture_ends_first(tmp_path):
    video = tmp_path / "short.mp4"
    _video(video, 1.0)
    answer = "So the derivative of x²·sin(x) is x²·cos(x) + 2x·sin(x)."
    cues = [Cue(0.0, 0.5, "We want the derivative."), Cue(0.5, 1.0, answer)]
    narrated, seconds = narration.narrate(video, cues, "mp4", tmp_path / "work", 1.0)
    first = narration.speech_seconds(cues[0].text, tmp_path / "m")
    last = narration.speech_seconds(answer, tmp_path / "m")
    assert seconds >= first + last  # the answer waits for the first line, then is heard to its end
    assert _seconds(narrated) >= first + last - 0.1


def test_a_held_last_frame_is_encoded_at_the_videos_own_size(tmp_path):
    # holding the last frame re-encodes the picture, with a decoder per spoken line, in the tool sandbox's 1 GB
    # of address space: each of their threads took a 64 MB malloc arena, x264 failed to allocate at the low
    # quality's 854x480 and the explainer's videos lost their narration
    video = tmp_path / "low.mp4"
    _video(video, 20.0, size="854x480")
    lines = (
        "The problem: differentiate x^3.",
        "We want the derivative of x³ with respect to x.",
        "The tangent at x = 1 has slope 3: that is the derivative there.",
        "We use the power rule: bring the exponent down and subtract one.",
        "So the derivative of x³ is 3x².",
    )
    cues = [Cue(4.0 * i, 4.0 * i + 4.0, line) for i, line in enumerate(lines)]
    narrated, seconds = narration.narrate(video, cues, "mp4", tmp_path / "work", 20.0)
    assert seconds > 20.0
    assert _seconds(narrated) >= seconds - 0.1


def test_maths_reaches_espeak_as_words(tmp_path):
    # "x squared" is longer to say than "x two": the words, not the symbols, were spoken
    assert narration.speech_seconds("x²", tmp_path) > narration.speech_seconds("x 2", tmp_path)
    clip = tmp_path / "measure.wav"
    with wave.open(str(clip), "rb") as w:
        assert w.getnframes() > 0
