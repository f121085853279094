"""Overhead of the render path over plain ``manim render``, measured side by side in one run, layer by layer.

Scenes: the ordinary scenes of tests/test_scenes.py and tests/corpus.py (short, a few seconds each) and the
longer ones of bench/long_scenes.py (10-60 s of video: 3-D, many updaters, long TeX). Each is run, in a fresh
process every time, as

- ``plain``: ``manim render`` of the same file at the same quality (low, mp4, caching disabled);
- ``no-py``: the pipeline with the Python layers off (no static policy, runtime guard or restricted builtins;
  the kernel sandbox, the checks of the video, faststart and thumbnail as always);
- ``full``: the whole pipeline, whose seconds per step are printed too (``RenderPipeline.timings``);
- ``job``: ``python -m manimrender job`` with a local HTTP sink for the download and uploads (the full
  pipeline plus the job's restart and transfers: what a render pod runs);
- ``base`` (with ``--baseline SRC``): the full pipeline of another tree's package (``SRC`` is its
  ``render-image/src``), run between the others, so a change is measured side by side under the same load.

Prints each scene's times and ratios to plain, then the median and p90 of each ratio (all scenes, and the
long ones alone), the same for CPU seconds (all the processes of a run, sandboxed ones included, counted by
a cpuacct cgroup: much less moved by the machine's other work than wall time), the median seconds of each
step, and the load average before and after.

    flock /tmp/bench.lock render-image/.venv/bin/python render-image/bench/overhead.py [--repeat N] [--scenes N|-1] \
        [--long NAME,...] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SRC_VARIABLE = "OVERHEAD_SRC"  # the package a pipeline run (--once) loads: the baseline's for ``base``
sys.path.insert(0, str(HERE / "bench"))
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, os.environ.get(SRC_VARIABLE) or str(HERE / "src"))
from corpus import CORPUS  # noqa: E402
from long_scenes import LONG_SCENES  # noqa: E402
from manimrender import manim_api, policy  # noqa: E402
from manimrender.sandbox import UNSAFE_NO_SANDBOX  # noqa: E402
from test_scenes import SCENES  # noqa: E402

COLUMNS = ("no-py", "full", "job")
STEPS = (
    "validate",
    "sandbox_start",
    "manim_import",
    "render",
    "sandbox_end",
    "tools",  # ffprobe beside ffmpeg's faststart copy and thumbnail, in one tool sandbox
)
MAX_DURATION = 60
CPUACCT = "/sys/fs/cgroup/cpuacct"


class Sink(BaseHTTPRequestHandler):
    code = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(Sink.code)))
        self.end_headers()
        self.wfile.write(Sink.code)

    def do_PUT(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def timed(args: list[str], env: dict, cwd: Path) -> tuple[tuple[float, float], str]:
    """Runs the command; its wall seconds, the CPU seconds of every process it started (NaN where they cannot
    be counted), and its output. The sandbox's processes are not all reaped by their parents (bubblewrap's
    namespace ends them), so getrusage misses them: the command runs in a cpuacct cgroup of its own (cgroup
    v1, as root; the renders' own cgroups are memory and pids ones, so its processes stay in it)."""
    group = f"{CPUACCT}/overhead-{os.getpid()}-{time.monotonic_ns()}"
    try:
        os.mkdir(group)
    except OSError:
        group = None

    def enter() -> None:
        with open(f"{group}/cgroup.procs", "w") as procs:
            procs.write("0")

    started = time.perf_counter()
    out = subprocess.run(
        args,
        env=env,
        cwd=cwd,
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=enter if group else None,
    )
    wall, cpu = time.perf_counter() - started, math.nan
    if group:
        with open(f"{group}/cpuacct.usage") as usage:
            cpu = int(usage.read()) / 1e9
        for _ in range(100):  # a process of the sandbox may still be leaving
            try:
                os.rmdir(group)
                break
            except OSError:
                time.sleep(0.05)
    return (wall, cpu), out.stdout.decode()


def plain(code: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "scene.py").write_text(code)
        manim = str(Path(sys.executable).parent / "manim")
        args = [manim, "render", "-ql", "--disable_caching", "--progress_bar", "none", "scene.py", policy.check(code)]
        return timed(args, {"PATH": os.environ["PATH"], "HOME": str(work)}, work)[0]


@functools.cache
def user_cache() -> str:
    """The cache that holds the table of Manim's API (built once here if missing): a render pod has the table
    in its image, so no render measured here builds it (about 3 s) in its own fresh home."""
    manim_api.load()
    return os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")


def pipeline(code: str, python_layers: bool, src: str | None = None) -> tuple[tuple[float, float], dict]:
    """The pipeline in a process of its own (started as ``manim render`` is), with its seconds per step; from
    the package in ``src`` when given."""
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "scene.py").write_text(code)
        args = [sys.executable, __file__, "--once", "on" if python_layers else "off", "--work", work]
        env = {"PATH": os.environ["PATH"], "HOME": work, "XDG_CACHE_HOME": user_cache(), SRC_VARIABLE: src or ""}
        seconds, out = timed(args, env, Path(work))
    report = json.loads(out.splitlines()[-1])
    assert report["outcome"] == "ok", report
    return seconds, report["timings"]


def render_once(work: Path, python_layers: bool) -> None:
    """Runs in the child process of :func:`pipeline`: one render, its outcome and timings on stdout."""
    from manimrender.pipeline import RenderPipeline, RenderSettings

    run = RenderPipeline(
        RenderSettings(max_duration_seconds=MAX_DURATION), work / "pipeline", python_layers=python_layers
    )
    result = run.run((work / "scene.py").read_text()).result
    print(json.dumps({"outcome": result["outcome"], "message": result["message"], "timings": run.timings}))


