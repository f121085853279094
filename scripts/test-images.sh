#!/usr/bin/env bash
# Checks the four images the way their users meet them, from the OCI archives scripts/build-images.sh writes
# (built first; cached, so seconds when nothing changed):
#   - the image config: entrypoint/command, user 10001:10001 (non-root), no secret-looking variables;
#   - what each image holds: no compiler, no apt lists or package cache, no pip cache, no build leftovers, no
#     private keys or build secrets, no test jars;
#   - each image run by a real OCI runtime (runc, from its unpacked bundle) with a read-only root file system,
#     no capabilities and no privilege escalation, as the chart's pods run them:
#       render   renders a real scene with `python -m manimrender render` through its bubblewrap sandbox, in a
#                user namespace (hostUsers: false) with an unmasked /proc and no seccomp filter (the chart's
#                render.sandbox defaults), only /work and /tmp writable; the video is checked with ffprobe
#       codegen  runs the codegen Job's command with no AI provider: the offline explainer writes the scene,
#                uploaded with PUT to a presigned-URL stand-in on the loopback
#       operator and ingress start, answer /healthz, and stop within 10 s of SIGTERM
# Prints one line per check and exits 1 if any failed. Unpacked bundles are cached in /var/tmp/manim-video, by digest.
# Usage: scripts/test-images.sh [--maven]   (arguments go to build-images.sh: --maven remakes the jars first)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/images.sh
. "$here/lib/images.sh"
require_tools skopeo umoci runc python3 curl ffprobe

"$here/build-images.sh" "$@"

