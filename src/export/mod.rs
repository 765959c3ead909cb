//! Index → files that another engine loads: the way to move an archive that has outgrown one
//! machine onto Quickwit or OpenSearch, or to hand it to any tool that reads JSON lines.
//!
//! **Streaming.** The export walks the index segment by segment, asking the query's scorer for
//! the matching doc ids of that segment in increasing order and reading each document from the
//! segment's store as it comes: nothing is collected, not even doc addresses, so memory stays
//! flat whatever the size of the index (one document, one output buffer and a one-block store
//! cache; doc ids ascend, so each compressed store block is decompressed once).
//!
//! **Files.** Every format splits its documents into files of at most
//! [`MAX_FILE_BYTES`] (10 MB: the Quickwit ingest API's payload limit; OpenSearch's `_bulk`
//! default limit is 100 MB, and small files also make a failed load cheap to resume). A record
//! is never cut across files (for OpenSearch the action line and its document stay together).
//! Files are numbered in order (`articles-00001.ndjson`, …).
//!
//! **Duplicates.** Quickwit has no document id, so loading the same id twice makes two
//! documents; the Quickwit and OpenSearch exports therefore keep the first document of each id
//! (index order). An id that occurs once in the index (the usual case, checked through the
//! `id` term's document frequency) costs no memory; only ids the index holds more than once
//! are remembered. The `ndjson` export keeps every document, so re-indexing it gives back the
//! same index.

pub mod ndjson;
pub mod opensearch;
pub mod quickwit;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tantivy::query::EnableScoring;
use tantivy::{DocSet, Searcher, TERMINATED, TantivyDocument, Term};

use crate::index::document::from_document;
use crate::index::schema::spec;
use crate::query::{Engine, QueryError, SearchRequest};

/// The largest output file by default: the Quickwit ingest API's payload limit.
pub const MAX_FILE_BYTES: u64 = 10_000_000;

/// The smallest file cap accepted: a cap under a typical article would make one file per
/// article.
pub const MIN_FILE_BYTES: u64 = 4096;

/// The fields that hold lists; every other exported field holds one value or null.
pub const ARRAY_FIELDS: [&str; 5] = ["authors", "people", "places", "place_paths", "credit"];

/// Fields exported beside the stored ones, worked out at export time: `original`, whether the
/// article is the earliest copy of its story (its `cluster`).
pub const DERIVED_FIELDS: [&str; 1] = ["original"];

/// Most ids listed in [`ExportSummary::too_large_ids`].
const MAX_LISTED: usize = 100;

/// What to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One article per line with every stored field; `newsdex index` reads it back.
    Ndjson,
    /// A Quickwit index config (`index-config.yaml`) and NDJSON document files.
    Quickwit,
    /// An OpenSearch/Elasticsearch index body (`mapping.json`) and `_bulk` files.
    Opensearch,
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Output format.
    pub format: Format,
    /// Output directory: created if missing, refused if it holds anything, so files of two
    /// exports are never mixed.
    pub out: PathBuf,
    /// The index name in the target engine (Quickwit `index_id`, OpenSearch `_index`).
    pub name: String,
    /// Largest output file, in bytes.
    pub max_file_bytes: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// Output format.
    pub format: Format,
    /// Output directory.
    pub out: String,
    /// Documents written.
    pub docs: u64,
    /// Documents left out because an earlier one had the same id (Quickwit, OpenSearch).
    pub duplicates: u64,
    /// Documents left out because one alone is over the file cap (Quickwit, OpenSearch; the
    /// `ndjson` export puts such a document in a file of its own instead).
    pub too_large: u64,
    /// The ids of the first of those, at most 100.
    pub too_large_ids: Vec<String>,
    /// Files written, config first, in load order (names inside `out`).
    pub files: Vec<String>,
    /// Bytes written, all files.
    pub bytes: u64,
    /// Wall time.
    pub seconds: f64,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The query or filters are invalid, or the index could not be read.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// An option is out of range.
    #[error("{0}")]
    BadOption(String),
    /// The output directory is not usable.
    #[error("{}: {reason}", path.display())]
    OutDir {
        /// The directory.
        path: PathBuf,
        /// What is wrong and what to do.
        reason: String,
    },
    /// Writing an output file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Reading the index failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl ExportError {
    /// Whether the request itself is wrong (bad query, date or option), as opposed to a
    /// failure while reading or writing: the CLI exits 2 for these.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            ExportError::BadOption(_) | ExportError::Query(QueryError::BadRequest(_))
        )
    }
}

/// The names of the stored fields of the schema, in schema order, then the
/// [`DERIVED_FIELDS`]: what every format exports.
pub fn exported_fields() -> Vec<&'static str> {
    spec()
        .fields
        .iter()
        .filter(|f| f.stored)
        .map(|f| f.name.as_str())
        .chain(DERIVED_FIELDS)
        .collect()
}

