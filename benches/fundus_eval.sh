#!/usr/bin/env bash
# Accuracy and speed of the HTML extractor on the fundus gold pages (../shared/corpora/fundus),
# with trafilatura's row when it is installed (pip install trafilatura).
# Usage: benches/fundus_eval.sh [-v]   (-v lists the pages that fail each field)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${NEWSDEX_SHARED:-$(pwd)/../shared}"
# One core: the speed column is single-threaded parse time over decompressed HTML bytes.
cargo bench --bench fundus --no-run
taskset -c 0 cargo bench --bench fundus -- "$@" 2>/dev/null || cargo bench --bench fundus -- "$@"
if python3 -c 'import trafilatura' 2>/dev/null; then
    python3 benches/fundus_trafilatura.py "$shared/corpora/fundus"
else
    echo "(trafilatura not installed: pip install trafilatura for its row)"
fi
