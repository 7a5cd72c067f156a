#!/usr/bin/env bash
# Regenerates THIRD-PARTY-NOTICES.md from the restore's own data (project.assets.json, .nuspec files, the web app's package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.." && dotnet restore FormFlow.sln -v q && dotnet run --project tests/FormFlow.ThirdPartyNotices -c Release -- .
