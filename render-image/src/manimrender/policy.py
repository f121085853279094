"""The static check of scene code: size, syntax, a Scene to render, and an AST policy.

Standard library only (the codegen Job runs it too). This is the first of three layers: the runtime guard
(:mod:`manimrender.guard`) and the pod's own confinement catch what a static check cannot see.

Scene choice: ``--scene NAME`` when given (it must be a Scene subclass defined in the file); otherwise the
last Scene subclass defined at the top level of the file.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass

from manimrender import contract

# Top-level modules (and packages whose submodules are all harmless) user code may import.
ALLOWED_MODULES = frozenset(
    "manim numpy math cmath random fractions decimal itertools functools operator colorsys string typing "
    "dataclasses enum collections numbers statistics copy heapq bisect abc textwrap re __future__".split()
)
# Submodules of allowed packages that touch files, processes or interpreter internals.
DENIED_SUBMODULES = (
    "manim._config",
    "manim.cli",
    "manim.plugins",
    "manim.utils.commands",
    "manim.utils.file_ops",
    "manim.utils.tex_file_writing",
    "manim.utils.typst_file_writing",
    "manim.utils.ipython_magic",
    "manim.utils.docbuild",
    "manim.utils.testing",
    "manim.utils.module_ops",
    "manim.utils.sounds",
    "manim.utils.images",
    "manim.scene.scene_file_writer",
    "manim.renderer",
    "manim.manager",
    "manim.opengl",
    "manim.mobject.svg",
    "manim.mobject.types.image_mobject",
    "manim.mobject.text.code_mobject",
    "numpy.ctypeslib",
    "numpy.lib",
    "numpy.f2py",
    "numpy.distutils",
    "numpy.testing",
    "numpy.core",
    "numpy._core",
)
# Scene base classes Manim offers; a class deriving from one of these (or from such a class) is a scene.
SCENE_BASES = frozenset(
    "Scene ThreeDScene MovingCameraScene ZoomedScene VectorScene LinearTransformationScene SpecialThreeDScene".split()
)

# Classes older Manim versions had that Manim Community removed, and what to write instead.
REMOVED_CLASSES = {
    "GraphScene": "use a Scene with axes = Axes(...) and axes.plot(lambda x: ...)",
    "NumberLineScene": "use a Scene with NumberLine(...)",
    "SampleSpaceScene": "use a Scene with SampleSpace(...)",
    "ReconfigurableScene": "use a Scene and Transform",
    "ExternallyAnimatedScene": "use a Scene",
    "PiCreatureScene": "use a Scene (pi creatures are not part of Manim Community)",
    "TeacherStudentsScene": "use a Scene (pi creatures are not part of Manim Community)",
    "PiCreature": "draw a character from shapes or SVG-free mobjects",
    "Randolph": "draw a character from shapes",
    "Mortimer": "draw a character from shapes",
    "ContinualAnimation": "use mobject.add_updater(...)",
    "OldTex": "use Tex(...)",
    "get_norm": "use np.linalg.norm(...)",
}

_RUNS_CODE = "it runs code built at run time"
DENIED_NAMES = {
    **{n: _RUNS_CODE for n in ("exec", "eval", "compile", "__import__")},
    "open": "it opens files",
    "input": "the renderer has no keyboard input",
    "breakpoint": "it starts a debugger",
    **{n: "it exposes the interpreter's internals" for n in ("globals", "locals", "vars", "dir", "memoryview")},
    **{
        n: "it reaches attributes by computed name"
        for n in (
            "getattr",
            "setattr",
            "delattr",
            "attrgetter",
            "methodcaller",
            "Formatter",
            "get_field",
            "vformat",
            "format_map",
        )
    },
    **{
        n: "it evaluates text as code"
        for n in ("get_type_hints", "ForwardRef", "evaluate_forward_ref", "singledispatch", "singledispatchmethod")
    },
    **{n: "it stops or inspects the interpreter" for n in ("exit", "quit", "help", "copyright", "credits", "license")},
}
# Names `from manim import *` brings in that run commands, touch files or change the configuration; refused
# as names and as attributes (manim.capture).
MANIM_DENIED = {
    "tempconfig": "changing Manim's configuration is not allowed",
    **{
        n: "it runs commands or touches files"
        for n in (
            "capture",
            "open_file",
            "seek_full_path_from_defaults",
            "get_full_raster_image_path",
            "get_full_sound_file_path",
            "get_dir_layout",
            "SceneFileWriter",
            "console",
            "logger",
            "SVGMobject",
            "add_extension_if_not_present",
            "guarantee_existence",
            "modify_atime",
            "get_template_path",
            "copy_template_files",
            "add_import_statement",
        )
    },
}
DENIED_NAMES.update(MANIM_DENIED)
# Modules `from manim import *` brings in as names; reaching through them gets to os and subprocess.
STAR_MODULES = frozenset(
    "utils mobject animation renderer scene camera manager opengl plugins constants typing data_structures "
    "core color unit rate_functions".split()
)
_FILES = "it reads or writes files"
_PROCESS = "it reaches the operating system"
DENIED_ATTRIBUTES = {
    **{
        n: _PROCESS
        for n in (
            "os",
            "sys",
            "subprocess",
            "sp",
            "shutil",
            "builtins",
            "importlib",
            "ctypes",
            "ctypeslib",
            "socket",
            "cairo",
            "av",
            "manimpango",
            "register_font",
            "environ",
            "getenv",
            "putenv",
            "system",
            "popen",
            "Popen",
            "spawnv",
            "spawnl",
            "execv",
            "execve",
            "execl",
            "fork",
            "kill",
            "signal",
            "resource",
            "threading",
            "multiprocessing",
            "inspect",
            "gc",
            "pathlib",
            "Path",
            "tempfile",
            "io",
            "pickle",
            "marshal",
            "logging",
            "capture",
            "open_file",
            "renderer",
            "file_writer",
            "config",
            "tempconfig",
            "logger",
            "console",
        )
    },
    **{
        n: "it reaches into running frames"
        for n in (
            "gi_frame",
            "gi_code",
            "cr_frame",
            "cr_code",
            "ag_frame",
            "ag_code",
            "f_back",
            "f_globals",
            "f_locals",
            "f_builtins",
            "f_code",
            "tb_frame",
            "tb_next",
            "co_code",
            "func_globals",
        )
    },
    **{
        n: _FILES
        for n in (
            "open",
            "load",
            "loads",
            "save",
            "savez",
            "savez_compressed",
            "loadtxt",
            "savetxt",
            "genfromtxt",
            "fromfile",
            "tofile",
            "memmap",
            "open_memmap",
            "fromregex",
            "DataSource",
            "npyio",
            "read_text",
            "write_text",
            "read_bytes",
            "write_bytes",
            "unlink",
            "rmtree",
            "add_sound",
            "save_image",
            "output_image",
            "code_file",
            "file_name",
            "file_path",
        )
    },
}
DENIED_ATTRIBUTES.update(
    {
        n: why
        for n, why in DENIED_NAMES.items()
        if why in ("it reaches attributes by computed name", "it evaluates text as code")
    }
)
_DENIED_ATTR_PREFIXES = ("read_", "write_", "load_", "from_file", "to_file")
# TeX control sequences that read or write files, run commands or re-read characters as commands.
_TEX_DANGER = re.compile(
    r"\\(input|include|InputIfFileExists|openin|openout|read|readline|write|immediate|csname|catcode|special|"
    r"directlua|latelua|luaexec|pdfshellescape|newread|newwrite|verbatiminput|lstinputlisting|includegraphics|"
    r"scantokens|endlinechar|pdffiledump|pdfmdfivesum|pdffilesize)(?![A-Za-z@])"
    r"|\^\^"
)
_STAR_IMPORTABLE = frozenset(("manim", "math", "cmath"))
_DUNDER_STRING = re.compile(r"__\w+__")
# A replacement field that reaches an attribute or an item: "{0.x}", "{0[x]}" (format strings may not).
_FORMAT_REACH = re.compile(r"\{[^{}!:]*[.\[]")
_READS_FILE_FIRST_ARG = frozenset(("ImageMobject", "Code", "SVGMobject"))


@dataclass(frozen=True)
class Violation:
    message: str
    line: int | None = None
    column: int | None = None

    def describe(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class CodeRejected(Exception):
    def __init__(self, violation: Violation):
        super().__init__(violation.describe())
        self.violation = violation


def check(code: str, scene: str | None = None) -> str:
    """Checks the code and returns the name of the scene to render; raises :class:`CodeRejected`."""
    size = len(code.encode("utf-8", "surrogatepass"))
    limit = contract.code_max_bytes()
    if size > limit:
        raise CodeRejected(Violation(f"the code is {size // 1024} KB; at most {limit // 1024} KB is allowed"))
    if "\x00" in code:
        raise CodeRejected(Violation("the code contains a NUL character"))
    try:
        code.encode("utf-8")
    except UnicodeEncodeError:
        raise CodeRejected(Violation("the code is not valid UTF-8")) from None
    try:
        tree = ast.parse(code, filename="scene.py")
    except SyntaxError as e:
        column = e.offset if e.offset and e.offset > 0 else None
        raise CodeRejected(Violation(f"syntax error: {e.msg}", e.lineno, column)) from None
    except (RecursionError, MemoryError, ValueError):
        raise CodeRejected(Violation("the code is nested too deeply to check")) from None
    try:
        _PolicyVisitor(code).run(tree)
    except RecursionError:
        raise CodeRejected(Violation("the code is nested too deeply to check")) from None
    return choose_scene(tree, scene)


def choose_scene(tree: ast.Module, wanted: str | None) -> str:
    scenes: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(
            _base_name(b) in SCENE_BASES or _base_name(b) in scenes for b in node.bases
        ):
            scenes.append(node.name)
    if not scenes:
        raise CodeRejected(Violation("the code defines no Scene subclass (write e.g. 'class Explainer(Scene):')"))
    if wanted is None:
        return scenes[-1]
    if wanted not in scenes:
        raise CodeRejected(Violation(f"there is no scene named {wanted!r}; the code defines {', '.join(scenes)}"))
    return wanted


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKC", name)


class _PolicyVisitor(ast.NodeVisitor):
    def __init__(self, code: str):
        self._lines = code.split("\n")
        self._bound: set[str] = set()

    def run(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                self._bound.add(_norm(node.id))
            elif isinstance(node, ast.arg):
                self._bound.add(_norm(node.arg))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._bound.add(_norm(node.name))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                self._bound.update(_norm(a.asname or a.name.split(".")[0]) for a in node.names)
        self._parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self._parents[child] = parent
        self.visit(tree)

    def _reject(self, node: ast.AST, message: str) -> None:
        line = getattr(node, "lineno", None)
        column = None
        if line is not None and 0 < line <= len(self._lines):
            raw = self._lines[line - 1].encode("utf-8")[: getattr(node, "col_offset", 0)]
            column = len(raw.decode("utf-8", "replace")) + 1
        raise CodeRejected(Violation(message, line, column))

    # imports
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self._reject(node, "relative imports are not allowed")
        module = node.module or ""
        self._check_module(node, module)
        for alias in node.names:
            if alias.name == "*" and module not in _STAR_IMPORTABLE:
                self._reject(node, f"'from {module} import *' is not allowed; import the names you use")
            if alias.name != "*":
                self._check_module(node, f"{module}.{alias.name}")
            if alias.name.startswith("_") and alias.name != "*":
                self._reject(
                    node, f"importing {alias.name!r} is not allowed: names starting with '_' are a module's internals"
                )
            if _norm(alias.name) in DENIED_NAMES or _norm(alias.name) in DENIED_ATTRIBUTES:
                self._reject(
                    node,
                    f"importing {alias.name!r} is not allowed: "
                    f"{DENIED_NAMES.get(_norm(alias.name)) or DENIED_ATTRIBUTES[_norm(alias.name)]}",
                )

    def _check_module(self, node: ast.AST, name: str) -> None:
        name = _norm(name)
        if name == "__future__" or name.startswith("__future__."):
            return
        root = name.split(".")[0]
        if root not in ALLOWED_MODULES:
            self._reject(
                node,
                f"importing {name!r} is not allowed; allowed modules are manim, numpy, math, "
                "random and a few harmless standard modules",
            )
        for denied in DENIED_SUBMODULES:
            if name == denied or name.startswith(denied + "."):
                self._reject(node, f"importing {name!r} is not allowed: it touches files or the operating system")

    # names and attributes
    def visit_Name(self, node: ast.Name) -> None:
        name = _norm(node.id)
        if "__" in name:
            self._reject(node, f"the name {node.id!r} is not allowed: double-underscore names reach Python internals")
        if name in DENIED_NAMES:
            self._reject(node, f"{name!r} is not allowed: {DENIED_NAMES[name]}")
        if name in REMOVED_CLASSES and name not in self._bound:
            self._reject(node, f"{name} was removed from Manim Community; {REMOVED_CLASSES[name]}")
        if name == "config":
            self._check_config_use(node)
        elif name in STAR_MODULES and name not in self._bound and isinstance(self._parents.get(node), ast.Attribute):
            self._reject(
                node, f"reaching into Manim's module {name!r} is not allowed; use the names 'from manim import *' gives"
            )
        self.generic_visit(node)

    def _check_config_use(self, node: ast.Name) -> None:
        parent = self._parents.get(node)
        if (
            isinstance(node.ctx, ast.Load)
            and isinstance(parent, (ast.Attribute, ast.Subscript))
            and parent.value is node
        ):
            grand = self._parents.get(parent)
            if isinstance(parent.ctx, ast.Load) and not (isinstance(grand, ast.Call) and grand.func is parent):
                return  # reading a value such as config.frame_width
        self._reject(
            node,
            "changing Manim's config is not allowed (reading values such as config.frame_width is "
            "fine; set the background with self.camera.background_color)",
        )

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr = _norm(node.attr)
        if "__" in attr:
            if not self._super_call_of_own_method(node, attr):
                self._reject(
                    node,
                    f"the attribute {node.attr!r} is not allowed: double-underscore attributes reach "
                    "Python internals (super().__init__(...) inside __init__ is fine)",
                )
        elif attr.startswith("_") and not self._own_private(node, attr):
            self._reject(
                node,
                f"the attribute {node.attr!r} is not allowed: attributes starting with '_' are "
                "internals (a module's private names lead to the operating system); self._name in "
                "your own classes is fine",
            )
        reason = DENIED_ATTRIBUTES.get(attr) or MANIM_DENIED.get(attr)
        if reason is None and attr.startswith(_DENIED_ATTR_PREFIXES):
            reason = _FILES
        if reason:
            self._reject(node, f"the attribute {node.attr!r} is not allowed: {reason}")
        self.generic_visit(node)

    def _enclosing_function(self, node: ast.AST) -> ast.FunctionDef | None:
        while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node = self._parents.get(node)
        return node

    def _super_call_of_own_method(self, node: ast.Attribute, attr: str) -> bool:
        """``super().__init__(...)`` (or any ``super().__name__``) inside the method of that same name."""
        value = node.value
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "super"
            and not value.args
            and not value.keywords
        ):
            return False
        function = self._enclosing_function(node)
        return (
            function is not None
            and _norm(function.name) == attr
            and isinstance(self._parents.get(function), ast.ClassDef)
        )

    def _own_private(self, node: ast.Attribute, attr: str) -> bool:
        """``self._name`` (one underscore) in a method of a class the code defines."""
        function = self._enclosing_function(node)
        if function is None or not function.args.args or not isinstance(node.value, ast.Name):
            return False
        if not isinstance(self._parents.get(function), ast.ClassDef):
            function = self._enclosing_function(self._parents.get(function))  # a closure inside a method
            if function is None or not function.args.args or not isinstance(self._parents.get(function), ast.ClassDef):
                return False
        return _norm(node.value.id) == _norm(function.args.args[0].arg)

    # calls that hand a file to Manim
    def visit_Call(self, node: ast.Call) -> None:
        name = (
            _norm(node.func.id)
            if isinstance(node.func, ast.Name)
            else (_norm(node.func.attr) if isinstance(node.func, ast.Attribute) else None)
        )
        if name in _READS_FILE_FIRST_ARG:
            first = node.args[0] if node.args else None
            if name == "Code" and (first is not None or any(k.arg == "code_file" for k in node.keywords)):
                self._reject(node, "Code(...) may not read a file; pass the text as code_string=...")
            if name == "SVGMobject":
                self._reject(node, "SVGMobject(...) reads a file, which is not allowed; draw the shape with Manim")
            if name == "ImageMobject" and first is not None and _maybe_path(first):
                self._reject(node, "ImageMobject(...) may not read a file; build the image from a numpy array")
        if isinstance(node.func, ast.Attribute) and _norm(node.func.attr) == "format":
            receiver = node.func.value
            if not (isinstance(receiver, ast.Constant) and isinstance(receiver.value, str)):
                self._reject(node, "'.format(...)' is only allowed on a string literal; use an f-string")
            if _FORMAT_REACH.search(receiver.value):
                self._reject(
                    node, "format fields may not reach attributes or items ('{0.x}', '{0[x]}'); use an f-string"
                )
        for kw in node.keywords:
            if kw.arg is not None and "__" in _norm(kw.arg):
                self._reject(
                    kw.value, f"the keyword {kw.arg!r} is not allowed: double-underscore names reach Python internals"
                )
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            tex = _TEX_DANGER.search(node.value)
            if tex:
                self._reject(
                    node,
                    f"the TeX command {tex.group(0)!r} is not allowed: it reads or writes files "
                    "or changes how TeX reads the text",
                )
            if _DUNDER_STRING.search(node.value):
                self._reject(node, "strings naming double-underscore attributes are not allowed")

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            if _norm(name) in ("config",) or "__" in name:
                self._reject(node, f"'global {name}' is not allowed")


def _maybe_path(node: ast.expr) -> bool:
    if isinstance(node, (ast.Constant, ast.JoinedStr)):
        return isinstance(node, ast.JoinedStr) or isinstance(node.value, (str, bytes))
    if isinstance(node, ast.BinOp):
        return _maybe_path(node.left) or _maybe_path(node.right)
    if isinstance(node, ast.Name):
        return True  # could hold a path; arrays are passed inline (np.array(...), np.zeros(...))
    return False
