#!/usr/bin/env bash
# test-image.sh — build images/dask and test it in real containers (npm run test:image).
#
# Every container runs as it would in production: --read-only --tmpfs /tmp
# --cap-drop ALL --security-opt no-new-privileges --user 10001:10001, writable
# mounts only at /home/dask, /scratch (and /tmp), certificates read-only at
# /etc/dask/tls. Everything happens on a private docker network; nothing is
# published on the host. Each check prints "ok - ..." or "not ok - ...", the last
# line is "test-image: N passed, M failed". All containers, volumes and the
# network it made are removed on exit (also on failure or Ctrl-C).
#
# Env: IMAGE (default dask-cdktf/dask:test), BASE_IMAGE (default
#      dask-cdktf/base:local, made by make-base-image.sh when absent),
#      COLD_BUILD=0 to skip the --no-cache build (then only the cached build is timed),
#      KEEP=1 to leave the containers running for debugging.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE="${IMAGE:-dask-cdktf/dask:test}"
BASE_IMAGE="${BASE_IMAGE:-dask-cdktf/base:local}"
P="dctest-$$"                 # prefix of every container, volume and network we make
NET="$P-net"
SCHED="$P-scheduler"
W1="$P-worker-1"
W2="$P-worker-2"
JUP="$P-jupyter"
START_TS=$(date +%s)
PASSED=0
FAILED=0
COLD_BUILD_S="skipped"
CACHED_BUILD_S="n/a"
IMAGE_SIZE="n/a"
WORK=$(mktemp -d /tmp/dctest.XXXXXX)
chmod 0755 "$WORK"

say() { printf '# %s\n' "$*"; }
ok() { PASSED=$((PASSED + 1)); printf 'ok - %s\n' "$*"; }
not_ok() { FAILED=$((FAILED + 1)); printf 'not ok - %s\n' "$*"; }
dump_logs() {
  local name
  for name in "$@"; do
    printf '# ---- docker logs %s (last 40 lines) ----\n' "$name"
    docker logs --tail 40 "$name" 2>&1 | sed 's/^/#   /'
  done
}
check() { # check "description" command... : ok if the command succeeds
  local desc=$1
  shift
  if "$@" >"$WORK/check.out" 2>&1; then ok "$desc"; else
    not_ok "$desc"
    sed 's/^/#   /' "$WORK/check.out" | tail -n 20
    return 1
  fi
}

cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then
    say "KEEP=1: leaving containers with prefix $P (remove with: docker rm -f \$(docker ps -aq --filter name=$P-))"
    return
  fi
  local ids
  mapfile -t ids < <(docker ps -aq --filter "name=^/$P-")
  [ "${#ids[@]}" = 0 ] || docker rm -f "${ids[@]}" >/dev/null 2>&1
  mapfile -t ids < <(docker volume ls -q --filter "name=^$P-")
  [ "${#ids[@]}" = 0 ] || docker volume rm -f "${ids[@]}" >/dev/null 2>&1
  docker network rm "$NET" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Security flags every container gets, and the TLS environment per role.
SEC=(--read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges)
AS_DASK=(--user 10001:10001)
HOME_TMPFS=(--tmpfs "/home/dask:uid=10001,gid=10001") # docker tmpfs mounts are root-owned otherwise
TLS_ON=(-e DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=True -e DASK_DISTRIBUTED__COMM__TLS__CA_FILE=/etc/dask/tls/ca.crt)
tls_role() { # tls_role ROLE DIR -> mount + cert/key env for that role
  printf '%s\n' -v "$2:/etc/dask/tls:ro" \
    -e "DASK_DISTRIBUTED__COMM__TLS__$1__CERT=/etc/dask/tls/tls.crt" \
    -e "DASK_DISTRIBUTED__COMM__TLS__$1__KEY=/etc/dask/tls/tls.key"
}
mapfile -t SCHED_TLS < <(tls_role SCHEDULER "$WORK/tls/scheduler")
mapfile -t WORKER_TLS < <(tls_role WORKER "$WORK/tls/worker")
mapfile -t CLIENT_TLS < <(tls_role CLIENT "$WORK/tls/client")
TESTS=(-v "$ROOT/scripts/image-test:/tests:ro")

