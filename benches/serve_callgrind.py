#!/usr/bin/env python3
"""Instructions per search request: `newsdex serve` under callgrind over a fixed list of requests.

    benches/serve_callgrind.py --binary target/release/newsdex --index /tmp/idx --out /tmp/cg

The server runs under `valgrind --tool=callgrind --instr-atstart=no` (counts cache off, a long
deadline: everything is ~50x slower under valgrind). After it answers, two warm-up passes of
the requests (what the first searches build: name tables, archive-level entities, stories,
look-ups, per-thread memos), then instrumentation is switched on and each pass is dumped on
its own: `limit=10` (the queries of benches/queries.tsv but people, as compare.py sends them:
limit=10, facets=0, a new connection per request), then `limit=0`, then `/healthz` as many
times. Each dump is OUT/callgrind.out.PID.N (N = 1, 2, 3); `callgrind_annotate --inclusive=yes`
on one says where its instructions went. Instruction counts do not depend on the machine's
load, so two binaries compare on a busy machine.

With `--tantivy-cli`, BINARY is tantivy-cli and INDEX the index compare.py builds for it:
the same requests in its syntax (compare.py's `tantivy_query`, nhits=10; `limit=0` is
nhits=1: it refuses nhits=0), with `--dates FIRST,LAST` giving the archive's span
(newsdex's `stats` cannot read that index).
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the query file, HTTP client and request paths)


def control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--out", required=True, help="directory for the callgrind dumps")
    ap.add_argument("--queries", default=os.path.join(compare.HERE, "queries.tsv"))
    ap.add_argument("--types", default="term,and,or,phrase,date,place",
                    help="query types to send (comma-separated)")
    ap.add_argument("--tantivy-cli", action="store_true",
                    help="BINARY is tantivy-cli (`tantivy serve`), INDEX its index")
    ap.add_argument("--dates", help="FIRST,LAST day of the archive (with --tantivy-cli)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for f in glob.glob(os.path.join(args.out, "callgrind.out.*")):
        os.remove(f)
    if args.tantivy_cli:
        first, last = args.dates.split(",")
        meta = {"min_date": first, "max_date": last}
    else:
        st = json.loads(subprocess.run([args.binary, "stats", "--json", "--index", args.index],
                                       capture_output=True, text=True, check=True).stdout)
        meta = {"min_date": st["first_date"], "max_date": st["last_date"]}
    types = args.types.split(",")
    queries = [q for q in compare.load_queries(args.queries, meta) if q["type"] in types]
    port = compare.free_port()
    if args.tantivy_cli:
        paths = ["/api/?" + urllib.parse.urlencode({"q": compare.tantivy_query(q), "nhits": 10})
                 for q in queries]
        cmd = [args.binary, "serve", "-i", args.index, "--host", "127.0.0.1", "--port",
               str(port)]
        health = "/api/?q=x"
    else:
        paths = [compare.newsdex_path(q) for q in queries]
        cmd = [args.binary, "serve", "--index", args.index, "--addr", f"127.0.0.1:{port}",
               "--quiet", "--counts-cache", "0", "--timeout", "600"]
        health = "/healthz"
    p = subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                          f"--callgrind-out-file={args.out}/callgrind.out.%p"] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        compare.wait_http(port, health, timeout=1200)
        cl = compare.Http(port, keepalive=False)
        for _ in range(2):
            for path in paths:
                cl.get(path)
        # (tantivy-cli answers nhits=0 with a 500: its page of one hit instead)
        no_page = "nhits=1" if args.tantivy_cli else "limit=0"
        page = "nhits=10" if args.tantivy_cli else "limit=10"
        passes = [("limit=10", paths), ("limit=0", [x.replace(page, no_page) for x in paths]),
                  ("healthz", [health] * len(paths))]
        control(p.pid, "-i", "on")
        for name, ps in passes:
            control(p.pid, "-z")
            t0 = time.monotonic()
            for path in ps:
                cl.get(path)
            control(p.pid, "-d", name)
            print(f"{name}: {len(ps)} requests, {time.monotonic() - t0:.1f} s under valgrind",
                  file=sys.stderr)
    finally:
        p.terminate()
        p.wait()
    for f in sorted(glob.glob(os.path.join(args.out, "callgrind.out.*"))):
        total = None
        for line in open(f, errors="replace"):
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
        desc = ""
        for line in open(f, errors="replace"):
            if line.startswith("desc: Trigger"):
                desc = line.strip()
                break
        if total is not None:
            print(f"{f}\t{total / 1e6:.1f} M\t{desc}")


if __name__ == "__main__":
    main()
