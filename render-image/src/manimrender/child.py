"""The render child: runs one scene of untrusted code, inside the kernel sandbox (:mod:`manimrender.sandbox`).

Started as ``python -s -P -m manimrender.child SPEC_JSON`` (the spec carries the code), with stdin closed and
a fresh environment. It reports JSON lines on the descriptor ``report_fd``: ``started``, ``loaded`` once Manim
is ready, ``progress`` while frames are written, then one ``done`` or ``failed``; a finished video is copied
into ``output_fd``, a pipe the parent drains. The runtime guard and the restricted builtins here are friendly
early errors, not the wall: nothing this process says is trusted by the parent, which probes the video itself.

Order of a render (:func:`run`): Manim is loaded and configured, :class:`SceneHooks` are collected, the user
module runs, ``before_scene`` hooks get the scene object, then ``scene.render()``; ``after_play`` hooks run
after each ``play()``/``wait()``. Features that change or inspect the scene add a hook in :func:`scene_hooks`.
"""

from __future__ import annotations

import builtins
import dis
import errno
import json
import os
import re
import shutil
import sys
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass, field

from manimrender import animation_range, captions, policy, tex_glyphs
from manimrender.critic import LayoutCritic
from manimrender.guard import DVISVGM_SAFE_FLAG, LATEX_SAFE_FLAG, USER_FILENAME, RuntimeGuard
from manimrender.still import StillScene
from manimrender.theme import Theme

_REMOVED_BUILTINS = frozenset(n for n in policy.DENIED_NAMES if hasattr(builtins, n) and n != "__import__")
_IMPORT_NAME = dis.opmap["IMPORT_NAME"]
USER_MODULE = "__scene__"


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


@dataclass
class SceneHooks:
    """Extension points around the user's scene; each hook gets the scene object."""

    before_scene: list[Callable] = field(default_factory=list)
    after_play: list[Callable] = field(default_factory=list)
    # each gets the finished scene and returns fields for the ``done`` report (subtitles, layout findings)
    reports: list[Callable] = field(default_factory=list)

    def install(self) -> None:
        from manim.scene.scene import Scene

        hooks, play, wait = self, Scene.play, Scene.wait

        def hooked_play(scene, *args, **kwargs):
            result = play(scene, *args, **kwargs)
            for hook in hooks.after_play:
                hook(scene)
            return result

        def hooked_wait(scene, *args, **kwargs):
            result = wait(scene, *args, **kwargs)
            for hook in hooks.after_play:
                hook(scene)
            return result

        if self.after_play:
            Scene.play, Scene.wait = hooked_play, hooked_wait


def scene_hooks(spec: dict) -> SceneHooks:
    """The hooks of this render (theme, layout checks and the like register here)."""
    hooks = SceneHooks()
    theme = Theme.of(spec.get("theme"))
    if theme != Theme():
        hooks.before_scene.append(theme.before_scene)
    still = StillScene(float(spec["max_duration"]))
    hooks.before_scene.append(still.before_scene)
    hooks.reports.append(still.report)
    critic = LayoutCritic(USER_FILENAME)
    hooks.after_play.append(critic.after_play)
    hooks.reports.append(lambda scene: {"layout": critic.findings})
    hooks.reports.append(lambda scene: {"subcaptions": captions.collect(scene)})
    for ranged in animation_range.hooks_of(spec):  # a plan's count or a part's own subcaptions
        hooks.after_play.append(ranged.after_play)
        hooks.reports.append(ranged.report)
    return hooks


class DurationLimiter:
    """Stops the render once the video would exceed ``max_seconds``, counting the frames actually written at
    the preset's frame rate (a scene that changes its camera's frame rate cannot slow the count), and reports
    progress as frames go out."""

    def __init__(self, max_seconds: float, fps: int, reporter: Reporter):
        self.max_seconds = max_seconds
        self.fps = fps
        self.reporter = reporter
        self.frames = 0
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
            limiter.check(limiter.frames / limiter.fps + float(scene.duration or 0))
            return result

        def guarded_add_frame(renderer, frame, num_frames=1):
            limiter.check((limiter.frames + num_frames - 1) / limiter.fps)
            limiter.frames += num_frames
            add_frame(renderer, frame, num_frames)
            limiter.progress(limiter.frames / limiter.fps)

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

    config.quality = spec["manim_preset"]
    config.format = spec["format"]
    config.media_dir = os.path.join(spec["work_dir"], "media")
    tex_glyphs.seed(config.get_dir("tex_dir"))  # numbers' glyphs typeset with the image, not again here
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


def _is_import_statement(frame) -> bool:
    """True when the frame is executing an ``import`` statement, not a call into a library that imports
    lazily (numpy's array methods import their helpers on first use, with the caller's builtins)."""
    return frame.f_code.co_code[frame.f_lasti] == _IMPORT_NAME


