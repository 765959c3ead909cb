//! The syntax tree of a query ([`parse`](super::parse)) → a tantivy query: words and
//! phrases become weighted per-field, per-language terms or phrases (with their slop),
//! `word*` and `word~N` bounded term sets, `date:`/`lang:` constant filters, and
//! `person:`/`place:`/`source:`/`section:` the values the name tables find.
//!
//! Text is analysed as the index analysed it ([`analyzer`]): once per language the index
//! holds, since every language's terms carry its tag (`en:ceas`, `de:regier`), plus once
//! untagged (CJK pairs, languages without a stemmer). So `Regierungen` finds the German
//! pages that say `Regierung`, and a query matches articles in every language.
//!
//! Compounds: a word, and each pair of neighbouring words of a phrase, is also searched in
//! its other spellings when the archive shows it has them — when the index holds enough
//! compound markers for it (see [`compounds`](super::compounds)): `ceasefire` then also finds
//! `cease-fire` and `"cease fire"`, and `"cease fire"` finds `ceasefire`.
//!
//! Only terms the index holds become clauses: a word is analysed in every language of the
//! archive and most of those terms are in no article (`fi:presid`), and a phrase with an
//! absent term matches nothing. Leaving them out keeps the same scores (an absent term
//! scores nothing) without tantivy looking each up twice per segment.

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};

use super::QueryError;
use super::compounds::{CompoundPhrase, split_points};
use super::entity_filter::EntityFilter;
use super::facets::GlobalOrds;
use super::filter_cache::FilterCache;
use super::fuzzy::Tagged;
use super::lookups::Lookups;
use super::names::Names;
use super::parse::{FieldRef, Node, WordForm};
use crate::entities::Kind;
use crate::index::NewsIndex;
use crate::index::analyzer::{self, is_cjk, surface_words};
use crate::index::document::day_to_timestamp;

/// Most terms a `word*` or `word~N` may expand to.
pub const MAX_EXPANSIONS: usize = 1000;

/// Most spellings one word or phrase is searched in (split and joined compounds).
const MAX_ALTERNATIVES: usize = 8;

/// Builds queries against one index generation.
pub struct QueryBuilder<'a> {
    /// The index (fields and tokenizers).
    pub index: &'a NewsIndex,
    /// Its name tables (empty when the request matches no value by name).
    pub names: &'a Names,
    /// Its archive-level entities, which person values match (`None` when the request
    /// matches no person).
    pub entities: Option<&'a Arc<GlobalOrds>>,
    /// The searcher the query will run on (prefix and fuzzy words expand over its terms,
    /// compounds are looked up in it).
    pub searcher: &'a Searcher,
    /// The term namespaces to search: each stemmed language in the index (its tag, see
    /// [`analyzer`]), then `None`, untagged.
    pub langs: Vec<Option<&'static str>>,
    /// The generation's remembered dictionary look-ups (terms held, split points).
    pub lookups: &'a Lookups,
    /// The generation's remembered filter documents (date ranges, places, sources).
    pub filter_cache: &'a FilterCache,
}

