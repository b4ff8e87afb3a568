#!/usr/bin/env bash
# Two backend processes on one PostgreSQL behave as one portal. Starts a throwaway PostgreSQL
# (Debian's), the local OIDC provider and two real backends on different ports sharing the
# database, the service key and the session secret, against the local cluster; then checks:
#   - scheduled work runs once across both: the cost sampler (every 15 s here) samples once per
#     interval, not once per replica (distinct sample times in the shared database over a window);
#   - search uses PostgreSQL (its index is in the database, not in memory);
#   - (Playwright, Chromium) a session signed in on one replica works on the other, and a signal
#     published by one reaches a browser connected to the other (e2e/replicas/);
#   - (e2e/replicas/zz-backend-killed) a backend SIGKILLed mid-create and mid-template-run, then
#     restarted: nothing half-made, the task ends failed with a clear error, the same request converges.
# Used by scripts/test.sh; exits non-zero on failure.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$(dirname "${BASH_SOURCE[0]}")/replicas.sh"
cd "$SLIPWAY_ROOT"

trap stop_replicas EXIT
trap "exit 143" TERM INT HUP
[[ -n "${KUBECONFIG:-}" || -n "${SLIPWAY_CLUSTER_SERVER:-}" ]] || ensure_cluster
start_replicas

psql_in() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U slipway -At -d "$1" -c "$2"; }
failed=0

# Search: the PostgreSQL engine keeps its index in the search plugin's database.
if psql_in backstage_plugin_search "select 1 from information_schema.tables where table_name = 'documents'" | grep -qx 1; then
  log "search: the index is in PostgreSQL (backstage_plugin_search.documents)"
else
  echo "search does not use PostgreSQL: no documents table in backstage_plugin_search"; failed=1
fi

# Scheduled work once across replicas: with both up, count the cost sampler's runs over 75 s.
window=75
interval=15
grep -q "sampleIntervalMinutes: 0.25" app-config.e2e.yaml || die "app-config.e2e.yaml no longer samples costs every 15 s; update this test's interval"
from="$(date -u +%Y-%m-%dT%H:%M:%S)"
sleep "$window"
to="$(date -u +%Y-%m-%dT%H:%M:%S)"
runs="$(psql_in backstage_plugin_idp-costs "select count(distinct at) from cost_samples where at >= '$from' and at < '$to'")"
most=$(( window / interval + 1 ))
log "cost sampler: $runs runs in ${window}s with two replicas (one replica: at most $most)"
if [[ "$runs" -lt 2 ]]; then echo "the cost sampler did not run ($runs runs in ${window}s); see the logs"; failed=1; fi
if [[ "$runs" -gt "$most" ]]; then echo "the cost sampler ran on both replicas: $runs runs in ${window}s, at most $most expected"; failed=1; fi

# The backend-kill spec (zz-backend-killed) runs last: it SIGKILLs the replicas by process group
# (replica_pids: the OIDC provider, then A, then B) and restarts them itself.
SLIPWAY_REPLICA_A="http://localhost:$port_a" SLIPWAY_REPLICA_B="http://localhost:$port_b" \
  SLIPWAY_REPLICA_A_PGID="${replica_pids[1]}" SLIPWAY_REPLICA_B_PGID="${replica_pids[2]}" SLIPWAY_REPLICAS_LOG_DIR="$work" \
  node node_modules/.bin/playwright test -c e2e/replicas/playwright.config.ts || failed=1

if [[ $failed != 0 ]]; then
  for replica in a b; do echo "--- replica $replica"; tail -30 "$work/backend-$replica.log"; done
  exit 1
fi
log "two replicas on PostgreSQL behave as one portal (session, signals, scheduled work, search)"
