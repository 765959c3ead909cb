#!/usr/bin/env python3
"""A/B of the page of hits (issue 18 item 2): two `newsdex serve`s, interleaved, medians.

Each side is a binary and the index it serves (an index built by that binary: the doc store's
block size is fixed when an index is created). Every round sends each query of
benches/queries.tsv (all types but `people`) to both servers, in turn (order swapped every
other round), twice: `limit=10` (the page of hits: ten stored articles and their snippets) and
`limit=0` (the same search without the page), each over a new connection, counts cache off.
The page's cost is the difference of the two medians; `/healthz` is timed too, as the floor of
one HTTP round trip.

    benches/hits_ab.py --a /tmp/old/newsdex=/tmp/idx-old --b target/release/newsdex=/tmp/idx-new

Interleaving makes load spikes hit both sides alike, so the ratio holds on a busy machine; the
absolute figures do not.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the query file, HTTP client and request paths)


def start(binary, index):
    port = compare.free_port()
    p = subprocess.Popen([binary, "serve", "--index", index, "--addr", f"127.0.0.1:{port}",
                          "--quiet", "--counts-cache", "0"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    compare.wait_http(port, "/healthz")
    cl = compare.Http(port, keepalive=False)
    # What a search builds on first use (the archive-level people of the page's hits) can
    # outlast the request deadline: ask until one is answered, so rounds time warm servers.
    for _ in range(60):
        try:
            cl.get("/api/search?q=president&limit=10&facets=0")
            break
        except RuntimeError:
            time.sleep(1)
    return p, cl


def date_meta(binary, index):
    """The index's first and last dates, as compare.load_queries fills its date queries."""
    st = json.loads(subprocess.run([binary, "stats", "--json", "--index", index],
                                   capture_output=True, text=True, check=True).stdout)
    return {"min_date": st["first_date"], "max_date": st["last_date"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, metavar="BINARY=INDEX")
    ap.add_argument("--b", required=True, metavar="BINARY=INDEX")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--queries", default=os.path.join(compare.HERE, "queries.tsv"))
    args = ap.parse_args()
    sides = {"A": args.a.split("=", 1), "B": args.b.split("=", 1)}
    procs, clients = [], {}
    try:
        for name, (binary, index) in sides.items():
            p, cl = start(binary, index)
            procs.append(p)
            clients[name] = cl
        meta = date_meta(*sides["A"])
        queries = [q for q in compare.load_queries(args.queries, meta) if q["type"] != "people"]
        kinds = ("limit=10", "limit=0", "healthz")
        lat = {(s, k): [] for s in sides for k in kinds}
        by_type = {(s, t): [] for s in sides for t in compare.TYPES}

        def path(q, kind):
            if kind == "healthz":
                return "/healthz"
            return compare.newsdex_path(q).replace("limit=10", kind)

        for r in range(args.rounds + 1):  # round 0 warms up
            order = list(sides) if r % 2 == 0 else list(sides)[::-1]
            for q in queries:
                for kind in kinds:
                    for s in order:
                        t0 = time.perf_counter()
                        clients[s].get(path(q, kind))
                        dt = (time.perf_counter() - t0) * 1000
                        if r:
                            lat[(s, kind)].append(dt)
                            if kind == "limit=10":
                                by_type[(s, q["type"])].append(dt)
        load = os.getloadavg()
    finally:
        for p in procs:
            p.terminate()
            p.wait()
    med = {k: statistics.median(v) for k, v in lat.items()}
    print(f"{len(queries)} queries x {args.rounds} rounds, new connection per request, counts "
          f"cache off; load average {load[0]:.1f}")
    print(f"A = {args.a}\nB = {args.b}\n")
    print("| median ms | A | B | B/A |\n|---|---|---|---|")
    for k in kinds:
        print(f"| {k} | {med[('A', k)]:.3f} | {med[('B', k)]:.3f} | "
              f"{med[('B', k)] / med[('A', k)]:.2f} |")
    pa = med[("A", "limit=10")] - med[("A", "limit=0")]
    pb = med[("B", "limit=10")] - med[("B", "limit=0")]
    print(f"| page of hits (limit=10 − limit=0) | {pa:.3f} | {pb:.3f} | {pb / pa:.2f} |")
    print("\n| limit=10 median ms per type | A | B | B/A |\n|---|---|---|---|")
    for t in compare.TYPES:
        a, b = by_type[("A", t)], by_type[("B", t)]
        if a and b:
            ma, mb = statistics.median(a), statistics.median(b)
            print(f"| {t} | {ma:.3f} | {mb:.3f} | {mb / ma:.2f} |")


if __name__ == "__main__":
    main()
