"""Layout critic, without a vision model: after each ``play()``/``wait()`` the child looks at the text and
maths in the scene and notes what a viewer would stumble over: a text partly or wholly outside the frame,
or two texts on top of each other. Findings carry the line of the ``play()`` call in the user's code; they are
warnings in the render result (the video is still made), at most :data:`MAX_FINDINGS`, each reported once. A finding is
*severe* (:func:`is_severe`, the one place of that rule) when at least half of a text is outside the frame or
covered by another text; its line reads ``line 12: severe: ...`` (the operator gives AI code one repair for it).
"""

from __future__ import annotations

import sys

from manimrender import untrusted

MAX_FINDINGS = 20
MARGIN = 0.05  # scene units a text may touch the frame's edge by
OVERLAP_SHARE = 0.2  # of the smaller text's box covered by the other one
SEVERE_SHARE = 0.5  # of a text outside the frame, or of the smaller text covered: a viewer cannot read it
SEVERE_MARK = "severe: "


def is_severe(share: float) -> bool:
    """Whether a finding covering ``share`` of a text (outside the frame, or under another text) is severe."""
    return bool(share >= SEVERE_SHARE)


def outside_share(box: tuple, half_w: float, half_h: float) -> float:
    """The share of a text's box outside the frame (1 when wholly outside or without area)."""
    x0, y0, x1, y1 = box
    area = (x1 - x0) * (y1 - y0)
    inside = max(0.0, min(x1, half_w) - max(x0, -half_w)) * max(0.0, min(y1, half_h) - max(y0, -half_h))
    return 1.0 - inside / area if area > 0 else 1.0


def _text_types() -> tuple:
    from manim import MarkupText, Paragraph, SingleStringMathTex, Text
    from manim.mobject.text.numbers import DecimalNumber

    return Text, MarkupText, Paragraph, SingleStringMathTex, DecimalNumber


class LayoutCritic:
    def __init__(self, user_filename: str):
        self.user_filename = user_filename
        self.findings: list[dict] = []
        self._seen: set = set()
        self._types = None

    def after_play(self, scene) -> None:
        if len(self.findings) >= MAX_FINDINGS:
            return
        from manim import config

        self._types = self._types or _text_types()
        line = self._user_line()
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        texts = [t for t in self._texts(scene.mobjects + scene.foreground_mobjects) if self._visible(t)]
        boxes = [(t, self._box(t)) for t in texts]
        for text, box in boxes:
            x0, y0, x1, y1 = box
            seen = x1 > -half_w and x0 < half_w and y1 > -half_h and y0 < half_h
            if not seen:
                self._note(
                    "outside_frame", line, (id(text),), f"{self._name(text)} is outside the frame (not seen)", 1.0
                )
            elif x0 < -half_w - MARGIN or x1 > half_w + MARGIN or y0 < -half_h - MARGIN or y1 > half_h + MARGIN:
                share = outside_share(box, half_w, half_h)
                self._note(
                    "outside_frame",
                    line,
                    (id(text),),
                    f"{self._name(text)} is {round(100 * share)}% outside the frame",
                    share,
                )
        for i, (a, box_a) in enumerate(boxes):
            for b, box_b in boxes[i + 1 :]:
                share = self._overlap(box_a, box_b)
                if share > OVERLAP_SHARE:
                    self._note(
                        "overlap",
                        line,
                        tuple(sorted((id(a), id(b)))),
                        f"{self._name(a)} overlaps {self._name(b)} ({round(100 * share)}% of the smaller)",
                        share,
                    )

    def _texts(self, mobjects) -> list:
        found = []
        for m in mobjects:
            if isinstance(m, self._types):
                found.append(m)
            else:
                found.extend(self._texts(m.submobjects))
        return found

    @staticmethod
    def _visible(m) -> bool:
        if not m.has_points() and not m.submobjects:
            return False
        family = m.family_members_with_points()
        return any(
            getattr(p, "fill_rgbas", None) is not None and len(p.fill_rgbas) and p.fill_rgbas[:, 3].max() > 0.05
            for p in family
        )

    @staticmethod
    def _box(m) -> tuple:
        (x0, y0, _), (x1, y1, _) = m.get_corner([-1, -1, 0]), m.get_corner([1, 1, 0])
        return x0, y0, x1, y1

    @staticmethod
    def _overlap(a, b) -> float:
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        if w <= 0 or h <= 0:
            return 0.0
        smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
        return w * h / smaller if smaller > 0 else 0.0

    @staticmethod
    def _name(m) -> str:
        text = getattr(m, "original_text", None) or getattr(m, "tex_string", None) or type(m).__name__
        text = " ".join(str(text).split())
        return f"{type(m).__name__} {text[:30] + ('…' if len(text) > 30 else '')!r}"

    def _user_line(self) -> int | None:
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename == self.user_filename:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def _note(self, kind: str, line: int | None, key: tuple, message: str, share: float) -> None:
        if (kind, key) in self._seen or len(self.findings) >= MAX_FINDINGS:
            return
        self._seen.add((kind, key))
        self.findings.append({"kind": kind, "line": line, "message": message, "severe": is_severe(share)})


def describe(reported) -> list[str]:
    """(parent) The child's findings as short lines for the result, checked like any untrusted output."""
    if not isinstance(reported, list):
        return []
    lines = []
    for item in reported[:MAX_FINDINGS]:
        if not isinstance(item, dict) or item.get("kind") not in ("outside_frame", "overlap"):
            continue
        message = untrusted.text(item.get("message"), 200)
        if message is None:
            continue
        message = " ".join(message.split())
        if item.get("severe") is True:
            message = SEVERE_MARK + message
        line = untrusted.integer(item.get("line"), 1, untrusted.MAX_LINE)
        lines.append(f"line {line}: {message}" if line else message)
    return lines
