"""Accessibility theme applied by the renderer (in the child, before the scene runs), for AI and direct code
alike: high contrast (black background, every text colour lifted to a WCAG contrast ratio of at least 7:1
against it, checked on every frame so colours set later by the scene are caught too) and large text (every
Text/Tex/MathTex made 1.3 times its asked size).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is loaded where colours are measured: the pipeline's parent only reads THEMES
    import numpy as np

HIGH_CONTRAST, LARGE_TEXT = "high_contrast", "large_text"
THEMES = (HIGH_CONTRAST, LARGE_TEXT)
BACKGROUND = "#000000"
MIN_CONTRAST = 7.0
# against black, (L + 0.05) / 0.05 >= 7 means a relative luminance of at least 0.3
_MIN_LUMINANCE = MIN_CONTRAST * 0.05 - 0.05 + 0.002
TEXT_SCALE = 1.3


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours in 0..1 (last axis: r, g, b)."""
    import numpy as np

    rgb = np.asarray(rgb, dtype=float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(a, b) -> float:
    la, lb = sorted((float(relative_luminance(a)), float(relative_luminance(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def lifted(rgb: np.ndarray) -> np.ndarray:
    """Each colour mixed with white just enough to reach the minimum luminance (its hue is kept)."""
    import numpy as np

    rgb = np.array(rgb, dtype=float)
    out = rgb.copy()
    for t in np.linspace(0.0, 1.0, 41):
        dark = relative_luminance(out) < _MIN_LUMINANCE
        if not dark.any():
            break
        out[dark] = rgb[dark] + t * (1.0 - rgb[dark])
    return out


@dataclass(frozen=True)
class Theme:
    high_contrast: bool = False
    large_text: bool = False

    @classmethod
    def of(cls, names) -> Theme:
        names = set(names or ())
        return cls(HIGH_CONTRAST in names, LARGE_TEXT in names)

    def before_scene(self, scene) -> None:
        if self.large_text:
            _enlarge_text()
        if self.high_contrast:
            _keep_contrast(scene)


def _text_types() -> tuple:
    from manim import MarkupText, Paragraph, SingleStringMathTex, Text
    from manim.mobject.text.numbers import DecimalNumber

    return Text, MarkupText, Paragraph, SingleStringMathTex, DecimalNumber


def _enlarge_text() -> None:
    from manim import MarkupText, MathTex, Paragraph, SingleStringMathTex, Tex, Text
    from manim.constants import DEFAULT_FONT_SIZE

    for cls in (Text, MarkupText, Paragraph, MathTex, Tex, SingleStringMathTex):
        original = cls.__init__

        def enlarged(self, *args, _original=original, **kwargs):
            if not getattr(self, "_theme_enlarged", False):  # MathTex builds SingleStringMathTex parts
                kwargs["font_size"] = kwargs.get("font_size", DEFAULT_FONT_SIZE) * TEXT_SCALE
                self._theme_enlarged = True
            _original(self, *args, **kwargs)

        cls.__init__ = enlarged


def _keep_contrast(scene) -> None:
    """Black background and light text on every frame the camera takes (the scene may change either later)."""
    from manim import ManimColor

    camera = scene.camera
    text_types = _text_types()
    reset, capture = camera.reset, camera.capture_mobjects
    black = ManimColor(BACKGROUND)

    def themed_reset(*args, **kwargs):
        # a scene may have set the colour as a string ("#000000"); ManimColor refuses to compare with one
        if ManimColor(camera.background_color) != black or camera.background_opacity != 1:
            camera.background_color, camera.background_opacity = black, 1  # each setter re-makes the background
        return reset(*args, **kwargs)

    def themed_capture(mobjects, *args, **kwargs):
        # the camera is handed the leaves (paths) to draw; which of them are text is known from the scene's tree
        for top in [*scene.mobjects, *scene.foreground_mobjects]:
            for part in top.get_family():
                if isinstance(part, text_types):
                    _lift_colours(part)
        return capture(mobjects, *args, **kwargs)

    camera.reset, camera.capture_mobjects = themed_reset, themed_capture
    themed_reset()


def _lift_colours(text) -> None:
    for part in text.get_family():
        for name in ("fill_rgbas", "stroke_rgbas"):
            rgbas = getattr(part, name, None)
            if rgbas is None or len(rgbas) == 0:
                continue
            visible = rgbas[:, 3] > 0
            if visible.any() and (relative_luminance(rgbas[visible, :3]) < _MIN_LUMINANCE).any():
                rgbas[visible, :3] = lifted(rgbas[visible, :3])
