#!/usr/bin/env bash
# Router accuracy on the labelled set: runs RoutingAccuracyTest and copies its table into docs/benchmarks.md,
# between the router markers.
#
#   loadtest/router-accuracy.sh          # the fast path (no model needed)
#   RILL_LLM_BASE_URL=… RILL_LLM_API_KEY=… RILL_LLM_MODEL=… loadtest/router-accuracy.sh llm
#                                        # also the LLM router, against that model
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BENCH_DOC="${BENCH_DOC:-$ROOT/docs/benchmarks.md}"

extra=()
if [[ "${1:-}" == "llm" ]]; then
    if [[ -z "${RILL_LLM_API_KEY:-}" ]]; then
        echo "router-accuracy.sh llm needs RILL_LLM_API_KEY (and RILL_LLM_BASE_URL, RILL_LLM_MODEL) for a real model" >&2
        exit 2
    fi
    extra=(-Drill.routing.llm=true)
fi

./mvnw -B -q -pl app test -Dtest=RoutingAccuracyTest -Dsurefire.failIfNoSpecifiedTests=false "${extra[@]}"

table="$ROOT/app/target/routing-accuracy.md"
llm="$ROOT/app/target/routing-accuracy-llm.md"
{
    echo "Measured by \`loadtest/router-accuracy.sh ${1:-}\` on $(date -u +%Y-%m-%d), $(nproc) cores."
    echo
    cat "$table"
    if [[ -f "$llm" && "${1:-}" == "llm" ]]; then
        echo
        echo "| router | decides | accuracy | time per message |"
        echo "|---|---|---|---|"
        cat "$llm"
    fi
} >"$ROOT/app/target/router-section.md"

python3 - "$BENCH_DOC" "$ROOT/app/target/router-section.md" <<'PY'
import sys, re
doc, section = sys.argv[1], open(sys.argv[2]).read().strip()
text = open(doc).read()
start, end = "<!-- router:start -->", "<!-- router:end -->"
if start not in text or end not in text:
    sys.exit(f"{doc} has no router markers")
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(head + start + "\n" + section + "\n" + end + tail)
PY
echo "router table written to $BENCH_DOC"
