#!/usr/bin/env bash
# schemathesis over every API operation (tests/fuzz), as a patient and as a clinician, on the
# test database: a fixed seed and FUZZ_EXAMPLES examples per operation (50 by default). Fails on
# any 5xx or any answer its OpenAPI description does not promise. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# One process: the figures printed at the end count every request (about 4 minutes on 2 cores).
export TEST_WORKERS="${TEST_WORKERS:-0}"
exec ./scripts/test.sh tests/fuzz -m fuzz -p no:randomly -q "$@"
