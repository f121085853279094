"""Tells code that was cut off (a model ran out of output tokens) from code with an ordinary syntax error.

A cut-off file should go back to the provider ("continue" or "write a shorter scene"), not through repairs and
validation that can only report a syntax error. Standard library only (the codegen Job runs it through
``python -m manimrender check``); it only parses, never runs, the code.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

# a last line ending in one of these goes on: an operator, a comma, a dot, a backslash or an opening bracket
_CONTINUES = tuple(", + - * / % = ( [ { . \\ : | & @ < > ^ ~".split()) + (" and", " or", " not", " in", " if", " else")


@dataclass(frozen=True)
class Truncation:
    line: int
    reason: str

    def message(self) -> str:
        return (
            f"the code looks cut off at line {self.line} ({self.reason}): it ends before the scene does, "
            "as when the answer ran out of length; ask for the rest or for a shorter scene"
        )


def detect(code: str) -> Truncation | None:
    """A Truncation when the code does not parse and the error is at its end; None for a complete file or an
    ordinary syntax error in the middle."""
    try:
        ast.parse(code)
    except SyntaxError as e:
        return _judge(code, e)
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


_LOOKS_LIKE_PYTHON = re.compile(r"^[ \t]*(?:from|import|class|def)[ \t]", re.MULTILINE)


def _judge(code: str, error: SyntaxError) -> Truncation | None:
    if not _LOOKS_LIKE_PYTHON.search(code):  # prose ("I cannot draw that.") is no code, cut off or not
        return None
    lines = code.rstrip().split("\n")
    last = len(lines)
    text = lines[-1].rstrip() if lines else ""
    message = (error.msg or "").lower()
    if code.lstrip().startswith("```") and code.count("```") == 1:
        return Truncation(last, "the markdown code block is never closed")
    if "unterminated triple-quoted string" in message:
        return Truncation(last, "a triple-quoted string is never closed")
    if "was never closed" in message and error.lineno:
        opened = error.lineno
        indent = _indent(lines[opened - 1]) if opened <= last else 0
        after = [line for line in lines[opened:] if line.strip()]
        if all(_indent(line) > indent for line in after):  # only continuation lines follow the bracket
            return Truncation(last, f"a bracket opened on line {opened} is never closed")
        return None
    if "expected an indented block" in message and (error.lineno or 0) >= last:
        return Truncation(last, "a block has no body")
    if (error.lineno or 0) >= last and (text.endswith(_CONTINUES) or "unterminated string" in message):
        return Truncation(last, "the last statement stops midway")
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
