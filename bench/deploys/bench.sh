#!/usr/bin/env bash
# Golden-path deploy benchmark on the local cluster (see golden-path.ts), after the judge path's
# renders per second (see renders.ts).
#
#   bash bench/deploys/bench.sh [runs]                  renders, then deploys on the local cluster
#   bash bench/deploys/bench.sh --renders-only [--passes N] [--specs N]   renders alone, pinned to one core
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
cd "$SLIPWAY_ROOT"
if [[ "${1:-}" == --renders-only ]]; then
  shift
  # The target is per core: pin the process (and V8's helper threads) to one where taskset exists.
  pin=()
  command -v taskset >/dev/null && pin=(taskset -c 0)
  exec "${pin[@]}" node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/deploys/renders.ts "$@"
fi
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/deploys/golden-path.ts "$@"
