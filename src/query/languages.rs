//! The languages of an index: which stemmed languages its articles are in (query words are
//! analysed in each), and the `language` facet, articles per language among a search's
//! results, counted on the `language` fast field (one small dictionary per segment, so
//! counting is an array increment per hit).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::QueryError;
use super::response::FacetCount;
use super::stories::Stories;
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

/// Counts the results per language (articles without one are not counted); with
/// `by_story`, each story once per language its results are in (`--count stories`).
#[derive(Default)]
pub struct LanguageCounts {
    /// The generation's stories, when counting stories rather than articles.
    pub by_story: Option<Arc<Stories>>,
}

/// What a segment (and then the whole search) counted: articles per language, and the
/// (story, language) pairs met when counting stories.
#[derive(Default)]
pub struct LanguageFruit {
    counts: HashMap<String, u64>,
    stories: HashSet<(u32, String)>,
}

impl LanguageFruit {
    /// Results per language: articles, or stories when counting by story.
    pub fn into_counts(self) -> HashMap<String, u64> {
        let mut counts = self.counts;
        for (_, lang) in self.stories {
            *counts.entry(lang).or_default() += 1;
        }
        counts
    }
}

/// Per-segment counts, by the segment's term ordinal.
pub struct SegmentLanguageCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
    /// The segment's story per document, and the (story, ordinal) pairs seen.
    stories: Option<SegmentStories>,
}

/// The stories, the segment's ordinal, and the (story, language ordinal) pairs seen.
type SegmentStories = (Arc<Stories>, SegmentOrdinal, HashSet<(u32, u64)>);

impl Collector for LanguageCounts {
    type Fruit = LanguageFruit;
    type Child = SegmentLanguageCounts;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentLanguageCounts> {
        let column = segment.fast_fields().str("language")?;
        let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        let stories = self
            .by_story
            .as_ref()
            .map(|s| (s.clone(), ord, HashSet::new()));
        Ok(SegmentLanguageCounts {
            column,
            counts,
            stories,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<LanguageFruit>) -> tantivy::Result<LanguageFruit> {
        let mut all = LanguageFruit::default();
        for f in fruits {
            for (k, v) in f.counts {
                *all.counts.entry(k).or_default() += v;
            }
            all.stories.extend(f.stories);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentLanguageCounts {
    type Fruit = LanguageFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(col) = &self.column else { return };
        let Some(ord) = col.ords().first(doc) else {
            return;
        };
        if let Some((stories, seg, seen)) = &mut self.stories
            && let Some(story) = stories.story(DocAddress::new(*seg, doc))
        {
            seen.insert((story, ord));
        } else if let Some(c) = self.counts.get_mut(ord as usize) {
            *c += 1;
        }
    }

    fn harvest(self) -> LanguageFruit {
        let mut out = LanguageFruit::default();
        let Some(col) = self.column else {
            return out;
        };
        let mut name = String::new();
        for (ord, n) in self.counts.into_iter().enumerate() {
            if n > 0 && col.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                out.counts.insert(name.clone(), n);
            }
        }
        if let Some((_, _, seen)) = self.stories {
            for (story, ord) in seen {
                if col.ord_to_str(ord, &mut name).unwrap_or(false) {
                    out.stories.insert((story, name.clone()));
                }
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
