#!/usr/bin/env python3
"""Archive-level resolution of partial names: for rare surnames, the share of the articles
mentioning the surname that carry the person's full-name facet value (issue #13's floor:
median >= 0.85).

    benches/resolution.py NEWSDEX INDEX SURNAME[=FACET VALUE]...

For each surname the facet value is the one given, else the shown `newsdex entities` value
with the most articles whose words include the surname. Two denominators are printed:

- mention: articles where extraction (or the source) named a person whose name contains
  the surname ("Geithner", "Secretary Geithner", "Tim Geithner") -- what the archive level
  resolves; this is the floor's figure;
- text: articles whose text contains the surname as a capitalised word, whether or not the
  tagger found it (tagger recall included).

The numerator is the articles among them whose people (as `search --json` hits show them,
after archive-level resolution) include the facet value.
"""
import json, os, re, statistics, subprocess, sys, tempfile


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def facet_value(newsdex, index, surname, entities):
    best = None
    for e in entities:
        if e['status'] == 'unresolved':
            continue
        words = re.sub(r'[.,]', ' ', e['name']).lower().split()
        if surname.lower() in words and (best is None or e['articles'] > best['articles']):
            best = e
    return best['name'] if best else None


def resolved_people(newsdex, index, surname):
    """id -> people shown on the hit, for every article matching the surname."""
    out, offset = {}, 0
    while True:
        r = json.loads(run([newsdex, 'search', surname, '--index', index, '--limit', '1000',
                            '--offset', str(offset), '--facets', '0', '--json']))
        for h in r['hits']:
            out[h['id']] = h['people']
        offset += len(r['hits'])
        if not r['hits'] or offset >= r['total']:
            return out


def stored(newsdex, index, surname):
    """id -> (stored people, text) for every article matching the surname."""
    out = {}
    with tempfile.TemporaryDirectory() as d:
        target = os.path.join(d, 'x')
        run([newsdex, 'export', '--format', 'ndjson', '--index', index, '--query', surname,
             '--out', target])
        for f in sorted(os.listdir(target)):
            for line in open(os.path.join(target, f), encoding='utf-8'):
                a = json.loads(line)
                out[a['id']] = (a['people'], ' '.join([a['title'], a['lede'], a['body']]))
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    newsdex, index, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    entities = json.loads(run([newsdex, 'entities', '--index', index, '--kind', 'people',
                               '--json']))['entities']
    shares_m, shares_t = [], []
    print(f"{'surname':14} {'facet value':28} {'mention':>16} {'text':>16}")
    for arg in names:
        surname, _, value = arg.partition('=')
        value = value or facet_value(newsdex, index, surname, entities)
        people = resolved_people(newsdex, index, surname)
        docs = stored(newsdex, index, surname)
        word = re.compile(r'\b' + re.escape(surname) + r'\b', re.IGNORECASE)
        capital = re.compile(r'\b' + re.escape(surname) + r'\b')
        by_mention = [i for i, (ppl, _) in docs.items() if any(word.search(p) for p in ppl)]
        by_text = [i for i, (_, text) in docs.items() if capital.search(text)]
        def share(ids):
            hit = sum(1 for i in ids if value and value in people.get(i, []))
            return hit, len(ids), (hit / len(ids) if ids else float('nan'))
        hm, nm, sm = share(by_mention)
        ht, nt, st = share(by_text)
        if nm:
            shares_m.append(sm)
        if nt:
            shares_t.append(st)
        print(f"{surname:14} {str(value):28} {hm:5}/{nm:<5} {sm:5.2f} {ht:5}/{nt:<5} {st:5.2f}")
    print(f"median share: mention {statistics.median(shares_m):.2f}, "
          f"text {statistics.median(shares_t):.2f}")
    print(json.dumps({'median_mention': round(statistics.median(shares_m), 3),
                      'median_text': round(statistics.median(shares_t), 3)}))


if __name__ == '__main__':
    main()
