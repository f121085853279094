#!/usr/bin/env bash
# The ingress's speed targets (issue 8), measured against a real ingress (IngressMain, one event loop per
# core), redis-server and the real control plane (kube-apiserver on etcd), each in its own process, with wrk:
#  (a) updates that make no job (Telegram reaction, Telegram duplicate, WhatsApp receipt) paced at
#      1,000 req/s -> p99; and their closed-loop throughput against the bare Vert.x route in the same run;
#  (b) job-creating Telegram updates paced at 100/s -> p99, beside the API server's own create p99 at
#      100/s (the VideoJob the ingress makes, POSTed to it directly as the ingress's ServiceAccount: apicreate.lua),
#      and /healthz p99 at 50/s alone and during (b).
# Pacing is wrk's delay() per connection (bench/report.lua): after each answer a random wait, exponential with
# the connection's share as the mean, so requests arrive as a Poisson stream at the rate, not in lockstep bursts;
# a slow answer delays that connection, so check the rps reached against the target; latencies do not include
# time a request waited to be sent.
# Usage: bench/slo.sh [paced run duration, default 20s] [closed-loop duration, default 10s]
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=$PWD
RUN=${1:-20s}
DURATION=${2:-10s}
CONNECTIONS=16
source bench/stack.sh

export BENCH_DUPLICATE_UPDATE_ID=1   # taken in by the probe in stack.sh
export BENCH_WA_BODY='{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.B1","status":"delivered","timestamp":"1767225600","recipient_id":"5511987654321"}]}}]}]}'
export BENCH_WA_SIGNATURE="sha256=$(python3 -c 'import hmac,hashlib,os; print(hmac.new(os.environ["BENCH_WHATSAPP_SECRET"].encode(), os.environ["BENCH_WA_BODY"].encode(), hashlib.sha256).hexdigest())')"
INGRESS="http://127.0.0.1:$INGRESS_PORT"
paced() { # name rate connections duration url script
  local line
  line=$(BENCH_RATE=$2 BENCH_CONNECTIONS=$3 wrk -t1 -c"$3" -d"$4" --latency -s "bench/$6" "$5" | grep "^RESULT")
  echo "$1 target_rps=$2 ${line#RESULT }"
}
closed() { # name url script
  wrk -t2 -c"$CONNECTIONS" -d5s -s "bench/$3" "$2" >/dev/null
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/$3" "$2" | grep "^RESULT")
  echo "$1 ${line#RESULT }"
}

echo "# $(date -u +%FT%TZ) cores=$(nproc) uptime:$(uptime)"
echo "## (a) updates that make no job"
paced warmup 1000 32 5s "$INGRESS/" noop.lua >/dev/null
# the bare route gets the very same requests (same script, bodies and headers): on a machine this small the
# load generator's own work per request is a large share of the CPU, so only the server may differ
BARE=$(closed bare "http://127.0.0.1:$BARE_PORT/" noop.lua); echo "$BARE"
NOOP=$(closed noop-closed "$INGRESS/" noop.lua); echo "$NOOP"
python3 - "$BARE" "$NOOP" <<'PY'
import sys
rps = [float(kv.split('=')[1]) for line in sys.argv[1:] for kv in line.split()[1:] if kv.startswith('rps=')]
print("throughput no-job/bare: %.2f (target >= 0.5)" % (rps[1] / rps[0]))
PY
# paced after the closed-loop runs: measured in steady state, once the JIT has compiled the request path
paced noop 1000 32 "$RUN" "$INGRESS/" noop.lua
echo "## (b) job-creating updates at 100/s"
paced healthz-alone 50 2 "$RUN" "$INGRESS/healthz" healthz.lua
# the first job-creating updates this ingress sees (after (a)'s updates that make no job): shown, not the target.
# The JIT compiles a method once it has run some thousands of times, so at 100/s the create path is still being
# compiled a minute or two later, and the compiler's CPU (a third to a half of the ingress's in its first
# 100 s of job-creating updates, per-thread /proc figures) competes with everything else on a small machine
paced create-first-run 100 16 "$RUN" "$INGRESS/webhooks/telegram" telegram.lua
# warm-ups, as in (a): steady state, once the JIT has compiled the create path (both the ingress's and the API
# server's: the first also warms the API server for its own figure): about 15,000 updates. The second, after
# the ingress idled through the floor's run, comes right before the measured run.
paced warmup 300 16 60s "$INGRESS/webhooks/telegram" telegram.lua >/dev/null
paced apiserver-create 100 16 "$RUN" "https://127.0.0.1:$API_PORT/apis/manimvideo.io/v1alpha1/namespaces/$BENCH_NAMESPACE/videojobs" apicreate.lua
paced warmup 100 16 5s "$INGRESS/webhooks/telegram" telegram.lua >/dev/null
paced healthz-during-create 50 2 "$RUN" "$INGRESS/healthz" healthz.lua > "$WORK/health.out" &
HEALTH=$!
paced create 100 16 "$RUN" "$INGRESS/webhooks/telegram" telegram.lua
wait "$HEALTH"
cat "$WORK/health.out"
echo "# uptime after:$(uptime)"
