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
    /// The signature the file had when indexed: the non-zero stamp its documents carry, or 0
    /// when none carries one (its last batch never committed) or two disagree.
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

/// The signature stamps seen on one file's documents.
///
/// A file streamed in batches (see `writer::FileSink`) has every batch but the last stamped 0
/// and the last stamped with the real signature; the batches may sit in different segments, and
/// in any order within a merged segment. So the file's signature is the non-zero stamp seen
/// anywhere, whatever the order: if the last batch never committed there is none, and the
/// file is redone. Two different non-zero stamps cannot arise (a changed file replaces its old
/// documents in one commit), but if they did the file is taken as changed, which is safe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Stamp {
    /// Only zero stamps (or none) so far.
    #[default]
    Zero,
    /// One non-zero signature.
    Sig(u64),
    /// Two different non-zero signatures.
    Conflict,
}

impl Stamp {
    fn see(&mut self, sig: u64) {
        if sig != 0 {
            self.merge(Stamp::Sig(sig));
        }
    }

    fn merge(&mut self, other: Stamp) {
        *self = match (*self, other) {
            (a, Stamp::Zero) => a,
            (Stamp::Zero, b) => b,
            (Stamp::Sig(a), Stamp::Sig(b)) if a == b => Stamp::Sig(a),
            _ => Stamp::Conflict,
        };
    }

    fn sig(self) -> u64 {
        match self {
            Stamp::Sig(s) => s,
            Stamp::Zero | Stamp::Conflict => 0,
        }
    }
}

impl FileState {
    /// Reads the state from the fast fields `path` and `file_sig` of every live document.
    pub fn load(searcher: &Searcher) -> tantivy::Result<FileState> {
        let mut stamps: HashMap<u64, (Stamp, u32)> = HashMap::new();
        let mut buf = String::new();
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let Some(paths) = ff.str("path")? else {
                continue;
            };
            let sigs = ff.u64("file_sig")?;
            let n_terms = paths.num_terms();
            let mut counts = vec![0u32; n_terms];
            let mut seg_sigs = vec![Stamp::default(); n_terms];
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
                    seg_sigs[ord].see(sigs.first(doc).unwrap_or(0));
                }
            }
            for (ord, &count) in counts.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                buf.clear();
                paths.ord_to_str(ord as u64, &mut buf)?;
                let (stamp, n) = stamps
                    .entry(path_hash(&buf))
                    .or_insert((Stamp::default(), 0));
                stamp.merge(seg_sigs[ord]);
                *n += count;
            }
        }
        let files = stamps
            .into_iter()
            .map(|(h, (stamp, articles))| {
                let sig = stamp.sig();
                (h, FileEntry { sig, articles })
            })
            .collect();
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

#[cfg(test)]
mod tests {
    use super::Stamp;

    #[test]
    fn a_file_signature_is_its_non_zero_stamp_in_any_order() {
        // Batches stamped 0 then the real signature, seen in any order and across segments.
        for order in [[0, 0, 7], [7, 0, 0], [0, 7, 0]] {
            let mut s = Stamp::default();
            for x in order {
                s.see(x);
            }
            assert_eq!(s.sig(), 7);
        }
        let mut seg_a = Stamp::default();
        seg_a.see(0);
        let mut seg_b = Stamp::default();
        seg_b.see(7);
        seg_a.merge(seg_b);
        assert_eq!(seg_a.sig(), 7);
        // The last batch never committed: only zeros, so the file is redone.
        let mut z = Stamp::default();
        z.see(0);
        z.see(0);
        assert_eq!(z.sig(), 0);
        // Disagreeing signatures: taken as changed.
        let mut c = Stamp::default();
        c.see(7);
        c.see(8);
        assert_eq!(c.sig(), 0);
    }
}
