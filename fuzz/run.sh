#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time, seeded from ../shared/corpora.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, all targets)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on stable Rust it runs with RUSTC_BOOTSTRAP=1.
# Seeds are copied from the shared corpora into fuzz/corpus/ (gitignored: the corpora's
# licences forbid committing them). Crashes land in fuzz/artifacts/TARGET/; every one found
# is fixed and kept as a unit test beside its parser. A summary line per target goes to
# fuzz/last-run.txt.
set -uo pipefail
cd "$(dirname "$0")"
SECS="${1:-60}"
shift || true
ALL=(text json jsonl sgml html warc nitf newsml ninjs detect query dates)
TARGETS=("${@:-${ALL[@]}}")
SHARED="${NEWSDEX_SHARED:-../../shared}"
export RUSTC_BOOTSTRAP=1
# AddressSanitizer is of little use on safe Rust and needs nightly's sanitizer runtime;
# libFuzzer's coverage guidance is what matters here.
FLAGS=(--sanitizer none --release --debug-assertions)

command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing: cargo install cargo-fuzz"; exit 1; }

# seed TARGET FIND-ARGS...: the first 64 KB of up to 300 files from the corpora (decompressed;
# big files such as Reuters .sgm and WARCs are cut, which also seeds truncated input).
seed() {
    local t="$1"; shift
    mkdir -p "corpus/$t"
    if [ -d "$SHARED/corpora" ]; then
        find "$SHARED/corpora" -type f "$@" 2>/dev/null | sort | head -300 | while read -r f; do
            out="corpus/$t/seed-$(basename "$f")"
            case "$f" in
                *.gz) { gzip -dc "$f" 2>/dev/null || true; } | head -c 65536 > "${out%.gz}" ;;
                *.zst) { zstd -dcq "$f" 2>/dev/null || true; } | head -c 65536 > "${out%.zst}" ;;
                *) head -c 65536 "$f" > "$out" ;;
            esac
        done
    else
        echo "no $SHARED/corpora: $t starts from an empty corpus"
    fi
}
seed text \( -name '*.txt' -o -name '*.txt.gz' \)
seed json -name '*.json*'
seed jsonl -name '*.jsonl*'
seed sgml -name '*.sgm*'
seed html \( -name '*.htm*' \)
seed warc -name '*.warc*'
seed nitf \( -name '*.xml*' -o -name '*.nitf*' \)
seed newsml \( -name '*.xml*' \)
seed ninjs -name '*.json*'
seed detect \( -name '*.txt' -o -name '*.json*' -o -name '*.xml' -o -name '*.sgm' -o -name '*.html' \)
mkdir -p corpus/query corpus/dates
printf '%s' 'oil OR "crude prices" -opec' > corpus/query/1
printf '%s' '(title:gaza AND person:"Antony Blinken") NOT place:Asia*' > corpus/query/2
printf '%s' 'body:cease* section:world (a OR (b OR (c)))' > corpus/query/3
printf '%s' 'February 5, 2024' > corpus/dates/1
printf '%s' 'https://example.com/2024/02/05/story.html' > corpus/dates/2
printf '%s' '"2024-02-05T10:00:00Z"' > corpus/dates/3

: > last-run.txt
for t in "${TARGETS[@]}"; do
    echo "== $t (${SECS}s)"
    log="artifacts/$t.log"
    mkdir -p artifacts
    cargo fuzz run "${FLAGS[@]}" "$t" "corpus/$t" -- \
        -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1 > "$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    crashes=$(ls "artifacts/$t" 2>/dev/null | grep -c -E '^(crash|timeout|oom|leak|slow-unit)-' || true)
    line="$t: exit $rc, ${execs:-?} executions in ${SECS}s, ${crashes} finding(s)"
    echo "$line" | tee -a last-run.txt
    [ "$rc" = 0 ] || grep -E 'ERROR|panicked|SUMMARY|Test unit written' "$log" | head -5
done
