#!/usr/bin/env bash
# The whole test suite, on the real PostgreSQL and Redis of this machine.
# Installs what it needs first. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/stride}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_SETTINGS_MODULE=config.settings
unset STRIDE_ENV
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" "$@"
