"""A scene through the command line, whole (``--parts 1``) and in parts (``--parts N``), with two or more source
trees side by side in one run (say main's and a branch's ``render-image/src``), plus the last part's render child
alone (the part that skips the most animations before its range: manimrender.skipped_frames). Each tree's
joined video is compared with its own whole render and with the first tree's (MD5, and per-frame SSIM when the
bytes differ).

Prints wall and CPU seconds (every process of the run: the CLI, its sandboxes and Manim) per run, the ratio of
each tree to the first, and ``uptime`` before and after. Runs are interleaved: round by round, tree by tree.

    flock /tmp/bench.lock render-image/.venv/bin/python render-image/bench/skipped_frames.py explainer.py \\
        --trees /tmp/base/render-image/src render-image/src --quality medium --parts 2 --repeat 2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))
from overhead import timed as timed_in_cgroup  # noqa: E402
from test_parts import ssim_of_sampled_frames  # noqa: E402

PART = """
import sys
from pathlib import Path
from manimrender import parts
from manimrender.pipeline import RenderSettings
from manimrender.sandbox import Limits
first, last = map(int, sys.argv[3].split(","))
settings = RenderSettings(sys.argv[2], max_duration_seconds=600, limits=Limits(timeout_seconds=600, memory_mb=2048))
produced = parts.render_part(Path(sys.argv[1]).read_text(), settings, Path(sys.argv[4]), (first, last))
print(produced.result["outcome"], produced.result.get("message", ""))
"""


def timed(command: list[str], tree: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one run (every process it started: overhead.timed's cgroup), its last line."""
    (wall, cpu), out = timed_in_cgroup(command, {**os.environ, "PYTHONPATH": tree}, HERE)
    return wall, cpu, (out.strip().splitlines() or [""])[-1]


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    cli = argparse.ArgumentParser()
    cli.add_argument("scene", type=Path)
    cli.add_argument("--trees", nargs="+", required=True, help="render-image/src directories; the first is the base")
    cli.add_argument("--quality", default="medium")
    cli.add_argument("--parts", type=int, default=2)
    cli.add_argument("--last-range", default="6,11", help="the last part's range, as the plan cuts it")
    cli.add_argument("--repeat", type=int, default=1)
    args = cli.parse_args()
    python, scene = sys.executable, args.scene.resolve()
    work = Path(tempfile.mkdtemp(prefix="skipped-frames-"))
    runs = {"whole": ["--parts", "1"], f"{args.parts} parts": ["--parts", str(args.parts)]}
    seconds: dict[tuple[str, str], list[tuple[float, float]]] = {}
    print("uptime before:", uptime(), flush=True)
    for round_ in range(args.repeat):
        for name in [*runs, "last part's child"]:
            for t, tree in enumerate(args.trees):
                out = work / f"{t}-{name.split()[0]}-{round_}.mp4"
                if name in runs:
                    command = [python, "-m", "manimrender", "render", str(scene), "--quality", args.quality,
                               "--max-duration", "600", "--timeout", "600", "--out", str(out), *runs[name]]  # fmt: skip
                else:
                    command = [python, "-c", PART, str(scene), args.quality, args.last_range, str(work / f"p{t}")]
                wall, cpu, said = timed(command, str(Path(tree).resolve()))
                seconds.setdefault((name, tree), []).append((wall, cpu))
                outcome = json.loads(said)["outcome"] if said.startswith("{") else said
                print(f"round {round_ + 1} {name:>18} tree {t}: {wall:7.2f} s wall {cpu:7.2f} s CPU  {outcome}"
                      f"  (load {os.getloadavg()[0]:.2f})", flush=True)  # fmt: skip
    print("uptime after:", uptime())
    for name in [*runs, "last part's child"]:
        base_wall, base_cpu = (statistics.median(s[i] for s in seconds[(name, args.trees[0])]) for i in (0, 1))
        for t, tree in enumerate(args.trees):
            wall, cpu = (statistics.median(s[i] for s in seconds[(name, tree)]) for i in (0, 1))
            print(f"{name:>18} tree {t} ({tree}): median {wall:7.2f} s wall ({base_wall / wall:.2f}x the base), "
                  f"{cpu:7.2f} s CPU ({base_cpu / cpu:.2f}x)")  # fmt: skip
    first_whole = work / "0-whole-0.mp4"
    for t in range(len(args.trees)):
        joined = work / f"{t}-{args.parts}-0.mp4"
        for label, other in (("its own whole render", work / f"{t}-whole-0.mp4"), ("tree 0's whole", first_whole)):
            same = md5(joined) == md5(other)
            scores = [] if same else ssim_of_sampled_frames(joined, other, every=1)
            print(f"tree {t}: joined vs {label}: " + ("byte-identical" if same else f"min SSIM {min(scores):.4f}"))
    print("videos in", work)


if __name__ == "__main__":
    main()
