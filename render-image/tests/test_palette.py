"""Every colour the explainer uses, measured against its background with WCAG 2 contrast ratios (issue 25:
high contrast must change something, and what it changes must be measured), and the two palettes differ."""

from __future__ import annotations

import pytest

from manimrender.explain import explain
from manimrender.explain.palette import DEFAULT, HIGH_CONTRAST, PALETTES, SIZES, TEXT_ROLES, seen_colour
from manimrender.theme import contrast_ratio


def _rgb(colour: str) -> tuple:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


# text: AAA (7:1) in high contrast, AA (4.5:1) otherwise; graphics: 3:1 (WCAG 1.4.11), 7:1 in high contrast
NEEDED = {DEFAULT: {"text": 4.5, "graphic": 3.0}, HIGH_CONTRAST: {"text": 7.0, "graphic": 7.0}}


@pytest.mark.parametrize("name", [DEFAULT, HIGH_CONTRAST])
def test_every_colour_has_enough_contrast_with_the_background(name):
    background = _rgb(PALETTES[name]["background"])
    for role in PALETTES[name]:
        if role == "background":
            continue
        kind = "text" if role in TEXT_ROLES else "graphic"
        ratio = contrast_ratio(_rgb(seen_colour(role, name)), background)
        assert ratio >= NEEDED[name][kind], (name, role, round(ratio, 2))


def test_the_shaded_area_is_measured_as_seen():
    # blended with black by its opacity, the area is darker than its colour: that darker colour is checked
    assert seen_colour("area", HIGH_CONTRAST) != PALETTES[HIGH_CONTRAST]["area"]


def test_high_contrast_changes_colours_and_strokes():
    changed = [r for r in PALETTES[DEFAULT] if PALETTES[DEFAULT][r] != PALETTES[HIGH_CONTRAST][r]]
    assert len(changed) >= 6
    assert SIZES[HIGH_CONTRAST]["stroke"] > SIZES[DEFAULT]["stroke"]


def test_the_scene_carries_the_asked_palette():
    plain = explain("plot y = x^2 - 4").code
    contrast = explain("plot y = x^2 - 4", themes=("high_contrast",)).code
    assert plain != contrast
    assert PALETTES[HIGH_CONTRAST]["curve"] in contrast and PALETTES[HIGH_CONTRAST]["curve"] not in plain
