#!/usr/bin/env bash
# The Dockerfile, tested without a container engine: replays its steps in a clean directory
# (scripts/replay-dockerfile.mjs; stages other than the last are cached under
# $SLIPWAY_CACHE/dockerfile-replay, keyed by what they copy), then runs the image's CMD the way
# `docker run --read-only --tmpfs /tmp` would — an unprivileged user, the install directory not
# writable, writes only to a /tmp of its own — against a throwaway PostgreSQL, the local control
# plane and a stand-in company IdP, and checks:
#   - a missing variable is refused at start, named on stderr, exit code non-zero;
#   - health, the built frontend at /, a sign-in-protected API answering 401;
#   - the production OIDC client is active and the development one (?env=development) is not;
#   - the templates and the organisation from SLIPWAY_ORG_FILE load, the seeded demo org does not;
#   - the image holds production dependencies only, its native modules built, and nothing was
#     written under /app while it ran.
# Prints how long the replay and the start took. Used by scripts/test.sh; exits non-zero on failure.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$SLIPWAY_ROOT/scripts/production-fixture.sh"
cd "$SLIPWAY_ROOT"

pg_port="${SLIPWAY_DOCKERFILE_PG_PORT:-55532}"
port="${SLIPWAY_DOCKERFILE_PORT:-7307}"
oidc_port="${SLIPWAY_DOCKERFILE_OIDC_PORT:-5607}"
work="$(mktemp -d /tmp/slipway-dockerfile.XXXXXX)"
chmod 755 "$work"
cleanup() {
  production_fixture_stop
  chmod -R u+w "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
check() { # description, command...
  if "${@:2}"; then log "ok: $1"; else echo "FAILED: $1"; failed=1; fi
}

# ---- the replay ------------------------------------------------------------------------------
log "replaying the Dockerfile in $work/replay"
replay_started=$SECONDS
node scripts/replay-dockerfile.mjs --dockerfile Dockerfile --context . --out "$work/replay" \
  --cache "$SLIPWAY_CACHE/dockerfile-replay" --mount-map "/home/node/.yarn/berry=$SLIPWAY_CACHE/yarn" \
  || die "the Dockerfile's steps failed (see above)"
replay_seconds=$((SECONDS - replay_started))
image="$work/replay/image"
workdir="$(node -p "require('$work/replay/image.json').workdir")"
app="$image$workdir"
mapfile -t cmd < <(node -p "require('$work/replay/image.json').cmd.join('\n')")
mapfile -t image_env < <(node -p "Object.entries(require('$work/replay/image.json').env).map(([k, v]) => k + '=' + v).join('\n')")

[[ -f "$app/packages/app/dist/index.html" ]] || { echo "the image has no built frontend (packages/app/dist/index.html)"; failed=1; }
[[ -n "$(find "$app/node_modules/better-sqlite3/build" -name '*.node' 2>/dev/null | head -1)" ]] || { echo "better-sqlite3 is not compiled in the image"; failed=1; }
[[ ! -e "$app/node_modules/@backstage/cli" ]] || { echo "the image holds development dependencies (@backstage/cli): the install was not production-only"; failed=1; }
log "image: $(du -sh "$app" | cut -f1) under $workdir ($(du -sh "$app/node_modules" | cut -f1) of node_modules)"

# ---- what it runs against ----------------------------------------------------------------------
production_postgres "$work/pg" "$pg_port"
ensure_cluster
production_idp "$oidc_port" "http://localhost:$port" "$work/oidc.log"
production_environment "$work" "$port" "$pg_port" "$oidc_port"
mkdir -p "$work/tmp" && chmod 1777 "$work/tmp"
production_env=(
  "${image_env[@]}"
  "${PRODUCTION_ENV[@]}"
  # A token for this test to read the catalog with, as a CI job would.
  APP_CONFIG_backend_auth_externalAccess='[{"type":"static","options":{"token":"dockerfile-smoke-test-token","subject":"dockerfile-smoke-test"}}]'
)
# The image's filesystem read-only and a user that could not write it anyway (docker run --read-only).
chmod -R a-w "$image"
user=()
[[ "$(id -u)" == 0 ]] && user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
# run_image [variable to leave out]: the image's CMD in its WORKDIR with production_env, as
# `docker run` would. It execs: call it in a subshell or with &, whose pid then leads the
# backend's own process group (setsid), so the cleanup stops all of it.
run_image() {
  local given=()
  for entry in "${production_env[@]}"; do [[ -n "${1:-}" && "$entry" == "$1="* ]] || given+=("$entry"); done
  cd "$app" && exec env -i PATH="$image/usr/local/bin:/usr/bin:/bin" HOME=/nonexistent TMPDIR="$work/tmp" "${given[@]}" \
    setsid "${user[@]}" "${cmd[@]}"
}
touch "$work/before-start"

# ---- a missing variable is refused --------------------------------------------------------------
refusal_started=$SECONDS
refused_code=0
(run_image AUTH_SESSION_SECRET) >"$work/refused.out" 2>"$work/refused.err" || refused_code=$?
refused_ok() {
  [[ $refused_code != 0 ]] && grep -q 'auth.session.secret .*: set AUTH_SESSION_SECRET' "$work/refused.err" && return
  tail -20 "$work/refused.err"
  return 1
}
check "without AUTH_SESSION_SECRET the start is refused naming it (exit $refused_code after $((SECONDS - refusal_started)) s)" refused_ok

# ---- the production start ----------------------------------------------------------------------
run_image >"$work/backend.log" 2>&1 &
PRODUCTION_PIDS+=($!)
base="http://localhost:$port"
ready_ms="$(wait_ready "$base/.backstage/health/v1/readiness" "${PRODUCTION_PIDS[-1]}" 120)" \
  || { tail -40 "$work/backend.log"; die "the image's backend did not become ready within 120 s"; }
log "the image's backend answered its readiness check $((ready_ms / 1000)).$(((ready_ms % 1000) / 100)) s after start"

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
frontend_ok() { curl -fs "$base/" | grep -q '<div id="root">'; }
check "the built frontend is served at /" frontend_ok
protected_ok() { [[ "$(status "$base/api/catalog/entities")" == 401 ]]; }
check "a sign-in-protected API answers 401 without a token" protected_ok
production_client_ok() { curl -s -o /dev/null -D - "$base/api/auth/oidc/start?env=production" | grep -qi "^location: http://127.0.0.1:$oidc_port/.*client_id=company-portal"; }
check "sign-in goes to the company IdP with the production client" production_client_ok
development_client_absent() { local code; code="$(status "$base/api/auth/oidc/start?env=development")"; [[ "$code" == 404 || "$code" == 400 ]]; }
check "the development OIDC client is not there (?env=development refused)" development_client_absent

count() { curl -fs -H 'Authorization: Bearer dockerfile-smoke-test-token' "$base/api/catalog/entities/by-query?filter=$1&limit=100" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.length))'; }
for _ in $(seq 60); do
  [[ "$(count kind=template 2>/dev/null)" == 3 && "$(count kind=user 2>/dev/null || echo 0)" -gt 0 ]] && break
  sleep 2
