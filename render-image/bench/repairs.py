"""What the repairs buy and cost: success before and after repair, repairs per scene, and the time the repair
step adds, on our corpus of mistakes (tests/repair_corpus.py) and on the ordinary scenes (tests/corpus.py).

Each scene renders through the real pipeline (kernel sandbox, low quality) in three ways:

- ``none``: the code as written, no repair at all;
- ``before``: the repairs as they were before issue 24 (``MANIMRENDER_API_REPAIRS=0``: the hand list only, no
  table, no repair from the error);
- ``after``: every repair (the Manim-API table, and from the error in the same attempt).

The repair step's own time (``repair()`` in this process, the median of 20 runs per scene, table loaded) is
set against the median render time of the scene. Ordinary scenes render once (``after``): the repairs leave
their code unchanged (checked), so before and after are the same run.

    flock /tmp/bench.lock render-image/.venv/bin/python render-image/bench/repairs.py [--scenes N] [--all]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE / "src"))
import corpus  # noqa: E402
from manimrender import manim_api, pipeline  # noqa: E402
from manimrender.pipeline import RenderPipeline, RenderSettings  # noqa: E402
from manimrender.repair import Repaired, repair  # noqa: E402
from manimrender.sandbox import Limits  # noqa: E402
from repair_corpus import CASES, scene  # noqa: E402

MODES = ("none", "before", "after")


def render(code: str, mode: str, work: Path) -> tuple[bool, int, float, int]:
    """(rendered, repairs, render seconds, rounds of repair from the error)"""
    original = pipeline.repair
    os.environ["MANIMRENDER_API_REPAIRS"] = "0" if mode in ("none", "before") else "1"
    if mode == "none":
        pipeline.repair = lambda c: Repaired(code=c, original=c)
    try:
        settings = RenderSettings(limits=Limits(timeout_seconds=90, memory_mb=1536), max_duration_seconds=10)
        result = RenderPipeline(settings, work).run(code).result
    finally:
        pipeline.repair = original
        os.environ.pop("MANIMRENDER_API_REPAIRS", None)
    repairs = result.get("repairs", [])
    rounds = sum("after the render failed" in r for r in repairs)
    return result["outcome"] == "ok", len(repairs), float(result.get("renderSeconds") or 0), rounds


def repair_seconds(code: str, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        repair(code, api=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", type=int, default=40, help="corpus cases, evenly spaced (default 40)")
    parser.add_argument("--all", action="store_true", help="every corpus case")
    args = parser.parse_args()
    manim_api.load()  # built once, outside the timings
    cases = CASES if args.all else CASES[:: max(1, len(CASES) // args.scenes)][: args.scenes]
    print(f"load before: {os.getloadavg()}")
    work = Path(tempfile.mkdtemp(prefix="bench-repairs-"))
    ok = dict.fromkeys(MODES, 0)
    repairs_after, rounds_after, shares, render_times = [], [], [], []
    for name, body, _ in cases:
        code = scene(body)
        row = {}
        for mode in MODES:
            row[mode] = render(code, mode, work)
            ok[mode] += row[mode][0]
        rendered, count, seconds, rounds = row["after"]
        step = repair_seconds(code)
        repairs_after.append(count)
        rounds_after.append(rounds)
        if rendered and seconds:
            shares.append(step / seconds)
            render_times.append(seconds)
        marks = " ".join(f"{m}={'ok' if row[m][0] else '--'}" for m in MODES)
        print(f"{name:45s} {marks} repairs={count} rounds={rounds} repair={step * 1000:.1f}ms render={seconds:.2f}s")
    n = len(cases)
    print(f"\ncorpus of mistakes: {n} scenes")
    for mode in MODES:
        print(f"  rendered {mode:6s}: {ok[mode]}/{n} ({100 * ok[mode] / n:.0f} %)")
    print(f"  repairs per scene (after): mean {statistics.mean(repairs_after):.2f}, max {max(repairs_after)}")
    print(f"  scenes that needed a repair from the error: {sum(1 for r in rounds_after if r)}")
    if shares:
        print(
            f"  repair step / render: median {100 * statistics.median(shares):.2f} %, "
            f"max {100 * max(shares):.2f} % (render median {statistics.median(render_times):.2f} s)"
        )
    ordinary_ok, ordinary_changed, ordinary_shares = 0, 0, []
    for _name, code in sorted(corpus.CORPUS.items()):
        repaired = repair(code, api=True)
        ordinary_changed += repaired.code != code or bool(repaired.repairs)
        rendered, _, seconds, _ = render(code, "after", work)
        ordinary_ok += rendered
        if rendered and seconds:
            ordinary_shares.append(repair_seconds(code) / seconds)
    m = len(corpus.CORPUS)
    print(f"\nordinary scenes: {m}")
    print(f"  rendered: {ordinary_ok}/{m}; changed by the repairs: {ordinary_changed}")
    if ordinary_shares:
        print(f"  repair step / render: median {100 * statistics.median(ordinary_shares):.2f} %")
    print(f"\nload after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
