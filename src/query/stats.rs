//! `newsdex stats` and `/api/stats`: what the whole index holds.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::query::AllQuery;

use super::facets::FacetSpec;
use super::response::{FacetCount, Facets, year_counts};
use super::{Engine, QueryError};

/// Figures about an index, as printed by `newsdex stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Index directory.
    pub index: String,
    /// Live articles.
    pub articles: u64,
    /// Source files with live articles.
    pub files: u64,
    /// Earliest publication day.
    pub first_date: Option<String>,
    /// Latest publication day.
    pub last_date: Option<String>,
    /// Articles without a date.
    pub undated: u64,
    /// Most frequent people.
    pub people: Vec<FacetCount>,
    /// Most frequent places.
    pub places: Vec<FacetCount>,
    /// Articles per year.
    pub years: Vec<FacetCount>,
    /// Index segments.
    pub segments: usize,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// Schema version of the index.
    pub schema_version: u32,
}

impl Engine {
    /// Figures about the whole index.
    pub fn stats(&self, top: usize) -> Result<Stats, QueryError> {
        let searcher = self.searcher();
        let spec = FacetSpec {
            people: true,
            places: true,
            dates: true,
        };
        let counts = searcher.search(&AllQuery, &self.facet_collector(&searcher, spec)?)?;
        let mut first: Option<i64> = None;
        let mut last: Option<i64> = None;
        let mut undated = 0u64;
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().date("date")?;
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                match col.first(doc) {
                    Some(d) => {
                        let t = d.into_timestamp_secs();
                        first = Some(first.map_or(t, |f| f.min(t)));
                        last = Some(last.map_or(t, |l| l.max(t)));
                    }
                    None => undated += 1,
                }
            }
        }
        let day = |t: Option<i64>| {
            t.and_then(crate::index::document::timestamp_to_day)
                .map(|d| d.format("%Y-%m-%d").to_string())
        };
        let mut files = HashSet::new();
        crate::index::state::for_each_indexed_path(&searcher, |p| {
            files.insert(crate::index::state::path_hash(p));
        })?;
        let facets = Facets::from_counts(&counts, top);
        Ok(Stats {
            index: self.index.dir.display().to_string(),
            articles: searcher.num_docs(),
            files: files.len() as u64,
            first_date: day(first),
            last_date: day(last),
            undated,
            people: facets.people,
            places: facets.places,
            years: year_counts(&counts.months),
            segments: searcher.segment_readers().len(),
            size_bytes: self.index.size_on_disk(),
            schema_version: crate::index::schema::schema_version(),
        })
    }
}
