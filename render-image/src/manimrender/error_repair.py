"""Repairs from the error a render failed with, so the same attempt can render again (at most
:data:`MAX_ROUNDS` times, inside the render's deadline: :mod:`manimrender.pipeline`).

The static repairs (:mod:`manimrender.api_repair`) leave what they cannot be sure of; the error names it: the
keyword a call refused, the attribute or name Python could not find, a 2-D point NumPy could not broadcast.
Each rule edits only the named thing at the line the traceback gives, on the AST; the code is never run here
(the error comes from the sandboxed render), and the result goes through the static policy again before it
renders.
"""

from __future__ import annotations

import ast
import difflib
import re

from manimrender import api_repair

MAX_ROUNDS = 3
_KEYWORD = re.compile(r"unexpected keyword argument '([A-Za-z_][A-Za-z0-9_]*)'")
_ATTRIBUTE = re.compile(r"has no attribute '([A-Za-z_][A-Za-z0-9_]*)'")
_NAME = re.compile(r"name '([A-Za-z_][A-Za-z0-9_]*)' is not defined")
_SHAPES = re.compile(r"shape[s]? .*\(2,\)|\(2,\).*shape|broadcast")
_LOOSE = 0.7  # the error says the name is wrong: a looser match than the static pass's is fair


def fix(code: str, message: str, line: int | None, table: dict | None) -> tuple[str, str] | None:
    """The repaired code and a note, or None when no rule applies to this error."""
    if not line or table is None or not message:
        return None
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    ctx = api_repair.context(table, tree, code)
    for rule in (_keyword, _attribute, _name, _points, _tex_in_text_mode):
        edits = rule(ctx, message, line)
        if edits:
            edits = api_repair.non_overlapping(edits)
            kind = message.split(":", 1)[0][:40]
            note = "; ".join(dict.fromkeys(e.note for e in edits))
            return api_repair.apply(code, edits), f"{note} (line {line}, after the render failed with {kind})"
    return None


def _spans(node: ast.AST, line: int) -> bool:
    return getattr(node, "lineno", 0) <= line <= (getattr(node, "end_lineno", 0) or 0)


def _keyword(ctx, message: str, line: int) -> list:
    found = _KEYWORD.search(message)
    if not found:
        return []
    word = found[1]
    calls = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Call) and _spans(n, line)]
    calls = [c for c in calls if any(k.arg == word for k in c.keywords)]
    if not calls:
        return []
    call = min(calls, key=lambda c: (c.end_lineno - c.lineno, c.end_col_offset - c.col_offset))  # innermost
    index = next(i for i, k in enumerate(call.keywords) if k.arg == word)
    return [api_repair.drop_keyword(call, index, f"dropped keyword {word}, which the call does not take")]


def _attribute(ctx, message: str, line: int) -> list:
    found = _ATTRIBUTE.search(message)
    if not found:
        return []
    word = found[1]
    new = _nearest(word, ctx.attributes - {word})  # the object lacks it, whoever else has it
    if not new:
        return []
    nodes = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Attribute) and n.attr == word and _spans(n, line)]
    return [api_repair.rename_attribute(n, new, f".{word} → .{new}") for n in nodes]


def _name(ctx, message: str, line: int) -> list:
    found = _NAME.search(message)
    if not found:
        return []
    word = found[1]
    new = _nearest(word, set(ctx.names) | (ctx.bound - {word}))
    if not new:
        return []
    nodes = [n for n in ast.walk(ctx.tree) if isinstance(n, ast.Name) and n.id == word]
    return [api_repair.replace(n, new, f"{word} → {new}") for n in nodes if isinstance(n.ctx, ast.Load)]


def _points(ctx, message: str, line: int) -> list:
    """NumPy's broadcast error on a 2-D point: every 2-element literal of numbers on that line gets a z."""
    if not _SHAPES.search(message):
        return []
    edits = []
    for node in ast.walk(ctx.tree):
        if isinstance(node, (ast.List, ast.Tuple)) and node.lineno == line and _numbers(node.elts):
            edits.extend(api_repair.pad(node))
    return edits


def _numbers(elements: list) -> bool:
    return len(elements) == 2 and all(
        isinstance(e, ast.Constant)
        and isinstance(e.value, (int, float))
        or isinstance(e, ast.UnaryOp)
        and isinstance(e.operand, ast.Constant)
        for e in elements
    )


def _tex_in_text_mode(ctx, message: str, line: int) -> list:
    """TeX's "Missing $ inserted" from a ``Tex`` at that line: maths in text mode (ManimGL's Tex is maths)."""
    if "Missing $ inserted" not in message or "MathTex" not in ctx.names or "Tex" in ctx.bound:
        return []
    return [
        api_repair.replace(call.func, "MathTex", "Tex → MathTex")
        for call in ast.walk(ctx.tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "Tex"
        and _spans(call, line)
    ]


def _nearest(word: str, pool) -> str | None:
    close = difflib.get_close_matches(word, list(pool), n=2, cutoff=_LOOSE)
    if not close:
        return None
    if len(close) == 2:
        first, second = (difflib.SequenceMatcher(None, word, c).ratio() for c in close)
        if second >= first - 0.02:
            return None
    return close[0]