done
templates_ok() { [[ "$(count kind=template)" == 3 ]]; }
check "the golden-path templates load ($(count kind=template 2>/dev/null) of 3)" templates_ok
org_ok() { [[ "$(count kind=user)" -gt 0 ]] && curl -fs -H 'Authorization: Bearer dockerfile-smoke-test-token' "$base/api/catalog/entities/by-query?filter=kind=location&limit=100" | grep -q "$work/org/org.yaml"; }
check "the organisation loads from SLIPWAY_ORG_FILE ($(count kind=user 2>/dev/null) users)" org_ok
seeded_absent() { ! curl -fs -H 'Authorization: Bearer dockerfile-smoke-test-token' "$base/api/catalog/entities/by-query?filter=kind=location&limit=100" | grep -q 'catalog/org.yaml"'; }
check "the seeded demo organisation (catalog/org.yaml) is not registered" seeded_absent
written="$(find "$image" -newer "$work/before-start" 2>/dev/null | head -5)"
nothing_written() { [[ -z "$written" ]]; }
check "nothing was written under the image's filesystem while it ran${written:+ (wrote: $written)}" nothing_written
grep -qi 'EACCES\|EROFS\|read-only' "$work/backend.log" && { echo "the backend tried to write where it may not:"; grep -i 'EACCES\|EROFS\|read-only' "$work/backend.log" | head -5; failed=1; }

log "Dockerfile replay: ${replay_seconds} s (stages from cache where their inputs were unchanged); start to ready: $((ready_ms / 1000)).$(((ready_ms % 1000) / 100)) s"
[[ $failed == 0 ]] || { tail -30 "$work/backend.log"; exit 1; }
log "the Dockerfile builds an image that starts read-only in production and passes the smoke test"
