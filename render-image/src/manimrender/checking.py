"""The ``check`` contract: repair, then validate, as one JSON object (standard library only)."""

from __future__ import annotations

import hashlib

from manimrender import policy
from manimrender.repair import Repaired, repair


def check_code(code: str, scene: str | None = None) -> tuple[dict, Repaired]:
    """Returns the check JSON object; lines and columns refer to the repaired code it contains."""
    repaired = repair(code)
    answer: dict = {"code": repaired.code, "repairs": repaired.repairs}
    try:
        answer["scene"] = policy.check(repaired.code, scene)
    except policy.CodeRejected as e:
        v = e.violation
        return {
            "ok": False,
            **answer,
            "error": {
                k: val
                for k, val in (("message", v.describe()), ("line", v.line), ("column", v.column))
                if val is not None
            },
        }, repaired
    answer["sha256"] = hashlib.sha256(repaired.code.encode("utf-8")).hexdigest()
    return {"ok": True, **answer}, repaired
