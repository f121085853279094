#!/usr/bin/env bash
# Builds the pinned Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager) from the Go
# modules beside this script, once, into a cache outside the repository, and prints the directory that holds
# the three binaries as the last line of its output (see ../lib/cached-build.sh for the cache: a changed pin
# builds again, an unchanged tree reuses the binaries in well under a second).
#
# Environment: MANIMVIDEO_CACHE (default ~/.cache/manim-video) for the cache root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../lib/cached-build.sh"

build_control_plane() {
  local out="$1"
  export CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
  (cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3)
  (cd "$here/kubernetes" && go build -trimpath -ldflags "$(kubernetes_ldflags "$here/kubernetes/go.mod")" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
}

cached_build controlplane "control plane" "about 10 minutes on 2 cores" build_control_plane \
  etcd kube-apiserver kube-controller-manager -- \
  "$here"/kubernetes/go.mod "$here"/kubernetes/go.sum "$here"/etcd/go.mod "$here"/etcd/go.sum
