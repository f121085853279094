"""Audio description: each subtitle spoken offline with espeak-ng and mixed into the video at its time with
ffmpeg. Runs in the parent, outside the sandbox, on text that :mod:`manimrender.captions` already cleaned
(passed on stdin, never through a shell). A line that would start while the previous one is still being
spoken waits for it, so voices never overlap. Maths is read as words first (:mod:`manimrender.speech`), and
when the voice runs past the end of the picture the last frame is held until the last line (the answer) has
been spoken, never cut off."""

from __future__ import annotations

import wave
from pathlib import Path

from manimrender import catalog
from manimrender import video as videos
from manimrender.captions import Cue
from manimrender.quality import FORMATS
from manimrender.speech import spoken as spoken_words

WORDS_PER_MINUTE = 165
_AUDIO_CODEC = {
    "mp4": ["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"],
    "webm": ["-c:a", "libopus", "-b:a", "64k"],
}
# Used only when the last frame must be held longer (the picture is re-encoded then, not copied).
_VIDEO_CODEC = {
    "mp4": ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"],
    "webm": ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "33", "-deadline", "realtime", "-cpu-used", "8"],
}
TAIL_SECONDS = 0.4  # silence after the last line before the video ends


class NarrationError(RuntimeError):
    pass


def _speak(text: str, target: Path, language: str = "en") -> float:
    try:
        videos._run(
            ["espeak-ng", "-v", catalog.voice(language), "-s", str(WORDS_PER_MINUTE), "-w", str(target), "--stdin"],
            timeout=60,
            stdin=spoken_words(text, language).encode("utf-8"),
        )
        spoken = target.is_file()
    except videos.VideoError:
        spoken = False
    if not spoken:
        raise NarrationError("espeak-ng could not speak a caption")
    with wave.open(str(target), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def speech_seconds(text: str, work: Path, language: str = "en") -> float:
    """How long espeak-ng takes to say ``text`` (as narration would say it), measured from its audio."""
    work.mkdir(parents=True, exist_ok=True)
    return _speak(text, work / "measure.wav", language)


def narrate(
    video: Path, cues: list[Cue], fmt: str, work: Path, video_seconds: float, language: str = "en"
) -> tuple[Path, float]:
    """A copy of ``video`` with the spoken cues as its audio track, in ``language``'s voice: its path and its
    length in seconds (longer than ``video_seconds`` when the last frame was held for the voice to finish)."""
    work.mkdir(parents=True, exist_ok=True)
    inputs: list[str] = []
    filters: list[str] = []
    labels: list[str] = []
    free_at = 0.0
    for i, cue in enumerate(cues):
        clip = work / f"cue-{i}.wav"
        length = _speak(cue.text, clip, language)
        start = max(cue.start, free_at)
        free_at = start + length
        inputs += ["-i", str(clip)]
        delay = int(round(start * 1000))
        filters.append(f"[{len(labels) + 1}:a]adelay={delay}|{delay}[a{len(labels)}]")
        labels.append(f"[a{len(labels)}]")
    if not labels:
        raise NarrationError("no caption to speak")
    seconds = max(video_seconds, free_at + TAIL_SECONDS)
    held = seconds - video_seconds > 0.05
    picture = ["-map", "0:v", "-c:v", "copy"]
    if held:
        filters.append(f"[0:v]tpad=stop_mode=clone:stop_duration={seconds - video_seconds:.3f}[vout]")
        picture = ["-map", "[vout]", *_VIDEO_CODEC[fmt]]
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
                *picture,
                "-map",
                "[aout]",
                *_AUDIO_CODEC[fmt],
                "-t",
                f"{seconds:.3f}",
                str(target),
            ],
            timeout=300,
        )
    except videos.VideoError:
        raise NarrationError("the narration could not be mixed into the video") from None
    return target, seconds


assert set(_AUDIO_CODEC) == set(FORMATS)
