#!/usr/bin/env bash
# Builds the pinned Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager) from the Go
# modules beside this script, once, into a cache outside the repository, and prints the directory that holds
# the three binaries as the last line of its output. The cache key is the module files and the Go version, so
# changing a pin builds again and an unchanged tree reuses the binaries (a cached run takes well under a
# second). Concurrent callers wait for one build (flock).
#
# Environment: MANIMVIDEO_CACHE (default ~/.cache/manim-video) for the cache root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${MANIMVIDEO_CACHE:-$HOME/.cache/manim-video}/controlplane"

command -v go >/dev/null || { echo "control plane: Go is not installed (needed once, to build it)" >&2; exit 1; }
key="$( (go version; cat "$here"/kubernetes/go.mod "$here"/kubernetes/go.sum "$here"/etcd/go.mod "$here"/etcd/go.sum \
  "$here/build.sh") | sha256sum | cut -c1-16)"
dir="$cache_root/$key"
binaries=(etcd kube-apiserver kube-controller-manager)

complete() {
  local b
  for b in "${binaries[@]}"; do [ -x "$dir/bin/$b" ] || return 1; done
}

if ! complete; then
  mkdir -p "$cache_root"
  exec 9>"$cache_root/.lock"
  flock 9
  if ! complete; then
    k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$here/kubernetes/go.mod")"
    major="${k8s_version#v}"; major="${major%%.*}"
    minor="${k8s_version#v*.}"; minor="${minor%%.*}"
    ldflags="-s -w"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
      ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
    done
    tmp="$(mktemp -d "$cache_root/build.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    echo "control plane: building etcd and Kubernetes $k8s_version from pinned Go modules, once (about 10 minutes on 2 cores)" >&2
    start=$SECONDS
    (
      while sleep 60; do echo "control plane: still building ($(( (SECONDS - start) / 60 )) min)" >&2; done
    ) &
    ticker=$!
    trap 'kill $ticker 2>/dev/null; rm -rf "$tmp"' EXIT
    export CGO_ENABLED=0 GOFLAGS=-mod=readonly
    (cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$tmp/bin/etcd" go.etcd.io/etcd/server/v3) >&2
    (cd "$here/kubernetes" && go build -trimpath -ldflags "$ldflags" -o "$tmp/bin/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager) >&2
    kill $ticker 2>/dev/null || true
    rm -rf "$dir"
    mv "$tmp" "$dir"
    trap - EXIT
    echo "control plane: built in $(( SECONDS - start )) s into $dir" >&2
  fi
fi
echo "$dir/bin"
