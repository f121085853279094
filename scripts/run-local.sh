#!/usr/bin/env bash
# The whole system on this machine, in one command: installs what it needs (Debian packages, the Manim venv,
# the Maven build) and starts the local stack (io.manimvideo.local.AllInOne): the in-process Kubernetes API
# server, S3Proxy, redis-server, the local Job runner, the operator and the ingress. Ctrl-C stops all of it.
#
# Environment: GROQ_API_KEY / CLOUDFLARE_API_TOKEN + CLOUDFLARE_ACCOUNT_ID / HF_TOKEN / OPENAI_API_KEY to use a
# real AI provider (none: the offline explainer for maths problems, else graceful degradation); LOCAL_HTTP_PORT (8080) for the web page; LOCAL_SAMPLE=false
# to skip the sample problem; SKIP_SETUP=1 to skip installing and building.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  scripts/install-system-deps.sh
  if [ -x render-image/setup-venv.sh ]; then
    render-image/setup-venv.sh
  else
    echo "render-image/setup-venv.sh is missing: renders will fail until the render package is present" >&2
  fi
  echo "building (mvn package)..."
  # one reactor run, so that module dependencies resolve to this build and not to ~/.m2
  mvn -B -q -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
fi

# a module's classpath: its own classes, then its runtime dependencies
module_classpath() {
  local module="$1"
  [ -f "$module/target/runtime-classpath.txt" ] || return 0
  printf '%s:%s' "$root/$module/target/classes" "$(cat "$module/target/runtime-classpath.txt")"
}

export LOCAL_PROJECT_DIR="$root"
export OPERATOR_CLASSPATH="$(module_classpath operator)"
export INGRESS_CLASSPATH="$(module_classpath ingress-api)"
# the services start only when their main classes are in the tree (target/ may hold stale classes)
[ -f operator/src/main/java/io/manimvideo/operator/OperatorMain.java ] || OPERATOR_CLASSPATH=""
[ -f ingress-api/src/main/java/io/manimvideo/ingress/IngressMain.java ] || INGRESS_CLASSPATH=""

exec java -cp "$(module_classpath local-stack)" io.manimvideo.local.AllInOne
