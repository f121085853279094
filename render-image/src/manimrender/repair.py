"""Fixes the mistakes language models commonly make in Manim code, without calling a model.

Standard library only: the codegen Job runs this (through ``python -m manimrender check``) before the code
is stored. Every repair is reported in plain words so a person can see what was changed.
"""

from __future__ import annotations

import ast
import difflib
import io
import os
import re
import tokenize
from dataclasses import dataclass, field

from manimrender import api_repair, manim_api

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
_MANIMLIB_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?:manimlib|manim_imports_ext|big_ol_pile_of_manim_imports|manimce)(?:\.[\w.]+)?"
    r"[ \t]+import[ \t]+[^\n]*|import[ \t]+(?:manimlib|manimce)(?:\.[\w.]+)?(?:[ \t]+as[ \t]+\w+)?)[ \t]*$",
    re.MULTILINE,
)
_MANIM_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+manim(?:\.[\w.]+)?[ \t]+import|import[ \t]+manim\b)", re.MULTILINE)
_STAR_IMPORT = "from manim import *"

# Names from old manim (3b1b manimlib or early Community releases) and what Manim Community calls them now.
RENAMES = {
    "ShowCreation": "Create",
    "TextMobject": "Tex",
    "TexMobject": "MathTex",
    "TexText": "Tex",
    "CircleIndicate": "Circumscribe",
    "WiggleOutThenIn": "Wiggle",
    "ShowCreationThenDestruction": "ShowPassingFlash",
    "ShowCreationThenFadeOut": "ShowPassingFlash",
    "ParametricSurface": "Surface",
    "FRAME_WIDTH": "config.frame_width",
    "FRAME_HEIGHT": "config.frame_height",
    "FRAME_X_RADIUS": "(config.frame_width / 2)",
    "FRAME_Y_RADIUS": "(config.frame_height / 2)",
}
# Method names that changed (only renamed where they follow a dot).
METHOD_RENAMES = {"get_graph": "plot", "camera_frame": "camera.frame", "arrange_submobjects": "arrange"}

# Old fade animations: name -> (new name, shift expression or None, scale?)
_FADES = {
    "FadeInFromDown": ("FadeIn", "UP"),
    "FadeInFromUp": ("FadeIn", "DOWN"),
    "FadeInFromLeft": ("FadeIn", "RIGHT"),
    "FadeInFromRight": ("FadeIn", "LEFT"),
    "FadeOutAndShiftDown": ("FadeOut", "DOWN"),
    "FadeOutAndShiftUp": ("FadeOut", "UP"),
    "FadeOutAndShiftLeft": ("FadeOut", "LEFT"),
    "FadeOutAndShiftRight": ("FadeOut", "RIGHT"),
}
# Mobject methods that old code passes to self.play() as a bound method followed by its arguments.
_ANIMATABLE_METHODS = frozenset(
    "shift move_to next_to scale rotate set_color set_fill set_stroke set_opacity to_edge to_corner "
    "align_to arrange flip stretch center become match_color match_height match_width scale_to_fit_width "
    "scale_to_fit_height set_width set_height set_x set_y set_z fade set_value increment_value "
    "move_to_target restore set_color_by_gradient apply_function apply_complex_function "
    "rotate_about_origin surround".split()
)
# Keyword pairs of old ranges: (old min, old max, new range keyword).
_RANGE_KWARGS = (
    ("x_min", "x_max", "x_range"),
    ("y_min", "y_max", "y_range"),
    ("t_min", "t_max", "t_range"),
    ("u_min", "u_max", "u_range"),
    ("v_min", "v_max", "v_range"),
)


@dataclass
class Repaired:
    code: str
    repairs: list[str] = field(default_factory=list)
    original: str = ""

    def original_line(self, line: int | None) -> int | None:
        """Maps a line of the repaired code back to the line of the code as it was sent."""
        return map_line(self.code, self.original, line)


MAX_REPAIR_CHARS = 1_000_000  # far above the policy's 50 KB: larger input is left for the size check


def api_repairs_enabled() -> bool:
    """MANIMRENDER_API_REPAIRS=0 turns the repairs checked against Manim's API off (the others stay)."""
    return os.environ.get("MANIMRENDER_API_REPAIRS", "1").strip().lower() not in ("0", "off", "false", "no")


def repair(code: str, api: bool | None = None) -> Repaired:
    """``api``: whether to run the repairs checked against Manim's API (default: api_repairs_enabled())."""
    result = Repaired(code=code, original=code)
    if len(code) > MAX_REPAIR_CHARS:
        return result
    steps = [_strip_fences, _normalise_text, _fix_imports, _rename_tokens, _rewrite_calls, _drop_main_block]
    if api_repairs_enabled() if api is None else api:
        steps.append(_api_repairs)
    for step in steps:
        before = (result.code, len(result.repairs))
        try:
            step(result)
        except (RecursionError, MemoryError, ValueError):  # pathological nesting: skip this repair
            result.code, result.repairs = before[0], result.repairs[: before[1]]
    return result


