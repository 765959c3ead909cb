//! Which segments to merge: tantivy's log-size levels, with every merge capped in bytes.
//!
//! A merge reads all of its input segments through memory maps, and the pages it touches
//! count in the process's resident memory until the inputs are deleted. With tantivy's
//! default policy the last merges of a large archive read gigabytes (1.98 GB peak RSS at
//! 1,000,000 articles), so memory grew with the archive. Capping what one merge may read keeps
//! `newsdex index` within a fixed footprint whatever the archive size, at the price of more
//! segments in very large indexes (one per ≈ cap/2 to cap of index data), much as
//! Elasticsearch caps merged segments (`index.merge.policy.max_merged_segment`).

use std::path::{Path, PathBuf};

use tantivy::SegmentMeta;
use tantivy::index::SegmentComponent;
use tantivy::merge_policy::{MergeCandidate, MergePolicy};

/// Megabytes one merge may read by default (`--max-merge-mb`): with one merge at a time and
/// tantivy's indexing budget, `index` stays near 1.2 GB resident at most.
pub const DEFAULT_MAX_MERGE_MB: u64 = 512;

/// [`DEFAULT_MAX_MERGE_MB`] in bytes.
pub const DEFAULT_MAX_MERGE_BYTES: u64 = DEFAULT_MAX_MERGE_MB << 20;

/// The smallest merge cap accepted, in MB: below it merges could not combine even the
/// segments of one commit.
pub const MIN_MAX_MERGE_MB: u64 = 16;

/// Segments merged together at least (tantivy's default): fewer means rewriting the same
/// data more often.
const MIN_SEGMENTS: usize = 8;

/// Segments smaller than this are all one level, so tiny flushes merge early.
const MIN_LEVEL_BYTES: u64 = 4 << 20;

/// Sizes within this many powers of two of a level's largest segment share the level
/// (tantivy's `level_log_size`).
const LEVEL_LOG_SIZE: f64 = 0.75;

/// Log-size levels like tantivy's `LogMergePolicy`, over bytes on disk, where no merge reads
/// more than `max_bytes`. A segment of half the cap or more is final.
#[derive(Debug, Clone)]
pub struct CappedMergePolicy {
    dir: PathBuf,
    max_bytes: u64,
}

impl CappedMergePolicy {
    /// A policy for the index in `dir` whose merges read at most `max_bytes`.
    pub fn new(dir: &Path, max_bytes: u64) -> CappedMergePolicy {
        CappedMergePolicy {
            dir: dir.to_path_buf(),
            max_bytes,
        }
    }

    /// Bytes of a segment's files on disk (files that cannot be read count 0).
    fn segment_bytes(&self, meta: &SegmentMeta) -> u64 {
        [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
            SegmentComponent::Terms,
            SegmentComponent::Store,
        ]
        .into_iter()
        .filter_map(|c| std::fs::metadata(self.dir.join(meta.relative_path(c))).ok())
        .map(|m| m.len())
        .sum()
    }
}

impl MergePolicy for CappedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(u64, &SegmentMeta)> = segments
            .iter()
            .map(|s| (self.segment_bytes(s), s))
            .collect();
        plan(&sized, self.max_bytes)
            .into_iter()
            .map(|group| MergeCandidate(group.into_iter().map(|s| s.id()).collect()))
            .collect()
    }
}

