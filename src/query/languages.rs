//! The languages of an index: which stemmed languages its articles are in (query words are
//! analysed in each), and the `language` facet, articles per language among a search's
//! results, counted on the `language` fast field (one small dictionary per segment, so
//! counting is an array increment per hit).

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Field;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::QueryError;
use super::response::FacetCount;
use crate::index::analyzer;

/// The stemmed languages (their term tags, see [`analyzer`]) of the articles `searcher`
/// sees, English first (the most common; ties in scores keep this order).
pub fn stemmed(searcher: &Searcher, language: Field) -> Result<Vec<&'static str>, QueryError> {
    let mut tags: Vec<&'static str> = Vec::new();
    for seg in searcher.segment_readers() {
        let inv = seg.inverted_index(language)?;
        let mut stream = inv.terms().stream()?;
        while stream.advance() {
            if let Some(tag) = std::str::from_utf8(stream.key())
                .ok()
                .and_then(analyzer::tag_of)
                && !tags.contains(&tag)
            {
                tags.push(tag);
            }
        }
    }
    tags.sort_by_key(|t| (*t != "en", *t));
    Ok(tags)
}

/// Counts the results per language (articles without one are not counted).
pub struct LanguageCounts;

/// Per-segment counts, by the segment's term ordinal.
pub struct SegmentLanguageCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl Collector for LanguageCounts {
    type Fruit = HashMap<String, u64>;
    type Child = SegmentLanguageCounts;

    fn for_segment(
        &self,
        _ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentLanguageCounts> {
        let column = segment.fast_fields().str("language")?;
        let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentLanguageCounts { column, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut all = HashMap::new();
        for f in fruits {
            for (k, v) in f {
                *all.entry(k).or_default() += v;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentLanguageCounts {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(col) = &self.column
            && let Some(ord) = col.ords().first(doc)
            && let Some(c) = self.counts.get_mut(ord as usize)
        {
            *c += 1;
        }
    }

    fn harvest(self) -> HashMap<String, u64> {
        let mut out = HashMap::new();
        let Some(col) = self.column else {
            return out;
        };
        let mut name = String::new();
        for (ord, n) in self.counts.into_iter().enumerate() {
            if n > 0 && col.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                out.insert(name.clone(), n);
            }
        }
        out
    }
}

/// The counts as facet values: most articles first, then by code.
pub fn top(counts: HashMap<String, u64>, n: usize) -> Vec<FacetCount> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(n);
    v.into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect()
}
