"""The presigned URLs out of the render job's environment, before anything else of the job is loaded: the job
takes them and starts itself again (same process, ``execve``) with an environment that has none, so none is
left in ``/proc/<pid>/environ``; they come back through a pipe. Light on purpose (no numpy, no Manim): it runs
before the job's own imports, which would otherwise be paid twice."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import MutableMapping

PREFIX = "MANIMRENDER_"
# each variable's whole name, as the operator's RenderJobFactory writes it (a search for the name finds both)
URL_VARIABLES = (
    "MANIMRENDER_CODE_URL",
    "MANIMRENDER_VIDEO_PUT_URL",
    "MANIMRENDER_THUMBNAIL_PUT_URL",
    "MANIMRENDER_PROGRESS_PUT_URL",
    "MANIMRENDER_LOG_PUT_URL",
    "MANIMRENDER_CAPTIONS_PUT_URL",
    "MANIMRENDER_TRANSCRIPT_PUT_URL",
    "MANIMRENDER_RESULT_PUT_URL",
    # a render in parts (manimrender.part_job): one URL a line, a line per part
    "MANIMRENDER_PART_VIDEO_PUT_URLS",
    "MANIMRENDER_PART_RESULT_PUT_URLS",
    "MANIMRENDER_PART_PROGRESS_PUT_URLS",
    "MANIMRENDER_PART_LOG_PUT_URLS",
    "MANIMRENDER_PART_VIDEO_URLS",
    "MANIMRENDER_PART_RESULT_URLS",
    # the part that joins: the video and result an earlier try of it may have stored (GETs)
    "MANIMRENDER_STORED_VIDEO_URL",
    "MANIMRENDER_STORED_RESULT_URL",
)
# not a secret: the number of the pipe the URLs arrive through once the job has started itself again
URLS_FD = "MANIMRENDER_URLS_FD"


def make_undumpable() -> None:
    """PR_SET_DUMPABLE 0 on this (trusted) process: its /proc/<pid>/environ and /mem become unreadable to
    anything not root, so even the unsandboxed development mode keeps the presigned URLs out of reach."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def restart_holding_none() -> None:
    """Call first: when the environment holds URLs, takes them and starts the job again without them (never
    returns then); otherwise returns."""
    urls = take_urls(os.environ)
    if urls:
        restart_without(urls)


def take_urls(environ: MutableMapping[str, str]) -> dict[str, str]:
    """Removes every presigned URL from the environment; call before anything else runs. The URLs are keyed by
    the name without the prefix (``CODE_URL``)."""
    return {name.removeprefix(PREFIX): environ.pop(name) for name in URL_VARIABLES if name in environ}


def restart_without(urls: dict[str, str]) -> None:
    """Starts the job again (same process, ``execve``) with an environment that has no URL, so none is left in
    ``/proc/<pid>/environ``; the URLs go through a pipe whose number is the one variable added. Never returns."""
    make_undumpable()  # until the exec: the old environment block is not readable by the service's user either
    data = json.dumps(urls).encode()
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)  # the URLs must fit the pipe's buffer (64 KiB) at once: nobody reads yet
    written = os.write(write_end, data)
    os.close(write_end)
    if written != len(data):
        raise RuntimeError("the presigned URLs do not fit the pipe that hands them over")
    os.set_inheritable(read_end, True)
    environment = {**os.environ, URLS_FD: str(read_end)}
    os.execve(sys.executable, [sys.executable, "-m", "manimrender", "job"], environment)


def received_urls(environ: MutableMapping[str, str]) -> dict[str, str]:
    """The URLs :func:`restart_without` handed over (none when the job was started without any)."""
    fd = environ.pop(URLS_FD, None)
    if fd is None:
        return {}
    with os.fdopen(int(fd), "rb") as pipe:
        return json.loads(pipe.read())
