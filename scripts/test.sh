#!/usr/bin/env bash
# The whole test suite, on the real PostgreSQL and Redis of this machine.
# Installs what it needs first. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
# The browser tests drive Debian's Chromium (Playwright never downloads one); install it if missing.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's Chromium for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }
fi
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/stride}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_SETTINGS_MODULE=config.settings
unset STRIDE_ENV
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-auto}" "$@"
