#!/usr/bin/env bash
# The production bundle against dev mode: time from start to the readiness check answering, and
# resident memory (RSS) at idle, side by side.
#   production: the image the Dockerfile builds (replayed by scripts/replay-dockerfile.mjs; stages
#               cached), its CMD with app-config.production.yaml, NODE_ENV=production;
#   dev mode:   `backstage-cli package start` in packages/backend (what scripts/dev.sh runs), on
#               app-config.yaml (+ the same database kind, see below).
# Both run against the local control plane, a stand-in IdP and a throwaway PostgreSQL of their
# own (a fresh one each, so both pay for creating their databases), so the difference is the
# bundle against transpiling on the fly.
#
#   bash bench/production/bench.sh [--idle-seconds N] [--workloads-fixture]
#     --idle-seconds N       how long after ready RSS is read (default 60)
#     --workloads-fixture    run both against the workloads bench's cluster (slipway-workloads-bench,
#                            port 18443) and its 200 environments / 5,000 pods, so the figures include
#                            the workload informers holding them; create the fixture first with
#                            `bash bench/workloads/bench.sh` (its state is kept). Stopped at the end
#                            if this bench started it.
#
# Figures only: nothing here fails on a target. A run on 2026-12-01 (2 shared cores, load 5-7,
# cluster URL unreachable because the shared control plane was still being built):
#   production 25.0 s to ready, 421 MiB RSS at ready, 271 MiB after 45 s idle;
#   dev mode   31.8 s to ready, 762 MiB (CLI + backend), 756 MiB idle (backend alone 609 MiB).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
source "$SLIPWAY_ROOT/scripts/production-fixture.sh"
cd "$SLIPWAY_ROOT"
idle=60
fixture=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --idle-seconds) idle="$2"; shift 2 ;;
    --workloads-fixture) fixture=1; shift ;;
    *) die "unknown option $1 (see the header of bench/production/bench.sh)" ;;
  esac
done
ensure_packages
if [[ -n "$fixture" ]]; then
  # The same cluster bench/workloads/list-and-detail.ts creates and keeps.
  unset SLIPWAY_CLUSTER_SERVER SLIPWAY_CLUSTER_TOKEN SLIPWAY_CLUSTER_CA
  export SLIPWAY_CLUSTER_NAME=slipway-workloads-bench SLIPWAY_CLUSTER_DIR="$SLIPWAY_CACHE/cluster/slipway-workloads-bench"
  export SLIPWAY_CLUSTER_PORT="${SLIPWAY_WORKLOADS_BENCH_PORT:-18443}" SLIPWAY_CLUSTER_NODES=60
  [[ -d "$SLIPWAY_CLUSTER_DIR" ]] || die "no workloads fixture at $SLIPWAY_CLUSTER_DIR: run bash bench/workloads/bench.sh first"
fi
ensure_cluster

work="$(mktemp -d /tmp/slipway-bench-production.XXXXXX)"
chmod 755 "$work"
trap 'production_fixture_stop; rm -rf "$work"; [[ -n "$fixture" ]] && stop_cluster_if_started' EXIT
port=7357 oidc_port=5657

log "replaying the Dockerfile (cached stages are reused)"
node scripts/replay-dockerfile.mjs --dockerfile Dockerfile --context . --out "$work/replay" \
  --cache "$SLIPWAY_CACHE/dockerfile-replay" --mount-map "/home/node/.yarn/berry=$SLIPWAY_CACHE/yarn" >"$work/replay.log" 2>&1 \
  || { tail -30 "$work/replay.log"; die "the Dockerfile replay failed"; }
image="$work/replay/image"
app="$image$(node -p "require('$work/replay/image.json').workdir")"
mapfile -t cmd < <(node -p "require('$work/replay/image.json').cmd.join('\n')")
mapfile -t image_env < <(node -p "Object.entries(require('$work/replay/image.json').env).map(([k, v]) => k + '=' + v).join('\n')")

production_idp "$oidc_port" "http://localhost:$port" "$work/oidc.log"

# rss_tree PID: "total_kib largest_kib" over PID and its descendants.
rss_tree() {
  local pids=("$1") i=0 total=0 largest=0 rss
  while [[ $i -lt ${#pids[@]} ]]; do
    mapfile -t -O "${#pids[@]}" pids < <(ps -o pid= --ppid "${pids[$i]}" | tr -d ' ')
    i=$((i + 1))
  done
  for pid in "${pids[@]}"; do
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
    total=$((total + ${rss:-0}))
    ((${rss:-0} > largest)) && largest=${rss:-0}
  done
  echo "$total $largest"
}

# measure NAME DIR PG_PORT command...: starts it, waits for readiness, idles, reads RSS, stops it.
results=()
measure() {
  local name="$1" dir="$2" pg_port="$3"; shift 3
  production_postgres "$work/pg-$name" "$pg_port"
  production_environment "$work" "$port" "$pg_port" "$oidc_port"
  (cd "$dir" && exec env "${image_env_for_run[@]}" "${PRODUCTION_ENV[@]}" "$@" >"$work/$name.log" 2>&1) &
  local pid=$! ready_ms
  ready_ms="$(wait_ready "http://localhost:$port/.backstage/health/v1/readiness" "$pid" 300)" \
    || { tail -30 "$work/$name.log"; die "$name did not become ready"; }
  local at_ready; at_ready="$(rss_tree "$pid")"
  log "$name ready after $ready_ms ms; idling $idle s"
  sleep "$idle"
  local at_idle; at_idle="$(rss_tree "$pid")"
  kill -- "-$pid" 2>/dev/null || kill "$pid"
  wait "$pid" 2>/dev/null || true
  results+=("$name $ready_ms $at_ready $at_idle")
}

log "production bundle"
image_env_for_run=("${image_env[@]}")
measure production "$app" 55632 setsid env PATH="$image/usr/local/bin:$PATH" TMPDIR="$work" "${cmd[@]}"

log "dev mode (backstage-cli package start)"
image_env_for_run=(NODE_ENV=development)
# Dev mode on the same kind of database, and without the production checks: app-config.yaml's
# development settings, the cluster and the database given as APP_CONFIG_ overrides.
measure dev packages/backend 55633 setsid env \
  APP_CONFIG_backend_database="{\"client\":\"pg\",\"connection\":{\"host\":\"127.0.0.1\",\"port\":55633,\"user\":\"slipway\",\"password\":\"pg-secret\"}}" \
  APP_CONFIG_backend_baseUrl="http://localhost:$port" APP_CONFIG_app_baseUrl="http://localhost:$port" \
  node ../../node_modules/.bin/backstage-cli package start

mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
echo
printf '%-12s %-16s %-22s %-22s %-22s\n' mode "start to ready" "RSS at ready (all)" "RSS idle ${idle}s (all)" "RSS idle (largest proc)"
for row in "${results[@]}"; do
  read -r name ready_ms ready_total _ idle_total idle_largest <<<"$row"
  printf '%-12s %-16s %-22s %-22s %-22s\n' "$name" "$((ready_ms / 1000)).$(((ready_ms % 1000) / 100)) s" "$(mib "$ready_total")" "$(mib "$idle_total")" "$(mib "$idle_largest")"
done
[[ -n "$fixture" ]] && echo "against the workloads fixture: $(KUBECONFIG= "$SLIPWAY_KUBECTL" --kubeconfig "$KUBECONFIG" get pods -A --no-headers 2>/dev/null | wc -l) pods on $SLIPWAY_CLUSTER_SERVER"
echo "(all: the started process and its children — dev mode's CLI runs the backend in a child; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