work="$(mktemp -d /tmp/image-tests.XXXXXX)"
chmod 755 "$work"  # the render container's uid 10001 (host 110001) reaches its /work in here
# Unpacked images, cached by digest. Not under ~/.cache: in a user namespace runc mounts the root file system as
# the namespace's root (host uid 100000), which must be able to reach it, and /root is private.
bundles="${MANIMVIDEO_BUNDLES:-/var/tmp/manim-video/bundles}"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "ok    $1"; }
fail() { echo "FAIL  $1"; failures=$((failures + 1)); }
# check "what" command...: passes when the command succeeds; what it prints is shown below (the end of it when it
# fails)
check() {
  local what="$1" out
  shift
  if out="$("$@" 2>&1)"; then
    pass "$what"
    [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/        /'
  else
    fail "$what"
    printf '%s\n' "$out" | tail -n 15 | sed 's/^/        /'
  fi
}
# a free TCP port on the loopback
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

archive() { echo "$images_cache/$1.tar"; }

# --- 1. the image config ---------------------------------------------------------------------------------------
# config_is NAME PYTHON-EXPRESSION: the expression, over the image config `c`, is true
config_is() {
  skopeo inspect --config "oci-archive:$(archive "$1")" | python3 -c '
import json, sys
c = json.load(sys.stdin)["config"]
ok = eval(sys.argv[1])
if not ok:
    print("config:", json.dumps({k: c.get(k) for k in ("User", "Entrypoint", "Cmd", "WorkingDir")}))
sys.exit(0 if ok else 1)' "$2"
}
for name in operator ingress render codegen; do
  check "$name: runs as 10001:10001 (non-root)" config_is "$name" 'c.get("User") == "10001:10001"'
  check "$name: no secret-looking environment variable" config_is "$name" \
    'not [e for e in c.get("Env", []) if any(w in e.split("=")[0] for w in ("KEY", "TOKEN", "SECRET", "PASSWORD"))]'
done
check "operator: entrypoint starts OperatorMain" config_is operator \
  'c["Entrypoint"][0] == "java" and c["Entrypoint"][-1] == "io.manimvideo.operator.OperatorMain" and not c.get("Cmd")'
check "ingress: entrypoint starts IngressMain (G1)" config_is ingress \
  'c["Entrypoint"][0] == "java" and c["Entrypoint"][-1] == "io.manimvideo.ingress.IngressMain" and "-XX:+UseG1GC" in c["Entrypoint"]'
check "render: entrypoint python -m manimrender job, in /work" config_is render \
  'c["Entrypoint"] == ["python", "-m", "manimrender"] and c["Cmd"] == ["job"] and c.get("WorkingDir") == "/work"'
check "codegen: command java ... CodegenMain (the codegen Jobs' command)" config_is codegen \
  'not c.get("Entrypoint") and c["Cmd"] == ["java", "-cp", "/app/lib/*", "io.manimvideo.codegen.CodegenMain"]'

# --- 2. unpacked bundles -----------------------------------------------------------------------------------------
# bundle NAME [userns]: an unpacked rootfs of the image (cached by digest); with userns, owned by the ids a user
# namespace mapping container 0-65535 to host 100000-165535 uses, as a kubelet's hostUsers: false pod
bundle() {
  local name="$1" mode="${2:-}" digest dir
  digest="$(cat "$images_cache/$(basename "$(readlink "$(archive "$name")")" .tar).digest")"
  dir="$bundles/$name${mode:+-$mode}-${digest#sha256:}"
  dir="${dir:0:${#dir}-52}"  # 12 hex digits of the digest are enough to tell versions apart
  if [ ! -f "$dir/config.json" ]; then
    rm -rf "$bundles/$name${mode:+-$mode}-"*
    mkdir -p "$bundles"
    local layout="$work/layout-$name"
    skopeo copy --quiet "oci-archive:$(archive "$name")" "oci:$layout:image" >&2
    local maps=()
    [ "$mode" != userns ] || maps=(--uid-map 0:100000:65536 --gid-map 0:100000:65536)
    umoci unpack "${maps[@]}" --image "$layout:image" "$dir.tmp" >&2
    chmod 755 "$dir.tmp"  # umoci makes it private (see $bundles)
    rm -rf "$layout"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

# --- 3. what the images hold -------------------------------------------------------------------------------------
no_compiler() {
  local found
  found="$(find "$1/usr/bin" "$1/usr/local/bin" "$1/usr/sbin" -maxdepth 1 \( -name gcc -o -name cc -o -name 'c++' \
    -o -name 'g++' -o -name cpp -o -name clang -o -name tcc -o -name as -o -name ld -o -name 'x86_64-linux-gnu-gcc*' \) \
    2>/dev/null)"
  [ -z "$found" ] || { echo "${found//$1/}"; return 1; }
}
no_package_caches() {
  local found
  found="$(find "$1/var/lib/apt/lists" -mindepth 1 -maxdepth 1 ! -name lock ! -name partial ! -name auxfiles 2>/dev/null
    find "$1/var/cache/apt" \( -name '*.deb' -o -name '*.bin' \) 2>/dev/null
    find "$1" -xdev -type d \( -path '*/.cache/pip' -o -path '*/cache/pip' -o -name pip-ephem-wheel-cache* \) 2>/dev/null
    find "$1/root/.cache" "$1/root/.m2" -maxdepth 0 2>/dev/null)"
  [ -z "$found" ] || { echo "${found//$1/}" | head -n 5; return 1; }
}
no_build_leftovers() {
  local found
  found="$(find "$1/wheels" "$1/tmp/build" "$1/tmp/requirements.txt" "$1/run/secrets" -maxdepth 0 2>/dev/null
    find "$1/etc" -maxdepth 2 -name pip.conf 2>/dev/null)"
  [ -z "$found" ] || { echo "${found//$1/}"; return 1; }
}
# no private key anywhere; the machine's own extra CAs (a TLS-inspecting proxy's, given to pip as a build
# secret) in no file of the image
no_secrets() {
  local found ca line
  found="$(grep -rlI --exclude-dir=proc --exclude-dir=sys -e '-----BEGIN [A-Z ]*PRIVATE KEY-----' \
    "$1/app" "$1/opt" "$1/etc" "$1/root" "$1/work" "$1/home" "$1/usr/local" 2>/dev/null || true)"
  for ca in /usr/local/share/ca-certificates/*.crt; do
    [ -f "$ca" ] || continue
    line="$(sed -n 2p "$ca")"
    [ -n "$line" ] && found+="$(grep -rlF -- "$line" "$1/etc/ssl" "$1/opt" "$1/app" 2>/dev/null || true)"
  done
  [ -z "$found" ] || { echo "${found//$1/}" | head -n 5; return 1; }
}
# the jars the services run with and nothing a test brings (ServiceImageTest's rule, on the real image)
no_test_jars() {
  [ -d "$1/app/lib" ] || { echo "no /app/lib"; return 1; }
  local found
  found="$(find "$1/app/lib" -name '*.jar' | sed 's|.*/||' | grep -E \
    '(-tests|-test-sources)\.jar$|^(junit|assertj|mockito|awaitility|hamcrest|opentest4j|s3proxy|jclouds|azure-|reactor-core|local-infra)' \
    || true)"
  [ -z "$found" ] || { echo "$found"; return 1; }
}
for name in operator ingress render codegen; do
  rootfs="$(bundle "$name")/rootfs"
  check "$name: no compiler, assembler or linker" no_compiler "$rootfs"
  check "$name: no apt lists, package cache or pip cache" no_package_caches "$rootfs"
  check "$name: no build leftovers (wheels, build venv, secrets mount, pip.conf)" no_build_leftovers "$rootfs"
  check "$name: no private keys, no build-time CA" no_secrets "$rootfs"
  [ "$name" = render ] || check "$name: no test jars in /app/lib" no_test_jars "$rootfs"
