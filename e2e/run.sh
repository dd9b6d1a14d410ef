#!/usr/bin/env bash
# Runs the end-to-end tests against the jar that `./mvnw package` (or `verify`) built; builds nothing itself.
#
#   bash e2e/run.sh          (after `npm ci` in e2e/)
#
# Starts Rill on a free port with the offline demo model (no LLM key), slow tokens so a reload lands mid-answer,
# and a short heartbeat; waits for /actuator/health; runs `node --test`; always stops Rill; exits non-zero on
# failure. Needs RILL_REDIS_URL, and a database:
#   - RILL_E2E_DB_URL if set, used as it is;
#   - else, as root (CI), the database `rill_e2e` next to RILL_DB_URL's, recreated with the vector extension;
#   - else RILL_DB_URL itself.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
E2E_DIR="$(pwd)"
REPO_DIR="$(cd .. && pwd)"

die() { printf 'e2e: ERROR: %s\n' "$*" >&2; exit 1; }
info() { printf 'e2e: %s\n' "$*"; }

[[ -d node_modules ]] || die "run 'npm ci' in e2e/ first"
: "${RILL_REDIS_URL:?set RILL_REDIS_URL}"

shopt -s nullglob
jars=()
for jar in "$REPO_DIR"/app/target/*.jar; do
  [[ "$jar" == *-plain.jar ]] || jars+=("$jar")
done
shopt -u nullglob
[[ ${#jars[@]} -eq 1 ]] || die "expected one runnable jar in app/target, found ${#jars[@]}: build it with ./mvnw -pl app package"
JAR="${jars[0]}"

# --- database ---------------------------------------------------------------------------------------------------
if [[ -n "${RILL_E2E_DB_URL:-}" ]]; then
  DB_URL="$RILL_E2E_DB_URL"
else
  : "${RILL_DB_URL:?set RILL_DB_URL or RILL_E2E_DB_URL}"
  DB_URL="$RILL_DB_URL"
  if [[ "$(id -u)" -eq 0 ]] && command -v runuser >/dev/null 2>&1; then
    # postgresql://user:password@host:port/database -> the same server and owner, database rill_e2e
    [[ "$RILL_DB_URL" =~ ^(postgresql://([^:@/]+)(:[^@]*)?@[^/:]+(:([0-9]+))?/)[^?]+ ]] \
      || die "cannot read RILL_DB_URL (expected postgresql://user:password@host:port/database)"
    DB_URL="${BASH_REMATCH[1]}rill_e2e"
    db_owner="${BASH_REMATCH[2]}"
    db_port="${BASH_REMATCH[5]:-5432}"
    info "recreating database rill_e2e (owner ${db_owner}) with the vector extension"
    pg_super() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$db_port" "$@"); }
    pg_super -d postgres -c 'DROP DATABASE IF EXISTS rill_e2e WITH (FORCE)' \
      -c "CREATE DATABASE rill_e2e OWNER \"${db_owner}\""
    pg_super -d rill_e2e -c 'CREATE EXTENSION IF NOT EXISTS vector'
  fi
fi

# --- Rill ---------------------------------------------------------------------------------------------------------
PORT="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
export RILL_URL="http://127.0.0.1:${PORT}"
LOG="${E2E_DIR}/rill.log"
info "starting $(basename "$JAR") on ${RILL_URL} (log: e2e/rill.log)"

RILL_PID=""
stop_rill() {
  if [[ -n "$RILL_PID" ]] && kill -0 "$RILL_PID" 2>/dev/null; then
    kill "$RILL_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$RILL_PID" 2>/dev/null || break
      sleep 1
    done
    kill -9 "$RILL_PID" 2>/dev/null || true
  fi
}
trap stop_rill EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# No LLM key: the offline demo model answers. Its tokens are slow enough that the browser test's reload lands
# mid-answer; the heartbeat is short so a follower sees one quickly. A key prefix of its own keeps this run's
# Redis keys (throttle counters among them) apart from any other user of the same Redis. Start-up is most of this
# stage's time, so the JIT stops at C1 and the OpenAPI document is not built up front (no test reads it).
env -u RILL_LLM_API_KEY RILL_DB_URL="$DB_URL" RILL_REDIS_URL="$RILL_REDIS_URL" \
  java -Xmx512m -XX:TieredStopAtLevel=1 -jar "$JAR" \
    --server.port="$PORT" \
    --springdoc.pre-loading-enabled=false \
    --rill.llm.offline.token-delay="${RILL_E2E_TOKEN_DELAY:-200ms}" \
    --rill.stream.heartbeat=1s \
    --rill.redis.key-prefix="rill-e2e-${PORT}-$$:" \
    --rill.auth.throttle.signups-per-address=1000 \
    >"$LOG" 2>&1 &
RILL_PID=$!

node --input-type=module -e "
const deadline = Date.now() + 300_000;
for (;;) {
  try {
    const response = await fetch('${RILL_URL}/actuator/health');
    if (response.ok) { console.log('e2e: Rill is up:', (await response.json()).status); break; }
  } catch {}
  try { process.kill(${RILL_PID}, 0); } catch { console.error('e2e: Rill exited during start-up'); process.exit(1); }
  if (Date.now() > deadline) { console.error('e2e: Rill did not become healthy in 300 s'); process.exit(1); }
  await new Promise((resolve) => setTimeout(resolve, 500));
}" || { tail -n 40 "$LOG" >&2; exit 1; }

# --- tests ------------------------------------------------------------------------------------------------------
mkdir -p screenshots
status=0
# The two files run side by side (each test within a file in turn): they use accounts of their own.
node --test --test-concurrency=2 tests/*.test.mjs || status=$?
if [[ $status -ne 0 ]]; then
  info "tests failed; the last lines of e2e/rill.log:"
  tail -n 30 "$LOG" >&2
fi
exit $status
