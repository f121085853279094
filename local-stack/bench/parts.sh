#!/usr/bin/env bash
# A long scene on one pod against two parts (issue 27, point 6): submit -> ready through the local stack's web API,
# side by side in one run (the operator switched by helm upgrade before each sample), with the load before and
# after. Needs root (it starts the local stack); one stack per host: run it under flock /tmp/localstack.lock.
#
# Usage: local-stack/bench/parts.sh [rounds=1]
BENCH_MAIN=io.manimvideo.local.bench.PartsBenchmark exec "$(dirname "$0")/run.sh" "$@"
