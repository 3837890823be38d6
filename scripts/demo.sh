#!/usr/bin/env bash
# Install, start the demo's own PostgreSQL cluster (in var/postgres, on a unix socket only; see
# scripts/local_postgres.sh), migrate, seed the demo clinic and serve it on 127.0.0.1:8000 (Celery
# eager): the clinician dashboard at http://127.0.0.1:8000/, the API docs at /api/docs/, the admin
# at /admin/. DEMO_PORT serves on another port. Ctrl-C stops the server and the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
# The demo is the embedded default: nothing from the environment decides where data goes.
unset DATABASE_URL REDIS_URL STRIDE_ENV
port="${DEMO_PORT:-8000}"
py=.venv/bin/python

server=""
stop_all() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    scripts/local_postgres.sh stop || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

scripts/local_postgres.sh start
$py manage.py migrate --no-input -v0
$py manage.py seed_demo
# In the background, so that a signal to this script alone also stops the server and the cluster.
$py manage.py runserver "127.0.0.1:$port" &
server=$!
wait "$server"
