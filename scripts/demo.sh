#!/usr/bin/env bash
# Install, migrate, seed the demo clinic and serve it on 127.0.0.1:8000 (SQLite, Celery eager):
# the clinician dashboard at http://127.0.0.1:8000/, the API docs at /api/docs/, the admin at /admin/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
# The demo is the embedded default: nothing from the environment decides where data goes.
unset DATABASE_URL REDIS_URL STRIDE_ENV
py=.venv/bin/python
$py manage.py migrate --no-input -v0
$py manage.py seed_demo
exec $py manage.py runserver 127.0.0.1:8000