def job(code: str, base: str) -> tuple[float, float]:
    Sink.code = code.encode()
    with tempfile.TemporaryDirectory() as work:
        env = {
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(HERE / "src"),
            **{
                f"MANIMRENDER_{k}": f"{base}/{k.lower()}"
                for k in ("CODE_URL", "VIDEO_PUT_URL", "THUMBNAIL_PUT_URL", "PROGRESS_PUT_URL", "LOG_PUT_URL")
            },
            "MANIMRENDER_QUALITY": "low",
            "MANIMRENDER_FORMAT": "mp4",
            "MANIMRENDER_MAX_DURATION_SECONDS": str(MAX_DURATION),
            "MANIMRENDER_WORK_DIR": work,
            "MANIMRENDER_RESULT_PATH": str(Path(work) / "result.json"),
        }
        seconds = timed([sys.executable, "-m", "manimrender", "job"], env, Path(work))[0]
        result = json.loads((Path(work) / "result.json").read_text())
        assert result["outcome"] == "ok", result
    return seconds


def measure(code: str, base: str, repeat: int, baseline: str | None) -> tuple[dict, dict, dict[str, float]]:
    """The fastest of ``repeat`` runs of each way (the least disturbed by the machine's other work), in wall
    and in CPU seconds, and the steps of the fastest full pipeline."""
    runs: dict[str, list[tuple[float, float]]] = {
        way: [] for way in ("plain", *COLUMNS, *(("base",) if baseline else ()))
    }
    steps: dict[str, float] = {}
    for _ in range(repeat):
        runs["plain"].append(plain(code))
        runs["no-py"].append(pipeline(code, python_layers=False)[0])
        seconds, timings = pipeline(code, python_layers=True)
        if not runs["full"] or seconds < min(runs["full"]):  # (wall, cpu): the least wall time
            steps = timings
        runs["full"].append(seconds)
        runs["job"].append(job(code, base))
        if baseline:
            runs["base"].append(pipeline(code, python_layers=True, src=baseline)[0])
    wall = {way: min(t[0] for t in times) for way, times in runs.items()}
    return wall, {way: min(t[1] for t in times) for way, times in runs.items()}, steps


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def summary(label: str, ratios: dict[str, list[float]]) -> None:
    cells = "   ".join(f"{way} median {statistics.median(r):.2f}x p90 {p90(r):.2f}x" for way, r in ratios.items())
    print(f"{label:<18}{cells}   ({len(ratios['full'])} scenes)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="runs per scene and way (the fastest is kept)")
    parser.add_argument("--scenes", type=int, default=0, help="only the first N short scenes (0: all, -1: none)")
    parser.add_argument("--long", help="only these long scenes (comma list of bench/long_scenes.py's names)")
    parser.add_argument("--baseline", help="another tree's render-image/src, measured as the column base")
    parser.add_argument("--once", choices=("on", "off"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        render_once(args.work, args.once == "on")
        return
    if os.environ.get(UNSAFE_NO_SANDBOX):
        sys.exit(f"{UNSAFE_NO_SANDBOX} is set: this benchmark measures the sandboxed render")
    short = {**SCENES, **{f"corpus_{k}": v for k, v in CORPUS.items()}}
    names = sorted(short)[: max(args.scenes, 0) if args.scenes else None]
    long = args.long.split(",") if args.long else list(LONG_SCENES)
    scenes = {**{n: short[n] for n in names}, **{n: LONG_SCENES[n] for n in long}}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    columns = (*COLUMNS, "base") if args.baseline else COLUMNS
    print(f"load average at the start: {load()}")
    print(
        f"{'scene':<34}{'plain s':>9}"
        + "".join(f"{w + ' s':>9}{'x':>6}" for w in columns)
        + "   full pipeline's steps (s)"
    )
    ratios: dict[str, dict[str, list[float]]] = {
        group: {w: [] for w in columns} for group in ("all", "long", "all, CPU", "long, CPU")
    }
    steps_seen: dict[str, list[float]] = {step: [] for step in STEPS}
    for name, code in scenes.items():
        best, cpu, steps = measure(textwrap.dedent(code), base, args.repeat, args.baseline)
        cells = ""
        for way in columns:
            ratio = best[way] / best["plain"]
            ratios["all"][way].append(ratio)
            if name in LONG_SCENES:
                ratios["long"][way].append(ratio)
            cells += f"{best[way]:>9.2f}{ratio:>6.2f}"
            ratios["all, CPU"][way].append(cpu[way] / cpu["plain"])
            if name in LONG_SCENES:
                ratios["long, CPU"][way].append(cpu[way] / cpu["plain"])
        for step in STEPS:
            steps_seen[step].append(steps.get(step, 0.0))
        shown = " ".join(f"{step}={steps[step]:.2f}" for step in STEPS if step in steps)
        shown += "   CPU s " + " ".join(f"{way} {cpu[way]:.2f}" for way in ("plain", *columns))
        print(f"{name:<34}{best['plain']:>9.2f}{cells}   {shown}", flush=True)
    print(f"load average at the end: {load()}")
    for group, label in (("all", "all scenes"), ("long", "long scenes")):
        summary(label, ratios[group])
        summary(f"{label}, CPU", ratios[f"{group}, CPU"])
    print(
        "median seconds per step of the full pipeline: "
        + ", ".join(f"{step} {statistics.median(v):.2f}" for step, v in steps_seen.items())
    )
    server.shutdown()


if __name__ == "__main__":
    main()
