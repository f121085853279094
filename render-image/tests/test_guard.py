"""The runtime guard's hook on its own, without a render: the events it lets out at once (``builtins.id``,
millions in a long scene) are exactly those its full judgement never refuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from manimrender import guard
from manimrender.guard import Refused, RuntimeGuard

# Audit events of CPython and its standard library (a wide sample, hostile and ordinary), and every name the
# guard's own tables list; each is raised with arguments pointing outside the work dir.
EVENTS = sorted(
    {
        "builtins.id",
        "builtins.input",
        "object.__getattr__",
        "object.__setattr__",
        "object.__delattr__",
        "exec",
        "compile",
        "code.__new__",
        "function.__new__",
        "marshal.loads",
        "sys._getframe",
        "sys._current_frames",
        "time.sleep",
        "array.__new__",
        "tempfile.mkstemp",
        "tempfile.mkdtemp",
        "os.putenv",
        "os.unsetenv",
        "os.walk",
        "os.add_dll_directory",
        "fcntl.fcntl",
        "fcntl.flock",
        "socket.__new__",
        "socket.connect",
        "socket.gethostbyname",
        "ctypes.dlopen",
        "ctypes.cdata",
        "_winapi.CreateProcess",
        "winreg.OpenKey",
        "subprocess.Popen",
        "import",
        "open",
        "socket",
        "ctypes",
        *guard._ALWAYS_REFUSED,
        *guard._READ_EVENTS,
        *guard._WRITE_EVENTS,
    }
)


def arguments(event: str) -> tuple:
    if event == "import":
        return ("ftplib", None, None, None, None)
    if event == "subprocess.Popen":
        return (b"sh", ["sh", "-c", "true"], None, None)
    return ("/etc/passwd", "/etc/shadow", "w", 0)


@pytest.mark.parametrize("event", EVENTS)
def test_the_hook_refuses_exactly_what_the_judgement_refuses(event, tmp_path):
    judged = RuntimeGuard(str(tmp_path)).judge(event, arguments(event))
    hook = RuntimeGuard(str(tmp_path)).audit_hook()
    try:
        hook(event, arguments(event))
        refused = None
    except Refused as e:
        refused = str(e)
    assert refused == (None if judged is None else f"not allowed in a scene: {judged}")


def test_events_never_refused_leave_the_hook_before_the_judgement(tmp_path, monkeypatch):
    watched = RuntimeGuard(str(tmp_path))
    monkeypatch.setattr(watched, "judge", lambda event, args: pytest.fail(f"{event} was judged"))
    hook = watched.audit_hook()
    for event in ("builtins.id", "object.__getattr__", "exec", "time.sleep", "sys._getframe"):
        hook(event, ("/etc/passwd",))


def test_the_installed_hook_is_a_plain_function(tmp_path):
    # CPython looks up __cantrace__ on every hook at every event: on a bound method each miss costs an exception
    assert type(RuntimeGuard(str(tmp_path)).audit_hook()).__name__ == "function"


def test_the_c_filter_passes_on_exactly_the_events_the_python_hook_judges():
    # The C filter (build-ext.sh) is installed for good, so it is tried in a Python of its own. Every event it
    # lets through unjudged must be one the Python hook lets out at once: then the refusals are the same.
    names = [*EVENTS, "socket", "socket.", "socketx", "ctypes.x.y", "xsocket.connect", "open.x", "ope", "", "os"]
    script = textwrap.dedent(
        f"""
        import json, sys
        from manimrender import guard
        guard.RuntimeGuard({str(Path.cwd())!r}).install()
        try:
            open("/etc/passwd").close()
            refused = None
        except guard.Refused as e:
            refused = str(e)
        print(json.dumps([refused, [guard._auditfilter.judged(name) for name in {names!r}]]))
        """
    )
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(Path(guard.__file__).parent.parent)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    refused, judged = json.loads(out.stdout)
    assert refused == "not allowed in a scene: read /etc/passwd"
    expected = {n: n in guard._JUDGED_EVENTS or n.startswith(guard._JUDGED_PREFIXES) for n in names}
    assert dict(zip(names, judged, strict=True)) == expected


def test_deepcopy_under_the_guard_raises_no_audit_event_per_object():
    # A long scene deep-copies millions of objects; each id() its memo asked was an audit event every hook
    # saw. With the guard installed the copies are the same and the events are gone (run apart, as above).
    script = textwrap.dedent(
        f"""
        import copy, json, sys
        from manimrender import guard
        guard.RuntimeGuard({str(Path.cwd())!r}).install()
        events = []
        sys.addaudithook(lambda event, args: event == "builtins.id" and events.append(event))
        shared = [1.5]
        tree = [{{"a": shared, "b": shared, "c": (shared, {{3: "x"}})}} for _ in range(100)]
        copied = copy.deepcopy(tree)
        same = copied == tree and copied[0]["a"] is copied[0]["b"] and copied[0]["a"] is not shared
        print(json.dumps([len(events), same, copy.id(tree) == id(tree)]))
        """
    )
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(Path(guard.__file__).parent.parent)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [0, True, True]


def test_the_c_filter_is_built_for_the_tests():
    # without it the render child installs the Python hook alone: the same refusals, but a Python call per event
    assert guard._auditfilter is not None, "build it with render-image/build-ext.sh (run-tests.sh does)"