wait_healthy() { # wait_healthy TIMEOUT NAME... : poll docker's health status
  local timeout=$1 deadline name status
  shift
  deadline=$(($(date +%s) + timeout))
  for name in "$@"; do
    while :; do
      status=$(docker inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$name" 2>/dev/null)
      case "$status" in
        running/healthy) break ;;
        exited/* | dead/* | "") echo "$name is not running ($status)"; return 1 ;;
      esac
      if [ "$(date +%s)" -ge "$deadline" ]; then echo "$name not healthy after ${timeout}s ($status)"; return 1; fi
      sleep 1
    done
  done
}

run_tap() { # run_tap NAME TIMEOUT docker-run-args... : run a check container, count its ok/not ok lines
  local name="$P-$1" timeout=$2 rc out="$WORK/$1.out"
  shift 2
  timeout "$timeout" docker run --name "$name" "$@" >"$out" 2>&1
  rc=$?
  [ "$rc" = 124 ] && docker rm -f "$name" >/dev/null 2>&1
  grep -E '^(ok|not ok) - |^#' "$out"
  local p f
  p=$(grep -c '^ok - ' "$out")
  f=$(grep -c '^not ok - ' "$out")
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    not_ok "$name exited with $rc$([ "$rc" = 124 ] && echo " (timeout ${timeout}s)")"
    sed 's/^/#   /' "$out" | tail -n 30
  fi
  [ "$rc" = 0 ]
}

# ---------------------------------------------------------------------------
say "step 0: base image and builds"
"$ROOT/scripts/ensure-docker.sh" || { not_ok "a Docker engine answers"; exit 1; }
"$ROOT/scripts/make-base-image.sh" || { not_ok "make-base-image.sh"; exit 1; }
PYTHON_VERSION=$(docker run --rm --entrypoint python3 "$BASE_IMAGE" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
BUILD_ARGS=(--build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "PYTHON_VERSION=$PYTHON_VERSION" -t "$IMAGE")
# No buildx on this kind of machine: use the classic builder unless BuildKit is usable.
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0
OLD_ID=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
if [ "${COLD_BUILD:-1}" = 1 ]; then
  # Stale build-stage images of earlier runs (labelled in the Dockerfile) are of no use to a --no-cache build.
  docker image prune -f --filter label=io.dask-cdktf.stage=build >/dev/null 2>&1 || true
  t=$(date +%s)
  if docker build --no-cache "${BUILD_ARGS[@]}" "$ROOT/images/dask" >"$WORK/build-cold.log" 2>&1; then
    COLD_BUILD_S="$(($(date +%s) - t)) s"
    ok "cold build (--no-cache) in $COLD_BUILD_S"
  else
    not_ok "cold build"; tail -n 40 "$WORK/build-cold.log" | sed 's/^/#   /'; exit 1
  fi
fi
t=$(date +%s)
if docker build "${BUILD_ARGS[@]}" "$ROOT/images/dask" >"$WORK/build-cached.log" 2>&1; then
  CACHED_BUILD_S="$(($(date +%s) - t)) s"
  ok "cached build in $CACHED_BUILD_S"
else
  not_ok "cached build"; tail -n 40 "$WORK/build-cached.log" | sed 's/^/#   /'; exit 1
fi
NEW_ID=$(docker image inspect -f '{{.Id}}' "$IMAGE")
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$NEW_ID" ]; then docker rmi "$OLD_ID" >/dev/null 2>&1 || true; fi
IMAGE_SIZE=$(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')

# Facts about the image itself.
label() { docker image inspect -f "{{index .Config.Labels \"$1\"}}" "$IMAGE"; }
facts=$(timeout 60 docker run --rm "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "$IMAGE" python3 -c '
import importlib.metadata as m, sys, os
print("dask", m.version("dask")); print("distributed", m.version("distributed"))
print("jupyterlab", m.version("jupyterlab")); print("python", "%d.%d" % sys.version_info[:2])
print("pid1", open("/proc/1/comm").read().strip()); print("uid", os.getuid(), os.getgid())
' 2>&1)
for key in dask distributed jupyterlab python; do
  want=$(label "io.dask-cdktf.$key.version")
  have=$(awk -v k="$key" '$1 == k { print $2 }' <<<"$facts")
  if [ -n "$want" ] && [ "$want" = "$have" ]; then ok "label io.dask-cdktf.$key.version=$want matches the image"; else
    not_ok "label io.dask-cdktf.$key.version='$want' but the image has '$have'"; fi
done
for key in title description source licenses version; do
  if [ -n "$(label "org.opencontainers.image.$key")" ]; then ok "OCI label org.opencontainers.image.$key"; else
    not_ok "OCI label org.opencontainers.image.$key missing"; fi
done
if grep -qx 'pid1 tini' <<<"$facts"; then ok "tini is PID 1"; else not_ok "tini is not PID 1: $facts"; fi
if grep -qx 'uid 10001 10001' <<<"$facts" && [ "$(docker image inspect -f '{{.Config.User}}' "$IMAGE")" = 10001:10001 ]; then
  ok "default user is 10001:10001"; else not_ok "default user: $facts"; fi
# shellcheck disable=SC2016  # the script runs in the container
check "no compilers, apt lists or pip caches in the image; only 'dask' CLI names" \
  timeout 60 docker run --rm "${SEC[@]}" --user 0:0 --entrypoint sh "$IMAGE" -euc '
    for c in gcc cc c++ g++ make clang; do ! command -v "$c" || { echo "found $c"; exit 1; }; done
    [ -z "$(ls -A /var/lib/apt/lists)" ] || { echo "apt lists present"; exit 1; }
    for d in /root/.cache /home/dask/.cache /tmp/requirements.txt; do [ ! -e "$d" ] || { echo "$d present"; exit 1; }; done
    ls /usr/local/bin | grep "^dask" | grep -vxE "dask|dask-entrypoint|dask-healthcheck" && exit 1
    [ "$(stat -c %u:%g:%a /home/dask)" = 10001:0:775 ] && [ "$(stat -c %u:%g:%a /scratch)" = 10001:0:775 ] || { stat /home/dask /scratch; exit 1; }'

# ---------------------------------------------------------------------------
say "step 1: TLS material"
# This mirrors what the constructs get from the tls provider: one CA
# (tls_private_key ECDSA P256 + tls_self_signed_cert, is_ca_certificate) and per
# role a key and a certificate signed by it (tls_cert_request +
# tls_locally_signed_cert) whose DNS SANs are the container/service names, with
# both server_auth and client_auth EKUs (Dask uses mutual TLS both ways).
# Each role's directory holds only its own key. Files are owned by uid 10001
# (the container user), keys 0400: a bind mount keeps host modes and owners,
# so they must be right on the host (in Kubernetes: defaultMode + fsGroup).
make_tls() {
  local d="$WORK/tls" role
  mkdir -p "$d/ca" "$d/rogue-ca"
  cat >"$d/ext.cnf" <<'EOF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = ${ENV::SAN}
EOF
  for ca in ca rogue-ca; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/$ca/ca.key" 2>/dev/null &&
      SAN=DNS:x openssl req -x509 -new -key "$d/$ca/ca.key" -subj "/O=dask-cdktf test/CN=$ca" -days 2 \
        -config "$d/ext.cnf" -extensions ca -out "$d/$ca/ca.crt" 2>/dev/null || return 1
  done
  leaf() { # leaf DIR CA SAN CN
    mkdir -p "$1"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1/tls.key" 2>/dev/null &&
      openssl req -new -key "$1/tls.key" -subj "/O=dask-cdktf test/CN=$4" -out "$1/tls.csr" 2>/dev/null &&
      SAN="$3" openssl x509 -req -in "$1/tls.csr" -CA "$d/$2/ca.crt" -CAkey "$d/$2/ca.key" -CAcreateserial \
        -days 2 -extfile "$d/ext.cnf" -extensions leaf -out "$1/tls.crt" 2>/dev/null &&
      cp "$d/ca/ca.crt" "$1/ca.crt" && rm -f "$1/tls.csr"
  }
  leaf "$d/scheduler" ca "DNS:$SCHED,DNS:$P-sched-anyuid,DNS:localhost,IP:127.0.0.1" scheduler || return 1
  leaf "$d/worker" ca "DNS:$W1,DNS:$W2,DNS:localhost" worker || return 1
  leaf "$d/client" ca "DNS:$JUP,DNS:$P-client,DNS:localhost" client || return 1
  leaf "$d/rogue" rogue-ca "DNS:$P-rogue" rogue-client || return 1
  cp "$d/ca/ca.crt" "$d/rogue/ca.crt" # trusts the real CA, presents a foreign certificate
  mkdir -p "$d/nocert" && cp "$d/ca/ca.crt" "$d/nocert/ca.crt"
  # Jupyter token, next to the client certificate (JUPYTER_TOKEN_FILE).
  openssl rand -hex 24 | tr -d '\n' >"$d/client/jupyter-token"
  # Scheduler material for an arbitrary UID with GID 0 (step 9): group-0 readable.
  cp -r "$d/scheduler" "$d/scheduler-gid0"
  for role in scheduler worker client rogue nocert; do
    chown -R 10001:10001 "$d/$role"
    chmod 0500 "$d/$role"
    chmod 0444 "$d/$role"/*.crt
    chmod 0400 "$d/$role"/tls.key "$d/$role"/jupyter-token 2>/dev/null || true
  done
  # Same files, directory open to all, key 0400 for uid 10001: another uid cannot read it (step 8).
  cp -r "$d/scheduler" "$d/keymode"
  chmod 0755 "$d/keymode"
  chown -R 10001:0 "$d/scheduler-gid0"
  chmod 0550 "$d/scheduler-gid0"
  chmod 0440 "$d/scheduler-gid0"/*
  rm -rf "$d/ca/ca.key" "$d/rogue-ca/ca.key"
  openssl verify -CAfile "$d/ca/ca.crt" "$d/scheduler/tls.crt" "$d/worker/tls.crt" "$d/client/tls.crt" &&
    ! openssl verify -CAfile "$d/ca/ca.crt" "$d/rogue/tls.crt" >/dev/null 2>&1
}
check "CA, per-role certificates (ECDSA P-256, SANs = container names, server+client auth) and a foreign CA" make_tls || exit 1
TOKEN=$(cat "$WORK/tls/client/jupyter-token")

# ---------------------------------------------------------------------------
say "step 2: scheduler, two workers, JupyterLab"
docker network create "$NET" >/dev/null
docker run -d --name "$SCHED" --hostname "$SCHED" --network "$NET" "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" \
  "${TLS_ON[@]}" "${SCHED_TLS[@]}" --memory 2g \
  --health-cmd 'dask-healthcheck http://127.0.0.1:8787/health' --health-interval 2s --health-timeout 5s --health-retries 60 \
  "$IMAGE" dask scheduler --protocol tls --port 8786 --dashboard-address :8787 >/dev/null
worker() { # worker NAME
  docker run -d --name "$1" --hostname "$1" --network "$NET" "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" \
    -v "$1-scratch:/scratch" "${TLS_ON[@]}" "${WORKER_TLS[@]}" --memory 2g --cpus 1 \
    --health-cmd 'dask-healthcheck http://127.0.0.1:8790/health' --health-interval 2s --health-timeout 5s --health-retries 60 \
    "$IMAGE" dask worker "tls://$SCHED:8786" --worker-port 8788 --nanny-port 8789 --dashboard-address :8790 \
    --nthreads 2 --memory-limit 1GiB --local-directory /scratch --name "$1" >/dev/null
}
worker "$W1"
worker "$W2"
docker run -d --name "$JUP" --hostname "$JUP" --network "$NET" "${SEC[@]}" "${AS_DASK[@]}" -v "$JUP-home:/home/dask" \
  "${TLS_ON[@]}" "${CLIENT_TLS[@]}" -e "DASK_SCHEDULER_ADDRESS=tls://$SCHED:8786" \
  -e JUPYTER_TOKEN_FILE=/etc/dask/tls/jupyter-token -e "DASK_CDKTF_PROXY_HOSTS=$SCHED" --memory 2g \
  --health-cmd 'dask-healthcheck http://127.0.0.1:8888/api' --health-interval 2s --health-timeout 5s --health-retries 60 \
  "$IMAGE" jupyter lab >/dev/null
if check "scheduler, workers and JupyterLab healthy (docker health checks via dask-healthcheck)" \
  wait_healthy 120 "$SCHED" "$W1" "$W2" "$JUP"; then :; else
  dump_logs "$SCHED" "$W1" "$W2" "$JUP"
  exit 1
fi

# shellcheck disable=SC2016  # the script runs in the container
check "dask-healthcheck exits 1 on HTTP 404 and on a closed port" timeout 30 docker exec "$SCHED" sh -c '
  rc=0; dask-healthcheck http://127.0.0.1:8787/no-such-page 2 || rc=$?; [ "$rc" = 1 ] || exit 1
  rc=0; dask-healthcheck http://127.0.0.1:9/health 2 || rc=$?; [ "$rc" = 1 ]'

CLIENT_RUN=(--network "$NET" "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TLS_ON[@]}" "${CLIENT_TLS[@]}"
  -e "DASK_SCHEDULER_ADDRESS=tls://$SCHED:8786" "${TESTS[@]}" -w /tests)

# ---------------------------------------------------------------------------
say "step 3: computations over mutual TLS"
run_tap client 300 "${CLIENT_RUN[@]}" "$IMAGE" python compute.py || dump_logs "$SCHED" "$W1" "$W2"
docker rm -f "$P-client" >/dev/null 2>&1

# ---------------------------------------------------------------------------
say "step 4: refusals"
run_tap refusals 120 --network "$NET" "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TESTS[@]}" -w /tests \
  -v "$WORK/tls/rogue:/etc/dask/tls:ro" -v "$WORK/tls/client:/etc/dask/tls-client:ro" "$IMAGE" python refusals.py "tls://$SCHED:8786" "tcp://$SCHED:8786" || dump_logs "$SCHED"
check "scheduler still healthy after the refused connections" wait_healthy 10 "$SCHED"

# ---------------------------------------------------------------------------
say "step 5: HTTP endpoints"
run_tap http 120 --network "$NET" "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TESTS[@]}" -w /tests \
  -v "$WORK/tls/client:/etc/dask/tls:ro" "$IMAGE" python http_checks.py "$SCHED" "$JUP" "$W1" || dump_logs "$JUP" "$SCHED"
# shellcheck disable=SC2016  # the script runs in the container
check "JupyterLab's environment points dashboard links at the proxy (DASK_DISTRIBUTED__DASHBOARD__LINK)" \
  timeout 30 docker exec "$JUP" sh -c 'for p in /proc/[0-9]*; do
    if tr "\0" " " <"$p/cmdline" 2>/dev/null | grep -q "jupyter.lab"; then
      tr "\0" "\n" <"$p/environ" | grep -Fx "DASK_DISTRIBUTED__DASHBOARD__LINK=/proxy/{host}:{port}/status" && exit 0
    fi
  done; exit 1'
check "client.dashboard_link in JupyterLab is /proxy/$SCHED:8787/status" \
  timeout 60 docker exec -e 'DASK_DISTRIBUTED__DASHBOARD__LINK=/proxy/{host}:{port}/status' "$JUP" python -c "
from dask.distributed import Client
with Client(timeout='30s') as c:
    print(c.dashboard_link)
    assert c.dashboard_link == '/proxy/$SCHED:8787/status', c.dashboard_link"

# ---------------------------------------------------------------------------
say "step 6: kill a worker during a computation"
# First without Dask: a TLS peer that vanishes must not poison the OpenSSL error
# queue of the reading thread (python/cpython#148594; see
# images/dask/python/dask_cdktf_ssl_error_queue.py).
run_tap sslqueue 90 "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TESTS[@]}" -w /tests --network none \
  "$IMAGE" python ssl_error_queue.py
docker run -d --name "$P-killtest" "${CLIENT_RUN[@]}" "$IMAGE" python kill_worker.py >/dev/null
started=no
for _ in $(seq 1 90); do
  if docker logs "$P-killtest" 2>&1 | grep -q STARTED; then started=yes; break; fi
  [ "$(docker inspect -f '{{.State.Running}}' "$P-killtest")" = true ] || break
  sleep 1
done
if [ "$started" = yes ]; then
  docker kill "$W2" >/dev/null
  say "killed $W2 while tasks were running"
fi
rc=$(timeout 300 docker wait "$P-killtest" || echo timeout)
docker logs "$P-killtest" >"$WORK/killtest.out" 2>&1
grep -E '^(ok|not ok) - |^#' "$WORK/killtest.out"
PASSED=$((PASSED + $(grep -c '^ok - ' "$WORK/killtest.out")))
FAILED=$((FAILED + $(grep -c '^not ok - ' "$WORK/killtest.out")))
if [ "$started" != yes ] || [ "$rc" != 0 ]; then
  not_ok "kill-worker computation (started=$started, exit=$rc)"
  tail -n 30 "$WORK/killtest.out" | sed 's/^/#   /'
  dump_logs "$SCHED" "$W1"
fi
docker rm -f "$P-killtest" >/dev/null 2>&1
docker start "$W2" >/dev/null 2>&1
check "killed worker restarts and rejoins healthy" wait_healthy 120 "$W2" || dump_logs "$W2"

# ---------------------------------------------------------------------------
say "step 7: runtime installs without a writable root filesystem"
check "pip install --user in the running read-only JupyterLab container" \
  timeout 180 docker exec "$JUP" python -m pip install --user --quiet --no-warn-script-location humanize==4.17.0
check "the user-installed package imports afterwards (from ~/.local)" \
  timeout 60 docker exec "$JUP" python -c 'import humanize, sys; assert humanize.__file__.startswith("/home/dask/.local/"), humanize.__file__; print(humanize.__file__)'
docker exec -i "$JUP" sh -c 'cat >/tmp/dctest-pip-user.ipynb' <"$ROOT/scripts/image-test/pip_user.ipynb"
check "%pip install --user in a Jupyter kernel, then import in the same kernel" \
  timeout 240 docker exec "$JUP" jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=180 \
  --output dctest-pip-user.out.ipynb /tmp/dctest-pip-user.ipynb
run_tap pipinstall 300 "${CLIENT_RUN[@]}" "$IMAGE" python pipinstall_workers.py termcolor==3.3.0 termcolor ||
  dump_logs "$W1" "$W2"
docker rm -f "$P-pipinstall" >/dev/null 2>&1
check "example notebook (scikit-learn GridSearchCV/RandomizedSearchCV via the dask joblib backend) runs in JupyterLab" \
  timeout 420 docker exec "$JUP" jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=360 \
  --output-dir /tmp /home/dask/examples/sklearn_grid_search.ipynb
check "example script (joblib dask backend) runs in JupyterLab" \
  timeout 240 docker exec -w /home/dask/examples "$JUP" python joblib_dask_backend.py

# ---------------------------------------------------------------------------
say "step 8: the entrypoint fails fast on bad configuration"
entrypoint_fails() { # entrypoint_fails "desc" EXPECTED_TEXT docker-run-args... : non-zero within 20 s, names the problem
  local desc=$1 expect=$2 t rc
  shift 2
  t=$(date +%s)
  timeout 30 docker run --name "$P-badcfg" --network "$NET" "${SEC[@]}" "$@" >"$WORK/bad.out" 2>"$WORK/bad.err"
  rc=$?
  t=$(($(date +%s) - t))
  docker rm -f "$P-badcfg" >/dev/null 2>&1
  if [ "$rc" -ge 64 ] && [ "$rc" != 124 ] && [ "$t" -le 20 ] && grep -q "^dask-entrypoint: error: .*$expect" "$WORK/bad.err"; then
    ok "$desc (exit $rc in ${t}s: $(head -c 160 "$WORK/bad.err"))"
  else
    not_ok "$desc (exit $rc in ${t}s)"
    sed 's/^/#   /' "$WORK/bad.err" | tail -n 10
  fi
}
entrypoint_fails "worker with TLS required and the certificate file missing" DASK_DISTRIBUTED__COMM__TLS__WORKER__CERT \
  "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TLS_ON[@]}" -v "$WORK/tls/worker:/etc/dask/tls:ro" \
  -e DASK_DISTRIBUTED__COMM__TLS__WORKER__CERT=/etc/dask/tls/missing.crt -e DASK_DISTRIBUTED__COMM__TLS__WORKER__KEY=/etc/dask/tls/tls.key \
  "$IMAGE" dask worker "tls://$SCHED:8786"
entrypoint_fails "worker with TLS required and no certificate configured" DASK_DISTRIBUTED__COMM__TLS__WORKER__KEY \
  "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TLS_ON[@]}" -v "$WORK/tls/worker:/etc/dask/tls:ro" \
  -e DASK_DISTRIBUTED__COMM__TLS__WORKER__CERT=/etc/dask/tls/tls.crt "$IMAGE" dask worker "tls://$SCHED:8786"
entrypoint_fails "TLS directory not accessible (mounted for another uid)" "DASK_DISTRIBUTED__COMM__TLS__CA_FILE=.*not accessible" \
  --user 10002:10002 --tmpfs /home/dask:uid=10002 "${TLS_ON[@]}" "${SCHED_TLS[@]}" "$IMAGE" dask scheduler
entrypoint_fails "key not readable (owned by another uid, mode 0400)" "DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__KEY=.*not readable" \
  --user 10002:10002 --tmpfs /home/dask:uid=10002 "${TLS_ON[@]}" -v "$WORK/tls/keymode:/etc/dask/tls:ro" \
  -e DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__CERT=/etc/dask/tls/tls.crt -e DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__KEY=/etc/dask/tls/tls.key \
  "$IMAGE" dask scheduler
entrypoint_fails "tcp:// scheduler address while encryption is required" DASK_SCHEDULER_ADDRESS \
  "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TLS_ON[@]}" "${CLIENT_TLS[@]}" -e "DASK_SCHEDULER_ADDRESS=tcp://$SCHED:8786" \
  -e "JUPYTER_TOKEN=$TOKEN" "$IMAGE" jupyter lab
entrypoint_fails "jupyter without a token" JUPYTER_TOKEN "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "$IMAGE" jupyter lab
entrypoint_fails "HOME not writable" HOME= "${AS_DASK[@]}" "$IMAGE" dask scheduler
entrypoint_fails "ambiguous REQUIRE_ENCRYPTION value" DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION \
  "${AS_DASK[@]}" "${HOME_TMPFS[@]}" -e DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=yes "$IMAGE" dask scheduler

# ---------------------------------------------------------------------------
say "step 9: arbitrary UID with GID 0 (OpenShift)"
docker run -d --name "$P-sched-anyuid" --hostname "$P-sched-anyuid" --network "$NET" "${SEC[@]}" --user 123456:0 \
  --tmpfs /home/dask "${TLS_ON[@]}" -v "$WORK/tls/scheduler-gid0:/etc/dask/tls:ro" \
  -e DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__CERT=/etc/dask/tls/tls.crt -e DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__KEY=/etc/dask/tls/tls.key \
  --health-cmd 'dask-healthcheck http://127.0.0.1:8787/health' --health-interval 2s --health-timeout 5s --health-retries 60 \
  "$IMAGE" dask scheduler --protocol tls --port 8786 --dashboard-address :8787 >/dev/null
if check "scheduler runs as uid 123456 gid 0 (HOME on a root-group tmpfs)" wait_healthy 90 "$P-sched-anyuid"; then
  check "a TLS client computes on the uid-123456 scheduler" timeout 90 docker run --rm --name "$P-client-anyuid" \
    --network "$NET" "${SEC[@]}" "${AS_DASK[@]}" "${HOME_TMPFS[@]}" "${TLS_ON[@]}" "${CLIENT_TLS[@]}" \
    -e "DASK_SCHEDULER_ADDRESS=tls://$P-sched-anyuid:8786" "$IMAGE" \
    python -c 'from dask.distributed import Client; c = Client(timeout="30s"); print(c.scheduler_info()["address"]); assert c.scheduler_info()["address"].startswith("tls://")'
else
  dump_logs "$P-sched-anyuid"
fi

# ---------------------------------------------------------------------------
say "step 10: summary"
echo "image: $IMAGE ($IMAGE_SIZE, python $PYTHON_VERSION, base $BASE_IMAGE)"
echo "cold build: $COLD_BUILD_S"
echo "cached build: $CACHED_BUILD_S"
echo "total: $(($(date +%s) - START_TS)) s"
echo "test-image: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
