#!/usr/bin/env bash
# Runs the Slipway portal on its embedded defaults: the local Kubernetes control plane, the
# local OIDC provider, SQLite, and the frontend (http://localhost:3000) and backend
# (http://localhost:7007). Installs what it needs first (Node 22, packages), idempotently.
# The portal starts at once (sign-in, catalog, templates); the control plane is built (first
# run: from source, see cluster/README.md) and started in the background, with its progress on
# the console and in the portal's banner; the backend picks the cluster up when it is ready,
# without a restart. Ctrl-C stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$SLIPWAY_ROOT"

state="$SLIPWAY_ROOT/.slipway"
mkdir -p "$state/logs" "$state/sqlite"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_cluster_if_started
}
trap cleanup EXIT INT TERM

# Packages first: on a first run, building the cluster during the install only shared the same two cores
# (measured cold: the portal 110 s later, the first deploy no sooner).
ensure_packages
start_cluster_in_background

oidc_port="${SLIPWAY_OIDC_PORT:-5556}"
export SLIPWAY_OIDC_ISSUER="${SLIPWAY_OIDC_ISSUER:-http://127.0.0.1:$oidc_port}"
if curl -fsS "$SLIPWAY_OIDC_ISSUER/healthz" >/dev/null 2>&1; then
  log "local OIDC provider already running at $SLIPWAY_OIDC_ISSUER"
else
  SLIPWAY_OIDC_PORT="$oidc_port" node packages/local-oidc-provider/src/cli.js >"$state/logs/oidc.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do curl -fsS "$SLIPWAY_OIDC_ISSUER/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "$SLIPWAY_OIDC_ISSUER/healthz" >/dev/null 2>&1 \
    || die "the local OIDC provider did not start; see $state/logs/oidc.log"
  log "local OIDC provider at $SLIPWAY_OIDC_ISSUER (users alice, bob, carol, dave, erin; password: ${SLIPWAY_OIDC_PASSWORD:-slipway})"
fi

log "starting the portal: http://localhost:3000 (backend http://localhost:7007)"
node node_modules/.bin/backstage-cli repo start "$@"
