//! Places in text the tagger cannot read: languages other than English get gazetteer
//! lookups only (the English tagger takes their capitalised nouns for names).
//!
//! A place is a run of capitalised words whose name the gazetteer knows: a GeoNames city or
//! region under any of its alternate names (`München` → Munich, `Kiew` → Kyiv), or a country
//! under its name in the article's language (Unicode CLDR: `Deutschland`, `Allemagne`).
//! Country names and names of several words (`Frankfurt am Main`) count as they are. A
//! one-word town or region name is also a common word or a person's name in many languages
//! (German `Ende`, `Lage`, `Wetter`; `Andreas`; any word starting a sentence), so it counts
//! only with evidence that it is a place here. All of:
//! - it is written capitalised away from a sentence start, and never in lower case;
//! - it is not in a noun phrase: no determiner of the language ([`determiners`]) before it,
//!   with only lower-case words (adjectives) between (`die aktuelle Lage`, `beim Essen`);
//! - a place preposition of the language leads it somewhere in the text (`in Essen`,
//!   `aus Kiel`; not temporal ones such as `bis`, which lead `Mitte 2025`) and it lies in a
//!   country where the language is spoken (GeoNames), or has 100,000 people in one the text
//!   names — or it is a city of a million people anywhere (`Nairobi`);
//! - it is not followed by another capitalised word that is no place (`Paul Achleitner`);
//! - a known first name or surname (`Andreas`, `Victoria`) needs the preposition whatever
//!   its size;
//! - a country's name counts only in the article's language (`Jordanien`, not `Jordan`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::extractor::Extractor;
use super::gazetteer::{PlaceKind, key_of};
use super::tokenize::tokenize;
use crate::article::Place;

/// Country names in every CLDR locale: `lang<TAB>name<TAB>CC` (see `data/country-names.py`).
const COUNTRY_NAMES_ZST: &[u8] = include_bytes!("../../data/country_names.tsv.zst");

/// Longest name tried, in tokens.
const MAX_TOKENS: usize = 5;

/// Country names by (language, lower-cased name) → ISO code.
fn country_names() -> &'static HashMap<(String, String), [u8; 2]> {
    static NAMES: OnceLock<HashMap<(String, String), [u8; 2]>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut text = String::new();
        let mut map = HashMap::new();
        if std::io::Read::read_to_string(
            &mut zstd::stream::read::Decoder::new(COUNTRY_NAMES_ZST).expect("embedded zstd"),
            &mut text,
        )
        .is_err()
        {
            return map;
        }
        for line in text.lines() {
            let mut it = line.split('\t');
            if let (Some(lang), Some(name), Some(cc)) = (it.next(), it.next(), it.next()) {
                let lang = crate::language::normalize(lang).unwrap_or_else(|| lang.to_string());
                let b = cc.as_bytes();
                if b.len() == 2 {
                    map.insert((lang, key_of(name)), [b[0], b[1]]);
                }
            }
        }
        map
    })
}

/// Determiners and article contractions that come before nouns but not before the names of
/// towns, per language (closed word classes of the grammar, lower case).
pub fn determiners(lang: &str) -> &'static [&'static str] {
    match lang {
        "de" => &[
            "der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer",
            "eines", "kein", "keine", "keinem", "keinen", "keiner", "keines", "zum", "zur", "beim",
            "vom", "im", "ins", "am", "ans", "dieser", "diese", "dieses", "diesem", "diesen",
            "jeder", "jede", "jedes", "jedem", "jeden", "mein", "meine", "dein", "deine", "sein",
            "seine", "ihr", "ihre", "unser", "unsere", "euer", "eure",
        ],
        "nl" => &["de", "het", "een", "deze", "dit", "die", "dat", "geen"],
        "fr" => &[
            "le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces",
        ],
        "es" => &[
            "el", "la", "los", "las", "un", "una", "unos", "unas", "del", "al", "este", "esta",
        ],
        "it" => &[
            "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "del", "della", "al", "alla",
        ],
        "pt" => &[
            "o", "a", "os", "as", "um", "uma", "do", "da", "dos", "das", "no", "na", "ao",
        ],
        "ca" => &["el", "la", "els", "les", "un", "una", "del", "al"],
        "sv" | "no" | "da" => &["en", "ett", "et", "ei", "den", "det", "de"],
        _ => &[],
    }
}