impl QueryBuilder<'_> {
    /// The tantivy query of a parsed query. A query whose words all analyse to nothing is
    /// refused: it must never mean "everything".
    pub fn build(&self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        self.node(node)?.ok_or_else(|| {
            QueryError::BadRequest(
                "nothing to search for: the query's words have no letters or digits".into(),
            )
        })
    }

    fn node(&self, node: &Node) -> Result<Option<Box<dyn Query>>, QueryError> {
        Ok(match node {
            Node::Or(parts) => {
                // One flat disjunction of per-field terms, not a disjunction of per-word
                // disjunctions: the scores are the same sums, but tantivy runs a flat union of
                // term scorers as one specialised union instead of unions of unions.
                let mut clauses = Vec::new();
                for p in parts {
                    match p {
                        Node::Word {
                            field,
                            text,
                            form: WordForm::Exact,
                        } if !field.is_value() => clauses.extend(self.word_clauses(*field, text)?),
                        Node::Phrase { field, text, slop } if !field.is_value() => {
                            clauses.extend(self.phrase_clauses(*field, text, *slop)?)
                        }
                        _ => clauses.extend(self.node(p)?),
                    }
                }
                any_of(clauses)
            }
            Node::And(parts) => {
                let mut clauses = Vec::new();
                for (neg, p) in parts {
                    let occur = if *neg { Occur::MustNot } else { Occur::Must };
                    if let Some(q) = self.node(p)? {
                        clauses.push((occur, q));
                    }
                }
                if clauses.is_empty() {
                    return Ok(None);
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Boost(inner, factor) => self
                .node(inner)?
                .map(|q| Box::new(BoostQuery::new(q, *factor)) as Box<dyn Query>),
            Node::Date { from, to } => Some(self.date(*from, *to)),
            Node::Lang(code) => Some(Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.index.fields.language, code),
                    IndexRecordOption::Basic,
                )),
                0.0,
            ))),
            Node::Word { field, text, .. } | Node::Phrase { field, text, .. }
                if field.is_value() =>
            {
                Some(self.value_query(*field, text))
            }
            Node::Word { field, text, form } => match form {
                WordForm::Exact => any_of(self.word_clauses(*field, text)?),
                WordForm::Prefix => Some(self.expanded(*field, text, None)?),
                WordForm::Fuzzy(edits) => Some(self.expanded(*field, text, Some(*edits))?),
            },
            Node::Phrase { field, text, slop } => any_of(self.phrase_clauses(*field, text, *slop)?),
        })
    }

    fn targets(&self, field: FieldRef) -> Vec<(Field, f32)> {
        let f = &self.index.fields;
        match field {
            FieldRef::Title => vec![(f.title, 1.0)],
            FieldRef::Lede => vec![(f.lede, 1.0)],
            FieldRef::Body => vec![(f.body, 1.0)],
            FieldRef::Author => vec![(f.authors, 1.0)],
            _ => f.default_search().to_vec(),
        }
    }

    /// The languages a field's text is analysed in: bylines use tantivy's `default`
    /// analyzer (no languages).
    fn langs_of(&self, field: Field) -> &[Option<&'static str>] {
        if field == self.index.fields.authors {
            &[None]
        } else {
            &self.langs
        }
    }

    /// Terms of `text` in `field` analysed as `lang`, with positions (compound markers left
    /// out).
    fn analyze(
        &self,
        field: Field,
        lang: Option<&str>,
        text: &str,
    ) -> Result<Vec<(usize, Term)>, QueryError> {
        let mut a = if field == self.index.fields.authors {
            self.index.index.tokenizer_for_field(field)?
        } else {
            analyzer::for_language(lang)
        };
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            let t = s.token();
            if !is_marker(&t.text) {
                out.push((t.position, Term::from_field_text(field, &t.text)));
            }
        }
        Ok(out)
    }

    /// Does any segment hold `term`?
    fn holds(&self, term: &Term) -> Result<bool, QueryError> {
        self.lookups.holds(term, || {
            for seg in self.searcher.segment_readers() {
                if seg
                    .inverted_index(term.field())?
                    .get_term_info(term)?
                    .is_some()
                {
                    return Ok(true);
                }
            }
            Ok(false)
        })
    }

    /// A term or phrase query for analysed terms, weighted by the field's boost: `Ok(None)`
    /// for no terms, an [`EmptyQuery`] when the index lacks one of them (it can match
    /// nothing; the caller keeps it only if no other spelling is left, so that a word in no
    /// article finds nothing rather than being refused as no word).
    fn terms_query(
        &self,
        terms: Vec<(usize, Term)>,
        slop: u32,
        boost: f32,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        for (_, t) in &terms {
            if !self.holds(t)? {
                return Ok(Some(Box::new(EmptyQuery)));
            }
        }
        Ok(Self::held_terms_query(terms, slop, boost))
    }

    /// [`Self::terms_query`] for terms the index holds.
    fn held_terms_query(
        terms: Vec<(usize, Term)>,
        slop: u32,
        boost: f32,
    ) -> Option<Box<dyn Query>> {
        let q: Box<dyn Query> = match terms.len() {
            0 => return None,
            1 => Box::new(TermQuery::new(
                terms.into_iter().next()?.1,
                IndexRecordOption::WithFreqs,
            )),
            _ => {
                let mut p = PhraseQuery::new_with_offset(terms);
                p.set_slop(slop);
                Box::new(p)
            }
        };
        Some(if (boost - 1.0).abs() > f32::EPSILON {
            Box::new(BoostQuery::new(q, boost))
        } else {
            q
        })
    }

    /// A word in each target field and language, with its other compound spellings: any
    /// of them may match.
    fn word_clauses(&self, field: FieldRef, word: &str) -> Result<Vec<Box<dyn Query>>, QueryError> {
        let hyphenated = word.contains(['-', '\u{2010}', '\u{2011}']);
        let words = surface_words(word);
        // Split forms the archive writes with a hyphen, per language (the same in every
        // field).
        let mut splits = Vec::with_capacity(self.langs.len());
        for &lang in &self.langs {
            splits.push(if words.len() == 1 {
                self.splits(lang, &words[0])?
            } else {
                Arc::from([])
            });
        }
        let mut out = Clauses::default();
        for (f, boost) in self.targets(field) {
            for &lang in self.langs_of(f) {
                let mut spellings = vec![word.to_string()];
                if hyphenated && words.len() > 1 && !words.iter().any(|w| w.starts_with(is_cjk)) {
                    // The joined form: `cease-fire` → `ceasefire`.
                    spellings.push(words.concat());
                } else if words.len() == 1 && f != self.index.fields.authors {
                    for &k in self.splits_of(&splits, lang) {
                        let (a, b) = split_at_char(&words[0], k);
                        spellings.push(format!("{a} {b}"));
                    }
                }
                for (i, s) in spellings.iter().take(MAX_ALTERNATIVES).enumerate() {
                    let terms = self.analyze(f, lang, s)?;
                    // The hyphenated word itself, or a split form: a compound's parts.
                    let compound =
                        (i > 0) != hyphenated && terms.len() > 1 && f != self.index.fields.authors;
                    let parts: Vec<Term> = terms.iter().map(|(_, t)| t.clone()).collect();
                    let q = self.terms_query(terms, 0, boost)?;
                    out.push(match q {
                        Some(q) if compound && !q.is::<EmptyQuery>() => {
                            let markers = self.markers(f, lang, &surface_words(s).join("-"));
                            Some(Box::new(CompoundPhrase::new(q, parts, markers)))
                        }
                        q => q,
                    });
                }
            }
        }
        Ok(out.into_vec())
    }

    /// The compound markers the text fields hold where the text writes `hyphenated`.
    fn markers(&self, field: Field, lang: Option<&str>, hyphenated: &str) -> Vec<Term> {
        let mut a = analyzer::for_language(lang);
        let mut s = a.token_stream(hyphenated);
        let mut out = Vec::new();
        while s.advance() {
            if is_marker(&s.token().text) {
                out.push(Term::from_field_text(field, &s.token().text));
            }
        }
        out
    }

    /// The split points computed for `lang` (`splits` is in the order of `self.langs`).
    fn splits_of<'s>(&self, splits: &'s [Arc<[usize]>], lang: Option<&str>) -> &'s [usize] {
        self.langs
            .iter()
            .position(|l| *l == lang)
            .and_then(|i| splits.get(i))
            .map_or(&[], |s| &s[..])
    }

    /// A phrase in each target field and language, with the spellings in which one word is
    /// split or two neighbours joined as the archive writes them.
    fn phrase_clauses(
        &self,
        field: FieldRef,
        text: &str,
        slop: u32,
    ) -> Result<Vec<Box<dyn Query>>, QueryError> {
        let words = surface_words(text);
        let plain = !words.iter().any(|w| w.starts_with(is_cjk));
        // The other spellings, per language (the same in every field): a word split, or it
        // and the next joined, where the archive writes them so.
        let mut alternatives: Vec<Vec<String>> = Vec::with_capacity(self.langs.len());
        for &lang in &self.langs {
            let mut spellings = Vec::new();
            for i in 0..words.len() {
                if !plain || spellings.len() + 1 >= MAX_ALTERNATIVES {
                    break;
                }
                if i + 1 < words.len() {
                    let joined = format!("{}{}", words[i], words[i + 1]);
                    let k = words[i].chars().count();
                    if self.splits(lang, &joined)?.contains(&k) {
                        let mut w = words.clone();
                        w.splice(i..i + 2, [joined]);
                        spellings.push(w.join(" "));
                    }
                }
                for &k in self.splits(lang, &words[i])?.iter() {
                    let (a, b) = split_at_char(&words[i], k);
                    let mut w = words.clone();
                    w.splice(i..=i, [a.to_string(), b.to_string()]);
                    spellings.push(w.join(" "));
                }
            }
            alternatives.push(spellings);
        }
        let mut out = Clauses::default();
        for (f, boost) in self.targets(field) {
            for &lang in self.langs_of(f) {
                let mut spellings = vec![text.to_string()];
                if f != self.index.fields.authors
                    && let Some(i) = self.langs.iter().position(|l| *l == lang)
                {
                    spellings.extend(alternatives[i].iter().cloned());
                }
                for s in spellings.iter().take(MAX_ALTERNATIVES) {
                    out.push(self.terms_query(self.analyze(f, lang, s)?, slop, boost)?);
                }
            }
        }
        Ok(out.into_vec())
    }

    /// Where the archive writes `word` split with a hyphen (language `lang`), often enough
    /// to search the split spellings: the character counts of the first parts, from the
    /// compound markers of the text fields ([`split_points`]).
    fn splits(&self, lang: Option<&str>, word: &str) -> Result<Arc<[usize]>, QueryError> {
        let f = &self.index.fields;
        self.lookups.splits(lang, word, || {
            split_points(self.searcher, &[f.title, f.lede, f.body], lang, word)
        })
    }

    /// `word*` (`edits` `None`) or `word~N`: the index terms of each target field and language
    /// that start with the word, or are within `N` edits of it, scored as one constant clause
    /// (as most engines do); at most [`MAX_EXPANSIONS`] of them.
    fn expanded(
        &self,
        field: FieldRef,
        word: &str,
        edits: Option<u8>,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut expansions = 0usize;
        let too_many = || match edits {
            None => QueryError::BadRequest(format!(
                "{word}* matches more than {MAX_EXPANSIONS} words; use a longer prefix"
            )),
            Some(n) => QueryError::BadRequest(format!(
                "{word}~{n} matches more than {MAX_EXPANSIONS} words; use fewer edits or a longer word"
            )),
        };
        for (f, boost) in self.targets(field) {
            let mut terms: Vec<Vec<u8>> = Vec::new();
            for &lang in self.langs_of(f) {
                // A prefix is lower-cased and folded (not stemmed); a fuzzy word is analysed
                // whole, as the index holds it.
                let analysed = self.analyze(f, if edits.is_some() { lang } else { None }, word)?;
                let [(_, term)] = &analysed[..] else {
                    if analysed.is_empty() {
                        continue;
                    }
                    return Err(QueryError::BadRequest(format!(
                        "{word:?}: * and ~ apply to one word, and this is several"
                    )));
                };
                let value = term.value();
                let Some(text) = value.as_str() else {
                    continue;
                };
                let text = match (edits, lang.and_then(analyzer::tag_of)) {
                    (None, Some(tag)) => format!("{tag}:{text}"),
                    _ => text.to_string(),
                };
                for seg in self.searcher.segment_readers() {
                    let inv = seg.inverted_index(f)?;
                    let mut push = |key: &[u8]| -> Result<(), QueryError> {
                        if is_marker_bytes(key)
                            || (lang.is_none() && is_tagged(key))
                            || terms.iter().any(|t| t == key)
                        {
                            return Ok(());
                        }
                        terms.push(key.to_vec());
                        expansions += 1;
                        if expansions > MAX_EXPANSIONS {
                            return Err(too_many());
                        }
                        Ok(())
                    };
                    match edits {
                        None => {
                            let mut stream =
                                inv.terms().range().ge(text.as_bytes()).into_stream()?;
                            while stream.advance() {
                                if !stream.key().starts_with(text.as_bytes()) {
                                    break;
                                }
                                push(stream.key())?;
                            }
                        }
                        Some(n) => {
                            let (tag, stem) = match text.split_once(':') {
                                Some((t, s)) if analyzer::tag_of(t).is_some() => {
                                    (format!("{t}:"), s.to_string())
                                }
                                _ => (String::new(), text.clone()),
                            };
                            let automaton = Tagged::new(&tag, &stem, n);
                            let mut stream = inv.terms().search(automaton).into_stream()?;
                            while stream.advance() {
                                push(stream.key())?;
                            }
                        }
                    }
                }
            }
            if terms.is_empty() {
                continue;
            }
            let set = TermSetQuery::new(terms.iter().filter_map(|t| {
                std::str::from_utf8(t)
                    .ok()
                    .map(|s| Term::from_field_text(f, s))
            }));
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(set), boost)),
            ));
        }
        Ok(if clauses.is_empty() {
            Box::new(EmptyQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        })
    }

    /// A person, place, source or section value: matched case-insensitively against the values
    /// in the index; a place matches everything under it; a person matches the archive-level
    /// entities it names, and given in part ("Blinken") every full name that contains all its
    /// words. Every match scores the same (a term set's constant score).
    pub fn value_query(&self, field: FieldRef, value: &str) -> Box<dyn Query> {
        self.value_query_with(field, value, |terms| Box::new(TermSetQuery::new(terms)))
    }

    /// [`Self::value_query`] as a filter, for a clause that does not score (a request's
    /// `place`/`source` filters, which `combine` wraps in a zero constant score): the values'
    /// postings read as they are. A [`TermSetQuery`] would compile its terms into an FST on
    /// every request (tantivy's builder zeroes a 10,000-node registry each time: ~300,000
    /// instructions) and fill a bitset of every document of the place in every segment
    /// before the search starts; the same documents come straight from the postings.
    pub fn value_filter(&self, field: FieldRef, value: &str) -> Box<dyn Query> {
        self.value_query_with(field, value, |mut terms| {
            terms.sort_unstable();
            terms.dedup();
            let mut clauses: Vec<Box<dyn Query>> = terms
                .into_iter()
                .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
                .collect();
            if clauses.len() == 1 {
                clauses.remove(0)
            } else {
                Box::new(BooleanQuery::union(clauses))
            }
        })
    }

    /// The value query of `value`, its terms (when it has any) made a query by `any`.
    fn value_query_with(
        &self,
        field: FieldRef,
        value: &str,
        any: impl FnOnce(Vec<Term>) -> Box<dyn Query>,
    ) -> Box<dyn Query> {
        let f = &self.index.fields;
        let key = value.trim().to_lowercase();
        let terms: Vec<Term> = match field {
            FieldRef::Place => self
                .names
                .places
                .get(&key)
                .into_iter()
                .flatten()
                .map(|p| Term::from_facet(f.place_paths, &facet_of(p)))
                .collect(),
            FieldRef::Person => {
                // Archive-level entities: a full name, a spelling that counts as one, or a
                // part matching every full name that contains it ("Geithner").
                let ids = self
                    .entities
                    .map(|ords| ords.resolution.people.select(value, Kind::People))
                    .unwrap_or_default();
                return match self.entities {
                    Some(ords) if !ids.is_empty() => {
                        Box::new(EntityFilter::new(Arc::clone(ords), Kind::People, ids))
                    }
                    _ => Box::new(EmptyQuery),
                };
            }
            FieldRef::Source => self
                .names
                .sources
                .get(&key)
                .into_iter()
                .flatten()
                .map(|p| Term::from_field_text(f.source, p))
                .collect(),
            _ => self
                .names
                .sections
                .get(&key)
                .into_iter()
                .flatten()
                .map(|p| Term::from_field_text(f.section, p))
                .collect(),
        };
        if terms.is_empty() {
            Box::new(EmptyQuery)
        } else {
            any(terms)
        }
    }

    fn date(
        &self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> Box<dyn Query> {
        let f = self.index.fields.date;
        let bound = |d: Option<chrono::NaiveDate>| {
            d.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(
                    f,
                    DateTime::from_timestamp_secs(day_to_timestamp(d)),
                ))
            })
        };
        Box::new(ConstScoreQuery::new(
            Box::new(RangeQuery::new(bound(from), bound(to))),
            0.0,
        ))
    }
}

