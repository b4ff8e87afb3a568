#!/usr/bin/env bash
# Slipway embedded local Kubernetes control plane (loopback only).
#
#   cluster/cluster.sh up [--nodes N]   start (or reuse) the cluster; exit 0 once apiserver healthy, nodes Ready and
#                                       metrics.k8s.io available. Progress on stderr only, nothing on stdout.
#   cluster/cluster.sh down             stop every component (SIGTERM, then SIGKILL after 15s); state is kept
#   cluster/cluster.sh reset            down + delete the state dir (next up is a cold start)
#   cluster/cluster.sh status           component pids/ports + health; exit 0 only if every component runs
#   cluster/cluster.sh env [--export]   KUBECONFIG=, SLIPWAY_BACKEND_KUBECONFIG=, SLIPWAY_CLUSTER_SERVER=, ... lines
#                                       (the paths are known before the cluster exists: fixed ports and state dir)
#   cluster/cluster.sh kubeconfig [admin|backend]   print that kubeconfig (default admin)
#   cluster/cluster.sh kubectl ARGS...  run the pinned kubectl against the cluster as admin
#
# Components: etcd, kube-apiserver (RBAC, x509 client certs + service-account tokens, aggregation layer),
# kube-controller-manager, kube-scheduler, kwok (simulated nodes/pods/logs/resource usage), metrics-server, and
# kwok/pod-log-writer.sh (appends a line to the simulated pod log every second, so following logs shows new lines).
# Env: SLIPWAY_CLUSTER_NAME (default slipway), SLIPWAY_CLUSTER_DIR (state dir), SLIPWAY_CLUSTER_NODES (default 3),
#      SLIPWAY_CLUSTER_PORT (apiserver port, default 16443; etcd/etcd-peer/kcm/scheduler/kwok/metrics-server use
#      PORT+1..PORT+6), SLIPWAY_CLUSTER_TIMEOUT (seconds, default 180), SLIPWAY_CACHE (binary cache root).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.env"

NAME="${SLIPWAY_CLUSTER_NAME:-slipway}"
STATE="${SLIPWAY_CLUSTER_DIR:-$HOME/.cache/slipway/cluster/$NAME}"
TIMEOUT="${SLIPWAY_CLUSTER_TIMEOUT:-180}"
BIN_DIR="$("$HERE/build.sh" --print-bin-dir)"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok metrics-server)
PKI="$STATE/pki"; LOGS="$STATE/logs"; PIDS="$STATE/pids"
ADMIN_KC="$STATE/admin.kubeconfig"; BACKEND_KC="$STATE/backend.kubeconfig"
# The backend's ServiceAccount token alone, for a portal started before the cluster (kubeconfig tokenFile).
BACKEND_TOKEN="$STATE/backend.token"
# What `up` is doing, one event a line (cluster/README.md "Build progress"); the portal shows it.
PROGRESS="$STATE/progress.log"
DURATIONS="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/k8s/build-durations"
T0=$(date +%s.%N)

log() { printf '[cluster %s +%5.1fs] %s\n' "$(date +%H:%M:%S)" "$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$*" >&2; }
die() {
  printf '[cluster] ERROR: %s\n' "$*" >&2
  if [[ -n "${PROGRESS_ACTIVE:-}" ]]; then progress "failed ${*%%$'\n'*}"; fi
  exit 1
}
progress() { echo "$(date +%s) $*" >>"$PROGRESS"; }

