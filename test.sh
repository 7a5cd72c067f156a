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
trap 'rm -f "$log" "${vitest:-}"; if declare -F postgres_stop >/dev/null; then postgres_stop; fi; if declare -F smtp_stop >/dev/null; then smtp_stop; fi' EXIT

# Node.js builds the web pages (dotnet build runs npm ci and Vite) and runs the pages' own validator in the agreement
# tests (designer-api/web/scripts/verdicts.mjs, over the packages that npm ci installed); it must be there before the build.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           nodejs npm; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "test.sh: could not install Node.js and npm from Debian's packages" >&2
    exit 1
  fi
fi
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
# The browser tests drive Debian's Chromium (never a browser of Playwright's own); CJK fonts let it draw Chinese.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           chromium fonts-noto-cjk; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "test.sh: could not install chromium and fonts-noto-cjk from Debian's packages" >&2
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
# The web pages' unit tests (Vitest); dotnet build has installed their packages.
vitest="$(mktemp)"
(cd designer-api/web && npm test -- --reporter=default --reporter=json --outputFile.json="$vitest")
web_status=$?
set -e
if [ "$web_status" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=$web_status
fi

# One plain closing line over every test assembly and the web pages' tests: "N passed, N failed".
# The console logger ends each assembly with "Total tests: N" and then "Passed: N", "Failed: N", "Skipped: N";
# Vitest's JSON report counts its own (a run that could not start counts as one failure).
web_counts="$(node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);
  } catch { console.log(0, 1, 0); }
' "$vitest")"
rm -f "$vitest"
awk -v web="$web_counts" '
  /^Total tests:/ { inside = 1; next }
  inside && $1 == "Passed:"  { passed += $2; next }
  inside && $1 == "Failed:"  { failed += $2; next }
  inside && $1 == "Skipped:" { skipped += $2; next }
  { inside = 0 }
  END {
    split(web, w, " ")
    printf "%d passed, %d failed, %d skipped\n", passed + w[1], failed + w[2], skipped + w[3]
  }
' "$log"
# CI shows the end of this output: the failed tests' names and messages are repeated here, where they are read.
awk '
  /^  Failed / { shown = 1; count++; print; next }
  shown && /^  Stack Trace:/ { shown = 0; next }
  shown && /^  (Passed|Skipped) / { shown = 0; next }
  shown && lines++ < 40 * count { print }
' "$log"
exit "$status"
