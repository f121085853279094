#!/usr/bin/env bash
# Bulk deletion side by side (issue 23, point 4): the same benchmark against another commit's operator (e.g. main's)
# and this tree's, one after the other in one run, so both meet the same machine and load; `uptime` before each.
# Usage: flock /tmp/bench.lock operator/bench/bulk-delete-compare.sh <base-commit> [count=2000] [rounds=1]
set -euo pipefail
base=$1
count=${2:-2000}
rounds=${3:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
# the base commit built in a clone of its own, so this tree's build cannot change what it runs
dir=${TMPDIR:-/tmp}/bulk-delete-base-$(git -C "$root" rev-parse --short "$base")
[ -d "$dir" ] || git clone -q --no-checkout "$root" "$dir"
git -C "$dir" checkout -q --detach "$base"
(cd "$dir" && mvn -o -B -q -pl operator -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath)
(cd "$root" && mvn -o -B -q -pl operator -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath)
cd "$root/operator"
harness="target/classes:target/test-classes:$(cat target/bench.classpath)"
declare -A operators=(
  [base]="$dir/operator/target/classes:$(cat "$dir/operator/target/bench.classpath")"
  [this]="$PWD/target/classes:$(cat target/bench.classpath)")
echo "base: $(git -C "$dir" log --oneline -1); this: $(git -C "$root" log --oneline -1)$(git -C "$root" diff --quiet HEAD || echo ' (with uncommitted changes)')"
for round in $(seq "$rounds"); do
  for which in base this; do
    echo "== round $round, operator: $which"
    uptime
    java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dbench.label="$which" \
      -Doperator.classpath="${operators[$which]}" \
      -Doperator.jvmArgs="-Dorg.slf4j.simpleLogger.log.io.javaoperatorsdk=info ${OPERATOR_JVM_ARGS:-}" \
      -cp "$harness" io.manimvideo.operator.bench.BulkDeleteBenchmark "$count"
  done
done
uptime
