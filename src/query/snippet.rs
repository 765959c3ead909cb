//! Snippets without analysing whole articles.
//!
//! tantivy's `SnippetGenerator` runs the field's analyzer (tokenizer + stemmer) over the whole
//! text it is given: about a millisecond for a 30 KB OCR'd front page, per hit, which would
//! make snippets the dominant cost of a search. The query's terms are stems, and a stem is
//! almost always a prefix of the words it comes from ("ceas" of "cease-fire", "negoti" of
//! "negotiations"), so a case-insensitive scan for the stems at word starts finds where the
//! matches are at memory speed. Only a window around the densest cluster of candidates goes
//! through the analyzer, which then decides — with stemming — what really matches.
//!
//! The window's fragments are chosen as tantivy's `SnippetGenerator` chooses them (runs of
//! tokens up to the snippet's length, scored by the weights of the query terms they hold, the
//! best and earliest kept), but the terms are made only for the tokens that can be one of the
//! query's ([`analyzer::Highlighter`]): the generator ran the whole analyzer over every token
//! and lower-cased each term again into a new string.
//!
//! A compound query word (`cease-fire`, or `ceasefire` where the archive also writes it
//! split) highlights the compound — `ceasefire`, `cease-fire` (its marker term) — and not its
//! parts on their own: `the troops fired` is no match for `cease-fire`. Only a text where no
//! query term but the parts occurs (the compound written spaced, `cease fire`) is highlighted
//! with the parts.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::rc::Rc;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::collapse_overlapped_ranges;
use tantivy::{Searcher, Term};

use super::compounds::compound_parts;
use crate::index::analyzer;

/// Texts up to this many bytes (about one window) are analysed whole. Anything longer is
/// scanned first: the scan costs about a microsecond per 4 KB, while the analyzer (tokenizer +
/// stemmer) costs about a millisecond per 4 KB, which for a page of 10 typical 4–5 KB news
/// articles was most of a search's time.
const WHOLE_TEXT_BYTES: usize = WINDOW_BEFORE + WINDOW_AFTER;
/// Bytes kept before and after the densest cluster of candidates.
const WINDOW_BEFORE: usize = 300;
const WINDOW_AFTER: usize = 600;
/// Candidates considered per text (the densest cluster is almost always among the first).
const MAX_CANDIDATES: usize = 256;

