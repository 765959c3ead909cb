//! A request's filters (date range, place, source) as the documents they match, kept per
//! index generation: the first request with a filter works out its documents in each segment
//! once, and the next requests with the same filter read them from a bitset.
//!
//! A date range is answered from the `date` fast field (tantivy's `RangeDocSet` scans the
//! column block by block), and an intersection asks it about every match of the text query:
//! for the date queries of `benches/queries.tsv` that was a third of the search (callgrind,
//! gen 50k: `ConstScorer::seek_danger` of the range 11 M of 37 M instructions). A place is the
//! union of its paths' postings. Archives are filtered by the same few ranges, places and
//! sources again and again; a bitset answers "is this document in it" with one load.
//!
//! The filters do not score (`combine` gives them a zero constant score), so a bitset of the
//! same documents changes no score and no ranking.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{BitSet, DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

/// Filters a generation's table keeps at most; a full table is emptied and starts again.
/// Each costs a bit per document of the index (1 M articles: 125 KB).
const MAX_FILTERS: usize = 64;

/// One generation's filters, by key: the documents each matches, per segment.
#[derive(Default)]
pub struct FilterCache {
    filters: Mutex<HashMap<String, Arc<SegmentSets>>>,
}

/// The documents of one filter, per segment (by segment id), worked out on first use.
#[derive(Default)]
pub struct SegmentSets {
    sets: Mutex<HashMap<tantivy::index::SegmentId, Arc<BitSet>>>,
}

impl FilterCache {
    /// `inner` (a query that does not score) as a filter whose documents are remembered under
    /// `key`, which must name what `inner` matches in this generation.
    pub fn filter(&self, key: String, inner: Box<dyn Query>) -> Box<dyn Query> {
        let sets = {
            let Ok(mut m) = self.filters.lock() else {
                return inner;
            };
            if m.len() >= MAX_FILTERS && !m.contains_key(&key) {
                m.clear();
            }
            m.entry(key).or_default().clone()
        };
        Box::new(CachedFilter { inner, sets })
    }
}

/// A filter query whose documents are remembered per segment.
struct CachedFilter {
    inner: Box<dyn Query>,
    sets: Arc<SegmentSets>,
}

impl Clone for CachedFilter {
    fn clone(&self) -> Self {
        CachedFilter {
            inner: self.inner.box_clone(),
            sets: self.sets.clone(),
        }
    }
}

impl fmt::Debug for CachedFilter {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "CachedFilter({:?})", self.inner)
    }
}

impl Query for CachedFilter {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The filter does not score: its query is weighed without scoring.
        let disabled = match enable_scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(enable_scoring.schema()),
        };
        Ok(Box::new(CachedWeight {
            inner: self.inner.weight(disabled)?,
            sets: self.sets.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct CachedWeight {
    inner: Box<dyn Weight>,
    sets: Arc<SegmentSets>,
}

impl CachedWeight {
    /// The filter's documents in `reader`'s segment (worked out the first time).
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let id = reader.segment_id();
        if let Some(set) = self.sets.sets.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(set);
        }
        let mut set = BitSet::with_max_value(reader.max_doc());
        let mut scorer = self.inner.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            set.insert(doc);
            doc = scorer.advance();
        }
        let set = Arc::new(set);
        if let Ok(mut m) = self.sets.sets.lock() {
            m.insert(id, set.clone());
        }
        Ok(set)
    }
}

impl Weight for CachedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ConstScorer::new(
            SharedBitSetDocSet::new(self.docs(reader)?),
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(reader)?.contains(doc) {
            Ok(Explanation::new("CachedFilter", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match the filter"
            )))
        }
    }
}

/// The documents of a shared bitset, in order (tantivy's `BitSetDocSet` owns its bitset).
struct SharedBitSetDocSet {
    docs: Arc<BitSet>,
    /// The bucket (64 documents) of the current document.
    bucket: u32,
    /// The documents of that bucket after the current one (bit `i`: document
    /// `bucket * 64 + i`).
    rest: u64,
    doc: DocId,
    len: u32,
}

