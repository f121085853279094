#!/usr/bin/env bash
# Builds the runtime guard's audit filter in C (src/manimrender/_auditfilter.c) next to its source, for the
# given Python (default: the venv's), when the source is newer than the built module. Needs a C compiler and
# Python's headers (python3-dev). The image builds it in its own stage (Dockerfile); without it the guard
# installs its Python hook alone: the same refusals, a Python call per audit event.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${1:-${MANIM_VENV:-$here/.venv}/bin/python}"
source="${2:-$here/src/manimrender/_auditfilter.c}"
out_dir="${3:-$(dirname "$source")}"
read -r include suffix < <("$python" -c 'import sysconfig as s; print(s.get_paths()["include"], s.get_config_var("EXT_SUFFIX"))')
target="$out_dir/_auditfilter$suffix"
if [ -f "$target" ] && [ "$target" -nt "$source" ]; then
  exit 0
fi
"${CC:-cc}" -O2 -Wall -Werror -shared -fPIC -I"$include" "$source" -o "$target.tmp"
mv "$target.tmp" "$target"
echo "built $target"
