"""The words of the offline explainer and of the narration, per language: one JSON catalog per language in
``explain/texts/<tag>.json``, all with the same keys and the same ``{placeholders}`` (tests/test_catalog.py
checks it). The language is the job's (the VideoJob's ``spec.language``): the codegen pod passes it to
``python -m manimrender explain --language``, the render pod reads ``MANIMRENDER_LANGUAGE`` for the voice.

Standard library only: the render pod's parent imports it for narration without loading the explainer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DEFAULT = "en"
LANGUAGES = ("en", "es", "pt-BR", "fr", "de", "hi", "ar")
# espeak-ng's voice for each language (`espeak-ng --voices`); English keeps espeak-ng's default voice (en-gb),
# which the scene's timings were measured with
VOICES = {"en": "en-gb", "es": "es", "pt-BR": "pt-br", "fr": "fr-fr", "de": "de", "hi": "hi", "ar": "ar"}
# the font Manim's Text (Pango) sets each script in; None is Pango's default (DejaVu Sans in the image)
FONTS: dict[str, str | None] = {"hi": "Noto Sans Devanagari", "ar": "Noto Sans Arabic"}
RIGHT_TO_LEFT = frozenset({"ar"})
_PLACE = Path(__file__).resolve().parent / "explain" / "texts"
# Unicode's directional isolates: left-to-right (LRI), right-to-left (RLI), and the end of either (PDI)
LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"
_ISOLATED = re.compile(f"({LRI}[^{PDI}]*{PDI})")
# maths or Latin in a right-to-left sentence: from its first letter, digit, sign or bracket to its last letter,
# digit, bracket or superscript, with no letter or punctuation of the Arabic script between ("x = 2", "-5",
# "x^2 - 5x + 6 = 0", "C"); the punctuation after it (". : ,") stays the sentence's
_LATIN = "A-Za-z0-9\u0370-\u03ffℝℕℤℚℂ∅"
_LTR_RUN = re.compile(
    f"[{_LATIN}(\\[{{|√∫∑∞−+-][^\u0600-\u06ff{LRI}{RLI}{PDI}]*[{_LATIN})\\]}}|²³¹⁰-⁹ⁿ′'!∞°%]|[{_LATIN}]"
)
_CURRENT: ContextVar[str] = ContextVar("language", default=DEFAULT)


def language_of(tag: str | None) -> str:
    """The catalog's language for a BCP 47 tag: an exact match (any case), else the primary language
    (``es-MX`` → ``es``, ``pt`` → ``pt-BR``), else English."""
    if not tag:
        return DEFAULT
    wanted = tag.strip().replace("_", "-").lower()
    for language in LANGUAGES:
        if language.lower() == wanted:
            return language
    primary = wanted.split("-")[0]
    for language in LANGUAGES:
        if language.lower().split("-")[0] == primary:
            return language
    return DEFAULT


@cache
def texts(language: str) -> dict[str, str]:
    """Every pattern of ``language``'s catalog, by key."""
    loaded: dict[str, str] = json.loads((_PLACE / f"{language}.json").read_text(encoding="utf-8"))
    return loaded


def current() -> str:
    """The language the explainer writes in now (see :func:`speaking`)."""
    return _CURRENT.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Everything :func:`word` formats inside the block is in ``language``."""
    token = _CURRENT.set(language_of(language))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def word(key: str, language: str | None = None, **params: object) -> str:
    """The pattern ``key`` in ``language`` (default: the current one), its placeholders filled; in a
    right-to-left language with its maths isolated (:func:`isolated`)."""
    language = language or current()
    sentence = texts(language)[key].format(**params)
    return isolated(sentence) if language_of(language) in RIGHT_TO_LEFT else sentence


def isolated(sentence: str) -> str:
    """A right-to-left ``sentence`` with each run of maths or Latin in it between LRI and PDI. Without them the
    Unicode bidi algorithm lays "x = 2" out as "2 = x" and "-5" as "5-" in an Arabic sentence, wherever it is
    shown (a player's subtitles, a chat, the transcript, Manim's Text). Runs already isolated stay as they are,
    so a sentence made of other sentences is isolated once."""
    parts = _ISOLATED.split(sentence)
    return "".join(
        part if _ISOLATED.fullmatch(part) else _LTR_RUN.sub(lambda m: LRI + m.group(0) + PDI, part) for part in parts
    )


def plain(sentence: str) -> str:
    """``sentence`` without its directional isolates: the words, for speaking or comparing."""
    return sentence.translate({ord(LRI): None, ord(RLI): None, ord(PDI): None})


def speaks(kind: str, language: str) -> bool:
    """Whether the explainer can work a ``kind`` problem out in ``language``: English always (every sentence
    has its English beside the code), another language when the catalog has the kind's words."""
    return language == DEFAULT or f"{kind}.heading" in texts(language)


def on_screen(text: str, language: str) -> str:
    """``text`` ready for Manim's Text. Pango lays a right-to-left paragraph out flush right in a box as wide as
    the frame, starting where Manim starts a line, so its glyphs fall off the SVG and Text comes out empty or
    cut (at the heading's size: nothing at all). A left-to-right mark first makes the paragraph's direction
    left-to-right, so it starts where Manim expects; inside it the sentence is one right-to-left isolate (RLI
    ... PDI), so its words still read from the right, and its maths, isolated left to right (:func:`isolated`),
    reads "x = 2" where it stands."""
    if language_of(language) not in RIGHT_TO_LEFT:
        return text
    return "\u200e" + RLI + isolated(text) + PDI


def voice(language: str) -> str:
    return VOICES[language_of(language)]


def font(language: str) -> str | None:
    return FONTS.get(language_of(language))
