#!/usr/bin/env bash
# The whole system on this machine, in one command: installs what it needs (Debian packages, the Maven build,
# and, once, the pinned Kubernetes cluster and the project's images, in parallel) and starts the local stack
# (io.manimvideo.local.AllInOne): a one-node Kubernetes cluster (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kube-proxy, the kubelet, containerd and runc) with the chart installed by Helm from the project's
# four images (the operator and the ingress as its Deployments, the render and codegen Jobs as the operator makes
# them), S3Proxy and redis-server. Ctrl-C stops all of it and removes what the node made on the host.
#
# Environment: GROQ_API_KEY / CLOUDFLARE_API_TOKEN + CLOUDFLARE_ACCOUNT_ID / HF_TOKEN / OPENAI_API_KEY to use a
# real AI provider (none: the offline explainer for maths problems, else graceful degradation); LOCAL_HTTP_PORT (8080) for the web page; LOCAL_SAMPLE=false
# to skip the sample problem; SKIP_SETUP=1 to skip installing and building.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mkdir -p .local
# the control plane and then the node build (the first time: about 15 minutes on 2 cores) while the rest is set
# up; their progress lines are prefixed "[control plane]" and "[node]"
# (the node build compiles C and cgo: it waits until the Debian packages are installed, below)
rm -f .local/.system-deps-installed
( local-stack/controlplane/build.sh 2> >(sed -u 's/^/[control plane] /' >&2) > .local/controlplane-bin \
  && until [ -f .local/.system-deps-installed ]; do sleep 1; done \
  && local-stack/node/build.sh 2> >(sed -u 's/^/[node] /' >&2) > .local/node-bin ) &
cluster_build=$!
trap 'kill $cluster_build 2>/dev/null || true' EXIT

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  scripts/install-system-deps.sh
fi
touch .local/.system-deps-installed
# the images' slow part (Debian base images, the render image's packages and wheels: the first time about 7 minutes)
# builds while Maven runs; the stack builds the rest (the Java images, from the jars) and waits for this (flock)
( scripts/build-images.sh render 2> >(sed -u 's/^/[images] /' >&2) >&2 ) &
images_build=$!
trap 'kill $cluster_build $images_build 2>/dev/null || true' EXIT
if [ "${SKIP_SETUP:-0}" != 1 ]; then
  echo "building (mvn package)..."
  # one reactor run, so that module dependencies resolve to this build and not to ~/.m2; runtime scope only
  # (includeScope: the services must not see test-only jars such as S3Proxy's Jetty and Jackson); each service
  # module also puts its jars in target/lib, where its Dockerfile takes them from
  mvn -B -q -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-classpath.txt -DincludeScope=runtime
fi

# a module's classpath: its own classes, then its runtime dependencies
module_classpath() {
  local module="$1"
  [ -f "$module/target/runtime-classpath.txt" ] || return 0
  printf '%s:%s' "$root/$module/target/classes" "$(cat "$module/target/runtime-classpath.txt")"
}

export LOCAL_PROJECT_DIR="$root"

if ! wait $images_build; then
  echo "the render image did not build (see the [images] lines above)" >&2
  exit 1
fi
if ! wait $cluster_build; then
  echo "the Kubernetes control plane or node did not build (see the [control plane] and [node] lines above)" >&2
  exit 1
fi
trap - EXIT
export MANIMVIDEO_CONTROLPLANE_BIN="$(tail -n 1 .local/controlplane-bin)"
export MANIMVIDEO_NODE_BIN="$(tail -n 1 .local/node-bin)"

exec java -cp "$(module_classpath local-stack)" io.manimvideo.local.AllInOne
