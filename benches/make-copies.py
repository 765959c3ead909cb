#!/usr/bin/env python3
"""Copy a make-archive.py archive and add edited copies of some of its articles: the test
archive for near-duplicate clustering (issue 17).

    make-copies.py --from /tmp/archive --out /tmp/archive-copies [--seed 1] [--share 0.25]

Every file of --from is copied unchanged to the same path under --out. Then a share of the
articles (--share, default a quarter) gets 1 to 8 copies (most get one or two, a few run in
many papers, as wire stories do). Each copy is the original with edits a newsroom or a scanner
makes:

- the headline is changed (rewritten from the lead, prefixed "UPDATE:", cut, or new);
- paragraphs are dropped and added as copy desks do: most copies are trimmed from the end to
  fit (0-40% of the paragraphs go), some lose one paragraph in the middle, and three in ten
  get one or two short paragraphs (a sentence or two of another article: a local angle, an
  editor's note) anywhere. `--drops random`
  drops every paragraph with a chance of 0-30% instead: copies of one original then often are
  not near-duplicates of each other though each is of the original, which no partition into
  clusters can follow (`dedup_quality --bounds` shows how far);
- in half of the copies 1-5% of the characters are garbled as OCR does (letter confusions such
  as rn/m, e/c, l/1, dropped and doubled letters, split and joined words);
- the copy is dated 0-3 days after the original (one in ten a day before: then the copy is the
  earliest, and newsdex must mark it, not the file it was made from, as the original), credited
  to an agency in one of the forms newspapers use ("WASHINGTON (AP) —", "By The Associated
  Press", "Material from Reuters was used in this report.", "(By United Press)"), and written in
  a format picked at random: the seed text format (credit line last), JSON, or headline-first text.

Heavily garbled or cut copies are no longer near-duplicates by the exact measure (5-word-shingle
containment >= 0.8), and that is intended: they test precision near the threshold. Whether a pair
is a near-duplicate is never taken from this script; `benches/dedup_quality.rs` computes it from
the text. `copies.tsv` lists copy path, original path and the edits, for reading the misses.

Deterministic for a given --seed. Prints a one-line summary.
"""
import argparse, datetime, gzip, json, os, random, re, shutil

AGENCIES = [
    # (name as credited, dateline mark, byline)
    ('Associated Press', '(AP)', 'By The Associated Press'),
    ('Reuters', '(Reuters)', 'By Reuters'),
    ('Agence France-Presse', '(AFP)', 'By Agence France-Presse'),
    ('United Press International', '(UPI)', 'By United Press International'),
    ('United Press', '(By United Press)', 'By United Press'),
]
PAPERS = ['The Boston Globe', 'Chicago Tribune', 'The Seattle Times', 'Star Tribune',
          'The Denver Post', 'Tampa Bay Times', 'The Dallas Morning News', 'Detroit Free Press']
CITIES = ['WASHINGTON', 'NEW YORK', 'LONDON', 'PARIS', 'CHICAGO', 'BERLIN', 'TOKYO', 'ROME']

# OCR confusions: what a scanner reads instead of a letter pair or a letter.
CONFUSE = [('rn', 'm'), ('m', 'rn'), ('e', 'c'), ('c', 'e'), ('l', '1'), ('i', 'l'), ('o', '0'),
           ('h', 'b'), ('u', 'n'), ('n', 'u'), ('a', 'n'), ('t', 'f'), ('s', 'a'), ('d', 'cl')]


