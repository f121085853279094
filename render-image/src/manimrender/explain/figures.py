"""A picture made of shapes rather than a graph: the squares of a proof, the triangles of a rearrangement, the
bars of partial sums, the outcome grid of two dice. Numbers only, in the figure's own units (y up); the scene
scales the whole figure into the right-hand column (one scale, so a square stays square).

Each shape and label appears with a step (its ``stage``: the index of the step, or the number of steps for
the answer; stage 0 comes with the title and stays through the first step) and may leave with a later one
(``until``). A shape drawn again under a ``key`` it already has moves there: the same four triangles slide
into a new place, which is the rearrangement proof itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]  # in the figure's units, y up
Corners = tuple[Point, ...]


@dataclass(frozen=True)
class Shape:
    stage: int
    key: str
    role: str  # the palette role of its colour
    points: Corners  # the corners of a polygon; two points are a line
    filled: bool = True
    until: int | None = None  # the stage at which it fades out


@dataclass(frozen=True)
class Label:
    stage: int
    latex: str
    x: float
    y: float
    until: int | None = None


@dataclass(frozen=True)
class Figure:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    def as_literal(self) -> dict[str, object]:
        """The figure as plain data for the scene."""
        return {
            "size": (self.width, self.height),
            "shapes": [(s.stage, s.key, s.role, s.points, s.filled, s.until) for s in self.shapes],
            "labels": [(label.stage, label.latex, label.x, label.y, label.until) for label in self.labels],
        }


def square(x: float, y: float, side: float) -> Corners:
    """The corners of the square with its lower left corner at (x, y)."""
    return ((x, y), (x + side, y), (x + side, y + side), (x, y + side))


def rectangle(x: float, y: float, width: float, height: float) -> Corners:
    return ((x, y), (x + width, y), (x + width, y + height), (x, y + height))
