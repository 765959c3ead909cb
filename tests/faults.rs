//! Faults during indexing: streamed files split across segments, concurrent readers and
//! writers, stale locks, full disks, read-only and unreadable paths, symlink loops. Each must
//! give a clear message and leave the index as it was at the last commit.

mod common;

use common::*;
use std::path::Path;
use std::time::Duration;

use newsdex::index::writer::{IndexOptions, NoProgress, index_paths};

/// A JSONL file of `n` distinct articles (streamed in batches when `n` > 512).
fn jsonl(path: &Path, n: usize, tag: &str) {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "{{\"id\":\"{tag}-{i}\",\"title\":\"Story {i} of {tag}\",\"date\":\"2020-01-02\",\"body\":\"Body of story {i} about {tag}.\"}}\n"
        ));
    }
    std::fs::write(path, s).unwrap();
}

/// The colleague's bug: a streamed file's batches (stamped 0, the last one with the real
/// signature) land in different segments, or in any order inside one, and the next run took
/// the unchanged file as changed and rewrote it whole.
#[test]
fn streamed_files_split_across_segments_are_not_rewritten() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for k in 0..4 {
        jsonl(
            &tree.join(format!("big{k}.jsonl")),
            3000,
            &format!("big{k}"),
        );
    }
    let idx = dir.path().join("idx");
    let opts = IndexOptions {
        threads: 2,
        memory_budget: 32 * 1024 * 1024,
        extract: false,
        // Commit as often as the loop allows, so batches of one file straddle commits.
        commit_interval: Duration::from_millis(1),
        ..IndexOptions::default()
    };
    let s = index_paths(&idx, std::slice::from_ref(&tree), &opts, &NoProgress).unwrap();
    assert_eq!((s.articles, s.written), (12_000, 12_000));
    let ni = newsdex::index::NewsIndex::open(&idx).unwrap();
    let segments = ni.reader.searcher().segment_readers().len();
    // Two indexing threads: every commit writes up to two segments, so batches are split.
    assert!(
        segments >= 2,
        "{segments} segment(s): the test needs a split"
    );
    for _ in 0..2 {
        let s = index_paths(&idx, std::slice::from_ref(&tree), &opts, &NoProgress).unwrap();
        assert_eq!(
            (s.articles, s.written, s.unchanged_files),
            (12_000, 0, 4),
            "unchanged streamed files must not be rewritten"
        );
    }
    assert_eq!(search(&idx, "", &["--limit", "0"])["total"], 12_000);
}
