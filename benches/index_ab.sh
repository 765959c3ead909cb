#!/usr/bin/env bash
# A/B of indexing cost between two newsdex binaries in one run: the runs alternate (A B A B …)
# so that both see the same machine load, and the medians of wall time and CPU time (user +
# system, from GNU time) are printed with the ratio B/A. CPU time is the figure to trust on a
# shared machine: wall time moves with the other processes.
#
#   benches/index_ab.sh OLD_BINARY NEW_BINARY ARCHIVE_DIR [RUNS=3] [extra index flags…]
#   benches/index_ab.sh /work/baseline/newsdex target/release/newsdex /tmp/arch50k 3 --no-extract
set -euo pipefail
a=$1 b=$2 dir=$3 runs=${4:-3}
shift 4 || shift $#
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
test -x /usr/bin/time || { echo "needs GNU time (/usr/bin/time)"; exit 1; }
for i in $(seq "$runs"); do
    for side in A B; do
        bin=$a
        [ "$side" = B ] && bin=$b
        rm -rf "$work/idx"
        /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$bin" index "$dir" --index "$work/idx" "$@" >/dev/null 2>"$work/err" \
            || { cat "$work/err"; exit 1; }
        read -r wall user sys rss <"$work/t"
        echo "$side $wall $(echo "$user + $sys" | bc) $rss" | tee -a "$work/all"
    done
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
for col in 2 3 4; do
    ma=$(awk -v c=$col '$1=="A"{print $c}' "$work/all" | median)
    mb=$(awk -v c=$col '$1=="B"{print $c}' "$work/all" | median)
    name=$(echo "wall_s cpu_s maxrss_kb" | cut -d' ' -f$((col - 1)))
    echo "median $name: A $ma  B $mb  B/A $(echo "scale=3; $mb / $ma" | bc)"
done
