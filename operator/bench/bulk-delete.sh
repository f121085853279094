#!/usr/bin/env bash
# Bulk deletion benchmark (issue 23, point 4): one delete-collection of N busy VideoJobs, timed to the last object.
# Usage: flock /tmp/bench.lock operator/bench/bulk-delete.sh [count=2000]   (from anywhere)
set -euo pipefail
uptime
# the operator's framework log at INFO, so its conflict retries (and errors) are in the log the benchmark counts
OPERATOR_JVM_ARGS="-Dorg.slf4j.simpleLogger.log.io.javaoperatorsdk=info ${OPERATOR_JVM_ARGS:-}" \
  BENCH_CLASS=io.manimvideo.operator.bench.BulkDeleteBenchmark "$(dirname "$0")/run.sh" "$@"
uptime