done
# the runtime guard's audit filter in C (render-image/build-ext.sh), built in the image's venv stage
check "render: the guard's C audit filter is in the package" \
  test -n "$(find "$(bundle render)/rootfs/opt/manimrender/manimrender" -name '_auditfilter.*.so')"
# the glyphs of numbers typeset once by the build (render-image/src/manimrender/tex_glyphs.py): 14 characters
check "render: the numbers' glyphs are typeset in the package" \
  test "$(find "$(bundle render)/rootfs/opt/manimrender/manimrender/tex_glyphs" -name '*.svg' | wc -l)" = 14
check "ingress: the service jar in /app/lib, its test jar not" \
  test -n "$(find "$(bundle ingress)/rootfs/app/lib" -name 'ingress-api-*.jar' ! -name '*-tests.jar')"

# --- 4. run by runc ----------------------------------------------------------------------------------------------
# runc_config NAME BUNDLE RUNDIR MODE WORKDIR ARGS-JSON ENV-JSON: writes RUNDIR/config.json from umoci's, as a
# pod's securityContext makes it (mode "sandbox": the render pod's user namespace, unmasked /proc, no seccomp,
# own network; mode "service": host network, as the probe and loopback stand-ins need)
runc_config() {
  python3 - "$@" <<'PY'
import json, sys
name, bundle, rundir, mode, workdir, args, env = sys.argv[1:]
with open(f"{bundle}/config.json") as f:
    c = json.load(f)
c["root"] = {"path": f"{bundle}/rootfs", "readonly": True}
p = c["process"]
p["terminal"] = False
p["args"] = json.loads(args) or p["args"]
p["env"] = p.get("env", []) + json.loads(env)
p["noNewPrivileges"] = True
p["capabilities"] = {k: [] for k in ("bounding", "effective", "inheritable", "permitted", "ambient")}
p.pop("apparmorProfile", None)
c["hostname"] = name
mounts = [m for m in c["mounts"] if m["destination"] not in ("/tmp", "/work")]
mounts.append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
               "options": ["nosuid", "nodev", "mode=1777", "size=268435456"]})
mounts.append({"destination": "/work", "type": "bind", "source": workdir, "options": ["rbind", "rw"]})
linux = c["linux"]
linux.pop("seccomp", None)
namespaces = [{"type": t} for t in ("pid", "ipc", "uts", "mount")]
if mode == "sandbox":
    namespaces += [{"type": "network"}, {"type": "user"}]
    linux["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    linux["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    linux["maskedPaths"] = []
    linux["readonlyPaths"] = []
else:
    # the host's network namespace: sysfs cannot be mounted anew there, so it is bound read-only
    mounts = [m for m in mounts if m["destination"] != "/sys"]
    mounts.append({"destination": "/sys", "type": "bind", "source": "/sys", "options": ["rbind", "ro", "nosuid", "noexec", "nodev"]})
linux["namespaces"] = namespaces
linux.setdefault("resources", {})["memory"] = {"limit": 2 * 1024**3}
c["mounts"] = mounts
with open(f"{rundir}/config.json", "w") as f:
    json.dump(c, f, indent=1)
PY
}

