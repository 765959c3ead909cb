#!/usr/bin/env python3
"""Same answers, two `newsdex serve`s: the JSON of every request A/B, byte for byte but took_ms.

    benches/json_ab.py --a /tmp/old/newsdex=/tmp/idx --b target/release/newsdex=/tmp/idx

Each side is a binary and the index it serves (usually the same index). The requests: every
query of benches/queries.tsv (as compare.py sends it, people included) at limit 10 and 50,
with facets off and on (10), collapsed and `copies=all`, plus extra queries that exercise
compounds, prefixes, fuzzy words, phrases with slop, negation, filters by value, sorting,
paging and counting by story. A request that fails on one side must fail the same way on the
other (status and body). Prints the number of requests and every difference (the first few
in full); exits 1 when there is one.
"""

import argparse
import http.client
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402  (the query file, request paths)
import hits_ab  # noqa: E402  (starts a warm server)

# Extra searches: (query, extra parameters).
EXTRA = [
    ("cease-fire", []), ("ceasefire", []), ('"cease fire"', []), ("Zurich", []),
    ("obama~1", []), ("presid*", []), ('"health reform"~3', []), ("to-day", []),
    ("war -germany", []), ("São Paulo", []), ("the", []), ("president", [("sort", "newest")]),
    ("president", [("sort", "oldest"), ("offset", "10")]),
    ("government", [("count", "stories")]),
    ("police", [("place", "London"), ("place", "Paris"), ("logic", "any")]),
    ("water", [("place", "Washington"), ("logic", "any"), ("facets", "10")]),
    ("court", [("place", "France"), ("place", "Germany")]),
    ("church", [("place", "nowhere-land")]), ("war", [("place", "Europe")]),
    ("president", [("offset", "20")]), ("place:London", []), ("title:president", []),
    ("president date:2001", []), ("", [("place", "London")]),
    ("money OR bank OR election", [("place", "New York")]),
    ("court", [("place", "london")]), ("police", [("place", "Europe/France")]),
]


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body


def normal(body):
    """The answer without its timing."""
    return re.sub(rb'"took_ms":[0-9.eE+-]+', b'"took_ms":0', body)


def requests(queries):
    out = []
    for q in queries:
        base = compare.newsdex_path(q)
        if q["type"] == "people":
            out.append(base)
            out.append(base.replace("limit=10", "limit=50"))
            continue
        for limit in ("10", "50"):
            for facets in ("0", "10"):
                for copies in ("", "&copies=all"):
                    out.append(base.replace("limit=10", "limit=" + limit)
                               .replace("facets=0", "facets=" + facets) + copies)
    for text, extra in EXTRA:
        for limit in ("10", "50"):
            for copies in ([], [("copies", "all")]):
                p = [("q", text), ("limit", limit)] + extra + copies
                if not any(k == "facets" for k, _ in extra):
                    p.append(("facets", "0"))
                out.append("/api/search?" + urllib.parse.urlencode(p))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, metavar="BINARY=INDEX")
    ap.add_argument("--b", required=True, metavar="BINARY=INDEX")
    ap.add_argument("--queries", default=os.path.join(compare.HERE, "queries.tsv"))
    args = ap.parse_args()
    sides = [args.a.split("=", 1), args.b.split("=", 1)]
    servers = []
    try:
        for binary, index in sides:
            servers.append(hits_ab.start(binary, index))
        meta = hits_ab.date_meta(*sides[0])
        paths = requests(compare.load_queries(args.queries, meta))
        diffs = 0
        failed = 0
        for path in paths:
            a = get(servers[0][1].port, path)
            b = get(servers[1][1].port, path)
            failed += a[0] != 200
            if a[0] != b[0] or normal(a[1]) != normal(b[1]):
                diffs += 1
                if diffs <= 5:
                    print(f"DIFFERENT {path}\n  A {a[0]} {normal(a[1])[:600]!r}\n"
                          f"  B {b[0]} {normal(b[1])[:600]!r}")
                else:
                    print(f"DIFFERENT {path}")
    finally:
        for p, _ in servers:
            p.terminate()
            p.wait()
    print(f"{len(paths)} requests ({failed} answered with an error on A), {diffs} different "
          "(took_ms aside)")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
