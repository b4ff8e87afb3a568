#!/usr/bin/env bash
# Builds the binaries of Slipway's embedded Kubernetes control plane from the upstream Go modules at the
# versions pinned in cluster/versions.env, all in ONE Go module (cluster/build/go.mod):
#   etcd kube-apiserver kube-controller-manager kube-scheduler kwok metrics-server kubectl
# Every module KWOK and metrics-server share with k8s.io/kubernetes is pinned (replace) to the version
# Kubernetes uses, so they compile against the very packages the control plane already compiled: Go's build
# cache turns their build into ~100 packages of their own plus a link. kwokctl is not built (nothing uses it).
# Output: ${SLIPWAY_CACHE:-$HOME/.cache/slipway}/k8s/<versions>-<recipe hash>/bin/. Idempotent.
#
# Usage: cluster/build.sh [--print-bin-dir] [--plan] [--verify] [--regen-mod] [--force] [component...]
#   --print-bin-dir  print the bin dir for the pinned versions and this recipe, and exit (no build)
#   --plan           print "component estimated-seconds" for each binary still to build, and exit
#   --verify         check that each built binary's --version prints the pinned release (scripts/test.sh)
#   --regen-mod      regenerate cluster/build/go.mod + go.sum (after a version bump)
#   --force          rebuild even if present
# Env: SLIPWAY_CACHE, GO (go binary), SLIPWAY_BUILD_NICE (default 10), SLIPWAY_BUILD_PROGRESS (a file the
#      progress is appended to, see cluster/README.md "Build progress"; the portal reads it),
#      SLIPWAY_BUILD_THEN_SECONDS (the estimate of what the caller does after the build, counted as one more
#      step in the console's "step n of m" and time left: cluster.sh up's start).
# Progress (step n of m, elapsed, estimate) goes to stderr; each binary's build seconds are recorded in
# <bin>/.build-times and in <cache>/k8s/build-durations (the estimates of later builds).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
MOD_DIR="$HERE/build"

CACHE_ROOT="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"
# The recipe (this script, the module) is part of the key: a changed recipe builds into a new directory.
RECIPE_HASH="$(cat "$HERE/build.sh" "$HERE/versions.env" "$MOD_DIR/go.mod" "$MOD_DIR/go.sum" 2>/dev/null | sha256sum | cut -c1-10)"
VERSIONS_KEY="k8s-${KUBERNETES_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_ms-${METRICS_SERVER_VERSION}-${RECIPE_HASH}"
BIN_DIR="$CACHE_ROOT/k8s/$VERSIONS_KEY/bin"
DURATIONS="$CACHE_ROOT/k8s/build-durations"
# Build order: etcd and kube-apiserver compile most of the shared graph; the rest mostly reuse it.
ALL_COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok metrics-server kubectl)
# Seconds each step takes on a 2-core machine with an empty Go build cache, used until this machine has
# recorded its own (bench/foundation --cold, 2026-12-01, while the portal started beside it: 912 s in all).
declare -A DEFAULT_SECONDS=(
  [etcd]=110 [kube-apiserver]=512 [kube-controller-manager]=184 [kube-scheduler]=15
  [kwok]=28 [metrics-server]=20 [kubectl]=43
)

log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
progress() { [[ -z "${SLIPWAY_BUILD_PROGRESS:-}" ]] || echo "$(date +%s) $*" >>"$SLIPWAY_BUILD_PROGRESS"; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; progress "failed building the control plane: ${*%%$'\n'*}"; exit 1; }

# The estimate for a component: the last duration recorded on this machine, else the default.
estimate_of() {
  local recorded=""
  [[ -f "$DURATIONS" ]] && recorded="$(awk -v c="$1" '$1 == c { s = $2 } END { print s }' "$DURATIONS")"
  echo "${recorded:-${DEFAULT_SECONDS[$1]}}"
}
minutes() { # seconds -> "about N min" / "under a minute"
  if (( $1 < 60 )); then echo "under a minute"; else echo "about $(( ($1 + 30) / 60 )) min"; fi
}

