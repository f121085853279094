#!/usr/bin/env bash
# Builds the project's four images from their Dockerfiles without a Docker engine or a registry: buildah (rootful,
# chroot isolation) on base images the project makes from Debian packages (scripts/build-base-image.sh), and
# writes each as an OCI archive with its digest under ~/.cache/manim-video/images:
#   <name>-<key>.tar      the OCI archive, image name <registry>/<name>:<tag> inside (what the chart expects)
#   <name>-<key>.digest   its manifest digest (sha256:...)
#   <name>-<key>.size     its uncompressed size in bytes (the sum of its layers)
#   <name>.tar            a link to the newest archive of that image (the two newest of each are kept)
# The key hashes everything a build reads: the Dockerfile, the files it copies, the base image's digest and this
# script, so a second run with nothing changed only hashes (seconds), and a changed jar rebuilds only the images
# that copy it. Concurrent callers wait for one build (flock).
#
# Usage: scripts/build-images.sh [--maven] [render|operator|ingress|codegen ...]   (default: all four)
#   --maven  (re)make the jars first (mvn package + dependency:copy-dependencies into <module>/target/lib, as the
#            Dockerfiles expect); without it they are made only when missing.
# Environment:
#   IMAGE_REGISTRY   default ghcr.io/manim-video (helm/manim-video/values.yaml's image repositories)
#   IMAGE_TAG        default the chart's appVersion (the tag the chart uses when image.tag is empty)
#   MANIMVIDEO_CACHE cache root (default ~/.cache/manim-video)
# Push to a registry of one's own: skopeo copy oci-archive:<archive> docker://registry.example.org/<name>:<tag>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=lib/images.sh
. "$here/lib/images.sh"
cd "$root"

maven=false
wanted=()
for arg in "$@"; do
  case "$arg" in
    --maven) maven=true ;;
    render|operator|ingress|codegen) wanted+=("$arg") ;;
    *) echo "usage: $0 [--maven] [render|operator|ingress|codegen ...]" >&2; exit 2 ;;
  esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(render operator ingress codegen)
# codegen is built FROM the render image
for w in "${wanted[@]}"; do [ "$w" != codegen ] || wanted=(render "${wanted[@]}"); done
require_tools buildah skopeo mmdebstrap flock

registry="${IMAGE_REGISTRY:-ghcr.io/manim-video}"
tag="${IMAGE_TAG:-$(awk -F'"' '/^appVersion:/ { print $2 }' helm/manim-video/Chart.yaml)}"

# --- the jars the Java images copy -----------------------------------------------------------------------------
declare -A module=([operator]=operator [ingress]=ingress-api [codegen]=codegen)
declare -A jar=([operator]=videojob-operator [ingress]=ingress-api [codegen]=videojob-codegen)
maven_modules=()
for w in "${wanted[@]}"; do
  m="${module[$w]:-}"
  [ -n "$m" ] || continue
  if $maven || [ ! -d "$m/target/lib" ] || ! compgen -G "$m/target/${jar[$w]}-*.jar" >/dev/null; then
    maven_modules+=("$m")
  fi
done
if [ ${#maven_modules[@]} -gt 0 ]; then
  modules="$(IFS=,; echo "${maven_modules[*]}")"
  echo "images: making the jars of $modules (mvn package dependency:copy-dependencies)" >&2
  # target/lib afresh: copy-dependencies never deletes a jar a dependency change left behind
  for m in "${maven_modules[@]}"; do rm -rf "$m/target/lib"; done
  mvn -B -ntp -q -pl "$modules" -am -DskipTests package dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory=target/lib >&2
fi

# --- inputs and keys ---------------------------------------------------------------------------------------------
# The files each build reads from its context, as "sha256  path" lines (sorted, so the order is stable).
inputs() {
  case "$1" in
    render)
      (cd render-image && find Dockerfile requirements.txt build-ext.sh src/manimrender -type f ! -name '*.pyc' \
        ! -name '_auditfilter*.so' -print0 \
        | sort -z | xargs -0 sha256sum)
      (cd contracts && sha256sum limits.json progress-event.schema.json workload-result.schema.json) ;;
    *)
      local m="${module[$1]}"
      (cd "$m" && find Dockerfile target/lib "target/" -maxdepth 1 \( -name Dockerfile -o -name '*.jar' \) \
        -type f -print0 | sort -z | xargs -0 sha256sum) ;;
  esac
}

