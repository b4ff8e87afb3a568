#!/usr/bin/env bash
# Workloads API at scale on the local cluster (see list-and-detail.ts): the environment list and one
# environment's detail against Backstage's Kubernetes objects-for-entity endpoint, over 200 environments and
# 5,000 pods on a separate bench cluster (slipway-workloads-bench, apiserver port 18443; stopped at the end,
# its state kept so the next run reuses the fixture).
#
#   bash bench/workloads/bench.sh [--requests N] [--fresh] [--keep-running] [--envs N] ...   (--help for all)
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
cd "$SLIPWAY_ROOT"
# --expose-gc: the memory figures are read after a full collection as well as without one.
node --expose-gc --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/workloads/list-and-detail.ts "$@"
