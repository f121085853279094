#!/usr/bin/env bash
# Operator benchmark: VideoJobs against the real control plane, operator in its own JVM.
# Usage: operator/bench/run.sh [first-batch=2000] [total=10000] [rate-per-second=0]   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor call: the API module resolves from the reactor, and each module writes its own classpath file
mvn -B -q -pl operator -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd operator
# BENCH_CLASS: another benchmark of operator/src/test/java (bulk-delete.sh sets it)
# OPERATOR_JVM_ARGS: extra options for the operator's JVM, e.g. its log levels to follow reconciles
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Doperator.jvmArgs="${OPERATOR_JVM_ARGS:-}" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  "${BENCH_CLASS:-io.manimvideo.operator.bench.OperatorBenchmark}" "$@"
