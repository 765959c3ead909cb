//! A request's filters (people, places, languages, source, dates) as queries that restrict without
//! scoring, kept apart by facet so that a facet can be counted without its own selection.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermSetQuery,
};
use tantivy::{DateTime, Term};

use super::build::QueryBuilder;
use super::parse::FieldRef;
use super::request::{FacetLogic, SearchRequest};
use crate::index::document::day_to_timestamp;

/// The filter queries of a request, by facet.
pub struct Filters {
    /// One query per person (or one for all of them with [`FacetLogic::Any`]).
    pub people: Vec<Box<dyn Query>>,
    /// One query per place (or one for all of them with [`FacetLogic::Any`]).
    pub places: Vec<Box<dyn Query>>,
    /// Any of the requested languages.
    pub language: Option<Box<dyn Query>>,
    /// Source and date range.
    pub other: Vec<Box<dyn Query>>,
}

impl Filters {
    /// Every filter.
    pub fn all(&self) -> Vec<Box<dyn Query>> {
        self.people
            .iter()
            .chain(&self.places)
            .chain(&self.language)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
    /// Every filter but the people.
    pub fn without_people(&self) -> Vec<Box<dyn Query>> {
        self.places
            .iter()
            .chain(&self.language)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
    /// Every filter but the places.
    pub fn without_places(&self) -> Vec<Box<dyn Query>> {
        self.people
            .iter()
            .chain(&self.language)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
    /// Every filter but the languages.
    pub fn without_language(&self) -> Vec<Box<dyn Query>> {
        self.people
            .iter()
            .chain(&self.places)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
}

/// The text query (or everything) restricted by filters that do not change the score.
pub fn combine(text: Option<&dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return match text {
            Some(q) => q.box_clone(),
            None => Box::new(AllQuery),
        };
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match text {
        Some(q) => clauses.push((Occur::Must, q.box_clone())),
        None => clauses.push((Occur::Must, Box::new(AllQuery))),
    }
    for f in filters {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(f.box_clone(), 0.0)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

impl QueryBuilder<'_> {
    /// [`QueryBuilder::value_filter`] with its documents remembered for the generation
    /// (under the field and the value as the name tables look it up).
    fn cached_value_filter(&self, field: FieldRef, value: &str) -> Box<dyn Query> {
        let q = self.value_filter(field, value);
        if field == FieldRef::Person || q.is::<tantivy::query::EmptyQuery>() {
            return q;
        }
        let key = format!("{field:?}\u{1f}{}", value.trim().to_lowercase());
        self.filter_cache.filter(key, q)
    }

    /// The request's filters as queries: people, places, and the rest (source, dates).
    pub fn filters(&self, req: &SearchRequest) -> Filters {
        let f = &self.index.fields;
        let group = |field: FieldRef, values: &[String]| -> Vec<Box<dyn Query>> {
            let qs: Vec<Box<dyn Query>> = values
                .iter()
                .filter(|v| !v.trim().is_empty())
                .map(|v| self.cached_value_filter(field, v))
                .collect();
            if req.logic == FacetLogic::Any && qs.len() > 1 {
                vec![Box::new(BooleanQuery::new(
                    qs.into_iter().map(|q| (Occur::Should, q)).collect(),
                ))]
            } else {
                qs
            }
        };
        let mut other: Vec<Box<dyn Query>> = Vec::new();
        if let Some(s) = &req.source
            && !s.trim().is_empty()
        {
            other.push(self.cached_value_filter(FieldRef::Source, s));
        }
        let languages: Vec<String> = req
            .languages
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| crate::language::normalize(l).unwrap_or_else(|| l.trim().to_lowercase()))
            .collect();
        let language = (!languages.is_empty()).then(|| {
            Box::new(TermSetQuery::new(
                languages
                    .iter()
                    .map(|l| Term::from_field_text(f.language, l)),
            )) as Box<dyn Query>
        });
        if let Some(c) = &req.credit
            && !c.trim().is_empty()
        {
            // Credits are written under one spelling each (`dedup::credit`): an exact term.
            other.push(Box::new(tantivy::query::TermQuery::new(
                Term::from_field_text(f.credit, c.trim()),
                tantivy::schema::IndexRecordOption::Basic,
            )));
        }
        if req.from.is_some() || req.to.is_some() {
            let lo = req.from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(day_to_timestamp(d)),
                ))
            });
            let hi = req.to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(day_to_timestamp(d)),
                ))
            });
            // The same ranges come again and again (a year, a month): their documents are
            // remembered for the generation (`filter_cache.rs`).
            let key = format!("date\u{1f}{:?}\u{1f}{:?}", req.from, req.to);
            other.push(
                self.filter_cache
                    .filter(key, Box::new(RangeQuery::new(lo, hi))),
            );
        }
        Filters {
            people: group(FieldRef::Person, &req.people),
            places: group(FieldRef::Place, &req.places),
            language,
            other,
        }
    }
}