def user_builtins() -> dict:
    """The builtins user code sees: the policy's denied names removed, imports limited to the allow-list."""
    namespace = {k: v for k, v in vars(builtins).items() if k not in _REMOVED_BUILTINS}
    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        caller = sys._getframe(1)
        if caller.f_code.co_filename == USER_FILENAME and _is_import_statement(caller):
            root = name.split(".")[0]
            if (
                level
                or root not in policy.ALLOWED_MODULES
                or any(name == d or name.startswith(d + ".") for d in policy.DENIED_SUBMODULES)
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


def encoder_error(message: str) -> str | None:
    """The encoder refusing to open (an odd frame size for libx264, say) is said plainly."""
    found = re.search(r"Failed to encode video segment .*?\(\w+/(\w+)/\w+, (\d+)x(\d+)", message)
    if not found or "avcodec_open2" not in message:
        return None
    encoder, width, height = found.groups()
    return (
        f"the video encoder ({encoder}) refused the frame size {width}x{height}; the quality presets "
        "set the size (width and height must be even)"
    )


def run(spec: dict, reporter: Reporter) -> dict:
    work_dir = spec["work_dir"]
    python_layers = spec.get("python_layers", True)
    import manim  # noqa: F401  (imported before the guard and user code: all of Manim is loaded from trusted code)
    from manim.scene.scene import Scene

    configure_manim(spec)
    animation_range.configure(spec)
    harden_tex()
    limiter = DurationLimiter(float(spec["max_duration"]), spec["fps"], reporter)
    limiter.install()
    hooks = scene_hooks(spec)
    hooks.install()
    reporter.send({"event": "loaded"})  # Manim is ready: the parent times the import apart from the render
    code = compile(spec["code"], USER_FILENAME, "exec")
    guard = RuntimeGuard(work_dir)
    module = types.ModuleType(USER_MODULE)  # a real module: dataclasses, enum and pickle-style lookups find it
    sys.modules[USER_MODULE] = module
    namespace = module.__dict__
    namespace["__builtins__"] = user_builtins() if python_layers else builtins
    if python_layers:
        guard.install()
    scene = None
    try:
        exec(code, namespace)
        cls = namespace.get(spec["scene"])
        if not (isinstance(cls, type) and issubclass(cls, Scene)):
            return {
                "event": "failed",
                "outcome": "render_error",
                "message": f"the scene {spec['scene']!r} was not found",
            }
        scene = cls()
        for hook in hooks.before_scene:
            hook(scene)
        scene.render()
        error = None
    except DurationExceeded:
        error = None
    except BaseException as e:  # noqa: BLE001  (user code can raise anything; it is reported, not re-raised)
        error = e
    if guard.first_refusal is not None:
        refusal = guard.first_refusal
        return {
            "event": "failed",
            "outcome": "render_error",
            "line": refusal.line,
            "message": f"the scene tried to {refusal.action}, which is not allowed",
        }
    if limiter.exceeded_at is not None:
        return {
            "event": "failed",
            "outcome": "timeout",
            "message": f"the video would be longer than the {limiter.max_seconds:g} seconds allowed",
        }
    if error is not None:
        line = user_line(error.__traceback__)
        if isinstance(error, MemoryError):
            return {
                "event": "failed",
                "outcome": "resource_limit",
                "line": line,
                "message": "the scene used more memory than allowed",
            }
        if isinstance(error, OSError) and error.errno in (errno.EFBIG, errno.ENOSPC):
            return {
                "event": "failed",
                "outcome": "resource_limit",
                "line": line,
                "message": "the scene wrote more data than allowed",
            }
        if isinstance(error, RecursionError):
            return {
                "event": "failed",
                "outcome": "resource_limit",
                "line": line,
                "message": "the scene recursed too deeply",
            }
        text = (
            tex_error(str(error))
            or encoder_error(str(error))
            or (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
        )
        return {"event": "failed", "outcome": "render_error", "line": line, "message": text}
    done = {"event": "done"} if animation_range.planning(spec) else deliver(scene, spec, limiter)
    if done["event"] == "done":
        for report in hooks.reports:
            done.update(report(scene))
    return done


def deliver(scene, spec: dict, limiter: DurationLimiter) -> dict:
    """Copies the finished movie into the parent's output file."""
    movie = scene.renderer.file_writer.movie_file_path
    if not movie or not os.path.isfile(movie):
        return {
            "event": "failed",
            "outcome": "render_error",
            "message": "the scene produced no video (did it play any animation or wait?)",
        }
    try:
        with open(movie, "rb") as source, os.fdopen(spec["output_fd"], "wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
    except OSError as e:
        if e.errno in (errno.EFBIG, errno.ENOSPC, errno.EPIPE):  # EPIPE: the parent stopped taking it at its cap
            return {"event": "failed", "outcome": "resource_limit", "message": "the video is larger than allowed"}
        raise
    return {"event": "done", "videoSeconds": round(limiter.frames / limiter.fps, 3)}


def main() -> None:
    spec = json.loads(sys.argv[1])
    reporter = Reporter(spec["report_fd"])
    reporter.send({"event": "started"})
    try:
        reporter.send(run(spec, reporter))
    except BaseException as e:  # noqa: BLE001  (a failure before user code ran: the renderer's own fault)
        traceback.print_exc()
        reporter.send(
            {"event": "failed", "outcome": "internal_error", "message": f"the renderer failed: {type(e).__name__}"}
        )
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
