//! The indexing pipeline: walk → read and parse (rayon) → extract → documents → one
//! `IndexWriter`, with periodic commits, incremental skipping and pruning.
//!
//! Concurrency and crash safety rest on one rule: all documents of a file (and the deletion of
//! that file's previous documents) are added under a shared read lock, and commits take the
//! write lock. A commit therefore never contains part of a file, and since the incremental
//! state is the index itself (path and signature on every document), a kill at any moment
//! leaves an index that opens, searches, and tells the next run exactly which files remain.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::merge::{CappedMergePolicy, DEFAULT_MAX_MERGE_BYTES};
use super::state::{FileState, for_each_indexed_path, path_hash};
use super::{IndexError, NewsIndex, document};
use crate::extract::Extractor;
use crate::ingest::walk::{WalkItem, is_under, walk};
use crate::ingest::{self, ReadOptions};
use crate::language::FileLanguages;

/// How an indexing run behaves.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Threads for parsing and extraction, and for tantivy's indexing.
    pub threads: usize,
    /// Total memory budget of tantivy's indexing threads, in bytes.
    pub memory_budget: usize,
    /// Reading options (size cap).
    pub read: ReadOptions,
    /// Remove the articles of files that are gone.
    pub prune: bool,
    /// Run entity extraction on every article.
    pub extract: bool,
    /// Time between commits. Shorter means less work lost to a kill, more small segments.
    pub commit_interval: Duration,
    /// Most bytes of segments one merge may read (see [`super::merge`]).
    pub max_merge_bytes: u64,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            memory_budget: 256 * 1024 * 1024,
            read: ReadOptions::default(),
            prune: false,
            extract: true,
            commit_interval: Duration::from_secs(15),
            max_merge_bytes: DEFAULT_MAX_MERGE_BYTES,
        }
    }
}