force=0 regen=0 plan=0 verify=0 want=()
for a in "$@"; do
  case "$a" in
    --print-bin-dir) echo "$BIN_DIR"; exit 0 ;;
    --plan) plan=1 ;;
    --verify) verify=1 ;;
    --regen-mod) regen=1 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown flag $a" ;;
    *) want+=("$a") ;;
  esac
done
[[ ${#want[@]} -gt 0 ]] || want=("${ALL_COMPONENTS[@]}")

missing_components() {
  local c
  for c in "${ALL_COMPONENTS[@]}"; do
    [[ " ${want[*]} " == *" $c "* ]] || continue
    if [[ $force == 1 || ! -x "$BIN_DIR/$c" ]]; then echo "$c"; fi
  done
}
for c in "${want[@]}"; do
  [[ " ${ALL_COMPONENTS[*]} " == *" $c "* ]] || die "unknown component $c (known: ${ALL_COMPONENTS[*]})"
done
if [[ $plan == 1 ]]; then
  for c in $(missing_components); do echo "$c $(estimate_of "$c")"; done
  exit 0
fi

# One build at a time per versions key (concurrent `cluster.sh up` callers wait here, then find the binaries).
mkdir -p "$BIN_DIR"
exec 8>"$BIN_DIR/../.build.lock"
flock 8

mapfile -t missing < <(missing_components)
if [[ ${#missing[@]} -eq 0 && $regen == 0 && $verify == 0 ]]; then
  log "all binaries present in $BIN_DIR"
  exit 0
fi

# ---- Go toolchain ---------------------------------------------------------------------------------------
GO="${GO:-}"
if [[ -z "$GO" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go
  fi
fi
if [[ -z "$GO" || ! -x "$(command -v "$GO" 2>/dev/null)" ]]; then
  die "Go is not installed (or GO=$GO is not executable) and $BIN_DIR lacks: ${missing[*]}.
  Install Go >= $GO_MIN_VERSION (https://go.dev/dl/), put it on PATH (or set GO=/path/to/go), and re-run cluster/build.sh."
fi
gov="$("$GO" env GOVERSION)"; gov="${gov#go}"
if [[ "$(printf '%s\n%s\n' "$GO_MIN_VERSION" "${gov%%[-+ ]*}" | sort -V | head -1)" != "$GO_MIN_VERSION" ]]; then
  die "Go $gov is too old; install Go >= $GO_MIN_VERSION (pinned Kubernetes $KUBERNETES_VERSION / metrics-server $METRICS_SERVER_VERSION need it)."
fi
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false"
# Compiles yield to interactive work (nice) and wait for any other Go build on the machine (build_one
# holds /tmp/slipway-go-build.lock for each step; the wait is not counted as the step's duration).
GO_RUN=(nice -n "${SLIPWAY_BUILD_NICE:-10}" "$GO")
exec 7>>/tmp/slipway-go-build.lock

regen_mod() {
  log "generating $MOD_DIR/go.mod for k8s.io/kubernetes $KUBERNETES_VERSION (staging => $KUBERNETES_STAGING_VERSION)"
  local kmod staging tmp
  kmod="$(GOFLAGS=-mod=mod "$GO" mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  [[ -f "$kmod" ]] || die "could not download k8s.io/kubernetes@$KUBERNETES_VERSION go.mod"
  staging="$(grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$kmod" | awk '{print $1}')"
  header() {
    echo "// Build module for Slipway's embedded Kubernetes control plane."
    echo "// Generated by cluster/build.sh (regen: cluster/build.sh --regen-mod). Pins k8s.io/kubernetes, replaces every"
    echo "// staging module (v0.0.0 in k8s.io/kubernetes's go.mod) with its published release, and pins every other"
    echo "// module of the control plane's graph to the version Kubernetes uses, so KWOK and metrics-server share its"
    echo "// compiled packages."
    echo "module slipway.local/cluster-build"
    echo
    echo "go $(sed -n 's/^go //p' "$kmod")"
    echo
    grep '^godebug' "$kmod" || true
    echo
    echo "replace ("
    for s in $staging; do echo "	$s => $s $KUBERNETES_STAGING_VERSION"; done
    echo ")"
  }
  # 1. The control plane alone: its module graph is the one Kubernetes' own build resolves.
  header > "$MOD_DIR/go.mod"
  rm -f "$MOD_DIR/go.sum"
  (cd "$MOD_DIR" && "$GO" get \
    "k8s.io/kubernetes/cmd/kube-apiserver@$KUBERNETES_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@$KUBERNETES_VERSION" \
    "k8s.io/kubernetes/cmd/kube-scheduler@$KUBERNETES_VERSION" \
    "k8s.io/kubernetes/cmd/kubectl@$KUBERNETES_VERSION" \
    "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  # 2. Pin that graph, then add KWOK and metrics-server: what they share with Kubernetes stays at its version.
  tmp="$(mktemp)"
  (cd "$MOD_DIR" && "$GO" list -m -f '{{if and (not .Main) (not .Replace)}}{{.Path}} {{.Version}}{{end}}' all) \
    | awk 'NF == 2 && $1 != "k8s.io/kubernetes" && $1 !~ /^go\.etcd\.io\// { print "\t" $1 " => " $1 " " $2 }' >"$tmp"
  { echo; echo "// The control plane's module graph, pinned."; echo "replace ("; cat "$tmp"; echo ")"; } >>"$MOD_DIR/go.mod"
  rm -f "$tmp"
  (cd "$MOD_DIR" && "$GO" get \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" \
    "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION")
}
if [[ $regen == 1 ]] || ! grep -q "k8s.io/kubernetes $KUBERNETES_VERSION" "$MOD_DIR/go.mod" 2>/dev/null \
   || ! grep -q "go.etcd.io/etcd/server/v3 $ETCD_VERSION" "$MOD_DIR/go.mod" \
   || ! grep -q "sigs.k8s.io/kwok $KWOK_VERSION" "$MOD_DIR/go.mod" \
   || ! grep -q "sigs.k8s.io/metrics-server $METRICS_SERVER_VERSION" "$MOD_DIR/go.mod"; then
  regen_mod
  log "cluster/build/go.mod changed: commit it (the recipe hash, hence the bin dir, changes with it)"
  exit 0
fi

# -gcflags=all=-dwarf=false: the linker strips debug info anyway (-w), so the compiler need not emit it;
# measured on 2 cores, cold, the 1,261 packages under k8s.io/apiserver/pkg/server: 388 s -> 328 s.
# Version stamping, as kubernetes/hack/lib/version.sh does it (client-go + component-base).
minor="$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
K8S_LDFLAGS="-s -w"
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$KUBERNETES_BUILD_DATE"
done
KWOK_LDFLAGS="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBERNETES_VERSION#v}"
# metrics-server reports client-go's gitVersion as its own (so it must be linked on its own).
MS_LDFLAGS="-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION -X k8s.io/client-go/pkg/version.buildDate=$KUBERNETES_BUILD_DATE"

package_of() {
  case "$1" in
    kube-apiserver|kube-controller-manager|kube-scheduler|kubectl) echo "k8s.io/kubernetes/cmd/$1" ;;
    etcd) echo "go.etcd.io/etcd/server/v3" ;;
    kwok) echo "sigs.k8s.io/kwok/cmd/kwok" ;;
    metrics-server) echo "sigs.k8s.io/metrics-server/cmd/metrics-server" ;;
  esac
}
ldflags_of() {
  case "$1" in kwok) echo "$KWOK_LDFLAGS" ;; metrics-server) echo "$MS_LDFLAGS" ;; etcd) echo "-s -w" ;; *) echo "$K8S_LDFLAGS" ;; esac
}
# What `<binary> --version` must print: a binary that does not carry the pinned release is not kept.
expected_version_of() {
  case "$1" in
    etcd) echo "${ETCD_VERSION#v}" ;; kwok) echo "$KWOK_VERSION" ;; metrics-server) echo "$METRICS_SERVER_VERSION" ;;
    kubectl) echo "Client Version: $KUBERNETES_VERSION" ;; *) echo "Kubernetes $KUBERNETES_VERSION" ;;
  esac
}
check_version() { # component file
  local out
  if [[ "$1" == kubectl ]]; then out="$("$2" version --client 2>&1 || true)"; else out="$("$2" --version 2>&1 || true)"; fi
  [[ "$out" == *"$(expected_version_of "$1")"* ]] \
    || die "$1 built from cluster/build/go.mod does not report $(expected_version_of "$1") (--version said: ${out%%$'\n'*}); run cluster/build.sh --regen-mod and rebuild"
}