# ---- ports: fixed at first start (state/ports.env) so a restart reuses the same endpoints ------------------
load_ports() {
  if [[ -f "$STATE/ports.env" ]]; then source "$STATE/ports.env"; fi
  if [[ -n "${SLIPWAY_CLUSTER_PORT:-}" ]]; then API_PORT="$SLIPWAY_CLUSTER_PORT"; fi
  API_PORT="${API_PORT:-16443}"
  ETCD_PORT=$((API_PORT + 1)); ETCD_PEER_PORT=$((API_PORT + 2)); KCM_PORT=$((API_PORT + 3))
  SCHED_PORT=$((API_PORT + 4)); KWOK_PORT=$((API_PORT + 5)); MS_PORT=$((API_PORT + 6))
  SERVER="https://127.0.0.1:$API_PORT"
}
port_of() {
  case "$1" in
    etcd) echo "$ETCD_PORT" ;; kube-apiserver) echo "$API_PORT" ;; kube-controller-manager) echo "$KCM_PORT" ;;
    kube-scheduler) echo "$SCHED_PORT" ;; kwok) echo "$KWOK_PORT" ;; metrics-server) echo "$MS_PORT" ;;
  esac
}

KUBECTL() { "$BIN_DIR/kubectl" --kubeconfig "$ADMIN_KC" "$@"; }

# ---- processes --------------------------------------------------------------------------------------------
pid_of() { # prints the pid if component $1 runs (pid file + /proc exe is our binary), else fails
  local f="$PIDS/$1.pid" pid exe
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"; [[ -n "$pid" && -d "/proc/$pid" ]] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  [[ "${exe% (deleted)}" == */"$1" ]] || return 1
  echo "$pid"
}
is_running() { pid_of "$1" >/dev/null; }
port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

start_component() { # name args...
  local name="$1"; shift
  local port; port="$(port_of "$name")"
  if port_busy "$port"; then
    die "port $port (for $name) is already in use by another process; stop it or set SLIPWAY_CLUSTER_PORT (now $API_PORT) to another base"
  fi
  [[ -f "$LOGS/$name.log" ]] && mv -f "$LOGS/$name.log" "$LOGS/$name.prev.log"
  # setsid: own session, so ^C / a test runner killing its process group does not take the cluster down.
  # 9>&-: do not leak the state lock into the long-running component.
  setsid "$BIN_DIR/$name" "$@" >"$LOGS/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDS/$name.pid"
  log "started $name (pid $!, port $port, log $LOGS/$name.log)"
}

stop_components() { # names... : SIGTERM all of them at once, wait up to 15s, then SIGKILL stragglers
  local name pid i alive
  local -A pids=()
  for name in "$@"; do
    if pid="$(pid_of "$name")"; then pids[$name]="$pid"; kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$PIDS/$name.pid"
  done
  for ((i = 0; i < 150; i++)); do
    alive=0
    for name in "${!pids[@]}"; do [[ -d "/proc/${pids[$name]}" ]] && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for name in "${!pids[@]}"; do
    if [[ -d "/proc/${pids[$name]}" ]]; then
      log "$name (pid ${pids[$name]}) did not exit after 15s; SIGKILL"; kill -KILL "${pids[$name]}" 2>/dev/null || true
      while [[ -d "/proc/${pids[$name]}" ]]; do sleep 0.1; done
    fi
    log "stopped $name (pid ${pids[$name]})"
  done
}

wait_for() { # description component-whose-log-to-read timeout cmd...
  local what="$1" comp="$2" limit="$3"; shift 3
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$comp" ]] && ! is_running "$comp"; then
      tail -n 20 "$LOGS/$comp.log" >&2 || true
      die "$comp exited while waiting for $what; read $LOGS/$comp.log"
    fi
    if (( $(date +%s) >= deadline )); then
      [[ -n "$comp" ]] && { tail -n 20 "$LOGS/$comp.log" >&2 || true; }
      die "timed out after ${limit}s waiting for $what${comp:+; read $LOGS/$comp.log}"
    fi
    sleep 0.2
  done
}

