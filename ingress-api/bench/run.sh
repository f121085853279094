#!/usr/bin/env bash
# Submission acknowledgement under load, from a separate process (wrk), against a real ingress
# (IngressMain) with a real redis-server and the real control plane (kube-apiserver on etcd) running; and in the
# same run the same load against a bare Vert.x route that answers 200, so the ratio shows our overhead.
# Scenarios: `telegram` (POST /webhooks/telegram with the secret header: a text update taken in as a
# VideoJob before the 200; the chat reply goes out afterwards to the fake Bot API and is not measured), `session` (GET /api/v1/session: routing, validation, session lookup and TTL extension in
# Redis) and `submit` (POST /api/v1/jobs, a full submission: session, rate limit in Lua, VideoJob create in
# the API server, history entry; each request makes a new VideoJob). Usage: bench/run.sh [duration, default 10s] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=$PWD
DURATION=${1:-10s}
CONNECTIONS=${2:-16}
source bench/stack.sh

run() { # name url script
  wrk -t2 -c"$CONNECTIONS" -d5s -s "bench/$3" "$2" >/dev/null  # warm-up (JIT)
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/$3" "$2" | grep "^RESULT")
  echo "$1 ${line#RESULT }"
}
echo "# $(date -u +%FT%TZ) duration=$DURATION connections=$CONNECTIONS cores=$(nproc)"
BARE=$(run bare "http://127.0.0.1:$BARE_PORT/" bare.lua)
echo "$BARE"
TELEGRAM=$(run telegram "http://127.0.0.1:$INGRESS_PORT/webhooks/telegram" telegram.lua)
echo "$TELEGRAM"
SESSION=$(run session "http://127.0.0.1:$INGRESS_PORT/api/v1/session" session.lua)
echo "$SESSION"
SUBMIT=$(run submit "http://127.0.0.1:$INGRESS_PORT/api/v1/jobs" submit.lua)
echo "$SUBMIT"
python3 - "$BARE" "$TELEGRAM" "$SESSION" "$SUBMIT" <<'PY'
import sys
def parse(line):
    return line.split()[0], {k: float(v) for k, v in (kv.split('=') for kv in line.split()[1:])}
(_, bare), *others = [parse(a) for a in sys.argv[1:]]
for name, r in others:
    print("ratio %s/bare: p50 x%.1f, p99 x%.1f, throughput %.1f%% of bare" % (
        name, r['p50_ms'] / bare['p50_ms'], r['p99_ms'] / bare['p99_ms'], 100 * r['rps'] / bare['rps']))
PY
echo "VideoJobs created: $(curl -sk -H "Authorization: Bearer $API_TOKEN" \
  "https://127.0.0.1:$API_PORT/apis/manimvideo.io/v1alpha1/namespaces/$BENCH_NAMESPACE/videojobs" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
