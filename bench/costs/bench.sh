#!/usr/bin/env bash
# Cost benchmarks (see showback.ts): a team's 30-day showback by app over N pods × D days of stored
# hourly rollups (SQLite file), side by side with the same answer from raw samples; database size per
# pod-day; the sampler's pure part and its writes for 5,000 pods.
#
#   bash bench/costs/bench.sh [--pods 10000] [--days 30] [--teams 20] [--queries 20] [--sampler-pods 5000]
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/costs/showback.ts "$@"
