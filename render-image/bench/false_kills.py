"""False kills under load: N renders of a trivial scene while another render runs alongside, all through the
sandboxed pipeline with the tightest limits the operator hands out (a 30 s timeout, so 30 s of CPU time).
Every trivial render must come back ``ok``; prints the outcomes, the render times and the load average.

    render-image/.venv/bin/python render-image/bench/false_kills.py [--renders 50]
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "src"))
sys.path.insert(0, str(HERE / "tests"))
from corpus import CORPUS  # noqa: E402
from manimrender.pipeline import RenderPipeline, RenderSettings  # noqa: E402
from manimrender.sandbox import Limits  # noqa: E402

TRIVIAL = "from manim import *\nclass T(Scene):\n    def construct(self):\n        self.play(Create(Circle()))\n"
LIMITS = Limits(timeout_seconds=30, memory_mb=1536)  # the operator's smallest timeout (RenderJobFactory)


def background(stop: threading.Event, outcomes: collections.Counter) -> None:
    """Keeps one heavier render going the whole time (3D surface, then the tangent scene, in turn)."""
    scenes = [CORPUS["three_d_axes_surface"], CORPUS["always_redraw_tangent"], CORPUS["vector_field_stream"]]
    i = 0
    while not stop.is_set():
        with tempfile.TemporaryDirectory() as work:
            produced = RenderPipeline(
                RenderSettings(limits=Limits(timeout_seconds=120, memory_mb=1536)), Path(work)
            ).run(scenes[i % len(scenes)])
            outcomes[produced.result["outcome"]] += 1
        i += 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args()
    stop, side = threading.Event(), collections.Counter()
    thread = threading.Thread(target=background, args=(stop, side), daemon=True)
    thread.start()
    outcomes, seconds, failures = collections.Counter(), [], []
    for n in range(args.renders):
        with tempfile.TemporaryDirectory() as work:
            started = time.monotonic()
            produced = RenderPipeline(RenderSettings(limits=LIMITS), Path(work)).run(TRIVIAL)
            seconds.append(time.monotonic() - started)
        outcomes[produced.result["outcome"]] += 1
        if produced.result["outcome"] != "ok":
            failures.append(produced.result["message"])
        print(
            f"{n + 1:3d} {produced.result['outcome']:<16} {seconds[-1]:6.2f} s  load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    stop.set()
    thread.join()
    print(f"trivial renders: {dict(outcomes)}; median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")
    print(f"renders alongside: {dict(side)}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for message in failures:
        print("  failure:", message)
    return 0 if outcomes["ok"] == args.renders else 1


if __name__ == "__main__":
    sys.exit(main())
