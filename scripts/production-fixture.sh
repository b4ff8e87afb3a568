# shellcheck shell=bash
# Sourced after toolchain.sh by scripts/test-dockerfile.sh and bench/production/bench.sh: what a
# production start of Slipway needs on this machine, each piece throwaway and on loopback:
# PostgreSQL (Debian's packages), a stand-in for the company IdP (the local OIDC provider with a
# client of its own), the organisation file an admin would mount, and the variables
# app-config.production.yaml reads (PRODUCTION_ENV). Call production_fixture_stop on exit.

source "$(dirname "${BASH_SOURCE[0]}")/throwaway-postgres.sh"

PRODUCTION_PIDS=()
PRODUCTION_PG_BIN=
PRODUCTION_PG_DIRS=()
PRODUCTION_AS_PG=()

# production_postgres DIR PORT: PostgreSQL with user slipway / password pg-secret (call it again
# for another instance).
production_postgres() {
  local dir="$1" port="$2"
  ensure_postgres_bin
  PRODUCTION_PG_BIN="$pg_bin"
  PRODUCTION_PG_DIRS+=("$dir")
  mkdir -p "$dir"
  [[ "$(id -u)" == 0 ]] && { chown postgres "$dir"; PRODUCTION_AS_PG=(runuser -u postgres --); }
  echo pg-secret >"$dir.pwfile" && chmod 644 "$dir.pwfile"
  "${PRODUCTION_AS_PG[@]}" "$PRODUCTION_PG_BIN/initdb" -D "$dir" -U slipway --auth=md5 --pwfile="$dir.pwfile" >"$dir.initdb.log" 2>&1 \
    || { cat "$dir.initdb.log"; die "initdb failed"; }
  "${PRODUCTION_AS_PG[@]}" "$PRODUCTION_PG_BIN/pg_ctl" -D "$dir" -l "$dir/postgres.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
    || die "PostgreSQL did not start on 127.0.0.1:$port (choose another port)"
}

# production_idp PORT BACKEND_BASE_URL LOG: the company IdP's stand-in, client company-portal.
production_idp() {
  SLIPWAY_OIDC_PORT="$1" SLIPWAY_OIDC_CLIENT_ID=company-portal SLIPWAY_OIDC_CLIENT_SECRET=company-secret \
    SLIPWAY_OIDC_REDIRECT_URIS="$2/api/auth/oidc/handler/frame" \
    setsid node "$SLIPWAY_ROOT/packages/local-oidc-provider/src/cli.js" >"$3" 2>&1 &
  PRODUCTION_PIDS+=($!)
}

# production_environment WORK BACKEND_PORT PG_PORT OIDC_PORT: fills PRODUCTION_ENV (NAME=value
# lines). Needs ensure_cluster first; copies the cluster CA and the organisation file under WORK,
# readable by an unprivileged user.
production_environment() {
  local work="$1" port="$2" pg_port="$3" oidc_port="$4"
  cp "$SLIPWAY_CLUSTER_CA" "$work/cluster-ca.crt" && chmod 644 "$work/cluster-ca.crt"
  # The organisation an admin provides (here a copy of the seeded one, as a mounted file would be).
  mkdir -p "$work/org" && cp "$SLIPWAY_ROOT/catalog/org.yaml" "$work/org/org.yaml" && chmod -R a+rX "$work/org"
  PRODUCTION_ENV=(
    SLIPWAY_BASE_URL="http://localhost:$port"
    APP_CONFIG_backend_listen_port="$port"
    BACKEND_SECRET=backend-secret-for-the-production-fixture
    POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$pg_port" POSTGRES_USER=slipway POSTGRES_PASSWORD=pg-secret
    AUTH_SESSION_SECRET=session-secret-for-the-production-fixture
    AUTH_OIDC_METADATA_URL="http://127.0.0.1:$oidc_port/.well-known/openid-configuration"
    AUTH_OIDC_CLIENT_ID=company-portal AUTH_OIDC_CLIENT_SECRET=company-secret
    SLIPWAY_ORG_FILE="$work/org/org.yaml"
    SLIPWAY_CLUSTER_SERVER="$SLIPWAY_CLUSTER_SERVER" SLIPWAY_CLUSTER_TOKEN="$SLIPWAY_CLUSTER_TOKEN" SLIPWAY_CLUSTER_CA="$work/cluster-ca.crt"
  )
}

# wait_ready URL PID SECONDS: prints the milliseconds from now until URL answers 200; fails if PID exits.
wait_ready() {
  local url="$1" pid="$2" limit="$3" started
  started=$(date +%s%3N)
  while ! curl -fs -o /dev/null "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    (($(date +%s%3N) - started > limit * 1000)) && return 1
    sleep 0.2
  done
  echo $(($(date +%s%3N) - started))
}

production_fixture_stop() {
  local pid
  for pid in "${PRODUCTION_PIDS[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  local dir
  for dir in "${PRODUCTION_PG_DIRS[@]}"; do
    "${PRODUCTION_AS_PG[@]}" "$PRODUCTION_PG_BIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
  done
}