def map_line(repaired: str, original: str, line: int | None) -> int | None:
    if line is None or repaired == original:
        return line
    a, b = repaired.splitlines(), original.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    index = line - 1
    best = None
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if a1 <= index < a2 or (a1 == a2 == index):
            if tag == "equal":
                return b1 + (index - a1) + 1
            best = b1 + min(index - a1, max(b2 - b1 - 1, 0)) + 1
            break
    return max(1, min(best or line, max(len(b), 1)))


def _strip_fences(r: Repaired) -> None:
    if "```" not in r.code:
        return
    blocks = [(lang.lower(), body) for lang, body in _FENCE.findall(r.code)]
    if not blocks:
        return
    python = [body for lang, body in blocks if lang in ("", "python", "py", "python3")] or [b for _, b in blocks]
    with_scene = [b for b in python if re.search(r"class\s+\w+\s*\(", b)]
    r.code = max(with_scene or python, key=len).rstrip() + "\n"
    r.repairs.append("removed the markdown code fences around the code")


def _normalise_text(r: Repaired) -> None:
    code = r.code.replace("\r\n", "\n").replace("\r", "\n")
    if code.startswith("\ufeff"):
        code = code[1:]
    if "\u00a0" in code or "\u200b" in code:
        code = code.replace("\u00a0", " ").replace("\u200b", "")
        r.repairs.append("replaced non-breaking and zero-width spaces with plain spaces")
    r.code = code


def _fix_imports(r: Repaired) -> None:
    if _MANIMLIB_IMPORT.search(r.code):
        r.code = _MANIMLIB_IMPORT.sub(_STAR_IMPORT, r.code)
        r.repairs.append("replaced manimlib (3b1b manim) imports with 'from manim import *'")
        lines, seen = [], False
        for line in r.code.split("\n"):
            if line.strip() == _STAR_IMPORT:
                if seen:
                    continue
                seen = True
            lines.append(line)
        r.code = "\n".join(lines)
    if not _MANIM_IMPORT.search(r.code) and re.search(r"class\s+\w+\s*\(", r.code):
        r.code = _STAR_IMPORT + "\n" + r.code
        r.repairs.append("added the missing 'from manim import *'")


