#!/usr/bin/env bash
# make-base-image.sh — build a local stand-in for the official python slim image.
#
# Where no container registry is reachable (only Debian's and PyPI's mirrors),
# `docker pull python:3.12-slim-bookworm` fails. This script debootstraps a
# minimal Debian, installs its python3 + pip + ca-certificates, makes the
# interpreter behave the way images/dask/Dockerfile expects from the official
# image (`python`, `python3`, `pip` on PATH; `pip install` as root installs
# into /usr/local; `pip install --user` allowed, i.e. no EXTERNALLY-MANAGED
# marker) and imports the result as a docker image.
#
# Suite: Debian 13 "trixie" (python 3.13). Bookworm's python 3.11 is as close to
# 3.12 as trixie's 3.13, but dask 2026.x needs python >= 3.12, so only trixie can
# install the lock (which is compiled with --universal for that reason).
#
# Usage: scripts/make-base-image.sh            # skip if the image exists
#        FORCE=1 scripts/make-base-image.sh    # rebuild
# Env:   BASE_IMAGE (default dask-cdktf/base:local), DEBIAN_SUITE (default trixie),
#        DEBIAN_MIRROR (default: debootstrap's default mirror).
set -euo pipefail

IMAGE="${BASE_IMAGE:-dask-cdktf/base:local}"
SUITE="${DEBIAN_SUITE:-trixie}"
MIRROR="${DEBIAN_MIRROR:-}"
START=$(date +%s)

log() { printf 'make-base-image: %s\n' "$*" >&2; }

if [ "${FORCE:-0}" != "1" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE already exists (FORCE=1 to rebuild); skipping"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  log "error: debootstrap needs root"
  exit 1
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap debian-archive-keyring
fi

ROOTFS=$(mktemp -d /var/tmp/dask-cdktf-rootfs.XXXXXX)
chmod 0755 "$ROOTFS" # apt's _apt user must be able to enter it
LOG=/tmp/make-base-image.log
: >"$LOG"
cleanup() {
  umount "$ROOTFS/proc" 2>/dev/null || true
  umount "$ROOTFS/dev/pts" 2>/dev/null || true
  rm -rf --one-file-system "$ROOTFS"
}
trap cleanup EXIT

log "debootstrap $SUITE into $ROOTFS"
# shellcheck disable=SC2086  # MIRROR is intentionally optional (word may be empty)
debootstrap --variant=minbase \
  --include=python3,python3-pip,ca-certificates,passwd \
  "$SUITE" "$ROOTFS" $MIRROR >>"$LOG" 2>&1 || {
  log "error: debootstrap failed; last lines of $LOG:"
  tail -n 30 "$LOG" >&2
  exit 1
}

# Add the -updates and -security suites of the same mirror, then upgrade, so the
# stand-in carries current security fixes like the official image would.
main_uri=$(awk '$1 == "deb" { print $2; exit }' "$ROOTFS/etc/apt/sources.list")
security_uri="${main_uri%/debian}/debian-security"
cat >"$ROOTFS/etc/apt/sources.list" <<EOF
deb $main_uri $SUITE main
deb $main_uri $SUITE-updates main
deb $security_uri $SUITE-security main
EOF
cat >"$ROOTFS/etc/apt/apt.conf.d/90dask-cdktf" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF

mount -t proc proc "$ROOTFS/proc"
chroot "$ROOTFS" /bin/sh -euc '
  export DEBIAN_FRONTEND=noninteractive LC_ALL=C
  apt-get update -q
  apt-get -y -q upgrade
  apt-get clean
' >>"$LOG" 2>&1 || { log "error: apt-get upgrade failed; see $LOG"; tail -n 30 "$LOG" >&2; exit 1; }
umount "$ROOTFS/proc"

# Trust the same locally added CAs as this host (a TLS-inspecting proxy in front
# of the package registries, for instance), so that pip in image builds and in
# running containers can reach PyPI. Only this machine-local stand-in gets them.
# EXTRA_CA_DIR= (empty) to skip.
EXTRA_CA_DIR="${EXTRA_CA_DIR-/usr/local/share/ca-certificates}"
if [ -n "$EXTRA_CA_DIR" ] && ls "$EXTRA_CA_DIR"/*.crt >/dev/null 2>&1; then
  mkdir -p "$ROOTFS/usr/local/share/ca-certificates"
  cp "$EXTRA_CA_DIR"/*.crt "$ROOTFS/usr/local/share/ca-certificates/"
  chroot "$ROOTFS" update-ca-certificates >>"$LOG" 2>&1
  log "added host CA certificates from $EXTRA_CA_DIR: $(cd "$EXTRA_CA_DIR" && echo ./*.crt)"
fi

# Behave like the official python image: python/pip on PATH, pip allowed to
# install into /usr/local (root) and into ~/.local (--user).
chroot "$ROOTFS" /bin/sh -euc '
  ln -sf python3 /usr/bin/python
  [ -e /usr/bin/pip ] || ln -s pip3 /usr/bin/pip
  rm -f /usr/lib/python3*/EXTERNALLY-MANAGED
  python --version
  pip --version
'

# Slim it down: no apt lists, caches, logs, docs or man pages.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* \
  "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/* \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
  "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*
find "$ROOTFS" -name __pycache__ -type d -prune -exec rm -rf {} +
: >"$ROOTFS/etc/resolv.conf"
printf 'localhost\n' >"$ROOTFS/etc/hostname"

PYVER=$(chroot "$ROOTFS" python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
log "importing rootfs as $IMAGE (python $PYVER)"
tar -C "$ROOTFS" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL org.opencontainers.image.description=\"Local stand-in for python slim: Debian $SUITE + python $PYVER\"" \
  --change 'CMD ["python3"]' \
  - "$IMAGE" >/dev/null

log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')) in $(($(date +%s) - START)) s"
