#!/usr/bin/env bash
# Debian packages the build, the tests and the local run need: Redis, Manim's native parts (ffmpeg,
# cairo, pango, a minimal TeX with dvisvgm), espeak-ng (audio description), fonts-noto-core (Noto Sans
# Devanagari and Arabic: the explainer's Hindi and Arabic words, as in the render image), tesseract-ocr with its
# Spanish and Arabic data (the end-to-end test reads the words on the explainer's frames), bubblewrap (the render
# sandbox), Chromium for the page test, wrk/hyperfine for benchmarks,
# and what builds and runs the images without a Docker engine: mmdebstrap (base images from Debian packages), buildah
# (builds the Dockerfiles), skopeo and umoci (OCI archives, unpacking), runc (runs them in the image tests); for the
# local node: gcc, libc6-dev and libseccomp-dev (runc with seccomp and the static pause binary are built here),
# iptables and iproute2 (its bridge, kube-proxy's rules), openssl (the kubelet's client certificate).
# Idempotent and quiet when everything is already there.
set -euo pipefail
PACKAGES=(redis-server ffmpeg texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended dvisvgm libcairo2-dev libpango1.0-dev pkg-config python3-dev
  espeak-ng fonts-noto-core tesseract-ocr tesseract-ocr-spa tesseract-ocr-ara bubblewrap chromium wrk hyperfine
  mmdebstrap buildah skopeo umoci runc curl
  gcc libc6-dev libseccomp-dev iptables iproute2 openssl)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
