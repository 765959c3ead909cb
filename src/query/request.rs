//! What a search asks for: the request and its options, as the CLI, the HTTP API and `export`
//! build them.

use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use super::QueryError;

/// Largest `limit` accepted.
pub const MAX_LIMIT: usize = 1000;
/// Largest `offset` accepted: deep paging costs memory and time linear in the offset.
pub const MAX_OFFSET: usize = 100_000;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25, title and lede weighted above body.
    #[default]
    Relevance,
    /// Most recent first (undated last).
    Newest,
    /// Oldest first (undated last).
    Oldest,
}

impl std::str::FromStr for Sort {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Sort, QueryError> {
        match s {
            "" | "relevance" => Ok(Sort::Relevance),
            "newest" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            _ => Err(QueryError::BadRequest(format!(
                "unknown sort {s:?}: use relevance, newest or oldest"
            ))),
        }
    }
}

/// What totals, facets and the date histogram count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CountBy {
    /// Every article, each copy of a story again.
    #[default]
    Articles,
    /// Distinct stories: the copies of one story count once per value.
    Stories,
}

impl std::str::FromStr for CountBy {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<CountBy, QueryError> {
        match s {
            "" | "articles" => Ok(CountBy::Articles),
            "stories" => Ok(CountBy::Stories),
            _ => Err(QueryError::BadRequest(format!(
                "unknown count {s:?}: use articles or stories"
            ))),
        }
    }
}

/// How several values of one facet filter combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FacetLogic {
    /// Every value must match (the CLI: `--person A --person B` finds articles naming both).
    #[default]
    All,
    /// Any value may match, and each facet's counts ignore that facet's own selection
    /// ("disjunctive" facets, as on the web page), so other values stay visible.
    Any,
}

/// Hits per page when a request does not say (`--limit`, `limit=`).
pub const DEFAULT_LIMIT: usize = 10;

/// Values per facet when a request does not say (`--facets`, `facets=`, `stats --top`).
pub const DEFAULT_FACETS: usize = 10;

/// A search: query text, filters, order, paging and facets.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query in the user syntax (see [`super::parse`]); empty lists everything that matches the
    /// filters.
    pub query: String,
    /// People to filter on (names, case-insensitive).
    pub people: Vec<String>,
    /// Places to filter on: a place matches itself and everything under it.
    pub places: Vec<String>,
    /// Source to filter on.
    pub source: Option<String>,
    /// Languages to filter on (ISO 639-1 codes; an article has one, so several mean any).
    pub languages: Vec<String>,
    /// Credit to filter on (an agency or publisher, as the credit facet lists it).
    pub credit: Option<String>,
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Order of hits.
    pub sort: Sort,
    /// Hits to return (at most [`MAX_LIMIT`]; [`DEFAULT_LIMIT`] by default).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Values to return per facet (0: no facets; [`DEFAULT_FACETS`] by default).
    pub facets: usize,
    /// How several values of one facet combine.
    pub logic: FacetLogic,
    /// Show every copy of a story as a hit of its own, instead of one hit per story (its
    /// best-ranked copy) saying how many copies it stands for.
    pub all_copies: bool,
    /// What the facets and the date histogram count.
    pub count: CountBy,
    /// When to give up ([`QueryError::Timeout`]). Checked before each segment is searched and
    /// between the stages of a request (hits, facets, snippets), so a runaway query stops
    /// within one segment's work instead of pinning a core.
    pub deadline: Option<Instant>,
}

/// Which facet [`super::Engine::facet_values`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// People.
    People,
    /// Places (names).
    Places,
}

impl Default for SearchRequest {
    /// Everything, by relevance, the first page of [`DEFAULT_LIMIT`] hits and
    /// [`DEFAULT_FACETS`] values per facet: what the CLI and the API ask when told nothing.
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            people: Vec::new(),
            places: Vec::new(),
            source: None,
            languages: Vec::new(),
            credit: None,
            from: None,
            to: None,
            sort: Sort::default(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            facets: DEFAULT_FACETS,
            logic: FacetLogic::default(),
            all_copies: false,
            count: CountBy::default(),
            deadline: None,
        }
    }
}

impl SearchRequest {
    /// Refuses a page past [`MAX_LIMIT`] or [`MAX_OFFSET`].
    pub fn check_paging(&self) -> Result<(), QueryError> {
        if self.limit > MAX_LIMIT {
            return Err(QueryError::BadRequest(format!(
                "limit {} is over the maximum of {MAX_LIMIT}",
                self.limit
            )));
        }
        if self.offset > MAX_OFFSET {
            return Err(QueryError::BadRequest(format!(
                "offset {} is over the maximum of {MAX_OFFSET}",
                self.offset
            )));
        }
        Ok(())
    }

    /// Refuses a date range whose start is after its end.
    pub fn check_date_range(&self) -> Result<(), QueryError> {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a > b => Err(QueryError::BadRequest(format!(
                "the date range is empty: from {a} is after to {b}"
            ))),
            _ => Ok(()),
        }
    }
}
