"""Repairs checked against Manim's real API (the table of :mod:`manimrender.manim_api`), on the AST only.

The code is never run: each repair is an edit of the source text at a node the AST located, so the rest of the
file keeps its formatting, and each is reported with its line. Every rule acts only where the table says the
code is wrong (a keyword the class does not take, an attribute no Manim class has, a name ``from manim import
*`` does not bind): code that is right for the pinned Manim is never changed, whatever it looks like.

Standard library only (the codegen Job runs it through ``python -m manimrender check``).
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re
from dataclasses import dataclass, field

# ManimGL and early Community names of classes, functions and constants, and the pinned Manim's name; a rename
# is used only when the table says the old name is gone and the new one is there.
NAME_ALIASES = {
    "ShowCreation": "Create",
    "TextMobject": "Tex",
    "TexMobject": "MathTex",
    "TexText": "Tex",
    "OldTexText": "Tex",
    "CircleIndicate": "Circumscribe",
    "FlashAround": "Circumscribe",
    "ShowCreationThenDestructionAround": "Circumscribe",
    "ShowCreationThenFadeAround": "Circumscribe",
    "WiggleOutThenIn": "Wiggle",
    "ShowCreationThenDestruction": "ShowPassingFlash",
    "ShowCreationThenFadeOut": "ShowPassingFlash",
    "ParametricSurface": "Surface",
    "ParametricCurve": "ParametricFunction",
    "SmallDot": "Dot",
    "GlowDot": "Dot",
    "InteractiveScene": "Scene",
    "get_norm": "np.linalg.norm",
    "LIGHT_GREY": "LIGHT_GRAY",
    "DARK_GREY": "DARK_GRAY",
    "DARKER_GREY": "DARKER_GRAY",
    "LIGHTER_GREY": "LIGHTER_GRAY",
    "FRAME_WIDTH": "config.frame_width",
    "FRAME_HEIGHT": "config.frame_height",
}
# ManimGL and early Community method names whose pinned-Manim name a string match would not find
ATTRIBUTE_ALIASES = {
    "add_coordinate_labels": "add_coordinates",
    "get_graph": "plot",
    "get_parametric_curve": "plot_parametric_curve",
    "get_derivative_graph": "plot_derivative_graph",
    "get_implicit_curve": "plot_implicit_curve",
    "get_antiderivative_graph": "plot_antiderivative_graph",
    "get_area_under_graph": "get_area",
    "get_v_line": "get_vertical_line",
    "get_h_line": "get_horizontal_line",
    "scale_in_place": "scale",
    "rotate_in_place": "rotate",
    "arrange_submobjects": "arrange",
}
# keywords of ManimGL or old Community whose pinned name a string match would not find: old -> candidates
KEYWORD_ALIASES = {
    "include_tip": ("tips", "include_tip"),
    "width": ("x_length",),
    "height": ("y_length",),
    "isolate": ("substrings_to_isolate",),
    "t2c": ("tex_to_color_map",),
    "numbers_to_show": ("numbers_to_include",),
    "size": ("side_length", "radius"),
    "text_color": ("color",),
    "font_color": ("color",),
    "padding": ("buff",),
    "thickness": ("stroke_width",),
    "line_width": ("stroke_width",),
}
DIRECTIONS = frozenset("UP DOWN LEFT RIGHT UL UR DL DR IN OUT ORIGIN".split())
_PY_TYPES = (str, bytes, list, dict, set, frozenset, tuple, int, float, complex, bool, range, slice)
_CUTOFF = 0.8  # difflib ratio a near miss needs: "move_too"/"move_to" 0.93, "set_colour"/"set_color" 0.95


@dataclass
class Edit:
    start: tuple[int, int]  # (line, UTF-8 column) as the AST gives them
    end: tuple[int, int]
    text: str
    note: str
    line: int


@dataclass
class Context:
    table: dict
    tree: ast.Module
    code: str
    names: frozenset = frozenset()
    attributes: frozenset = frozenset()
    bound: set = field(default_factory=set)  # every name the file binds anywhere (a superset of any scope)
    own_attributes: set = field(default_factory=set)  # attributes the file defines or assigns
    modules: dict = field(default_factory=dict)  # local alias -> module the file imports
    star: bool = False  # from manim import *
    foreign: set = field(default_factory=set)  # names assigned from another library's call (libc = ctypes.CDLL())


def repair(code: str, table: dict) -> tuple[str, list[str]]:
    """Returns the repaired code and one note per change; the code unchanged when it does not parse."""
    notes: list[str] = []
    for _ in range(3):  # a rename can uncover another (an alias, then its keyword): a few passes
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return code, notes
        ctx = _context(table, tree, code)
        edits = _non_overlapping(
            [
                *_names(ctx),
                *_attributes(ctx),
                *_keywords(ctx),
                *_points(ctx),
                *_fade_directions(ctx),
                *_tex_maths(ctx),
            ]
        )
        if not edits:
            break
        code = _apply(code, edits)
        notes.extend(_grouped(edits))
        if any(e.text == "math" for e in edits) and "math" not in ctx.modules:
            code = _add_import(code, "import math")
    return code, notes


def _context(table: dict, tree: ast.Module, code: str) -> Context:
    ctx = Context(table, tree, code, frozenset(table.get("names", ())), frozenset(table.get("attributes", ())))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            ctx.bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            ctx.bound.add(node.name)
            ctx.own_attributes.add(node.name)
        elif isinstance(node, ast.arg):
            ctx.bound.add(node.arg)
        elif isinstance(node, ast.alias):
            local = node.asname or node.name.split(".")[0]
            ctx.bound.add(local)
            ctx.modules[local] = node.name
        elif isinstance(node, ast.ImportFrom) and node.module == "manim" and any(a.name == "*" for a in node.names):
            ctx.star = True
        elif isinstance(node, ast.ExceptHandler) and node.name:
            ctx.bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            ctx.bound.update(node.names)
        elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            ctx.own_attributes.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            ctx.own_attributes.add(node.arg)  # Mobject.set(x=...) and friends make attributes
        elif hasattr(ast, "MatchAs") and isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            ctx.bound.add(node.name)
    for node in ast.walk(tree):
        # an object another library made is not Manim's: its attributes are left alone
        if isinstance(node, ast.Assign) and _root(node.value) in ctx.modules:
            ctx.foreign.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return ctx


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _defined(ctx: Context, name: str) -> bool:
    return name in ctx.bound or name in ctx.names or hasattr(builtins, name)


def _class_entry(ctx: Context, call: ast.Call) -> tuple[str, dict] | None:
    """The Manim class a call constructs, when the file does not define or import that name itself."""
    if isinstance(call.func, ast.Name) and ctx.star and call.func.id not in ctx.bound:
        entry = ctx.table["classes"].get(call.func.id)
        if entry is not None:
            return call.func.id, entry
    return None


def _method_entry(ctx: Context, call: ast.Call) -> tuple[str, dict] | None:
    """A method only Manim's classes have, called on something not another library's, with its keywords."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr in ctx.own_attributes:
        return None
    if _root(func.value) in ctx.modules or _root(func.value) in ctx.foreign:
        return None
    words = ctx.table.get("method_keywords", {}).get(func.attr)
    if not words:  # unknown, or one of Manim's takes **kwargs: any keyword may be fine
        return None
    return f".{func.attr}", {"keywords": words, "open": False}


