"""The table of Manim's real API that the repair step reads (``manim_api.json``).

Built from the pinned Manim itself, never from user code: the image build runs ``python -m
manimrender.manim_api`` once (Dockerfile), and :func:`load` builds it lazily (in a child Python, so the caller
never imports Manim) when the package has none, as in a source checkout's tests. Reading it needs the standard
library only, because ``python -m manimrender check`` (the codegen Job) must stay Manim-free and fast.

What the table holds, and why:

* ``names``: what ``from manim import *`` binds, so an undefined name can be matched to a real one;
* ``classes``: for each class Manim exports, the ``__init__`` keywords it accepts, followed up the MRO through
  ``**kwargs`` that are handed to ``super().__init__`` (``open`` when a ``**kwargs`` goes anywhere else: then
  any keyword may be fine and none is touched), and which parameters want 3-D points (their annotations say
  ``Point3D``/``Vector3D``, which is how Manim types points);
* ``attributes``: every public attribute and method of Manim's classes plus ``self.x`` names their code
  assigns, so an unknown attribute can be told from a real one;
* ``methods``: which arguments of a method want points (same annotations), merged over classes and dropped where
  two classes disagree;
* ``numpy_missing``: removed NumPy aliases (``np.math``, ``np.float``, ...) that this NumPy really lacks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TABLE = Path(__file__).with_name("manim_api.json")
VERSION = 3  # of the table's layout: a table of another layout is rebuilt

# NumPy aliases removed in NumPy 1.20-2.0 and what to write instead; kept when this NumPy lacks the old name
NUMPY_ALIASES = {
    "math": "math",
    "float": "float",
    "int": "int",
    "bool": "bool",
    "object": "object",
    "str": "str",
    "complex": "complex",
    "long": "int",
    "unicode": "str",
    "infty": "np.inf",
    "Inf": "np.inf",
    "Infinity": "np.inf",
    "PINF": "np.inf",
    "NINF": "-np.inf",
    "NaN": "np.nan",
    "NAN": "np.nan",
    "float_": "np.float64",
    "complex_": "np.complex128",
    "round_": "np.round",
    "product": "np.prod",
    "cumproduct": "np.cumprod",
    "alltrue": "np.all",
    "sometrue": "np.any",
    "trapz": "np.trapezoid",
    "in1d": "np.isin",
    "row_stack": "np.vstack",
    "msort": "np.sort",
    "asfarray": "np.asarray",
}


def build() -> dict:
    """Introspects the installed Manim (imports it: trusted code only)."""
    import inspect
    import warnings

    import numpy

    warnings.simplefilter("ignore")
    import manim

    names = sorted(n for n in dir(manim) if not n.startswith("_"))
    classes, attributes, methods, method_keywords = {}, set(), {}, {}
    conflicts = set()
    for name in names:
        cls = getattr(manim, name)
        if not isinstance(cls, type) or not (getattr(cls, "__module__", "") or "").startswith("manim"):
            continue
        keywords, open_, points, positional = _init_keywords(cls, inspect)
        classes[name] = {"keywords": sorted(keywords), "open": open_, "points": points, "positional": positional}
        for klass in cls.__mro__:
            if klass is object:
                continue
            attributes.update(n for n in vars(klass) if not n.startswith("_"))
            attributes.update(_assigned_self_attributes(klass, inspect))
        for attr, value in vars(cls).items():
            if attr.startswith("_") or not callable(value):
                continue
            _merge_method_keywords(method_keywords, attr, value, inspect)
            found = _point_params(value, inspect, skip_self=True)
            if found is None:
                continue
            if attr in methods and methods[attr] != found:
                conflicts.add(attr)
            methods.setdefault(attr, found)
    for attr in conflicts:
        methods.pop(attr, None)
    return {
        "version": VERSION,
        "manim": manim.__version__,
        "numpy": numpy.__version__,
        "names": names,
        "classes": classes,
        # NumPy arrays' and scalars' attributes: Manim hands points out as arrays (mob.get_center().shape)
        "attributes": sorted(attributes | {n for t in (numpy.ndarray, numpy.generic) for n in dir(t) if n[0] != "_"}),
        "methods": {k: v for k, v in sorted(methods.items()) if v["pos"] or v["kw"] or v["var"]},
        "numpy_missing": {old: new for old, new in NUMPY_ALIASES.items() if _numpy_lacks(numpy, old)},
        # keywords of each method name, over every Manim class that has it (None: one of them takes **kwargs);
        # names Python's or NumPy's own objects also have are left out (a list's sort, an array's round)
        "method_keywords": {
            name: sorted(words) if words is not None else None
            for name, words in sorted(method_keywords.items())
            if not any(hasattr(t, name) for t in (str, list, dict, set, tuple, int, float, complex, bytes))
            and not hasattr(numpy.ndarray, name)
        },
    }


def _merge_method_keywords(found: dict, name: str, function, inspect) -> None:
    """Unions the keywords ``name`` takes; None once any class's ``name`` takes ``**kwargs`` (or is unreadable)."""
    try:
        params = list(inspect.signature(function).parameters.values())[1:]
    except (TypeError, ValueError):
        found[name] = None
        return
    if name in found and found[name] is None:
        return
    if any(p.kind is p.VAR_KEYWORD for p in params):
        found[name] = None
        return
    found.setdefault(name, set()).update(p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def _numpy_lacks(numpy, name: str) -> bool:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            getattr(numpy, name)
        except AttributeError:
            return True
    return False


def _point_kind(annotation) -> str | None:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    if "Point3D" in text or "Vector3D" in text:
        return "points" if ("_Array" in text or "Array" in text.split("|")[0]) else "point"
    return None


def _point_params(function, inspect, skip_self: bool) -> dict | None:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    found = {"pos": {}, "kw": {}, "var": None}
    params = list(signature.parameters.values())
    if skip_self and params and params[0].name in ("self", "cls"):
        params = params[1:]
    for index, p in enumerate(params):
        kind = _point_kind(p.annotation) if p.annotation is not inspect.Parameter.empty else None
        if p.kind is p.VAR_POSITIONAL:
            found["var"] = kind
            continue
        if kind is None or p.kind is p.VAR_KEYWORD:
            continue
        if p.kind is not p.KEYWORD_ONLY:
            found["pos"][str(index)] = kind
        found["kw"][p.name] = kind
    return found


def _init_keywords(cls, inspect) -> tuple[set, bool, dict, list]:
    """The keywords ``cls(...)`` accepts: each ``__init__`` up the MRO while its ``**kwargs`` go to
    ``super().__init__``/``Base.__init__``; open when they go anywhere else (or the source is unreadable)."""
    keywords: set = set()
    points = None
    positional: list = []
    for klass in cls.__mro__:
        if klass is object:
            return keywords, False, points or {}, positional
        init = vars(klass).get("__init__")
        if init is None:
            continue
        try:
            signature = inspect.signature(init)
        except (TypeError, ValueError):
            return keywords, True, points or {}, positional
        params = list(signature.parameters.values())[1:]
        # the first __init__ is the one positional arguments reach, unless it passes a bare *args on (Arrow)
        passes_args = any(p.kind is p.VAR_POSITIONAL and _point_kind(p.annotation) is None for p in params)
        if points is None and not (passes_args and len(params) and params[0].kind is params[0].VAR_POSITIONAL):
            points = _point_params(init, inspect, skip_self=True) or {}
            positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if points is not None and init is not vars(cls).get("__init__"):
            # keywords handed up the chain keep their meaning: Circle(arc_center=...) is Arc's point
            for name, kind in (_point_params(init, inspect, skip_self=True) or {}).get("kw", {}).items():
                points.setdefault("kw", {}).setdefault(name, kind)
        var_keyword = None
        for p in params:
            if p.kind is p.VAR_KEYWORD:
                var_keyword = p.name
            elif p.kind is not p.VAR_POSITIONAL:
                keywords.add(p.name)
        if var_keyword is None:
            return keywords, False, points or {}, positional
        if not _kwargs_go_to_super(init, var_keyword, inspect):
            return keywords, True, points or {}, positional
    return keywords, True, points or {}, positional


def _kwargs_go_to_super(init, var_keyword: str, inspect) -> bool:
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(init))))
    except (OSError, TypeError, SyntaxError):
        return False
    to_super = elsewhere = False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if not any(
            k.arg is None and isinstance(k.value, ast.Name) and k.value.id == var_keyword for k in node.keywords
        ):
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr == "__init__":
            to_super = True
        else:
            elsewhere = True
    # kwargs read by name (kwargs.pop/get) are fine: the ones left still go up
    return to_super and not elsewhere


