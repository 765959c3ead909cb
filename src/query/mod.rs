//! Index → results: query parsing, filters, ranking, snippets, facet counts and the result
//! shape shared by the CLI (`search --json`) and the HTTP API.
//!
//! One file per job:
//! - `request.rs`, `response.rs`: the wire types ([`SearchRequest`], [`SearchResponse`],
//!   [`Hit`], [`Facets`]); `date_range.rs`: the `--from`/`--to` bounds.
//! - `engine.rs`: the [`Engine`] (open index, per-generation tables, counts cache) and the
//!   search itself; `hits.rs`: the page of hits and snippets; `facet_values.rs`: facet
//!   autocomplete; `stats.rs`: [`Stats`].
//! - `parse/`: the query text → tokens → [`parse::Node`]; `build.rs`: node → tantivy query;
//!   `filters.rs`: people/places/source/date filters; `names.rs`: the name tables filters
//!   match against.
//! - `archive.rs`: the archive-level entities of each generation ([`crate::entities`] fed
//!   from the index) and `newsdex entities`; `entity_filter.rs`: the person filter over them.
//! - `facets/`: the facet collector (global ordinals, per-segment counts, the merged
//!   result); `counts_cache.rs`: totals and facets of recent requests; `filter_cache.rs`: the
//!   documents of recent filters; `generation.rs`: values kept per index generation;
//!   `deadline.rs`: the time budget; `snippet.rs`: snippet windows; `stories.rs`: copies of one story (collapsing,
//!   distinct-story counts, originals); `languages.rs`: the index's languages and the
//!   language facet.
//!
//! Nothing here writes to the index.

mod archive;
mod build;
mod compounds;
mod counts_cache;
mod date_range;
mod deadline;
mod engine;
pub mod entity_filter;
mod facet_values;
pub mod facets;

mod filter_cache;
mod filters;
mod fuzzy;
mod generation;
mod hits;
mod languages;
mod lookups;
mod names;
mod page_copies;
pub mod parse;
mod request;
mod response;
pub mod snippet;
mod stats;
pub mod stories;

pub use archive::Reading;
pub use build::MAX_EXPANSIONS;
pub use counts_cache::COUNTS_CACHE_ENTRIES;
pub use date_range::parse_date_bound;
pub use engine::Engine;
pub use request::{
    CountBy, DEFAULT_FACETS, DEFAULT_LIMIT, FacetKind, FacetLogic, MAX_LIMIT, MAX_OFFSET,
    SearchRequest, Sort,
};
pub use response::{COPIES_LISTED, CopyRef, FacetCount, Facets, Hit, SearchResponse};
pub use stats::{Stats, StoryStat};

use crate::index::IndexError;

/// Why a search could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The request is invalid: unparseable query, bad date, out-of-range option.
    #[error("{0}")]
    BadRequest(String),
    /// The request ran past its deadline ([`SearchRequest::deadline`]) and was abandoned.
    #[error("the query took too long and was stopped; narrow it down")]
    Timeout,
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<tantivy::TantivyError> for QueryError {
    fn from(e: tantivy::TantivyError) -> Self {
        QueryError::Index(IndexError::Tantivy(e))
    }
}

impl From<std::io::Error> for QueryError {
    fn from(e: std::io::Error) -> Self {
        QueryError::Index(IndexError::Tantivy(e.into()))
    }
}

impl From<parse::ParseError> for QueryError {
    fn from(e: parse::ParseError) -> Self {
        QueryError::BadRequest(e.0)
    }
}