/// Exports the articles matching `req` (its query and filters; order and paging are ignored)
/// from `engine` as `opts` says.
pub fn export(
    engine: &Engine,
    req: &SearchRequest,
    opts: &ExportOptions,
) -> Result<ExportSummary, ExportError> {
    let start = Instant::now();
    if opts.max_file_bytes < MIN_FILE_BYTES {
        return Err(ExportError::BadOption(format!(
            "the file cap {} is under the minimum of {MIN_FILE_BYTES} bytes",
            opts.max_file_bytes
        )));
    }
    check_name(&opts.name)?;
    // The query is checked before the directory is touched: a typo must not leave a folder.
    let (searcher, query) = engine.matching_query(req)?;
    prepare_out(&opts.out)?;

    let mut files = Vec::new();
    let mut bytes = 0u64;
    let (config_name, config, prefix) = match opts.format {
        Format::Ndjson => (None, String::new(), "articles"),
        Format::Quickwit => (
            Some("index-config.yaml"),
            quickwit::index_config(&opts.name),
            "docs",
        ),
        Format::Opensearch => (Some("mapping.json"), opensearch::index_body(), "bulk"),
    };
    if let Some(name) = config_name {
        let path = opts.out.join(name);
        std::fs::write(&path, &config).map_err(|e| io_err(&path, e))?;
        files.push(name.to_string());
        bytes += config.len() as u64;
    }

    let mut out = SplitWriter::new(&opts.out, prefix, opts.max_file_bytes);
    let dedupe = opts.format != Format::Ndjson;
    let mut dedup = Dedup::new(&searcher, engine.index.fields.id);
    let mut summary = ExportSummary {
        format: opts.format,
        out: opts.out.display().to_string(),
        docs: 0,
        duplicates: 0,
        too_large: 0,
        too_large_ids: Vec::new(),
        files: Vec::new(),
        bytes: 0,
        seconds: 0.0,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let fields = engine.index.fields;
    let weight = query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
    let stories = engine.stories(&searcher)?;
    for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
        let store = seg
            .get_store_reader(1)
            .map_err(|e| ExportError::Tantivy(e.into()))?;
        let alive = seg.alive_bitset();
        let mut scorer = weight.scorer(seg, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let stored: TantivyDocument = store.get(doc)?;
                let mut article = from_document(&stored, &fields);
                let addr = tantivy::DocAddress::new(seg_ord as u32, doc);
                article.original = stories.is_original(addr);
                // The story's id: the stored one is the article's own cluster, which may have
                // merged with others since.
                if article.cluster.is_some()
                    && let Some(n) = stories.story(addr)
                {
                    article.cluster = Some(stories.id(n));
                }
                if dedupe && !dedup.first(&article.id)? {
                    summary.duplicates += 1;
                } else {
                    buf.clear();
                    match opts.format {
                        Format::Ndjson => ndjson::write_record(&mut buf, &article),
                        Format::Quickwit => quickwit::write_record(&mut buf, &article),
                        Format::Opensearch => {
                            opensearch::write_record(&mut buf, &opts.name, &article)
                        }
                    }
                    .map_err(|e| io_err(&opts.out, e.into()))?;
                    if buf.len() as u64 > opts.max_file_bytes && dedupe {
                        summary.too_large += 1;
                        if summary.too_large_ids.len() < MAX_LISTED {
                            summary.too_large_ids.push(article.id);
                        }
                    } else {
                        out.write_record(&buf)?;
                        summary.docs += 1;
                    }
                }
            }
            doc = scorer.advance();
        }
    }
    let (data_files, data_bytes) = out.finish()?;
    files.extend(data_files);
    summary.files = files;
    summary.bytes = bytes + data_bytes;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// Quickwit index ids and OpenSearch index names share few rules; this accepts the
/// intersection, so one name works in both.
fn check_name(name: &str) -> Result<(), ExportError> {
    let ok = (3..=100).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ExportError::BadOption(format!(
            "bad index name {name:?}: use 3 to 100 lower-case letters, digits, - or _, starting with a letter"
        )))
    }
}

fn prepare_out(dir: &Path) -> Result<(), ExportError> {
    let bad = |reason: String| ExportError::OutDir {
        path: dir.to_path_buf(),
        reason,
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| bad(e.to_string()))?;
        if entries.next().is_some() {
            return Err(bad(
                "the output directory is not empty; give a new or empty one, so files of two exports are never mixed"
                    .into(),
            ));
        }
    } else {
        std::fs::create_dir_all(dir).map_err(|e| bad(e.to_string()))?;
    }
    Ok(())
}

