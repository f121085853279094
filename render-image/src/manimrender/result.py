"""The termination message: a WorkloadResult (contracts/workload-result.schema.json), at most 4096 bytes."""

from __future__ import annotations

import json
from pathlib import Path

from manimrender import contract

MAX_BYTES = 4096  # what Kubernetes keeps of a termination message
_SCHEMA = contract.load("workload-result.schema.json")["properties"]
MAX_MESSAGE_CHARS = _SCHEMA["message"]["maxLength"]
# the render workload's outcomes: the contract's, less the one only codegen reports
OUTCOMES = tuple(o for o in _SCHEMA["outcome"]["enum"] if o != "provider_error")


def workload_result(outcome: str, message: str, **fields) -> dict:
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome}")
    result = {"version": 1, "workload": "render", "outcome": outcome, "message": message}
    result.update({k: v for k, v in fields.items() if v is not None})
    return result


def to_json(result: dict) -> str:
    """Serialises the result, shortening the message, then the repairs, until it fits in 4096 bytes."""
    fitted = dict(result)
    if len(fitted.get("message", "")) > MAX_MESSAGE_CHARS:
        fitted["message"] = fitted["message"][: MAX_MESSAGE_CHARS - 1] + "…"
    text = json.dumps(fitted, ensure_ascii=False, separators=(",", ":"))
    while len(text.encode("utf-8")) > MAX_BYTES and fitted.get("repairs"):
        fitted["repairs"] = fitted["repairs"][:-1]
        text = json.dumps(fitted, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_BYTES:
        fitted.pop("repairs", None)
        fitted["message"] = fitted["message"][:200]
        text = json.dumps(fitted, ensure_ascii=False, separators=(",", ":"))
    return text


def write(result: dict, path: Path) -> None:
    path.write_text(to_json(result), encoding="utf-8")
