//! Articles → index: the schema, opening and creating indexes, and the writing pipeline.
//!
//! Files: `schema.rs` (the embedded `schema/schema.json` → tantivy schema, [`schema::Fields`]),
//! `analyzer.rs` (the `en_stem` tokenizer), `document.rs` (the [`crate::article::Article`] ↔
//! document conversions, the only place that knows which field holds what), `writer.rs` (the
//! indexing run: walk → parse → extract → add, commits, pruning), `long_text.rs` (extraction of
//! long texts in pieces), `in_flight.rs` (the bound on file content held between reading and
//! indexing),
//! `state.rs` (incremental state: which files the index holds), `merge.rs` (the merge
//! policy), `directory.rs` (read-only and read-write access to the index folder); this file
//! opens indexes and names their errors. Nothing here parses formats or answers queries.

pub mod analyzer;
pub mod copies;
pub mod directory;
pub mod document;
pub mod in_flight;
pub mod long_text;
pub mod merge;
pub mod opstamp;
pub mod schema;
pub mod state;
pub mod stored;
pub mod writer;

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexReader, ReloadPolicy};

use directory::{Access, IndexDirectory};
pub use schema::Fields;

/// The file in the index directory that records which newsdex schema wrote it.
pub const META_FILE: &str = "newsdex.json";

/// The default index directory, overridden by `--index` or `NEWSDEX_INDEX`.
pub const DEFAULT_INDEX_DIR: &str = "newsdex-index";

/// Why an index could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at the path.
    #[error("no newsdex index at {}: build one with `newsdex index PATH... --index {}`", .0.display(), .0.display())]
    Missing(PathBuf),
    /// The directory holds something else, or an index from another schema version.
    #[error("{}: {reason}", path.display())]
    Incompatible {
        /// The index directory.
        path: PathBuf,
        /// What differs and what to do.
        reason: String,
    },
    /// The index was open, and its folder has since been deleted or emptied.
    #[error("the index at {} is gone: its meta.json no longer exists", .0.display())]
    Gone(PathBuf),
    /// An index file cannot be read (permissions).
    #[error("cannot read the index at {}: {reason}", path.display())]
    Unreadable {
        /// The index directory.
        path: PathBuf,
        /// Which file and why.
        reason: String,
    },
    /// Another process holds the writer lock.
    #[error(
        "the index at {} is locked by another writer (is another `newsdex index` running?); wait for it to finish",
        .0.display()
    )]
    Locked(PathBuf),
    /// An I/O error on the index directory.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing the index failed (disk full, file too large, read-only, permission denied):
    /// the index is as it was at its last commit.
    #[error(
        "cannot write the index at {}: {reason}; it is unchanged since its last commit, and a rerun resumes from there",
        path.display()
    )]
    Write {
        /// The index directory.
        path: PathBuf,
        /// The cause, in a few words.
        reason: String,
    },
    /// The extraction model or gazetteer shipped in the binary could not be loaded.
    #[error("extraction model: {0}")]
    Extraction(String),
    /// An error inside tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl IndexError {
    /// Turns a tantivy error met while writing into [`IndexError::Write`] when its cause is
    /// the file system (tantivy wraps those errors in strings, so the text is all there is).
    pub fn from_write(dir: &std::path::Path, e: tantivy::TantivyError) -> IndexError {
        let text = e.to_string();
        // Both renderings occur: "os error 28" (Display) and "code: 28" (Debug, nested).
        let reason = WRITE_ERRORS
            .iter()
            .find(|(code, _)| {
                text.contains(&format!("os error {code}"))
                    || text.contains(&format!("code: {code},"))
            })
            .map(|(_, reason)| reason.to_string());
        // A worker thread that died of an I/O error leaves only "an index writer was killed"
        // for the adder to see: find the cause by trying to write beside the index.
        let reason = reason.or_else(|| {
            text.contains("index writer was killed")
                .then(|| probe_write(dir, 4))
                .flatten()
        });
        match reason {
            Some(reason) => IndexError::Write {
                path: dir.to_path_buf(),
                reason,
            },
            None => IndexError::Tantivy(e),
        }
    }
}

/// The error for an index file this process may not read.
fn unreadable(dir: &Path, file: &str, e: &std::io::Error) -> IndexError {
    let hint = if e.kind() == std::io::ErrorKind::PermissionDenied {
        " (indexes written before newsdex made its files readable keep meta.json at mode 0600: \
         their owner can make them readable with `chmod -R a+rX`, or by running `newsdex index` once)"
    } else {
        ""
    };
    IndexError::Unreadable {
        path: dir.to_path_buf(),
        reason: format!("{file}: {e}{hint}"),
    }
}

/// Tries to write (and then removes) `mb` megabytes in `dir`; returns why it failed.
pub fn probe_write(dir: &std::path::Path, mb: usize) -> Option<String> {
    use std::io::Write;
    let probe = dir.join(".newsdex-write-probe");
    let result = std::fs::File::create(&probe).and_then(|mut f| {
        let block = vec![0u8; 1 << 20];
        for _ in 0..mb {
            f.write_all(&block)?;
        }
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    let e = result.err()?;
    let known = e
        .raw_os_error()
        .and_then(|code| WRITE_ERRORS.iter().find(|(c, _)| *c == code));
    Some(known.map_or_else(|| e.to_string(), |(_, reason)| reason.to_string()))
}

/// The errno values that make an index unwritable, with the few words the messages give.
const WRITE_ERRORS: [(i32, &str); 5] = [
    (28, "no space left on device"),
    (122, "disk quota exceeded"),
    (27, "file too large (a file-size limit was reached)"),
    (30, "read-only file system"),
    (13, "permission denied"),
];

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    schema_version: u32,
    created_by: String,
}

/// Bytes of stored documents compressed together in one doc store block (tantivy's default
/// is 16 KiB). A hit reads its article by decompressing the whole block that holds it, and a
/// page of hits is ten random reads, so a block of about one news article (4–5 KB of text)
/// decompresses a third as much per hit as the default; LZ4 loses little on blocks this size.
/// Applies to indexes created from now on (tantivy keeps the setting in its meta.json).
pub const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// The settings a new index is created with.
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        docstore_compression: tantivy::store::Compressor::Lz4,
        ..Default::default()
    }
}