# --- names -------------------------------------------------------------------------------------------------


def _names(ctx: Context) -> list[Edit]:
    if not ctx.star:
        return []
    edits = []
    for node in ast.walk(ctx.tree):
        if not isinstance(node, ast.Name) or not isinstance(node.ctx, ast.Load) or _defined(ctx, node.id):
            continue
        new, why = _name_for(ctx, node.id)
        if new:
            edits.append(_replace(node, new, f"{node.id} → {new} ({why})"))
    return edits


def _name_for(ctx: Context, name: str) -> tuple[str | None, str]:
    alias = NAME_ALIASES.get(name)
    if alias and alias.split(".")[0] in (*ctx.names, "config"):  # the new name must exist in this Manim
        return alias, "Manim Community's name"
    folded = [n for n in ctx.names if n.lower() == name.lower()]
    if len(folded) == 1:
        return folded[0], "spelled as Manim spells it"
    match = _unique_match(name, ctx.names)
    return (match, "the one close name Manim has") if match else (None, "")


_BRITISH = (("centre", "center"), ("colour", "color"), ("grey", "gray"), ("metre", "meter"))


def _unique_match(word: str, pool) -> str | None:
    for british, american in _BRITISH:  # get_centre, set_colour: the spelling, not a near miss
        if british in word and word.replace(british, american) in pool:
            return word.replace(british, american)
    close = difflib.get_close_matches(word, pool, n=3, cutoff=_CUTOFF)
    if not close:
        return None
    if len(close) > 1:
        first, second = (difflib.SequenceMatcher(None, word, c).ratio() for c in close[:2])
        if second >= first - 0.05:  # two near misses about as close: ambiguous, leave it
            return None
    return close[0]


