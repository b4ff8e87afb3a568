#!/usr/bin/env bash
# Benchmarks Slipway's embedded control plane (cluster/). Prints plain "name value unit" lines on stdout.
#
#   bench/cluster/bench.sh [--cold] [--large-nodes N] [--skip-large]
#     --cold           measure a cold build with a throwaway SLIPWAY_CACHE *and* an empty GOCACHE (module
#                      downloads are reused); takes a long time (full compile of Kubernetes). Without it the
#                      per-binary times recorded when the cache was first built are reported.
#     --large-nodes N  node count for the large run (default 100)
#
# Uses its own cluster (name slipway-bench, apiserver port 17443, throwaway state dirs) so it never touches
# a developer's running cluster.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CL="$ROOT/cluster/cluster.sh"
cold=0 large=100 skip_large=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cold) cold=1; shift ;;
    --large-nodes) large="$2"; shift 2 ;;
    --skip-large) skip_large=1; shift ;;
    *) echo "usage: $0 [--cold] [--large-nodes N] [--skip-large]" >&2; exit 2 ;;
  esac
done

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
out() { printf '%s %s\n' "$1" "$2"; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }

# ---- build ------------------------------------------------------------------------------------------------
if [[ $cold == 1 ]]; then
  tmp="$(mktemp -d)"
  t=$(now)
  SLIPWAY_CACHE="$tmp/cache" GOCACHE="$tmp/gocache" "$ROOT/cluster/build.sh" >&2
  out build_cold_total_seconds "$(since "$t")"
  while read -r c s; do out "build_cold_seconds{binary=$c}" "$s"; done <"$(SLIPWAY_CACHE="$tmp/cache" "$ROOT/cluster/build.sh" --print-bin-dir)/.build-times"
  rm -rf "$tmp"
else
  bindir="$("$ROOT/cluster/build.sh" --print-bin-dir)"
  if [[ ! -x "$bindir/kube-apiserver" ]]; then
    t=$(now); "$ROOT/cluster/build.sh" >&2; out build_total_seconds "$(since "$t")"
  fi
  if [[ -f "$bindir/.build-times" ]]; then
    total=0
    while read -r c s; do out "build_recorded_seconds{binary=$c}" "$s"; total=$((total + s)); done <"$bindir/.build-times"
    out build_recorded_total_seconds "$total"
  fi
  t=$(now); "$ROOT/cluster/build.sh" >&2; out build_cached_noop_seconds "$(since "$t")"
fi

# ---- start/stop -------------------------------------------------------------------------------------------
export SLIPWAY_CLUSTER_NAME=slipway-bench SLIPWAY_CLUSTER_PORT="${SLIPWAY_BENCH_PORT:-17443}"
state="$(mktemp -d)"
cleanup() { SLIPWAY_CLUSTER_DIR="$state/small" "$CL" down >/dev/null 2>&1 || true
            SLIPWAY_CLUSTER_DIR="$state/large" "$CL" down >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT

report_rss() { # prefix dir
  local c pid
  for c in kube-apiserver etcd kube-controller-manager kube-scheduler kwok metrics-server; do
    pid="$(cat "$2/pids/$c.pid")"
    out "${1}_rss_mib{component=$c}" "$(rss_mib "$pid")"
  done
}

export SLIPWAY_CLUSTER_DIR="$state/small"
t=$(now); "$CL" up --nodes 3 2>"$state/up-cold.log"; out start_cold_seconds{nodes=3} "$(since "$t")"
report_rss after_start "$SLIPWAY_CLUSTER_DIR"
t=$(now); "$CL" up 2>/dev/null; out up_when_running_seconds "$(since "$t")"
t=$(now); "$CL" down 2>/dev/null; out stop_seconds "$(since "$t")"
t=$(now); "$CL" up 2>"$state/up-warm.log"; out start_warm_seconds{nodes=3} "$(since "$t")"
"$CL" down 2>/dev/null

if [[ $skip_large == 0 ]]; then
  export SLIPWAY_CLUSTER_DIR="$state/large"
  t=$(now); "$CL" up --nodes "$large" 2>"$state/up-large.log"; out "start_cold_seconds{nodes=$large}" "$(since "$t")"
  report_rss "after_start_nodes_$large" "$SLIPWAY_CLUSTER_DIR"
  # one pod per node: deployment rollout on simulated nodes
  K() { "$CL" kubectl "$@"; }
  K create namespace bench >/dev/null
  K -n bench create deployment bench --image=registry.invalid/bench:1 --replicas="$large" >/dev/null
  t=$(now); K -n bench rollout status deployment/bench --timeout=300s >/dev/null
  out "rollout_seconds{replicas=$large}" "$(since "$t")"
  report_rss "after_rollout_nodes_$large" "$SLIPWAY_CLUSTER_DIR"
  "$CL" down 2>/dev/null
  t=$(now); "$CL" up 2>/dev/null; out "start_warm_seconds{nodes=$large}" "$(since "$t")"
  "$CL" down 2>/dev/null
fi
