//! Stories at search time: which documents are copies of one story (their `cluster` field,
//! set at index time by [`crate::index::copies`]), numbered densely once per searcher
//! generation, so that collapsing hits, counting distinct stories and counting facets by story
//! read one array slot per document instead of hashing 64-bit ids.
//!
//! The table also knows each story's size (live copies) and its *original*: the copy with the
//! earliest date (undated copies come after dated ones; ties go to the copy indexed first,
//! which has the story's own id as document key, then to index order).

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::dedup::ClusterId;

/// Stands for "no story" in the per-document arrays (a deleted document).
const NONE: u32 = u32::MAX;

/// The stories of one searcher generation.
#[derive(Debug, Default)]
pub struct Stories {
    /// Per segment (by segment ordinal): document → dense story number, [`NONE`] when deleted.
    docs: Vec<Vec<u32>>,
    /// Dense story number → cluster id.
    ids: Vec<u64>,
    /// Dense story number → live copies.
    sizes: Vec<u32>,
    /// Dense story number → its original's address.
    originals: Vec<DocAddress>,
    /// The cluster ids of each story that merged clusters (its articles' first ids; see
    /// [`crate::dedup::Clusterer::assign`]); other stories have the one id in `ids`.
    merged: HashMap<u32, Vec<u64>>,
}