# --- attributes and methods ---------------------------------------------------------------------------------


def _known_attribute(ctx: Context, attr: str) -> bool:
    if attr in ctx.attributes or attr in ctx.own_attributes or attr.startswith("_"):
        return True
    if any(hasattr(t, attr) for t in _PY_TYPES):
        return True
    # Mobject.__getattr__ answers get_x/set_x for any attribute x it has
    for prefix in ("get_", "set_"):
        if attr.startswith(prefix) and attr[len(prefix) :] in ctx.attributes:
            return True
    return False


def _attributes(ctx: Context) -> list[Edit]:
    edits = []
    numpy_aliases = {local for local, module in ctx.modules.items() if module == "numpy"} | (
        {"np"} if ctx.star and "np" not in ctx.bound else set()
    )
    missing = ctx.table.get("numpy_missing", {})
    for node in ast.walk(ctx.tree):
        if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Load):
            continue
        receiver = node.value
        if isinstance(receiver, ast.Name) and receiver.id in numpy_aliases:
            if node.attr in missing:
                new = missing[node.attr].replace("np.", receiver.id + ".", 1)
                edits.append(_replace(node, new, f"{receiver.id}.{node.attr} → {new} (removed from NumPy)"))
            continue
        if _root(receiver) in ctx.modules or _root(receiver) in ctx.foreign:
            continue  # math.x, random.x, np.linalg.x, an array numpy made: not Manim's
        if _known_attribute(ctx, node.attr):
            continue
        new = ATTRIBUTE_ALIASES.get(node.attr)
        why = "Manim Community's name"
        if new is None or new not in ctx.attributes:
            new, why = _unique_match(node.attr, ctx.attributes), "the one close method or attribute Manim has"
        if new and new != node.attr:
            start = (node.end_lineno, node.end_col_offset - len(node.attr.encode("utf-8")))
            edits.append(
                Edit(start, (node.end_lineno, node.end_col_offset), new, f".{node.attr} → .{new} ({why})", node.lineno)
            )
    return edits


# --- keywords ----------------------------------------------------------------------------------------------


def _keywords(ctx: Context) -> list[Edit]:
    edits = []
    for call in ast.walk(ctx.tree):
        if not isinstance(call, ast.Call):
            continue
        found = _class_entry(ctx, call) or _method_entry(ctx, call)
        if found is None or found[1]["open"]:
            continue
        name, entry = found
        accepted = set(entry["keywords"])
        given = {k.arg for k in call.keywords if k.arg}
        for index, kw in enumerate(call.keywords):
            if kw.arg is None or kw.arg in accepted:
                continue
            new = _keyword_for(kw.arg, accepted - given)
            if new:
                edits.append(_replace_keyword_name(kw, new, f"{name}: keyword {kw.arg} → {new}"))
                given.add(new)
            else:
                edits.append(
                    _drop_keyword(ctx, call, index, f"{name}: dropped keyword {kw.arg}, which it does not take")
                )
    return edits


