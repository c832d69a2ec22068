#!/bin/sh
# dask-entrypoint: validate the container's configuration, then exec the command.
#
# Run by tini: ENTRYPOINT ["tini", "-g", "--", "dask-entrypoint"].
# Fails fast with one line "dask-entrypoint: error: ..." on stderr and an exit
# code >= 64 (sysexits.h) when the configuration cannot work:
#   64 usage / missing setting, 66 file missing or unreadable,
#   73 HOME not writable, 78 bad value.
# Installs nothing: everything is baked into the image.
set -eu

die() {
  code=$1
  shift
  printf 'dask-entrypoint: error: %s\n' "$*" >&2
  exit "$code"
}

[ "$#" -gt 0 ] || die 64 "no command given (expected e.g. 'dask scheduler', 'dask worker ...', 'jupyter lab')"

# --- role, from the command ---------------------------------------------------
role=""
jupyter_server=no
case "$1" in
  dask)
    case "${2:-}" in
      scheduler) role=SCHEDULER ;;
      worker) role=WORKER ;;
    esac
    ;;
  jupyter | jupyter-*)
    role=CLIENT
    case "$1 ${2:-}" in
      "jupyter lab" | "jupyter server" | "jupyter notebook" | jupyter-lab\ * | jupyter-server\ * | jupyter-notebook\ *)
        jupyter_server=yes
        ;;
    esac
    ;;
esac

# --- files named by the environment must exist and be readable -----------------
uid_gid="uid $(id -u) gid $(id -g)"
isset=""
file=""
for var in \
  DASK_DISTRIBUTED__COMM__TLS__CA_FILE \
  DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__CERT DASK_DISTRIBUTED__COMM__TLS__SCHEDULER__KEY \
  DASK_DISTRIBUTED__COMM__TLS__WORKER__CERT DASK_DISTRIBUTED__COMM__TLS__WORKER__KEY \
  DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY \
  JUPYTER_TOKEN_FILE; do
  eval "isset=\${$var+set}"
  [ "$isset" = set ] || continue
  eval "file=\${$var}"
  [ -n "$file" ] || die 64 "$var is set but empty (unset it or name a file)"
  if [ ! -e "$file" ]; then
    dir=$(dirname "$file")
    if [ -d "$dir" ] && ! [ -x "$dir" ]; then
      die 66 "$var=$file: directory $dir is not accessible by $uid_gid (check the mode/owner of the mount, fsGroup)"
    fi
    die 66 "$var=$file: no such file (is the secret mounted at $dir?)"
  fi
  [ -f "$file" ] || die 66 "$var=$file: not a regular file"
  [ -r "$file" ] || die 66 "$var=$file: not readable by $uid_gid (check the file mode / fsGroup of the mount)"
done

# --- TLS required: CA and this role's certificate and key ------------------------
encryption="${DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION:-}"
case "$encryption" in
  # as dask.config reads it: Python literals, or true/false/none/null in any case
  [Tt][Rr][Uu][Ee] | 1) encryption=yes ;;
  [Ff][Aa][Ll][Ss][Ee] | 0 | [Nn][Oo][Nn][Ee] | [Nn][Uu][Ll][Ll] | "") encryption=no ;;
  *) die 78 "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=$encryption: expected True or False" ;;
esac

if [ "$encryption" = yes ]; then
  [ -n "${DASK_DISTRIBUTED__COMM__TLS__CA_FILE:-}" ] ||
    die 64 "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=$DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION but DASK_DISTRIBUTED__COMM__TLS__CA_FILE is not set"
  if [ -n "$role" ]; then
    for part in CERT KEY; do
      var="DASK_DISTRIBUTED__COMM__TLS__${role}__${part}"
      eval "file=\${$var:-}"
      [ -n "$file" ] ||
        die 64 "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=$DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION but $var is not set (role $role)"
    done
  fi
  case "${DASK_SCHEDULER_ADDRESS:-}" in
    tcp://*) die 78 "DASK_SCHEDULER_ADDRESS=$DASK_SCHEDULER_ADDRESS uses tcp:// but encryption is required (use tls://)" ;;
  esac
  if [ "$role" = SCHEDULER ] || [ "$role" = WORKER ]; then
    for arg in "$@"; do
      case "$arg" in
        tcp://*) die 78 "argument $arg uses tcp:// but DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION is set (use tls://)" ;;
      esac
    done
  fi
fi

# --- Jupyter never runs without a token ------------------------------------------
if [ "$jupyter_server" = yes ]; then
  if [ -n "${JUPYTER_TOKEN+set}" ] && [ -z "$JUPYTER_TOKEN" ]; then
    die 64 "JUPYTER_TOKEN is set but empty (an empty token disables authentication)"
  fi
  if [ -z "${JUPYTER_TOKEN:-}" ]; then
    [ -n "${JUPYTER_TOKEN_FILE:-}" ] ||
      die 64 "JUPYTER_TOKEN and JUPYTER_TOKEN_FILE are both unset: Jupyter is never started without a token"
    [ -n "$(tr -d ' \t\r\n' <"$JUPYTER_TOKEN_FILE")" ] ||
      die 78 "JUPYTER_TOKEN_FILE=$JUPYTER_TOKEN_FILE is empty (an empty token disables authentication)"
  fi
fi

# --- HOME must be writable --------------------------------------------------------
[ -n "${HOME:-}" ] || die 64 "HOME is not set"
probe="$HOME/.dask-entrypoint-probe.$$"
if ! (: >"$probe") 2>/dev/null; then
  die 73 "HOME=$HOME is not writable by $uid_gid: mount a volume or tmpfs there (e.g. docker --tmpfs $HOME, or an emptyDir/PVC in Kubernetes)"
fi
rm -f "$probe"

# Files we create are group-writable (arbitrary UID with GID 0, e.g. OpenShift).
umask 0002

# `pip install --user` and PipInstall write to ~/.local; the user site directory
# must exist before the interpreter starts, or it is not put on sys.path and a
# package installed later cannot be imported without a restart.
python3 -c 'import os, site; os.makedirs(site.getusersitepackages(), exist_ok=True)' ||
  die 73 "cannot create the user site-packages directory under HOME=$HOME"

if [ "$role" = CLIENT ]; then
  # First start: copy the examples, never overwrite what the user has.
  if [ -d /opt/dask-cdktf/examples ] && [ ! -e "$HOME/examples" ]; then
    cp -R /opt/dask-cdktf/examples "$HOME/examples" ||
      printf 'dask-entrypoint: warning: could not copy examples into %s\n' "$HOME/examples" >&2
  fi
  # Dashboard links shown by the client and dask-labextension go through
  # jupyter-server-proxy (host must be in DASK_CDKTF_PROXY_HOSTS).
  if [ "$jupyter_server" = yes ] && [ -z "${DASK_DISTRIBUTED__DASHBOARD__LINK:-}" ]; then
    DASK_DISTRIBUTED__DASHBOARD__LINK='/proxy/{host}:{port}/status'
    export DASK_DISTRIBUTED__DASHBOARD__LINK
  fi
fi

exec "$@"
