#!/usr/bin/env bash
# Runs every test of the project: the Java modules (unit, integration and end-to-end tests, all with real
# parts: the Kubernetes control plane built from pinned Go modules, S3Proxy, redis-server, Manim, headless
# Chromium), the fault tier (jobs on the local cluster while a seeded schedule of faults strikes), the render
# sandbox's pytest suite, and the four images, built from their Dockerfiles and run by runc. Installs what it
# needs first, so it works on a fresh machine. The unit tests alone, without any server: mvn -B -Punit verify.
set -euo pipefail
cd "$(dirname "$0")/.."

# each stage's time is printed when it ends, and all of them at the end
stages=()
stage_start=$SECONDS
stage_done() {
  local line
  line="$(printf '%-58s %4d s (%s at %d s)' "$1" $(( SECONDS - stage_start )) "${2:-ok}" "$SECONDS")"
  echo "[stage] $line"
  stages+=("$line")
  stage_start=$SECONDS
}

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
stage_done "Debian packages"
if [ -x render-image/setup-venv.sh ]; then
  render-image/setup-venv.sh
fi
if [ -f ingress-api/src/test/browser/package.json ]; then
  (cd ingress-api/src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
stage_done "Python venv, npm packages"

# the images' slow part (the Debian base images and the render image: Debian packages, wheels) builds while Maven
# runs, once (then cached by content); the Java images need the jars, so they are built after Maven, by the image
# tests, which wait for this build (flock) rather than starting another
( scripts/build-images.sh render 2> >(sed -u 's/^/[images] /' >&2) >&2 ) &
images_build=$!
trap 'kill $controlplane_build $images_build 2>/dev/null || true' EXIT

status=0
rc=0; mvn -B -ntp verify || rc=$?
stage_done "Maven: every module's tests (cluster, images built alongside)" "exit $rc"; [ $rc = 0 ] || status=$rc
wait $controlplane_build || status=$?
wait $images_build || status=$?
trap - EXIT

# the fault tier (local-stack FaultTierTest, JUnit tag faults, left out of the run above): 40 jobs while every
# fault strikes once in 200 s, a helm upgrade while jobs run, then every VideoJob deleted; about 7 minutes. Its
# seed (replay: -Dfaults.seed=) and its table fault x outcome are printed
rm -f local-stack/target/e2e/faults-table.md
rc=0; mvn -B -ntp verify -pl local-stack -am -Dlocal.excludedGroups= -Dtest=FaultTierTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dspotbugs.skip=true -Dspotless.check.skip=true || rc=$?
if [ -f local-stack/target/e2e/faults-table.md ]; then cat local-stack/target/e2e/faults-table.md; fi
stage_done "fault tier: jobs while faults strike" "exit $rc"; [ $rc = 0 ] || status=$rc

if [ -x render-image/run-tests.sh ]; then
  rc=0; render-image/run-tests.sh || rc=$?
  stage_done "render sandbox: pytest as root and as a service user" "exit $rc"; [ $rc = 0 ] || status=$rc
fi
# the four images as their users meet them (scripts/test-images.sh); --maven: the jars afresh, with their
# runtime dependencies in target/lib, as the Dockerfiles copy them
rc=0; scripts/test-images.sh --maven || rc=$?
stage_done "images: built and run by runc" "exit $rc"; [ $rc = 0 ] || status=$rc
echo "stages (seconds):"
printf '  %s\n' "${stages[@]}"
exit $status
