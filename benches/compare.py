#!/usr/bin/env python3
"""Side-by-side benchmark of newsdex against tantivy-cli, SQLite FTS5 and Typesense (issue 6).

One run, one machine, one corpus at a time, 2 threads:

  * indexing: `newsdex index --no-extract`, `newsdex index` (extraction on), `tantivy index`
    fed the articles of the newsdex index as NDJSON (`newsdex export --format ndjson`, so every
    engine gets the same titles, bodies, dates, people and places), SQLite FTS5 (porter,
    people/places in side tables) and Typesense (when its binary is given). Articles/s, MB/s of
    article text (title + lede + body, the same numerator for every engine), peak RSS
    (`/usr/bin/time -v`, or VmHWM of the server), index bytes.
  * queries: benches/queries.tsv, each engine warm, rounds alternating between engines; median
    and p95 latency per query type. newsdex, tantivy-cli and Typesense over HTTP (`newsdex
    serve`, `tantivy serve`, the Typesense server), each with a new connection per request (the
    one transport every HTTP engine handles); FTS5 in-process. In the same rounds, the engines
    that can serve a reused connection (newsdex, Typesense; not tantivy-cli, which stalls ~40 ms
    on one) are also timed over one keep-alive connection, reported as a second table.

Results go to WORK/results-NAME.json; `--render` prints the markdown table of every result
file in WORK, `--update-readme` writes it into benches/README.md between the compare markers.

    benches/compare.py --corpus chronam=../shared/corpora/chronam-1916 --work /work/bench-data/cmp
"""

