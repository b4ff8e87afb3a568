#!/usr/bin/env bash
# The environment list under 50 concurrent users: one backend replica vs two replicas on one
# PostgreSQL behind a round-robin proxy (see list-under-load.ts). Starts its own PostgreSQL, OIDC
# provider and two backends (scripts/replicas.sh) against the local cluster; stops them at the end.
#
#   bash bench/replicas/bench.sh [--users 50] [--seconds 30]
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
source "$SLIPWAY_ROOT/scripts/replicas.sh"
ensure_packages
ensure_cluster
cd "$SLIPWAY_ROOT"
trap stop_replicas EXIT
start_replicas
SLIPWAY_REPLICA_A="http://localhost:$port_a" SLIPWAY_REPLICA_B="http://localhost:$port_b" \
  node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/replicas/list-under-load.ts "$@"