def _rename_tokens(r: Repaired) -> None:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(r.code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return
    edits, done = [], []
    previous = None
    for tok in tokens:
        if tok.type == tokenize.NAME:
            after_dot = previous is not None and previous.type == tokenize.OP and previous.string == "."
            new = METHOD_RENAMES.get(tok.string) if after_dot else RENAMES.get(tok.string)
            if new:
                edits.append((tok.start, tok.end, new))
                done.append(f"{tok.string} → {new} (line {tok.start[0]})")
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok
    if not edits:
        return
    lines = r.code.split("\n")
    for (row, col), (_, end_col), new in reversed(edits):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new + line[end_col:]
    r.code = "\n".join(lines)
    r.repairs.append("renamed old Manim names: " + ", ".join(done))


def _rewrite_calls(r: Repaired) -> None:
    """AST rewrites, applied as source-segment edits so the rest of the file keeps its formatting."""
    for _ in range(5):
        try:
            tree = ast.parse(r.code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return
        edits: list[tuple[ast.AST, str, str]] = []
        claimed: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for node in ast.walk(tree):  # breadth-first: outer nodes first, nested ones are left for the next pass
            if not isinstance(node, ast.Call):
                continue
            found = _rewrite_call(node)
            if found is None:
                continue
            span = ((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset))
            if any(s <= span[0] < e or s < span[1] <= e for s, e in claimed):
                continue
            claimed.append(span)
            edits.append((node, *found))
        if not edits:
            return
        r.code = _apply_edits(r.code, [(n, text) for n, text, _ in edits])
        for node, _, what in edits:
            r.repairs.append(f"{what} (line {node.lineno})")


def _rewrite_call(call: ast.Call) -> tuple[str, str] | None:
    name = _callee_name(call)
    if name in _FADES:
        new_name, direction = _FADES[name]
        new = ast.Call(ast.Name(new_name), call.args[:1], [ast.keyword("shift", ast.Name(direction))] + call.keywords)
        return ast.unparse(new), f"{name}(...) → {new_name}(..., shift={direction})"
    if name in ("FadeInFrom", "FadeOutAndShift") and call.args:
        direction = call.args[1] if len(call.args) > 1 else _pop_keyword(call, "direction")
        if direction is None:
            direction = ast.Name("DOWN")
        shift = ast.UnaryOp(ast.USub(), direction) if name == "FadeInFrom" else direction
        new_name = "FadeIn" if name == "FadeInFrom" else "FadeOut"
        keywords = [k for k in call.keywords if k.arg != "direction"]
        new = ast.Call(ast.Name(new_name), call.args[:1], [ast.keyword("shift", shift)] + keywords)
        return ast.unparse(new), f"{name}(mob, direction) → {new_name}(mob, shift=...)"
    if name == "FadeInFromLarge" and call.args:
        scale = _pop_keyword(call, "scale_factor") or (call.args[1] if len(call.args) > 1 else ast.Constant(2))
        keywords = [k for k in call.keywords if k.arg != "scale_factor"]
        new = ast.Call(ast.Name("FadeIn"), call.args[:1], [ast.keyword("scale", scale)] + keywords)
        return ast.unparse(new), "FadeInFromLarge(...) → FadeIn(..., scale=...)"
    if name == "ApplyMethod" and call.args and _is_method_ref(call.args[0], any_method=True):
        return ast.unparse(
            _animate(call.args[0], call.args[1:], call.keywords)
        ), "ApplyMethod(mob.method, ...) → mob.animate.method(...)"
    if name == "play" and _is_self_attr(call.func):
        rewritten = _rewrite_old_play(call)
        if rewritten is not None:
            return rewritten, "old-style self.play(mob.method, args) → self.play(mob.animate.method(args))"
    for low, high, new_kw in _RANGE_KWARGS:
        kws = {k.arg: k for k in call.keywords}
        if low in kws and high in kws and new_kw not in kws:
            keywords = [k for k in call.keywords if k.arg not in (low, high)]
            pair = ast.List([kws[low].value, kws[high].value], ast.Load())
            new = ast.Call(call.func, call.args, keywords + [ast.keyword(new_kw, pair)])
            return ast.unparse(new), f"{low}/{high} → {new_kw}=[min, max]"
    return None


def _rewrite_old_play(call: ast.Call) -> str | None:
    groups: list[ast.expr] = []
    i, changed = 0, False
    args = call.args
    while i < len(args):
        arg = args[i]
        if _is_method_ref(arg):
            j = i + 1
            while j < len(args) and not _is_method_ref(args[j]) and not _looks_like_animation(args[j]):
                j += 1
            groups.append(_animate(arg, args[i + 1 : j], []))
            changed, i = True, j
        else:
            groups.append(arg)
            i += 1
    if not changed:
        return None
    return ast.unparse(ast.Call(call.func, groups, call.keywords))


def _animate(method: ast.Attribute, args: list[ast.expr], keywords: list[ast.keyword]) -> ast.Call:
    builder: ast.expr = ast.Attribute(method.value, "animate", ast.Load())
    if keywords:
        builder = ast.Call(builder, [], keywords)
    return ast.Call(ast.Attribute(builder, method.attr, ast.Load()), list(args), [])


def _is_method_ref(node: ast.expr, any_method: bool = False) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and (any_method or node.attr in _ANIMATABLE_METHODS)
        and not (isinstance(node.value, ast.Attribute) and node.value.attr == "animate")
    )


def _looks_like_animation(node: ast.expr) -> bool:
    if isinstance(node, ast.Starred):
        return True
    if isinstance(node, ast.Call):
        name = _callee_name(node)
        return bool(name) and (name[0].isupper() or _contains_animate(node))
    return False


def _contains_animate(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "animate" for n in ast.walk(node))


def _is_self_attr(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self"


def _callee_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _pop_keyword(call: ast.Call, name: str) -> ast.expr | None:
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def _api_repairs(r: Repaired) -> None:
    table = manim_api.load()
    if table is None:  # no table and no Manim to build one from: these repairs are skipped
        return
    before = r.code
    try:
        r.code, notes = api_repair.repair(r.code, table)
    except Exception:  # noqa: BLE001  (a repair's own bug must not fail the render: the code is left as it was)
        return
    # the notes name lines of the code as this step got it; the person knows the code as sent
    r.repairs.extend(with_lines(note, lambda n: map_line(before, r.original, n)) for note in notes)


_NOTE_LINES = re.compile(r"\((lines?) ([0-9]+(?:, [0-9]+)*)(\)|, )")


def with_lines(note: str, to_line) -> str:
    """The note with the line numbers of its "(line N)"/"(lines N, M)" passed through ``to_line``."""

    def mapped(m: re.Match) -> str:
        lines = list(dict.fromkeys(to_line(int(n)) for n in m[2].split(", ")))
        word = "line" if len(lines) == 1 else "lines"
        return f"({word} {', '.join(map(str, lines))}{m[3]}"

    return _NOTE_LINES.sub(mapped, note, count=1)


def _drop_main_block(r: Repaired) -> None:
    try:
        tree = ast.parse(r.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    blocks = [n for n in tree.body if isinstance(n, ast.If) and _is_main_test(n.test)]
    if not blocks:
        return
    lines = r.code.split("\n")
    for block in reversed(blocks):
        del lines[block.lineno - 1 : block.end_lineno]
    r.code = "\n".join(lines)
    r.repairs.append("removed the 'if __name__ == \"__main__\"' block (the renderer chooses and runs the scene)")


def _is_main_test(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _apply_edits(code: str, edits: list[tuple[ast.AST, str]]) -> str:
    lines = code.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")) + 1)
    data = code.encode("utf-8")
    spans = sorted(
        (
            (offsets[n.lineno - 1] + n.col_offset, offsets[n.end_lineno - 1] + n.end_col_offset, text)
            for n, text in edits
        ),
        reverse=True,
    )
    for start, end, text in spans:
        data = data[:start] + text.encode("utf-8") + data[end:]
    return data.decode("utf-8")
