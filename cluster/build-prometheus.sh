#!/usr/bin/env bash
# Builds the Prometheus server pinned in cluster/versions.env from its Go module, without the
# service-discovery plugins (`remove_all_sd`: Slipway's local Prometheus scrapes static targets),
# into ${SLIPWAY_CACHE:-$HOME/.cache/slipway}/prometheus/<version>/bin/prometheus. Idempotent.
#
# Usage: cluster/build-prometheus.sh [--print-path]
# Env: SLIPWAY_CACHE, GO (go binary), SLIPWAY_BUILD_NICE (default 15).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

BIN_DIR="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/prometheus/$PROMETHEUS_VERSION/bin"
BIN="$BIN_DIR/prometheus"
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

[[ "${1:-}" == "--print-path" ]] && { echo "$BIN"; exit 0; }
[[ -x "$BIN" ]] && exit 0

mkdir -p "$BIN_DIR"
exec 8>"$BIN_DIR/.build.lock"
flock 8
[[ -x "$BIN" ]] && exit 0

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$(command -v "$GO" 2>/dev/null)" ]] || die "Go is not installed and $BIN is missing; install Go >= $GO_MIN_VERSION, put it on PATH (or set GO), and re-run $0"

start=$(date +%s)
log "building Prometheus $PROMETHEUS_RELEASE (github.com/prometheus/prometheus@$PROMETHEUS_VERSION) ..."
gb="$(mktemp -d)"
trap 'rm -rf "$gb"' EXIT
pv=github.com/prometheus/common/version
(cd "$gb" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false" GOBIN="$gb" nice -n "${SLIPWAY_BUILD_NICE:-15}" \
  "$GO" install -trimpath -tags remove_all_sd \
  -ldflags "-s -w -X $pv.Version=$PROMETHEUS_RELEASE -X $pv.Branch=release -X $pv.BuildUser=slipway -X $pv.BuildDate=$KUBERNETES_BUILD_DATE" \
  "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS_VERSION") \
  || die "could not build Prometheus $PROMETHEUS_RELEASE (see the Go errors above)"
mv "$gb/prometheus" "$BIN"
log "built Prometheus in $(( $(date +%s) - start ))s: $BIN"
