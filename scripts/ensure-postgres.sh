#!/usr/bin/env bash
# The tests use the machine's PostgreSQL (127.0.0.1:5432, trust auth): start the local cluster if it is down.
set -euo pipefail
if [ -n "${CDS_TEST_DATABASE_URL:-}" ]; then exit 0; fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
fi
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
  sleep 1
done
echo "PostgreSQL is not reachable on 127.0.0.1:5432 (set CDS_TEST_DATABASE_URL to another server)" >&2
exit 1
