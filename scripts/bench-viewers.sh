#!/usr/bin/env bash
# `make bench-viewers`: the viewer load test (docs/BENCHMARKS.md). On the
# local stack it publishes one sample video through a full StreamGate and a
# transcoder, then serves it from a StreamGate hosting only the playback
# role and from Debian's nginx holding the same files (copied through
# /play, so byte for byte what players get), each pinned on CPU 0, and runs
# cmd/viewerload pinned on CPU 1 against both, stepping the sessions up.
# Everything it starts (processes, database, temp dir) goes at exit.
#
# Environment: LEVELS (10,20,40,80,160,320), DURATION (20s), RAMP (5s),
# SPEED (1), SEGMENT (2: seconds per HLS segment), SAMPLE_SECONDS (12: sample
# length), TRIES (2: runs of a level before giving up), TOKEN_TTL (30s: short, so runs renew), SERVER_CPU (0), LOAD_CPU (1),
# SKIP_STACK (1: do not start the local stack; use the running one),
# SPOOL (1: the playback role spools segments under the temp dir and sends
# them with sendfile; 0: from memory, as without --playback-spool-dir).
# Extra arguments go to `viewerload run`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# SKIP_STACK=1: the stack is already up (a shared one: .stack/env copied in).
[ "${SKIP_STACK:-}" = 1 ] || scripts/stack.sh test >/dev/null
# shellcheck disable=SC1091
source .stack/env
command -v taskset >/dev/null || { echo "bench-viewers: taskset (util-linux) missing" >&2; exit 1; }

server_cpu=${SERVER_CPU:-0}
load_cpu=${LOAD_CPU:-1}
api_addr=127.0.0.1:${API_PORT:-18480}
play_addr=127.0.0.1:${PLAY_PORT:-18481}
nginx_addr=127.0.0.1:${NGINX_PORT:-18482}
tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx workers run as www-data
db=bench_viewers_$$
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$STREAMGATE_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

go build -o "$tmp/bin/" ./cmd/streamgate ./cmd/transcoder ./cmd/viewerload
psql -q "$STREAMGATE_DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null
export STREAMGATE_DATABASE_URL=${STREAMGATE_DATABASE_URL/\/streamgate\?//$db?}
export STREAMGATE_S3_BUCKET=bench-viewers
# Both servers share signing keys and key master, as replicas do.
secret() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
export STREAMGATE_AUTH_SIGNING_KEYS="bench=$(secret)" STREAMGATE_KEY_MASTER="$(secret)"
worker_token=$(secret | tr -d '/+=')
export STREAMGATE_AUTH_DOMAIN=$api_addr STREAMGATE_AUTH_URI=http://$api_addr
export STREAMGATE_LOG_LEVEL=warn

ready() {
  for _ in $(seq 1 300); do
    curl -fsS "http://$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "bench-viewers: $1 not ready (see $tmp/*.log)" >&2
  exit 1
}

echo "== publishing a ${SAMPLE_SECONDS:-12} s sample (full server + transcoder, unpinned)" >&2
STREAMGATE_WORKER_TOKENS=$worker_token "$tmp/bin/streamgate" serve --migrate --addr "$api_addr" >"$tmp/api.log" 2>&1 &
pids+=($!)
ready "$api_addr"
"$tmp/bin/transcoder" --server-url "http://$api_addr" --worker-token "$worker_token" \
  --segment-seconds "${SEGMENT:-2}" >"$tmp/transcoder.log" 2>&1 &
worker=$!
pids+=("$worker")
video=$("$tmp/bin/viewerload" publish --api "http://$api_addr" --seconds "${SAMPLE_SECONDS:-12}")
kill -TERM "$worker"
echo "   video $video" >&2

echo "== StreamGate (--services=playback) and nginx on CPU $server_cpu" >&2
spool=()
[ "${SPOOL:-1}" = 0 ] || spool=(--playback-spool-dir "$tmp/spool" --playback-spool-bytes $((256 << 20)))
taskset -c "$server_cpu" "$tmp/bin/streamgate" serve --services=playback --addr "$play_addr" \
  --playback-token-ttl "${TOKEN_TTL:-30s}" "${spool[@]}" >"$tmp/play.log" 2>&1 &
play_pid=$!
pids+=("$play_pid")
ready "$play_addr"
mkdir -p "$tmp/www" && chmod 755 "$tmp/www"
"$tmp/bin/viewerload" mirror --api "http://$api_addr" --playback "http://$play_addr" --video "$video" --out "$tmp/www" >&2
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx.log warn;
events { worker_connections 8192; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 300s;
  keepalive_requests 1000000;
  server {
    listen $nginx_addr;
    location /play/static/ { alias $tmp/www/; }
  }
}
CONF
taskset -c "$server_cpu" nginx -e "$tmp/nginx.log" -c "$tmp/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 1 50); do curl -fsS "http://$nginx_addr/play/static/master.m3u8" >/dev/null 2>&1 && break; sleep 0.1; done

# cpu_ms PID...: user+system CPU of the processes and their threads, in
# ms (clock ticks of 10 ms). Both servers serve the same levels, so their
# CPU over the run compares what each costs per viewer, whatever else the
# machine runs (wall-clock latency does not, on a shared core).
cpu_ms() {
  local total=0 p
  for p in "$@" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    total=$((total + $(awk '{sub(/.*\) /, ""); print $12 + $13}' /proc/"$p"/stat 2>/dev/null || echo 0)))
  done
  echo $((total * 10))
}
play_cpu0=$(cpu_ms "$play_pid") nginx_cpu0=$(cpu_ms "$nginx_pid")
echo "== load (viewerload on CPU $load_cpu); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
taskset -c "$load_cpu" "$tmp/bin/viewerload" run --api "http://$api_addr" --playback "http://$play_addr" \
  --video "$video" --static "http://$nginx_addr/play/static/master.m3u8" \
  --levels "${LEVELS:-10,20,40,80,160,320}" --ramp "${RAMP:-5s}" --duration "${DURATION:-20s}" \
  --speed "${SPEED:-1}" --tries "${TRIES:-2}" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
play_cpu=$(($(cpu_ms "$play_pid") - play_cpu0)) nginx_cpu=$(($(cpu_ms "$nginx_pid") - nginx_cpu0))
echo "server CPU over the run: streamgate ${play_cpu} ms, nginx ${nginx_cpu} ms" \
  "(nginx/streamgate $(awk -v a="$nginx_cpu" -v b="$play_cpu" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')x)"