import argparse
import datetime
import glob
import http.client
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TYPES = ["term", "and", "or", "phrase", "date", "place", "people"]
SCALE_SKIP = ("place", "people")
SCALE_TYPES = [t for t in TYPES if t not in SCALE_SKIP]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def du(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time -v; returns (elapsed s, peak RSS bytes, stdout)."""
    log("$", " ".join(cmd))
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw)
    el = time.monotonic() - t0
    if p.returncode != 0:
        log(p.stdout[-2000:], p.stderr[-4000:])
        raise SystemExit(f"failed: {cmd}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return el, int(m.group(1)) * 1024 if m else None, p.stdout


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_http(port, path, timeout=120):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            c.close()
            if r.status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on {port} did not come up")


# ---------------------------------------------------------------- data


def export_ndjson(newsdex, index, out):
    """Exports the newsdex index and writes docs.ndjson with the fields every engine gets."""
    raw = out + "-raw"
    shutil.rmtree(raw, ignore_errors=True)
    subprocess.run([newsdex, "export", "--format", "ndjson", "--out", raw, "--index", index],
                   check=True, stdout=subprocess.DEVNULL)
    n = 0
    text_bytes = 0
    dates = []
    with open(out, "w") as w:
        for f in sorted(glob.glob(os.path.join(raw, "*.ndjson"))):
            for line in open(f):
                d = json.loads(line)
                doc = {
                    "title": d.get("title") or "",
                    "lede": d.get("lede") or "",
                    "body": d.get("body") or "",
                    "people": d.get("people") or [],
                    "places": d.get("places") or [],
                }
                if d.get("date"):
                    doc["date"] = d["date"]
                    dates.append(d["date"][:10])
                text_bytes += len(doc["title"].encode()) + len(doc["lede"].encode()) + len(
                    doc["body"].encode())
                w.write(json.dumps(doc, ensure_ascii=False) + "\n")
                n += 1
    shutil.rmtree(raw, ignore_errors=True)
    dates.sort()
    return {"docs": n, "text_bytes": text_bytes, "min_date": dates[0] if dates else None,
            "max_date": dates[-1] if dates else None}


def date_span(meta, which):
    """Turns H1/H2/Q1..Q4 into a (from, to) pair of days within the corpus's date span."""
    a = datetime.date.fromisoformat(meta["min_date"])
    b = datetime.date.fromisoformat(meta["max_date"])
    span = (b - a).days
    parts = {"H1": (0, 2, 2), "H2": (1, 2, 2), "Q1": (0, 4, 4), "Q2": (1, 4, 4),
             "Q3": (2, 4, 4), "Q4": (3, 4, 4)}[which]
    lo = a + datetime.timedelta(days=span * parts[0] // parts[1])
    hi = a + datetime.timedelta(days=span * (parts[0] + 1) // parts[2])
    return lo.isoformat(), hi.isoformat()


def load_queries(path, meta):
    qs = []
    for line in open(path):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        q = {"type": parts[0], "q": parts[1]}
        if len(parts) > 2 and parts[2]:
            k, v = parts[2].split("=", 1)
            if k == "date":
                q["from"], q["to"] = date_span(meta, v)
            else:
                q[k] = v
        qs.append(q)
    return qs


# ---------------------------------------------------------------- tantivy-cli

TANTIVY_META = {
    "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
    "segments": [],
    "schema": [
        {"name": n, "type": "text", "options": {
            "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
            "stored": True, "fast": False}} for n in ("title", "lede", "body")
    ] + [
        {"name": "date", "type": "date", "options": {
            "indexed": True, "fieldnorms": False, "fast": True, "stored": True,
            "precision": "seconds"}},
    ] + [
        {"name": n, "type": "text", "options": {
            "indexing": {"record": "basic", "fieldnorms": False, "tokenizer": "raw"},
            "stored": True, "fast": True}} for n in ("people", "places")
    ],
    "opstamp": 0,
}


def tantivy_query(q):
    """The same query in tantivy's QueryParser syntax (default operator OR, so AND is +a +b)."""
    s = q["q"]
    if q["type"] in ("and", "term", "date", "place", "people"):
        s = " ".join("+" + w for w in s.split())
    if "from" in q:
        s += f" +date:[{q['from']}T00:00:00Z TO {q['to']}T23:59:59Z]"
    if "place" in q:
        s += f' +places:"{q["place"]}"'
    return s


# ---------------------------------------------------------------- FTS5


def fts5_load(db, ndjson):
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE articles(id INTEGER PRIMARY KEY, date TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(title, lede, body, tokenize='porter unicode61');
        CREATE TABLE people(doc INTEGER, name TEXT);
        CREATE TABLE places(doc INTEGER, name TEXT);
    """)
    with con:
        for i, line in enumerate(open(ndjson), 1):
            d = json.loads(line)
            con.execute("INSERT INTO articles VALUES (?, ?)", (i, (d.get("date") or "")[:10]))
            con.execute("INSERT INTO fts(rowid, title, lede, body) VALUES (?, ?, ?, ?)",
                        (i, d["title"], d["lede"], d["body"]))
            con.executemany("INSERT INTO people VALUES (?, ?)", [(i, p) for p in d["people"]])
            con.executemany("INSERT INTO places VALUES (?, ?)", [(i, p) for p in d["places"]])
    con.executescript("""
        CREATE INDEX people_doc ON people(doc, name);
        CREATE INDEX places_doc ON places(doc, name);
        CREATE INDEX articles_date ON articles(date);
    """)
    con.close()


def fts5_match(q):
    s = q["q"]
    if q["type"] in ("and", "term", "date", "place", "people") and not s.startswith('"'):
        s = " AND ".join(s.split())
    return s


def fts5_run(con, q):
    m = fts5_match(q)
    if q["type"] == "people":
        sql = ("SELECT p.name, count(*) c FROM fts JOIN people p ON p.doc = fts.rowid "
               "WHERE fts MATCH ? GROUP BY p.name ORDER BY c DESC LIMIT 10")
        return con.execute(sql, (m,)).fetchall()
    where = ["fts MATCH ?"]
    args = [m]
    if "from" in q:
        where.append("EXISTS (SELECT 1 FROM articles a WHERE a.id = fts.rowid "
                     "AND a.date BETWEEN ? AND ?)")
        args += [q["from"], q["to"]]
    if "place" in q:
        where.append("EXISTS (SELECT 1 FROM places p WHERE p.doc = fts.rowid AND p.name = ?)")
        args.append(q["place"])
    sql = ("SELECT rowid, title FROM fts WHERE " + " AND ".join(where)
           + " ORDER BY bm25(fts, 3.0, 2.0, 1.0) LIMIT 10")
    return con.execute(sql, args).fetchall()


# ---------------------------------------------------------------- Typesense

TS_KEY = "bench"


def ts_request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    h = {"X-TYPESENSE-API-KEY": TS_KEY}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise RuntimeError(f"typesense {method} {path}: {r.status} {data[:300]!r}")
    return data


def ts_load(port, ndjson, batch=5000):
    schema = {"name": "news", "fields": [
        {"name": "title", "type": "string"}, {"name": "lede", "type": "string"},
        {"name": "body", "type": "string"},
        {"name": "date", "type": "int64", "optional": True},
        {"name": "people", "type": "string[]", "facet": True, "optional": True},
        {"name": "places", "type": "string[]", "facet": True, "optional": True}]}
    ts_request(port, "POST", "/collections", json.dumps(schema),
               {"Content-Type": "application/json"})
    buf = []

    def flush():
        if buf:
            ts_request(port, "POST", "/collections/news/documents/import?action=create",
                       "\n".join(buf).encode(), {"Content-Type": "text/plain"})
            buf.clear()

    for i, line in enumerate(open(ndjson)):
        d = json.loads(line)
        d["id"] = str(i)
        if "date" in d:
            d["date"] = int(datetime.datetime.fromisoformat(
                d["date"].replace("Z", "+00:00")).timestamp())
        buf.append(json.dumps(d))
        if len(buf) >= batch:
            flush()
    flush()


def ts_path(q):
    p = {"q": q["q"], "query_by": "title,lede,body", "query_by_weights": "3,2,1",
         "num_typos": 0, "drop_tokens_threshold": 0, "typo_tokens_threshold": 0,
         "prefix": "false", "per_page": 10}
    f = []
    if "from" in q:
        a = int(datetime.datetime.fromisoformat(q["from"] + "T00:00:00+00:00").timestamp())
        b = int(datetime.datetime.fromisoformat(q["to"] + "T23:59:59+00:00").timestamp())
        f.append(f"date:[{a}..{b}]")
    if "place" in q:
        f.append(f"places:=[`{q['place']}`]")
    if f:
        p["filter_by"] = " && ".join(f)
    if q["type"] == "people":
        p.update({"facet_by": "people", "max_facet_values": 10, "per_page": 0})
    return "/collections/news/documents/search?" + urllib.parse.urlencode(p)


# ---------------------------------------------------------------- query clients

NEW_CONNECTION = "new connection per request"
KEEP_ALIVE = "keep-alive"
IN_PROCESS = "in-process"
# The two transports an HTTP engine is timed over, in the same rounds.
TRANSPORTS = ((NEW_CONNECTION, False), (KEEP_ALIVE, True))


class Http:
    """A small HTTP client: one keep-alive connection, or a new connection per request."""

    def __init__(self, port, keepalive, headers=None):
        self.port = port
        self.keepalive = keepalive
        self.headers = headers or {}
        self.conn = None

    def connect(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def get(self, path):
        reused = self.conn is not None and self.keepalive
        if not reused:
            self.connect()
        try:
            self.conn.request("GET", path, headers=self.headers)
            r = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # A server may close a keep-alive connection that sat idle (newsdex closes one
            # after its header timeout, as a guard against slow clients) while the other
            # engines ran: reconnect once, as every HTTP client library does.
            self.connect()
            self.conn.request("GET", path, headers=self.headers)
            r = self.conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status} {body[:200]!r}")
        return body


def newsdex_path(q):
    p = {"q": q["q"]}
    if "from" in q:
        p["from"], p["to"] = q["from"], q["to"]
    if "place" in q:
        p["place"] = q["place"]
    if q["type"] == "people":
        # Only the people facet, as the other engines compute it (not places and dates too).
        p["limit"] = 10
        return "/api/facets/people?" + urllib.parse.urlencode(p)
    p.update({"limit": 10, "facets": 0})
    return "/api/search?" + urllib.parse.urlencode(p)


def run_queries(engines, queries, rounds):
    """Each round runs every query once on every engine, engines in turn per query.

    `engines` maps a label to a function of a query (None: the engine cannot run that type).
    """
    lat = {name: {t: [] for t in TYPES} for name in engines}
    for name, fn in engines.items():  # warm-up
        for q in queries:
            if fn(q) is not None:
                pass
    for r in range(rounds):
        order = list(engines.items())
        if r % 2:
            order.reverse()
        for q in queries:
            for name, fn in order:
                t0 = time.perf_counter()
                res = fn(q)
                dt = time.perf_counter() - t0
                if res is not None:
                    lat[name][q["type"]].append(dt * 1000)
    return lat


def by_transport(summary):
    """Splits a summary keyed by (engine, transport) into the two tables: `queries` (every
    engine; HTTP engines over a new connection per request, FTS5 in-process) and
    `queries_keepalive` (the HTTP engines that serve a reused connection)."""
    out = {"transport": NEW_CONNECTION, "queries": {}, "queries_keepalive": {}}
    for (name, transport), v in summary.items():
        table = "queries_keepalive" if transport == KEEP_ALIVE else "queries"
        out[table][name] = v
    return out


def summarize(lat):
    out = {}
    for name, by_type in lat.items():
        out[name] = {}
        for t, xs in by_type.items():
            if xs:
                xs = sorted(xs)
                out[name][t] = {"median": statistics.median(xs),
                                "p95": xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))],
                                "n": len(xs)}
    return out


# ---------------------------------------------------------------- main run


def warm_page_cache(corpus):
    """Read every file under `corpus` once, discarding the bytes."""
    for root, _dirs, files in os.walk(corpus):
        for f in files:
            try:
                with open(os.path.join(root, f), "rb") as fh:
                    while fh.read(1 << 20):
                        pass
            except OSError:
                pass


def bench_corpus(args, name, corpus):
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    nd = args.newsdex
    res = {"corpus": name, "path": os.path.abspath(corpus),
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                      f"{platform.platform()}",
           "load_before": os.getloadavg(), "indexing": {}, "queries": {}}
    idx = {}
    # Every engine reads its input from the page cache: tantivy-cli and FTS5 load the
    # docs.ndjson written just before them, so the corpus is read once, untimed, before
    # newsdex's first run (a cold 200k archive of small files cost newsdex 66.5 s against
    # 42.4 s warm on 2026-12-02).
    warm_page_cache(corpus)
    for mode, extra in (("newsdex --no-extract", ["--no-extract"]), ("newsdex", [])):
        d = os.path.join(work, "newsdex-noext" if extra else "newsdex")
        shutil.rmtree(d, ignore_errors=True)
        el, rss, out = timed([nd, "index", corpus, "--index", d, "--threads",
                              str(args.threads), "--json"] + extra)
        summary = json.loads(out)
        idx[mode] = d
        res["indexing"][mode] = {"seconds": el, "rss": rss, "bytes": du(d),
                                 "articles": summary["articles"], "mb_read": summary["mb_read"]}
        log(mode, res["indexing"][mode])
    ndjson = os.path.join(work, "docs.ndjson")
    meta = export_ndjson(nd, idx["newsdex"], ndjson)
    res["meta"] = meta
    text_mb = meta["text_bytes"] / 1e6
    for r in res["indexing"].values():
        r["text_mb"] = text_mb

    # tantivy-cli
    tdir = os.path.join(work, "tantivy")
    if args.tantivy:
        shutil.rmtree(tdir, ignore_errors=True)
        os.makedirs(tdir)
        json.dump(TANTIVY_META, open(os.path.join(tdir, "meta.json"), "w"))
        el, rss, _ = timed([args.tantivy, "index", "-i", tdir, "-f", ndjson, "-t",
                            str(args.threads)])
        res["indexing"]["tantivy-cli"] = {"seconds": el, "rss": rss, "bytes": du(tdir),
                                          "articles": meta["docs"], "text_mb": text_mb}
        log("tantivy-cli", res["indexing"]["tantivy-cli"])

    # FTS5, loaded in a child process so its peak RSS is its own
    db = os.path.join(work, "fts5.db")
    el, rss, _ = timed([sys.executable, os.path.abspath(__file__), "--fts5-load", db, ndjson])
    res["indexing"]["SQLite FTS5"] = {"seconds": el, "rss": rss, "bytes": os.path.getsize(db),
                                      "articles": meta["docs"], "text_mb": text_mb}
    log("fts5", res["indexing"]["SQLite FTS5"])

    # Typesense
    procs = []
    ts_port = None
    if args.typesense:
        tsdir = os.path.join(work, "typesense")
        shutil.rmtree(tsdir, ignore_errors=True)
        os.makedirs(tsdir)
        ts_port = free_port()
        tp = subprocess.Popen([args.typesense, "--data-dir", tsdir, "--api-key", TS_KEY,
                               "--api-port", str(ts_port), "--peering-port",
                               str(free_port()), "--api-address", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(tp)
        wait_http(ts_port, "/health")
        t0 = time.monotonic()
        try:
            ts_load(ts_port, ndjson)
            el = time.monotonic() - t0
            hwm = int(re.search(r"VmHWM:\s+(\d+)", open(f"/proc/{tp.pid}/status").read())
                      .group(1)) * 1024
            res["indexing"]["Typesense"] = {"seconds": el, "rss": hwm, "bytes": du(tsdir),
                                            "articles": meta["docs"], "text_mb": text_mb}
            log("typesense", res["indexing"]["Typesense"])
        except RuntimeError as e:
            log("typesense failed:", e)
            ts_port = None

    # Queries
    queries = load_queries(args.queries, meta)
    engines = {}
    for label, flags in (("newsdex", []), ("newsdex (counts cache off)",
                                           ["--counts-cache", "0"])):
        port = free_port()
        p = subprocess.Popen([nd, "serve", "--index", idx["newsdex"], "--addr",
                              f"127.0.0.1:{port}", "--quiet"] + flags,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(p)
        wait_http(port, "/healthz")
        for transport, keep in TRANSPORTS:
            cl = Http(port, keepalive=keep)
            engines[(label, transport)] = lambda q, cl=cl: cl.get(newsdex_path(q))
    if args.tantivy:
        port = free_port()
        p = subprocess.Popen([args.tantivy, "serve", "-i", tdir, "--host", "127.0.0.1",
                              "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(p)
        wait_http(port, "/api/?q=x")
        # New connection per request only: tantivy serve stalls ~40 ms on a reused one (no
        # TCP_NODELAY), which would measure Nagle, not the engine; so it has no keep-alive row.
        tcl = Http(port, keepalive=False)

        def tantivy_fn(q, tcl=tcl):
            if q["type"] == "people":
                return None  # no facet counting in tantivy serve
            return tcl.get("/api/?" + urllib.parse.urlencode({"q": tantivy_query(q),
                                                              "nhits": 10}))
        engines[("tantivy-cli", NEW_CONNECTION)] = tantivy_fn
    con = sqlite3.connect(db)
    engines[("SQLite FTS5", IN_PROCESS)] = lambda q: fts5_run(con, q)
    if ts_port:
        for transport, keep in TRANSPORTS:
            tcl2 = Http(ts_port, keepalive=keep, headers={"X-TYPESENSE-API-KEY": TS_KEY})

            def ts_fn(q, tcl2=tcl2):
                if q["type"] == "or":
                    return None  # no OR operator in Typesense's q
                return tcl2.get(ts_path(q))
            engines[("Typesense", transport)] = ts_fn
    res["load_queries"] = os.getloadavg()
    try:
        res.update(by_transport(summarize(run_queries(engines, queries, args.rounds))))
    finally:
        for p in procs:
            p.terminate()
            p.wait()
    res["load_after"] = os.getloadavg()
    json.dump(res, open(os.path.join(args.work, f"results-{name}.json"), "w"), indent=1)
    return res


def bench_scale(args, name, paths, extract=False):
    """newsdex alone at one archive size: index (with `--no-extract` unless `extract`), then
    the query file."""
    d = os.path.join(args.work, "scale-" + name)
    shutil.rmtree(d, ignore_errors=True)
    el, rss, out = timed([args.newsdex, "index", *paths, "--index", d, "--threads",
                          str(args.threads), "--json"] + ([] if extract else ["--no-extract"]))
    summary = json.loads(out)
    stats = json.loads(subprocess.run([args.newsdex, "stats", "--json", "--index", d],
                                      capture_output=True, text=True, check=True).stdout)
    meta = {"min_date": stats["first_date"], "max_date": stats["last_date"]}
    res = {"name": name, "extract": extract,
           "articles": summary["articles"], "mb_read": summary["mb_read"],
           "seconds": el, "rss": rss, "bytes": du(d), "load": os.getloadavg(),
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    log(res)
    # A --no-extract index has no people or places: those filters would match nothing.
    queries = [q for q in load_queries(args.queries, meta)
               if extract or q["type"] not in SCALE_SKIP]
    engines, procs = {}, []
    for label, flags in (("newsdex", []), ("counts cache off", ["--counts-cache", "0"])):
        port = free_port()
        procs.append(subprocess.Popen([args.newsdex, "serve", "--index", d, "--addr",
                                       f"127.0.0.1:{port}", "--quiet"] + flags,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_http(port, "/healthz")
        # The transport of the main tables, so the scale rows compare with them.
        cl = Http(port, keepalive=False)
        engines[label] = lambda q, cl=cl: cl.get(newsdex_path(q))
    res["transport"] = NEW_CONNECTION
    try:
        res["queries"] = summarize(run_queries(engines, queries, args.rounds))
    finally:
        for p in procs:
            p.terminate()
            p.wait()
    json.dump(res, open(os.path.join(args.work, f"scale-{name}.json"), "w"), indent=1)
    return res


def render_scale(work):
    rows = [json.load(open(f)) for f in glob.glob(os.path.join(work, "scale-*.json"))]
    if not rows:
        return ""
    rows.sort(key=lambda r: (r["articles"], r.get("extract", False)))
    types = TYPES if any(r.get("extract") for r in rows) else SCALE_TYPES
    if all("transport" in r for r in rows):
        out = ["Queries over a new connection per request (`newsdex serve`, counts cache on and off).\n"]
    else:
        out = ["Queries: rows from before issue 18 used one keep-alive connection.\n"]
    out += ["| articles | extraction | MB read | elapsed | articles/s | peak RSS | index size"
            " | " + " | ".join(f"{t} median ms (cache off)" for t in types) + " |",
            "|---|---|---|---|---|---|---|" + "---|" * len(types)]
    for r in rows:
        cells = []
        for t in types:
            a, b = r["queries"]["newsdex"].get(t), r["queries"]["counts cache off"].get(t)
            cells.append(f"{a['median']:.2f} ({b['median']:.2f})" if a and b else "n/a")
        mode = "on" if r.get("extract") else "`--no-extract`"
        out.append(f"| {r['articles']:,} | {mode} | {r['mb_read']:,.0f} | {r['seconds']:.0f} s | "
                   f"{r['articles'] / r['seconds']:,.0f} | {r['rss'] / 2**20:,.0f} MB | "
                   f"{r['bytes'] / 2**20:,.0f} MB | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- rendering


def fmt_int(x):
    return f"{x:,.0f}"


def render(work):
    out = []
    for f in sorted(glob.glob(os.path.join(work, "results-*.json"))):
        r = json.load(open(f))
        ix = r["indexing"]
        out.append(f"### {r['corpus']}: {r['meta']['docs']:,} articles, "
                   f"{r['meta']['text_bytes'] / 1e6:,.0f} MB of text ({r['date']})\n")
        out.append(f"Machine: {r['machine']}; load average before "
                   f"{r['load_before'][0]:.1f}, during queries {r['load_queries'][0]:.1f}.\n")
        out.append("| indexing | articles/s | MB/s | elapsed | peak RSS | index size |"
                   " vs tantivy-cli |")
        out.append("|---|---|---|---|---|---|---|")
        base = ix.get("tantivy-cli")
        for name, v in ix.items():
            aps = v["articles"] / v["seconds"]
            ratio = f"{aps / (base['articles'] / base['seconds']):.2f}×" if base else ""
            out.append(f"| {name} | {fmt_int(aps)} | {v['text_mb'] / v['seconds']:.1f} | "
                       f"{v['seconds']:.1f} s | {v['rss'] / 2**20:,.0f} MB | "
                       f"{v['bytes'] / 2**20:,.0f} MB | {ratio} |")
        out.append("")
        if "transport" in r:
            out.append("Queries, HTTP engines over a new connection per request (FTS5 "
                       "in-process):\n")
        else:
            out.append("Queries (a run from before issue 18: newsdex and Typesense over one "
                       "keep-alive connection, tantivy-cli a new connection per request):\n")
        out += query_table(r["queries"])
        if r.get("queries_keepalive"):
            out.append("The same rounds over one keep-alive connection, for the engines that "
                       "serve one (tantivy-cli stalls ~40 ms on a reused connection):\n")
            out += query_table(r["queries_keepalive"])
    return "\n".join(out)


def query_table(q):
    """Markdown lines of one query table: a row per type, a column per engine."""
    names = list(q)
    out = ["| query type (median / p95 ms) | " + " | ".join(names) + " |",
           "|---|" + "---|" * len(names)]
    for t in TYPES:
        cells = []
        for n in names:
            s = q[n].get(t)
            cells.append(f"{s['median']:.2f} / {s['p95']:.2f}" if s else "n/a")
        out.append(f"| {t} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def update_readme(table, block="compare"):
    """Writes `table` into benches/README.md between the markers of `block`."""
    path = os.path.join(HERE, "README.md")
    s = open(path).read()
    begin, end = f"<!-- {block}:begin -->", f"<!-- {block}:end -->"
    block = f"{begin}\n{table}\n{end}"
    if begin in s:
        s = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, s, flags=re.S)
    else:
        s += "\n" + block + "\n"
    open(path, "w").write(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append", default=[], metavar="NAME=DIR")
    ap.add_argument("--work", default="/work/bench-data/compare")
    ap.add_argument("--newsdex", default=os.path.join(REPO, "target/release/newsdex"))
    ap.add_argument("--tantivy", default=shutil.which("tantivy"))
    ap.add_argument("--typesense", default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    ap.add_argument("--scale", action="append", default=[], metavar="NAME=DIR[,DIR...]",
                    help="newsdex alone: index --no-extract and query (scale table)")
    ap.add_argument("--scale-extract", action="append", default=[],
                    metavar="NAME=DIR[,DIR...]",
                    help="newsdex alone: index with extraction on and query (scale table)")
    ap.add_argument("--render", action="store_true")
    ap.add_argument("--update-readme", action="store_true")
    ap.add_argument("--readme-block", default="compare", metavar="NAME",
                    help="the README block --update-readme rewrites (<!-- NAME:begin -->)")
    ap.add_argument("--fts5-load", nargs=2, metavar=("DB", "NDJSON"))
    args = ap.parse_args()
    if args.fts5_load:
        fts5_load(*args.fts5_load)
        return
    os.makedirs(args.work, exist_ok=True)
    for c in args.corpus:
        name, _, path = c.partition("=")
        bench_corpus(args, name, path)
    for c in args.scale:
        name, _, paths = c.partition("=")
        bench_scale(args, name, paths.split(","))
    for c in args.scale_extract:
        name, _, paths = c.partition("=")
        bench_scale(args, name, paths.split(","), extract=True)
    table = render(args.work)
    scale = render_scale(args.work)
    if scale:
        table += "\n### Scale: newsdex alone\n\n" + scale
    print(table)
    if args.update_readme:
        update_readme(table, args.readme_block)


if __name__ == "__main__":
    main()
