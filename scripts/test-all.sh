#!/usr/bin/env bash
# Runs every test of the project: the Java modules (unit, integration and end-to-end tests, all with real
# parts: the Kubernetes control plane built from pinned Go modules, S3Proxy, redis-server, Manim, headless
# Chromium), the render sandbox's pytest suite, and the four images, built from their Dockerfiles and run by
# runc. Installs what it needs first, so it works on a fresh machine. The unit tests alone, without any server: mvn -B -Punit verify.
set -euo pipefail
cd "$(dirname "$0")/.."

# the control plane and then the node build (once; then cached) while the rest is set up and Maven compiles; the tests
# that need them call the same scripts, which wait for this build (flock) instead of starting another
mkdir -p target
# (the node build compiles C and cgo: it waits until the Debian packages are installed, below)
rm -f target/.system-deps-installed
( local-stack/controlplane/build.sh 2> >(sed -u 's/^/[control plane] /' >&2) > target/controlplane-bin \
  && until [ -f target/.system-deps-installed ]; do sleep 1; done \
  && local-stack/node/build.sh 2> >(sed -u 's/^/[node] /' >&2) > target/node-bin ) &
controlplane_build=$!
trap 'kill $controlplane_build 2>/dev/null || true' EXIT

scripts/install-system-deps.sh
touch target/.system-deps-installed
if [ -x render-image/setup-venv.sh ]; then
  render-image/setup-venv.sh
fi
if [ -f ingress-api/src/test/browser/package.json ]; then
  (cd ingress-api/src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

# the images' slow part (the Debian base images and the render image: Debian packages, wheels) builds while Maven
# runs, once (then cached by content); the Java images need the jars, so they are built after Maven, by the image
# tests, which wait for this build (flock) rather than starting another
( scripts/build-images.sh render 2> >(sed -u 's/^/[images] /' >&2) >&2 ) &
images_build=$!
trap 'kill $controlplane_build $images_build 2>/dev/null || true' EXIT

status=0
mvn -B -ntp verify || status=$?
wait $controlplane_build || status=$?
wait $images_build || status=$?
trap - EXIT

if [ -x render-image/run-tests.sh ]; then
  render-image/run-tests.sh || status=$?
fi
# the four images as their users meet them (scripts/test-images.sh); --maven: the jars afresh, with their
# runtime dependencies in target/lib, as the Dockerfiles copy them
scripts/test-images.sh --maven || status=$?
exit $status
