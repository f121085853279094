#!/usr/bin/env bash
# Runs every test of the project: the Java modules (unit, integration and end-to-end tests, all with real
# parts: the Kubernetes control plane built from pinned Go modules, S3Proxy, redis-server, Manim, headless
# Chromium) and the render sandbox's pytest suite. Installs what it needs first, so it works on a fresh
# machine. The unit tests alone, without any server: mvn -B -Punit verify.
set -euo pipefail
cd "$(dirname "$0")/.."

# the control plane builds (once; then cached) while the rest is set up and Maven compiles; the tests that need
# it call the same script, which waits for this build (flock) instead of starting another
mkdir -p target
( local-stack/controlplane/build.sh 2> >(sed -u 's/^/[control plane] /' >&2) > target/controlplane-bin ) &
controlplane_build=$!
trap 'kill $controlplane_build 2>/dev/null || true' EXIT

scripts/install-system-deps.sh
if [ -x render-image/setup-venv.sh ]; then
  render-image/setup-venv.sh
fi
if [ -f ingress-api/src/test/browser/package.json ]; then
  (cd ingress-api/src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

status=0
mvn -B -ntp verify || status=$?
wait $controlplane_build || status=$?
trap - EXIT

if [ -x render-image/run-tests.sh ]; then
  render-image/run-tests.sh || status=$?
fi
exit $status
