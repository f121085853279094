"""Validates, repairs and renders untrusted Manim code; the render pod's entrypoint (``python -m manimrender``).

Imports nothing heavy: ``check`` must run on the standard library alone."""