/// The merges for segments of the given sizes: the pure part of the policy, tested alone.
fn plan<T: Copy>(segments: &[(u64, T)], max_bytes: u64) -> Vec<Vec<T>> {
    let mut open: Vec<(u64, T)> = segments
        .iter()
        .copied()
        .filter(|(b, _)| *b < max_bytes / 2)
        .collect();
    open.sort_by_key(|(b, _)| std::cmp::Reverse(*b));
    // Levels, largest first: a segment joins the current level while its log size is within
    // LEVEL_LOG_SIZE of the level's largest.
    let mut levels: Vec<Vec<(u64, T)>> = Vec::new();
    let mut top = f64::MAX;
    for (b, s) in open {
        let lg = (b.max(MIN_LEVEL_BYTES) as f64).log2();
        if lg < top - LEVEL_LOG_SIZE || levels.is_empty() {
            top = lg;
            levels.push(Vec::new());
        }
        if let Some(level) = levels.last_mut() {
            level.push((b, s));
        }
    }
    let mut out = Vec::new();
    let mut rest: Vec<(u64, T)> = Vec::new();
    for mut level in levels {
        if level.len() < MIN_SEGMENTS {
            rest.append(&mut level);
            continue;
        }
        out.extend(pack(level, max_bytes));
    }
    // Levels of fewer than eight would otherwise stay apart for good, since no segment grows
    // past half the cap by merging within its level: when eight or more such segments have
    // piled up across levels, the smallest are merged together, up to the cap.
    if rest.len() >= MIN_SEGMENTS {
        out.extend(pack(rest, max_bytes).into_iter().next());
    }
    out
}

/// Segments packed smallest first into merges that each read at most `max_bytes`; a merge of
/// fewer than two segments would only copy, so none is proposed.
fn pack<T>(mut segments: Vec<(u64, T)>, max_bytes: u64) -> Vec<Vec<T>> {
    segments.sort_by_key(|(b, _)| *b);
    let mut out = Vec::new();
    let mut group: Vec<T> = Vec::new();
    let mut bytes = 0u64;
    for (b, s) in segments {
        if !group.is_empty() && bytes + b > max_bytes {
            if group.len() >= 2 {
                out.push(std::mem::take(&mut group));
            }
            group.clear();
            bytes = 0;
        }
        group.push(s);
        bytes += b;
    }
    if group.len() >= 2 {
        out.push(group);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1 << 20;

    #[test]
    fn small_levels_wait_for_eight() {
        let segs: Vec<(u64, usize)> = (0..7).map(|i| (MB, i)).collect();
        assert!(plan(&segs, 512 * MB).is_empty());
        let segs: Vec<(u64, usize)> = (0..8).map(|i| (MB, i)).collect();
        assert_eq!(plan(&segs, 512 * MB), vec![(0..8).collect::<Vec<_>>()]);
    }

    #[test]
    fn no_merge_reads_more_than_the_cap() {
        // 20 flushes of 100 MB: merges of 5 (500 MB), never all 20 (2 GB).
        let segs: Vec<(u64, usize)> = (0..20).map(|i| (100 * MB, i)).collect();
        let merges = plan(&segs, 512 * MB);
        assert_eq!(merges.len(), 4);
        for m in &merges {
            assert_eq!(m.len(), 5);
        }
        // Segments of half the cap or more are final.
        let segs: Vec<(u64, usize)> = (0..10).map(|i| (300 * MB, i)).collect();
        assert!(plan(&segs, 512 * MB).is_empty());
    }

    #[test]
    fn scattered_mid_size_segments_are_merged_up_to_the_cap() {
        // One segment per level: no level reaches eight, but together they pile up.
        let sizes = [5, 9, 16, 28, 50, 90, 160, 200];
        let segs: Vec<(u64, usize)> = sizes.iter().map(|&m| (m * MB, m as usize)).collect();
        let merges = plan(&segs, 512 * MB);
        assert_eq!(merges, vec![vec![5, 9, 16, 28, 50, 90, 160]]);
        assert!(plan(&segs[..7], 512 * MB).is_empty());
    }

    #[test]
    fn levels_merge_separately() {
        let mut segs: Vec<(u64, usize)> = (0..8).map(|i| (MB, i)).collect();
        segs.extend((8..16).map(|i| (40 * MB, i)));
        segs.push((200 * MB, 99));
        let mut merges = plan(&segs, 512 * MB);
        merges.sort();
        assert_eq!(
            merges,
            vec![(0..8).collect::<Vec<_>>(), (8..16).collect::<Vec<_>>()]
        );
    }
}
