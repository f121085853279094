"""The render child: runs one scene of untrusted code under the runtime guard.

Started by :mod:`manimrender.sandbox` as ``python -s -m manimrender.child SPEC_JSON`` with resource limits,
a scrubbed environment, stdin closed and the work dir as cwd. It reports JSON lines on the file
descriptor named in the spec: ``progress`` while frames are written, then one ``done`` or ``failed``.
Nothing here is trusted by the parent beyond what it can check itself (the video is probed there).
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import re
import sys
import time
import traceback

from manimrender import policy
from manimrender.quality import QUALITIES
from manimrender.guard import DVISVGM_SAFE_FLAG, LATEX_SAFE_FLAG, USER_FILENAME, RuntimeGuard

_REMOVED_BUILTINS = frozenset(n for n in policy.DENIED_NAMES if hasattr(builtins, n) and n != "__import__")


class DurationExceeded(BaseException):
    """Raised when the video would run past the job's maximum duration (BaseException: hard to swallow)."""


class Reporter:
    def __init__(self, fd: int):
        self._out = os.fdopen(fd, "w", buffering=1, closefd=True)

    def send(self, event: dict) -> None:
        try:
            self._out.write(json.dumps(event) + "\n")
        except (OSError, ValueError):
            pass


class DurationLimiter:
    """Stops the render once the video would exceed ``max_seconds`` and reports progress as frames go out."""

    def __init__(self, max_seconds: float, reporter: Reporter):
        self.max_seconds = max_seconds
        self.reporter = reporter
        self.exceeded_at: float | None = None
        self._last_report = 0.0

    def install(self) -> None:
        from manim.renderer.cairo_renderer import CairoRenderer
        from manim.scene.scene import Scene

        limiter = self
        compile_animation_data = Scene.compile_animation_data
        add_frame = CairoRenderer.add_frame

        def guarded_compile(scene, *args, **kwargs):
            result = compile_animation_data(scene, *args, **kwargs)
            limiter.check(scene.renderer.time + float(scene.duration or 0))
            return result

        def guarded_add_frame(renderer, frame, num_frames=1):
            dt = renderer.camera.frame_rate and 1 / renderer.camera.frame_rate or 0
            limiter.check(renderer.time + num_frames * dt - dt)
            add_frame(renderer, frame, num_frames)
            limiter.progress(renderer.time)

        Scene.compile_animation_data = guarded_compile
        CairoRenderer.add_frame = guarded_add_frame

    def check(self, video_seconds: float) -> None:
        if self.exceeded_at is not None or video_seconds > self.max_seconds + 1e-6:
            if self.exceeded_at is None:
                self.exceeded_at = video_seconds
            raise DurationExceeded()

    def progress(self, video_seconds: float) -> None:
        now = time.monotonic()
        if now - self._last_report >= 0.5:
            self._last_report = now
            self.reporter.send({"event": "progress", "videoSeconds": round(video_seconds, 2)})


def configure_manim(spec: dict) -> None:
    from manim import config

    config.quality = QUALITIES[spec["quality"]].manim_preset
    config.format = spec["format"]
    config.media_dir = os.path.join(spec["work_dir"], "media")
    config.disable_caching = True
    config.progress_bar = "none"
    config.verbosity = "WARNING"
    config.preview = False
    config.write_to_movie = True
    config.save_last_frame = False


def harden_tex() -> None:
    """Adds the safety flags to the latex and dvisvgm commands Manim runs (the guard insists on them)."""
    import subprocess
    import types

    from manim.utils import tex_file_writing

    def run(command, *args, **kwargs):
        command = list(command)
        if command and command[0] in ("latex", "pdflatex"):
            command.insert(1, LATEX_SAFE_FLAG)
        elif command and command[0] == "dvisvgm":
            command.insert(1, DVISVGM_SAFE_FLAG)
        return subprocess.run(command, *args, **kwargs)

    tex_file_writing.subprocess = types.SimpleNamespace(run=run, DEVNULL=subprocess.DEVNULL)


