#!/usr/bin/env bash
# Smoke test of a running embedded cluster (cluster/cluster.sh up first). Uses the pinned kubectl only.
# Checks: server-side-applied Deployment -> pods Running/Ready on KWOK nodes; ResourceQuota rejects an over-quota
# pod; RoleBinding (created with the backend identity) respected by `auth can-i --as --as-group`; backend
# identity's key permissions; `kubectl logs`; `kubectl top pod`; a CronJob's Job runs to completion.
# Prints one "ok <check> <seconds>s" line per check; exits non-zero at the first failure.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$("$HERE/cluster.sh" env --export)"
K() { "$SLIPWAY_KUBECTL" --kubeconfig "$KUBECONFIG" "$@"; }
KB() { "$SLIPWAY_KUBECTL" --kubeconfig "$SLIPWAY_BACKEND_KUBECONFIG" "$@"; }
NS="smoke-$(date +%s)"
now() { date +%s.%N; }
ok() { awk -v n="$1" -v a="$2" -v b="$(now)" 'BEGIN{printf "ok %-34s %5.1fs\n", n, b-a}'; }
fail() { echo "FAIL $*" >&2; exit 1; }
retry() { # seconds cmd...
  local end=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do (( $(date +%s) < end )) || return 1; sleep 0.5; done
}
trap 'K delete namespace "$NS" "$NS-quota" --wait=false >/dev/null 2>&1 || true' EXIT

t=$(now)
KB create namespace "$NS" >/dev/null
KB create namespace "$NS-quota" >/dev/null
ok "backend creates namespaces" "$t"

t=$(now)
cat <<EOF | KB apply --server-side --field-manager=smoke -f - >/dev/null
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: $NS}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: {kwok.x-k8s.io/usage-cpu: 250m, kwok.x-k8s.io/usage-memory: 300Mi}
    spec:
      containers:
      - name: web
        image: registry.invalid/web:1
        resources: {requests: {cpu: 100m, memory: 128Mi}}
EOF
K -n "$NS" rollout status deployment/web --timeout=120s >/dev/null || fail "deployment rollout"
ready="$(K -n "$NS" get pods -l app=web -o jsonpath='{range .items[*]}{.status.phase}/{.status.conditions[?(@.type=="Ready")].status}/{.spec.nodeName}{"\n"}{end}')"
[[ "$(grep -c '^Running/True/kwok-node-' <<<"$ready")" == 3 ]] || fail "pods not Running/Ready on kwok nodes: $ready"
ok "deployment 3/3 Running+Ready" "$t"

t=$(now)
cat <<EOF | KB apply --server-side --field-manager=smoke -f - >/dev/null
apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: $NS-quota}
spec: {hard: {pods: "1", requests.cpu: 500m, requests.memory: 512Mi}}
EOF
retry 30 bash -c "'$SLIPWAY_KUBECTL' --kubeconfig '$KUBECONFIG' -n $NS-quota get resourcequota q -o jsonpath='{.status.hard.pods}' | grep -q 1"
K -n "$NS-quota" run p1 --image=registry.invalid/x:1 --overrides='{"spec":{"containers":[{"name":"p1","image":"registry.invalid/x:1","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}' >/dev/null
if out="$(K -n "$NS-quota" run p2 --image=registry.invalid/x:1 --overrides='{"spec":{"containers":[{"name":"p2","image":"registry.invalid/x:1","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}' 2>&1)"; then
  fail "over-quota pod was admitted"
fi
grep -q 'exceeded quota' <<<"$out" || fail "unexpected quota error: $out"
ok "resourcequota refuses 2nd pod" "$t"

t=$(now)
KB -n "$NS" create rolebinding team-a-edit --clusterrole=edit --group=team-a >/dev/null
[[ "$(K auth can-i create deployments -n "$NS" --as=alice --as-group=team-a)" == yes ]] || fail "alice/team-a cannot create deployments"
[[ "$(K auth can-i create deployments -n "$NS-quota" --as=alice --as-group=team-a || true)" == no ]] || fail "alice can act outside"
[[ "$(K auth can-i create deployments -n "$NS" --as=bob --as-group=team-b || true)" == no ]] || fail "team-b can act in team-a ns"
[[ "$(KB auth can-i get pods -n "$NS" --as=alice --as-group=team-a)" == yes ]] || fail "backend cannot impersonate"
for v in "create resourcequotas" "create networkpolicies.networking.k8s.io" "create limitranges" "create cronjobs.batch" \
         "create horizontalpodautoscalers.autoscaling" "create poddisruptionbudgets.policy" "get pods --subresource=log" \
         "list pods.metrics.k8s.io" "impersonate users" "impersonate groups" "impersonate serviceaccounts"; do
  # shellcheck disable=SC2086
  [[ "$(KB auth can-i $v -A 2>/dev/null || KB auth can-i $v)" == yes ]] || fail "backend cannot $v"
done
[[ "$(KB auth can-i create clusterrolebindings 2>/dev/null || true)" == no ]] || fail "backend is too powerful"
ok "rbac: rolebinding + backend perms" "$t"

t=$(now)
pod="$(K -n "$NS" get pods -l app=web -o jsonpath='{.items[0].metadata.name}')"
logs="$(KB -n "$NS" logs "$pod")"
grep -q 'ready to serve requests' <<<"$logs" || fail "kubectl logs returned: $logs"
ok "kubectl logs (simulated)" "$t"

t=$(now)
retry 90 bash -c "'$SLIPWAY_KUBECTL' --kubeconfig '$SLIPWAY_BACKEND_KUBECONFIG' -n $NS top pod --no-headers | grep -q '250m'" ||
  fail "kubectl top pod: $(K -n "$NS" top pod 2>&1)"
ok "kubectl top pod (250m from annotation)" "$t"
K -n "$NS" top pod >&2

t=$(now)
KB -n "$NS" create cronjob tick --image=registry.invalid/tick:1 --schedule='* * * * *' >/dev/null
retry 150 bash -c "'$SLIPWAY_KUBECTL' --kubeconfig '$KUBECONFIG' -n $NS get jobs -o jsonpath='{.items[*].status.succeeded}' | grep -q 1" ||
  fail "cronjob's job did not complete: $(K -n "$NS" get cronjob,jobs,pods 2>&1)"
K -n "$NS" get jobs -o wide >&2
ok "cronjob -> job completed" "$t"
echo "all smoke checks passed"
