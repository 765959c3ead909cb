//! Facet counting over a whole result set, straight from the columnar (fast) fields.
//!
//! Values are counted by term ordinal in a flat array per segment, and segments are merged
//! through *global ordinals* (as Elasticsearch does): once per searcher generation every
//! segment's dictionary is mapped onto one numbering of all values, so merging and ranking
//! the counts never touches a string, and only the values finally shown are turned into
//! names. Turning every counted value into a string instead cost hundreds of milliseconds on
//! OCR'd front pages, which carry hundreds of thousands of distinct (often misread) names.
//!
//! `ords.rs` numbers the values ([`GlobalOrds`]), `collector.rs` counts them
//! ([`FacetCollector`]), `counts.rs` holds the result ([`FacetCounts`]).

mod collector;
mod counts;
mod ords;

pub use collector::{FacetCollector, FacetSegmentCollector, SegmentCounts, year_month};
pub use counts::{FacetCounts, ValueCounts};
pub(crate) use ords::DocValues;
pub use ords::{GlobalOrds, ValueOrds};

/// Which facets to count.
#[derive(Debug, Clone, Copy, Default)]
pub struct FacetSpec {
    /// Count people.
    pub people: bool,
    /// Count credits (agencies, publishers).
    pub credit: bool,
    /// Count place names.
    pub places: bool,
    /// Count articles per month.
    pub dates: bool,
}
