#!/usr/bin/env bash
# Builds the pinned node of the local cluster once, from Go modules: kube-scheduler, kubelet and kube-proxy from the
# control plane's k8s.io/kubernetes pin (../controlplane/kubernetes), containerd with its runc shim and ctr, runc (with
# seccomp, through libseccomp), the CNI plugins bridge, host-local, loopback and portmap, and crictl. Prints the
# directory that holds them (see ../lib/cached-build.sh for the cache).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kubernetes="$here/../controlplane/kubernetes"
. "$here/../lib/cached-build.sh"
# shellcheck source=../../scripts/lib/images.sh
. "$here/../../scripts/lib/images.sh"
pause_image=localhost/manim-video/pause:3.10

version_of() { awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$2"; }

build_node() {
  local out="$1" containerd_version runc_version
  containerd_version="$(version_of github.com/containerd/containerd/v2 "$here/containerd/go.mod")"
  runc_version="$(version_of github.com/opencontainers/runc "$here/runc/go.mod")"
  export GOFLAGS="-mod=readonly -buildvcs=false"
  (cd "$kubernetes" && CGO_ENABLED=0 go build -trimpath -ldflags "$(kubernetes_ldflags "$kubernetes/go.mod")" \
    -o "$out/" k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy)
  (cd "$here/containerd" && CGO_ENABLED=0 go build -trimpath -tags "no_btrfs no_devmapper no_zfs" \
    -ldflags "-s -w -X github.com/containerd/containerd/v2/version.Version=$containerd_version" -o "$out/" \
    github.com/containerd/containerd/v2/cmd/containerd github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2 \
    github.com/containerd/containerd/v2/cmd/ctr)
  (cd "$here/runc" && CGO_ENABLED=1 go build -trimpath -tags seccomp \
    -ldflags "-s -w -X main.version=${runc_version#v}" -o "$out/runc" github.com/opencontainers/runc)
  mkdir -p "$out/cni"
  (cd "$here/cni-plugins" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/cni/" \
    github.com/containernetworking/plugins/plugins/main/bridge github.com/containernetworking/plugins/plugins/ipam/host-local \
    github.com/containernetworking/plugins/plugins/main/loopback github.com/containernetworking/plugins/plugins/meta/portmap)
  (cd "$here/cri-tools" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/" sigs.k8s.io/cri-tools/cmd/crictl)
  build_pause_image "$out"
}

# The pod sandbox ("pause") image, from Kubernetes' own pause.c in the pinned module, as an OCI archive: a static
# binary in an otherwise empty image, run as nobody.
build_pause_image() {
  local out="$1" source work ctr
  source="$(cd "$kubernetes" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c"
  work="$(mktemp -d)"
  gcc -Os -static -DVERSION=3.10 -o "$work/pause" "$source"
  ctr="$(buildah_ from scratch)"
  buildah_ copy --quiet "$ctr" "$work/pause" /pause >/dev/null
  buildah_ config --entrypoint '["/pause"]' --user 65535:65535 "$ctr"
  buildah_ commit --quiet "$ctr" "$pause_image" >/dev/null
  buildah_ rm "$ctr" >/dev/null
  buildah_ push --quiet "$pause_image" "oci-archive:$out/pause.tar:$pause_image"
  rm -rf "$work"
}

cached_build node "node" "about 8 minutes on 2 cores" build_node \
  kube-scheduler kubelet kube-proxy containerd containerd-shim-runc-v2 ctr runc crictl cni/bridge cni/host-local cni/loopback cni/portmap \
  pause.tar -- \
  "$kubernetes/go.mod" "$kubernetes/go.sum" "$here"/*/go.mod "$here"/*/go.sum
