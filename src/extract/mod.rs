//! Articles → entities: people and places found in article text.
//!
//! The pipeline calls [`Extractor::enrich`] on every article between parsing and indexing;
//! entities the source already gave (Reuters tags, JSON fields) are kept and merged.
//!
//! Recognition is a greedy averaged-perceptron tagger ([`model`]) trained by
//! `newsdex train-ner` ([`train`]) on CoNLL-2003; people are folded to their fullest name in
//! the article, places are resolved against GeoNames ([`gazetteer`]). Place data: GeoNames,
//! geonames.org (CC BY 4.0).

pub mod gazetteer;
pub mod model;
pub mod tokenize;
pub mod train;

use std::collections::HashMap;
use std::io::Write;

use crate::article::{Article, Place};
use gazetteer::Gazetteer;
use model::{LOC, Model, PER};
use tokenize::Tok;

/// The shipped tagger weights (written by `newsdex train-ner`).
const MODEL_ZST: &[u8] = include_bytes!("../../data/model.bin.zst");
/// The shipped second-pass weights (document features); empty when trained with `--one-pass`.
const MODEL2_ZST: &[u8] = include_bytes!("../../data/model2.bin.zst");

/// The loaded extraction models, shared by all threads of a process.
#[derive(Debug)]
pub struct Extractor {
    model: Model,
    model2: Option<Model>,
    gaz: Gazetteer,
}

/// Why the extraction models could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The shipped model data is corrupt.
    #[error("corrupt model data: {0}")]
    Model(String),
}

/// A person found in a text: the fullest name used for them, and where they are mentioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Canonical name within the text ("Antony Blinken" also for "Blinken").
    pub name: String,
    /// Byte ranges of the mentions (titles and possessives excluded).
    pub mentions: Vec<(usize, usize)>,
}

/// A place found in a text, resolved to the gazetteer when possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedPlace {
    /// The canonical name and path.
    pub place: Place,
    /// Byte ranges of the mentions.
    pub mentions: Vec<(usize, usize)>,
}

/// Everything found in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// People, one per person, in order of first mention.
    pub people: Vec<Person>,
    /// Places, one per path, in order of first mention.
    pub places: Vec<ResolvedPlace>,
}

static SHARED: std::sync::OnceLock<Result<Extractor, String>> = std::sync::OnceLock::new();

/// Words that precede names but are not part of them.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "secretary",
    "minister",
    "prime",
    "crown",
    "prince",
    "princess",
    "king",
    "queen",
    "sheikh",
    "general",
    "gen",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "state",
    "of",
    "foreign",
    "defense",
    "defence",
    "chancellor",
    "pope",
    "rev",
    "reverend",
    "professor",
    "prof",
    "judge",
    "justice",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "col",
    "colonel",
    "lt",
    "capt",
    "captain",
    "sgt",
    "adm",
    "admiral",
    "vice",
    "deputy",
    "chief",
    "emir",
    "sultan",
    "coach",
    "the",
];

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Extractor {
    /// The process-wide extractor, loaded on first use.
    pub fn shared() -> Result<&'static Extractor, ExtractError> {
        SHARED
            .get_or_init(|| {
                let model = Model::from_zst(MODEL_ZST)?;
                let model2 = Model::from_zst_opt(MODEL2_ZST)?;
                let gaz = Gazetteer::shipped()?;
                Ok(Extractor { model, model2, gaz })
            })
            .as_ref()
            .map_err(|e| ExtractError::Model(e.clone()))
    }

    /// An extractor from parts (training and evaluation use freshly built ones).
    pub fn from_parts(model: Model, model2: Option<Model>, gaz: Gazetteer) -> Extractor {
        Extractor { model, model2, gaz }
    }

    /// Tokens and labels, with the document-level second pass when a model for it is loaded.
    fn label(&self, text: &str) -> (Vec<Tok>, Vec<usize>) {
        let toks = tokenize::tokenize(text);
        let Some(m2) = &self.model2 else {
            let labels = self.model.tag(text, &toks, &self.gaz);
            return (toks, labels);
        };
        let labels = self.model.tag_two_pass(m2, text, &toks, &self.gaz);
        (toks, labels)
    }

    /// Adds the people and places found in the article's text to those it already has.
    pub fn enrich(&self, article: &mut Article) {
        let text = article.text();
        let ents = self.extract(&text);
        for p in ents.people {
            article.add_person(&p.name);
        }
        for p in ents.places {
            article.add_place(p.place);
        }
    }

    /// Raw entity spans: `(type, start, end)` byte ranges, type 0 PER, 1 LOC, 2 ORG, 3 MISC.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let (toks, labels) = self.label(text);
        model::spans(&labels, &toks)
            .into_iter()
            .map(|(t, a, b)| (t, toks[a].start, toks[b].end))
            .collect()
    }

    /// Finds the people and places in `text`; offsets are bytes into `text`.
    pub fn extract(&self, text: &str) -> Entities {
        let (toks, labels) = self.label(text);
        let spans = fix_spans(text, &toks, model::spans(&labels, &toks), &self.gaz);
        let mut per: Vec<(String, usize, usize)> = Vec::new();
        let mut memo: HashMap<String, (bool, usize)> = HashMap::new();
        let mut loc: Vec<(String, usize, usize)> = Vec::new();
        for (t, a, b) in spans {
            if t == PER {
                if let Some(x) = person_span(text, &toks[a..=b], &self.gaz, &mut memo) {
                    per.push(x);
                }
            } else if t == LOC {
                let (s, e) = (toks[a].start, toks[b].end);
                let name = clean(text.get(s..e).unwrap_or(""));
                if !name.is_empty() && !not_a_place(&name) {
                    loc.push((name, s, e));
                }
            }
        }
        Entities {
            people: fold_people(per),
            places: self.resolve_places(loc),
        }
    }

    fn resolve_places(&self, loc: Vec<(String, usize, usize)>) -> Vec<ResolvedPlace> {
        let mut names: Vec<String> = Vec::new();
        for (n, _, _) in &loc {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        let resolved = self.gaz.resolve(&names);
        let mut out: Vec<ResolvedPlace> = Vec::new();
        for (n, s, e) in loc {
            let Some(i) = names.iter().position(|x| *x == n) else {
                continue;
            };
            let place = &resolved[i];
            match out.iter_mut().find(|p| p.place.path == place.path) {
                Some(p) => p.mentions.push((s, e)),
                None => out.push(ResolvedPlace {
                    place: place.clone(),
                    mentions: vec![(s, e)],
                }),
            }
        }
        out
    }
}

fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    w.chars().next().is_some_and(char::is_uppercase)
        && TITLES.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// Repairs tagger spans with two rules CoNLL-2003 rarely teaches: a title-led non-person span
/// ending in a known first name + more words is a person ("Secretary of State Antony
/// Blinken"), and persons joined by a name particle are one ("Mohammed bin Salman").
fn fix_spans(
    text: &str,
    toks: &[Tok],
    spans: Vec<(usize, usize, usize)>,
    gaz: &Gazetteer,
) -> Vec<(usize, usize, usize)> {
    let word = |i: usize| {
        toks.get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    for (t, a, b) in spans {
        let (mut t, mut a) = (t, a);
        if t != PER && is_title(word(a)) {
            let mut k = a;
            while k < b && (is_title(word(k)) || word(k) == "of") {
                k += 1;
            }
            let first = model::lower(word(k));
            if k > a && k < b && gaz.token_flags(&first) & gazetteer::FIRST != 0 {
                t = PER;
                a = k;
            }
        }
        if t == PER
            && let Some(&(pt, pa, pb)) = out.last()
            && pt == PER
            && pb + 2 == a
            && PARTICLES.contains(&word(pb + 1))
        {
            out.pop();
            out.push((PER, pa, b));
            continue;
        }
        out.push((t, a, b));
    }
    out
}

/// Last words that make a "person" an organisation.
/// Capitalised words of speech transcripts that the tagger, trained on newswire, takes for
/// names ("Hello, Warsaw!", "(Laughter.)", "God bless").
const NOT_PEOPLE: &[&str] = &[
    "Hello",
    "Laughter",
    "Applause",
    "God",
    "Lady",
    "Ladies",
    "Gentlemen",
    "Sir",
    "Madam",
    "Thanks",
    "Amen",
    "Audience",
];

const ORG_WORDS: &[&str] = &[
    "Ministry",
    "Department",
    "Party",
    "Council",
    "Agency",
    "Committee",
    "Office",
    "Court",
    "Company",
    "Corporation",
    "Group",
    "Bank",
    "Association",
    "Union",
    "Institute",
    "University",
    "Foundation",
    "Army",
    "Forces",
    "Police",
    "Authority",
    "Commission",
    "Organization",
];

/// Lower-case words inside names.
const PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "van", "von", "der", "la", "le",
    "du", "dos", "das", "abu",
];

