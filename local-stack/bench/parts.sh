#!/usr/bin/env bash
# A long scene on one pod against parts (issue 27, point 6): submit -> ready through the local stack's web API,
# side by side in one run (the operator switched by helm upgrade before each sample), with the load before and
# after and where each sample's time went. Needs root (it starts the local stack); one stack per host: run it as
# flock /tmp/bench.lock flock /tmp/localstack.lock local-stack/bench/parts.sh ...
#
# Usage: local-stack/bench/parts.sh [rounds=1] [pods=1,2]   (pods: the RENDER_MAX_PARTS to compare, e.g. 1,2,4;
#   the stack has as many render slots as the largest, at least 2)
BENCH_MAIN=io.manimvideo.local.bench.PartsBenchmark exec "$(dirname "$0")/run.sh" "$@"