# the render image renders a real scene through its sandbox; as the operator's render Job does, it says the
# container's cgroup (2 GB here) is the render's limit as a whole, since a non-root container can make none
render_scene() {
  local bundle rundir out
  bundle="$(bundle render userns)"
  rundir="$work/render"; out="$work/render-work"
  mkdir -p "$rundir" "$out/tmp" "$out/home" "$out/cache"  # as the job command makes them
  cat > "$out/scene.py" <<'PY'
from manim import *


class Squares(Scene):
    def construct(self):
        square = Square(color=BLUE)
        self.add(DecimalNumber(-2.5).to_corner(UR))  # drawn from the glyphs the image typeset
        self.play(Create(square))
        self.play(Transform(square, MathTex(r"x^2").scale(3)))
        self.wait(0.5)
PY
  chown -R 110001:110001 "$out"  # uid 10001 inside the user namespace
  runc_config render "$bundle" "$rundir" sandbox "$out" \
    '["python", "-m", "manimrender", "render", "/work/scene.py", "--quality", "low", "--out", "/work/scene.mp4"]' \
    '["MANIMRENDER_CGROUP=container"]'
  trap 'runc delete --force "mv-test-render-$$" >/dev/null 2>&1 || true' EXIT
  local start=$SECONDS status=0
  timeout 600 runc run --bundle "$rundir" "mv-test-render-$$" > "$work/render.out" 2> "$work/render.err" || status=$?
  echo "render: exit $status after $(( SECONDS - start )) s; result: $(tail -n 1 "$work/render.out")" >&2
  [ "$status" = 0 ] || { tail -n 20 "$work/render.err"; return 1; }
  python3 -c 'import json, sys; r = json.loads(sys.argv[1]); sys.exit(0 if r["outcome"] == "ok" else 1)' \
    "$(tail -n 1 "$work/render.out")" || return 1
  ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height -show_entries format=duration \
    -of default=noprint_wrappers=1 "$out/scene.mp4"
}
check "render: renders a scene through bubblewrap under runc (user namespace, read-only root, uid 10001)" \
  render_scene

# without the chart's render.sandbox settings (runc's masked /proc, no user namespace for the pod) bubblewrap
# cannot mount its own /proc: nothing runs, and the outcome says so (renders fail closed)
render_fails_closed() {
  local bundle rundir out id="mv-test-render-masked-$$"
  bundle="$(bundle render)"
  rundir="$work/render-masked"; out="$work/render-masked-work"
  mkdir -p "$rundir" "$out/tmp" "$out/home" "$out/cache"
  cp "$work/render-work/scene.py" "$out/scene.py" 2>/dev/null || echo 'from manim import *' > "$out/scene.py"
  chown -R 10001:10001 "$out"
  runc_config render "$bundle" "$rundir" service "$out" \
    '["python", "-m", "manimrender", "render", "/work/scene.py", "--quality", "low", "--out", "/work/scene.mp4"]' \
    '["MANIMRENDER_CGROUP=container"]'
  trap 'runc delete --force "'"$id"'" >/dev/null 2>&1 || true' EXIT
  local status=0
  timeout 300 runc run --bundle "$rundir" "$id" > "$work/render-masked.out" 2> "$work/render-masked.err" || status=$?
  echo "render with /proc masked: exit $status; result: $(tail -n 1 "$work/render-masked.out")" >&2
  [ ! -e "$out/scene.mp4" ] || { echo "a video was made"; return 1; }
  python3 -c 'import json, sys; sys.exit(0 if json.loads(sys.argv[1])["outcome"] == "sandbox_unavailable" else 1)' \
    "$(tail -n 1 "$work/render-masked.out")"
}
check "render: fails closed (sandbox_unavailable, no video) where /proc is masked (procMount: Default)" \
  render_fails_closed

