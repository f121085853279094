"""The explainer's colours, one palette per theme, as data the scene is given (it picks no colour itself).

The high-contrast palette is not the default one lifted: pure white text, saturated light colours for the
curves, thicker strokes, bigger dots and a more opaque shaded area, so a viewer sees the difference. Every
colour of every palette is measured against the background with WCAG 2 contrast ratios (tests/test_palette.py):
text needs 7:1 in high contrast (AAA) and 4.5:1 otherwise (AA), graphics 3:1 (WCAG 1.4.11) and, in high
contrast, 7:1 as well; a shaded area is measured as it is seen, blended with the background by its opacity.
"""

from __future__ import annotations

DEFAULT, HIGH_CONTRAST = "default", "high_contrast"

# role -> colour. text roles: text, muted, highlight, box, part_a and part_b (the two colours of terms that stay
# matched from line to line: u and u', v and v'; Okabe and Ito's orange and reddish purple, which stay apart
# for colour-blind viewers); graphic roles: the rest.
PALETTES = {
    DEFAULT: {
        "background": "#000000",
        "text": "#FFFFFF",
        "muted": "#BBBBBB",
        "highlight": "#FC6255",
        "box": "#FFFF00",
        "part_a": "#E69F00",
        "part_b": "#CC79A7",
        "axes": "#BBBBBB",
        "curve": "#58C4DD",
        "line2": "#83C167",
        "area": "#58C4DD",
        "mark": "#FFFF00",
        "turning": "#FF862F",
        "tangent": "#FFFF00",
        "secant": "#FF862F",
    },
    HIGH_CONTRAST: {
        "background": "#000000",
        "text": "#FFFFFF",
        "muted": "#FFFFFF",
        "highlight": "#FFD700",
        "box": "#FFFFFF",
        "part_a": "#FFB000",
        "part_b": "#FF80FF",
        "axes": "#FFFFFF",
        "curve": "#00FFFF",
        "line2": "#FF80FF",
        "area": "#00FFFF",
        "mark": "#FFFF00",
        "turning": "#FFB000",
        "tangent": "#FFFF00",
        "secant": "#FF80FF",
    },
}
TEXT_ROLES = ("text", "muted", "highlight", "box", "part_a", "part_b")
# stroke widths, dot radius and area opacity per theme
# (figure_opacity: of the filled shapes of a figure, solid in high contrast so a label on them reads at 7:1)
SIZES = {
    DEFAULT: {"stroke": 4.0, "dot": 0.08, "area_opacity": 0.55, "axes_stroke": 2.0, "figure_opacity": 0.55},
    HIGH_CONTRAST: {"stroke": 7.0, "dot": 0.12, "area_opacity": 0.75, "axes_stroke": 3.5, "figure_opacity": 1.0},
}


def palette_for(themes) -> str:
    return HIGH_CONTRAST if HIGH_CONTRAST in set(themes or ()) else DEFAULT


def seen_colour(role: str, name: str) -> str:
    """The colour as it appears on screen: the shaded area blended with the background by its opacity."""
    colours = PALETTES[name]
    if role != "area":
        return colours[role]
    return _blended(colours["area"], colours["background"], SIZES[name]["area_opacity"])


def fill_colour(role: str, name: str) -> str:
    """A figure's filled shape in ``role`` as it appears on screen (blended with the background)."""
    colours = PALETTES[name]
    return _blended(colours[role], colours["background"], SIZES[name]["figure_opacity"])


def _blended(colour: str, background: str, alpha: float) -> str:
    fg, bg = _rgb(colour), _rgb(background)
    return "#" + "".join(f"{round(255 * (alpha * f + (1 - alpha) * b)):02X}" for f, b in zip(fg, bg, strict=True))


def _rgb(hex_colour: str) -> tuple:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
