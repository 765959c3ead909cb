#!/usr/bin/env python3
"""trafilatura's row for the fundus table, scored exactly like benches/fundus.rs."""
import gzip, json, re, sys, time, unicodedata
from collections import Counter
from pathlib import Path

import trafilatura

root = Path(sys.argv[1])

def norm(s): return " ".join((s or "").split()).lower()

def tokens(s):
    out, cur = Counter(), []
    for c in s or "":
        o = ord(c)
        cjk = 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
        if cjk:
            if cur: out["".join(cur)] += 1; cur = []
            out[c] += 1
        elif c.isalnum():
            cur.append(c.lower())
        elif cur:
            out["".join(cur)] += 1; cur = []
    if cur: out["".join(cur)] += 1
    return out

def f1(p, g):
    p, g = tokens(p), tokens(g)
    np_, ng = sum(p.values()), sum(g.values())
    if not np_ or not ng: return 1.0 if np_ == ng else 0.0
    c = sum((p & g).values())
    if not c: return 0.0
    pr, rc = c / np_, c / ng
    return 2 * pr * rc / (pr + rc)

n = t_ok = d_n = d_ok = a_ok = 0
f_sum = f_n = 0
nbytes, secs = 0, 0.0
for line in open(root / "gold.jsonl"):
    g = json.loads(line)
    html = gzip.open(root / g["html_file"]).read()
    n += 1
    t = time.perf_counter()
    doc = trafilatura.bare_extraction(html, url=g["url"], with_metadata=True, output_format="python")
    secs += time.perf_counter() - t
    nbytes += len(html)
    doc = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    t_ok += norm(doc.get("title")) == norm(g["title"])
    if g.get("publishing_date"):
        d_n += 1
        d_ok += (doc.get("date") or "")[:10] == g["publishing_date"][:10]
    auth = [a.strip() for a in re.split(r";", doc.get("author") or "") if a.strip()]
    a_ok += sorted(set(map(norm, auth))) == sorted(set(map(norm, g["authors"] or [])))
    if (g.get("text") or "").strip():
        f_sum += f1(doc.get("text") or "", g["text"]); f_n += 1
print(f"| trafilatura {trafilatura.__version__} | {100*t_ok/n:.1f}% | {100*d_ok/max(d_n,1):.1f}% | "
      f"{100*a_ok/n:.1f}% | {f_sum/max(f_n,1):.3f} | {nbytes/1e6/secs:.1f} |")
