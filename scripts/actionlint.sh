#!/usr/bin/env bash
# Lints the GitHub Actions workflows in .github/workflows with actionlint,
# pinned below. On first use (or when the pin changes) it is installed from
# the Go module proxy into .bench/bin (git-ignored). When the shellcheck
# binary is on PATH, actionlint checks every `run:` script with it too.
#
# Usage: scripts/actionlint.sh [actionlint options]
# Exit code: 0 clean, 1 findings, 2 or 3 actionlint could not run.
set -euo pipefail

ACTIONLINT_VERSION=1.7.12
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$root/.bench/bin"
actionlint="$bin_dir/actionlint"

installed_version() {
  [ -x "$actionlint" ] && "$actionlint" -version 2>/dev/null | head -n 1
}

if [ "$(installed_version || true)" != "v$ACTIONLINT_VERSION" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "actionlint.sh: Go is needed to install actionlint v$ACTIONLINT_VERSION (or put that binary at $actionlint)" >&2
    exit 2
  fi
  echo "actionlint.sh: installing actionlint v$ACTIONLINT_VERSION into ${bin_dir#"$root"/}" >&2
  mkdir -p "$bin_dir"
  GOBIN="$bin_dir" go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "actionlint.sh: shellcheck is not on PATH, so run: scripts are not checked" >&2
fi

cd "$root"
exec "$actionlint" "$@"
