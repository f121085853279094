# Sourced by ../controlplane/build.sh and ../node/build.sh: builds a set of binaries once into
# $MANIMVIDEO_CACHE/<what>/<key>/bin (default ~/.cache/manim-video), where the key hashes the inputs the caller
# names, the calling script and `go version`, and prints that directory as the last line of its output.
# Concurrent callers wait for one build (flock); a build that fails leaves nothing in the cache.
#
# cached_build WHAT "LABEL" "EXPECTED TIME" BUILD_FUNCTION BINARIES... -- INPUT_FILES...
# BUILD_FUNCTION is called with the directory to put the binaries in.
cached_build() {
  local what="$1" label="$2" expected="$3" build="$4"; shift 4
  local binaries=() inputs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do binaries+=("$1"); shift; done
  shift
  inputs=("$@")
  command -v go >/dev/null || { echo "$label: Go is not installed (needed once, to build it)" >&2; return 1; }
  local cache_root="${MANIMVIDEO_CACHE:-$HOME/.cache/manim-video}/$what"
  local key dir
  key="$( (go version; cat "${inputs[@]}" "${BASH_SOURCE[0]}" "$0") | sha256sum | cut -c1-16)"
  dir="$cache_root/$key"
  if ! _cached_build_complete "$dir" "${binaries[@]}"; then
    mkdir -p "$cache_root"
    exec 9>"$cache_root/.lock"
    flock 9
    if ! _cached_build_complete "$dir" "${binaries[@]}"; then
      local tmp start ticker
      tmp="$(mktemp -d "$cache_root/build.XXXXXX")"
      echo "$label: building from pinned Go modules, once ($expected)" >&2
      start=$SECONDS
      ( while sleep 60; do echo "$label: still building ($(( (SECONDS - start) / 60 )) min)" >&2; done ) &
      ticker=$!
      trap "kill $ticker 2>/dev/null; rm -rf '$tmp'" EXIT
      mkdir -p "$tmp/bin"
      "$build" "$tmp/bin" >&2
      kill $ticker 2>/dev/null || true
      rm -rf "$dir"
      mv "$tmp" "$dir"
      trap - EXIT
      echo "$label: built in $(( SECONDS - start )) s into $dir" >&2
    fi
    exec 9>&-
  fi
  echo "$dir/bin"
}

_cached_build_complete() {
  local dir="$1" b; shift
  for b in "$@"; do [ -e "$dir/bin/$b" ] || return 1; done
}

# The -ldflags that stamp a Kubernetes binary with the version go.mod pins (what `kubectl version` and
# `kubectl get nodes` show).
kubernetes_ldflags() {
  local version major minor flags="-s -w" pkg
  version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$1")"
  major="${version#v}"; major="${major%%.*}"
  minor="${version#v*.}"; minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$flags"
}
