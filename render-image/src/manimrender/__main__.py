"""Command line: ``python -m manimrender check|validate|render|job``."""

from __future__ import annotations

import sys

if sys.argv[1:] == ["job"]:  # the render pod: its URLs leave the environment before anything else is loaded
    from manimrender import handover

    handover.restart_holding_none()

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from manimrender.quality import FORMATS, QUALITIES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m manimrender")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="repair and validate code read on stdin; print one JSON object")
    check.add_argument("--scene")
    validate = commands.add_parser("validate", help="repair and validate a file; print one JSON object")
    validate.add_argument("file", type=Path)
    validate.add_argument("--scene")
    render = commands.add_parser("render", help="repair, validate and render a file in the guarded child")
    render.add_argument("file", type=Path)
    render.add_argument("--scene")
    render.add_argument("--quality", choices=tuple(QUALITIES), default="low")
    render.add_argument("--format", choices=tuple(FORMATS), default="mp4")
    render.add_argument("--out", type=Path, help="video path (default: FILE with the format's extension)")
    render.add_argument("--max-duration", type=float, default=60)
    render.add_argument("--timeout", type=float, default=300)
    render.add_argument("--memory-mb", type=int, default=2048)
    render.add_argument("--narrate", action="store_true", help="speak the subcaptions into the video (espeak-ng)")
    render.add_argument("--theme", default="", help="comma list of high_contrast, large_text")
    render.add_argument("--parts", type=int, default=1, help="render a long scene in up to N parts at once, joined")
    render.add_argument("--parts-min-seconds", type=float, default=20, help="a scene shorter than this stays whole")
    render.add_argument("--language", default="en", help="BCP 47 tag: the narration's voice and words")
    explain = commands.add_parser(
        "explain",
        help="explain the maths problem read on stdin without AI; print one "
        "JSON object with the scene's code, or ok=false when it is not understood",
    )
    explain.add_argument("--max-duration", type=float, default=60)
    explain.add_argument("--theme", default="", help="comma list of high_contrast, large_text (the palette)")
    explain.add_argument("--language", default="en", help="BCP 47 tag: the language of its words and captions")
    explain.add_argument(
        "--result",
        help="a result someone stated: compare it with the explainer's own "
        "(adds verified: true|false|null and verdict)",
    )
    commands.add_parser("job", help="the render pod's entrypoint (configured by MANIMRENDER_* variables)")
    args = parser.parse_args(argv)

    if args.command == "job":
        from manimrender import job

        return job.main()
    if args.command == "explain":
        themes = tuple(t for t in args.theme.split(",") if t)
        return _explain(sys.stdin.read(), args.max_duration, args.result, themes, args.language)
    if args.command in ("check", "validate"):
        from manimrender.checking import check_code

        code = sys.stdin.read() if args.command == "check" else args.file.read_text(encoding="utf-8")
        answer, _ = check_code(code, args.scene)
        print(json.dumps(answer, ensure_ascii=False))
        return 0 if answer["ok"] else 1
    return _render(args)


def _explain(text: str, max_duration: float, stated: str | None, themes: tuple = (), language: str = "en") -> int:
    from manimrender.explain import NotUnderstood, TooLong, explain
    from manimrender.explain.verify import verify

    try:
        explained = explain(text, max_seconds=max_duration, themes=themes, language=language)
        answer = explained.as_json()
        if stated is not None:
            answer["verified"], answer["verdict"] = verify(explained.problem, explained.explanation, stated)
    except NotUnderstood as e:
        answer = {"ok": False, "reason": f"not understood: {e}"}
    except TooLong as e:
        answer = {"ok": False, "reason": f"too long: {e}", "needed_seconds": e.needed_seconds}
    print(json.dumps(answer, ensure_ascii=False))
    return 0 if answer["ok"] else 1


def _render(args) -> int:
    from manimrender.pipeline import RenderPipeline, RenderSettings
    from manimrender.result import to_json
    from manimrender.sandbox import Limits

    settings = RenderSettings(
        args.quality,
        args.format,
        args.max_duration,
        args.scene,
        Limits(timeout_seconds=args.timeout, memory_mb=args.memory_mb),
        narration=args.narrate,
        theme=tuple(t for t in args.theme.split(",") if t),
        language=args.language,
    )
    out = args.out or args.file.with_suffix("." + args.format)
    with tempfile.TemporaryDirectory(prefix="manimrender-") as work:
        code = args.file.read_text(encoding="utf-8")
        if args.parts > 1:
            from manimrender.parts import PartsSettings, render_in_parts

            _, produced = render_in_parts(code, settings, Path(work), PartsSettings(args.parts, args.parts_min_seconds))
        else:
            produced = RenderPipeline(settings, Path(work)).run(code)
        if produced.video is not None:
            shutil.copyfile(produced.video, out)
            if produced.thumbnail is not None:
                shutil.copyfile(produced.thumbnail, out.with_suffix(".png"))
            if produced.captions is not None:
                shutil.copyfile(produced.captions, out.with_suffix(".vtt"))
                shutil.copyfile(produced.transcript, out.with_suffix(".txt"))
    print(to_json(produced.result))
    return 0 if produced.result["outcome"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
