//! The indexing side of near-duplicate clustering: which story each new article belongs to.
//!
//! An indexing run keeps one [`Clusterer`] (band keys → articles), read from the index's
//! `doc_key`, `cluster` and `dup_bands` fast fields the first time an article needs it (a run
//! over unchanged files never reads it), and extended with every article the run adds. A
//! candidate's text is needed to verify it: articles of this run are kept in a text cache
//! until a commit has made them readable from the index, older ones are read back from the
//! document store. The cache is bounded ([`TEXT_CACHE_BYTES`]); when it is full of articles
//! not committed yet, the run asks for a commit ([`Copies::wants_commit`]) instead of
//! forgetting them.
//!
//! Assignment takes one lock, so two copies parsed at the same moment on two threads still
//! see each other; the signature, the costly part, is computed before, outside it.
//!
//! An article is assigned while its thread holds the index writer's read lock, and added
//! before that lock is released; commits take the write lock and are counted under it
//! ([`Copies::commit_started`]). So the number of commits started when an article is assigned
//! says exactly which commit takes it (the next one), and its text can leave the cache as soon
//! as that commit is readable. (Counting completed commits at assignment, outside the lock,
//! left a commit's worth of doubt: a text was kept until the commit after next, and a full
//! cache asked for two commits back to back.)

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, IndexReader, Searcher, TERMINATED, TantivyDocument, Term};

use super::Fields;
use super::document::from_document;
use crate::dedup::{ClusterId, Clusterer, DEFAULT_LSH, Lsh, shingles};

/// Bytes of article text kept for articles not yet readable from the index: when texts no
/// commit has made readable fill it, the run commits early (once per 64 MB of text, about
/// 6,000 OCR pages or 14,000 generated articles).
pub const TEXT_CACHE_BYTES: usize = 64 << 20;

/// The clustering state of one indexing run.
pub struct Copies {
    lsh: Lsh,
    threshold: f64,
    reader: IndexReader,
    fields: Fields,
    state: Mutex<State>,
    wants_commit: AtomicBool,
    /// Commits started ([`Self::commit_started`]).
    started: AtomicU64,
}

struct State {
    clusterer: Option<Clusterer>,
    cache: TextCache,
    searcher: Searcher,
    /// Commits this run has completed and made readable to `searcher`.
    commits: u64,
}

impl Copies {
    /// The clustering of a run writing to the index `reader` reads, with containment
    /// `threshold` ([`crate::dedup::DEFAULT_THRESHOLD`] by default).
    pub fn new(reader: IndexReader, fields: Fields, threshold: f64) -> Copies {
        let searcher = reader.searcher();
        Copies {
            lsh: DEFAULT_LSH,
            threshold,
            reader,
            fields,
            state: Mutex::new(State {
                clusterer: None,
                cache: TextCache::default(),
                searcher,
                commits: 0,
            }),
            wants_commit: AtomicBool::new(false),
            started: AtomicU64::new(0),
        }
    }

    /// The band keys of an article's text (lede and body): computed by the parsing thread,
    /// before [`Self::assign`].
    pub fn band_keys(&self, text: &str) -> Vec<u64> {
        self.lsh.band_keys(&self.lsh.text_signature(text))
    }

