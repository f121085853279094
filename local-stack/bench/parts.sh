#!/usr/bin/env bash
# A long scene on one pod against two parts (issue 27, point 6): submit -> ready through the local stack's web API,
# side by side in one run (the operator switched by helm upgrade before each sample), with the load before and
# after. Needs root (it starts the local stack); one stack per host: run it under flock /tmp/localstack.lock.
#
# Usage: local-stack/bench/parts.sh [rounds=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl local-stack -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd local-stack
echo "load before: $(uptime) (cores: $(nproc))"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmanimvideo.project.dir=.. \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.manimvideo.local.bench.PartsBenchmark "$@"
echo "load after: $(uptime)"
