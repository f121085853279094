#!/usr/bin/env bash
# The ingress's speed targets (issue 8), measured against a real ingress (IngressMain, one event loop per
# core), redis-server and the fabric8 mock API server, each in its own process:
#  (a) updates that make no job (Telegram reaction, Telegram duplicate, WhatsApp receipt): open-loop at
#      1,000 req/s (bench/OpenLoop.java: latency from the scheduled start) -> p99; and closed-loop
#      throughput with wrk against the bare Vert.x route in the same run -> ratio;
#  (b) job-creating Telegram updates open-loop at 100/s -> p99, beside the API server's own create p99 at
#      100/s (VideoJobs POSTed to it directly), and /healthz p99 at 50/s alone and during (b).
# Usage: bench/slo.sh [seconds per open-loop run, default 20] [wrk duration, default 10s]
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=$PWD
RUN_SECONDS=${1:-20}
DURATION=${2:-10s}
CONNECTIONS=16
source bench/stack.sh

export BENCH_DUPLICATE_UPDATE_ID=1   # taken in by the probe in stack.sh
export BENCH_WA_BODY='{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.B1","status":"delivered","timestamp":"1767225600","recipient_id":"5511987654321"}]}}]}]}'
export BENCH_WA_SIGNATURE="sha256=$(python3 -c 'import hmac,hashlib,os; print(hmac.new(os.environ["BENCH_WHATSAPP_SECRET"].encode(), os.environ["BENCH_WA_BODY"].encode(), hashlib.sha256).hexdigest())')"
INGRESS="http://127.0.0.1:$INGRESS_PORT"
ol() { java -Xmx256m -cp "$CP" bench/OpenLoop.java "$@" | grep '^RESULT'; }
closed() { # name url script
  wrk -t2 -c"$CONNECTIONS" -d5s -s "bench/$3" "$2" >/dev/null
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/$3" "$2" | grep "^RESULT")
  echo "$1 ${line#RESULT }"
}

echo "# $(date -u +%FT%TZ) cores=$(nproc) uptime:$(uptime)"
echo "## (a) updates that make no job"
ol noop 1000 5 "$INGRESS" >/dev/null   # warm-up (JIT)
ol noop 1000 "$RUN_SECONDS" "$INGRESS"
BARE=$(closed bare "http://127.0.0.1:$BARE_PORT/" bare.lua); echo "$BARE"
NOOP=$(closed noop "$INGRESS/" noop.lua); echo "$NOOP"
python3 - "$BARE" "$NOOP" <<'PY'
import sys
rps = [float(kv.split('=')[1]) for line in sys.argv[1:] for kv in line.split()[1:] if kv.startswith('rps=')]
print("throughput no-job/bare: %.2f (target >= 0.5)" % (rps[1] / rps[0]))
PY
echo "## (b) job-creating updates at 100/s"
ol healthz 50 "$RUN_SECONDS" "$INGRESS" | sed 's/^RESULT healthz/RESULT healthz-alone/'
ol create 100 5 "$INGRESS" >/dev/null   # warm-up
BENCH_NAMESPACE=bench ol apicreate 100 "$RUN_SECONDS" "http://127.0.0.1:$API_PORT" | sed 's/^RESULT apicreate/RESULT apiserver-create/'
ol healthz 50 "$RUN_SECONDS" "$INGRESS" | sed 's/^RESULT healthz/RESULT healthz-during-create/' &
HEALTH=$!
ol create 100 "$RUN_SECONDS" "$INGRESS"
wait "$HEALTH"
echo "# uptime after:$(uptime)"
