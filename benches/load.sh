#!/usr/bin/env bash
# Load test of `newsdex serve` on loopback with wrk: search requests with facets over an index
# of ../shared/corpora (Reuters + CNN + chronam-1916, extraction on), rotating over
# benches/load.lua's query mix. Floors (issue 5): >= 1,000 requests/s, p99 < 50 ms, no errors.
# Usage: benches/load.sh [SECONDS] [CONNECTIONS]   (env: NEWSDEX_SHARED, LOAD_INDEX)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${NEWSDEX_SHARED:-$(pwd)/../shared}"
secs="${1:-20}"
conns="${2:-16}"
idx="${LOAD_INDEX:-target/load-index}"
port=7790

if ! command -v wrk >/dev/null; then
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -q wrk >/dev/null
fi
cargo build --release -q
bin=target/release/newsdex
if [ ! -f "$idx/meta.json" ]; then
    echo "== building the load index in $idx"
    "$bin" index --index "$idx" "$shared/corpora/reuters21578" "$shared/corpora/cnn" \
        "$shared/corpora/chronam-1916"
fi
"$bin" stats --index "$idx" | head -3

"$bin" serve --index "$idx" --addr "127.0.0.1:$port" --quiet ${SERVE_FLAGS:-} > /dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done
# Warm-up (page cache, doc store blocks), not measured.
wrk -t1 -c"$conns" -d3s -s benches/load.lua "http://127.0.0.1:$port" >/dev/null
echo "== wrk -t1 -c$conns -d${secs}s ($(nproc) cores; server and wrk share them)"
out=$(wrk -t1 -c"$conns" -d"${secs}s" --latency -s benches/load.lua "http://127.0.0.1:$port")
echo "$out"
line=$(grep '^RESULT' <<<"$out")
rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
p99=$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"$line")
errors=$(sed -E 's/.* errors=([0-9]+).*/\1/' <<<"$line")
ok=$(python3 -c "print(int($rps >= 1000 and $p99 < 50 and $errors == 0))")
echo "== floors: >= 1000 requests/s, p99 < 50 ms, 0 errors -> $([ "$ok" = 1 ] && echo met || echo NOT met)"
[ "$ok" = 1 ]
