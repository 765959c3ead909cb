//! Documents → index: the schema, opening and creating indexes, and the writing pipeline.

pub mod analyzer;
pub mod document;
pub mod merge;
pub mod schema;
pub mod state;
pub mod writer;

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexReader, ReloadPolicy};

pub use schema::Fields;

/// The file in the index directory that records which newsdex schema wrote it.
pub const META_FILE: &str = "newsdex.json";

/// The default index directory, overridden by `--index` or `NEWSDEX_INDEX`.
pub const DEFAULT_INDEX_DIR: &str = "newsdex-index";

/// Why an index could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at the path.
    #[error("no newsdex index at {0}: build one with `newsdex index PATH... --index {0}`")]
    Missing(String),
    /// The directory holds something else, or an index from another schema version.
    #[error("{path}: {reason}")]
    Incompatible {
        /// The index directory.
        path: String,
        /// What differs and what to do.
        reason: String,
    },
    /// Another process holds the writer lock.
    #[error(
        "the index at {0} is locked by another writer (is another `newsdex index` running?); wait for it to finish"
    )]
    Locked(String),
    /// An I/O error on the index directory.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing the index failed (disk full, file too large, read-only, permission denied):
    /// the index is as it was at its last commit.
    #[error(
        "cannot write the index at {path}: {reason}; it is unchanged since its last commit, and a rerun resumes from there"
    )]
    Write {
        /// The index directory.
        path: String,
        /// The cause, in a few words.
        reason: String,
    },
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
        let reason = [
            (28, "no space left on device"),
            (122, "disk quota exceeded"),
            (27, "file too large (a file-size limit was reached)"),
            (30, "read-only file system"),
            (13, "permission denied"),
        ]
        .iter()
        .find(|(code, _)| {
            text.contains(&format!("os error {code}")) || text.contains(&format!("code: {code},"))
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
                path: dir.display().to_string(),
                reason,
            },
            None => IndexError::Tantivy(e),
        }
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
    Some(match e.raw_os_error() {
        Some(28) => "no space left on device".to_string(),
        Some(27) => "file too large (a file-size limit was reached)".to_string(),
        Some(13) => "permission denied".to_string(),
        Some(30) => "read-only file system".to_string(),
        _ => e.to_string(),
    })
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    schema_version: u32,
    created_by: String,
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
    /// Opens an existing index, refusing one written with another schema version.
    pub fn open(dir: &Path) -> Result<NewsIndex, IndexError> {
        let dir_s = dir.display().to_string();
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
            Err(_) => {
                return Err(IndexError::Incompatible {
                    path: dir_s,
                    reason: format!(
                        "a tantivy index not written by newsdex (no {META_FILE}); index into another directory"
                    ),
                });
            }
        };
        let version = schema::schema_version();
        if meta.schema_version != version {
            return Err(IndexError::Incompatible {
                path: dir_s.clone(),
                reason: format!(
                    "written with schema version {} but this newsdex uses version {version}; \
                     rebuild it: remove {dir_s} and run `newsdex index` again",
                    meta.schema_version
                ),
            });
        }
        let index = Index::open_in_dir(dir)?;
        Self::from_index(index, dir)
    }

    /// Opens the index at `dir`, creating it (and the directory) when absent.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex, IndexError> {
        if dir.join("meta.json").exists() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let schema = schema::build_schema();
        let index = Index::create_in_dir(dir, schema)?;
        let meta = Meta {
            schema_version: schema::schema_version(),
            created_by: format!("newsdex {}", env!("CARGO_PKG_VERSION")),
        };
        let meta_path = dir.join(META_FILE);
        let json = serde_json::to_vec_pretty(&meta).map_err(std::io::Error::other);
        json.and_then(|j| std::fs::write(&meta_path, j))
            .map_err(|source| IndexError::Io {
                path: meta_path.display().to_string(),
                source,
            })?;
        Self::from_index(index, dir)
    }

    fn from_index(index: Index, dir: &Path) -> Result<NewsIndex, IndexError> {
        // Each document's language picks its stemmer (see `analyzer`).
        index
            .tokenizers()
            .register(analyzer::LANG_STEM, analyzer::lang_stem());
        let fields = Fields::new(&index.schema()).map_err(|e| IndexError::Incompatible {
            path: dir.display().to_string(),
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