    /// The story of the article with document key `doc_key`, text `text` and band keys
    /// `bands`: the cluster ids to write it with, its cluster's first, then those of the
    /// clusters merged into it ([`Clusterer::assign`]); the article is remembered for the ones
    /// that follow.
    ///
    /// Call it while holding the index writer's read lock, and add the article before
    /// releasing it: its text leaves the cache once the next commit is readable.
    pub fn assign(
        &self,
        doc_key: u64,
        text: &std::sync::Arc<str>,
        bands: &[u64],
    ) -> tantivy::Result<Vec<ClusterId>> {
        let mut guard = self
            .state
            .lock()
            .map_err(|_| tantivy::TantivyError::SystemError("copies lock poisoned".into()))?;
        let state = &mut *guard;
        if state.clusterer.is_none() {
            state.clusterer = Some(load(
                &state.searcher,
                &self.fields,
                self.lsh,
                self.threshold,
            )?);
        }
        let (cache, searcher, fields) = (&state.cache, &state.searcher, &self.fields);
        let mut fetch = |k: u64| match cache.get(k) {
            Some(t) => Some(shingles::shingles(t)),
            None => stored_text(searcher, fields, k).map(|t| shingles::shingles(&t)),
        };
        let Some(clusterer) = state.clusterer.as_mut() else {
            return Err(tantivy::TantivyError::SystemError("no clusterer".into()));
        };
        let a = clusterer.assign(doc_key, text, bands, &mut fetch);
        // Stable while the caller holds the writer's read lock: the commit that takes this
        // article is number `epoch + 1`.
        let epoch = self.started.load(Ordering::Acquire);
        if !state.cache.insert(doc_key, text.clone(), epoch) {
            self.wants_commit.store(true, Ordering::Relaxed);
        }
        Ok(std::iter::once(a.cluster)
            .chain(a.merged)
            .map(ClusterId)
            .collect())
    }

    /// Whether the text cache is full of articles not committed yet: the run should commit
    /// now rather than wait for its interval.
    pub fn wants_commit(&self) -> bool {
        self.wants_commit.load(Ordering::Relaxed)
    }

    /// Call under the index writer's write lock, just before a commit: the articles assigned
    /// from now on go to the commit after it.
    pub fn commit_started(&self) {
        self.started.fetch_add(1, Ordering::AcqRel);
    }

    /// Call after each commit: reloads the searcher (the committed articles become readable
    /// from the store) and lets the cache forget them.
    pub fn committed(&self) -> tantivy::Result<()> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        if let Ok(mut s) = self.state.lock() {
            s.searcher = searcher;
            s.commits += 1;
            let commits = s.commits;
            s.cache.evict(commits);
        }
        self.wants_commit.store(false, Ordering::Relaxed);
        Ok(())
    }
}

/// The clusterer of the articles the index holds.
fn load(
    searcher: &Searcher,
    fields: &Fields,
    lsh: Lsh,
    threshold: f64,
) -> tantivy::Result<Clusterer> {
    let mut c = Clusterer::new(lsh, threshold);
    let mut bands: Vec<u64> = Vec::new();
    let mut ids: Vec<u64> = Vec::new();
    let schema = searcher.schema();
    let (key_name, cluster_name, bands_name) = (
        schema.get_field_name(fields.doc_key),
        schema.get_field_name(fields.cluster),
        schema.get_field_name(fields.dup_bands),
    );
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let keys = ff.u64(key_name)?;
        let clusters = ff.u64(cluster_name)?;
        let band_col = ff.u64(bands_name)?;
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let Some(k) = keys.first(doc) else {
                continue;
            };
            // Its cluster, then the clusters merged into it (written in that order).
            ids.clear();
            ids.extend(clusters.values_for_doc(doc));
            if ids.is_empty() {
                continue;
            }
            bands.clear();
            bands.extend(band_col.values_for_doc(doc));
            c.add_existing(k, &ids, &bands);
        }
    }
    c.loaded();
    Ok(c)
}

/// The text (lede and body) of the live article with document key `key`, from the store.
fn stored_text(searcher: &Searcher, fields: &Fields, key: u64) -> Option<String> {
    let term = Term::from_field_u64(fields.doc_key, key);
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let inv = seg.inverted_index(fields.doc_key).ok()?;
        let Ok(Some(mut postings)) = inv.read_postings(&term, IndexRecordOption::Basic) else {
            continue;
        };
        let alive = seg.alive_bitset();
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let stored: TantivyDocument =
                    searcher.doc(DocAddress::new(ord as u32, doc)).ok()?;
                return Some(from_document(&stored, fields).text());
            }
            doc = postings.advance();
        }
    }
    None
}