_assigned_memo: dict = {}


def _assigned_self_attributes(klass, inspect) -> set:
    if klass not in _assigned_memo:
        _assigned_memo[klass] = _read_self_attributes(klass, inspect)
    return _assigned_memo[klass]


def _read_self_attributes(klass, inspect) -> set:
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
    except (OSError, TypeError, SyntaxError):
        return set()
    return {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and isinstance(n.ctx, ast.Store)
        and isinstance(n.value, ast.Name)
        and n.value.id == "self"
        and not n.attr.startswith("_")
    }


_cache: dict | None = None


def load() -> dict | None:
    """The table: the package's, else one built for this Python's Manim in the user cache; None when there is
    no Manim to introspect (the API repairs are then skipped, the others still run)."""
    global _cache
    if _cache is not None:
        return _cache or None
    for path in (TABLE, _cache_path()):
        table = _read(path)
        if table is not None:
            _cache = table
            return table
    _cache = _build_in_child(_cache_path()) or {}
    return _cache or None


def _read(path: Path) -> dict | None:
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return table if isinstance(table, dict) and table.get("version") == VERSION else None


def _cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "manimrender" / f"manim_api-{VERSION}-py{sys.version_info[0]}{sys.version_info[1]}.json"


def _build_in_child(path: Path) -> dict | None:
    """Builds the table in a child Python (Manim's import stays out of this process), best effort."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as tmp:
            pass
        subprocess.run(
            [sys.executable, "-m", "manimrender.manim_api", tmp.name],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
        os.replace(tmp.name, path)
    except (OSError, subprocess.SubprocessError):
        return None
    return _read(path)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else TABLE
    table = build()
    out.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    print(f"{out}: Manim {table['manim']}, {len(table['classes'])} classes, {len(table['attributes'])} attributes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