/// The facet of a place path (`/Asia/Saudi Arabia`).
fn facet_of(path: &str) -> Facet {
    Facet::from_path(path.split('/').filter(|c| !c.is_empty()))
}

/// The clauses of one word or phrase: the spellings the index holds, or one [`EmptyQuery`]
/// when it holds none (the word was analysed, and matches nothing).
#[derive(Default)]
struct Clauses {
    held: Vec<Box<dyn Query>>,
    none_held: bool,
}

impl Clauses {
    fn push(&mut self, q: Option<Box<dyn Query>>) {
        match q {
            Some(q) if q.is::<EmptyQuery>() => self.none_held = true,
            Some(q) => self.held.push(q),
            None => {}
        }
    }

    fn into_vec(mut self) -> Vec<Box<dyn Query>> {
        if self.held.is_empty() && self.none_held {
            self.held.push(Box::new(EmptyQuery));
        }
        self.held
    }
}

/// Any of `clauses` (none: `None`, nothing to search).
fn any_of(mut clauses: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

/// Is an analysed term a compound marker (`en:ceasefir-5`)? Words never hold a `-`.
fn is_marker(term: &str) -> bool {
    term.contains('-')
}

fn is_marker_bytes(term: &[u8]) -> bool {
    term.contains(&b'-')
}

/// Does an index term carry a language tag (`en:…`)? Untagged searches skip those.
fn is_tagged(term: &[u8]) -> bool {
    let Some(colon) = term.iter().take(4).position(|&b| b == b':') else {
        return false;
    };
    std::str::from_utf8(&term[..colon])
        .ok()
        .and_then(analyzer::tag_of)
        .is_some()
}

/// `word` cut after `k` characters.
fn split_at_char(word: &str, k: usize) -> (&str, &str) {
    let at = word.char_indices().nth(k).map_or(word.len(), |(i, _)| i);
    word.split_at(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_at_chars() {
        assert_eq!(split_at_char("zürich", 2), ("zü", "rich"));
    }
}
