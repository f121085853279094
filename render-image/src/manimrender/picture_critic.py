"""The teaching critic: what the layout critic (:mod:`manimrender.critic`) does not see, a viewer does. After
each ``play()``/``wait()`` it notes

- ``small_text``: a text or formula set below :data:`MIN_FONT_SIZE` (at 480p smaller is not readable);
- ``empty_frame``: more than half the frame empty for more than :data:`EMPTY_SECONDS` seconds;
- ``small_picture``: axes whose drawing (curves, areas, dots) never covers :data:`MIN_PICTURE_SHARE` of them;
- ``no_curve``: axes with nothing drawn on them at all (a plot without its graph).

It is used by the offline explainer's own tests (tests/test_explain_frames.py), which fail on any finding;
``time_scale`` lets a scene rendered at a fast pace be judged as if it ran at its real pace. Messages are in
:data:`TEXTS` with their parameters.
"""

from __future__ import annotations

import numpy as np

MIN_FONT_SIZE = 20  # half the explainer's working size (40): the "nothing below half size at 480p"
EMPTY_SHARE = 0.5
EMPTY_SECONDS = 5.0
MIN_PICTURE_SHARE = 0.10
GRID = (32, 18)  # cells across and down the frame for measuring how much of it is used
MARGIN = 0.5  # scene units around a mobject that count as used: the breathing room a layout gives it

TEXTS = {
    "small_text": "{name} is set at font size {size}, below the readable {minimum}",
    "empty_frame": "{share}% of the frame is empty for {seconds} s from {start} s",
    "small_picture": "the picture covers only {share}% of its axes",
    "no_curve": "the axes have nothing drawn on them",
}


class PictureCritic:
    def __init__(self, time_scale: float = 1.0):
        self.time_scale = time_scale
        self.findings: list[dict] = []
        self._seen: set = set()
        self._empty_since: float | None = None
        self._pictures: dict = {}  # id(axes) -> largest share covered

    def after_play(self, scene) -> None:
        from manim import Axes, config

        now = scene.renderer.time * self.time_scale
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        top = [m for m in scene.mobjects + scene.foreground_mobjects if _visible(m)]
        self._small_text(top)
        boxes = [(x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN) for x0, y0, x1, y1 in map(_box, top)]
        covered = _coverage(boxes, (-half_w, -half_h, half_w, half_h))
        if 1 - covered > EMPTY_SHARE:
            self._empty_since = now if self._empty_since is None else self._empty_since
            if now - self._empty_since > EMPTY_SECONDS:
                self._note(
                    "empty_frame",
                    (),
                    share=round(100 * (1 - covered)),
                    seconds=round(now - self._empty_since, 1),
                    start=round(self._empty_since, 1),
                )
        else:
            self._empty_since = None
        for axes in [m for m in top if isinstance(m, Axes)]:
            region = _box(axes)
            drawn = [_box(m) for m in top if m is not axes and not _is_text(m) and _inside(_box(m), region)]
            share = _coverage(drawn, region) if drawn else 0.0
            self._pictures[id(axes)] = max(share, self._pictures.get(id(axes), 0.0))

    def finish(self) -> list[dict]:
        """The findings, with those about pictures that only the whole scene can tell."""
        for key, share in self._pictures.items():
            if share == 0:
                self._note("no_curve", (key,))
            elif share < MIN_PICTURE_SHARE:
                self._note("small_picture", (key,), share=round(100 * share))
        return self.findings

    def _small_text(self, top) -> None:
        for text in _texts(top):
            size = getattr(text, "font_size", None)
            if size is not None and size < MIN_FONT_SIZE - 0.5:
                name = " ".join(str(getattr(text, "tex_string", None) or getattr(text, "text", "")).split())[:30]
                self._note("small_text", (id(text),), name=repr(name), size=round(size), minimum=MIN_FONT_SIZE)

    def _note(self, kind: str, key: tuple, **parameters) -> None:
        if (kind, key) in self._seen:
            return
        self._seen.add((kind, key))
        self.findings.append({"kind": kind, "message": TEXTS[kind].format(**parameters)})


def _text_types() -> tuple:
    from manim import MarkupText, Paragraph, SingleStringMathTex, Text

    return Text, MarkupText, Paragraph, SingleStringMathTex


def _is_text(m) -> bool:
    return isinstance(m, _text_types()) or any(isinstance(p, _text_types()) for p in m.get_family())


def _texts(mobjects) -> list:
    from manim import Axes

    found = []
    for m in mobjects:
        if isinstance(m, Axes):  # tick numbers are the axes' own business (22 and up in the explainer)
            continue
        if isinstance(m, _text_types()):
            found.append(m)
        else:
            found.extend(_texts(m.submobjects))
    return found


def _visible(m) -> bool:
    family = m.family_members_with_points()
    return any(
        (getattr(p, "fill_rgbas", None) is not None and len(p.fill_rgbas) and p.fill_rgbas[:, 3].max() > 0.05)
        or (
            getattr(p, "stroke_rgbas", None) is not None
            and len(p.stroke_rgbas)
            and p.stroke_rgbas[:, 3].max() > 0.05
            and p.get_stroke_width() > 0
        )
        for p in family
    )


def _box(m) -> tuple:
    (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
    return x0, y0, x1, y1


def _inside(box: tuple, region: tuple) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def _coverage(boxes: list, region: tuple) -> float:
    """The share of ``region``'s grid cells whose centre lies in one of ``boxes``."""
    x0, y0, x1, y1 = region
    xs = x0 + (np.arange(GRID[0]) + 0.5) * (x1 - x0) / GRID[0]
    ys = y0 + (np.arange(GRID[1]) + 0.5) * (y1 - y0) / GRID[1]
    cx, cy = np.meshgrid(xs, ys)
    hit = np.zeros_like(cx, dtype=bool)
    for bx0, by0, bx1, by1 in boxes:
        hit |= (cx >= bx0) & (cx <= bx1) & (cy >= by0) & (cy <= by1)
    return float(hit.mean())