# ---- PKI (openssl, ECDSA P-256, 10 years) -----------------------------------------------------------------
gen_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }
gen_ca() { # name CN
  gen_key "$PKI/$1.key"
  openssl req -x509 -new -key "$PKI/$1.key" -subj "/CN=$2" -days 3650 -out "$PKI/$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
}
gen_cert() { # name ca subject client|server [subjectAltName]
  local name="$1" ca="$2" subj="$3" kind="$4" san="${5:-}" ext
  gen_key "$PKI/$name.key"
  ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment"
  if [[ $kind == server ]]; then ext+=$'\nextendedKeyUsage=serverAuth'; else ext+=$'\nextendedKeyUsage=clientAuth'; fi
  [[ -n "$san" ]] && ext+=$'\n'"subjectAltName=$san"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" 2>/dev/null |
    openssl x509 -req -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 3650 -out "$PKI/$name.crt" -extfile <(printf '%s\n' "$ext") 2>/dev/null
}
ensure_pki() {
  [[ -f "$PKI/.done" ]] && return 0
  log "generating certificates and keys in $PKI"
  rm -rf "$PKI"; mkdir -p "$PKI"; chmod 700 "$PKI"
  gen_ca ca "slipway-$NAME-ca"
  gen_ca front-proxy-ca "slipway-$NAME-front-proxy-ca"
  gen_cert apiserver ca "/CN=kube-apiserver" server \
    "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  gen_cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" client
  gen_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" client
  gen_cert admin ca "/O=system:masters/CN=kubernetes-admin" client
  gen_cert controller-manager ca "/CN=system:kube-controller-manager" client
  gen_cert scheduler ca "/CN=system:kube-scheduler" client
  gen_cert kwok ca "/O=system:masters/CN=system:kwok-controller" client
  gen_cert kwok-serving ca "/CN=kwok-kubelet" server "IP:127.0.0.1,DNS:localhost"
  gen_cert metrics-server ca "/CN=system:metrics-server" client
  gen_cert metrics-server-serving ca "/CN=metrics-server" server \
    "IP:127.0.0.1,DNS:localhost,DNS:metrics-server.kube-system.svc,DNS:metrics-server.kube-system.svc.cluster.local"
  gen_key "$PKI/sa.key"; openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  touch "$PKI/.done"
}

b64() { base64 -w0 <"$1"; }
write_kubeconfig() { # file user cert-name | file user --token TOKEN
  local file="$1" user="$2" auth
  if [[ "$3" == --token ]]; then auth="    token: $4"
  else auth="    client-certificate-data: $(b64 "$PKI/$3.crt")
    client-key-data: $(b64 "$PKI/$3.key")"
  fi
  cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $NAME
  cluster:
    server: $SERVER
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: $user
  user:
$auth
contexts:
- name: $user@$NAME
  context:
    cluster: $NAME
    user: $user
current-context: $user@$NAME
EOF
  chmod 600 "$file.tmp"; mv "$file.tmp" "$file"
}

ensure_config() {
  mkdir -p "$STATE" "$LOGS" "$PIDS" "$STATE/etcd" "$STATE/kwok"
  if [[ ! -f "$STATE/ports.env" ]]; then echo "API_PORT=$API_PORT" >"$STATE/ports.env"; fi
  ensure_pki
  write_kubeconfig "$ADMIN_KC" kubernetes-admin admin
  local c
  for c in controller-manager scheduler kwok metrics-server; do
    write_kubeconfig "$STATE/$c.kubeconfig" "$c" "$c"
  done
  # Simulated container logs served by kwok for every pod (kubectl logs), in the CRI log format kwok parses
  # ("<RFC3339Nano> stdout F <line>"); timestamps are when the cluster was created. pod-log-writer.sh appends to it.
  local ts; ts="$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)"
  if ! grep -qE '^[0-9T:.-]+Z stdout F ' "$STATE/kwok/pod.log" 2>/dev/null; then
    {
      echo "$ts stdout F INFO starting application (simulated by KWOK on a Slipway embedded cluster)"
      echo "$ts stdout F INFO listening on :8080"
      echo "$ts stdout F INFO health check ok"
      echo "$ts stdout F INFO ready to serve requests"
    } >"$STATE/kwok/pod.log"
  fi
  # What `kubectl logs --previous` shows: the last words of a container that crashed, so they cannot be mistaken
  # for the current container's lines.
  if ! grep -q 'previous container' "$STATE/kwok/pod-previous.log" 2>/dev/null; then
    {
      echo "$ts stdout F INFO starting application (previous container, simulated by KWOK on a Slipway embedded cluster)"
      echo "$ts stdout F INFO connecting to database at postgres:5432"
      echo "$ts stderr F ERROR database connection failed: dial tcp 10.96.0.20:5432: connect: connection refused"
      echo "$ts stderr F FATAL giving up after 3 attempts; exiting with status 1"
    } >"$STATE/kwok/pod-previous.log"
  fi
  sed -e "s#@POD_LOG@#$STATE/kwok/pod.log#" -e "s#@POD_PREVIOUS_LOG@#$STATE/kwok/pod-previous.log#" \
    "$HERE/kwok/kwok.yaml" >"$STATE/kwok/kwok.yaml"
}

