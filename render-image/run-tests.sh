#!/usr/bin/env bash
# Runs the render-image test suite with real Manim: installs the Debian packages if missing (needs root or
# sudo), sets up the venv (skipped when the requirements are unchanged), builds the guard's C audit filter
# (build-ext.sh, when its source changed), checks lint and formatting with ruff
# (pyproject.toml; fix with `ruff check --fix` and `ruff format`) and types with mypy (pyproject.toml), then
# pytest on 2 workers. Run as root (as CI and the all-in-one run are), the kernel sandbox's tests then run a
# second time as an unprivileged service user (uid 10001, tests/as_service_user.py), the other identity a
# service can have.
# Extra arguments go to pytest. Exit 5 (no tests collected) is a failure here: the suite must run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -x "$here/../scripts/install-system-deps.sh" ] && [ "${SKIP_SYSTEM_DEPS:-}" != 1 ]; then
  "$here/../scripts/install-system-deps.sh"
fi
"$here/setup-venv.sh"
venv="${MANIM_VENV:-$here/.venv}"
"$here/build-ext.sh" "$venv/bin/python"  # the runtime guard's audit filter in C
if [ ! -d "$here/src/manimrender/tex_glyphs" ]; then  # numbers' glyphs, as the image typesets them
  PYTHONPATH="$here/src" "$venv/bin/python" -m manimrender.tex_glyphs
fi
cd "$here"
"$venv/bin/ruff" check --no-cache .
"$venv/bin/ruff" format --check --no-cache .
"$venv/bin/mypy" --no-incremental
set +e
"$venv/bin/python" -m pytest tests -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" --timeout 300 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "no tests were collected" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ] && [ $# -eq 0 ]; then
  echo "the kernel sandbox's tests again, as an unprivileged service user"
  "$venv/bin/python" tests/as_service_user.py 10001 -- "$venv/bin/python" -m pytest -p no:cacheprovider \
    -n "${PYTEST_WORKERS:-2}" --timeout 300 tests/test_sandbox.py tests/test_toolbox.py tests/test_hostile_kernel.py \
    tests/test_hostile_whole_sandbox.py || status=$?
fi
exit "$status"