archive_of() { echo "$images_cache/$1-$2.tar"; }

# loads an archive into the store (after the store was deleted, say) under the given reference
ensure_in_store() {
  buildah_ inspect --type image "$2" >/dev/null 2>&1 \
    || buildah_ tag "$(buildah_ pull --quiet "oci-archive:$1")" "$2"
}

mkdir -p "$images_cache"
exec 9>"$images_cache/.lock-images"
flock 9

python_base="$("$here/build-base-image.sh" python)"
java_base="$("$here/build-base-image.sh" java)"
python_base_digest="$(cat "$images_cache/base-python-${python_base##*:}.digest")"
java_base_digest="$(cat "$images_cache/base-java-${java_base##*:}.digest")"

declare -A key digest seconds cached
summary=()
for name in render operator ingress codegen; do
  printf '%s\n' "${wanted[@]}" | grep -qx "$name" || continue
  build_args=()
  case "$name" in
    render)
      context=render-image
      base_digest="$python_base_digest"
      build_args=(--build-arg "BASE_IMAGE=$python_base" --build-context contracts=contracts)
      # pip must trust the CA of a TLS-inspecting proxy if there is one between here and PyPI: the machine's CA
      # bundle, as a build secret (mounted for the pip step only, in no layer; see the Dockerfile)
      for ca in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
        if [ -s "$ca" ]; then build_args+=(--secret "id=pip-ca,src=$ca"); break; fi
      done ;;
    codegen)
      context=codegen
      base_digest="${digest[render]} $java_base_digest"
      build_args=(--build-arg "RENDER_IMAGE=localhost/manim-video/render:${key[render]}"
        --build-arg "JRE_IMAGE=$java_base") ;;
    *)
      context="${module[$name]}"
      base_digest="$java_base_digest"
      build_args=(--build-arg "BASE_IMAGE=$java_base") ;;
  esac
  key[$name]="$( (cat "$0"; echo "$base_digest $registry $tag"; inputs "$name") | content_key)"
  archive="$(archive_of "$name" "${key[$name]}")"
  local_ref="localhost/manim-video/$name:${key[$name]}"
  ref="$registry/$name:$tag"
  start=$SECONDS
  if [ -f "$archive" ]; then
    cached[$name]=yes
    ensure_in_store "$archive" "$local_ref"
  else
    cached[$name]=no
    echo "images: building $ref from $context/Dockerfile (key ${key[$name]})" >&2
    tmp="$(mktemp -d "$images_cache/build.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    # --layers: a rebuild after a small change (a jar, the manimrender package) reuses every layer before it;
    # chroot isolation: no nested container runtime needed for RUN steps
    buildah_ bud --isolation chroot --layers --pull=never "${build_args[@]}" \
      -t "$local_ref" -t "$ref" -f "$context/Dockerfile" "$context" > >(sed -u "s/^/[$name] /" >&2)
    buildah_ push --quiet "$local_ref" "oci-archive:$tmp/image.tar:$ref"
    archive_digest "$tmp/image.tar" > "$tmp/digest"
    image_size "$local_ref" > "$tmp/size"
    mv "$tmp/digest" "${archive%.tar}.digest"
    mv "$tmp/size" "${archive%.tar}.size"
    mv "$tmp/image.tar" "$archive"
    rm -rf "$tmp"
    trap - EXIT
    # the two newest archives of each image are kept (going back one change is then instant), older ones deleted
    ls -t "$images_cache/$name"-????????????????.tar | tail -n +3 | while read -r old; do
      rm -f "$old" "${old%.tar}.digest" "${old%.tar}.size"
    done
  fi
  buildah_ tag "$local_ref" "$ref"
  ln -sfn "$(basename "$archive")" "$images_cache/$name.tar"
  digest[$name]="$(cat "${archive%.tar}.digest")"
  seconds[$name]=$(( SECONDS - start ))
  size_mb=$(( $(cat "${archive%.tar}.size") / 1000000 ))
  summary+=("$(printf '%-9s %-38s %6s MB %5s s%s  %s' "$name" "$ref" "$size_mb" "${seconds[$name]}" \
    "$([ "${cached[$name]}" = yes ] && echo ' (cached)' || echo '         ')" "${digest[$name]}")")
done

echo "images (uncompressed size, build time; archives in $images_cache):" >&2
printf '  %s\n' "${summary[@]}" >&2
