"""Runs a command as an unprivileged service user, as a service that is not root runs the render sandbox:
run-tests.sh's second pass of the hostile tests. Started as root (``python as_service_user.py UID -- CMD...``).

The host is left as it is: in a mount namespace of the command's own, each directory that only root may
search on the way to what the command reads (a Python under /root, a checkout under /root) is covered by a
searchable tmpfs with just those trees bound back. A cgroup below this process's own is delegated to the user
(memory, pids, cpu: the directory and its files chowned, as systemd's ``Delegate=`` does), so the sandbox can
make its per-render cgroups there; it is removed afterwards."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from manimrender import cgroups

CLONE_NEWNS = 0x00020000


def locked(path: Path) -> bool:
    """Whether a user who is neither owner nor group may not search the directory."""
    return not path.stat().st_mode & 0o001


def expose(trees: list[Path]) -> None:
    """Makes the trees reachable for any user, in this process's (private) mount namespace."""
    trees = sorted({t.resolve() for t in trees})
    trees = [t for t in trees if not any(t != o and o in t.parents for o in trees)]
    covers: dict[Path, list[Path]] = {}
    for tree in trees:
        top = next((a for a in reversed(tree.parents) if a != Path("/") and locked(a)), None)
        if top is not None:
            covers.setdefault(top, []).append(tree)
    stash = Path(tempfile.mkdtemp(prefix="service-user-"))
    for top, inside in covers.items():
        kept = {tree: stash / str(index) for index, tree in enumerate(inside)}
        for tree, place in kept.items():  # held here while the tmpfs covers the way to them
            place.mkdir()
            _mount("--bind", str(tree), str(place))
        _mount("-t", "tmpfs", "-o", "mode=0755", "service-user", str(top))
        for tree, place in kept.items():
            tree.mkdir(parents=True, mode=0o755)
            _mount("--bind", str(place), str(tree))


def delegated_cgroups(uid: int) -> list[str]:
    made = []
    for controller in cgroups.V1_CONTROLLERS:
        own = cgroups._own(controller)
        base = cgroups._base(f"{cgroups.ROOT}/{controller}", own) if own is not None else None
        if base is None:
            continue
        path = f"{base}/service-user-{os.getpid()}"
        os.mkdir(path)
        for entry in [path, *(os.path.join(path, name) for name in os.listdir(path))]:
            os.chown(entry, uid, uid)
        made.append(path)
    return made


def main() -> int:
    uid = int(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1 :]
    made = delegated_cgroups(uid)
    home = Path(tempfile.mkdtemp(prefix="service-user-home-"))
    os.chown(home, uid, uid)

    def become() -> None:
        if ctypes.CDLL(None, use_errno=True).unshare(CLONE_NEWNS) != 0:
            raise OSError(ctypes.get_errno(), "unshare")
        _mount("--make-rprivate", "/")
        expose([Path(sys.base_prefix), Path(sys.prefix), Path.cwd(), Path(__file__).parent.parent])
        for path in made:
            with open(f"{path}/cgroup.procs", "w") as f:
                f.write("0")
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)

    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    try:
        return subprocess.run(command, preexec_fn=become, env=env, check=False).returncode
    finally:
        for path in made:
            cgroups.RenderCgroup({"x": path}, False).close()
        shutil.rmtree(home, ignore_errors=True)


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True)


if __name__ == "__main__":
    sys.exit(main())
