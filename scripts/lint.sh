#!/usr/bin/env bash
# Static checks: ruff (style, bugs, imports order) and import-linter (the app layering contracts
# in pyproject.toml). Installs what it needs first. Runs both and fails if either fails.
# Extra arguments go to ruff check (e.g. --statistics).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
status=0
echo "== ruff check"
.venv/bin/ruff check . "$@" || status=1
# lint-imports parses imports statically (no Django settings needed) and puts the current
# directory on sys.path itself, so running it from the repo root is enough to find the apps.
echo "== lint-imports"
.venv/bin/lint-imports || status=1
exit "$status"
