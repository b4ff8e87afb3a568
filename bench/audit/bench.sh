#!/usr/bin/env bash
# The audit page's query at scale (see audit-page.ts): 100,000 entries on SQLite, p50/p95 per view and filter.
#
#   bash bench/audit/bench.sh [--entries N] [--requests N]
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/audit/audit-page.ts "$@"
