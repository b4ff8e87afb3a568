#!/usr/bin/env bash
# Load on a real backend process against the local cluster (see load.ts): 50 concurrent environment
# creates, 20 concurrent golden-path template runs, 200 concurrent log follows; p50/p95/max per kind
# against a single run, failures, and the backend's RSS before/peak/after.
#
#   bash bench/load/bench.sh [--creates N] [--runs N] [--follows N] [--follow-seconds N]
# Uses ports 7307 (backend) and 5567 (OIDC provider); SLIPWAY_LOAD_PORT / SLIPWAY_LOAD_OIDC_PORT change them.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
ensure_cluster
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/load/load.ts "$@"