/// A file, or an item inside one, that was skipped, with why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// The file concerned.
    pub path: String,
    /// One line saying why.
    pub reason: String,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunSummary {
    /// Candidate files found under the paths.
    pub files: u64,
    /// Articles the index now holds for these files: written by this run plus those of
    /// unchanged files.
    pub articles: u64,
    /// Articles written by this run.
    pub written: u64,
    /// Files skipped because they were unchanged since they were indexed.
    pub unchanged_files: u64,
    /// Files and items skipped because they could not be read.
    pub skipped: u64,
    /// The reasons, one per skipped file or item (at most [`MAX_REPORTED_ERRORS`]).
    pub errors: Vec<Problem>,
    /// Files whose articles were removed by `--prune`.
    pub pruned_files: u64,
    /// Bytes read from disk (compressed size for compressed files).
    pub bytes_read: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// The summary keeps at most this many reasons (all are counted and printed as they occur).
pub const MAX_REPORTED_ERRORS: usize = 10_000;

/// Receives progress events; the CLI draws a bar from them.
pub trait Progress: Sync {
    /// The number of files to process became known.
    fn set_total(&self, _files: u64) {}
    /// A file was processed (read, or skipped as unchanged).
    fn file_done(&self, _articles: u64, _bytes: u64) {}
    /// Something was skipped; called as it happens.
    fn problem(&self, _problem: &Problem) {}
    /// A message about the run's progress (commits, pruning, merging).
    fn status(&self, _msg: &str) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

#[derive(Default)]
struct Counters {
    files: AtomicU64,
    written: AtomicU64,
    present: AtomicU64,
    unchanged: AtomicU64,
    skipped: AtomicU64,
    bytes: AtomicU64,
}

/// Documents are handed to tantivy in batches of this size when a file is streamed.
const FLUSH_DOCS: usize = 512;

struct Run<'a> {
    writer: RwLock<IndexWriter>,
    fields: super::Fields,
    state: FileState,
    opts: &'a IndexOptions,
    extractor: Option<&'static Extractor>,
    counters: Counters,
    errors: Mutex<Vec<Problem>>,
    seen: Mutex<HashSet<u64>>,
    progress: &'a dyn Progress,
    failed: Mutex<Option<tantivy::TantivyError>>,
}

/// Indexes every article file under `roots` into the index at `dir` (created if absent).
pub fn index_paths(
    dir: &Path,
    roots: &[PathBuf],
    opts: &IndexOptions,
    progress: &dyn Progress,
) -> Result<RunSummary, IndexError> {
    let start = Instant::now();
    let ni = NewsIndex::open_or_create(dir)?;
    // Fail at once, not after parsing for an hour, when the index cannot be written to (and
    // before taking the lock, whose failure would read as another writer).
    if let Some(reason) = super::probe_write(dir, 0) {
        return Err(IndexError::Write {
            path: dir.display().to_string(),
            reason,
        });
    }
    let threads = opts.threads.max(1);
    let budget = opts.memory_budget.max(threads * 16 * 1024 * 1024);
    // One merge at a time, each reading at most `max_merge_bytes`: merges read their inputs
    // through memory maps, so this is what bounds resident memory on large archives.
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(budget / threads)
        .num_merge_threads(1)
        .build();
    let writer: IndexWriter = match ni.index.writer_with_options(options) {
        Ok(w) => {
            w.set_merge_policy(Box::new(CappedMergePolicy::new(dir, opts.max_merge_bytes)));
            w
        }
        Err(tantivy::TantivyError::LockFailure(_, _)) => {
            return Err(IndexError::Locked(dir.display().to_string()));
        }
        Err(e) => return Err(IndexError::from_write(dir, e)),
    };
    let searcher = ni.reader.searcher();
    let state = FileState::load(&searcher)?;
    let extractor = if opts.extract {
        Some(Extractor::shared().map_err(|e| IndexError::Incompatible {
            path: "extraction model".into(),
            reason: e.to_string(),
        })?)
    } else {
        None
    };
    let canon_roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
        .collect();

    let run = Run {
        writer: RwLock::new(writer),
        fields: ni.fields,
        state,
        opts,
        extractor,
        counters: Counters::default(),
        errors: Mutex::new(Vec::new()),
        seen: Mutex::new(HashSet::new()),
        progress,
        failed: Mutex::new(None),
    };
    let done = AtomicBool::new(false);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("newsdex-parse-{i}"))
        .build()
        .map_err(|e| IndexError::Tantivy(tantivy::TantivyError::SystemError(e.to_string())))?;

    std::thread::scope(|s| {
        // Count the files first, cheaply, so the bar can show an ETA; the work does not wait.
        s.spawn(|| {
            let n = walk(roots)
                .filter(|i| matches!(i, WalkItem::File(_)))
                .count();
            progress.set_total(n as u64);
        });
        s.spawn(|| run.commit_loop(&done));
        pool.install(|| {
            walk(roots).par_bridge().for_each(|item| match item {
                WalkItem::File(f) => run.process_file(&f),
                WalkItem::Error { path, reason } => run.problem(path, reason),
            })
        });
        done.store(true, Ordering::SeqCst);
    });

    let mut pruned = 0;
    if opts.prune {
        pruned = run.prune(&searcher, &canon_roots)?;
    }
    if let Some(e) = run.failed.lock().map(|mut f| f.take()).unwrap_or(None) {
        return Err(IndexError::from_write(dir, e));
    }
    progress.status("committing");
    let mut writer = run
        .writer
        .into_inner()
        .map_err(|_| tantivy::TantivyError::SystemError("writer lock poisoned".into()))?;
    writer
        .commit()
        .map_err(|e| IndexError::from_write(dir, e))?;
    progress.status("merging segments");
    writer
        .wait_merging_threads()
        .map_err(|e| IndexError::from_write(dir, e))?;

    let c = &run.counters;
    let errors = run.errors.into_inner().unwrap_or_default();
    Ok(RunSummary {
        files: c.files.load(Ordering::Relaxed),
        articles: c.written.load(Ordering::Relaxed) + c.present.load(Ordering::Relaxed),
        written: c.written.load(Ordering::Relaxed),
        unchanged_files: c.unchanged.load(Ordering::Relaxed),
        skipped: c.skipped.load(Ordering::Relaxed),
        errors,
        pruned_files: pruned,
        bytes_read: c.bytes.load(Ordering::Relaxed),
        seconds: start.elapsed().as_secs_f64(),
    })
}

