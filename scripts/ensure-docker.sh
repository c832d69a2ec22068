#!/usr/bin/env bash
# ensure-docker.sh — make sure a Docker engine answers on /var/run/docker.sock.
#
# On a fresh machine of the CI kind there is a docker client but no engine:
# install Debian's docker.io (as root) and start dockerd in the background.
# Where an engine already answers, this does nothing.
set -euo pipefail

log() { printf 'ensure-docker: %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  log "error: no Docker engine answers and starting one needs root; start Docker and retry"
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io from Debian"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >/dev/null
fi
log "starting dockerd"
nohup dockerd >/var/log/dask-cdktf-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine $(docker version --format '{{.Server.Version}}') is up"
    exit 0
  fi
  sleep 1
done
log "error: dockerd did not answer within 60 s; see /var/log/dask-cdktf-dockerd.log"
tail -n 20 /var/log/dask-cdktf-dockerd.log >&2 || true
exit 1
