#!/usr/bin/env python3
"""Server CPU per request, per query type, two `newsdex serve`s A/B (a load-independent figure).

    benches/server_cpu.py --a /work/baseline/newsdex=/tmp/idx-base --b target/release/newsdex=/tmp/idx

Each side is a binary and the index it serves (the same index for both when the schema is the
same). Every round sends each query of benches/queries.tsv (all types but `people`, as
compare.py sends them: limit=10, facets=0, a new connection per request) ten times to each
server in turn (order swapped every other round) and reads the server's utime + stime from
/proc before and after: CPU ms per request, which other jobs on a shared machine barely
change (wall times there do). /proc counts in ticks of 10 ms, so batches of ten requests and
a few rounds are needed for a steady mean.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the query file, HTTP client and request paths)
import hits_ab  # noqa: E402  (starts a warm server)


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, metavar="BINARY=INDEX")
    ap.add_argument("--b", required=True, metavar="BINARY=INDEX")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--queries", default=os.path.join(compare.HERE, "queries.tsv"))
    args = ap.parse_args()
    sides = [args.a.split("=", 1), args.b.split("=", 1)]
    servers = []
    try:
        for binary, index in sides:
            servers.append(hits_ab.start(binary, index))
        meta = hits_ab.date_meta(*sides[0])
        queries = [q for q in compare.load_queries(args.queries, meta) if q["type"] != "people"]
        for _, cl in servers:  # warm-up
            for q in queries:
                cl.get(compare.newsdex_path(q))
        ms = {}
        for r in range(args.rounds):
            order = [0, 1] if r % 2 == 0 else [1, 0]
            for q in queries:
                for s in order:
                    p, cl = servers[s]
                    c0 = cpu_seconds(p.pid)
                    for _ in range(10):
                        cl.get(compare.newsdex_path(q))
                    ms.setdefault((s, q["type"]), []).append((cpu_seconds(p.pid) - c0) * 100)
    finally:
        for p, _ in servers:
            p.terminate()
    print(f"server CPU ms per request, {args.rounds} rounds x 10 requests per query")
    print("| type | A | B | B/A |\n|---|---|---|---|")
    types = [t for t in compare.TYPES if any(k == (0, t) for k in ms)]
    for t in types + ["all"]:
        pick = (lambda s: [x for (ss, tt), xs in ms.items() if ss == s for x in xs]) if t == "all" \
            else (lambda s: ms[(s, t)])
        a, b = statistics.mean(pick(0)), statistics.mean(pick(1))
        print(f"| {t} | {a:.2f} | {b:.2f} | {b / a:.2f} |")


if __name__ == "__main__":
    main()