/// An open newsdex index: the tantivy index, its field handles and a reader that follows
/// new commits (so a server sees an `index` run's progress without restarting).
pub struct NewsIndex {
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// A reader reloaded on every commit.
    pub reader: IndexReader,
    /// The index directory.
    pub dir: PathBuf,
}

impl NewsIndex {
    /// Opens an existing index to search it, refusing one written with another schema
    /// version. Needs no write access: read-only media and other users' indexes open too.
    pub fn open(dir: &Path) -> Result<NewsIndex, IndexError> {
        Self::open_with(dir, Access::Read)
    }

    fn open_with(dir: &Path, access: Access) -> Result<NewsIndex, IndexError> {
        let dir_s = dir.to_path_buf();
        let meta_path = dir.join(META_FILE);
        if !dir.join("meta.json").exists() {
            return Err(IndexError::Missing(dir_s));
        }
        let meta: Meta = match std::fs::read(&meta_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| IndexError::Incompatible {
                path: dir_s.clone(),
                reason: format!(
                    "unreadable {META_FILE} ({e}); rebuild the index into a new directory"
                ),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IndexError::Incompatible {
                    path: dir_s,
                    reason: format!(
                        "a tantivy index not written by newsdex (no {META_FILE}); index into another directory"
                    ),
                });
            }
            Err(e) => return Err(unreadable(dir, META_FILE, &e)),
        };
        // tantivy's own message for this is several nested errors long.
        if let Err(e) = std::fs::File::open(dir.join("meta.json")) {
            return Err(unreadable(dir, "meta.json", &e));
        }
        let version = schema::schema_version();
        if meta.schema_version != version {
            return Err(IndexError::Incompatible {
                path: dir_s.clone(),
                reason: format!(
                    "written with schema version {} but this newsdex uses version {version}; \
                     rebuild it: remove {} and run `newsdex index` again",
                    meta.schema_version,
                    dir_s.display()
                ),
            });
        }
        let index = Index::open(Self::directory(dir, access)?)?;
        Self::from_index(index, dir)
    }

    /// Opens the index at `dir` to write it, creating it (and the directory) when absent.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex, IndexError> {
        if dir.join("meta.json").exists() {
            return Self::open_with(dir, Access::Write);
        }
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        // newsdex's own file first, then tantivy's `meta.json`, which is what makes the
        // directory an index: a kill between the two leaves no index (the next run creates
        // it), never an index without newsdex's file (which could not be opened again).
        let meta = Meta {
            schema_version: schema::schema_version(),
            created_by: format!("newsdex {}", env!("CARGO_PKG_VERSION")),
        };
        let meta_path = dir.join(META_FILE);
        let tmp = dir.join(format!(".{META_FILE}.tmp"));
        let json = serde_json::to_vec_pretty(&meta).map_err(std::io::Error::other);
        json.and_then(|j| std::fs::write(&tmp, j))
            .and_then(|()| std::fs::rename(&tmp, &meta_path))
            .map_err(|source| IndexError::Io {
                path: meta_path.clone(),
                source,
            })?;
        let schema = schema::build_schema();
        let index = Index::create(Self::directory(dir, Access::Write)?, schema, settings())?;
        Self::from_index(index, dir)
    }

    fn directory(dir: &Path, access: Access) -> Result<IndexDirectory, IndexError> {
        IndexDirectory::open(dir, access).map_err(|e| IndexError::Tantivy(e.into()))
    }

    fn from_index(index: Index, dir: &Path) -> Result<NewsIndex, IndexError> {
        // Each document's language picks its stemmer (see `analyzer`).
        index
            .tokenizers()
            .register(analyzer::LANG_STEM, analyzer::lang_stem());
        let fields = Fields::new(&index.schema()).map_err(|e| IndexError::Incompatible {
            path: dir.to_path_buf(),
            reason: format!("schema mismatch ({e}); rebuild the index"),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(NewsIndex {
            index,
            fields,
            reader,
            dir: dir.to_path_buf(),
        })
    }

    /// Whether the index is still on disk: its `meta.json` can be read. An open index goes on
    /// answering from memory maps after its folder is deleted; this is how a health check
    /// notices.
    pub fn check_present(&self) -> Result<(), IndexError> {
        match std::fs::File::open(self.dir.join("meta.json")) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(IndexError::Gone(self.dir.clone()))
            }
            Err(e) => Err(unreadable(&self.dir, "meta.json", &e)),
        }
    }

    /// Bytes used by the index directory.
    pub fn size_on_disk(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }
}

/// The index directory to use: the flag, else `NEWSDEX_INDEX`, else `./newsdex-index`.
/// (clap fills the flag from the environment variable; this is the last fallback.)
pub fn resolve_dir(flag: Option<&Path>) -> PathBuf {
    match flag {
        Some(p) => p.to_path_buf(),
        None => match std::env::var_os("NEWSDEX_INDEX") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => PathBuf::from(DEFAULT_INDEX_DIR),
        },
    }
}
