"""The ``check`` contract: repair, then validate, as one JSON object (standard library only)."""

from __future__ import annotations

import hashlib
from typing import Any

from manimrender import policy, truncation
from manimrender.repair import Repaired, repair


def check_code(code: str, scene: str | None = None) -> tuple[dict[str, Any], Repaired]:
    """Returns the check JSON object; lines and columns refer to the repaired code it contains."""
    repaired = repair(code)
    answer: dict[str, Any] = {"code": repaired.code, "repairs": repaired.repairs}
    try:
        answer["scene"] = policy.check(repaired.code, scene)
    except policy.CodeRejected as e:
        v = e.violation
        message, line, column = v.describe(), v.line, v.column
        cut = truncation.detect(repaired.code)
        if cut is not None:  # the caller asks the provider for the rest rather than for a fix
            answer["truncated"] = True
            message, line, column = f"line {cut.line}: {cut.message()}", cut.line, None
        return {
            "ok": False,
            **answer,
            "error": {
                k: val for k, val in (("message", message), ("line", line), ("column", column)) if val is not None
            },
        }, repaired
    answer["sha256"] = hashlib.sha256(repaired.code.encode("utf-8")).hexdigest()
    return {"ok": True, **answer}, repaired