# ---- component command lines ------------------------------------------------------------------------------
start_etcd() {
  start_component etcd --name=slipway --data-dir="$STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="slipway=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state=new \
    --quota-backend-bytes=4294967296 --auto-compaction-retention=1h --snapshot-count=10000 \
    --unsafe-no-fsync=true --log-level=warn
}
start_apiserver() {
  start_component kube-apiserver \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --endpoint-reconciler-type=none \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --authorization-mode=Node,RBAC --anonymous-auth=false \
    --enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs \
    --audit-policy-file="$HERE/manifests/audit-policy.yaml" --audit-log-path="$LOGS/audit.log" \
    --audit-log-maxsize=100 --audit-log-maxbackup=2 --audit-log-format=json \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=true \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-uid-headers=X-Remote-Uid --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --profiling=false --v=1
}
start_controller_manager() {
  start_component kube-controller-manager \
    --kubeconfig="$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$STATE/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false \
    --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" --use-service-account-credentials=true \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --kube-api-qps=200 --kube-api-burst=400 --profiling=false --v=1
}
start_scheduler() {
  start_component kube-scheduler \
    --kubeconfig="$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig="$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig="$STATE/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false --profiling=false --v=1
}
start_kwok() {
  start_component kwok \
    --kubeconfig="$STATE/kwok.kubeconfig" --config="$STATE/kwok/kwok.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
    --tls-cert-file="$PKI/kwok-serving.crt" --tls-private-key-file="$PKI/kwok-serving.key" \
    --cidr=10.0.0.0/16 --node-lease-duration-seconds=40
}
start_metrics_server() {
  start_component metrics-server \
    --kubeconfig="$STATE/metrics-server.kubeconfig" \
    --authentication-kubeconfig="$STATE/metrics-server.kubeconfig" \
    --authorization-kubeconfig="$STATE/metrics-server.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$MS_PORT" \
    --tls-cert-file="$PKI/metrics-server-serving.crt" --tls-private-key-file="$PKI/metrics-server-serving.key" \
    --kubelet-preferred-address-types=InternalIP --kubelet-use-node-status-port --kubelet-insecure-tls \
    --metric-resolution=10s --kubelet-request-timeout=5s
}

