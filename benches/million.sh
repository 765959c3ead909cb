#!/usr/bin/env bash
# A million generated articles with extraction on (issue 18 item 4), next to the --no-extract
# row: indexing time, articles/s, peak RSS (GNU time), index size, and query latency per type
# (benches/queries.tsv over `newsdex serve`, a new connection per request, counts cache on and
# off). Not part of `cargo test` or .ci/run: at full size it takes ~15 minutes and wants a
# quiet machine.
#
#   benches/million.sh [--update-readme] [extra benches/compare.py options]
#   ARTICLES=500 benches/million.sh --rounds 1        # a quick end-to-end check
#
# The archive is generated once by ../shared/tools/make-archive.py into
# $BENCH_DATA/gen$ARTICLES (≈ 4.6 KB of text an article); both indexes go to
# $BENCH_DATA/million-$ARTICLES. At 1,000,000 that is ≈ 4.6 GB of text and ≈ 9 GB of indexes.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DATA=${BENCH_DATA:-/work/bench-data}
SHARED=${NEWSDEX_SHARED:-../shared}
ARTICLES=${ARTICLES:-1000000}
THREADS=${THREADS:-2}
archive="$BENCH_DATA/gen$ARTICLES"
work="$BENCH_DATA/million-$ARTICLES"

# Room for the text (unless generated already) and two indexes of about its size each.
need_kb=$((ARTICLES * 5 * 3))
if [ -d "$archive" ]; then need_kb=$((ARTICLES * 5 * 2)); fi
mkdir -p "$BENCH_DATA"
free_kb=$(df -Pk "$BENCH_DATA" | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -lt "$need_kb" ]; then
  echo "million.sh: $BENCH_DATA has $((free_kb / 1024)) MB free, $((need_kb / 1024)) MB needed" \
       "for $ARTICLES articles" >&2
  exit 1
fi

cargo build --release --quiet
if [ ! -d "$archive" ]; then
  python3 "$SHARED/tools/make-archive.py" --out "$archive" --articles "$ARTICLES"
fi
mkdir -p "$work"
rm -f "$work"/scale-*.json
# --update-readme writes the table into its own README block (`million`), not compare's.
exec python3 benches/compare.py --work "$work" --threads "$THREADS" --readme-block million \
  --scale-extract "extract=$archive" --scale "no-extract=$archive" "$@"
