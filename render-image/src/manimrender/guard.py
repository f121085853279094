"""The runtime guard: a Python audit hook installed in the render child before any user code runs.

It is the second layer after the static policy and must hold on its own: it refuses file reads outside
the work dir and the read-only trees Python, Manim, fonts and TeX live in, any write outside the work dir,
every process but the TeX tools Manim runs (with safe arguments), sockets, ctypes, signals to other
processes and the other ways out of the interpreter. The first refusal is remembered, so the render fails
even when the code catches the exception.
"""

from __future__ import annotations

import copy
import os
import sys
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass

try:  # the hook's filter in C (build-ext.sh); without it the Python hook sees every event itself
    from manimrender import _auditfilter
except ImportError:
    _auditfilter = None

USER_FILENAME = "<scene>"

SYSTEM_READ_ROOTS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/etc/fonts",
    "/usr/share/fontconfig",
    "/var/cache/fontconfig",
    "/usr/share/texmf",
    "/usr/share/texlive",
    "/usr/share/texmf-dist",
    "/usr/local/texlive",
    "/var/lib/texmf",
    "/etc/texmf",
    "/usr/share/zoneinfo",
    "/etc/localtime",
    "/etc/mime.types",
    "/dev/null",
    "/dev/urandom",
)
TEX_PARANOID_ENV = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
LATEX_SAFE_FLAG = "-no-shell-escape"
# dvisvgm specials that embed files or run PostScript; colour and page size stay on.
DVISVGM_SAFE_FLAG = "--no-specials=dvisvgm,em,html,pdf,ps,tpic"
_LATEX_OPTIONS = frozenset(("-interaction=batchmode", "-halt-on-error", "-output-format=dvi", LATEX_SAFE_FLAG))
_DVISVGM_OPTIONS = frozenset(("--no-fonts", "--verbosity=0", "--pdf", DVISVGM_SAFE_FLAG))

_ALWAYS_REFUSED = {
    "os.system": "run a shell command",
    "os.exec": "replace the renderer with another program",
    "os.posix_spawn": "start a process",
    "os.spawn": "start a process",
    "os.fork": "fork the process",
    "os.forkpty": "fork the process",
    "os.kill": "send a signal to a process",
    "os.killpg": "send a signal to a process group",
    "signal.pthread_kill": "send a signal",
    "os.symlink": "create a symbolic link",
    "os.link": "create a hard link",
    "mmap.__new__": "map memory to a file",
    "resource.setrlimit": "change the resource limits",
    "resource.prlimit": "change the resource limits",
    "sys.addaudithook": "install an audit hook",
    "sys.settrace": "trace the interpreter",
    "sys.setprofile": "profile the interpreter",
    "sys.remote_exec": "run code in another process",
    "gc.get_objects": "walk the interpreter's objects",
    "gc.get_referrers": "walk the interpreter's objects",
    "gc.get_referents": "walk the interpreter's objects",
    "pickle.find_class": "unpickle objects",
    "fcntl.ioctl": "control a device",
    "webbrowser.open": "open a browser",
    "sqlite3.connect": "open a database",
    "urllib.Request": "open a URL",
    "http.client.connect": "connect to a server",
}
_REFUSED_PREFIXES = {
    "socket.": "use the network",
    "ctypes.": "call native code",
    "_winapi.": "call native code",
    "winreg.": "use the registry",
}
_READ_EVENTS = {"os.listdir": 0, "os.scandir": 0, "glob.glob": 0, "os.getxattr": 0, "os.listxattr": 0}
_WRITE_EVENTS = {
    "os.mkdir": (0,),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.rename": (0, 1),
    "os.truncate": (0,),
    "os.utime": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.chflags": (0,),
    "os.lchmod": (0,),
    "os.lchown": (0,),
    "os.setxattr": (0,),
    "os.removexattr": (0,),
    "os.chdir": (0,),
    "shutil.copyfile": (1,),
    "shutil.copymode": (1,),
    "shutil.copystat": (1,),
    "shutil.copytree": (1,),
    "shutil.move": (0, 1),
    "shutil.rmtree": (0,),
    "shutil.make_archive": (0,),
    "shutil.unpack_archive": (1,),
}
_DENIED_IMPORTS = frozenset(
    (
        "ctypes",
        "_ctypes",
        "socket",
        "_socket",
        "ssl",
        "_ssl",
        "pty",
        "webbrowser",
        "urllib.request",
        "http.client",
        "ftplib",
        "smtplib",
        "telnetlib",
        "_posixsubprocess",
        "mmap",
        "sqlite3",
        "readline",
    )
)
# Every event :meth:`RuntimeGuard.judge` can refuse: the exact names and the prefixes. Anything else (a
# plain render raises millions of ``builtins.id`` events, from copy.deepcopy) leaves the hook at once.
_JUDGED_EVENTS = frozenset(("open", "subprocess.Popen", "import", *_ALWAYS_REFUSED, *_READ_EVENTS, *_WRITE_EVENTS))
_JUDGED_PREFIXES = tuple(_REFUSED_PREFIXES)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Refused(PermissionError):
    """Raised into the code that attempted something the guard does not allow."""


@dataclass(frozen=True)
class Refusal:
    action: str
    line: int | None


