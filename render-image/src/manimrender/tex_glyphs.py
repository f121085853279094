"""The glyphs of numbers, typeset once where the image is built, so a render that shows a number does not typeset
them again.

Manim draws every number (``DecimalNumber``, ``Integer``, an axis's labels and coordinates) from one SVG per
character, each typeset by LaTeX and dvisvgm (about 0.25 s each on two cores: some 3 s for the 14 characters of
numbers, in every render, every part of a render in parts and its plan). Manim looks for that SVG in its ``tex_dir``
under the hash of the character's whole TeX source, and typesets only when it is missing. So the image typesets
them once (``python -m manimrender.tex_glyphs <dir>``, the Dockerfile; ``run-tests.sh`` for the host's tests) and
each render's child copies them into its own ``tex_dir`` before any user code runs (:func:`seed`). A template that
gives another source (a theme's, a user's ``TexTemplate``) finds no SVG and is typeset as ever.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

SHIPPED = Path(__file__).with_name("tex_glyphs")  # built with the image; absent where nobody built it


def typeset(out: Path) -> int:
    """Typesets every character of a number (digits, sign, point, comma, plus) into ``out``: its SVG count."""
    from manim import DecimalNumber, config

    work = out.with_name(out.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    config.media_dir = str(work)
    config.verbosity = "WARNING"
    DecimalNumber(-1234567890.5, num_decimal_places=1, group_with_commas=True)
    DecimalNumber(5, include_sign=True)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for svg in (work / "Tex").glob("*.svg"):
        shutil.copyfile(svg, out / svg.name)
    shutil.rmtree(work)
    return len(list(out.glob("*.svg")))


def seed(tex_dir: Path, shipped: Path = SHIPPED) -> None:
    """Copies the shipped glyphs into a render's ``tex_dir`` (its work space: Manim writes beside them)."""
    if not shipped.is_dir():
        return
    tex_dir.mkdir(parents=True, exist_ok=True)
    for svg in shipped.glob("*.svg"):
        shutil.copyfile(svg, tex_dir / svg.name)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else SHIPPED
    print(f"{out}: {typeset(out)} glyphs of numbers typeset")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
