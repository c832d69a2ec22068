#!/usr/bin/env bash
# Policy scan of the synthesized Terraform JSON with checkov (pinned), as CI runs it.
#
#   scripts/checkov.sh                  synthesize every stack (npx cdktf synth), then scan them
#   scripts/checkov.sh --no-synth       scan what is already in the output directory
#   scripts/checkov.sh --output DIR     synthesize into / scan DIR instead of cdktf.out
#   scripts/checkov.sh --app CMD        synthesize with another app command (passed to cdktf synth --app)
#
# checkov lives in .venv/checkov (created on first use). Every cdktf.out/stacks/*/cdk.tf.json is
# passed explicitly with -f (framework terraform_json); skips are listed, each with its reason,
# in .checkov.yaml. Exits non-zero on any failed check, on a file checkov cannot parse, when no
# check was evaluated at all, or when no stack is found.
set -euo pipefail

CHECKOV_VERSION=3.3.30
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv/checkov"
OUTPUT=cdktf.out
SYNTH=yes
APP=()

while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-synth) SYNTH=no ;;
    --output)
      OUTPUT="${2:?--output needs a directory}"
      shift
      ;;
    --app)
      APP=(--app "${2:?--app needs a command}")
      shift
      ;;
    -h | --help)
      sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "checkov.sh: unknown argument $1 (see --help)" >&2
      exit 64
      ;;
  esac
  shift
done

cd "$ROOT"

if [ ! -x "$VENV/bin/checkov" ] || [ "$("$VENV/bin/checkov" --version 2>/dev/null)" != "$CHECKOV_VERSION" ]; then
  echo "checkov.sh: installing checkov $CHECKOV_VERSION into ${VENV#"$ROOT"/}" >&2
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi

if [ "$SYNTH" = yes ]; then
  # No telemetry calls from the cdktf CLI.
  CHECKPOINT_DISABLE=1 npx cdktf synth "${APP[@]}" --output "$OUTPUT" >&2
fi

shopt -s nullglob
stacks=("$OUTPUT"/stacks/*/cdk.tf.json)
if [ "${#stacks[@]}" -eq 0 ]; then
  echo "checkov.sh: no $OUTPUT/stacks/*/cdk.tf.json to scan (synthesize first, or drop --no-synth)" >&2
  exit 66
fi

files=()
for stack in "${stacks[@]}"; do
  echo "checkov.sh: scanning $stack" >&2
  files+=(-f "$stack")
done

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
# --skip-download: no calls to the vendor's platform (the checks are all in the package).
"$VENV/bin/checkov" --config-file .checkov.yaml --framework terraform_json --skip-download --compact --quiet \
  -o cli -o json --output-file-path "console,$report" "${files[@]}" || status=$?

# checkov exits 0 when it cannot parse a file: parsing errors fail the scan, and so does a scan
# that evaluated no check although the stacks hold resources checkov has checks for.
"$VENV/bin/python" - "$report" "${stacks[@]}" <<'PY' || status=1
import json, sys
reports = json.load(open(sys.argv[1]))
reports = reports if isinstance(reports, list) else [reports]
summaries = [r.get("summary", r) for r in reports]
errors = sum(s.get("parsing_errors", 0) for s in summaries)
evaluated = sum(s.get("passed", 0) + s.get("failed", 0) for s in summaries)
covered = 0
for stack in sys.argv[2:]:
    try:
        resources = json.load(open(stack)).get("resource", {})
    except ValueError as error:
        sys.exit(f"checkov.sh: {stack} is not valid JSON: {error}")
    covered += sum(len(r) for kind, r in resources.items() if kind.startswith(("kubernetes_", "google_")))
if errors or (covered and not evaluated):
    sys.exit(f"checkov.sh: {errors} parsing error(s), {evaluated} check(s) evaluated on {covered} Kubernetes/Google resources: the scan did not read the stacks")
PY
exit "$status"
