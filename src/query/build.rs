//! Parsed query → tantivy query: words and phrases become weighted per-field terms or
//! phrases, `word*` a bounded term set, `person:`/`place:`/`source:`/`section:` the values the
//! name tables find.

use tantivy::Searcher;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};

use super::QueryError;
use super::names::Names;
use super::parse::{FieldRef, Node};
use crate::index::NewsIndex;

/// Most terms a `word*` may expand to.
pub const MAX_EXPANSIONS: usize = 1000;

/// Builds queries against one index generation.
pub struct QueryBuilder<'a> {
    /// The index (fields and tokenizers).
    pub index: &'a NewsIndex,
    /// Its name tables (empty when the request matches no value by name).
    pub names: &'a Names,
    /// The searcher the query will run on (prefix queries expand over its terms).
    pub searcher: &'a Searcher,
}

impl QueryBuilder<'_> {
    /// The tantivy query of a parsed query.
    pub fn build(&self, node: &Node) -> Result<Box<dyn Query>, QueryError> {
        Ok(match node {
            Node::Or(parts) => {
                // One flat disjunction of per-field terms, not a disjunction of per-word
                // disjunctions: the scores are the same sums, but tantivy runs a flat union of
                // term scorers as one specialised union instead of unions of unions.
                let mut clauses = Vec::new();
                for p in parts {
                    let flat = match p {
                        Node::Word {
                            field,
                            text,
                            prefix: false,
                        }
                        | Node::Phrase { field, text }
                            if !field.is_value() =>
                        {
                            self.text_clauses(&self.text_targets(*field), text)?
                        }
                        _ => Vec::new(),
                    };
                    if flat.is_empty() {
                        clauses.push((Occur::Should, self.build(p)?));
                    } else {
                        clauses.extend(flat.into_iter().map(|q| (Occur::Should, q)));
                    }
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::And(parts) => {
                let mut clauses = Vec::new();
                for (neg, p) in parts {
                    let occur = if *neg { Occur::MustNot } else { Occur::Must };
                    clauses.push((occur, self.build(p)?));
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Word {
                field,
                text,
                prefix,
            } => match field {
                f if f.is_value() => self.value_query(*field, text),
                _ => {
                    let targets = self.text_targets(*field);
                    if *prefix {
                        self.prefix_query(&targets, text)?
                    } else {
                        self.text_query(&targets, text)?
                    }
                }
            },
            Node::Phrase { field, text } if field.is_value() => self.value_query(*field, text),
            Node::Phrase { field, text } => self.text_query(&self.text_targets(*field), text)?,
        })
    }

    fn text_targets(&self, field: FieldRef) -> Vec<(Field, f32)> {
        let f = &self.index.fields;
        match field {
            FieldRef::Title => vec![(f.title, 1.0)],
            FieldRef::Lede => vec![(f.lede, 1.0)],
            FieldRef::Body => vec![(f.body, 1.0)],
            FieldRef::Author => vec![(f.authors, 1.0)],
            _ => f.default_search().to_vec(),
        }
    }

    /// Words and phrases in text fields: each target field gets a term (or, when the text
    /// analyses to several tokens, a phrase), weighted, any field may match.
    fn text_query(
        &self,
        targets: &[(Field, f32)],
        text: &str,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut clauses = self.text_clauses(targets, text)?;
        Ok(match clauses.len() {
            // A stop-word or punctuation only: it constrains nothing.
            0 => Box::new(AllQuery),
            1 => clauses.pop().unwrap_or_else(|| Box::new(AllQuery)),
            _ => Box::new(BooleanQuery::new(
                clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
            )),
        })
    }

    /// The per-field queries of [`Self::text_query`], any of which may match (empty when the
    /// text analyses to nothing).
    fn text_clauses(
        &self,
        targets: &[(Field, f32)],
        text: &str,
    ) -> Result<Vec<Box<dyn Query>>, QueryError> {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for &(field, boost) in targets {
            let tokens = self.analyze(field, text)?;
            let q: Box<dyn Query> = match tokens.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(
                    Term::from_field_text(field, &tokens[0]),
                    IndexRecordOption::WithFreqs,
                )),
                _ => {
                    let terms = tokens
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect();
                    Box::new(PhraseQuery::new(terms))
                }
            };
            let q: Box<dyn Query> = if (boost - 1.0).abs() > f32::EPSILON {
                Box::new(BoostQuery::new(q, boost))
            } else {
                q
            };
            clauses.push(q);
        }
        Ok(clauses)
    }

    fn analyze(&self, field: Field, text: &str) -> Result<Vec<String>, QueryError> {
        let mut analyzer = self.index.index.tokenizer_for_field(field)?;
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        Ok(out)
    }

    /// `word*`: the terms of each target field that start with the lower-cased word, at most
    /// [`MAX_EXPANSIONS`] of them.
    fn prefix_query(
        &self,
        targets: &[(Field, f32)],
        prefix: &str,
    ) -> Result<Box<dyn Query>, QueryError> {
        let lower = prefix.to_lowercase();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut expansions = 0usize;
        for &(field, boost) in targets {
            let mut terms: Vec<Vec<u8>> = Vec::new();
            for seg in self.searcher.segment_readers() {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv.terms().range().ge(lower.as_bytes()).into_stream()?;
                while stream.advance() {
                    if !stream.key().starts_with(lower.as_bytes()) {
                        break;
                    }
                    if !terms.iter().any(|t| t == stream.key()) {
                        terms.push(stream.key().to_vec());
                        expansions += 1;
                        if expansions > MAX_EXPANSIONS {
                            return Err(QueryError::BadRequest(format!(
                                "{prefix}* matches more than {MAX_EXPANSIONS} words; use a longer prefix"
                            )));
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
                    .map(|s| Term::from_field_text(field, s))
            }));
            // Expanded terms are scored as one constant clause, as most engines do.
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
    /// in the index; a place matches everything under it; a person given in part ("Blinken")
    /// matches the full names that contain all its words.
    pub fn value_query(&self, field: FieldRef, value: &str) -> Box<dyn Query> {
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
                let exact: Vec<Term> = self
                    .names
                    .people
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|p| Term::from_field_text(f.people, p))
                    .collect();
                if exact.is_empty() {
                    let words: Vec<&str> = key.split_whitespace().collect();
                    self.names
                        .people
                        .iter()
                        .filter(|(k, _)| {
                            !words.is_empty()
                                && words
                                    .iter()
                                    .all(|w| k.split_whitespace().any(|kw| kw == *w))
                        })
                        .flat_map(|(_, v)| v.iter())
                        .map(|p| Term::from_field_text(f.people, p))
                        .collect()
                } else {
                    exact
                }
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
            Box::new(TermSetQuery::new(terms))
        }
    }
}

/// The facet of a place path (`/Asia/Saudi Arabia`).
fn facet_of(path: &str) -> Facet {
    Facet::from_path(path.split('/').filter(|c| !c.is_empty()))
}
