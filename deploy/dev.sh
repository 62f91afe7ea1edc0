#!/usr/bin/env bash
# Set up Sift from a clean checkout and run it or its tests. Needs only Python 3.11+ (and apt for tests).
#   deploy/dev.sh run    create .venv, install Sift, start it on the embedded SQLite store (console)
#   deploy/dev.sh test   also install test tools and PostgreSQL if absent, then run the whole suite
# Extra arguments go to `sift run` or to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd="${1:-run}"; shift || true

PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  for cand in python3.13 python3.12 python3.11; do
    if command -v "$cand" >/dev/null 2>&1; then PY="$cand"; break; fi
  done
fi
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Sift needs Python 3.11 or newer" >&2; exit 1; }

venv() {
  if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv || {
      echo "python3 -m venv failed; on Debian/Ubuntu: apt-get install python3-venv" >&2; exit 1; }
  fi
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
}

pg_url="${SIFT_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"

pg_ready() {
  .venv/bin/python - "$pg_url" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3).close()
PY
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "need root to $*" >&2; return 1; fi; }

ensure_postgres() {
  pg_ready && return 0
  echo "PostgreSQL is not reachable at 127.0.0.1:5432; starting or installing it" >&2
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # A cluster we just installed for tests: trust local TCP logins, as the test server here does.
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
    done
  fi
  ver=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null \
    || as_root pg_ctlcluster "$ver" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  if ! pg_ready; then
    as_root su postgres -c "psql -qc \"select 1\"" >/dev/null 2>&1 || true
  fi
  db="${pg_url##*/}"
  as_root su postgres -c "psql -tAc \"select 1 from pg_database where datname='$db'\" | grep -q 1 || createdb '$db'" \
    >/dev/null 2>&1 || true
  pg_ready || { echo "PostgreSQL could not be started at $pg_url" >&2; exit 1; }
}

case "$cmd" in
  run)
    venv
    .venv/bin/python -m pip install --quiet -e . 
    exec .venv/bin/sift run "$@"
    ;;
  test)
    venv
    .venv/bin/python -m pip install --quiet -e '.[test]'
    ensure_postgres
    export SIFT_REQUIRE_POSTGRES=1 SIFT_TEST_POSTGRES_URL="$pg_url"
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: deploy/dev.sh run|test [args]" >&2; exit 2 ;;
esac
