#!/usr/bin/env bash
# The demo's own PostgreSQL cluster, in var/postgres of the checkout (or $STRIDE_PG_DIR; a relative
# path is taken from the checkout). It listens only on a unix socket in <dir>/run, never on TCP,
# so it cannot clash with another server. Superuser `stride`, trust authentication, database
# `stride`. Logs go to <dir>/log.
# Usage: scripts/local_postgres.sh start|stop|status
#   start   creates the cluster on first use, starts it and creates the database (idempotent)
#   stop    stops it if it runs
#   status  prints "running" or "stopped" (exit status 0 or 3)
set -euo pipefail
cd "$(dirname "$0")/.."

pg_dir="${STRIDE_PG_DIR:-var/postgres}"
case "$pg_dir" in /*) ;; *) pg_dir="$PWD/$pg_dir" ;; esac
data="$pg_dir/data"
run="$pg_dir/run"
log="$pg_dir/log"

die() { echo "local_postgres: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, its programs run as the `postgres` system user.
as_root=false
[ "$(id -u)" = 0 ] && as_root=true

pg() {
    # Runs a PostgreSQL program from outside the checkout, so an unreadable working directory
    # never matters to the postgres user.
    if $as_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

find_bindir() {
    local initdb pg_ctl dir
    initdb="$(command -v initdb || true)"
    pg_ctl="$(command -v pg_ctl || true)"
    if [ -n "$initdb" ] && [ -n "$pg_ctl" ]; then
        dirname "$(readlink -f "$pg_ctl")"
        return
    fi
    if command -v pg_config >/dev/null; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    done
}

bindir="$(find_bindir)"
tool() {
    # A PostgreSQL program from the same installation as pg_ctl, else from PATH.
    if [ -n "$bindir" ] && [ -x "$bindir/$1" ]; then echo "$bindir/$1"; else command -v "$1"; fi
}

install_postgresql() {
    if [ -n "$bindir" ]; then return; fi
    if $as_root && command -v apt-get >/dev/null; then
        echo "Installing Debian's PostgreSQL for the demo database"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq postgresql >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; }
        bindir="$(find_bindir)"
    fi
    [ -n "$bindir" ] || die "PostgreSQL's server programs (initdb, pg_ctl) are not installed."
}

running() {
    [ -n "$bindir" ] && [ -f "$data/PG_VERSION" ] \
        && pg "$(tool pg_ctl)" status -D "$data" >/dev/null 2>&1
}

prepare_dirs() {
    mkdir -p "$pg_dir"
    if $as_root; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user."
        chown postgres:postgres "$pg_dir"
        pg test -w "$pg_dir" || die "the postgres user cannot reach $pg_dir;" \
            "set STRIDE_PG_DIR to a directory it can reach."
    fi
    pg mkdir -p "$run" "$log"
    pg chmod 700 "$run"
}

write_conf() {
    # Re-written on every start, so a moved checkout still gets its own socket directory.
    case "$run" in *[\'\",]*) die "the path $run must not contain quotes or commas." ;; esac
    printf "%s\n" \
        "# Written by scripts/local_postgres.sh on each start." \
        "listen_addresses = ''" \
        "unix_socket_directories = '\"$run\"'" \
        | pg tee "$data/stride.conf" >/dev/null
}

start() {
    install_postgresql
    prepare_dirs
    if [ ! -f "$data/PG_VERSION" ]; then
        pg "$(tool initdb)" -D "$data" -A trust -U stride -E UTF8 --no-sync \
            >"$log/initdb.log" 2>&1 </dev/null \
            || { cat "$log/initdb.log" >&2; die "initdb failed (log: $log/initdb.log)."; }
        echo "include_if_exists = 'stride.conf'" | pg tee -a "$data/postgresql.conf" >/dev/null
    fi
    if ! running; then
        write_conf
        pg "$(tool pg_ctl)" start -D "$data" -w -s -l "$log/postgresql.log" >/dev/null </dev/null \
            || { tail -n 20 "$log/postgresql.log" >&2
                 die "the cluster did not start (log: $log/postgresql.log)."; }
    fi
    local exists
    exists="$(pg "$(tool psql)" -X -q -h "$run" -U stride -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'stride'")"
    if [ "$exists" != 1 ]; then
        pg "$(tool createdb)" -h "$run" -U stride stride
    fi
}

stop() {
    if running; then
        pg "$(tool pg_ctl)" stop -D "$data" -w -s -m fast >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if running; then echo running; else echo stopped; exit 3; fi ;;
    *) echo "Usage: $0 start|stop|status" >&2; exit 2 ;;
esac
