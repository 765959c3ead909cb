//! Where the archive writes a word split in two (`cease-fire` for `ceasefire`): the split
//! points the query builder searches the word's split spellings at.
//!
//! The index holds a compound marker at every hyphenated word (`en:ceasefir-5`, see
//! [`analyzer`](crate::index::analyzer)). A marker alone is weak evidence on OCR'd pages: line-end hyphenation and
//! apostrophes leave markers on common words (`state-s`, `presi-dent`, `govern-ment` a few
//! times each in chronam-1916), and searching `"state s"` for `states` both matched every
//! `state's` (625 pages) and cost more than the rest of the query (7.7 ms of phrase matching
//! of two near-universal terms). A split is searched only where the archive writes it split
//! in at least [`MIN_SPLIT_SHARE`] of the articles that write the word joined.

use tantivy::query::{BooleanQuery, EnableScoring, Query, Weight};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::QueryError;
use crate::index::analyzer::marker_prefix;

/// Least share of a word's joined occurrences (articles, per field) that its split form must
/// have before the split is searched: 1 in 200. Real compounds are written split far more
/// often (development archive: `health-care` 1.6%, `life-time` 1.2%, `air-strike` 1.7%,
/// `cease-fire` 5%; chronam-1916: `to-day` 15%, `co-operation` 130%), OCR and apostrophe
/// debris far less (chronam-1916's `state-s` 0.09%, `presi-dent` 0.06%, `washingt-on` 0.2%).
pub const MIN_SPLIT_SHARE: f64 = 1.0 / 200.0;

/// The split points (character counts of the first part) at which `word`, analysed as
/// `lang`, is written split often enough in `fields` (see [`MIN_SPLIT_SHARE`]), in order.
/// The evidence is summed over the fields, so every field searches the same spellings.
pub fn split_points(
    searcher: &Searcher,
    fields: &[Field],
    lang: Option<&str>,
    word: &str,
) -> Result<Vec<usize>, QueryError> {
    let chars = word.chars().count();
    if chars < 3 {
        return Ok(Vec::new());
    }
    let Some(prefix) = marker_prefix(lang, word) else {
        return Ok(Vec::new());
    };
    let joined_text = &prefix[..prefix.len() - 1];
    let mut end = prefix.clone().into_bytes();
    if let Some(last) = end.last_mut() {
        *last += 1; // '-' + 1 = '.': the end of the range
    }
    // (split point, articles with that marker), summed over fields and segments.
    let mut found: Vec<(usize, u64)> = Vec::new();
    let mut joined = 0u64;
    for &field in fields {
        let term = Term::from_field_text(field, joined_text);
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(field)?;
            if let Some(info) = inv.get_term_info(&term)? {
                joined += u64::from(info.doc_freq);
            }
            let mut stream = inv
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .lt(&end)
                .into_stream()?;
            while stream.advance() {
                let k = std::str::from_utf8(&stream.key()[prefix.len()..])
                    .ok()
                    .and_then(|n| n.parse::<usize>().ok());
                if let Some(k) = k
                    && k > 0
                    && k < chars
                {
                    let df = u64::from(stream.value().doc_freq);
                    match found.iter_mut().find(|(p, _)| *p == k) {
                        Some((_, n)) => *n += df,
                        None => found.push((k, df)),
                    }
                }
            }
        }
    }
    let mut out: Vec<usize> = found
        .into_iter()
        .filter(|&(_, n)| n as f64 >= MIN_SPLIT_SHARE * joined as f64)
        .map(|(k, _)| k)
        .collect();
    out.sort_unstable();
    Ok(out)
}

/// A compound query word searched as the phrase of its parts (`cease-fire` as `cease fire`):
/// it matches and scores as that phrase, but names its compound markers (`en:ceasefir-5`,
/// the terms the index holds where the text writes `cease-fire`) rather than its parts as
/// its terms, so that snippets highlight the compound and not every `fired` of the text.
/// The parts stay readable ([`compound_parts`]): snippets fall back to them for a text that
/// writes the compound spaced.
#[derive(Debug)]
pub struct CompoundPhrase {
    phrase: Box<dyn Query>,
    parts: Vec<Term>,
    markers: Vec<Term>,
}

impl CompoundPhrase {
    /// `phrase` (of `parts`) for a compound whose markers are `markers`.
    pub fn new(phrase: Box<dyn Query>, parts: Vec<Term>, markers: Vec<Term>) -> CompoundPhrase {
        CompoundPhrase {
            phrase,
            parts,
            markers,
        }
    }
}

impl Clone for CompoundPhrase {
    fn clone(&self) -> Self {
        CompoundPhrase {
            phrase: self.phrase.box_clone(),
            parts: self.parts.clone(),
            markers: self.markers.clone(),
        }
    }
}

impl Query for CompoundPhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.phrase.weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for m in &self.markers {
            visitor(m, false);
        }
    }
}

/// The compound phrases in `query` (through boolean clauses), for snippets.
pub fn compound_parts(query: &dyn Query, out: &mut Vec<Vec<Term>>) {
    if let Some(c) = query.downcast_ref::<CompoundPhrase>() {
        out.push(c.parts.clone());
    } else if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        for (_, q) in b.clauses() {
            compound_parts(q.as_ref(), out);
        }
    }
}
