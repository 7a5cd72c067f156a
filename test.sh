#!/usr/bin/env bash
# Runs every FormFlow test on a fresh machine: restores, builds and tests the whole solution.
# It needs the official JSON-Schema-Test-Suite in ../shared/conformance beside this repository.
set -euo pipefail
cd "$(dirname "$0")"

suite="../shared/conformance/json-schema-test-suite/draft7"
if [ ! -d "$suite" ]; then
  echo "test.sh: the JSON Schema conformance suite is missing: $suite" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log="$(mktemp)"
# One EXIT trap for all cleanup; postgres_stop and smtp_stop exist only once their scripts have been sourced.
trap 'rm -f "$log"; if declare -F postgres_stop >/dev/null; then postgres_stop; fi; if declare -F smtp_stop >/dev/null; then smtp_stop; fi' EXIT

dotnet build FormFlow.sln -c Release
# The README's walk-through test runs its curl lines, and a slim Debian has no curl.
if ! command -v curl >/dev/null; then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           curl; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "test.sh: could not install curl from Debian's packages" >&2
    exit 1
  fi
fi
# The browser agreement tests run the browser's validator (tests/ajv) with Node.js; they install its packages with npm ci.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           nodejs npm; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "test.sh: could not install Node.js and npm from Debian's packages" >&2
    exit 1
  fi
fi
# The storage tests need a real PostgreSQL server: this installs and starts a throw-away one.
source tests/postgres.sh
# The delivery tests need a real SMTP server: this installs and starts Postfix's smtp-sink.
source tests/smtp.sh
set +e
dotnet test FormFlow.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line over every test assembly: "N passed, N failed".
# The console logger ends each assembly with "Total tests: N" and then "Passed: N", "Failed: N", "Skipped: N".
awk '
  /^Total tests:/ { inside = 1; next }
  inside && $1 == "Passed:"  { passed += $2; next }
  inside && $1 == "Failed:"  { failed += $2; next }
  inside && $1 == "Skipped:" { skipped += $2; next }
  { inside = 0 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
