"""Which skipped animations a part may jump to their last frames (manimrender.skipped_frames): only when every
updater the play calls is one of Manim's own helpers that set a state from the current state; anything else,
or anything not recognised, steps every frame (None)."""

from __future__ import annotations

import inspect
import textwrap

import pytest
from manim import (
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Circle,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    MathTex,
    Scene,
    Square,
    Succession,
    Text,
    TracedPath,
    TransformMatchingTex,
    UpdateFromAlphaFunc,
    UpdateFromFunc,
    ValueTracker,
    VGroup,
    Wait,
    always,
    always_redraw,
    always_rotate,
    always_shift,
    f_always,
    tempconfig,
)
from manim.animation.updaters import mobject_update_utils

from manimrender.skipped_frames import SkippedFrames

RULES = SkippedFrames.of_manim()


@pytest.fixture(autouse=True)
def _no_files(tmp_path):
    with tempconfig({"media_dir": str(tmp_path), "dry_run": True}):
        yield


def decide(*animations, added=(), scene=None):
    """Manim's own preparation of a play (compiled and begun, as the skipped play's frames find it)."""
    scene = scene or Scene()
    scene.add(*added)
    scene.compile_animation_data(*animations)
    scene.begin_animations()
    return RULES.frames_to_step(scene)


def tracked():
    t = ValueTracker(0)
    dot = always_redraw(lambda: Dot(RIGHT * t.get_value()))
    return t, dot


def test_always_redraw_always_and_f_always_setting_a_state_jump_to_the_last_frames():
    t, dot = tracked()
    label = Text("x")
    always(label.next_to, dot, UP)
    number = DecimalNumber(0)
    f_always(number.set_value, t.get_value)
    square = Square()

    # 3 updaters and 2 animations: a chain of reads at most 5 long, so 6 frames
    assert decide(t.animate.set_value(2), FadeIn(square), added=(dot, label, number)) == 6


def test_manims_own_animations_jump_groups_and_copies_counted():
    t, dot = tracked()
    # Succession and its two parts; the always_redraw dot and the copies FadeIn made of it, updaters included
    assert decide(Succession(FadeIn(dot), t.animate.set_value(1)), added=(dot,)) == 7
    assert decide(TransformMatchingTex(MathTex("a", "b"), MathTex("b", "c")), added=(dot,)) is not None
    assert decide(Wait(1), added=(dot,)) == 3


def test_nothing_to_update_jumps_to_the_last_frames():
    assert decide(Create(Circle())) == 2


def users_always_redraw():
    """Manim's always_redraw, its own source run as user code: the same name, qualified name and module name as
    Manim's, and the same names inside; only the code object is not Manim's."""
    namespace = dict(vars(mobject_update_utils))
    exec(textwrap.dedent(inspect.getsource(mobject_update_utils.always_redraw)), namespace)
    return namespace["always_redraw"]


def test_the_users_copy_of_always_redraw_is_named_as_manims():
    ours, manims = users_always_redraw()(Dot).updaters[0], always_redraw(Dot).updaters[0]
    assert (ours.__qualname__, ours.__module__) == (manims.__qualname__, manims.__module__)
    assert ours.__code__ is not manims.__code__


def steps_every_frame_with(updater_on):
    square = Square()
    updater_on(square)
    return decide(Create(Circle()), added=(square,))


@pytest.mark.parametrize(
    "updater_on",
    [
        pytest.param(lambda m: m.add_updater(lambda m, dt: m.rotate(dt)), id="dt updater"),
        pytest.param(lambda m: m.add_updater(lambda m: m.shift(0.02 * RIGHT)), id="user lambda"),
        pytest.param(lambda m: always(m.shift, 0.02 * RIGHT), id="always with a method that adds"),
        pytest.param(lambda m: always_shift(m, RIGHT), id="always_shift"),
        pytest.param(lambda m: always_rotate(m), id="always_rotate"),
        pytest.param(lambda m: m.add(users_always_redraw()(Dot)), id="a user's always_redraw named as Manim's"),
        pytest.param(lambda m: m.add(TracedPath(m.get_center)), id="TracedPath"),
    ],
)
def test_any_other_updater_steps_every_frame(updater_on):
    assert steps_every_frame_with(updater_on) is None


def test_a_redrawn_submobject_with_a_dt_updater_steps_every_frame():
    t, dot = tracked()
    inner = Square()
    inner.add_updater(lambda m, dt: m.rotate(dt))
    group = VGroup(dot, inner)
    assert decide(FadeIn(group)) is None  # a submobject's updater counts


def test_a_scene_updater_steps_every_frame():
    t, dot = tracked()
    scene = Scene()
    scene.add_updater(lambda dt: None)
    assert decide(t.animate.set_value(1), added=(dot,), scene=scene) is None


def test_update_from_func_in_the_play_steps_every_frame():
    t, dot = tracked()
    square = Square()
    assert decide(UpdateFromFunc(square, lambda m: m.shift(0.1 * RIGHT)), added=(dot,)) is None
    assert decide(AnimationGroup(Create(Circle()), UpdateFromAlphaFunc(square, lambda m, a: None))) is None


def test_a_users_animation_class_steps_every_frame():
    class Nudge(Animation):
        def interpolate_mobject(self, alpha):
            self.mobject.shift(0.01 * RIGHT)

    assert decide(Nudge(Square())) is None


def test_a_method_replaced_on_an_animation_steps_every_frame():
    nudge = FadeIn(Square())
    nudge.interpolate_mobject = lambda alpha: nudge.mobject.shift(0.01 * RIGHT)
    assert decide(nudge) is None


def test_a_scene_that_updates_its_own_way_steps_every_frame():
    class Own(Scene):
        def update_mobjects(self, dt):
            super().update_mobjects(dt)

    t, dot = tracked()
    assert decide(t.animate.set_value(1), added=(dot,), scene=Own()) is None


def test_a_user_object_that_breaks_the_look_steps_every_frame_and_fails_nothing():
    class Odd(Square):
        broken = False

        def get_family(self, recurse=True):
            if self.broken:
                raise RuntimeError("odd")
            return super().get_family(recurse)

    odd, scene = Odd(), Scene()
    scene.add(odd)
    scene.compile_animation_data(Create(Circle()))
    scene.begin_animations()
    odd.broken = True
    assert RULES.last_frames_or_none(scene) is None