# the codegen image answers a problem with the offline explainer and uploads the code with PUT
codegen_offline() {
  local bundle rundir out port
  bundle="$(bundle codegen)"
  rundir="$work/codegen"; out="$work/codegen-work"
  mkdir -p "$rundir" "$out"
  chown 10001:10001 "$out"
  port="$(free_port)"
  python3 - "$port" "$work/uploaded.py" > /dev/null 2>&1 <<'PY' &
import http.server, sys
port, path = int(sys.argv[1]), sys.argv[2]
class Put(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        with open(path, "wb") as f:
            f.write(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Put).serve_forever()
PY
  local server=$!
  # checks run in a subshell of their own: each cleans up after itself
  trap "kill $server 2>/dev/null; runc delete --force mv-test-codegen-$$ >/dev/null 2>&1 || true" EXIT
  runc_config codegen "$bundle" "$rundir" service "$out" '[]' \
    "[\"CODEGEN_PROBLEM_TEXT=Find the derivative of x^3 + 2x\", \"CODEGEN_CODE_PUT_URL=http://127.0.0.1:$port/code?X-Amz-Signature=test\", \"CODEGEN_RESULT_PATH=/work/result.json\"]"
  local status=0
  timeout 300 runc run --bundle "$rundir" "mv-test-codegen-$$" > "$work/codegen.out" 2>&1 || status=$?
  echo "codegen: exit $status; result: $(cat "$out/result.json" 2>/dev/null)" >&2
  [ "$status" = 0 ] || { tail -n 20 "$work/codegen.out"; return 1; }
  grep -q 'class .*(Scene)' "$work/uploaded.py" || { echo "no scene uploaded"; return 1; }
}
check "codegen: the offline explainer writes and uploads a scene, under runc (read-only root, uid 10001)" \
  codegen_offline

# a service starts, answers /healthz and stops within 10 s of SIGTERM
service_lifecycle() {
  local name="$1" env="$2" bundle rundir port id="mv-test-$1-$$"
  bundle="$(bundle "$name")"
  rundir="$work/$name"; mkdir -p "$rundir" "$work/$name-work"
  port="$(free_port)"
  runc_config "$name" "$bundle" "$rundir" service "$work/$name-work" '[]' \
    "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "HTTP_PORT=$port" $env)"
  trap 'runc delete --force "'"$id"'" >/dev/null 2>&1 || true' EXIT
  runc run --detach --bundle "$rundir" "$id" > "$work/$name.log" 2>&1 < /dev/null
  local deadline=$((SECONDS + 90)) answer=""
  until answer="$(curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null)"; do
    if [ $SECONDS -ge $deadline ] || ! runc state "$id" 2>/dev/null | grep -q '"status": "running"'; then
      echo "no /healthz answer"; tail -n 20 "$work/$name.log"; return 1
    fi
    sleep 1
  done
  echo "$name: /healthz answered $answer" >&2
  local start=$SECONDS
  runc kill "$id" TERM
  until ! runc state "$id" 2>/dev/null | grep -q '"status": "running"'; do
    if [ $((SECONDS - start)) -ge 10 ]; then echo "still running 10 s after SIGTERM"; tail -n 20 "$work/$name.log"; return 1; fi
    sleep 0.2
  done
  echo "$name: stopped $(( SECONDS - start )) s after SIGTERM" >&2
}
# No API server and no Redis: /healthz says only that the process answers (/readyz would wait for both). The
# operator makes sure of its bucket before it listens: a stand-in answers that the bucket is there.
storage_port="$(free_port)"
python3 - "$storage_port" > /dev/null 2>&1 <<'PY' &
import http.server, sys
class Bucket(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def do_GET(self):
        body = b'<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Bucket).serve_forever()
PY
pids+=($!)
check "operator: starts, answers /healthz, stops on SIGTERM (runc, read-only root, uid 10001)" service_lifecycle \
  operator "KUBERNETES_MASTER=https://127.0.0.1:9 STORAGE_ENDPOINT=http://127.0.0.1:$storage_port STORAGE_ACCESS_KEY=test STORAGE_SECRET_KEY=test"
check "ingress: starts, answers /healthz, stops on SIGTERM (runc, read-only root, uid 10001)" service_lifecycle \
  ingress "KUBERNETES_MASTER=https://127.0.0.1:9 REDIS_URL=redis://127.0.0.1:9 STORAGE_ENDPOINT=http://127.0.0.1:9 STORAGE_ACCESS_KEY=test STORAGE_SECRET_KEY=test"

if [ "$failures" -gt 0 ]; then
  echo "image tests: $failures failed" >&2
  exit 1
fi
echo "image tests: all passed" >&2
