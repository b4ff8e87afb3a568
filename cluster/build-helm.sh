#!/usr/bin/env bash
# Builds Helm and kubeconform, pinned in cluster/versions.env, from their Go modules into
# ${SLIPWAY_CACHE:-$HOME/.cache/slipway}/helm/<version>/bin/helm and .../kubeconform/<version>/bin/kubeconform,
# for the chart under deploy/ and its tests (packages/helm-chart). Idempotent; concurrent callers wait for one build.
# `helm version` and `kubeconform -v` print the pinned versions (set with -ldflags, as the projects' Makefiles do).
#
# Usage: cluster/build-helm.sh [--print-path|--print-kubeconform-path]
# Env: SLIPWAY_CACHE, GO (go binary), SLIPWAY_BUILD_NICE (default 15).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

CACHE="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"
HELM="$CACHE/helm/$HELM_VERSION/bin/helm"
KUBECONFORM="$CACHE/kubeconform/$KUBECONFORM_VERSION/bin/kubeconform"
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
  --print-path) echo "$HELM"; exit 0 ;;
  --print-kubeconform-path) echo "$KUBECONFORM"; exit 0 ;;
  '') ;;
  *) die "unknown argument $1 (use --print-path or --print-kubeconform-path)" ;;
esac
[[ -x "$HELM" && -x "$KUBECONFORM" ]] && exit 0

mkdir -p "$(dirname "$HELM")" "$(dirname "$KUBECONFORM")"
exec 8>"$CACHE/helm/.build.lock"
flock 8
[[ -x "$HELM" && -x "$KUBECONFORM" ]] && exit 0

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$(command -v "$GO" 2>/dev/null)" ]] || die "Go is not installed and $HELM is missing; install Go >= $GO_MIN_VERSION, put it on PATH (or set GO), and re-run $0"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false"
gb="$(mktemp -d)"
trap 'rm -rf "$gb"' EXIT

# One Go build at a time on this machine (the control plane's and the other tools' builds take the same lock).
go_install() { (cd "$gb" && GOBIN="$gb" nice -n "${SLIPWAY_BUILD_NICE:-15}" flock /tmp/slipway-go-build.lock "$GO" install -trimpath "$@"); }

if [[ ! -x "$HELM" ]]; then
  start=$(date +%s)
  log "building Helm $HELM_VERSION (helm.sh/helm/v3/cmd/helm) ..."
  hv=helm.sh/helm/v3/internal/version
  go_install -ldflags "-s -w -X $hv.version=$HELM_VERSION -X $hv.metadata= -X $hv.gitTreeState=clean \
    -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" || die "could not build Helm $HELM_VERSION (see the Go errors above)"
  "$gb/helm" version --short | grep -q "^$HELM_VERSION" || die "the built helm does not report $HELM_VERSION: $("$gb/helm" version --short)"
  mv "$gb/helm" "$HELM"
  log "built Helm in $(( $(date +%s) - start ))s: $HELM"
fi

if [[ ! -x "$KUBECONFORM" ]]; then
  start=$(date +%s)
  log "building kubeconform $KUBECONFORM_VERSION (github.com/yannh/kubeconform/cmd/kubeconform) ..."
  go_install -ldflags "-s -w -X main.version=$KUBECONFORM_VERSION" "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" \
    || die "could not build kubeconform $KUBECONFORM_VERSION (see the Go errors above)"
  [[ "$("$gb/kubeconform" -v)" == "$KUBECONFORM_VERSION" ]] || die "the built kubeconform does not report $KUBECONFORM_VERSION"
  mv "$gb/kubeconform" "$KUBECONFORM"
  log "built kubeconform in $(( $(date +%s) - start ))s: $KUBECONFORM"
fi