def read_article(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        text = f.read()
    first, _, rest = text.partition('\n')
    m = re.match(r'\s*date (\d{4}-\d{2}-\d{2}) (.*)', first)
    if not m:
        return None
    pars = [p.strip() for p in rest.strip().split('\n\n') if p.strip()]
    # The last paragraph is make-archive's credit line.
    if pars and pars[-1].startswith('This article originally appeared in'):
        pars = pars[:-1]
    return {'date': datetime.date.fromisoformat(m.group(1)), 'lead': m.group(2).strip(), 'pars': pars}


def short_paragraph(p):
    """The first sentences of a paragraph, up to about 40 words: an added line, not a story."""
    out = []
    for sentence in re.split(r'(?<=[.!?])\s+', p):
        out.append(sentence)
        if len(' '.join(out).split()) >= 25:
            break
    words = ' '.join(out).split()
    return ' '.join(words[:40])


def garble(text, rate, rng):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isalpha() and rng.random() < rate:
            r = rng.random()
            pair = text[i:i + 2].lower()
            hit = [b for a, b in CONFUSE if a == pair] if r < 0.2 else []
            if hit:
                out.append(hit[0])
                i += 2
                continue
            if r < 0.55:
                subs = [b for a, b in CONFUSE if a == c.lower()]
                out.append(rng.choice(subs) if subs else rng.choice('aeinorst'))
            elif r < 0.7:
                pass  # a letter lost
            elif r < 0.8:
                out.append(c + c)
            elif r < 0.9:
                out.append(c + ' ')  # a word split
            else:
                out.append(c)
                if i + 1 < len(text) and text[i + 1] == ' ':
                    i += 1  # two words run together
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def new_headline(lead, pars, rng):
    h = headline_text(lead, pars, rng)
    # Headlines are short: the headline-first layout is told apart by its short first line.
    return h if len(h) <= 120 else h[:120].rsplit(' ', 1)[0]


def headline_text(lead, pars, rng):
    words = lead.rstrip('.').split()
    k = rng.random()
    if k < 0.3 and len(words) > 6:
        return ' '.join(words[:rng.randint(4, len(words) - 1)])
    if k < 0.5:
        return 'UPDATE: ' + lead.rstrip('.')
    if k < 0.75 and len(words) > 3:
        w = words[:]
        for _ in range(rng.randint(1, 3)):
            j = rng.randrange(len(w))
            w[j] = w[j].upper() if rng.random() < 0.5 else w[j][::-1]
        return ' '.join(w)
    body_words = ' '.join(pars).split()
    start = rng.randrange(max(1, len(body_words) - 8))
    return ' '.join(body_words[start:start + rng.randint(4, 9)]).strip('.,;:"“”').capitalize()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--from', dest='src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--share', type=float, default=0.25)
    ap.add_argument('--drops', choices=['desk', 'random'], default='desk')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    files = []
    for root, _, names in os.walk(a.src):
        for n in names:
            files.append(os.path.relpath(os.path.join(root, n), a.src))
    files.sort()
    originals = []
    for rel in files:
        dst = os.path.join(a.out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(a.src, rel), dst)
        if rel.endswith('.txt') or rel.endswith('.txt.gz'):
            originals.append(rel)
    pool = []  # paragraphs to add, from a sample of the archive
    for rel in rng.sample(originals, min(len(originals), 2000)):
        art = read_article(os.path.join(a.src, rel))
        if art:
            pool += art['pars']
    manifest = open(os.path.join(a.out, 'copies.tsv'), 'w', encoding='utf-8')
    manifest.write('copy\toriginal\tformat\theadline\tdropped\tadded\tgarble\tdays\n')
    n_copies = 0
    for rel in originals:
        if rng.random() >= a.share:
            continue
        art = read_article(os.path.join(a.src, rel))
        if not art or not pool:
            continue
        count = rng.choice([1, 1, 1, 1, 2, 2, 2, 3, 4, 8])
        for c in range(count):
            if a.drops == 'random':
                pdrop = rng.uniform(0, 0.3)
                pars = [p for p in art['pars'] if rng.random() >= pdrop] or art['pars'][:1]
            else:
                pars = list(art['pars'])
                k = rng.random()
                if k < 0.7:
                    keep = max(1, round(len(pars) * (1 - rng.uniform(0, 0.4))))
                    pars = pars[:keep]
                elif k < 0.9 and len(pars) > 2:
                    del pars[rng.randrange(1, len(pars))]
            dropped = len(art['pars']) - len(pars)
            added = rng.choice([0, 0, 0, 0, 0, 0, 0, 1, 1, 2])
            for _ in range(added):
                pars.insert(rng.randrange(len(pars) + 1), short_paragraph(rng.choice(pool)))
            rate = rng.uniform(0.01, 0.05) if rng.random() < 0.5 else 0.0
            headline = new_headline(art['lead'], art['pars'], rng)
            lead = art['lead']
            if rate:
                pars = [garble(p, rate, rng) for p in pars]
                headline = garble(headline, rate, rng)
                lead = garble(lead, rate, rng)
            days = -1 if rng.random() < 0.1 else rng.randint(0, 3)
            day = art['date'] + datetime.timedelta(days=days)
            name, mark, byline = rng.choice(AGENCIES)
            form = rng.choice(['dateline', 'byline', 'material'])
            if form == 'dateline':
                pars[0] = f'{rng.choice(CITIES)} {mark} — {pars[0]}'
            elif form == 'byline':
                pars.insert(0, byline)
            fmt = rng.choice(['seed', 'json', 'headline'])
            base = os.path.basename(rel).split('.')[0] + f'-copy{c + 1}'
            d = os.path.join(a.out, 'copies', day.strftime('%Y/%m/%d'))
            os.makedirs(d, exist_ok=True)
            if fmt == 'json':
                path = os.path.join(d, base + '.json')
                body = pars + ([f'Material from {name} was used in this report.'] if form == 'material' else [])
                doc = {'id': base, 'date': day.isoformat(), 'title': headline,
                       'source': rng.choice(PAPERS), 'body': '\n\n'.join(body)}
                with open(path, 'w', encoding='utf-8') as f:
                    json.dump(doc, f, ensure_ascii=False)
            elif fmt == 'seed':
                path = os.path.join(d, base + '.txt')
                credit = (f'Material from {name} was used in this report.' if form == 'material'
                          else f'This article originally appeared in {rng.choice(PAPERS)}.')
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(f' date {day.isoformat()} {lead}\n\n' + '\n\n'.join(pars) + f'\n\n{credit}\n')
            else:
                path = os.path.join(d, base + '.txt')
                body = pars + ([f'Material from {name} was used in this report.'] if form == 'material' else [])
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(headline + '\n\n' + '\n\n'.join(body) + '\n')
            manifest.write(f'{os.path.relpath(path, a.out)}\t{rel}\t{fmt}\t{headline}\t{dropped}\t{added}\t{rate:.3f}\t{days}\n')
            n_copies += 1
    manifest.close()
    print(f'{len(files)} files copied, {n_copies} edited copies of {len(originals)} articles in {a.out}')


if __name__ == '__main__':
    main()