/// Strips titles and possessives from a PER span; returns the name and its byte range.
fn person_span(
    text: &str,
    toks: &[Tok],
    gaz: &Gazetteer,
    memo: &mut HashMap<String, (bool, usize)>,
) -> Option<(String, usize, usize)> {
    let word = |t: &Tok| text.get(t.start..t.end).unwrap_or("");
    let mut a = 0;
    let mut b = toks.len();
    while b > a
        && matches!(
            word(&toks[b - 1]),
            "'s" | "’s" | "'" | "’" | "'S" | "." | ","
        )
    {
        b -= 1;
    }
    while a + 1 < b {
        let w = word(&toks[a]).trim_end_matches('.').to_lowercase();
        if TITLES.contains(&w.as_str()) {
            a += 1;
        } else {
            break;
        }
    }
    if a >= b {
        return None;
    }
    let (s, e) = (toks[a].start, toks[b - 1].end);
    let name = clean(text.get(s..e)?);
    if name.is_empty() || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    let last = name.rsplit(' ').next().unwrap_or("");
    if ORG_WORDS.contains(&last) || NOT_PEOPLE.contains(&name.as_str()) {
        return None;
    }
    // a lone capitalised common word ("Video") also written in lower case in the text, or
    // opening a sentence, unknown as a name and not used elsewhere
    if a + 1 == b && name.chars().next().is_some_and(char::is_uppercase) {
        let low = model::lower(&name);
        let (in_lower, uses) = *memo.entry(name.clone()).or_insert_with(|| {
            let uses = memchr::memmem::find_iter(text.as_bytes(), name.as_bytes())
                .take(2)
                .count();
            (written_lower(text, &low), uses)
        });
        if in_lower
            || (toks[a].sent_start
                && gaz.token_flags(&low) & (gazetteer::FIRST | gazetteer::LAST) == 0
                && uses <= 1)
        {
            return None;
        }
    }
    Some((name, s, e))
}

/// Tagger "places" that transcripts and datelines produce and that are never places: a
/// speaker label led by an honorific ("MRS. OBAMA:"), a stage direction ("(Laughter.)"), a
/// time ("12:35 P.M. EST").
fn not_a_place(name: &str) -> bool {
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let upper = name.to_ascii_uppercase();
    matches!(first.as_str(), "mr" | "mrs" | "ms" | "miss" | "dr")
        || NOT_PEOPLE.iter().any(|w| w.eq_ignore_ascii_case(name))
        || upper.contains("A.M.")
        || upper.contains("P.M.")
        || ["EST", "EDT", "CST", "CDT", "PST", "PDT", "GMT", "UTC"]
            .iter()
            .any(|z| upper.ends_with(&format!(" {z}")) || upper == *z)
}

/// True when `low` occurs in `text` as a whole word in lower case.
fn written_lower(text: &str, low: &str) -> bool {
    if low.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], low.as_bytes()) {
        let (s0, e0) = (from + i, from + i + low.len());
        let before = text.get(..s0).and_then(|t| t.chars().next_back());
        let after = text.get(e0..).and_then(|t| t.chars().next());
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = e0;
    }
    false
}

/// Folds partial mentions ("Blinken") into the fullest name of the same person in the text.
fn fold_people(per: Vec<(String, usize, usize)>) -> Vec<Person> {
    let mut names: Vec<(String, Vec<String>)> = Vec::new();
    for (n, _, _) in &per {
        if !names.iter().any(|(m, _)| m.eq_ignore_ascii_case(n)) {
            let toks = n.split(' ').map(|t| t.to_lowercase()).collect();
            names.push((n.clone(), toks));
        }
    }
    let mut canon: HashMap<String, String> = HashMap::new();
    for (n, t) in &names {
        let mut best: Option<&(String, Vec<String>)> = None;
        for m in &names {
            let u = &m.1;
            if u.len() > t.len()
                && u.windows(t.len()).any(|w| w == &t[..])
                && best.is_none_or(|b| u.len() > b.1.len())
            {
                best = Some(m);
            }
        }
        canon.insert(
            n.to_lowercase(),
            best.map(|b| b.0.clone()).unwrap_or(n.clone()),
        );
    }
    let mut out: Vec<Person> = Vec::new();
    for (n, s, e) in per {
        let c = canon.get(&n.to_lowercase()).cloned().unwrap_or(n);
        match out.iter_mut().find(|p| p.name.eq_ignore_ascii_case(&c)) {
            Some(p) => p.mentions.push((s, e)),
            None => out.push(Person {
                name: c,
                mentions: vec![(s, e)],
            }),
        }
    }
    out
}

/// Writes one TSV line per mention: `doc_id<TAB>PER|LOC<TAB>text<TAB>start<TAB>end`, the
/// format `eval_conll.py --pred` scores.
pub fn write_tsv(
    doc_id: &str,
    entities: &Entities,
    text: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    for p in &entities.people {
        lines.extend(p.mentions.iter().map(|&(s, e)| (s, e, "PER")));
    }
    for p in &entities.places {
        lines.extend(p.mentions.iter().map(|&(s, e)| (s, e, "LOC")));
    }
    lines.sort();
    let id = clean(doc_id);
    for (s, e, t) in lines {
        let surface = clean(text.get(s..e).unwrap_or(""));
        writeln!(out, "{id}\t{t}\t{surface}\t{s}\t{e}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
