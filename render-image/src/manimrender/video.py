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
    """Runs a tool on untrusted data in its own sandbox (every one the parent starts goes through here or
    :func:`probe_and_finish`), with the directories of the paths in its arguments as the only ones it sees of
    the job; returns its output."""
    try:
        return toolbox.run(args, _dirs(args), timeout=timeout, stdin=stdin).decode("utf-8", "replace")
    except toolbox.ToolFailed as e:
        raise VideoError(str(e)) from None


def _dirs(*commands: list[str]) -> list[Path]:
    paths = (a.removeprefix("file:") for args in commands for a in args[1:])
    return sorted({Path(p).parent for p in paths if p.startswith("/")})


def _input(path: Path, fmt: str) -> list[str]:
    return ["-protocol_whitelist", "file", "-f", DEMUXERS[fmt][0], "-i", f"file:{path}"]


@dataclass(frozen=True)
class Finished:
    info: VideoInfo | None  # None: the probe could not read the video
    copied: bool  # ffmpeg made the clean copy (and tried the thumbnail)


def probe_and_finish(source: Path, fmt: str, max_frames: int, target: Path, thumbnail: Path, at: float) -> Finished:
    """Probes the video (:func:`probe_command`) and, at the same time in the same tool sandbox, copies its
    streams into a clean container and takes the thumbnail (:func:`finish_command`): one sandbox set-up for
    the two tools. The caller keeps the copy and the thumbnail only when the probe accepts the video."""
    thumbnail.unlink(missing_ok=True)
    probing, finishing = probe_command(source, fmt, max_frames), finish_command(source, fmt, target, thumbnail, at)
    try:
        out, (probed, copied) = toolbox.run_together([probing, finishing], _dirs(probing, finishing))
    except toolbox.ToolFailed:
        return Finished(None, False)
    try:
        info = _video_info(out.decode("utf-8", "replace")) if probed else None
    except VideoError:
        info = None
    return Finished(info, copied)


def probe_command(path: Path, fmt: str, max_frames: int) -> list[str]:
    """ffprobe for what the container says of its first video stream, and the size of each of its first
    ``max_frames`` + 1 frames, every one decoded: the header describes only the first frames, and a file joined
    from encodes of different sizes keeps the first one's header. One frame more than allowed is enough to
    refuse a video for its length, so no more are read (``frames`` counts those read). The codec is the
    stream's: every frame is decoded with its decoder. Without the loop filter (deblocking smooths pixels
    after a frame's size is set; about a sixth of the decoding)."""
    return [
        "ffprobe",
        "-v",
        "error",
        "-skip_loop_filter",
        "all",
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


def _video_info(out: str) -> VideoInfo:
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


_FFMPEG = ["ffmpeg", "-nostdin", "-v", "error", "-y"]


def _png(stream: str, thumbnail: Path) -> list[str]:
    return ["-map", stream, "-frames:v", "1", "-update", "1", "-f", "image2", "-c:v", "png", str(thumbnail)]


def finish_command(source: Path, fmt: str, target: Path, thumbnail: Path, at: float) -> list[str]:
    """ffmpeg copying the streams into a clean container (mp4 gets faststart, moov first, for progressive
    playback) and taking the thumbnail, a PNG of the frame ``at`` seconds in. The thumbnail reads the file a
    second time, seeking to its moment, so only the frames from the key frame before it are decoded (a seek
    on the output side decodes every frame, for as long as the copy runs)."""
    extra = ["-movflags", "+faststart"] if fmt == "mp4" else []
    copy = ["-map", "0:v:0", "-map", "0:a?", "-c", "copy", "-map_metadata", "-1", *extra, "-f", fmt, str(target)]
    seek = ["-ss", f"{at:.3f}", "-t", "1"]  # the second input: from the moment on, for a second at most
    return [*_FFMPEG, *_input(source, fmt), *seek, *_input(source, fmt), *copy, *_png("1:v:0", thumbnail)]


def first_frame(video: Path, fmt: str, thumbnail: Path) -> bool:
    """The thumbnail from the first frame (a seek past a very short video's last frame writes none); whether
    one was written."""
    try:
        _run([*_FFMPEG, *_input(video, fmt), *_png("0:v:0", thumbnail)])
    except VideoError:
        return False
    return written(thumbnail)


def written(path: Path) -> bool:
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