/// Prepositions that lead place names (`in Essen`, `aus Kiel`), per language (lower case).
pub fn place_prepositions(lang: &str) -> &'static [&'static str] {
    match lang {
        "de" => &[
            "in", "aus", "nach", "bei", "von", "nahe", "durch", "zwischen",
        ],
        "nl" => &["in", "uit", "naar", "bij", "van", "nabij", "rond"],
        "fr" => &["à", "en", "de", "d", "près", "vers", "depuis"],
        "es" => &["en", "de", "desde", "a", "hacia", "cerca"],
        "it" => &["a", "in", "da", "di", "verso", "presso"],
        "pt" => &["em", "de", "a", "para", "perto"],
        "ca" => &["a", "en", "de", "des", "cap"],
        "sv" => &["i", "från", "till", "vid", "nära"],
        "no" | "da" => &["i", "fra", "til", "ved", "nær"],
        "pl" => &["w", "we", "z", "ze", "do", "pod", "koło"],
        "cs" | "sk" => &["v", "ve", "z", "ze", "do", "u", "na"],
        "tr" => &[],
        _ => &[],
    }
}

/// The countries where each language is spoken (`data/language_countries.tsv`, GeoNames).
fn home_countries(lang: &str) -> Vec<[u8; 2]> {
    const TABLE: &str = include_str!("../../data/language_countries.tsv");
    TABLE
        .lines()
        .find_map(|l| l.strip_prefix(lang).and_then(|r| r.strip_prefix('\t')))
        .map(|ccs| {
            ccs.split(' ')
                .filter_map(|c| {
                    let b = c.as_bytes();
                    (b.len() == 2).then(|| [b[0], b[1]])
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Cities this large count as places anywhere, whatever else the word means.
const WORLD_CITY: u64 = 1_000_000;

/// Towns of a country the text names (not one of the language's) count from this size.
const BIG_TOWN: u64 = 100_000;

/// The country place for an ISO code (its GeoNames path), from the gazetteer.
fn country_place(x: &Extractor, cc: [u8; 2]) -> Option<Place> {
    static PATHS: OnceLock<HashMap<[u8; 2], String>> = OnceLock::new();
    let paths = PATHS.get_or_init(|| {
        let mut m = HashMap::new();
        for cands in x.res.gaz.places.values() {
            for c in cands.iter().filter(|c| c.kind == PlaceKind::Country) {
                m.entry(c.country).or_insert_with(|| c.path.clone());
            }
        }
        m
    });
    let comps: Vec<&str> = paths
        .get(&cc)?
        .split('/')
        .filter(|c| !c.is_empty())
        .collect();
    Place::from_components(&comps)
}

impl Extractor {
    /// The places named in `text`, written in `lang` (an ISO 639-1 code), found by gazetteer
    /// lookups alone (see the module documentation), in order of first mention.
    pub fn gazetteer_places(&self, text: &str, lang: &str) -> Vec<Place> {
        let toks = tokenize(text);
        let word = |i: usize| &text[toks[i].start..toks[i].end];
        let capitalised = |i: usize| word(i).chars().next().is_some_and(char::is_uppercase);
        let lower_words: HashSet<&str> = (0..toks.len())
            .map(word)
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect();
        let dets = determiners(lang);
        let countries = country_names();
        // Single-word names seen capitalised away from a sentence start.
        let mid_sentence: HashSet<String> = (0..toks.len())
            .filter(|&i| !toks[i].sent_start && capitalised(i))
            .map(|i| word(i).to_lowercase())
            .collect();
        let homes = home_countries(lang);
        // The countries the text names: their towns count too when large.
        let mut named: Vec<[u8; 2]> = Vec::new();
        for i in 0..toks.len() {
            if let Some(cc) = countries.get(&(lang.to_string(), key_of(word(i))))
                && !named.contains(cc)
            {
                named.push(*cc);
            }
        }
        let mut names: Vec<String> = Vec::new();
        let mut countries_found: Vec<Place> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !capitalised(i) {
                i += 1;
                continue;
            }
            // The longest run of tokens from i that the gazetteer knows as a name.
            let mut best: Option<(usize, String)> = None;
            let mut key = String::new();
            for j in i..toks.len().min(i + MAX_TOKENS) {
                if j > i {
                    key.push(' ');
                }
                key.push_str(&key_of(word(j)));
                let whole = if j == i {
                    self.res.gaz.places.contains_key(&key)
                        || countries.contains_key(&(lang.to_string(), key.clone()))
                } else {
                    self.res.gaz.multi.contains(&key)
                        || countries.contains_key(&(lang.to_string(), key.clone()))
                };
                if whole && capitalised(j) {
                    best = Some((j, key.clone()));
                }
                let more = if j == i {
                    self.res.gaz.multi_first.contains(&key)
                } else {
                    self.res.gaz.multi_prefix.contains(&key)
                };
                if !more {
                    break;
                }
            }
            let Some((j, key)) = best else {
                i += 1;
                continue;
            };
            if let Some(cc) = countries.get(&(lang.to_string(), key.clone())) {
                if let Some(p) = country_place(self, *cc)
                    && !countries_found.iter().any(|c| c.path == p.path)
                {
                    countries_found.push(p);
                }
                i = j + 1;
                continue;
            }
            let single = j == i;
            let evidence = !single
                || self.single_word_place(
                    &key,
                    i,
                    &Ctx {
                        word: &word,
                        toks: &toks,
                        lower_words: &lower_words,
                        mid_sentence: &mid_sentence,
                        dets,
                        preps: place_prepositions(lang),
                        homes: &homes,
                        named: &named,
                    },
                );
            if evidence {
                let name = text[toks[i].start..toks[j].end].to_string();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            i = j + 1;
        }
        let mut out = countries_found;
        for p in self.res.gaz.resolve(&names) {
            if !out.iter().any(|o| o.path == p.path) {
                out.push(p);
            }
        }
        out
    }
}

/// What [`Extractor::single_word_place`] looks at.
struct Ctx<'a, W: Fn(usize) -> &'a str> {
    word: &'a W,
    toks: &'a [super::tokenize::Tok],
    lower_words: &'a HashSet<&'a str>,
    mid_sentence: &'a HashSet<String>,
    dets: &'a [&'a str],
    preps: &'a [&'a str],
    homes: &'a [[u8; 2]],
    named: &'a [[u8; 2]],
}

impl Extractor {
    /// Whether the one-word name `key` (first seen at token `at`) is a place in this text:
    /// the evidence of the module documentation.
    fn single_word_place<'a, W: Fn(usize) -> &'a str>(
        &self,
        key: &str,
        at: usize,
        c: &Ctx<'a, W>,
    ) -> bool {
        let Some(cands) = self.res.gaz.places.get(key) else {
            return false;
        };
        if cands[0].kind == PlaceKind::Country {
            // Its name in this language was looked up already (CLDR): the gazetteer's English
            // name here is another word (`Jordan Barrett`, `Georgia Palmer`).
            return false;
        }
        if !c.mid_sentence.contains(key) || c.lower_words.contains(key) {
            return false;
        }
        let population = cands.iter().map(|x| x.population).max().unwrap_or(0);
        let flags = self.res.gaz.token_flags(key);
        let a_name = flags & (super::gazetteer::FIRST | super::gazetteer::LAST) != 0;
        // Every occurrence: in a noun phrase (rejects), led by a preposition (supports).
        let mut led = false;
        for i in at..c.toks.len() {
            if key_of((c.word)(i)) != key {
                continue;
            }
            let mut k = i;
            while k > 0 {
                k -= 1;
                let original = (c.word)(k);
                let w = original.to_lowercase();
                if c.dets.contains(&w.as_str()) {
                    return false;
                }
                if !original.chars().next().is_some_and(char::is_lowercase)
                    || c.preps.contains(&w.as_str())
                {
                    break;
                }
            }
            // Followed by another capitalised word that is no place: part of a longer name
            // (`Paul Achleitner`, `Marco Buschmann`).
            if let Some(next) = c.toks.get(i + 1)
                && !next.sent_start
                && (c.word)(i + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && !self.res.gaz.places.contains_key(&key_of((c.word)(i + 1)))
            {
                return false;
            }
            if i > 0 && c.preps.contains(&(c.word)(i - 1).to_lowercase().as_str()) {
                led = true;
            }
        }
        let at_home = cands.iter().any(|x| {
            c.homes.contains(&x.country)
                || (c.named.contains(&x.country) && x.population >= BIG_TOWN)
        });
        if a_name {
            return led && at_home;
        }
        population >= WORLD_CITY || (led && at_home)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_places_and_not_german_nouns() {
        let Ok(x) = Extractor::shared() else {
            panic!("the shipped extractor loads");
        };
        let text = "Die Regierung in Berlin und die Stadt München beraten. Das Essen in der \
                    Halle war gut, sagte der Bürgermeister von Essen. Auch Deutschland und \
                    Frankreich sind dabei, ebenso Frankfurt am Main. Bergen wir die Schulen. Ende \
                    Mai kam Andreas aus Kiel.";
        let got: Vec<String> = x
            .gazetteer_places(text, "de")
            .into_iter()
            .map(|p| p.path)
            .collect();
        for want in [
            "/Europe/Germany",
            "/Europe/France",
            "Berlin",
            "Munich",
            "Frankfurt",
            "Kiel",
        ] {
            assert!(
                got.iter().any(|p| p.contains(want)),
                "{want} missing: {got:?}"
            );
        }
        // "Essen" the city (after "von") counts; "Halle" only ever follows "der"; "Bergen"
        // starts a sentence only.
        assert!(!got.iter().any(|p| p.contains("Indonesia")), "{got:?}");
        assert!(got.iter().any(|p| p.ends_with("/Essen")), "{got:?}");
        assert!(
            !got.iter()
                .any(|p| p.contains("Halle") || p.contains("Bergen") || p.contains("Andreas")),
            "{got:?}"
        );
    }
}
