//! Paths → files: a deterministic, streaming walk of the archive roots.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// One file found by the walk, with what incremental indexing needs to know about it.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Absolute, canonical path.
    pub path: PathBuf,
    /// Size in bytes on disk.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime_ns: u64,
}

impl FoundFile {
    /// A signature that changes when the file's content is likely to have changed:
    /// size and modification time, mixed into one number.
    pub fn signature(&self) -> u64 {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for b in self
            .size
            .to_le_bytes()
            .iter()
            .chain(self.mtime_ns.to_le_bytes().iter())
        {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Never 0, so that 0 can mean "no signature".
        h | 1
    }
}

/// An item of the walk: a file to read, or a path that could not be walked.
#[derive(Debug)]
pub enum WalkItem {
    /// A candidate article file.
    File(FoundFile),
    /// A path the walk could not enter or read, with the reason. Nothing under it was seen,
    /// so nothing under it may be taken as deleted.
    Error {
        /// The path concerned (absolute; canonical below a root).
        path: PathBuf,
        /// One line saying why.
        reason: String,
    },
}

/// Walks every root in order (each sorted by file name), following symbolic links but
/// reporting loops, and yields candidate files lazily so that memory does not grow with the
/// size of the archive. Non-article side files (see [`super::is_candidate`]) are left out, and
/// so is everything under `skip` (canonical: the index directory itself).
pub fn walk<'a>(
    roots: &'a [PathBuf],
    skip: &'a Path,
) -> impl Iterator<Item = WalkItem> + Send + 'a {
    roots.iter().flat_map(|root| {
        let root_items: Box<dyn Iterator<Item = WalkItem> + Send> =
            match std::fs::canonicalize(root) {
                Err(e) => Box::new(std::iter::once(WalkItem::Error {
                    path: std::path::absolute(root).unwrap_or_else(|_| root.clone()),
                    reason: format!("cannot open: {e}"),
                })),
                Ok(canon) => Box::new(walk_root(canon, skip.to_path_buf())),
            };
        root_items
    })
}

fn walk_root(root: PathBuf, skip: PathBuf) -> impl Iterator<Item = WalkItem> + Send {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // A symbolic link may lead to `skip` too; only links need resolving.
        .filter_entry(move |e| {
            e.path() != skip
                && !(e.path_is_symlink()
                    && std::fs::canonicalize(e.path()).is_ok_and(|c| c == skip))
        })
        .filter_map(|entry| match entry {
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                let reason = if e.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => e.to_string(),
                    }
                };
                Some(WalkItem::Error { path, reason })
            }
            Ok(entry) => {
                if entry.file_type().is_dir() || !super::is_candidate(entry.path()) {
                    return None;
                }
                let path = entry.path().to_path_buf();
                match entry.metadata() {
                    Err(e) => Some(WalkItem::Error {
                        path,
                        reason: format!("cannot stat: {e}"),
                    }),
                    Ok(md) if md.is_file() => Some(WalkItem::File(FoundFile {
                        size: md.len(),
                        mtime_ns: md
                            .modified()
                            .ok()
                            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                            .map(|d| d.as_nanos() as u64)
                            .unwrap_or(0),
                        path,
                    })),
                    Ok(_) => None,
                }
            }
        })
}

/// Whether `path` lies under one of `roots` (all canonical).
pub fn is_under(path: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|r| path.starts_with(r))
}