/// Snippets for one query over one text field, in the languages of the hits.
pub struct Snippets {
    /// The query's terms in the field (tagged as the index holds them), with their weights.
    terms: BTreeMap<String, f32>,
    /// The parts of its compound words that are not terms of their own, with their weights.
    parts: BTreeMap<String, f32>,
    max_chars: usize,
    /// One generator per language met so far (the analyzer and the terms differ), and one
    /// with the compounds' parts when there are any.
    by_lang: RefCell<Vec<(Option<&'static str>, LangPair)>>,
}

/// The snippet machinery of one language: without and with the compounds' parts.
type LangPair = (Rc<LangSnippets>, Option<Rc<LangSnippets>>);

/// The snippet machinery for the hits in one language.
struct LangSnippets {
    /// The terms highlighted (tagged as the index holds them), with their weights.
    terms: BTreeMap<String, f32>,
    /// The tokens of a text, with the terms of those that can be among `terms`.
    highlighter: analyzer::Highlighter,
    max_chars: usize,
    /// A case-insensitive scan for the query's stems, when all are ASCII (otherwise every
    /// text is analysed whole).
    finder: Option<StemScan>,
    has_terms: bool,
}

/// Most bytes analysed whole when the scan finds nothing to centre on (accented text
/// matched by a folded term: `Zürich` for `zurich`).
const MAX_WHOLE_BYTES: usize = 16 * 1024;

impl Snippets {
    /// Prepares snippets of `field` for `query`, `max_chars` long.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> tantivy::Result<Snippets> {
        let mut terms: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term);
            }
        });
        // As tantivy weighs fragments: rarer terms count more.
        let weigh = |terms: &mut dyn Iterator<Item = &Term>| -> tantivy::Result<_> {
            let mut out: BTreeMap<String, f32> = BTreeMap::new();
            for term in terms {
                if let Some(s) = term.value().as_str() {
                    let df = searcher.doc_freq(term)?;
                    if df > 0 {
                        out.insert(s.to_string(), 1.0 / (1.0 + df as f32));
                    }
                }
            }
            Ok(out)
        };
        let terms_text = weigh(&mut terms.into_iter())?;
        let mut compounds = Vec::new();
        compound_parts(query, &mut compounds);
        let mut parts = weigh(&mut compounds.iter().flatten().filter(|t| t.field() == field))?;
        parts.retain(|t, _| !terms_text.contains_key(t));
        Ok(Snippets {
            terms: terms_text,
            parts,
            max_chars,
            by_lang: RefCell::new(Vec::new()),
        })
    }

    /// The machinery for hits in `lang`, without and with the compounds' parts.
    fn for_lang(&self, lang: Option<&str>) -> LangPair {
        let tag = lang.and_then(analyzer::tag_of);
        if let Some((_, s)) = self.by_lang.borrow().iter().find(|(t, _)| *t == tag) {
            return s.clone();
        }
        let plain = self.lang_snippets(tag, self.terms.iter());
        let with_parts = (!self.parts.is_empty())
            .then(|| self.lang_snippets(tag, self.terms.iter().chain(self.parts.iter())));
        let pair = (plain, with_parts);
        self.by_lang.borrow_mut().push((tag, pair.clone()));
        pair
    }

    /// The machinery for hits in language `tag` highlighting `all` (the terms of that
    /// language and the untagged ones).
    fn lang_snippets<'t>(
        &self,
        tag: Option<&str>,
        all: impl Iterator<Item = (&'t String, &'t f32)>,
    ) -> Rc<LangSnippets> {
        let mut terms: BTreeMap<String, f32> = BTreeMap::new();
        let mut stems: Vec<String> = Vec::new();
        for (t, w) in all {
            let stem = match t.split_once(':') {
                Some((p, rest)) if analyzer::tag_of(p).is_some() => {
                    if Some(p) != tag {
                        continue;
                    }
                    rest
                }
                _ => t.as_str(),
            };
            terms.insert(t.clone(), *w);
            stems.push(stem.to_string());
        }
        let has_terms = !terms.is_empty();
        let finder = if has_terms && stems.iter().all(|t| t.is_ascii()) {
            StemScan::new(&scan_patterns(stems.iter()))
        } else {
            None
        };
        let highlighter = analyzer::Highlighter::new(tag, terms.keys().map(String::as_str));
        Rc::new(LangSnippets {
            terms,
            highlighter,
            max_chars: self.max_chars,
            finder,
            has_terms,
        })
    }

    /// The best fragment of `text` (in language `lang`) with its matches in `<b>…</b>`
    /// (HTML-escaped), or `None` when no query term occurs in it.
    pub fn html(&self, text: &str, lang: Option<&str>) -> Option<String> {
        if (self.terms.is_empty() && self.parts.is_empty()) || text.is_empty() {
            return None;
        }
        let (plain, with_parts) = self.for_lang(lang);
        Self::html_with(&plain, text).or_else(|| Self::html_with(with_parts.as_ref()?, text))
    }

    /// [`Self::html`] with one language's machinery.
    fn html_with(s: &LangSnippets, text: &str) -> Option<String> {
        if !s.has_terms {
            return None;
        }
        let part = match &s.finder {
            Some(finder) if text.len() > WHOLE_TEXT_BYTES => match window(finder, text) {
                Some(w) => w,
                // Only accents can hide a match from the ASCII scan.
                None if !text.is_ascii() => {
                    &text[..floor_boundary(text, MAX_WHOLE_BYTES.min(text.len()))]
                }
                None => return None,
            },
            _ => text,
        };
        s.best_fragment(part)
    }
}

/// A run of tokens of at most `max_chars` bytes, scored by the query terms it holds.
struct Fragment {
    score: f32,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Fragment {
    fn new(start: usize) -> Fragment {
        Fragment {
            score: 0.0,
            start,
            stop: start,
            highlighted: Vec::new(),
        }
    }
}

/// tantivy's order of fragments: by score, and of equal scores the earlier one.
fn fragment_order(left: &Fragment, right: &Fragment) -> Ordering {
    match left
        .score
        .partial_cmp(&right.score)
        .unwrap_or(Ordering::Equal)
    {
        Ordering::Equal => (right.start, right.stop).cmp(&(left.start, left.stop)),
        other => other,
    }
}

impl LangSnippets {
    /// The weight of `term` (lower-cased first, as tantivy's generator compares them).
    fn weight(&self, term: &str) -> Option<f32> {
        if term
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            self.terms.get(&term.to_lowercase()).copied()
        } else {
            self.terms.get(term).copied()
        }
    }