def user_builtins() -> dict:
    """The builtins user code sees: the policy's denied names removed, imports limited to the allow-list."""
    namespace = {k: v for k, v in vars(builtins).items() if k not in _REMOVED_BUILTINS}
    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        caller = sys._getframe(1).f_code.co_filename
        if caller == USER_FILENAME:
            root = name.split(".")[0]
            if level or root not in policy.ALLOWED_MODULES or any(
                name == d or name.startswith(d + ".") for d in policy.DENIED_SUBMODULES
            ):
                raise ImportError(f"importing {name!r} is not allowed")
        return real_import(name, globals, locals, fromlist, level)

    namespace["__import__"] = guarded_import
    return namespace


def user_line(tb) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == USER_FILENAME:
            line = lineno
    return line


def tex_error(message: str) -> str | None:
    """Manim's LaTeX failures point at a log file; the first '!' line of that log says what went wrong."""
    found = re.search(r"latex error converting to \w+.*log file: (\S+)", message)
    if not found:
        return None
    try:
        with open(found.group(1), encoding="utf-8", errors="replace") as log:
            cause = next((line[1:].strip() for line in log if line.startswith("!")), None)
    except OSError:
        cause = None
    return f"LaTeX could not typeset the text: {cause or 'see the log'}"


def safe_text(text: str, work_dir: str, limit: int = 300) -> str:
    text = text.replace(work_dir + "/", "").replace(work_dir, ".")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run(spec: dict, reporter: Reporter) -> dict:
    work_dir = spec["work_dir"]
    with open(spec["code_path"], encoding="utf-8") as f:
        source = f.read()
    import manim  # noqa: F401  (imported before the guard and user code: all of Manim is loaded from trusted code)
    from manim.scene.scene import Scene

    configure_manim(spec)
    harden_tex()
    limiter = DurationLimiter(float(spec["max_duration"]), reporter)
    limiter.install()
    code = compile(source, USER_FILENAME, "exec")
    guard = RuntimeGuard(work_dir)
    namespace = {"__name__": "__scene__", "__builtins__": user_builtins()}
    guard.install()
    try:
        exec(code, namespace)
        cls = namespace.get(spec["scene"])
        if not (isinstance(cls, type) and issubclass(cls, Scene)):
            return {"event": "failed", "outcome": "render_error", "message": f"the scene {spec['scene']!r} was not found"}
        scene = cls()
        scene.render()
        error = None
    except DurationExceeded:
        error = None
    except BaseException as e:  # noqa: BLE001  (user code can raise anything; it is reported, not re-raised)
        error = e
    if guard.first_refusal is not None:
        refusal = guard.first_refusal
        return {"event": "failed", "outcome": "render_error", "line": refusal.line,
                "message": safe_text(f"the scene tried to {refusal.action}, which is not allowed", work_dir)}
    if limiter.exceeded_at is not None:
        return {"event": "failed", "outcome": "timeout",
                "message": f"the video would be longer than the {limiter.max_seconds:g} seconds allowed"}
    if error is not None:
        line = user_line(error.__traceback__)
        if isinstance(error, MemoryError):
            return {"event": "failed", "outcome": "resource_limit", "line": line,
                    "message": "the scene used more memory than allowed"}
        if isinstance(error, OSError) and error.errno == errno.EFBIG:
            return {"event": "failed", "outcome": "resource_limit", "line": line,
                    "message": "the scene wrote a file larger than allowed"}
        if isinstance(error, RecursionError):
            return {"event": "failed", "outcome": "resource_limit", "line": line,
                    "message": "the scene recursed too deeply"}
        text = tex_error(str(error)) or (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
        return {"event": "failed", "outcome": "render_error", "line": line, "message": safe_text(text, work_dir)}
    movie = scene.renderer.file_writer.movie_file_path
    return {"event": "done", "video": str(movie), "videoSeconds": round(float(scene.renderer.time), 3)}


def main() -> None:
    spec = json.loads(sys.argv[1])
    reporter = Reporter(spec["report_fd"])
    try:
        reporter.send(run(spec, reporter))
    except BaseException as e:  # noqa: BLE001  (a failure before user code ran: the renderer's own fault)
        traceback.print_exc()
        reporter.send({"event": "failed", "outcome": "internal_error",
                       "message": f"the renderer failed to start: {type(e).__name__}"})
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