class RuntimeGuard:
    def __init__(self, work_dir: str, extra_read_roots: tuple[str, ...] = ()):
        self.work_dir = os.path.realpath(work_dir)
        self.read_roots = tuple(
            sorted(
                {os.path.realpath(p) for p in (*_python_roots(), *SYSTEM_READ_ROOTS, *extra_read_roots, self.work_dir)}
            )
        )
        self.first_refusal: Refusal | None = None
        self._busy = threading.local()

    def install(self) -> None:
        """Installs the hook for good. With the C filter, events the guard never judges do not reach Python at
        all (a Python hook is a Python call at each of a long scene's millions of ``builtins.id`` events)."""
        if _auditfilter is not None:
            _auditfilter.install(self.audit_hook(), sorted(_JUDGED_EVENTS), _JUDGED_PREFIXES)
            # copy.deepcopy's memo asks id() of every object it copies (most of a long scene's millions of
            # events); from the filter it gets the same number without the event, which no hook here judges
            copy.id = _auditfilter.ident  # type: ignore[attr-defined]
        else:
            sys.addaudithook(self.audit_hook())

    def audit_hook(self) -> Callable[[str, tuple], None]:
        """The function to install. Events never refused (millions of ``builtins.id`` in a long scene) leave
        after one set lookup. A plain function, not a bound method: at every event CPython looks up
        ``__cantrace__`` on each hook, and on a bound method the miss raises and clears an AttributeError."""
        judged, prefixes, hook = _JUDGED_EVENTS, _JUDGED_PREFIXES, self._hook

        def audit(event: str, args: tuple) -> None:
            if event in judged or event.startswith(prefixes):
                hook(event, args)

        return audit

    def _hook(self, event: str, args: tuple) -> None:
        if getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            reason = self.judge(event, args)
        finally:
            self._busy.on = False
        if reason is not None:
            if self.first_refusal is None:
                self.first_refusal = Refusal(reason, _user_line())
            raise Refused(f"not allowed in a scene: {reason}")

    def judge(self, event: str, args: tuple) -> str | None:
        """Returns why the event is refused, or None when it may go ahead."""
        if event == "open":
            return self._judge_open(*args[:3])
        if event in _ALWAYS_REFUSED:
            return _ALWAYS_REFUSED[event]
        for prefix, what in _REFUSED_PREFIXES.items():
            if event.startswith(prefix):
                return what
        if event == "subprocess.Popen":
            return self._judge_command(*args[:4])
        if event == "import":
            name = args[0] if args else ""
            if isinstance(name, str) and name in _DENIED_IMPORTS and name not in sys.modules:
                return f"import {name}"
            return None
        if event in _READ_EVENTS:
            path = _path(args[_READ_EVENTS[event]]) if args else None
            if path is not None and not self._readable(path):
                return f"list {path}"
            return None
        if event in _WRITE_EVENTS:
            for i in _WRITE_EVENTS[event]:
                path = _path(args[i]) if len(args) > i else None
                if path is not None and not self._writable(path):
                    return f"change {path}"
        return None

    def _judge_open(self, path, mode, flags) -> str | None:
        path = _path(path)
        if path is None:
            return None
        writing = (mode is not None and any(c in str(mode) for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        if writing:
            return None if self._writable(path) else f"write to {path}"
        return None if self._readable(path) else f"read {path}"

    def _judge_command(self, executable, args, cwd, env) -> str | None:
        argv = [os.fsdecode(a) for a in (args if isinstance(args, (list, tuple)) else [args])]
        program = argv[0] if argv else ""
        what = f"run the program {os.path.basename(program) or '?'}"
        if executable is not None and os.fsdecode(executable) != program:
            return what
        if env is not None or (cwd is not None and not self._writable(os.fsdecode(cwd))):
            return what
        if program in ("latex", "pdflatex"):
            required, options, prefixed = LATEX_SAFE_FLAG, _LATEX_OPTIONS, "-output-directory="
        elif program == "dvisvgm":
            required, options, prefixed = DVISVGM_SAFE_FLAG, _DVISVGM_OPTIONS, "--output="
        else:
            return what
        if required not in argv[1:]:
            return what + " without its safety options"
        for arg in argv[1:]:
            if arg in options or (arg.startswith("--page=") and arg[7:].isdigit()):
                continue
            target = arg[len(prefixed) :] if arg.startswith(prefixed) else arg
            if target.startswith("-") or not self._writable(target):
                return what + f" with the argument {arg}"
        return None

    def _within(self, path: str, roots: tuple[str, ...]) -> bool:
        real = os.path.realpath(path)
        return any(real == r or real.startswith(r + os.sep) for r in roots)

    def _readable(self, path: str) -> bool:
        return self._within(path, self.read_roots)

    def _writable(self, path: str) -> bool:
        return path == "/dev/null" or self._within(path, (self.work_dir,))


def _path(value) -> str | None:
    if value is None or isinstance(value, int):
        return None  # a file descriptor the process already holds
    try:
        return os.fsdecode(value)
    except TypeError:
        return str(value)


def _python_roots() -> list[str]:
    roots = [p for key in ("stdlib", "platstdlib", "purelib", "platlib") if (p := sysconfig.get_paths().get(key))]
    roots += [p for p in sys.path if p and os.path.isdir(p)]
    return roots


def _user_line() -> int | None:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == USER_FILENAME:
            return frame.f_lineno
        frame = frame.f_back
    return None
