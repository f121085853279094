"""Overhead of the whole render job over plain ``manim render``, measured side by side in one run.

For each ordinary scene of tests/test_scenes.py and tests/corpus.py (46): the wall time of ``python -m
manimrender job`` (download from, and upload to, a local HTTP PUT/GET sink; repair, validate, render in the
kernel sandbox, ffprobe checks, faststart, thumbnail)
divided by the wall time of ``manim render`` of the same file at the same quality (low, mp4, caching
disabled for both). Prints each ratio and the median.

    render-image/.venv/bin/python render-image/bench/overhead.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
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
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE / "src"))
from corpus import CORPUS  # noqa: E402
from manimrender import policy  # noqa: E402
from manimrender.sandbox import UNSAFE_NO_SANDBOX  # noqa: E402
from test_scenes import SCENES  # noqa: E402


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


def timed(args: list[str], env: dict, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="runs per scene and command (the minimum is kept)")
    parser.add_argument("--scenes", type=int, default=0, help="only the first N scenes (0: all)")
    args = parser.parse_args()
    if os.environ.get(UNSAFE_NO_SANDBOX):
        sys.exit(f"{UNSAFE_NO_SANDBOX} is set: this benchmark measures the sandboxed render")
    scenes = {**SCENES, **{f"corpus_{k}": v for k, v in CORPUS.items()}}
    names = sorted(scenes)[: args.scenes or None]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    manim = str(Path(sys.executable).parent / "manim")
    ratios = []
    print(f"{'scene':<34}{'manim render s':>16}{'job s':>10}{'ratio':>8}")
    for name in names:
        code = textwrap.dedent(scenes[name])
        Sink.code = code.encode()
        plain, job = [], []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as work:
                work = Path(work)
                (work / "scene.py").write_text(code)
                plain.append(
                    timed(
                        [
                            manim,
                            "render",
                            "-ql",
                            "--disable_caching",
                            "--progress_bar",
                            "none",
                            "scene.py",
                            policy.check(code),
                        ],
                        {"PATH": os.environ["PATH"], "HOME": str(work)},
                        work,
                    )
                )
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
                    "MANIMRENDER_WORK_DIR": work,
                    "MANIMRENDER_RESULT_PATH": str(Path(work) / "result.json"),
                }
                job.append(timed([sys.executable, "-m", "manimrender", "job"], env, Path(work)))
                result = json.loads((Path(work) / "result.json").read_text())
                assert result["outcome"] == "ok", result
        ratio = min(job) / min(plain)
        ratios.append(ratio)
        print(f"{name:<34}{min(plain):>16.2f}{min(job):>10.2f}{ratio:>8.2f}")
    print(
        f"{'median':<60}{statistics.median(ratios):>8.2f}  ({len(ratios)} scenes, range "
        f"{min(ratios):.2f}-{max(ratios):.2f}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    server.shutdown()


if __name__ == "__main__":
    main()
