#!/usr/bin/env bash
# Times a newcomer's first start: the README's dev command on a fresh clone of this repository, until
# the portal is usable (frontend served, backend ready: sign-in, catalog, templates), until the local
# cluster is ready (progress file: `ready`), and until a first deploy is Ready in it; prints the
# control-plane build per binary, the backend's memory, and (unless --dev-only) the test command.
#
#   bench/foundation/bench.sh [--cold] [--own-cluster] [--dev-only]
#     --cold         an empty cache directory and an empty Go build cache: Node, packages, control-plane
#                    binaries all from scratch (Go's module download cache stays; 20+ min of both cores)
#     --own-cluster  warm caches, but a cluster of its own (state dir and port 26443), so its start is
#                    measured even while another local cluster runs
#     --dev-only     skip the test command
#
# Prints plain "name: value" lines. Uses ports 3000, 7007 and 5556 (stop a running portal first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cold=0 own_cluster=0 dev_only=0
for a in "$@"; do
  case "$a" in
    --cold) cold=1; own_cluster=1 ;;
    --own-cluster) own_cluster=1 ;;
    --dev-only) dev_only=1 ;;
    *) echo "usage: $0 [--cold] [--own-cluster] [--dev-only]" >&2; exit 2 ;;
  esac
done
for port in 3000 7007 5556; do
  if ss -Hltn "sport = :$port" | grep -q .; then echo "port $port is in use: stop the running portal first" >&2; exit 1; fi
done

work="$(mktemp -d /tmp/slipway-bench.XXXXXX)"
dev_pid=
cleanup() {
  [[ -n "$dev_pid" ]] && kill -TERM -- "-$dev_pid" 2>/dev/null && sleep 3
  if [[ $own_cluster == 1 ]]; then bash "$work/repo/cluster/cluster.sh" down >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
git clone -q "$ROOT" "$work/repo"
cd "$work/repo"

label=warm
if [[ $own_cluster == 1 ]]; then
  export SLIPWAY_CLUSTER_DIR="$work/cluster" SLIPWAY_CLUSTER_PORT=26443
  label="warm, own cluster"
fi
if [[ $cold == 1 ]]; then
  export SLIPWAY_CACHE="$work/cache" GOCACHE="$work/gocache"
  label=cold
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
portal_up() {
  curl -fs -o /dev/null http://localhost:3000/ 2>/dev/null && curl -fs -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null
}

# ---- dev command: portal, then cluster, then a first deploy ------------------------------------------
t0=$(now)
setsid bash scripts/dev.sh >"$work/dev.log" 2>&1 &
dev_pid=$!
until portal_up; do
  kill -0 "$dev_pid" 2>/dev/null || { tail -30 "$work/dev.log"; echo "dev command exited early" >&2; exit 1; }
  sleep 1
done
t_portal=$(now)
echo "dev command ($label), start to portal usable: $(secs "$t0" "$t_portal") s"
grep -E '^\[slipway\] (installing|linking) packages' "$work/dev.log" | sed 's/^/  /' || true

eval "$(bash cluster/cluster.sh env --export)"
until grep -qE '^[0-9]+ (ready|failed)' "$SLIPWAY_CLUSTER_PROGRESS" 2>/dev/null && bash cluster/cluster.sh status >/dev/null 2>&1; do
  kill -0 "$dev_pid" 2>/dev/null || { tail -30 "$work/dev.log"; echo "dev command exited before the cluster was ready" >&2; exit 1; }
  if grep -qE '^[0-9]+ failed' "$SLIPWAY_CLUSTER_PROGRESS" 2>/dev/null; then cat "$SLIPWAY_CLUSTER_PROGRESS"; echo "cluster failed" >&2; exit 1; fi
  sleep 2
done
t_cluster=$(now)
echo "dev command ($label), start to cluster ready: $(secs "$t0" "$t_cluster") s"
# The build and start steps as the progress file recorded them (seconds per binary).
awk '$2 == "built" { printf "  built %s: %s s\n", $3, $4 }
     $2 == "step" && $3 == "start" { s = $1 } $2 == "ready" && s { printf "  cluster start: %d s\n", $1 - s }' "$SLIPWAY_CLUSTER_PROGRESS"

# A first deploy, as the portal's identity: a Deployment server-side applied, until its rollout is Ready.
KB() { "$SLIPWAY_KUBECTL" --kubeconfig "$SLIPWAY_BACKEND_KUBECONFIG" "$@"; }
ns="bench-first-deploy-$$"
# The platform identity writes only in Slipway's namespaces (admission policy slipway-platform-scope).
cat <<EOF | KB apply --server-side --field-manager=slipway-bench -f - >/dev/null
apiVersion: v1
kind: Namespace
metadata: {name: $ns, labels: {app.kubernetes.io/managed-by: slipway}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello, namespace: $ns}
spec:
  replicas: 1
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec: {containers: [{name: hello, image: registry.invalid/hello:1}]}
EOF
KB -n "$ns" rollout status deployment/hello --timeout=180s >/dev/null
t_deploy=$(now)
KB delete namespace "$ns" --wait=false >/dev/null 2>&1 || true
echo "dev command ($label), start to first deploy Ready: $(secs "$t0" "$t_deploy") s"

sleep 10 # let start-up work (catalog ingestion, search indexing) settle before reading memory
backend_pid="$(ss -Hltnp 'sport = :7007' | sed -E 's/.*pid=([0-9]+).*/\1/' | head -1)"
frontend_pid="$(ss -Hltnp 'sport = :3000' | sed -E 's/.*pid=([0-9]+).*/\1/' | head -1)"
echo "backend RSS after start (dev mode): $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$backend_pid/status") MiB"
echo "frontend dev server RSS: $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$frontend_pid/status") MiB"
kill -TERM -- "-$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true
dev_pid=

# The dev command again in the same clone: packages installed, cluster binaries built.
t0=$(now)
setsid bash scripts/dev.sh >"$work/dev2.log" 2>&1 &
dev_pid=$!
until portal_up; do
  kill -0 "$dev_pid" 2>/dev/null || { tail -30 "$work/dev2.log"; echo "dev command exited early" >&2; exit 1; }
  sleep 1
done
echo "dev command ($label), second start in the same clone, to portal usable: $(secs "$t0" "$(now)") s"
kill -TERM -- "-$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true
dev_pid=

[[ $dev_only == 1 ]] && exit 0
t0=$(now)
bash scripts/test.sh >"$work/test.log" 2>&1 || true
echo "test command ($label): $(secs "$t0" "$(now)") s"
sed -n '/^Slipway test summary/,$p' "$work/test.log"