impl Run<'_> {
    fn problem(&self, path: String, reason: String) {
        let p = Problem { path, reason };
        self.progress.problem(&p);
        self.counters.skipped.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut errs) = self.errors.lock()
            && errs.len() < MAX_REPORTED_ERRORS
        {
            errs.push(p);
        }
    }

    /// Whether the writer has failed (a commit or an add returned an error): the run stops
    /// adding. Tantivy leaves no indexing thread behind a failed commit, so further adds would
    /// fill its queue and then block for ever (this hung runs on a full disk).
    fn has_failed(&self) -> bool {
        self.failed.lock().map(|f| f.is_some()).unwrap_or(true)
    }

    fn process_file(&self, f: &ingest::walk::FoundFile) {
        if self.has_failed() {
            return;
        }
        let path_str = f.path.to_string_lossy().into_owned();
        let hash = path_hash(&path_str);
        if let Ok(mut seen) = self.seen.lock()
            && !seen.insert(hash)
        {
            return; // the same file reached twice (overlapping roots)
        }
        self.counters.files.fetch_add(1, Ordering::Relaxed);
        let sig = f.signature();
        let previous = self.state.get(&path_str);
        if let Some(prev) = previous
            && prev.sig == sig
        {
            self.counters.unchanged.fetch_add(1, Ordering::Relaxed);
            self.counters
                .present
                .fetch_add(u64::from(prev.articles), Ordering::Relaxed);
            self.progress.file_done(0, 0);
            return;
        }
        self.counters.bytes.fetch_add(f.size, Ordering::Relaxed);

        let mut sink = FileSink {
            run: self,
            path: &path_str,
            delete_first: previous.is_some(),
            articles: Vec::new(),
            flushed: 0,
            sig,
        };
        let mut languages = FileLanguages::default();
        let result = ingest::read_file(&f.path, &self.opts.read, &mut |mut article| {
            languages.assign(&mut article);
            if let Some(x) = self.extractor {
                crate::language::extract_entities(x, &mut article);
            }
            sink.articles.push(article);
            if sink.articles.len() > FLUSH_DOCS && !sink.delete_first {
                sink.flush(false);
            }
        });
        match result {
            Ok(summary) => {
                sink.flush(true);
                for reason in summary.skipped {
                    self.problem(path_str.clone(), reason);
                }
            }
            Err(e) => {
                // A file read whole emits nothing before failing: its previous articles stay.
                // A streamed file keeps what it yielded before the bad record.
                if sink.flushed > 0 {
                    sink.flush(true);
                }
                self.problem(path_str.clone(), e.to_string());
            }
        }
        let written = sink.flushed as u64;
        self.counters.written.fetch_add(written, Ordering::Relaxed);
        self.progress.file_done(written, f.size);
    }

    /// Commits every `commit_interval` until `done`, waiting for a moment when no file is
    /// half-added (see the module comment).
    fn commit_loop(&self, done: &AtomicBool) {
        let mut last = Instant::now();
        while !done.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
            if last.elapsed() < self.opts.commit_interval {
                continue;
            }
            let waited = Instant::now();
            let guard = loop {
                match self.writer.try_write() {
                    Ok(g) => break Some(g),
                    Err(std::sync::TryLockError::WouldBlock) => {
                        if done.load(Ordering::SeqCst) {
                            break None;
                        }
                        if waited.elapsed() > Duration::from_secs(5) {
                            break self.writer.write().ok();
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    Err(std::sync::TryLockError::Poisoned(_)) => break None,
                }
            };
            let Some(mut writer) = guard else { break };
            self.progress.status("committing");
            if let Err(e) = writer.commit() {
                if let Ok(mut f) = self.failed.lock() {
                    f.get_or_insert(e);
                }
                break;
            }
            self.progress.status("");
            last = Instant::now();
        }
    }

    /// Deletes the articles of indexed files under the roots that this run did not see.
    fn prune(&self, searcher: &tantivy::Searcher, roots: &[PathBuf]) -> Result<u64, IndexError> {
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        let mut gone = Vec::new();
        for_each_indexed_path(searcher, |p| {
            let path = Path::new(p);
            if !seen.contains(&path_hash(p)) && (is_under(path, roots) || !path.exists()) {
                gone.push(p.to_string());
            }
        })?;
        let writer = self
            .writer
            .read()
            .map_err(|_| tantivy::TantivyError::SystemError("writer lock poisoned".into()))?;
        for p in &gone {
            writer.delete_term(Term::from_field_text(self.fields.path, p));
        }
        Ok(gone.len() as u64)
    }
}

/// Collects a file's articles and hands them to the writer as documents, deleting the file's
/// previous documents first when it was indexed before.
///
/// A file that replaces an earlier version is added in one piece, so that the deletion of the
/// old articles and the addition of the new ones land in the same commit. A long new file
/// (a WARC) is added in batches; all but the last batch carry signature 0, so that if a commit
/// and a kill fall between two batches, the next run sees no document with the real signature,
/// takes the file as changed and re-indexes it whole. (`FileState::load` takes the non-zero
/// stamp wherever it sits: batches of one file may land in different segments.)
struct FileSink<'r, 'a> {
    run: &'r Run<'a>,
    path: &'r str,
    delete_first: bool,
    articles: Vec<crate::article::Article>,
    flushed: usize,
    sig: u64,
}

impl FileSink<'_, '_> {
    fn flush(&mut self, last: bool) {
        // Keep one article back from intermediate batches so the last batch is never empty.
        let take = if last {
            self.articles.len()
        } else {
            self.articles.len().saturating_sub(1)
        };
        if take == 0 {
            return;
        }
        let sig = if last { self.sig } else { 0 };
        let fields = &self.run.fields;
        let docs: Vec<TantivyDocument> = self
            .articles
            .drain(..take)
            .map(|a| document::to_document(&a, fields, sig))
            .collect();
        let Ok(writer) = self.run.writer.read() else {
            return;
        };
        // Checked under the lock: a failing commit records its error before releasing it.
        if self.run.has_failed() {
            return;
        }
        if self.delete_first {
            writer.delete_term(Term::from_field_text(fields.path, self.path));
            self.delete_first = false;
        }
        for doc in docs {
            match writer.add_document(doc) {
                Ok(_) => self.flushed += 1,
                Err(e) => {
                    if let Ok(mut f) = self.run.failed.lock() {
                        f.get_or_insert(e);
                    }
                    return;
                }
            }
        }
    }
}
