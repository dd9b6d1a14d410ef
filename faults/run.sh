#!/usr/bin/env bash
# Runs Rill's fault-injection suite (JUnit tag "faults", see docs/reliability.md) against the machine's
# PostgreSQL and Redis, as CI does:
#
#   bash faults/run.sh
#
# RILL_DB_URL and RILL_REDIS_URL default to CI's database (rill_test on 127.0.0.1:5432) and Redis (6379).
# Those services are only used, never stopped: the outage tests stop and start servers of their own (a private
# redis-server and, via initdb/pg_ctl, a private PostgreSQL 15 cluster; as root those run as the postgres user).
# Needs redis-server, redis-cli and /usr/lib/postgresql/15/bin (CI's .ci/run installs them).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export RILL_DB_URL="${RILL_DB_URL:-postgresql://rill:rill@127.0.0.1:5432/rill_test}"
export RILL_REDIS_URL="${RILL_REDIS_URL:-redis://127.0.0.1:6379}"

for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null 2>&1 || { echo "ERROR: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

echo "==> fault-injection suite (RILL_DB_URL=${RILL_DB_URL}, RILL_REDIS_URL=${RILL_REDIS_URL})"
exec ./mvnw -B -ntp -pl app verify -Pfaults "$@"