if [[ $verify == 1 ]]; then
  for c in "${want[@]}"; do
    [[ -x "$BIN_DIR/$c" ]] || die "$BIN_DIR/$c is missing: run cluster/build.sh"
    check_version "$c" "$BIN_DIR/$c"
    log "$c reports $(expected_version_of "$c")"
  done
  exit 0
fi

# Steps left and the estimate of what remains, for the console (the caller's step after the build included).
then_seconds="${SLIPWAY_BUILD_THEN_SECONDS:-}"
steps_total=$(( ${#missing[@]} + (${#then_seconds} > 0 ? 1 : 0) ))
remaining_after() { # index: estimated seconds of the steps after it
  local i s=${then_seconds:-0}
  for ((i = $1 + 1; i < ${#missing[@]}; i++)); do s=$((s + $(estimate_of "${missing[$i]}"))); done
  echo "$s"
}

build_one() { # index
  local i="$1" c="${missing[$1]}" out="$BIN_DIR/.$c.tmp" start end est ticker
  est="$(estimate_of "$c")"
  if ! flock -n 7; then
    log "waiting for another Go build on this machine to finish (flock /tmp/slipway-go-build.lock)"
    progress "wait another Go build on this machine"
    flock 7
  fi
  start=$(date +%s)
  progress "step $c"
  log "step $((i + 1)) of $steps_total: $c (estimate $(minutes "$est"); $(minutes $((est + $(remaining_after "$i")))) left in all)"
  # A line every 30 s while the step runs, so the console shows it is alive and how long is left.
  ( while sleep 30; do
      e=$(( $(date +%s) - start ))
      left=$(( (est > e ? est - e : 15) + $(remaining_after "$i") ))
      log "  still building $c ($((i + 1)) of $steps_total), $((e / 60))m$((e % 60))s elapsed, $(minutes "$left") left"
    done ) &
  ticker=$!
  if ! (cd "$MOD_DIR" && "${GO_RUN[@]}" build -trimpath -gcflags=all=-dwarf=false -ldflags "$(ldflags_of "$c")" -o "$out" "$(package_of "$c")"); then
    kill "$ticker" 2>/dev/null || true
    die "compiling $c failed (see the Go errors above)"
  fi
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  flock -u 7
  check_version "$c" "$out"
  mv "$out" "$BIN_DIR/$c"
  end=$(date +%s)
  echo "$c $((end - start))" >> "$BIN_DIR/.build-times"
  echo "$c $((end - start)) $end" >> "$DURATIONS"
  progress "built $c $((end - start))"
  log "built $c in $((end - start))s ($(du -h "$BIN_DIR/$c" | cut -f1))"
}

total_start=$(date +%s)
log "Go $gov; building ${missing[*]} into $BIN_DIR"
for i in "${!missing[@]}"; do build_one "$i"; done
log "done in $(( $(date +%s) - total_start ))s: $BIN_DIR"
