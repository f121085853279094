#!/usr/bin/env bash
# The local node's figures (issue 22, point 6), side by side in one run on this machine: pod start latency,
# direct code end to end against a plain render of the same scene, and the Telegram acknowledgement under 50
# updates/s with real jobs behind them. Needs root (it starts the local stack). See local-stack/bench/README.md.
#
# Usage: local-stack/bench/run.sh [pods=20] [renders=3] [updates-per-second=50] [seconds=20] [ingress-cpu=chart]
#   ingress-cpu: the ingress's CPU request per round, comma-separated (e.g. chart,500m,chart,500m), each round on a
#   stack of its own
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl local-stack -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd local-stack
echo "load before: $(uptime)"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmanimvideo.project.dir=.. \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  "${BENCH_MAIN:-io.manimvideo.local.bench.NodeBenchmark}" "$@"
echo "load after: $(uptime)"
