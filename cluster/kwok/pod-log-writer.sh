#!/usr/bin/env bash
# Appends one simulated application log line to the pod log file kwok serves (cluster/kwok/kwok.yaml, ClusterLogs)
# every INTERVAL seconds, so `kubectl logs -f` and `?follow=true` stream new lines as they would from a live
# container. Started and stopped by cluster/cluster.sh (up/down); runs until killed.
#
#   pod-log-writer.sh FILE [INTERVAL_SECONDS=1] [MAX_LINES=3000] [KEEP_LINES=200] [HEAD_LINES=4]
#
# Lines are in the CRI log format kwok parses: "<RFC3339Nano UTC> stdout|stderr F <message>".
# Bounded: once FILE holds MAX_LINES lines (~330 KB) it is replaced by its first HEAD_LINES lines (the start-up
# lines cluster.sh seeds, so every container's log still begins with them) and its last KEEP_LINES lines. Written
# to a new file and renamed over, not truncated: a follower reading by offset would stall on a truncated file,
# while kwok's reader reopens a renamed-over one (and so streams the kept lines again, once per rotation).
set -euo pipefail

file="${1:?usage: pod-log-writer.sh FILE [INTERVAL_SECONDS] [MAX_LINES] [KEEP_LINES] [HEAD_LINES]}"
interval="${2:-1}"
max_lines="${3:-3000}"
keep_lines="${4:-200}"
head_lines="${5:-4}"
export TZ=UTC LC_ALL=C   # UTC timestamps; "." in $EPOCHREALTIME

# What a small HTTP service would print between requests; one request is picked per line.
requests=("GET /api/orders" "GET /api/orders/1042" "POST /api/orders" "GET /api/items?page=2" "GET /api/items/77"
  "PUT /api/cart/31" "DELETE /api/cart/31/items/5" "GET /healthz" "GET /readyz")

lines=0
[[ -f "$file" ]] && lines="$(wc -l <"$file")"
sequence=0

while :; do
  now="$EPOCHREALTIME"
  printf -v timestamp '%(%Y-%m-%dT%H:%M:%S)T.%s000Z' "${now%.*}" "${now#*.}"
  sequence=$((sequence + 1))
  request="${requests[RANDOM % ${#requests[@]}]}"
  method="${request% *}" path="${request#* }"
  case "$method" in POST) status=201 ;; DELETE) status=204 ;; *) status=200 ;; esac
  duration_ms=$((RANDOM % 40 + 1))
  case $((RANDOM % 20)) in
    0) line="stderr F WARN slow request method=$method path=$path status=$status duration_ms=$((duration_ms + 750)) request=$sequence" ;;
    1) line="stderr F ERROR request failed method=$method path=$path status=502 error=\"upstream connect error\" request=$sequence" ;;
    2) line="stdout F INFO cache stats hits=$((RANDOM % 900 + 100)) misses=$((RANDOM % 50))" ;;
    *) line="stdout F INFO request served method=$method path=$path status=$status duration_ms=$duration_ms request=$sequence" ;;
  esac
  printf '%s %s\n' "$timestamp" "$line" >>"$file"
  lines=$((lines + 1))
  if ((lines >= max_lines)); then
    { head -n "$head_lines" "$file"; tail -n "$keep_lines" "$file"; } >"$file.rotating"
    mv -f "$file.rotating" "$file"
    lines=$((head_lines + keep_lines))
  fi
  sleep "$interval"
done
