"""(child) How many frames of a skipped animation a part must step to start its range in the state the whole
render has there (:mod:`manimrender.animation_range`).

Stepping every frame is always right, but costs what updating costs in the whole render: an explainer whose
``always_redraw`` rebuilds a ``MathTex`` every frame pays most of its render again in each later part. Only the
last frames are stepped when the state after them cannot depend on the frames before:

- no scene updater, and every updater on every mobject the play updates (the families of the scene's mobjects,
  its meshes and each animation's mobjects, copies included) is an updater made by Manim's ``always_redraw``
  (the mobject becomes what its function builds from the current state), or by ``always``/``f_always`` applying
  a Manim method that sets a state outright (``next_to``, ``move_to``, ``set_color``, ``set_value``...; a
  ``shift`` adds to the state and is stepped). They are recognised by the code object of the helper's inner
  function, taken from Manim before any user code runs, and by the method's function object: a user function
  of the same name, a ``dt`` updater (``always_shift``, ``always_rotate``, ``TracedPath``), a lambda or a bound
  method is not one of them;
- every animation of the play is one of Manim's own classes (user subclasses may change ``interpolate``), none
  of those that call user code per frame or move by increments (``UpdateFromFunc``, ``UpdateFromAlphaFunc``,
  ``MaintainPositionRelativeTo``, ``Homotopy``, ``PhaseFlow``, ``ChangingDecimal``, ``ChangeSpeed``), none with
  a method replaced on the instance; the scene and the mobjects update as Manim's own classes do.

Then each frame sets every updated mobject from the others' current state, and an animated mobject from the
animation's alpha: the state after a frame depends on the frames before only through a mobject an updater read
before it was updated in that frame. A chain of such reads is at most as long as there are updaters and
animations, so stepping that many frames plus one, at the whole render's own times, gives its state (Manim's
one-step skip, a single update at the end, would not when an updater reads a mobject updated after it).

Taken as pure, as Manim takes them: the functions it calls to compute a state (``always_redraw``'s builder,
``f_always``'s argument makers, rate and path functions). One that counts its calls sees fewer calls.

Not byte for byte the same: ``become`` aligns the redrawn mobject with the new one, so each of its curves keeps
the most Bézier pieces (and submobjects, the extra ones faded to nothing) it has had. After a jump it has seen
fewer of the frames in between: the same shapes, cut into fewer pieces, which the rasteriser draws a little
differently (a redrawn DecimalNumber's digits: per-frame SSIM about 0.99998, until the whole render's glyphs and the
part's have passed through the same ones); a ``Transform`` from such a mobject could morph differently.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from manim.animation.animation import Animation
    from manim.mobject.mobject import Mobject
    from manim.scene.scene import Scene

# Manim methods that set a state outright: applied once or a hundred times, the same result
SETTING_METHODS = (
    "align_to", "become", "center", "match_x", "match_y", "match_z", "move_to", "next_to", "set_color", "set_fill",
    "set_opacity", "set_stroke", "set_value", "set_x", "set_y", "set_z", "to_corner", "to_edge",
)  # fmt: skip
# what the scene calls on every frame: a subclass that replaces one is stepped
SCENE_STEPS = ("update_to_time", "update_mobjects", "update_meshes", "update_self")


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _defined(classes: Iterable[type], names: Iterable[str]) -> frozenset[Callable[..., Any]]:
    """The functions these classes themselves define under these names (not those they inherit)."""
    return frozenset(
        f for cls in classes for name in names if isinstance(f := cls.__dict__.get(name), types.FunctionType)
    )


def _inner_code(helper: Callable[..., Any]) -> types.CodeType | None:
    """The code of the one function a helper defines (the updater it adds); None if there is not exactly one."""
    inner = [c for c in helper.__code__.co_consts if isinstance(c, types.CodeType)]
    return inner[0] if len(inner) == 1 else None


@dataclass(frozen=True)
class SkippedFrames:
    """What Manim itself defines, read before any user code runs (:meth:`of_manim`)."""

    redraws: frozenset[types.CodeType]  # always_redraw's updater
    method_appliers: frozenset[types.CodeType]  # always' and f_always' updaters: they apply ``func``
    setting_methods: frozenset[Callable[..., Any]]
    animations: frozenset[type]
    updates: frozenset[Callable[..., Any]]  # Manim's own Mobject.update implementations

    @staticmethod
    def of_manim() -> SkippedFrames:
        from manim.animation.animation import Animation
        from manim.animation.movement import Homotopy, PhaseFlow
        from manim.animation.numbers import ChangingDecimal
        from manim.animation.speedmodifier import ChangeSpeed
        from manim.animation.updaters import mobject_update_utils as helpers
        from manim.animation.updaters.update import MaintainPositionRelativeTo, UpdateFromFunc
        from manim.mobject.mobject import Mobject

        per_frame = (UpdateFromFunc, MaintainPositionRelativeTo, Homotopy, PhaseFlow, ChangingDecimal, ChangeSpeed)
        mobject_classes = [cls for cls in [Mobject, *_subclasses(Mobject)] if cls.__module__.startswith("manim.")]
        return SkippedFrames(
            redraws=frozenset(c for c in [_inner_code(helpers.always_redraw)] if c),
            method_appliers=frozenset(c for c in [_inner_code(helpers.always), _inner_code(helpers.f_always)] if c),
            setting_methods=_defined(mobject_classes, SETTING_METHODS),
            animations=frozenset(
                cls
                for cls in [Animation, *_subclasses(Animation)]
                if cls.__module__.startswith("manim.") and not issubclass(cls, per_frame)
            ),
            updates=_defined(mobject_classes, ("update",)),
        )

    def last_frames_or_none(self, scene: Scene) -> int | None:
        """:meth:`frames_to_step`, and every frame when a user's object breaks the look (a scene is never failed by
        this choice)."""
        try:
            return self.frames_to_step(scene)
        except Exception:  # noqa: BLE001  (user classes can raise anything from get_family, vars, updaters...)
            return None

    def frames_to_step(self, scene: Scene) -> int | None:
        """The last frames of the scene's current play to step; None: every frame."""
        from manim.scene.scene import Scene

        if scene.updaters or any(getattr(type(scene), step) is not getattr(Scene, step) for step in SCENE_STEPS):
            return None
        animations = list(_with_parts(scene.animations or []))
        if not all(self._plain(animation) for animation in animations):
            return None
        mobjects = _updated(scene, animations)
        if mobjects is None or any(type(m).update not in self.updates for m in mobjects):
            return None
        updaters = [u for m in mobjects for u in m.updaters]
        if not all(self._stateless(u) for u in updaters):
            return None
        return len(updaters) + len(animations) + 1

    def _plain(self, animation: Animation) -> bool:
        cls = type(animation)
        replaced = (name for name, value in vars(animation).items() if callable(value))  # on this instance only
        return cls in self.animations and not any(callable(getattr(cls, name, None)) for name in replaced)

    def _stateless(self, updater: Callable[..., Any]) -> bool:
        if type(updater) is not types.FunctionType:
            return False  # a bound method, a partial, a callable object
        code = updater.__code__
        if code in self.redraws:
            return True
        if code not in self.method_appliers:
            return False
        try:
            func = dict(zip(code.co_freevars, updater.__closure__ or (), strict=True))["func"].cell_contents
        except (KeyError, ValueError):
            return False
        return isinstance(func, types.FunctionType) and func in self.setting_methods


def _with_parts(animations: Iterable[Animation]) -> Iterator[Animation]:
    """Each animation and, for a group (``AnimationGroup``, ``Succession``, ``LaggedStart``...), its parts."""
    from manim.animation.composition import AnimationGroup

    for animation in animations:
        yield animation
        if isinstance(animation, AnimationGroup):
            yield from _with_parts(animation.animations)


def _updated(scene: Scene, animations: list[Animation]) -> list[Mobject] | None:
    """Every mobject a frame of this play may update (more is harmless: only stepping more); None if one is not
    Manim's (Cairo) kind of mobject, whose updaters are kept elsewhere."""
    from manim.mobject.mobject import Mobject
    from manim.mobject.opengl.opengl_mobject import OpenGLMobject

    roots: list[object] = [*scene.mobjects, *getattr(scene, "meshes", [])]
    for animation in animations:
        for value in vars(animation).values():  # the mobject, its start and target copies, begun or not
            roots.extend(value if isinstance(value, list | tuple) else [value])
    found: dict[int, Mobject] = {}
    for root in roots:
        if isinstance(root, OpenGLMobject):
            return None
        if isinstance(root, Mobject):
            found.update((id(m), m) for m in root.get_family())
    return list(found.values())
