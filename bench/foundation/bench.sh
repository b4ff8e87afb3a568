#!/usr/bin/env bash
# Times the README's two commands on a fresh clone of this repository, warm (the machine's
# caches) and, with --cold, cold (an empty cache directory: Node, packages, control-plane
# binaries all installed from scratch), and prints the backend's memory once it is ready.
#
#   bench/foundation/bench.sh [--cold]
#
# Prints plain "name: value" lines. Uses ports 3000, 7007 and 5556 (stop a running portal first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cold=0
[[ "${1:-}" == --cold ]] && cold=1

work="$(mktemp -d /tmp/slipway-bench.XXXXXX)"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$ROOT" "$work/repo"
cd "$work/repo"

if [[ $cold == 1 ]]; then
  export SLIPWAY_CACHE="$work/cache"
  export SLIPWAY_CLUSTER_DIR="$work/cluster"
  export SLIPWAY_CLUSTER_PORT=26443
  # Go's build cache too, so the control plane compiles from scratch (the module download cache stays).
  export GOCACHE="$work/gocache"
  label=cold
else
  label=warm
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Dev command: until the frontend answers and the backend is ready.
t0=$(now)
setsid bash scripts/dev.sh >"$work/dev.log" 2>&1 &
dev_pid=$!
until curl -fs -o /dev/null http://localhost:3000/ 2>/dev/null && curl -fs -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null; do
  kill -0 "$dev_pid" 2>/dev/null || { tail -30 "$work/dev.log"; echo "dev command exited early" >&2; exit 1; }
  sleep 1
done
t1=$(now)
sleep 10 # let start-up work (catalog ingestion, search indexing) settle before reading memory
backend_pid="$(ss -Hltnp 'sport = :7007' | sed -E 's/.*pid=([0-9]+).*/\1/' | head -1)"
backend_rss_mib="$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$backend_pid/status")"
frontend_pid="$(ss -Hltnp 'sport = :3000' | sed -E 's/.*pid=([0-9]+).*/\1/' | head -1)"
frontend_rss_mib="$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$frontend_pid/status")"
kill -TERM -- "-$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true

echo "dev command ($label), start to portal ready: $(secs "$t0" "$t1") s"
echo "backend RSS after start (dev mode): $backend_rss_mib MiB"
echo "frontend dev server RSS: $frontend_rss_mib MiB"

# The dev command again in the same clone: packages installed, only the start itself.
t0=$(now)
setsid bash scripts/dev.sh >"$work/dev2.log" 2>&1 &
dev_pid=$!
until curl -fs -o /dev/null http://localhost:3000/ 2>/dev/null && curl -fs -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null; do
  sleep 1
done
t1=$(now)
kill -TERM -- "-$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true
echo "dev command ($label), second start in the same clone: $(secs "$t0" "$t1") s"

# Test command.
t0=$(now)
bash scripts/test.sh >"$work/test.log" 2>&1 || true
t1=$(now)
echo "test command ($label): $(secs "$t0" "$t1") s"
sed -n '/^Slipway test summary/,$p' "$work/test.log"
