//! `newsdex stats` and `/api/stats`: what the whole index holds.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tantivy::Searcher;
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
    /// Distinct stories among them (near-duplicate copies count once).
    pub stories: u64,
    /// Stories with more than one copy, and the articles they hold.
    pub copied_stories: u64,
    /// Articles in stories of more than one copy.
    pub articles_in_copied_stories: u64,
    /// The largest stories, most copies first.
    pub largest_stories: Vec<StoryStat>,
    /// Most frequent credits (agencies, publishers).
    pub credit: Vec<FacetCount>,
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

/// One story of [`Stats::largest_stories`]: its original copy and how many copies it has.
#[derive(Debug, Clone, Serialize)]
pub struct StoryStat {
    /// The story's id (the `cluster` of its articles in exports).
    pub story: crate::dedup::ClusterId,
    /// Live copies.
    pub copies: u64,
    /// The original's headline.
    pub title: String,
    /// The original's day.
    pub date: Option<String>,
    /// The original's source.
    pub source: Option<String>,
    /// The original's id.
    pub id: String,
}

/// The figures of the current searcher generation, made once: they read every live document
/// (360–400 ms on 20,000 articles), and a server asked for them by many clients at once
/// queued those passes behind each other until most answered 503.
#[derive(Debug, Default)]
pub struct StatsCache {
    /// Generation, `top`, figures.
    value: Mutex<Option<(u64, usize, Arc<Stats>)>>,
    /// Held while the figures are made, so that callers who find none wait for the one pass
    /// instead of each making their own.
    building: Mutex<()>,
}

impl StatsCache {
    fn get(&self, generation: u64, top: usize) -> Option<Arc<Stats>> {
        let guard = self.value.lock().ok()?;
        let (g, t, stats) = guard.as_ref()?;
        (*g == generation && *t == top).then(|| stats.clone())
    }

    fn put(&self, generation: u64, top: usize, stats: Arc<Stats>) {
        if let Ok(mut guard) = self.value.lock() {
            *guard = Some((generation, top, stats));
        }
    }
}

impl Engine {
    /// Figures about the whole index, made once per searcher generation (each commit makes a
    /// new one) and shared by every caller meanwhile.
    pub fn stats(&self, top: usize) -> Result<Arc<Stats>, QueryError> {
        if let Some(stats) = self.cached_stats(top) {
            return Ok(stats);
        }
        let _building = self.stats.building.lock();
        // Another caller may have made them while this one waited.
        let searcher = self.searcher();
        let generation = searcher.generation().generation_id();
        if let Some(stats) = self.stats.get(generation, top) {
            return Ok(stats);
        }
        let stats = Arc::new(self.compute_stats(&searcher, top)?);
        self.stats.put(generation, top, stats.clone());
        Ok(stats)
    }

    /// The figures of the current generation if they are made already (never makes them).
    pub fn cached_stats(&self, top: usize) -> Option<Arc<Stats>> {
        let generation = self.searcher().generation().generation_id();
        self.stats.get(generation, top)
    }

    /// Reads the figures from `searcher`'s documents.
    fn compute_stats(&self, searcher: &Searcher, top: usize) -> Result<Stats, QueryError> {
        let spec = FacetSpec {
            people: true,
            places: true,
            credit: true,
            dates: true,
        };
        let counts = searcher.search(&AllQuery, &self.facet_collector(searcher, spec)?)?;
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
        crate::index::state::for_each_indexed_path(searcher, |p| {
            files.insert(crate::index::state::path_hash(p));
        })?;
        let facets = Facets::from_counts(&counts, top);
        let stories = self.stories(searcher)?;
        let (copied_stories, in_copied) = stories.copied();
        let mut largest = Vec::new();
        for (story, copies) in stories.largest(top) {
            let Some(addr) = stories.original(story) else {
                continue;
            };
            let doc: tantivy::TantivyDocument = searcher.doc(addr)?;
            let a = crate::index::document::from_document(&doc, self.fields());
            largest.push(StoryStat {
                story: stories.id(story),
                copies: u64::from(copies),
                title: a.title,
                date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
                source: a.source,
                id: a.id,
            });
        }
        Ok(Stats {
            index: self.index.dir.display().to_string(),
            articles: searcher.num_docs(),
            stories: stories.len() as u64,
            copied_stories,
            articles_in_copied_stories: in_copied,
            largest_stories: largest,
            credit: facets.credit,
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
