//! What the index already holds, per source file: the state behind incremental indexing.
//!
//! The state lives inside the index itself (every document carries its file's path and
//! size/mtime signature as fast fields), so it is always exactly as durable as the articles:
//! a kill between commits can never leave state that claims a file is indexed when its
//! articles are not.

use std::collections::HashMap;

use tantivy::Searcher;

/// Per-file facts recorded in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEntry {
    /// The signature the file had when indexed (0 if its documents disagree).
    pub sig: u64,
    /// Live articles from the file.
    pub articles: u32,
}

/// The indexed files, keyed by a 64-bit hash of the path so that memory stays small
/// (about 24 bytes a file) on archives of millions of files.
#[derive(Debug, Default)]
pub struct FileState {
    files: HashMap<u64, FileEntry>,
}

/// A stable 64-bit hash of a path string (FNV-1a; stable across runs and builds).
pub fn path_hash(path: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in path.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl FileState {
    /// Reads the state from the fast fields `path` and `file_sig` of every live document.
    pub fn load(searcher: &Searcher) -> tantivy::Result<FileState> {
        let mut files: HashMap<u64, FileEntry> = HashMap::new();
        let mut buf = String::new();
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let Some(paths) = ff.str("path")? else {
                continue;
            };
            let sigs = ff.u64("file_sig")?;
            let n_terms = paths.num_terms();
            let mut counts = vec![0u32; n_terms];
            let mut seg_sigs = vec![0u64; n_terms];
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let Some(ord) = paths.term_ords(doc).next() else {
                    continue;
                };
                let ord = ord as usize;
                if ord < n_terms {
                    counts[ord] += 1;
                    seg_sigs[ord] = sigs.first(doc).unwrap_or(0);
                }
            }
            for (ord, &count) in counts.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                buf.clear();
                paths.ord_to_str(ord as u64, &mut buf)?;
                let e = files.entry(path_hash(&buf)).or_insert(FileEntry {
                    sig: seg_sigs[ord],
                    articles: 0,
                });
                if e.sig != seg_sigs[ord] {
                    e.sig = 0;
                }
                e.articles += count;
            }
        }
        Ok(FileState { files })
    }

    /// The entry for a path, if the index holds articles from it.
    pub fn get(&self, path: &str) -> Option<FileEntry> {
        self.files.get(&path_hash(path)).copied()
    }

    /// Number of files with live articles.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the index holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Calls `f` with every distinct path that has live documents in the index.
pub fn for_each_indexed_path(searcher: &Searcher, mut f: impl FnMut(&str)) -> tantivy::Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut buf = String::new();
    for seg in searcher.segment_readers() {
        let Some(paths) = seg.fast_fields().str("path")? else {
            continue;
        };
        let mut live = vec![false; paths.num_terms()];
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            if let Some(ord) = paths.term_ords(doc).next()
                && let Some(slot) = live.get_mut(ord as usize)
            {
                *slot = true;
            }
        }
        for (ord, l) in live.iter().enumerate() {
            if *l {
                buf.clear();
                paths.ord_to_str(ord as u64, &mut buf)?;
                if seen.insert(path_hash(&buf)) {
                    f(&buf);
                }
            }
        }
    }
    Ok(())
}