    /// The best fragment of `text` with its query terms in `<b>…</b>` (HTML-escaped), or
    /// `None` when it holds none. The same fragments, scores and choice as tantivy's
    /// `SnippetGenerator::snippet` over the highlighting analyzer, with terms made only for
    /// the words that can match ([`analyzer::Highlighter`]).
    fn best_fragment(&self, text: &str) -> Option<String> {
        let mut best: Option<Fragment> = None;
        let mut keep = |f: Fragment| {
            best = match best.take() {
                Some(b) if fragment_order(&b, &f) == Ordering::Greater => Some(b),
                _ => Some(f),
            };
        };
        let mut current = Fragment::new(0);
        self.highlighter.tokens(text, |from, to, term| {
            if to.wrapping_sub(current.start) > self.max_chars {
                let done = std::mem::replace(&mut current, Fragment::new(from));
                if done.score > 0.0 {
                    keep(done);
                }
            }
            current.stop = to;
            if let Some(w) = term.and_then(|t| self.weight(t)) {
                current.score += w;
                current.highlighted.push(from..to);
            }
        });
        if current.score > 0.0 {
            keep(current);
        }
        let best = best?;
        if best.highlighted.is_empty() {
            return None;
        }
        let fragment = &text[best.start..best.stop];
        let ranges: Vec<Range<usize>> = best
            .highlighted
            .iter()
            .map(|r| r.start - best.start..r.end - best.start)
            .collect();
        let mut html = String::with_capacity(fragment.len() + 16 * ranges.len());
        let mut from = 0;
        for r in collapse_overlapped_ranges(&ranges) {
            escape_into(&fragment[from..r.start], &mut html);
            html.push_str("<b>");
            escape_into(&fragment[r.clone()], &mut html);
            html.push_str("</b>");
            from = r.end;
        }
        escape_into(&fragment[from..], &mut html);
        Some(html)
    }
}

/// `text` HTML-escaped onto `out`, with the entities tantivy's snippets use (`htmlescape`'s
/// minimal set).
fn escape_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find(['"', '&', '\'', '<', '>']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'"' => "&quot;",
            b'&' => "&amp;",
            b'\'' => "&#x27;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// What the scan looks for: each stem, and for a stem ending in "i" the "y" word it mostly
/// comes from, the one common case where the stem is not a prefix of the word ("parti" is
/// the stem of "party", "countri" of "country"). A compound's marker (`ceasefir-5`) is
/// looked for as the hyphenated word starts (`cease-fir`).
fn scan_patterns<'a>(stems: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out = Vec::new();
    for t in stems {
        if let Some((joined, k)) = t.rsplit_once('-') {
            if let Ok(k) = k.parse::<usize>()
                && k > 0
                && k < joined.len()
                && joined.is_char_boundary(k)
            {
                out.push(format!("{}-{}", &joined[..k], &joined[k..]));
            }
            continue;
        }
        out.push(t.clone());
        if let Some(base) = t.strip_suffix('i')
            && !base.is_empty()
        {
            out.push(format!("{base}y"));
        }
    }
    out
}

/// Finds where words that start with one of a few ASCII patterns begin, ignoring ASCII case.
///
/// Every long text of a page of hits is scanned, so this is the inner loop of a page: per
/// distinct first letter, `memchr2` jumps (with SIMD) to that letter in either case, and only
/// there are the word start and the rest of a pattern checked. An Aho-Corasick automaton did the
/// same at ≈ 11 instructions a byte, plus ≈ 140,000 to build it for each query.
struct StemScan {
    /// Patterns (lower-cased bytes) grouped by their first byte.
    by_first: Vec<(u8, Vec<Vec<u8>>)>,
}

