#!/usr/bin/env bash
# Operator benchmark: VideoJobs against the fabric8 mock API server, operator in its own JVM.
# Usage: operator/bench/run.sh [first-batch=2000] [total=10000]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl operator -am test-compile
mvn -B -q -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd operator
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/classes:target/test-classes:$(cat ../target/bench.classpath 2>/dev/null || cat target/bench.classpath)" \
  io.manimvideo.operator.bench.OperatorBenchmark "$@"
