#!/usr/bin/env bash
# Submission acknowledgement under load, from a separate process (wrk), against a real ingress
# (IngressMain) with a real redis-server and the fabric8 mock API server (CRUD) running; and in the
# same run the same load against a bare Vert.x route that answers 200, so the ratio shows our overhead.
# Scenarios: `session` (GET /api/v1/session: routing, validation, session lookup and TTL extension in
# Redis) and `submit` (POST /api/v1/jobs, a full submission: session, rate limit in Lua, VideoJob create in
# the API server, history entry; each request makes a new VideoJob). Usage: bench/run.sh [duration, default 10s] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=$PWD
DURATION=${1:-10s}
CONNECTIONS=${2:-16}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port_line() { # file → port printed as "PORT n"
  for _ in $(seq 1 300); do grep -m1 '^PORT ' "$1" 2>/dev/null | cut -d' ' -f2 && return 0; sleep 0.1; done; echo "no port in $1" >&2; cat "$1" >&2; return 1
}

echo "building (test-compile, classpaths)..." >&2
(cd .. && mvn -B -q -pl ingress-api -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$MODULE/target/bench.classpath" -Dmdep.includeScope=test >&2)
CP="$MODULE/target/classes:$(cat target/bench.classpath)"

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

mkfifo "$WORK/apiserver.in"
sleep infinity >"$WORK/apiserver.in" & PIDS+=($!)
java -Xmx512m -cp "$(cat target/apiserver.classpath)" src/test/apiserver/MockApiServer.java \
  ../crds/videojobs.manimvideo.io-v1.yml <"$WORK/apiserver.in" >"$WORK/apiserver.out" 2>"$WORK/apiserver.err" &
PIDS+=($!)
API_PORT=$(wait_port_line "$WORK/apiserver.out")

INGRESS_PORT=$(free_port)
HTTP_HOST=127.0.0.1 HTTP_PORT=$INGRESS_PORT REDIS_URL=redis://127.0.0.1:$REDIS_PORT VIDEOJOB_NAMESPACE=bench \
  KUBERNETES_MASTER=http://127.0.0.1:$API_PORT KUBERNETES_AUTH_TRYKUBECONFIG=false \
  KUBERNETES_AUTH_TRYSERVICEACCOUNT=false KUBERNETES_NAMESPACE=bench \
  STORAGE_ENDPOINT=http://127.0.0.1:9 STORAGE_ACCESS_KEY=bench STORAGE_SECRET_KEY=bench \
  RATE_LIMIT_BURST=100000000 RATE_LIMIT_PER_HOUR=100000000 \
  java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.manimvideo.ingress.IngressMain \
  >"$WORK/ingress.log" 2>&1 &
PIDS+=($!)

BARE_PORT=$(free_port)
java -Xmx256m -cp "$CP" bench/BareVertxServer.java "$BARE_PORT" >"$WORK/bare.out" 2>&1 &
PIDS+=($!)
wait_port_line "$WORK/bare.out" >/dev/null

for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$INGRESS_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$INGRESS_PORT/readyz" >/dev/null || { echo "ingress not ready" >&2; cat "$WORK/ingress.log" >&2; exit 1; }
export BENCH_TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{}' \
  "http://127.0.0.1:$INGRESS_PORT/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')

run() { # name url script
  wrk -t2 -c"$CONNECTIONS" -d5s -s "bench/$3" "$2" >/dev/null  # warm-up (JIT)
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/$3" "$2" | grep '^RESULT')
  echo "$1 ${line#RESULT }"
}
echo "# $(date -u +%FT%TZ) duration=$DURATION connections=$CONNECTIONS cores=$(nproc)"
BARE=$(run bare "http://127.0.0.1:$BARE_PORT/" bare.lua)
echo "$BARE"
SESSION=$(run session "http://127.0.0.1:$INGRESS_PORT/api/v1/session" session.lua)
echo "$SESSION"
SUBMIT=$(run submit "http://127.0.0.1:$INGRESS_PORT/api/v1/jobs" submit.lua)
echo "$SUBMIT"
python3 - "$BARE" "$SESSION" "$SUBMIT" <<'PY'
import sys
def parse(line):
    return line.split()[0], {k: float(v) for k, v in (kv.split('=') for kv in line.split()[1:])}
(_, bare), *others = [parse(a) for a in sys.argv[1:]]
for name, r in others:
    print("ratio %s/bare: p50 x%.1f, p99 x%.1f, throughput %.1f%% of bare" % (
        name, r['p50_ms'] / bare['p50_ms'], r['p99_ms'] / bare['p99_ms'], 100 * r['rps'] / bare['rps']))
PY
echo "VideoJobs created: $(curl -s "http://127.0.0.1:$API_PORT/apis/manimvideo.io/v1alpha1/namespaces/bench/videojobs" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
