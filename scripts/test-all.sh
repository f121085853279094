#!/usr/bin/env bash
# Runs every test of the project: the Java modules (unit, integration and end-to-end tests, all with real
# parts: fabric8 mock API server, S3Proxy, redis-server, Manim, headless Chromium) and the render
# sandbox's pytest suite. Installs what it needs first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-deps.sh
if [ -x render-image/setup-venv.sh ]; then
  render-image/setup-venv.sh
fi
if [ -f ingress-api/src/test/browser/package.json ]; then
  (cd ingress-api/src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

status=0
mvn -B -ntp verify || status=$?

if [ -x render-image/run-tests.sh ]; then
  render-image/run-tests.sh || status=$?
fi
exit $status
