#!/usr/bin/env bash
# Runs the render-image test suite with real Manim: installs the Debian packages if missing (needs root or
# sudo), sets up the venv (skipped when the requirements are unchanged), checks lint and formatting with ruff
# (pyproject.toml; fix with `ruff check --fix` and `ruff format`), then pytest on 2 workers.
# Extra arguments go to pytest. Exit 5 (no tests collected) is a failure here: the suite must run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -x "$here/../scripts/install-system-deps.sh" ] && [ "${SKIP_SYSTEM_DEPS:-}" != 1 ]; then
  "$here/../scripts/install-system-deps.sh"
fi
"$here/setup-venv.sh"
venv="${MANIM_VENV:-$here/.venv}"
cd "$here"
"$venv/bin/ruff" check --no-cache .
"$venv/bin/ruff" format --check --no-cache .
set +e
"$venv/bin/python" -m pytest tests -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" --timeout 300 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "no tests were collected" >&2
  exit 1
fi
exit "$status"