def _keyword_for(word: str, accepted: set) -> str | None:
    for candidate in KEYWORD_ALIASES.get(word, ()):
        if candidate in accepted:
            return candidate
    # outer_radius -> radius, arrow_tip_length -> tip_length, x_label_tex -> x_label, side -> side_length: one
    # keyword that is the end or the start of the name, or whose end or start the name is
    parts = word.split("_")
    related = {
        a
        for a in accepted
        if (len(parts) > 1 and any(a in ("_".join(parts[i:]), "_".join(parts[:i])) for i in range(1, len(parts))))
        or ((a.startswith(word + "_") or a.endswith("_" + word)) and len(word) > 2)
    }
    if len(related) == 1:
        return related.pop()
    if related:
        return None
    return _unique_match(word, accepted)


def _replace_keyword_name(kw: ast.keyword, new: str, note: str) -> Edit:
    start = (kw.lineno, kw.col_offset)
    return Edit(start, (kw.lineno, kw.col_offset + len(kw.arg.encode("utf-8"))), new, note, kw.lineno)


def _drop_keyword(ctx: Context | None, call: ast.Call, index: int, note: str) -> Edit:
    """Removes ``kw=value`` with the comma before it (or after it, when it comes first)."""
    kw = call.keywords[index]
    items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))
    position = next(i for i, n in enumerate(items) if n is kw)
    if position > 0:
        before = items[position - 1]
        start = (before.end_lineno, before.end_col_offset)
        end = (kw.end_lineno, kw.end_col_offset)
    elif len(items) > 1:
        after = items[1]
        start, end = (kw.lineno, kw.col_offset), (after.lineno, after.col_offset)
    else:
        start, end = (kw.lineno, kw.col_offset), (kw.end_lineno, kw.end_col_offset)
    return Edit(start, end, "", note, kw.lineno)


# --- 2-D points -------------------------------------------------------------------------------------------


def _points(ctx: Context) -> list[Edit]:
    edits = []
    methods = ctx.table.get("methods", {})
    for call in ast.walk(ctx.tree):
        if not isinstance(call, ast.Call):
            continue
        found = _class_entry(ctx, call)
        spec = found[1]["points"] if found else None
        if spec is None and isinstance(call.func, ast.Attribute) and call.func.attr not in ctx.own_attributes:
            spec = methods.get(call.func.attr)
        if not spec:
            continue
        targets = []
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                break
            kind = spec["pos"].get(str(index)) or spec.get("var")
            if kind:
                targets.append((arg, kind))
        targets += [(k.value, spec["kw"][k.arg]) for k in call.keywords if k.arg in spec["kw"]]
        for arg, kind in targets:
            items = _sequence(arg)
            if kind == "points" and items is not None:
                for item in items:
                    edits.extend(_pad(item))
            else:
                edits.extend(_pad(arg))
    return edits


def _sequence(node: ast.expr) -> list | None:
    if isinstance(node, (ast.List, ast.Tuple)):
        return node.elts
    if _is_np_array(node):
        return _sequence(node.args[0])
    return None


def _is_np_array(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "array"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in ("np", "numpy")
        and len(node.args) == 1
    )


def _pad(node: ast.expr) -> list[Edit]:
    inner = node.args[0] if _is_np_array(node) else node
    if not isinstance(inner, (ast.List, ast.Tuple)) or len(inner.elts) != 2:
        return []
    if any(isinstance(e, (ast.Starred, ast.List, ast.Tuple)) for e in inner.elts):
        return []
    last = inner.elts[-1]
    at = (last.end_lineno, last.end_col_offset)
    return [Edit(at, at, ", 0", "padded the 2-D point to 3-D (Manim's points have x, y and z)", inner.lineno)]


# --- FadeIn(mob, UP) --------------------------------------------------------------------------------------------