fn io_err(path: &Path, source: std::io::Error) -> ExportError {
    ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Keeps the first document of each id (see the module comment for why this is cheap).
struct Dedup<'a> {
    searcher: &'a Searcher,
    field: tantivy::schema::Field,
    seen: HashSet<String>,
}

impl<'a> Dedup<'a> {
    fn new(searcher: &'a Searcher, field: tantivy::schema::Field) -> Dedup<'a> {
        Dedup {
            searcher,
            field,
            seen: HashSet::new(),
        }
    }

    /// Whether this is the first document with `id`.
    fn first(&mut self, id: &str) -> Result<bool, ExportError> {
        // Deleted documents still count in the frequency; they only make an id look shared,
        // which costs memory, never correctness.
        let df = self
            .searcher
            .doc_freq(&Term::from_field_text(self.field, id))?;
        Ok(df <= 1 || self.seen.insert(id.to_string()))
    }
}

/// Writes records into numbered files of at most `max` bytes each.
struct SplitWriter {
    dir: PathBuf,
    prefix: &'static str,
    max: u64,
    current: Option<(PathBuf, BufWriter<File>)>,
    current_bytes: u64,
    files: Vec<String>,
    bytes: u64,
}

impl SplitWriter {
    fn new(dir: &Path, prefix: &'static str, max: u64) -> SplitWriter {
        SplitWriter {
            dir: dir.to_path_buf(),
            prefix,
            max,
            current: None,
            current_bytes: 0,
            files: Vec::new(),
            bytes: 0,
        }
    }

    /// Appends one whole record, starting a new file first when it would not fit. A record
    /// larger than the cap gets a file of its own.
    fn write_record(&mut self, rec: &[u8]) -> Result<(), ExportError> {
        let len = rec.len() as u64;
        if self.current.is_some() && self.current_bytes + len > self.max {
            self.close()?;
        }
        if self.current.is_none() {
            let name = format!("{}-{:05}.ndjson", self.prefix, self.files.len() + 1);
            let path = self.dir.join(&name);
            let file = File::create(&path).map_err(|e| io_err(&path, e))?;
            self.current = Some((path, BufWriter::with_capacity(256 * 1024, file)));
            self.current_bytes = 0;
            self.files.push(name);
        }
        if let Some((path, w)) = self.current.as_mut() {
            w.write_all(rec).map_err(|e| io_err(path, e))?;
        }
        self.current_bytes += len;
        self.bytes += len;
        Ok(())
    }

    fn close(&mut self) -> Result<(), ExportError> {
        if let Some((path, mut w)) = self.current.take() {
            w.flush().map_err(|e| io_err(&path, e))?;
        }
        Ok(())
    }

    /// Closes the last file; returns the file names and the bytes written.
    fn finish(mut self) -> Result<(Vec<String>, u64), ExportError> {
        self.close()?;
        Ok((std::mem::take(&mut self.files), self.bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_carry_every_stored_field_and_arrays_where_expected() {
        let a = crate::article::Article {
            id: "x".into(),
            path: "/p".into(),
            source: Some("S".into()),
            title: "T".into(),
            body: "B".into(),
            authors: vec!["A".into()],
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 5),
            places: vec![
                crate::article::Place::from_components(&["Asia", "Saudi Arabia", "Riyadh"])
                    .unwrap(),
            ],
            ..Default::default()
        };
        let v = serde_json::to_value(a.with_rfc3339_dates()).unwrap();
        let obj = v.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut want = exported_fields();
        keys.sort_unstable();
        want.sort_unstable();
        assert_eq!(keys, want);
        for (k, v) in obj {
            assert_eq!(v.is_array(), ARRAY_FIELDS.contains(&k.as_str()), "{k}");
        }
        assert_eq!(v["date"], "2024-02-05T00:00:00Z");
    }

    #[test]
    fn names() {
        assert!(check_name("newsdex").is_ok());
        assert!(check_name("news-2024_a").is_ok());
        for bad in ["", "ab", "News", "1abc", "a b c", "a/bc"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn split_writer_never_cuts_a_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = SplitWriter::new(dir.path(), "t", 10);
        for rec in [
            &b"aaaa\n"[..],
            b"bbbb\n",
            b"cc\n",
            b"dddddddddddddd\n",
            b"e\n",
        ] {
            w.write_record(rec).unwrap();
        }
        let (files, bytes) = w.finish().unwrap();
        assert_eq!(
            files,
            [
                "t-00001.ndjson",
                "t-00002.ndjson",
                "t-00003.ndjson",
                "t-00004.ndjson"
            ]
        );
        assert_eq!(bytes, 30);
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(read("t-00001.ndjson"), "aaaa\nbbbb\n");
        assert_eq!(read("t-00002.ndjson"), "cc\n");
        assert_eq!(read("t-00003.ndjson"), "dddddddddddddd\n");
        assert_eq!(read("t-00004.ndjson"), "e\n");
    }
}