# pod-log-writer.sh is a bash script, not one of the binaries pid_of recognises: its pid file is checked against
# its command line instead.
pod_log_writer_pid() {
  local f="$PIDS/pod-log-writer.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"; [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "pod-log-writer.sh $STATE/kwok/pod.log " || return 1
  echo "$pid"
}
start_pod_log_writer() {
  setsid bash "$HERE/kwok/pod-log-writer.sh" "$STATE/kwok/pod.log" 1 >"$LOGS/pod-log-writer.log" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDS/pod-log-writer.pid"
  log "started pod-log-writer (pid $!, appends to $STATE/kwok/pod.log every 1s)"
}
stop_pod_log_writer() {
  local pid
  if pid="$(pod_log_writer_pid)"; then
    # Its own process group (setsid): takes its `sleep` along.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    log "stopped pod-log-writer (pid $pid)"
  fi
  rm -f "$PIDS/pod-log-writer.pid"
}

# ---- objects ------------------------------------------------------------------------------------------------
apply_bootstrap() {
  sed -e "s#@MS_PORT@#$MS_PORT#g" -e "s#@CA_BUNDLE@#$(b64 "$PKI/ca.crt")#g" "$HERE/manifests/bootstrap.yaml" |
    KUBECTL apply --server-side --force-conflicts --field-manager=slipway-cluster -f - >"$LOGS/bootstrap.log" 2>&1 ||
    { cat "$LOGS/bootstrap.log" >&2; die "applying cluster/manifests/bootstrap.yaml failed (see $LOGS/bootstrap.log)"; }
  # Slipway's own once-per-cluster objects (the tiers' ClusterRoles, the portal identity's roles, the
  # admission policies), rendered from the access table in plugins/idp-environments-common by
  # scripts/render-cluster-setup.ts. Earlier setups bound platform admins cluster-wide: that binding goes.
  KUBECTL delete clusterrolebinding slipway-platform-admins --ignore-not-found >>"$LOGS/bootstrap.log" 2>&1 || true
  KUBECTL apply --server-side --force-conflicts --field-manager=slipway-cluster -f "$HERE/manifests/slipway-cluster-setup.json" \
    >>"$LOGS/bootstrap.log" 2>&1 ||
    { cat "$LOGS/bootstrap.log" >&2; die "applying cluster/manifests/slipway-cluster-setup.json failed (see $LOGS/bootstrap.log)"; }
}

nodes_yaml() { # count
  local i
  for ((i = 0; i < $1; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
    metrics.k8s.io/resource-metrics-path: /metrics/nodes/kwok-node-$i/metrics/resource
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: kwok-node-$i
    node-role.kubernetes.io/agent: ""
    topology.kubernetes.io/zone: zone-$((i % 3))
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  capacity: {cpu: "32", memory: 256Gi, pods: "110", ephemeral-storage: 1Ti}
  nodeInfo: {architecture: amd64, operatingSystem: linux, kubeletVersion: $KUBERNETES_VERSION}
EOF
  done
}
ensure_nodes() { # count
  local want="$1" have extra=() n
  have="$(KUBECTL get nodes -l type=kwok -o name 2>/dev/null | sed 's#^node/##')"
  local missing=0
  for ((n = 0; n < want; n++)); do grep -qx "kwok-node-$n" <<<"$have" || missing=$((missing + 1)); done
  if ((missing > 0)); then
    log "creating $missing simulated node(s) (want $want)"
    # create (not apply) so status is written at creation; kwok takes over the status afterwards.
    nodes_yaml "$want" | KUBECTL create -f - 2>&1 | grep -v 'AlreadyExists' >"$LOGS/nodes.log" || true
  fi
  for n in $have; do
    if [[ "$n" =~ ^kwok-node-([0-9]+)$ ]] && ((BASH_REMATCH[1] >= want)); then extra+=("$n"); fi
  done
  if ((${#extra[@]} > 0)); then
    log "deleting ${#extra[@]} surplus simulated node(s)"
    KUBECTL delete node "${extra[@]}" --wait=false >/dev/null
  fi
  echo "$want" >"$STATE/nodes"
}

nodes_ready() {
  local want="$1" ready
  ready="$(KUBECTL get nodes -l type=kwok --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)"
  ((ready >= want))
}

ensure_backend_kubeconfig() {
  # Re-mint when missing, pointing elsewhere, or rejected (e.g. the ServiceAccount was deleted and re-created).
  if [[ -f "$BACKEND_KC" ]] && grep -q "server: $SERVER\$" "$BACKEND_KC" &&
     "$BIN_DIR/kubectl" --kubeconfig "$BACKEND_KC" auth whoami >/dev/null 2>&1; then return 0; fi
  local token
  token="$(KUBECTL -n slipway-system create token slipway-backend --duration=87600h)" ||
    die "could not mint a token for slipway-system/slipway-backend"
  write_kubeconfig "$BACKEND_KC" slipway-backend --token "$token"
  log "wrote $BACKEND_KC (ServiceAccount slipway-system/slipway-backend)"
}

ensure_backend_token_file() { # the token of $BACKEND_KC, written atomically so a reader never sees half of it
  local token
  token="$(awk '$1 == "token:" {print $2; exit}' "$BACKEND_KC")"
  [[ -n "$token" ]] || die "$BACKEND_KC has no token; run cluster/cluster.sh reset and up"
  if [[ "$(cat "$BACKEND_TOKEN" 2>/dev/null)" != "$token" ]]; then
    (umask 077; printf '%s' "$token" >"$BACKEND_TOKEN.tmp")
    mv -f "$BACKEND_TOKEN.tmp" "$BACKEND_TOKEN"
  fi
}

# ---- commands -------------------------------------------------------------------------------------------
cmd_up() {
  local nodes="${SLIPWAY_CLUSTER_NODES:-}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --nodes) nodes="$2"; shift 2 ;; --nodes=*) nodes="${1#*=}"; shift ;;
      *) die "unknown flag for up: $1" ;;
    esac
  done
  [[ -z "$nodes" && -f "$STATE/nodes" ]] && nodes="$(cat "$STATE/nodes")"
  nodes="${nodes:-3}"
  [[ "$nodes" =~ ^[0-9]+$ ]] || die "--nodes must be a number"

  mkdir -p "$STATE"
  # Progress for the console and the portal: the binaries still to build with their estimates, then the start.
  local plan start_t0 start_estimate
  plan="$("$HERE/build.sh" --plan | awk '{printf " %s:%s", $1, $2}')"
  start_estimate=""
  [[ -f "$DURATIONS" ]] && start_estimate="$(awk '$1 == "start" { s = $2 } END { print s }' "$DURATIONS")"
  start_estimate="${start_estimate:-45}"
  if [[ -n "$plan" ]] || ! is_running kube-apiserver; then
    : >"$PROGRESS"
    progress "begin $$"
    progress "plan$plan start:$start_estimate"
    PROGRESS_ACTIVE=1
  fi
  SLIPWAY_BUILD_PROGRESS="${PROGRESS_ACTIVE:+$PROGRESS}" SLIPWAY_BUILD_THEN_SECONDS="$start_estimate" "$HERE/build.sh" >&2 \
    || die "building the control-plane binaries failed"
  exec 9>"$STATE/.lock"; flock 9   # serialise concurrent up/down of the same cluster
  [[ -z "${PROGRESS_ACTIVE:-}" ]] || progress "step start"
  start_t0=$(date +%s)
  load_ports
  ensure_config

  if ! is_running etcd; then start_etcd; fi
  wait_for "etcd health" etcd 60 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
  if ! is_running kube-apiserver; then start_apiserver; fi
  wait_for "kube-apiserver /readyz" kube-apiserver "$TIMEOUT" \
    curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$SERVER/readyz"
  log "kube-apiserver ready at $SERVER"
  is_running kube-controller-manager || start_controller_manager
  is_running kube-scheduler || start_scheduler
  if ! is_running kwok; then
    # kwok only drives nodes whose Lease it holds; a previous kwok's leases would block it until they expire
    # (40s). Only simulated nodes exist, so every lease in kube-node-lease is kwok's.
    KUBECTL -n kube-node-lease delete leases --all --wait=false >/dev/null 2>&1 || true
    start_kwok
  fi
  pod_log_writer_pid >/dev/null || start_pod_log_writer
  apply_bootstrap
  is_running metrics-server || start_metrics_server
  ensure_nodes "$nodes"
  ensure_backend_kubeconfig
  ensure_backend_token_file
  wait_for "$nodes node(s) Ready (kwok)" kwok "$TIMEOUT" nodes_ready "$nodes"
  log "$nodes node(s) Ready"
  wait_for "metrics.k8s.io API (APIService v1beta1.metrics.k8s.io)" metrics-server "$TIMEOUT" \
    KUBECTL get --raw /apis/metrics.k8s.io/v1beta1/nodes
  local c
  for c in "${COMPONENTS[@]}"; do
    is_running "$c" || { tail -n 20 "$LOGS/$c.log" >&2; die "$c is not running; read $LOGS/$c.log"; }
  done
  pod_log_writer_pid >/dev/null || { tail -n 20 "$LOGS/pod-log-writer.log" >&2; die "pod-log-writer is not running; read $LOGS/pod-log-writer.log"; }
  if [[ -n "${PROGRESS_ACTIVE:-}" ]]; then
    mkdir -p "$(dirname "$DURATIONS")"
    echo "start $(( $(date +%s) - start_t0 )) $(date +%s)" >>"$DURATIONS"
    progress "ready"
  fi
  log "cluster '$NAME' is up: KUBECONFIG=$ADMIN_KC (state $STATE)"
}

cmd_down() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"; flock 9
  # All at once: state lives in etcd, which shuts down cleanly on SIGTERM; clients need no drain.
  stop_pod_log_writer
  stop_components metrics-server kwok kube-scheduler kube-controller-manager kube-apiserver etcd
  log "cluster '$NAME' is down (state kept in $STATE)"
}

cmd_reset() {
  if [[ -d "$STATE" && ! -f "$STATE/ports.env" && ! -d "$STATE/pki" ]]; then
    die "$STATE does not look like a cluster state dir (no ports.env/pki); not deleting it"
  fi
  cmd_down
  rm -rf "$STATE"
  log "removed $STATE"
}

cmd_status() {
  load_ports
  local c pid ok=0
  for c in "${COMPONENTS[@]}"; do
    if pid="$(pid_of "$c")"; then
      printf '%-24s running  pid %-8s port %s  rss %s\n' "$c" "$pid" "$(port_of "$c")" \
        "$(awk '/VmRSS/ {printf "%d MiB", $2/1024}' "/proc/$pid/status")"
    else
      printf '%-24s stopped\n' "$c"; ok=1
    fi
  done
  # Not a control-plane component: without it logs only stop growing, so it does not fail the status (callers
  # treat a failed status as "not running" and would restart or later stop a cluster they did not start).
  if pid="$(pod_log_writer_pid)"; then
    printf '%-24s running  pid %-8s appends to %s\n' pod-log-writer "$pid" "$STATE/kwok/pod.log"
  else
    printf '%-24s stopped  (cluster.sh up starts it)\n' pod-log-writer
  fi
  if [[ $ok == 0 ]] && KUBECTL get --raw /readyz >/dev/null 2>&1; then
    echo "apiserver: healthy at $SERVER"
    echo "nodes: $(KUBECTL get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l) Ready"
  else
    echo "apiserver: not healthy"; ok=1
  fi
  return $ok
}

cmd_env() {
  load_ports
  local p=""
  [[ "${1:-}" == --export ]] && p="export "
  echo "${p}KUBECONFIG=$ADMIN_KC"
  echo "${p}SLIPWAY_BACKEND_KUBECONFIG=$BACKEND_KC"
  echo "${p}SLIPWAY_CLUSTER_SERVER=$SERVER"
  echo "${p}SLIPWAY_CLUSTER_CA=$PKI/ca.crt"
  echo "${p}SLIPWAY_CLUSTER_DIR=$STATE"
  echo "${p}SLIPWAY_KUBECTL=$BIN_DIR/kubectl"
  echo "${p}SLIPWAY_CLUSTER_TOKEN_FILE=$BACKEND_TOKEN"
  echo "${p}SLIPWAY_CLUSTER_PROGRESS=$PROGRESS"
}

cmd_kubeconfig() {
  case "${1:-admin}" in
    admin) cat "$ADMIN_KC" ;; backend) cat "$BACKEND_KC" ;; *) die "kubeconfig admin|backend" ;;
  esac
}

[[ "${BASH_SOURCE[0]}" == "$0" ]] || return 0   # sourced (tests/debugging): only define functions

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  reset|delete) cmd_reset ;;
  status) cmd_status ;;
  env) shift; cmd_env "$@" ;;
  kubeconfig) shift; cmd_kubeconfig "$@" ;;
  kubectl) shift; load_ports; KUBECTL "$@" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