def _fade_directions(ctx: Context) -> list[Edit]:
    """ManimGL's ``FadeIn(mob, UP)``: Manim Community takes the direction as ``shift=``."""
    edits = []
    for call in ast.walk(ctx.tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
            continue
        if call.func.id not in ("FadeIn", "FadeOut") or call.func.id in ctx.bound or len(call.args) != 2:
            continue
        direction = call.args[1]
        names = {n.id for n in ast.walk(direction) if isinstance(n, ast.Name)}
        if not names or not names <= DIRECTIONS or any(k.arg == "shift" for k in call.keywords):
            continue
        first = call.args[0]
        # ManimGL's second argument is the shift itself (FadeIn(mob, UP) rises into place), as shift= is here
        shift = ast.get_source_segment(ctx.code, direction)
        edits.append(
            Edit(
                (first.end_lineno, first.end_col_offset),
                (direction.end_lineno, direction.end_col_offset),
                f", shift={shift}",
                f"{call.func.id}(mob, direction) → {call.func.id}(mob, shift=...)",
                call.lineno,
            )
        )
    return edits


# --- Tex with maths in it ----------------------------------------------------------------------------------

# what TeX only takes in maths mode: in Tex (text mode) it fails with "Missing $ inserted"
_MATHS_ONLY = re.compile(
    r"[\^_]|\\(?:frac|dfrac|sqrt|int|iint|oint|sum|prod|lim|infty|alpha|beta|gamma|delta|theta|"
    r"lambda|mu|pi|sigma|phi|omega|cdot|times|leq|geq|neq|approx|partial|nabla|vec|hat|bar|left|right|mathbb|"
    r"mathrm|binom|cdots|ldots|to|rightarrow|Rightarrow|pm|mp|sin|cos|tan|log|ln|exp)(?![A-Za-z])"
)
_TEXT_MODE = re.compile(r"\$|\\\(|\\\[|\\begin|\\text|\\textbf|\\emph|\\section")


def _tex_maths(ctx: Context) -> list[Edit]:
    """ManimGL's ``Tex`` is maths; Manim Community's is text, where maths-only TeX fails: such a ``Tex``
    (string literals only, no ``$`` or other sign of text mode) becomes ``MathTex``."""
    if "MathTex" not in ctx.names:
        return []
    edits = []
    for call in ast.walk(ctx.tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "Tex"):
            continue
        if "Tex" in ctx.bound or not ctx.star or not call.args:
            continue
        if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args):
            continue
        text = "".join(a.value for a in call.args)
        if _MATHS_ONLY.search(text) and not _TEXT_MODE.search(text):
            edits.append(_replace(call.func, "MathTex", "Tex → MathTex (maths in Manim Community's text-mode Tex)"))
    return edits


# --- edits -------------------------------------------------------------------------------------------------


def _grouped(edits: list[Edit]) -> list[str]:
    """One note per kind of change, with its lines (a scene of 2-D points would otherwise fill the result)."""
    lines: dict[str, list[int]] = {}
    for e in sorted(edits, key=lambda e: e.start):
        at = lines.setdefault(e.note, [])
        if e.line not in at:
            at.append(e.line)
    return [
        f"{note} (line {at[0]})" if len(at) == 1 else f"{note} (lines {', '.join(map(str, at))})"
        for note, at in lines.items()
    ]


def _replace(node: ast.expr, text: str, note: str) -> Edit:
    return Edit((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), text, note, node.lineno)


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if any(e.start < k.end and k.start < e.end for k in kept) or any(
            e.start == e.end and k.start < e.start < k.end for k in kept
        ):
            continue
        kept.append(e)
    return kept


def _apply(code: str, edits: list[Edit]) -> str:
    lines = code.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")) + 1)
    data = code.encode("utf-8")
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        start = offsets[e.start[0] - 1] + e.start[1]
        end = offsets[e.end[0] - 1] + e.end[1]
        data = data[:start] + e.text.encode("utf-8") + data[end:]
    return data.decode("utf-8")


def _add_import(code: str, line: str) -> str:
    lines = code.split("\n")
    at = next((i + 1 for i, text in enumerate(lines) if text.startswith(("from manim import", "import "))), 0)
    lines.insert(at, line)
    return "\n".join(lines)


# what manimrender.error_repair builds on
context = _context
non_overlapping = _non_overlapping
apply = _apply
pad = _pad
replace = _replace


def drop_keyword(call: ast.Call, index: int, note: str) -> Edit:
    return _drop_keyword(None, call, index, note)


def rename_attribute(node: ast.Attribute, new: str, note: str) -> Edit:
    start = (node.end_lineno, node.end_col_offset - len(node.attr.encode("utf-8")))
    return Edit(start, (node.end_lineno, node.end_col_offset), new, note, node.lineno)
