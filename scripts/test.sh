#!/usr/bin/env bash
# Runs every Slipway test on this machine: unit tests, tests against the local Kubernetes
# control plane, the local OIDC provider's tests, the backend boot test and the browser tests in
# Debian's Chromium. Installs what it needs first (Node 22, packages, Chromium, the
# control-plane binaries, Prometheus, Helm), idempotently. Ends with "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"

ensure_chromium() {
  local chromium="${SLIPWAY_CHROMIUM:-/usr/bin/chromium}"
  [[ -x "$chromium" ]] && return
  command -v apt-get >/dev/null || die "Chromium is missing at $chromium and apt-get is not available; install Chromium and set SLIPWAY_CHROMIUM to its path"
  log "installing Chromium (apt-get install chromium)"
  local sudo=()
  [[ "$(id -u)" != 0 ]] && sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq chromium >/dev/null; } \
    || die "could not install Chromium with apt-get; install the 'chromium' package and re-run"
}

ensure_packages
ensure_chromium
# One cluster for the whole run; stopped at the end if this run started it.
trap stop_cluster_if_started EXIT
ensure_cluster
ensure_prometheus
ensure_external_secrets
ensure_helm

results="$SLIPWAY_ROOT/test-results"
rm -rf "$results" && mkdir -p "$results"
cd "$SLIPWAY_ROOT"
export CI="${CI:-true}"

log "type check (tsc) and lint (eslint)"
check() { # name command...: one pass/fail line per check, full output in the results folder
  local name="$1"; shift
  if "$@" >"$results/$name.log" 2>&1; then echo pass >"$results/$name.result"; else echo fail >"$results/$name.result"; tail -40 "$results/$name.log"; fi
}
check typecheck node node_modules/.bin/tsc --noEmit -p tsconfig.json
check lint node node_modules/.bin/backstage-cli repo lint
# The control plane's binaries report the pinned releases (cluster/versions.env).
check cluster-binaries bash cluster/build.sh --verify

log "unit tests and tests against the local control plane (jest)"
node node_modules/.bin/backstage-cli repo test --json --outputFile="$results/unit.json" || true

log "backend on PostgreSQL (scripts/test-postgres.sh)"
check postgres bash scripts/test-postgres.sh

log "the Dockerfile, replayed and smoke-tested in production (scripts/test-dockerfile.sh)"
check dockerfile bash scripts/test-dockerfile.sh
log "two backend replicas on one PostgreSQL (scripts/test-replicas.sh)"
check replicas bash scripts/test-replicas.sh

log "local OIDC provider tests (node --test)"
(cd packages/local-oidc-provider && node --test --test-reporter=tap src/*.test.js) | tee "$results/oidc.tap" | grep -E '^(not )?ok|^# (pass|fail)' || true

log "building the frontend for the browser tests"
(cd packages/app && node ../../node_modules/.bin/backstage-cli package build) >"$results/app-build.log" 2>&1 \
  || { tail -50 "$results/app-build.log"; die "the frontend build failed (full log: $results/app-build.log)"; }

log "backend boot and browser tests (playwright, Chromium)"
node node_modules/.bin/playwright test || true

# Stop the cluster before the summary, so the runner's line is the last one printed.
trap - EXIT
stop_cluster_if_started 2>/dev/null
node scripts/summarize-tests.mjs "$results"