impl Stories {
    /// Numbers the stories of `searcher`'s live documents (a pass over two fast fields).
    pub fn build(searcher: &Searcher) -> tantivy::Result<Stories> {
        let mut s = Stories::default();
        let mut dense: HashMap<u64, u32> = HashMap::new();
        // The original's rank per story: (undated, date, not the founder, segment, doc).
        let mut best: Vec<(bool, i64, bool, u32, u32)> = Vec::new();
        // Clusters merged at index time: (an article's cluster, another id it carries).
        let mut links: Vec<(u64, u64)> = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let ff = seg.fast_fields();
            let clusters = ff.u64("cluster")?;
            let keys = ff.u64("doc_key")?;
            let dates = ff.date("date")?;
            let alive = seg.alive_bitset();
            let multi = clusters.get_cardinality() == tantivy::columnar::Cardinality::Multivalued;
            let mut docs = vec![NONE; seg.max_doc() as usize];
            for doc in 0..seg.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let key = keys.first(doc);
                // A document without a cluster is a story of its own (keyed by its address,
                // which no 64-bit hash of a key is likely to equal, and keyed apart anyway).
                let cluster = clusters
                    .first(doc)
                    .or(key)
                    .unwrap_or(((ord as u64) << 32) | u64::from(doc));
                if multi {
                    links.extend(clusters.values_for_doc(doc).skip(1).map(|o| (cluster, o)));
                }
                let n = *dense.entry(cluster).or_insert_with(|| {
                    s.ids.push(cluster);
                    s.sizes.push(0);
                    s.originals.push(DocAddress::new(ord as u32, doc));
                    best.push((true, i64::MAX, true, u32::MAX, u32::MAX));
                    (s.ids.len() - 1) as u32
                });
                docs[doc as usize] = n;
                s.sizes[n as usize] += 1;
                let date = dates.first(doc).map(|d| d.into_timestamp_secs());
                let rank = (
                    date.is_none(),
                    date.unwrap_or(i64::MAX),
                    key != Some(cluster),
                    ord as u32,
                    doc,
                );
                if rank < best[n as usize] {
                    best[n as usize] = rank;
                    s.originals[n as usize] = DocAddress::new(ord as u32, doc);
                }
            }
            s.docs.push(docs);
        }
        if !links.is_empty() {
            s.join(&links, &best);
        }
        Ok(s)
    }

    /// Joins the stories of clusters merged at index time into one story each, named by the
    /// smallest id of its group (as [`crate::dedup::Clusterer::loaded`] does), and renumbers.
    fn join(&mut self, links: &[(u64, u64)], best: &[(bool, i64, bool, u32, u32)]) {
        let mut parent: HashMap<u64, u64> = HashMap::new();
        for &(a, b) in links {
            let (ra, rb) = (
                crate::dedup::group_root(&mut parent, a),
                crate::dedup::group_root(&mut parent, b),
            );
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
        let mut by_root: HashMap<u64, u32> = HashMap::new();
        let mut remap: Vec<u32> = Vec::with_capacity(self.ids.len());
        let (mut ids, mut sizes, mut originals) = (Vec::new(), Vec::new(), Vec::new());
        let mut ranks: Vec<(bool, i64, bool, u32, u32)> = Vec::new();
        let mut merged: HashMap<u32, Vec<u64>> = HashMap::new();
        for (n, &id) in self.ids.iter().enumerate() {
            let r = crate::dedup::group_root(&mut parent, id);
            let m = *by_root.entry(r).or_insert_with(|| {
                ids.push(r);
                sizes.push(0);
                originals.push(self.originals[n]);
                ranks.push(best[n]);
                (ids.len() - 1) as u32
            });
            remap.push(m);
            sizes[m as usize] += self.sizes[n];
            if best[n] < ranks[m as usize] {
                ranks[m as usize] = best[n];
                originals[m as usize] = self.originals[n];
            }
            merged.entry(m).or_default().push(id);
        }
        merged.retain(|_, v| v.len() > 1);
        for docs in &mut self.docs {
            for d in docs.iter_mut().filter(|d| **d != NONE) {
                *d = remap[*d as usize];
            }
        }
        (self.ids, self.sizes, self.originals, self.merged) = (ids, sizes, originals, merged);
    }

    /// Distinct stories among live documents.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The dense story number of a document, `None` when it is deleted or unknown.
    pub fn story(&self, addr: DocAddress) -> Option<u32> {
        self.in_segment(addr.segment_ord)
            .get(addr.doc_id as usize)
            .copied()
            .filter(|&n| n != NONE)
    }

    /// The per-document story numbers of one segment.
    pub(super) fn in_segment(&self, segment: SegmentOrdinal) -> &[u32] {
        self.docs.get(segment as usize).map_or(&[], Vec::as_slice)
    }

    /// The cluster id of a story number.
    pub fn id(&self, story: u32) -> ClusterId {
        ClusterId(self.ids.get(story as usize).copied().unwrap_or(0))
    }

    /// The cluster ids the articles of a story carry first: one, unless clusters merged.
    pub fn ids_of(&self, story: u32) -> Vec<u64> {
        match self.merged.get(&story) {
            Some(ids) => ids.clone(),
            None => vec![self.id(story).0],
        }
    }

    /// Live copies of a story.
    pub fn size(&self, story: u32) -> u32 {
        self.sizes.get(story as usize).copied().unwrap_or(0)
    }

    /// The address of a story's original copy.
    pub fn original(&self, story: u32) -> Option<DocAddress> {
        self.originals.get(story as usize).copied()
    }

    /// Whether the document at `addr` is its story's original (earliest) copy.
    pub fn is_original(&self, addr: DocAddress) -> bool {
        self.story(addr)
            .and_then(|n| self.originals.get(n as usize))
            .is_some_and(|&o| o == addr)
    }

    /// The stories of the largest clusters, biggest first (ties by id): (story, copies).
    pub fn largest(&self, n: usize) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = self
            .sizes
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c > 1)
            .map(|(i, &c)| (i as u32, c))
            .collect();
        v.sort_unstable_by(|a, b| {
            b.1.cmp(&a.1)
                .then(self.ids[a.0 as usize].cmp(&self.ids[b.0 as usize]))
        });
        v.truncate(n);
        v
    }

    /// Stories with more than one copy, and the articles they hold.
    pub fn copied(&self) -> (u64, u64) {
        self.sizes
            .iter()
            .filter(|&&c| c > 1)
            .fold((0, 0), |(s, a), &c| (s + 1, a + u64::from(c)))
    }
}

/// Counts the distinct stories among the matches: one bit per story.
pub struct StoryCount {
    /// The generation's stories.
    pub stories: Arc<Stories>,
}

/// The segment part of [`StoryCount`].
pub struct StorySegmentCount {
    stories: Arc<Stories>,
    segment: SegmentOrdinal,
    seen: Vec<u64>,
}

impl Collector for StoryCount {
    type Fruit = u64;
    type Child = StorySegmentCount;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<StorySegmentCount> {
        Ok(StorySegmentCount {
            stories: self.stories.clone(),
            segment,
            seen: vec![0; self.stories.len().div_ceil(64)],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<u64> {
        let mut it = fruits.into_iter();
        let Some(mut all) = it.next() else {
            return Ok(0);
        };
        for f in it {
            for (a, b) in all.iter_mut().zip(f) {
                *a |= b;
            }
        }
        Ok(all.iter().map(|w| u64::from(w.count_ones())).sum())
    }
}

impl SegmentCollector for StorySegmentCount {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(&n) = self.stories.in_segment(self.segment).get(doc as usize)
            && n != NONE
            && let Some(w) = self.seen.get_mut(n as usize / 64)
        {
            *w |= 1 << (n % 64);
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.seen
    }
}
