# A throwaway PostgreSQL (Debian's packages, installed if missing) on 127.0.0.1, for tests. Sourced
# by test-postgres.sh and test-replicas.sh after toolchain.sh:
#   start_throwaway_postgres <port>   sets pg_bin, pg_work (its directory) and pg_major
#   stop_throwaway_postgres           stops it and removes its directory
#   ensure_postgres_bin               only sets pg_bin (installing PostgreSQL if missing)

# Sets pg_bin to Debian's newest PostgreSQL bin directory, installing PostgreSQL when it is missing.
ensure_postgres_bin() {
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -z "$pg_bin" ]]; then
    log "installing PostgreSQL (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }; } \
      || die "could not install PostgreSQL with apt-get"
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
}

start_throwaway_postgres() {
  local port="$1"
  ensure_postgres_bin
  pg_work="$(mktemp -d /tmp/slipway-pg.XXXXXX)"
  chmod 755 "$pg_work"
  pg_as=()
  [[ "$(id -u)" == 0 ]] && { chown postgres "$pg_work"; pg_as=(runuser -u postgres --); }
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_work/data" -U slipway --auth=trust >"$pg_work/initdb.log" 2>&1 || { cat "$pg_work/initdb.log"; die "initdb failed"; }
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_work/data" -l "$pg_work/postgres.log" -w \
    -o "-p $port -k $pg_work -c listen_addresses=127.0.0.1" start >/dev/null || { cat "$pg_work/postgres.log"; die "PostgreSQL did not start on port $port (in use? set another port)"; }
  pg_major="$("$pg_bin/postgres" --version | awk '{print $3}' | cut -d. -f1)"
  log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_throwaway_postgres() {
  [[ -n "${pg_work:-}" ]] || return 0
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_work"
}
