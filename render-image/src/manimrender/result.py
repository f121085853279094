"""The termination message: a WorkloadResult (contracts/workload-result.schema.json), at most 4096 bytes.

Every text in it (the message, the repairs, the layout findings) may carry what the scene wrote, so each is
scrubbed and capped when the result is made (:func:`workload_result`); :func:`to_json` then shortens the
texts until the whole fits, and the job keeps the full result at the end of its log in storage."""

from __future__ import annotations

import json
from pathlib import Path

from manimrender import contract
from manimrender.untrusted import cut, scrub

MAX_BYTES = 4096  # what Kubernetes keeps of a termination message
_SCHEMA = contract.load("workload-result.schema.json")["properties"]
MAX_MESSAGE_CHARS = _SCHEMA["message"]["maxLength"]
# the render workload's outcomes: the contract's, less the ones only codegen reports
OUTCOMES = tuple(o for o in _SCHEMA["outcome"]["enum"] if o not in ("provider_error", "too_long"))
TEXT_LISTS = ("layout", "repairs")  # the fields that are lists of texts
# what to_json shortens texts to when the result does not fit: a layout finding reads in 100 characters
SHORT_ITEM_CHARS = 100
SHORT_MESSAGE_CHARS = 200


def workload_result(outcome: str, message: str, **fields) -> dict:
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome}")
    unknown = sorted(set(fields) - set(_SCHEMA))
    if unknown:  # the operator would drop them without a word (it ignores fields it does not know)
        raise ValueError(f"not fields of contracts/workload-result.schema.json: {', '.join(unknown)}")
    result = {"version": 1, "workload": "render", "outcome": outcome, "message": scrub(message, MAX_MESSAGE_CHARS)}
    result.update({k: v for k, v in fields.items() if v is not None})
    for name in TEXT_LISTS:
        if name in result:
            result[name] = [scrub(item) for item in result[name][: _SCHEMA[name].get("maxItems")]]
    return result


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def to_json(result: dict) -> str:
    """Serialises the result in at most 4096 bytes of UTF-8: when it is longer, each text of the lists is
    shortened, then the lists lose their last texts (the longer list first), then the message is shortened.
    What remains is the fixed fields (numbers, flags, names) and 200 characters: it always fits."""
    fitted = {**result, "message": cut(result["message"], MAX_MESSAGE_CHARS)}
    if not _fits(fitted):
        for name in TEXT_LISTS:
            if name in fitted:
                fitted[name] = [cut(item, SHORT_ITEM_CHARS) for item in fitted[name]]
    while not _fits(fitted) and _drop_last_text(fitted):
        pass
    if not _fits(fitted):
        fitted["message"] = cut(fitted["message"], SHORT_MESSAGE_CHARS)
    return dumps(fitted)


def _fits(result: dict) -> bool:
    return len(dumps(result).encode("utf-8")) <= MAX_BYTES


def _drop_last_text(result: dict) -> bool:
    """Drops the last text of the longer list (a list left empty goes); False when there is none to drop."""
    present = [name for name in TEXT_LISTS if result.get(name)]
    if not present:
        return False
    name = max(present, key=lambda n: len(dumps(result[n]).encode("utf-8")))
    result[name] = result[name][:-1]
    if not result[name]:
        del result[name]
    return True


def write(result: dict, path: Path) -> None:
    path.write_text(to_json(result), encoding="utf-8")
