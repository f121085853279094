#!/usr/bin/env bash
# Builds a base image from Debian packages, for machines that reach no container registry (no Docker Hub, no
# ghcr): mmdebstrap makes a minimal Debian 12 (bookworm) root file system from the Debian mirror this machine's
# apt already uses, and buildah turns it into an OCI image. Two flavours, the two kinds of base the Dockerfiles
# start from:
#   python  Python 3.11 with venv/ensurepip (python:3.11-slim-bookworm's place; `python` is python3.11)
#   java    a Java 17 runtime, Debian's openjdk-17-jre-headless (eclipse-temurin:17-jre's place)
#
# Usage: scripts/build-base-image.sh python|java
# Prints the image reference (localhost/manim-video/base-<flavour>:<key>, in the project's buildah store) as
# the last line of its output. Writes, under ~/.cache/manim-video/images:
#   base-<flavour>-<key>.tar       the OCI archive
#   base-<flavour>-<key>.digest    its manifest digest
#   base-<flavour>-<key>.packages  every Debian package and version in it (dpkg-query): what pins it, since
#                                  the mirror moves on; compare two of these files to see what a rebuild changed
# The key is this script, the shared helpers and the mirror lines, so an unchanged script reuses the archive (a
# cached run takes about a second); concurrent callers wait for one build (flock). To take newer Debian
# updates, delete the archive or set BASE_IMAGE_REFRESH (any value goes into the key, e.g. a date).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/images.sh
. "$here/lib/images.sh"

flavour="${1:-}"
case "$flavour" in
  # python-is-python3: the Dockerfiles call `python`, as on the official image
  python) packages=(python3.11 python3.11-venv python-is-python3 ca-certificates netbase) ;;
  java) packages=(openjdk-17-jre-headless ca-certificates netbase) ;;
  *) echo "usage: $0 python|java" >&2; exit 2 ;;
esac
require_tools mmdebstrap buildah skopeo

# The mirror apt uses here (deb.debian.org, or a local mirror/proxy): the only place packages can come from.
mirror_uri() {
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^[[:space:]]*#' | grep -oE "(https?|file)://[^ ]+/$1/?( |$)" | head -n1 | tr -d ' ' || true
}
debian="${DEBIAN_MIRROR:-$(mirror_uri debian)}"; debian="${debian:-http://deb.debian.org/debian}"
security="${DEBIAN_SECURITY_MIRROR:-$(mirror_uri debian-security)}"
security="${security:-http://deb.debian.org/debian-security}"
sources=("deb $debian bookworm main" "deb $debian bookworm-updates main" "deb $security bookworm-security main")

key="$( (cat "$0" "$here/lib/images.sh" "$here/lib/apt-docker-clean.conf"; printf '%s\n' "$flavour" "${sources[@]}" "${BASE_IMAGE_REFRESH:-}") \
  | content_key)"
name="base-$flavour-$key"
archive="$images_cache/$name.tar"
ref="localhost/manim-video/base-$flavour:$key"

in_store() { buildah_ inspect --type image "$ref" >/dev/null 2>&1; }

if [ ! -f "$archive" ] || ! in_store; then
  mkdir -p "$images_cache"
  exec 9>"$images_cache/.lock-base-$flavour"
  flock 9
  if [ ! -f "$archive" ]; then
    start=$SECONDS
    echo "base image $flavour: mmdebstrap from $debian (${packages[*]})" >&2
    tmp="$(mktemp -d "$images_cache/base.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    # minbase: Essential packages and apt, nothing else (as debian:bookworm-slim). The dpkg and apt settings
    # stay in the image, so what the Dockerfiles install later is slim too:
    #  - no manual pages, documentation (but copyright) or translations, as the slim images;
    #  - apt deletes the .deb files after installing and fetches no translations, as the official images'
    #    docker-clean (lib/apt-docker-clean.conf; set at the end: mmdebstrap itself needs the .deb files), so
    #    no package cache ends up in a layer (nor apt's own binary caches, removed at the end).
    # /usr/share/man/man1 must exist even though no manual page is kept: openjdk's postinst registers its
    # alternatives' manual pages there (the usual mkdir of slim Java images)
    # mmdebstrap hands apt a pipe's file descriptor for a hook that dash runs as `cat >&N`; dash reads only one
    # digit there ("Bad fd number"), so every descriptor the caller left open (a flock wrapper's, a CI runner's)
    # would push N past 9 and fail the build: mmdebstrap runs with only stdin, stdout and stderr
    (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec mmdebstrap --variant=minbase --mode=root --format=tar \
      --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
      --include="$(IFS=,; echo "${packages[*]}")" \
      --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-include=/usr/share/locale/locale.alias' \
      --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      --customize-hook='cp "'"$here/lib/apt-docker-clean.conf"'" "$1/etc/apt/apt.conf.d/docker-clean"' \
      --customize-hook='rm -f "$1"/var/cache/apt/*.bin' \
      --customize-hook='chroot "$1" dpkg-query -W -f "\${Package} \${Version}\n" > "'"$tmp"'/packages"' \
      bookworm "$tmp/rootfs.tar" "${sources[@]}" >&2
    )

    # the root file system becomes the image's one layer; the config says what the official bases say
    ctr="$(buildah_ from --pull=never scratch)"
    trap 'buildah_ rm "$ctr" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
    buildah_ add "$ctr" "$tmp/rootfs.tar" / >/dev/null
    buildah_ config --env LANG=C.UTF-8 \
      --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --label "io.manimvideo.base=debian-bookworm-$flavour" \
      --label "io.manimvideo.base.packages-sha256=$(sha256sum < "$tmp/packages" | cut -d' ' -f1)" \
      "$ctr"
    if [ "$flavour" = java ]; then
      buildah_ config --env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 --cmd '["jshell"]' "$ctr"
    else
      buildah_ config --cmd '["python"]' "$ctr"
    fi
    buildah_ commit --quiet --rm "$ctr" "$ref" >/dev/null
    buildah_ push --quiet "$ref" "oci-archive:$tmp/image.tar:$ref" >&2
    archive_digest "$tmp/image.tar" > "$tmp/digest"
    mv "$tmp/packages" "$images_cache/$name.packages"
    mv "$tmp/digest" "$images_cache/$name.digest"
    mv "$tmp/image.tar" "$archive"
    rm -rf "$tmp"
    trap - EXIT
    echo "base image $flavour: built in $(( SECONDS - start )) s, $(wc -l < "$images_cache/$name.packages") packages, $(cat "$images_cache/$name.digest")" >&2
  elif ! in_store; then
    # the archive is the artifact; the store (e.g. after it was deleted) is refilled from it
    buildah_ tag "$(buildah_ pull --quiet "oci-archive:$archive")" "$ref"
  fi
fi
echo "$ref"
