#!/usr/bin/env bash
# Builds Slipway's External Secrets Operator (cluster/external-secrets: ESO's controllers with only the kubernetes
# and vault providers and the Password generator) at EXTERNAL_SECRETS_VERSION from cluster/versions.env into
# ${SLIPWAY_CACHE:-$HOME/.cache/slipway}/external-secrets/<version>/bin/external-secrets-<hash>, where <hash> is of
# cluster/external-secrets/ (main, go.mod/go.sum, overlay). Next to it, crds.yaml: ESO's CRD bundle of that version.
# Idempotent; concurrent callers wait for one build.
#
# ESO's controllers blank-import pkg/{provider,generator}/register, which import every provider (every cloud SDK).
# Go cannot overlay files in the module cache, so the build copies ESO's module source, replaces those two files
# with cluster/external-secrets/overlay/*.go, and points the main module at the copy (go mod edit -replace).
#
# Usage: cluster/build-external-secrets.sh [--print-path|--print-crds|--regen-mod]
#   --print-path  print the binary's path and exit (no build)
#   --print-crds  print the CRD bundle's path and exit (no build)
#   --regen-mod   regenerate cluster/external-secrets/go.mod + go.sum (after a version bump), then build
# Env: SLIPWAY_CACHE, GO (go binary), SLIPWAY_BUILD_NICE (default 15).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"

SRC="$HERE/external-secrets"
ESO_MODULE=github.com/external-secrets/external-secrets
SRC_HASH="$(cd "$SRC" && cat main.go go.mod go.sum overlay/*.go | sha256sum | cut -c1-12)"
OUT_DIR="${SLIPWAY_CACHE:-$HOME/.cache/slipway}/external-secrets/$EXTERNAL_SECRETS_VERSION"
BIN="$OUT_DIR/bin/external-secrets-$SRC_HASH"
CRDS="$OUT_DIR/crds.yaml"
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

regen=0
case "${1:-}" in
  --print-path) echo "$BIN"; exit 0 ;;
  --print-crds) echo "$CRDS"; exit 0 ;;
  --regen-mod) regen=1 ;;
  '') ;;
  *) die "unknown argument $1 (use --print-path, --print-crds or --regen-mod)" ;;
esac
[[ $regen == 0 && -x "$BIN" && -s "$CRDS" ]] && exit 0

mkdir -p "$OUT_DIR/bin"
exec 8>"$OUT_DIR/.build.lock"
flock 8
[[ $regen == 0 && -x "$BIN" && -s "$CRDS" ]] && exit 0

GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$(command -v "$GO" 2>/dev/null)" ]] || die "Go is not installed and $BIN is missing; install Go >= $GO_MIN_VERSION, put it on PATH (or set GO), and re-run $0"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false"

start=$(date +%s)
log "building External Secrets Operator $EXTERNAL_SECRETS_VERSION (kubernetes + vault providers, Password generator) ..."
gb="$(mktemp -d)"
trap 'chmod -R u+w "$gb" 2>/dev/null; rm -rf "$gb"' EXIT
eso_dir="$("$GO" mod download -json "$ESO_MODULE@$EXTERNAL_SECRETS_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$eso_dir" ]] || die "could not download $ESO_MODULE@$EXTERNAL_SECRETS_VERSION from the Go module proxy (GOPROXY=$("$GO" env GOPROXY))"
cp -r "$eso_dir/apis" "$eso_dir/pkg" "$eso_dir/go.mod" "$eso_dir/go.sum" "$eso_dir/LICENSE" "$gb/" && mkdir "$gb/eso" && mv "$gb"/{apis,pkg,go.mod,go.sum,LICENSE} "$gb/eso/"
chmod -R u+w "$gb/eso"
cp "$SRC/overlay/provider_register.go" "$gb/eso/pkg/provider/register/register.go"
cp "$SRC/overlay/generator_register.go" "$gb/eso/pkg/generator/register/register.go"
mkdir "$gb/main" && cp "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" "$gb/main/"
(cd "$gb/main" && "$GO" mod edit -replace "$ESO_MODULE=../eso")
if [[ $regen == 1 ]]; then
  (cd "$gb/main" && "$GO" mod edit -require "$ESO_MODULE@$EXTERNAL_SECRETS_VERSION" && "$GO" mod tidy) || die "go mod tidy failed (see above)"
  (cd "$gb/main" && "$GO" mod edit -dropreplace "$ESO_MODULE" && cp go.mod go.sum "$SRC/" && "$GO" mod edit -replace "$ESO_MODULE=../eso")
  log "regenerated $SRC/go.mod and go.sum; commit them"
fi
(cd "$gb/main" && nice -n "${SLIPWAY_BUILD_NICE:-15}" "$GO" build -mod=readonly -trimpath -ldflags "-s -w" -o "$gb/external-secrets" .) \
  || die "could not build the External Secrets Operator $EXTERNAL_SECRETS_VERSION (see the Go errors above; after a version bump run $0 --regen-mod)"
install -m 0644 "$eso_dir/deploy/crds/bundle.yaml" "$CRDS.tmp" && mv "$CRDS.tmp" "$CRDS"
# The hash in the name changed with the sources: the path is recomputed from them, so a renamed binary is never stale.
[[ $regen == 1 ]] && BIN="$OUT_DIR/bin/external-secrets-$(cd "$SRC" && cat main.go go.mod go.sum overlay/*.go | sha256sum | cut -c1-12)"
mv "$gb/external-secrets" "$BIN"
log "built the External Secrets Operator in $(( $(date +%s) - start ))s: $BIN"
