"""Probes, finishes (faststart) and thumbnails the rendered video with ffprobe/ffmpeg in the trusted parent.

The file was written by untrusted code, so the tools run in a sandbox of their own (:mod:`manimrender.toolbox`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from manimrender import toolbox


class VideoError(Exception):
    pass


# ffprobe/ffmpeg read the untrusted file with the demuxer of the expected container forced and only the file
# protocol, so a playlist, a concat list or a URL in disguise is never followed.
DEMUXERS = {"mp4": ("mov", "mp4"), "webm": ("matroska", "webm")}


@dataclass(frozen=True)
class VideoInfo:
    container: str
    codec: str
    width: int
    height: int
    duration_seconds: float
    frames: int
    # (width, height) of every frame decoded: one, the header's, in a sound video
    frame_sizes: frozenset[tuple[int, int]]


def _run(args: list[str], timeout: float = 120, stdin: bytes | None = None) -> str:
    """Runs a tool on untrusted data in its own sandbox (every one the parent starts goes through here), with
    the directories of the paths in its arguments as the only ones it sees of the job; returns its output."""
    dirs = {Path(a.removeprefix("file:")).parent for a in args[1:] if a.removeprefix("file:").startswith("/")}
    try:
        return toolbox.run(args, sorted(dirs), timeout=timeout, stdin=stdin).decode("utf-8", "replace")
    except toolbox.ToolFailed as e:
        raise VideoError(str(e)) from None


def _input(path: Path, fmt: str) -> list[str]:
    return ["-protocol_whitelist", "file", "-f", DEMUXERS[fmt][0], "-i", f"file:{path}"]


def probe(path: Path, fmt: str, max_frames: int) -> VideoInfo:
    """What the container says of its first video stream, and the size of each of its first ``max_frames`` + 1
    frames, every one decoded, in one run of ffprobe: the header describes only the first frames, and a file
    joined from encodes of different sizes keeps the first one's header. One frame more than allowed is enough
    to refuse a video for its length, so no more are read (``frames`` counts those read). The codec is the
    stream's: every frame is decoded with its decoder."""
    out = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-read_intervals",
            f"%+#{max_frames + 1}",
            "-count_packets",
            "-show_entries",
            "stream=codec_name,width,height,nb_read_packets:format=duration,format_name:frame=width,height",
            "-of",
            "json=c=1",
            *_input(path, fmt),
        ]
    )
    try:
        data = json.loads(out)
        stream = data["streams"][0]
        return VideoInfo(
            container=data["format"]["format_name"],
            codec=stream["codec_name"],
            width=int(stream["width"]),
            height=int(stream["height"]),
            duration_seconds=float(data["format"]["duration"]),
            frames=int(stream.get("nb_read_packets", 0)),
            frame_sizes=frozenset((int(f["width"]), int(f["height"])) for f in data.get("frames", [])),
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise VideoError("the video could not be read") from None


def finish(source: Path, target: Path, fmt: str, thumbnail: Path, at: float) -> bool:
    """Copies the streams into a clean container (mp4 gets faststart, moov first, for progressive playback)
    and takes the thumbnail, a PNG of the frame ``at`` seconds in, in the same run of ffmpeg. Returns whether
    the thumbnail was written: a seek past a very short video's last frame writes none, and then the first
    frame is taken."""
    extra = ["-movflags", "+faststart"] if fmt == "mp4" else []
    png = ["-map", "0:v:0", "-frames:v", "1", "-update", "1", "-f", "image2", "-c:v", "png"]
    copy = ["-map", "0:v:0", "-map", "0:a?", "-c", "copy", "-map_metadata", "-1", *extra, "-f", fmt, str(target)]
    thumbnail.unlink(missing_ok=True)
    ffmpeg = ["ffmpeg", "-nostdin", "-v", "error", "-y", *_input(source, fmt)]
    _run([*ffmpeg, *copy, *png, "-ss", f"{at:.3f}", str(thumbnail)])
    if not _written(thumbnail):
        try:
            _run([*ffmpeg, *png, str(thumbnail)])
        except VideoError:
            return False
    return _written(thumbnail)


def _written(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def concat(directory: Path, names: list[str], target: Path, fmt: str) -> None:
    """Joins the videos ``names`` (files in ``directory``, in order) into ``target`` without re-encoding: the
    concat demuxer in its safe mode (plain names beside the list only) and the file protocol only. Their
    streams must be alike (the parts of one scene, one preset); the joined file is probed like any output."""
    listing = directory / "parts.ffconcat"
    listing.write_text("ffconcat version 1.0\n" + "".join(f"file '{n}'\n" for n in names), encoding="utf-8")
    target.unlink(missing_ok=True)
    _run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-f",
            "concat",
            "-safe",
            "1",
            "-i",
            f"file:{listing}",
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-f",
            fmt,
            str(target),
        ]
    )