impl SharedBitSetDocSet {
    fn new(docs: Arc<BitSet>) -> SharedBitSetDocSet {
        let len = docs.len() as u32;
        let mut s = SharedBitSetDocSet {
            docs,
            bucket: 0,
            rest: 0,
            doc: 0,
            len,
        };
        s.doc = s.first_from(0);
        s
    }

    /// Positions on the first document at or after `target`, whatever the state.
    fn first_from(&mut self, target: DocId) -> DocId {
        if target >= self.docs.max_value() {
            self.doc = TERMINATED;
            return TERMINATED;
        }
        let bucket = target / 64;
        self.bucket = bucket;
        self.rest = self.bits(bucket) & (u64::MAX << (target % 64));
        self.next_in_buckets()
    }

    /// The documents of bucket `b`, as bits.
    fn bits(&self, b: u32) -> u64 {
        u64::from_le_bytes(self.docs.tinyset(b).into_bytes())
    }

    /// The lowest document of `rest`, else of the next non-empty bucket.
    fn next_in_buckets(&mut self) -> DocId {
        if self.rest == 0 {
            match self.docs.first_non_empty_bucket(self.bucket + 1) {
                Some(b) => {
                    self.bucket = b;
                    self.rest = self.bits(b);
                }
                None => {
                    self.doc = TERMINATED;
                    return TERMINATED;
                }
            }
            if self.rest == 0 {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
        self.doc = self.bucket * 64 + self.rest.trailing_zeros();
        self.rest &= self.rest - 1;
        self.doc
    }
}

impl DocSet for SharedBitSetDocSet {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.next_in_buckets()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc != TERMINATED && self.doc >= target {
            return self.doc;
        }
        self.first_from(target)
    }

    /// Whether `target` is in the set, positioned on it if so (one load); if not, the state
    /// is left for the next `seek_danger` or `seek` (the trait's contract).
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= self.docs.max_value() {
            self.doc = TERMINATED;
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        if self.docs.contains(target) {
            self.first_from(target);
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(target + 1)
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(max: u32, docs: &[u32]) -> Arc<BitSet> {
        let mut s = BitSet::with_max_value(max);
        for &d in docs {
            s.insert(d);
        }
        Arc::new(s)
    }

    #[test]
    fn iterates_seeks_and_checks_like_the_set() {
        let docs = [0, 3, 63, 64, 65, 200, 1000, 4095];
        let mut d = SharedBitSetDocSet::new(set(5000, &docs));
        let mut seen = vec![d.doc()];
        while d.advance() != TERMINATED {
            seen.push(d.doc());
        }
        assert_eq!(seen, docs);
        let mut d = SharedBitSetDocSet::new(set(5000, &docs));
        assert_eq!(d.seek(4), 63);
        assert_eq!(d.seek(63), 63);
        assert_eq!(d.advance(), 64);
        assert_eq!(d.seek(66), 200);
        assert_eq!(d.seek(4096), TERMINATED);
        let mut d = SharedBitSetDocSet::new(set(5000, &docs));
        assert!(matches!(
            d.seek_danger(1),
            SeekDangerResult::SeekLowerBound(2)
        ));
        assert!(matches!(d.seek_danger(65), SeekDangerResult::Found));
        assert_eq!(d.doc(), 65);
        assert_eq!(d.advance(), 200);
        assert!(matches!(
            d.seek_danger(6000),
            SeekDangerResult::SeekLowerBound(TERMINATED)
        ));
        let mut empty = SharedBitSetDocSet::new(set(10, &[]));
        assert_eq!(empty.doc(), TERMINATED);
        assert_eq!(empty.advance(), TERMINATED);
        assert_eq!(SharedBitSetDocSet::new(set(0, &[])).doc(), TERMINATED);
    }
}
