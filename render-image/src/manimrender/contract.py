"""The cross-language rules of the repository's ``contracts/`` (limits.json, the progress-event and workload-result
schemas): read from the copy the image build puts in this package (``manimrender/contracts``) or, in a source
checkout, from the repository itself. Parent side only: the render child gets the values it needs in its spec."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent
PLACES = (_HERE / "contracts", _HERE.parents[2] / "contracts")


@cache
def load(name: str) -> dict:
    for place in PLACES:
        if (place / name).is_file():
            return json.loads((place / name).read_text(encoding="utf-8"))
    raise FileNotFoundError(f"contract {name} is in none of {', '.join(map(str, PLACES))}")


def code_max_bytes() -> int:
    return load("limits.json")["code"]["maxBytes"]


def progress_stages() -> tuple[str, ...]:
    return tuple(load("progress-event.schema.json")["properties"]["stage"]["enum"])
