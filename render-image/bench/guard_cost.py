"""What the runtime guard's audit hook costs on a long scene: the audit events a render raises, counted by
name, and the render's time without any hook, with the guard's, and with the guard's Python hook alone (as
where its C filter is not built), each in a fresh process (an audit hook cannot be removed). Manim runs in
this process as the render child runs it (configured, TeX hardened), with no sandbox around it, so only the
hook differs. Wall and CPU seconds: on a busy machine only the CPU seconds compare.

    render-image/.venv/bin/python render-image/bench/guard_cost.py [--scene long_updaters] [--repeat 3]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
from long_scenes import LONG_SCENES  # noqa: E402

MODES = ("none", "guard", "python-hook", "count")  # python-hook: the guard without its C filter


def render(code: str, work_dir: str, mode: str) -> dict:
    """Renders the scene in this process with the given hook; returns the seconds and, counting, the events."""
    import manim  # noqa: F401  (loaded before the hook, as in the child)

    from manimrender import child, policy
    from manimrender.guard import RuntimeGuard

    scene = policy.check(code)
    child.configure_manim({"manim_preset": "low_quality", "format": "mp4", "work_dir": work_dir})
    child.harden_tex()
    counts: collections.Counter = collections.Counter()
    if mode == "guard":
        RuntimeGuard(work_dir).install()
    elif mode == "python-hook":
        sys.addaudithook(RuntimeGuard(work_dir).audit_hook())
    elif mode == "count":
        sys.addaudithook(lambda event, args: counts.update((event,)))
    namespace: dict = {}
    started, cpu = time.perf_counter(), time.process_time()
    exec(compile(code, "<scene>", "exec"), namespace)
    namespace[scene]().render()
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "events": dict(counts)}


def measure(scene: str, mode: str) -> dict:
    with tempfile.TemporaryDirectory() as work:
        out = subprocess.run(
            [sys.executable, __file__, "--one", mode, "--scene", scene, "--work", work],
            check=True,
            capture_output=True,
            text=True,
            cwd=work,
        ).stdout
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scene", default="long_updaters", choices=sorted(LONG_SCENES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    code = textwrap.dedent(LONG_SCENES[args.scene])
    if args.one:
        print(json.dumps(render(code, args.work, args.one)))
        return
    events = measure(args.scene, "count")["events"]
    total = sum(events.values())
    print(f"{args.scene}: {total} audit events; the most frequent:")
    for name, n in sorted(events.items(), key=lambda item: -item[1])[:6]:
        print(f"  {name:<28}{n:>10}  {100 * n / total:5.1f} %")
    times: dict[str, dict[str, list[float]]] = {mode: {"seconds": [], "cpu": []} for mode in MODES[:3]}
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load touches both alike
        for mode, measured in times.items():
            run = measure(args.scene, mode)
            for kind, values in measured.items():
                values.append(run[kind])
    for kind, label in (("seconds", "wall"), ("cpu", "CPU (this process's: the TeX tools are the same in each)")):
        plain, guarded, python = (min(times[mode][kind]) for mode in MODES[:3])
        print(
            f"{label}: render without a hook {plain:.2f} s, with the guard {guarded:.2f} s, with its Python hook "
            f"alone {python:.2f} s (fastest of {args.repeat}): the hook's share "
            f"{100 * (guarded - plain) / guarded:.1f} % ({100 * (python - plain) / python:.1f} % without the C filter)"
        )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
