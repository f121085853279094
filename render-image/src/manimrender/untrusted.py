"""What the untrusted render child writes, read by the trusted parent without letting it crash the parent.

Every JSON line from the child goes through :func:`read_object`: its size and nesting depth are checked before
the parser sees it (so deep nesting cannot raise RecursionError), NaN and Infinity are refused, and numbers
are bounded (so no value overflows when it is turned into a float or an int later). The values in it are
then taken with the typed accessors (:func:`number`, :func:`integer`, :func:`text`), which answer ``None``
for anything of the wrong type or out of range. :func:`scrub` makes any text safe to show a person.
"""

from __future__ import annotations

import json
import math
import re
import socket

MAX_LINE_BYTES = 1024 * 1024  # a done report with 300 subtitles of 500 characters fits
MAX_DEPTH = 8  # the child's reports nest 3 deep (a done report, its subtitle list, a subtitle)
MAX_DIGITS = 18  # an integer literal; 10**18 still fits a float and an int64 comfortably
MAX_NUMBER = 1e18
MAX_LINE = 1_000_000  # of the scene's code (at most 50 KB)
SHOWN_HOST_NAME = "sandbox"  # what the sandbox calls itself (sandbox.SANDBOX_HOSTNAME): one name in every message
SCRUBBED_CHARS = 300

# A JSON string (closing quote optional, so a broken one ends the match instead of being tried again from
# every later quote: linear time), and a pair of brackets with no bracket between them.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_INNERMOST = re.compile(rb"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
_BRACKETS = re.compile(rb"[\[\]{}]")
_ABSOLUTE_PATH = re.compile(r"(?<![\w./])/(?:[^\s/'\"]+/)*([^\s/'\"]+)")


class Refused(ValueError):
    """A value the parent will not take from the child."""


def read_object(line: bytes) -> dict | None:
    """One JSON object from the child, or ``None`` when the line is not one the parent accepts."""
    if len(line) > MAX_LINE_BYTES or not _shallow(line):
        return None
    try:
        value = json.loads(
            line.decode("utf-8"),
            parse_constant=_refuse_constant,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
        )
    except ValueError:  # JSONDecodeError, UnicodeDecodeError and Refused
        return None
    return value if isinstance(value, dict) else None


def report(line: bytes) -> dict | None:
    """One report of the child (:class:`manimrender.child.Reporter`) with the fields the parent acts on typed
    and in range (a field that is not becomes ``None``); ``subcaptions`` and ``layout`` are left to their own
    readers, :func:`manimrender.captions.cues_from` and :func:`manimrender.critic.describe`."""
    event = read_object(line)
    if event is None:
        return None
    return {
        **event,
        "event": text(event.get("event"), 16),
        "outcome": text(event.get("outcome"), 32),
        "message": text(event.get("message"), 1000),
        "line": integer(event.get("line"), 1, MAX_LINE),
        "videoSeconds": number(event.get("videoSeconds"), 0),
    }


def _shallow(line: bytes) -> bool:
    """Whether the brackets outside strings nest at most MAX_DEPTH deep: each pass removes the innermost
    pairs, so after MAX_DEPTH passes none may be left (an unbalanced line is not JSON anyway)."""
    structure = _STRING.sub(b"", line)
    for _ in range(MAX_DEPTH):
        structure, removed = _INNERMOST.subn(b"", structure)
        if not removed:
            break
    return _BRACKETS.search(structure) is None


def _refuse_constant(name: str):
    raise Refused(f"{name} is not a number the parent takes")


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise Refused("an integer with too many digits")
    return int(digits)


def _bounded_float(literal: str) -> float:
    if len(literal) > 64:  # far beyond any float's precision; keeps float() itself cheap
        raise Refused("a number written too long")
    value = float(literal)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise Refused("a number out of range")
    return value


def number(value, low: float = -MAX_NUMBER, high: float = MAX_NUMBER) -> float | None:
    """``value`` as a finite float in ``[low, high]``, or ``None`` (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int) and abs(value) > MAX_NUMBER:  # float() of a huge int raises OverflowError
        return None
    value = float(value)
    return value if math.isfinite(value) and low <= value <= high else None


def integer(value, low: int, high: int) -> int | None:
    """``value`` as an int in ``[low, high]``, or ``None`` (booleans are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


def text(value, max_chars: int) -> str | None:
    """``value`` as a string of at most ``max_chars`` that can be written as UTF-8, or ``None``."""
    if not isinstance(value, str):
        return None
    return _encodable(value[:max_chars])


def _encodable(value: str) -> str:
    """Lone surrogates (JSON lets ``"\\ud800"`` through) replaced: every writer of the text encodes UTF-8."""
    return value.encode("utf-8", "replace").decode("utf-8")


def scrub(message: str, max_chars: int = SCRUBBED_CHARS) -> str:
    """Any text made safe to show: absolute paths shortened to their last part, the host name replaced as a
    whole word (the sandbox has its own, but the unsandboxed development mode does not; a short name is
    replaced where it stands alone, never inside a word), whitespace folded, at most ``max_chars``."""
    message = _ABSOLUTE_PATH.sub(lambda m: m.group(1), _encodable(message))
    host = socket.gethostname()
    if host:
        message = re.sub(rf"(?<![\w-]){re.escape(host)}(?![\w-])", SHOWN_HOST_NAME, message, flags=re.IGNORECASE)
    return cut(" ".join(message.split()), max_chars)


def cut(message: str, max_chars: int) -> str:
    """At most ``max_chars`` characters, the last an ellipsis when the text was longer."""
    return message if len(message) <= max_chars else message[: max_chars - 1] + "…"
