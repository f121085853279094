# Shared by scripts/build-base-image.sh, scripts/build-images.sh and scripts/test-images.sh (sourced, not run).
# The images live in a buildah store of the project's own under the cache, not in /var/lib/containers, so they
# neither meet nor disturb other users' images on a shared machine; the OCI archives beside it are the
# artifacts (what gets copied to a registry or imported into containerd).
#
# Environment: MANIMVIDEO_CACHE (default ~/.cache/manim-video), the cache root shared with the control plane.
images_cache="${MANIMVIDEO_CACHE:-$HOME/.cache/manim-video}/images"
images_store="$images_cache/store"

# buildah on the project's store. overlay: the kernel's overlayfs (rootful), much faster and smaller than vfs,
# which copies every layer in full.
buildah_() {
  buildah --root "$images_store/root" --runroot "$images_store/run" --storage-driver overlay "$@"
}

# first 16 hex digits of the sha256 of stdin: the cache keys
content_key() {
  sha256sum | cut -c1-16
}

# the manifest digest of an OCI archive (sha256:...)
archive_digest() {
  skopeo inspect --format '{{.Digest}}' "oci-archive:$1"
}

require_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "images: missing ${missing[*]} (Debian packages; scripts/install-system-deps.sh installs them)" >&2
    return 1
  fi
}

# an image's uncompressed size in bytes: the sum of its layers as the store holds them (diff sizes)
image_size() {
  buildah_ inspect --type image "$1" | python3 -c '
import json, sys
diff_ids = json.load(sys.stdin)["OCIv1"]["rootfs"]["diff_ids"]
with open(sys.argv[1]) as f:
    sizes = {layer.get("diff-digest"): layer.get("diff-size", 0) for layer in json.load(f)}
print(sum(sizes[d] for d in diff_ids))' "$images_store/root/overlay-layers/layers.json"
}