/// The texts of this run's articles, oldest first, until the index can give them back.
///
/// A text assigned when `epoch` commits had started goes to commit `epoch + 1`, so it is
/// readable from the index once `commits` reaches `epoch + 1`. Readable texts are only a speed-up and go first whenever the cache is over budget; a
/// commit is asked for only when the texts the index cannot give back yet fill the budget by
/// themselves. (Asking whenever the cache was full made a steady run commit back to back once
/// the cache had filled: thousands of tiny segments, and the merges of them took 40% of the
/// CPU of an indexing run.)
#[derive(Default)]
struct TextCache {
    map: HashMap<u64, (std::sync::Arc<str>, u64)>,
    order: VecDeque<u64>,
    bytes: usize,
    /// Commits completed, as last told by [`Self::evict`].
    commits: u64,
}

impl TextCache {
    fn get(&self, key: u64) -> Option<&str> {
        self.map.get(&key).map(|(t, _)| &**t)
    }

    /// Keeps `text`, added during commit interval `epoch`, dropping readable texts while over
    /// budget; false when the cache is still over budget with texts no commit has made
    /// readable yet.
    fn insert(&mut self, key: u64, text: std::sync::Arc<str>, epoch: u64) -> bool {
        self.bytes += text.len();
        if let Some((old, _)) = self.map.insert(key, (text, epoch)) {
            self.bytes -= old.len();
        } else {
            self.order.push_back(key);
        }
        self.drop_readable();
        self.bytes <= TEXT_CACHE_BYTES
    }

    /// Records that `commits` commits have completed and forgets the oldest readable texts
    /// while over budget.
    fn evict(&mut self, commits: u64) {
        self.commits = commits;
        self.drop_readable();
    }

    /// Forgets the oldest texts while over budget, as long as they are readable from the
    /// index (texts are in the order they were added, so epochs never decrease along it).
    fn drop_readable(&mut self) {
        while self.bytes > TEXT_CACHE_BYTES {
            let Some(&k) = self.order.front() else { break };
            match self.map.get(&k) {
                Some((_, epoch)) if epoch + 1 > self.commits => break,
                Some((t, _)) => {
                    self.bytes -= t.len();
                    self.map.remove(&k);
                }
                None => {}
            }
            self.order.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_what_the_index_cannot_give_back_yet() {
        let mut c = TextCache::default();
        let big: std::sync::Arc<str> = "x".repeat(TEXT_CACHE_BYTES / 2 + 1).into();
        assert!(c.insert(1, big.clone(), 0));
        // Over budget with texts no commit has taken: a commit is asked for.
        assert!(!c.insert(2, big.clone(), 0));
        assert!(c.get(1).is_some() && c.get(2).is_some());
        // One commit takes both: the oldest goes, until the cache fits, and no second commit
        // is needed.
        c.evict(1);
        assert!(c.get(1).is_none() && c.get(2).is_some());
        assert!(c.insert(3, "short".into(), 1));
        // Texts assigned after that commit started wait for the next one: the readable one
        // makes room for the first, the second asks for a commit.
        assert!(c.insert(4, big.clone(), 1));
        assert!(c.get(2).is_none() && c.get(4).is_some());
        assert!(!c.insert(5, big.clone(), 1));
    }

    #[test]
    fn a_full_cache_of_readable_texts_asks_for_no_commit() {
        let mut c = TextCache::default();
        let third: std::sync::Arc<str> = "x".repeat(TEXT_CACHE_BYTES / 3 + 1).into();
        assert!(c.insert(1, third.clone(), 0));
        assert!(c.insert(2, third.clone(), 0));
        assert!(!c.insert(3, third.clone(), 0));
        c.evict(1);
        // The cache fits again: the oldest readable text went.
        assert!(c.get(1).is_none() && c.get(2).is_some());
        // Texts of epoch 1 are not readable; the ones of epoch 0 are and make room, so no
        // commit is asked for until the unreadable texts fill the budget alone.
        assert!(c.insert(4, third.clone(), 1));
        assert!(c.get(2).is_none());
        assert!(c.insert(5, third.clone(), 1));
        assert!(!c.insert(6, third.clone(), 1));
    }
}
