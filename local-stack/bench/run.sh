#!/usr/bin/env bash
# The local node's figures (issue 22, point 6), side by side in one run on this machine: pod start latency,
# direct code end to end against a plain render of the same scene, and the Telegram acknowledgement under 50
# updates/s with real jobs behind them. Needs root (it starts the local stack). See local-stack/bench/README.md.
#
# Usage: local-stack/bench/run.sh [pods=20] [renders=3] [updates-per-second=50] [seconds=20] [rounds=chart]
#   rounds: comma-separated, each round on a stack of its own, its settings joined by + (see README.md): chart,
#   ingress=500m (or a bare 500m), render=2, render-request=100m, client=plain|boosted, redis=plain|boosted, java=-XX:TieredStopAtLevel=1,
#   node=2048 (cpu.shares of the node's cgroup root)
#   e.g. render=2+client=plain,chart,render=2+client=plain,chart
#   BENCH_INGRESS_JAVA_OPTIONS (e.g. -Xlog:gc,safepoint) is given to the ingress's JVM in every round.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl local-stack -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd local-stack
echo "load before: $(uptime)"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmanimvideo.project.dir=.. \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  "${BENCH_MAIN:-io.manimvideo.local.bench.NodeBenchmark}" "$@"
# the cpu cgroups of client=boosted and redis=boosted rounds (empty once the JVM has ended)
rmdir /sys/fs/cgroup/cpu/manim-bench-client /sys/fs/cgroup/cpu/manim-bench-redis 2>/dev/null || true
echo "load after: $(uptime)"
