"""The cross-language rules of the repository's ``contracts/`` (limits.json, the progress-event and workload-result
schemas): read from the copy the image build puts in this package (``manimrender/contracts``) or, in a source
checkout, from the repository itself. Parent side only: the render child gets the values it needs in its spec."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
PLACES = (_HERE / "contracts", _HERE.parents[2] / "contracts")


@cache
def load(name: str) -> dict[str, Any]:
    for place in PLACES:
        if (place / name).is_file():
            loaded: dict[str, Any] = json.loads((place / name).read_text(encoding="utf-8"))
            return loaded
    raise FileNotFoundError(f"contract {name} is in none of {', '.join(map(str, PLACES))}")


def code_max_bytes() -> int:
    return int(load("limits.json")["code"]["maxBytes"])


def progress_stages() -> tuple[str, ...]:
    return tuple(load("progress-event.schema.json")["properties"]["stage"]["enum"])
