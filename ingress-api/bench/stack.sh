# Sourced by run.sh and slo.sh: builds, then starts redis-server, the mock API server, the ingress
# (IngressMain) and the bare Vert.x route on free loopback ports; everything stops when the caller exits.
# Sets INGRESS_PORT, API_PORT, BARE_PORT, BENCH_TOKEN, BENCH_TELEGRAM_SECRET, BENCH_WHATSAPP_SECRET, WORK, CP.
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

export BENCH_TELEGRAM_SECRET=bench-secret-$RANDOM$RANDOM
export BENCH_WHATSAPP_SECRET=bench-app-secret-$RANDOM$RANDOM
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
  TELEGRAM_BOT_TOKEN=123456:bench TELEGRAM_WEBHOOK_SECRET=$BENCH_TELEGRAM_SECRET \
  TELEGRAM_API_BASE_URL=http://127.0.0.1:9 \
  WHATSAPP_ACCESS_TOKEN=bench WHATSAPP_APP_SECRET=$BENCH_WHATSAPP_SECRET WHATSAPP_VERIFY_TOKEN=bench \
  WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_API_BASE_URL=http://127.0.0.1:9 \
  RATE_LIMIT_BURST=100000000 RATE_LIMIT_PER_HOUR=100000000 \
  java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" io.manimvideo.ingress.IngressMain \
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

# one request by hand first, so a misconfigured scenario fails loudly instead of measuring errors
probe=$(curl -s -o "$WORK/probe.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H "X-Telegram-Bot-Api-Secret-Token: $BENCH_TELEGRAM_SECRET" \
  -d '{"update_id":1,"message":{"message_id":1,"date":1700000000,"chat":{"id":424242,"type":"private"},"from":{"id":424242,"is_bot":false,"first_name":"Bench"},"text":"Show why the derivative of x^2 is 2x"}}' \
  "http://127.0.0.1:$INGRESS_PORT/webhooks/telegram")
[ "$probe" = 200 ] || { echo "telegram webhook answered $probe: $(cat "$WORK/probe.out")" >&2; tail -20 "$WORK/ingress.log" >&2; exit 1; }

