#!/usr/bin/env bash
# The backend on PostgreSQL instead of SQLite, by configuration only: starts a throwaway
# PostgreSQL (Debian's packages, installed if missing) on loopback, starts the real backend with
# backend.database pointing at it, and checks that it is ready, every plugin started and the
# plugins created their databases there, then runs the deploy-request and audit stores' tests on it. Used by
# scripts/test.sh; exits non-zero on failure.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$SLIPWAY_ROOT"

source "$(dirname "${BASH_SOURCE[0]}")/throwaway-postgres.sh"
port="${SLIPWAY_PG_TEST_PORT:-55432}"
backend_port="${SLIPWAY_PG_TEST_BACKEND_PORT:-7207}"
backend_pid=
cleanup() {
  [[ -n "$backend_pid" ]] && kill -- "-$backend_pid" 2>/dev/null
  stop_throwaway_postgres
}
trap cleanup EXIT
start_throwaway_postgres "$port"
work="$pg_work"

export APP_CONFIG_backend_database="{\"client\":\"pg\",\"connection\":{\"host\":\"127.0.0.1\",\"port\":$port,\"user\":\"slipway\",\"password\":\"unused\"}}"
export SLIPWAY_E2E_PORT="$backend_port"
(cd packages/backend && exec setsid node ../../node_modules/.bin/backstage-cli package start \
  --config ../../app-config.yaml --config ../../app-config.e2e.yaml) >"$work/backend.log" 2>&1 &
backend_pid=$!

base="http://localhost:$backend_port"
for _ in $(seq 120); do
  curl -fs -o /dev/null "$base/.backstage/health/v1/readiness" 2>/dev/null && break
  kill -0 "$backend_pid" 2>/dev/null || { tail -30 "$work/backend.log"; die "the backend exited while starting on PostgreSQL"; }
  sleep 1
done
curl -fs -o /dev/null "$base/.backstage/health/v1/readiness" || { tail -30 "$work/backend.log"; die "the backend did not become ready on PostgreSQL"; }

failed=0
for plugin in app auth catalog permission scaffolder search kubernetes notifications signals user-settings events idp-environments idp-secrets idp-costs idp-approvals; do
  curl -fs -o /dev/null "$base/api/$plugin/.backstage/auth/v1/jwks.json" || { echo "plugin $plugin did not start on PostgreSQL"; failed=1; }
done
databases="$("$pg_bin/psql" -h 127.0.0.1 -p "$port" -U slipway -At -c "select datname from pg_database where datname like 'backstage_plugin_%' order by 1" postgres)"
for db in backstage_plugin_auth backstage_plugin_catalog backstage_plugin_scaffolder backstage_plugin_search backstage_plugin_idp-approvals backstage_plugin_idp-secrets backstage_plugin_idp-costs backstage_plugin_slipway-audit; do
  grep -qx "$db" <<<"$databases" || { echo "database $db was not created in PostgreSQL (found: $(echo $databases))"; failed=1; }
done
[[ $failed == 0 ]] || { tail -30 "$work/backend.log"; exit 1; }
log "backend ready on PostgreSQL; databases: $(echo $databases)"

# The stores on this PostgreSQL (deploy requests, audit, secrets, costs, billing imports): decisions and the apply claim as
# conditional updates, two connection pools (two backends) claiming each grant once; audit pages.
major="$pg_major"
export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://slipway@127.0.0.1:$port/postgres"
CI=true node node_modules/.bin/backstage-cli repo test --verbose plugins/idp-approvals-backend/src/database/DeployRequestStore.test.ts \
  plugins/idp-environments-node/src/AuditLogStore.test.ts plugins/idp-secrets-backend/src/database/SecretMetadataStore.test.ts \
  plugins/idp-costs-backend/src/database/CostStore.test.ts plugins/idp-costs-backend/src/billing/BillingImportStore.test.ts >"$work/store.log" 2>&1 \
  || { tail -60 "$work/store.log"; die "a store failed on PostgreSQL"; }
for store in DeployRequestStore AuditLogStore SecretMetadataStore CostStore BillingImportStore; do
  grep -q "$store on POSTGRES_$major" "$work/store.log" || { tail -30 "$work/store.log"; die "the $store test did not run on PostgreSQL $major"; }
done
log "deploy-request, audit, secret, cost and billing-import stores passed on PostgreSQL $major (two backends claim each grant once)"