impl StemScan {
    /// A scan for `patterns` (all ASCII), or `None` when there is none to look for.
    fn new(patterns: &[String]) -> Option<StemScan> {
        let mut by_first: Vec<(u8, Vec<Vec<u8>>)> = Vec::new();
        for p in patterns {
            let p = p.to_ascii_lowercase().into_bytes();
            let Some(&first) = p.first() else { continue };
            match by_first.iter_mut().find(|(f, _)| *f == first) {
                Some((_, group)) => group.push(p),
                None => by_first.push((first, vec![p])),
            }
        }
        (!by_first.is_empty()).then_some(StemScan { by_first })
    }

    /// Byte offsets, in order, of the first `max` word starts in `text` where a pattern
    /// begins (a word starts at the text's start or after a byte that is not an ASCII letter
    /// or digit).
    fn word_starts(&self, text: &str, max: usize) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut starts = Vec::new();
        for (first, group) in &self.by_first {
            for i in memchr::memchr2_iter(*first, first.to_ascii_uppercase(), bytes) {
                let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
                if at_word_start
                    && group.iter().any(|p| {
                        bytes
                            .get(i..i + p.len())
                            .is_some_and(|w| w.eq_ignore_ascii_case(p))
                    })
                {
                    starts.push(i);
                    // One letter's starts are in order: past `max` of them, the rest of this
                    // letter cannot be among the first `max` of all.
                    if starts.len() >= max && self.by_first.len() == 1 {
                        break;
                    }
                }
            }
        }
        starts.sort_unstable();
        starts.truncate(max);
        starts
    }
}

