# Sourced by run.sh and slo.sh: builds, then starts the real control plane (etcd, kube-apiserver,
# kube-controller-manager, binaries cached under ~/.cache/manim-video), a redis-server and the tests' fake
# Telegram Bot API, where the ingress's replies go (BenchBackends.java),
# the ingress (IngressMain, as the chart's ingress ServiceAccount) and the bare Vert.x route on free loopback
# ports; everything stops when the caller exits. wrk is installed (apt) when missing.
# Sets INGRESS_PORT, API_PORT, API_TOKEN, BARE_PORT, BENCH_TOKEN, BENCH_TELEGRAM_SECRET, BENCH_WHATSAPP_SECRET,
# WORK, CP. INGRESS_JAVA_OPTS, when set, is added to the ingress's JVM options (e.g. a flight recording).
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo; $SUDO apt-get update -qq;
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
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
CP="$MODULE/target/classes:$MODULE/target/test-classes:$(cat target/bench.classpath)"

export BENCH_TELEGRAM_SECRET=bench-secret-$RANDOM$RANDOM
BENCH_BOT_TOKEN=123456:bench
export BENCH_WHATSAPP_SECRET=bench-app-secret-$RANDOM$RANDOM
echo "starting the control plane and redis-server..." >&2
mkfifo "$WORK/backends.in"
sleep infinity >"$WORK/backends.in" & PIDS+=($!)  # stopping it ends the backends' input: they stop
java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" bench/BenchBackends.java .. "$WORK/backends" "$BENCH_BOT_TOKEN" \
  <"$WORK/backends.in" >"$WORK/backends.out" 2>"$WORK/backends.err" &
BACKENDS=$!
for _ in $(seq 1 1800); do grep -q '^READY' "$WORK/backends.out" && break; kill -0 "$BACKENDS" 2>/dev/null || break; sleep 0.1; done
grep -q '^READY' "$WORK/backends.out" || { echo "backends did not start" >&2; cat "$WORK/backends.err" >&2; exit 1; }
API_PORT=$(sed -n 's/^API_PORT=//p' "$WORK/backends.out")
API_TOKEN=$(sed -n 's/^API_TOKEN=//p' "$WORK/backends.out")
export API_TOKEN
BENCH_NAMESPACE=$(sed -n 's/^export KUBERNETES_NAMESPACE=//p' "$WORK/backends.out")
export BENCH_NAMESPACE

INGRESS_PORT=$(free_port)
GC_FLAG=$(grep -o -- '-XX:+Use[A-Za-z0-9]*GC' Dockerfile)  # the image's collector
(source <(grep '^export ' "$WORK/backends.out")  # the ingress's account, namespace and Redis
  HTTP_HOST=127.0.0.1 HTTP_PORT=$INGRESS_PORT \
  STORAGE_ENDPOINT=http://127.0.0.1:9 STORAGE_ACCESS_KEY=bench STORAGE_SECRET_KEY=bench \
  TELEGRAM_BOT_TOKEN=$BENCH_BOT_TOKEN TELEGRAM_WEBHOOK_SECRET=$BENCH_TELEGRAM_SECRET \
  WHATSAPP_ACCESS_TOKEN=bench WHATSAPP_APP_SECRET=$BENCH_WHATSAPP_SECRET WHATSAPP_VERIFY_TOKEN=bench \
  WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_API_BASE_URL=http://127.0.0.1:9 \
  RATE_LIMIT_BURST=100000000 RATE_LIMIT_PER_HOUR=100000000 \
  exec java "$GC_FLAG" -Xmx512m ${INGRESS_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" io.manimvideo.ingress.IngressMain \
  >"$WORK/ingress.log" 2>&1) &
PIDS+=($!)

BARE_PORT=$(free_port)
java -Xmx256m -cp "$CP" bench/BareVertxServer.java "$BARE_PORT" >"$WORK/bare.out" 2>&1 &
PIDS+=($!)
wait_port_line "$WORK/bare.out" >/dev/null

for _ in $(seq 1 300); do curl -sf -m 2 "http://127.0.0.1:$INGRESS_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf -m 2 "http://127.0.0.1:$INGRESS_PORT/readyz" >/dev/null || { echo "ingress not ready" >&2; cat "$WORK/ingress.log" >&2; exit 1; }
export BENCH_TOKEN=$(curl -sf -m 10 -X POST -H 'Content-Type: application/json' -d '{}' \
  "http://127.0.0.1:$INGRESS_PORT/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_token"])')

# one request by hand first, so a misconfigured scenario fails loudly instead of measuring errors
probe=$(curl -s -m 10 -o "$WORK/probe.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H "X-Telegram-Bot-Api-Secret-Token: $BENCH_TELEGRAM_SECRET" \
  -d '{"update_id":1,"message":{"message_id":1,"date":1700000000,"chat":{"id":424242,"type":"private"},"from":{"id":424242,"is_bot":false,"first_name":"Bench"},"text":"Show why the derivative of x^2 is 2x"}}' \
  "http://127.0.0.1:$INGRESS_PORT/webhooks/telegram")
[ "$probe" = 200 ] || { echo "telegram webhook answered $probe: $(cat "$WORK/probe.out")" >&2; tail -20 "$WORK/ingress.log" >&2; exit 1; }

