#!/usr/bin/env bash
# Creates the Manim venv at ${MANIM_VENV:-render-image/.venv} and installs the pinned requirements.
# Also the test and development tools (requirements-test.txt, requirements-dev.txt).
# Idempotent: pip runs only when requirements*.txt changed since the last successful install (hash stamp).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${MANIM_VENV:-$here/.venv}"
python="${MANIM_PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
stamp="$venv/.requirements.sha256"
want="$(cat "$here/requirements.txt" "$here/requirements-test.txt" "$here/requirements-dev.txt" | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "setting up the Manim venv at $venv"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  -r "$here/requirements.txt" -r "$here/requirements-test.txt" -r "$here/requirements-dev.txt"
echo "$want" > "$stamp"
