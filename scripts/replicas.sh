# Two Slipway backends on one PostgreSQL, for scripts/test-replicas.sh and bench/replicas. Sourced
# after toolchain.sh; `start_replicas` starts a throwaway PostgreSQL (Debian's), the local OIDC
# provider and two real backend processes sharing the database, the service-to-service key and the
# session secret (in production: one Secret for every pod), against the cluster ensure_cluster
# points at. Sets pg_port, port_a, port_b, work (logs) and replica_pids; `stop_replicas` ends them.
source "$(dirname "${BASH_SOURCE[0]}")/throwaway-postgres.sh"

replica_pids=()

stop_replicas() {
  local pid
  # set -e is on: a group that is already gone (the backend-kill spec kills A and B) must not end the cleanup.
  for pid in "${replica_pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  replica_pids=()
  # Replicas the backend-kill spec restarted (process groups of their own) end with the rest.
  if [[ -n "${work:-}" && -f "$work/restarted.pgids" ]]; then
    while read -r pid; do [[ -z "$pid" ]] || kill -- "-$pid" 2>/dev/null || true; done <"$work/restarted.pgids"
    rm -f "$work/restarted.pgids"
  fi
  # SLIPWAY_REPLICAS_KEEP_LOGS=<dir>: the backends', the provider's and PostgreSQL's logs are kept there.
  if [[ -n "${SLIPWAY_REPLICAS_KEEP_LOGS:-}" && -n "${pg_work:-}" ]]; then cp "$pg_work"/*.log "$SLIPWAY_REPLICAS_KEEP_LOGS/" 2>/dev/null || true; fi
  stop_throwaway_postgres
}

_random_secret() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

_wait_ready() { # name port
  local _
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://localhost:$2/.backstage/health/v1/readiness" 2>/dev/null && return 0
    sleep 1
  done
  tail -40 "$work/backend-$1.log"
  die "replica $1 did not become ready on PostgreSQL within 300 s (log above: $work/backend-$1.log)"
}

_start_replica() { # name port
  (cd "$SLIPWAY_ROOT/packages/backend" && SLIPWAY_E2E_PORT="$2" exec setsid node ../../node_modules/.bin/backstage-cli package start \
    --config ../../app-config.yaml --config ../../app-config.e2e.yaml --config ../../e2e/replicas/app-config.replicas.yaml) >"$work/backend-$1.log" 2>&1 &
  replica_pids+=($!)
}

start_replicas() {
  pg_port="${SLIPWAY_REPLICAS_PG_PORT:-55442}"
  port_a="${SLIPWAY_REPLICAS_PORT_A:-7217}"
  port_b="${SLIPWAY_REPLICAS_PORT_B:-7227}"
  local oidc_port="${SLIPWAY_REPLICAS_OIDC_PORT:-5567}"
  start_throwaway_postgres "$pg_port"
  work="$pg_work"

  export SLIPWAY_REPLICAS_BACKEND_SECRET="replicas-$(_random_secret)"
  export SLIPWAY_REPLICAS_SESSION_SECRET="replicas-session-$(_random_secret)"
  export SLIPWAY_REPLICAS_NOTIFY_TOKEN="replicas-notify-$(_random_secret)"
  export APP_CONFIG_backend_database="{\"client\":\"pg\",\"connection\":{\"host\":\"127.0.0.1\",\"port\":$pg_port,\"user\":\"slipway\",\"password\":\"unused\"}}"
  export SLIPWAY_OIDC_ISSUER="http://127.0.0.1:$oidc_port"

  SLIPWAY_OIDC_PORT="$oidc_port" SLIPWAY_OIDC_REDIRECT_URIS="http://localhost:$port_a/api/auth/oidc/handler/frame,http://localhost:$port_b/api/auth/oidc/handler/frame" \
    setsid node "$SLIPWAY_ROOT/packages/local-oidc-provider/src/cli.js" >"$work/oidc.log" 2>&1 &
  replica_pids+=($!)

  # One after the other: the first creates the databases and runs the migrations, as a rollout would.
  _start_replica a "$port_a"
  _wait_ready a "$port_a"
  _start_replica b "$port_b"
  _wait_ready b "$port_b"
  log "two replicas on PostgreSQL: http://localhost:$port_a and http://localhost:$port_b (logs in $work)"
}