/// The part of `text` around its densest cluster of candidate matches, or `None` when there
/// is no candidate at all.
fn window<'t>(finder: &StemScan, text: &'t str) -> Option<&'t str> {
    let starts = finder.word_starts(text, MAX_CANDIDATES);
    let first = *starts.first()?;
    // The candidate followed by the most others within one window's width.
    let mut best = (0usize, first);
    let mut j = 0;
    for (i, &s) in starts.iter().enumerate() {
        j = j.max(i);
        while j + 1 < starts.len() && starts[j + 1] < s + WINDOW_AFTER {
            j += 1;
        }
        if j + 1 - i > best.0 {
            best = (j + 1 - i, s);
        }
    }
    let lo = floor_boundary(text, best.1.saturating_sub(WINDOW_BEFORE));
    let hi = floor_boundary(text, (best.1 + WINDOW_AFTER).min(text.len()));
    // Start at a word: a cut word would be shown as a fragment of nonsense. Skip the whole
    // space character: some are two or three bytes (a no-break space is), and slicing inside
    // one panicked.
    let lo = text[lo..hi]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .filter(|&(k, _)| lo > 0 && lo + k < best.1)
        .map_or(lo, |(k, c)| lo + k + c.len_utf8());
    Some(&text[lo..hi])
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(terms: &[&str]) -> StemScan {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        StemScan::new(&terms).unwrap()
    }

    /// The fragments, highlights and HTML are those of tantivy's `SnippetGenerator` over the
    /// language's whole analyzer, for English, German and untagged text, with ties, several
    /// fragments, compounds, accents and HTML's special characters.
    #[test]
    fn fragments_are_tantivys() {
        use tantivy::snippet::SnippetGenerator;
        let filler = "lorem ipsum dolor sit amet, the talks went on. ".repeat(6);
        let texts = [
            format!("{filler} Ceasefire talks <b> & \"negotiations\" {filler} a cease-fire's end"),
            format!("Negotiators' cease-fire {filler} NEGOTIATE & negotiate {filler} negotiation"),
            "Zürich: die Ärzte & ihre Verhandlungen, Zurich's A&B <i>".to_string(),
            format!("{filler} São Paulo, sao paulo; 地震が発生 {filler} Sao"),
            "one short text without any of them".to_string(),
        ];
        /// A language and the query's terms in it, with their weights.
        type TermSet<'a> = (Option<&'a str>, &'a [(&'a str, f32)]);
        let sets: [TermSet; 4] = [
            (
                Some("en"),
                &[
                    ("en:negoti", 0.5),
                    ("en:ceasefir-5", 0.25),
                    ("en:talk", 0.1),
                ],
            ),
            (
                Some("en"),
                &[
                    ("en:sao", 0.5),
                    ("en:zurich", 0.5),
                    ("地震", 0.2),
                    ("en:b", 0.3),
                ],
            ),
            (
                Some("de"),
                &[("de:arzt", 0.5), ("de:verhandl", 0.4), ("zurich", 0.1)],
            ),
            (
                None,
                &[("zurich", 0.3), ("sao", 0.3), ("negotiations", 0.2)],
            ),
        ];
        for (lang, set) in sets {
            let terms: BTreeMap<String, f32> =
                set.iter().map(|(t, w)| (t.to_string(), *w)).collect();
            let ours = LangSnippets {
                highlighter: analyzer::Highlighter::new(lang, terms.keys().map(String::as_str)),
                terms: terms.clone(),
                max_chars: 120,
                finder: None,
                has_terms: true,
            };
            let field = tantivy::schema::Field::from_field_id(0);
            let theirs = SnippetGenerator::new(terms, analyzer::for_language(lang), field, 120);
            for text in &texts {
                let s = theirs.snippet(text);
                let want = (!s.highlighted().is_empty()).then(|| s.to_html());
                assert_eq!(ours.best_fragment(text), want, "{lang:?} {text}");
            }
        }
    }

    #[test]
    fn the_scan_finds_word_starts_of_any_pattern_in_any_case() {
        let f = finder(&["peac", "war", "parti", "party"]);
        let text = "War and PEACE: warfare, a peaceful Party; prewar, appeased, war";
        let starts = f.word_starts(text, 100);
        let words: Vec<&str> = starts
            .iter()
            .map(|&i| {
                text[i..]
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            words,
            ["War", "PEACE", "warfare", "peaceful", "Party", "war"]
        );
        // The first `max` in text order, whichever pattern they are of.
        assert_eq!(f.word_starts(text, 2), &starts[..2]);
        // A pattern running past the end of the text is no match.
        assert!(finder(&["warsaw"]).word_starts("to war", 10).is_empty());
        assert!(StemScan::new(&[String::new()]).is_none());
    }

    #[test]
    fn a_multibyte_space_where_the_window_starts_is_skipped_whole() {
        // Found by tests/export.rs on White House text: a no-break space (2 bytes) right
        // where the window would start a word made `window` slice inside it and panic.
        let f = finder(&["health"]);
        for space in ['\u{a0}', '\u{2003}', '\u{3000}'] {
            for pad in 1..6 {
                // The first space after the window's start is the multibyte one.
                let text = format!("{}{space}health care", "a".repeat(WINDOW_BEFORE + pad));
                let w = window(&f, &text).unwrap();
                assert!(w.starts_with("health"), "{w:?}");
            }
        }
    }

    #[test]
    fn window_finds_the_densest_cluster() {
        let filler = "lorem ipsum dolor sit amet ".repeat(100);
        let text = format!(
            "{filler} one Ceasefire mention {filler} the ceasefire talks, a ceasefire deal, \
             ceasefires {filler}"
        );
        let w = window(&finder(&["ceasefir"]), &text).unwrap();
        assert!(
            w.contains("ceasefire talks") && w.contains("ceasefires"),
            "{w}"
        );
        assert!(!w.contains("one Ceasefire"));
        assert!(w.len() <= WINDOW_BEFORE + WINDOW_AFTER);
        // Word starts only: "peace" is not found inside "appeased".
        assert!(window(&finder(&["peac"]), &format!("{filler} appeased")).is_none());
    }

    #[test]
    fn stems_ending_in_i_also_find_the_y_word() {
        let stems = ["parti".to_string(), "peac".to_string()];
        let pats = scan_patterns(stems.iter());
        assert_eq!(pats, ["parti", "party", "peac"]);
        // A compound's marker is looked for as its hyphenated form.
        let marker = ["ceasefir-5".to_string(), "x-9".to_string()];
        assert_eq!(scan_patterns(marker.iter()), ["cease-fir"]);
        let f = StemScan::new(&pats).unwrap();
        let filler = "lorem ipsum dolor sit amet ".repeat(100);
        let text = format!("{filler} the Party met {filler}");
        let w = window(&f, &text).unwrap();
        assert!(w.contains("the Party met"), "{w}");
    }

    #[test]
    fn window_cuts_on_char_boundaries() {
        let text = format!("{}Gaza{}", "é".repeat(400), "ü".repeat(400));
        let w = window(&finder(&["gaza"]), &text).unwrap();
        assert!(w.contains("Gaza"));
    }
}
