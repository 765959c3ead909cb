#!/usr/bin/env bash
# Time per file on deeply nested HTML (issue 14 item 8): one page of N nested <div>s, indexed
# alone with `newsdex index --no-extract`, for each binary given (default: target/release).
#   benches/nested_html.sh [BINARY...]        e.g. /work/baseline/newsdex target/release/newsdex
# Prints: binary, N, page size, wall seconds, peak RSS (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=(target/release/newsdex)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in ${NESTED_SIZES:-25000 50000 100000}; do
    mkdir -p "$work/t$n"
    python3 - "$n" "$work/t$n/deep.html" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
open(out, "w").write("<html><head><title>Deep</title></head><body>" + "<div>" * n
                     + "<p>Some text at the bottom of the page.</p>" + "</div>" * n + "</body></html>")
PY
    for b in "${bins[@]}"; do
        rm -rf "$work/idx"
        /usr/bin/time -f "$b $n $(stat -c %s "$work/t$n/deep.html") bytes: %e s, %M KB" \
            "$b" index --no-extract --index "$work/idx" "$work/t$n" >/dev/null 2>"$work/err" || true
        tail -1 "$work/err"
    done
done
