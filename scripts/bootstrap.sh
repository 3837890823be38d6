#!/usr/bin/env bash
# Creates .venv and installs the locked dependencies; re-installs only when a lock file changed.
# Usage: scripts/bootstrap.sh base|dev
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-dev}"
lock="requirements/${profile}.lock"
python="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=".venv/.installed-${profile}"
want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    # The machine-wide pip config may point at local mirrors that do not exist; hide that noise.
    .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r "$lock" 2> >(grep -v "is ignored: it is neither" >&2)
    echo "$want" > "$stamp"
fi
