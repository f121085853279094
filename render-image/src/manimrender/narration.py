"""Audio description: each subtitle spoken offline with espeak-ng and mixed into the video at its time with
ffmpeg. Runs in the parent, outside the sandbox, on text that :mod:`manimrender.captions` already cleaned
(passed on stdin, never through a shell). A line that would start while the previous one is still being
spoken waits for it, so voices never overlap."""

from __future__ import annotations

import wave
from pathlib import Path

from manimrender import video as videos
from manimrender.captions import Cue
from manimrender.quality import FORMATS

WORDS_PER_MINUTE = 165
_AUDIO_CODEC = {
    "mp4": ["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"],
    "webm": ["-c:a", "libopus", "-b:a", "64k"],
}


class NarrationError(RuntimeError):
    pass


def _speak(text: str, target: Path) -> float:
    try:
        videos._run(
            ["espeak-ng", "-s", str(WORDS_PER_MINUTE), "-w", str(target), "--stdin"],
            timeout=60,
            stdin=text.encode("utf-8"),
        )
        spoken = target.is_file()
    except videos.VideoError:
        spoken = False
    if not spoken:
        raise NarrationError("espeak-ng could not speak a caption")
    with wave.open(str(target), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def narrate(video: Path, cues: list[Cue], fmt: str, work: Path, video_seconds: float) -> Path:
    """A copy of ``video`` with the spoken cues as its audio track; returns its path."""
    work.mkdir(parents=True, exist_ok=True)
    inputs, filters, labels = [], [], []
    free_at = 0.0
    for i, cue in enumerate(cues):
        clip = work / f"cue-{i}.wav"
        length = _speak(cue.text, clip)
        start = max(cue.start, free_at)
        if start >= video_seconds:
            break
        free_at = start + length
        inputs += ["-i", str(clip)]
        delay = int(round(start * 1000))
        filters.append(f"[{len(labels) + 1}:a]adelay={delay}|{delay}[a{len(labels)}]")
        labels.append(f"[a{len(labels)}]")
    if not labels:
        raise NarrationError("no caption to speak")
    mix = "".join(labels) + f"amix=inputs={len(labels)}:normalize=0:duration=longest,apad[aout]"
    target = work / f"narrated.{fmt}"
    try:
        videos._run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-y",
                *videos._input(video, fmt),
                *inputs,
                "-filter_complex",
                ";".join(filters + [mix]),
                "-map",
                "0:v",
                "-map",
                "[aout]",
                "-c:v",
                "copy",
                *_AUDIO_CODEC[fmt],
                "-t",
                f"{video_seconds:.3f}",
                str(target),
            ],
            timeout=300,
        )
    except videos.VideoError:
        raise NarrationError("the narration could not be mixed into the video") from None
    return target


assert set(_AUDIO_CODEC) == set(FORMATS)
