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
use tantivy::{IndexWriter, Term};

use super::copies::Copies;
use super::in_flight::{DEFAULT_IN_FLIGHT_BYTES, InFlight, Permit, PipelineDoc};
use super::merge::{CappedMergePolicy, DEFAULT_MAX_MERGE_BYTES};
use super::state::{FileState, for_each_indexed_path, path_hash};
use super::{IndexError, NewsIndex, document};
use crate::extract::Extractor;
use crate::ingest::escape::{one_line, path_to_text, text_to_path};
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
    /// Most bytes of file content read, parsed and waiting to be indexed at once (see
    /// [`super::in_flight`]); a larger file is processed alone.
    pub in_flight_bytes: u64,
    /// 5-word-shingle containment at which an article is a copy of an earlier one and joins
    /// its story ([`crate::dedup`]).
    pub copy_threshold: f64,
}

/// Default indexing memory budget in MB, split between the threads (`--memory-mb`).
pub const DEFAULT_MEMORY_MB: usize = 256;

/// Least memory per indexing thread, in MB: tantivy refuses less than 15 MB a thread.
pub const MIN_MEMORY_MB_PER_THREAD: usize = 16;

/// Default seconds between commits (`--commit-secs`).
pub const DEFAULT_COMMIT_SECS: u64 = 15;

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            memory_budget: DEFAULT_MEMORY_MB << 20,
            read: ReadOptions::default(),
            prune: false,
            extract: true,
            commit_interval: Duration::from_secs(DEFAULT_COMMIT_SECS),
            max_merge_bytes: DEFAULT_MAX_MERGE_BYTES,
            in_flight_bytes: DEFAULT_IN_FLIGHT_BYTES,
            copy_threshold: crate::dedup::DEFAULT_THRESHOLD,
        }
    }
}

/// A file, or an item inside one, that was skipped, with why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// The file concerned, as text that round-trips to its bytes
    /// ([`crate::ingest::escape::path_to_text`]): never a newline, never a lossy character.
    pub path: String,
    /// One line saying why (control characters escaped).
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
    /// Everything skipped: `skipped_files + skipped_items` (one per reason reported).
    pub skipped: u64,
    /// Files skipped whole (nothing read from them), and paths the walk could not list.
    pub skipped_files: u64,
    /// Items skipped inside files that were otherwise read (a bad JSONL line, a WARC record,
    /// the cut-off rest of a truncated file).
    pub skipped_items: u64,
    /// Files with at least one skipped item.
    pub files_with_skipped_items: u64,
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
    skipped_files: AtomicU64,
    skipped_items: AtomicU64,
    files_with_skipped_items: AtomicU64,
    bytes: AtomicU64,
}

/// Documents are handed to tantivy in batches of this size when a file is streamed.
const FLUSH_DOCS: usize = 512;

struct Run<'a> {
    writer: RwLock<IndexWriter<PipelineDoc>>,
    /// Which story each new article belongs to ([`super::copies`]).
    copies: Copies,
    in_flight: std::sync::Arc<InFlight>,
    fields: super::Fields,
    state: FileState,
    opts: &'a IndexOptions,
    extractor: Option<&'static Extractor>,
    counters: Counters,
    errors: Mutex<Vec<Problem>>,
    seen: Mutex<HashSet<u64>>,
    /// Paths the walk could not list or stat: whatever lies under them was not seen, so
    /// `--prune` must not take it as gone.
    unlisted: Mutex<Vec<PathBuf>>,
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
    refuse_index_in_archive(dir, roots)?;
    // Fail at once, not after parsing for an hour, when the index cannot be written to (and
    // before opening it or taking the lock, whose failures would read as tantivy errors or as
    // another writer).
    if dir.is_dir()
        && let Some(reason) = super::probe_write(dir, 0)
    {
        return Err(IndexError::Write {
            path: dir.to_path_buf(),
            reason,
        });
    }
    let ni = NewsIndex::open_or_create(dir)?;
    // An index inside an archive root (`newsdex index .` with the default `./newsdex-index`)
    // is not part of the archive: the walk leaves it out.
    let own_dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let threads = opts.threads.max(1);
    let budget = opts
        .memory_budget
        .max(threads * (MIN_MEMORY_MB_PER_THREAD << 20));
    // One merge at a time, each reading at most `max_merge_bytes`: merges read their inputs
    // through memory maps, so this is what bounds resident memory on large archives.
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(budget / threads)
        .num_merge_threads(1)
        .build();
    let writer: IndexWriter<PipelineDoc> = match ni.index.writer_with_options(options) {
        Ok(w) => {
            w.set_merge_policy(Box::new(CappedMergePolicy::new(dir, opts.max_merge_bytes)));
            w
        }
        Err(tantivy::TantivyError::LockFailure(_, _)) => {
            return Err(IndexError::Locked(dir.to_path_buf()));
        }
        Err(e) => return Err(IndexError::from_write(dir, e)),
    };
    // Before any add or delete: the first opstamp of a session is the last commit's.
    super::opstamp::take_first_opstamp(&writer, ni.fields.path);
    let searcher = ni.reader.searcher();
    let state = FileState::load(&searcher)?;
    let extractor = if opts.extract {
        Some(Extractor::shared().map_err(|e| IndexError::Extraction(e.to_string()))?)
    } else {
        None
    };
    // Only roots that exist are walked, so only under them can a file be seen to be gone: a
    // missing root (an unmounted disk) prunes nothing.
    let canon_roots: Vec<PathBuf> = roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .collect();

    let copies = Copies::new(ni.reader.clone(), ni.fields, opts.copy_threshold);
    let run = Run {
        writer: RwLock::new(writer),
        copies,
        in_flight: InFlight::new(opts.in_flight_bytes),
        fields: ni.fields,
        state,
        opts,
        extractor,
        counters: Counters::default(),
        errors: Mutex::new(Vec::new()),
        seen: Mutex::new(HashSet::new()),
        unlisted: Mutex::new(Vec::new()),
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
            let n = walk(roots, &own_dir)
                .filter(|i| matches!(i, WalkItem::File(_)))
                .count();
            progress.set_total(n as u64);
        });
        s.spawn(|| run.commit_loop(&done));
        pool.install(|| {
            walk(roots, &own_dir)
                .par_bridge()
                .for_each(|item| match item {
                    WalkItem::File(f) => run.process_file(&f),
                    WalkItem::Error { path, reason } => run.walk_error(path, reason),
                })
        });
        done.store(true, Ordering::SeqCst);
    });

    // A failed writer stopped the run early: files it never reached were not seen.
    if let Some(e) = run.failed.lock().map(|mut f| f.take()).unwrap_or(None) {
        return Err(IndexError::from_write(dir, e));
    }
    let mut pruned = 0;
    if opts.prune {
        pruned = run.prune(&searcher, &canon_roots)?;
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
        skipped: c.skipped_files.load(Ordering::Relaxed) + c.skipped_items.load(Ordering::Relaxed),
        skipped_files: c.skipped_files.load(Ordering::Relaxed),
        skipped_items: c.skipped_items.load(Ordering::Relaxed),
        files_with_skipped_items: c.files_with_skipped_items.load(Ordering::Relaxed),
        errors,
        pruned_files: pruned,
        bytes_read: c.bytes.load(Ordering::Relaxed),
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Refuses an index directory that is one of the archive roots or holds one: the index
/// would write its files among the articles, and later runs would read them as articles.
fn refuse_index_in_archive(dir: &Path, roots: &[PathBuf]) -> Result<(), IndexError> {
    let Ok(index) = std::fs::canonicalize(dir) else {
        return Ok(()); // not created yet: it cannot be an existing root
    };
    for root in roots {
        if let Ok(root) = std::fs::canonicalize(root)
            && root.starts_with(&index)
        {
            let what = if root == index {
                "is the archive folder"
            } else {
                "holds the archive folder"
            };
            return Err(IndexError::Incompatible {
                path: dir.to_path_buf(),
                reason: format!(
                    "the index directory {what} {}; give --index a directory of its own",
                    path_to_text(&root)
                ),
            });
        }
    }
    Ok(())
}

impl Run<'_> {
    /// Reports a skipped file (`whole`) or an item inside a file.
    fn problem(&self, path: String, reason: String, whole: bool) {
        let reason = match one_line(&reason) {
            std::borrow::Cow::Borrowed(_) => reason,
            std::borrow::Cow::Owned(r) => r,
        };
        let p = Problem { path, reason };
        self.progress.problem(&p);
        let counter = if whole {
            &self.counters.skipped_files
        } else {
            &self.counters.skipped_items
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut errs) = self.errors.lock()
            && errs.len() < MAX_REPORTED_ERRORS
        {
            errs.push(p);
        }
    }

    /// A path the walk could not list: reported, and kept from `--prune`.
    fn walk_error(&self, path: PathBuf, reason: String) {
        let reason = if self.opts.prune {
            format!("{reason} (--prune removes nothing under it)")
        } else {
            reason
        };
        self.problem(path_to_text(&path), reason, true);
        if let Ok(mut u) = self.unlisted.lock() {
            u.push(path);
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
        let path_str = path_to_text(&f.path);
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

        // Room for the file's content before reading it; its documents hold the permit until
        // tantivy has indexed them.
        let cap = self.opts.read.max_file_bytes;
        let hint = ingest::size_hint::decompressed_size_hint(&f.path, f.size, cap);
        let permit = std::sync::Arc::new(self.in_flight.acquire(hint));
        let mut sink = FileSink {
            run: self,
            path: &path_str,
            replaces: previous.is_some(),
            deleted: false,
            held: None,
            articles: Vec::new(),
            flushed: 0,
            position: 0,
            path_hash: hash,
            sig,
            permit,
            bytes: 0,
        };
        let mut languages = FileLanguages::default();
        let result = ingest::read_file(&f.path, &self.opts.read, &mut |mut article, format| {
            languages.assign(&mut article);
            if !format.has_final_entities() {
                if let Some(x) = self.extractor {
                    crate::language::extract_entities(x, &mut article);
                }
                // Datelines, bylines and credit lines of the text (a record read back from an
                // export carries its credits already).
                for c in crate::dedup::credit::credits(&article.text()) {
                    if !article.credit.contains(&c) {
                        article.credit.push(c);
                    }
                }
            }
            sink.bytes += approx_bytes(&article);
            sink.permit.grow_to(sink.bytes);
            sink.articles.push(article);
            if sink.articles.len() > FLUSH_DOCS {
                sink.flush(false);
            }
        });
        match result {
            Ok(summary) => {
                sink.flush(true);
                if !summary.skipped.is_empty() {
                    self.counters
                        .files_with_skipped_items
                        .fetch_add(1, Ordering::Relaxed);
                }
                for reason in summary.skipped {
                    self.problem(path_str.clone(), reason, false);
                }
            }
            Err(e) => {
                // A file read whole emits nothing before failing: its previous articles stay.
                // A streamed file keeps the complete records it yielded before the bad one.
                let emitted = sink.flushed > 0 || !sink.articles.is_empty();
                if emitted {
                    sink.flush(true);
                    self.counters
                        .files_with_skipped_items
                        .fetch_add(1, Ordering::Relaxed);
                }
                let reason = if emitted {
                    format!(
                        "{e}; the {} complete articles before it are kept",
                        sink.flushed
                    )
                } else {
                    e.to_string()
                };
                self.problem(path_str.clone(), reason, !emitted);
            }
        }
        let written = sink.flushed as u64;
        drop(sink);
        self.counters.written.fetch_add(written, Ordering::Relaxed);
        self.progress.file_done(written, f.size);
    }

    /// Commits every `commit_interval` until `done`, waiting for a moment when no file is
    /// half-added (see the module comment).
    fn commit_loop(&self, done: &AtomicBool) {
        let mut last = Instant::now();
        while !done.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
            // The clustering's text cache asks for a commit when it is full of articles the
            // index cannot give back yet (see [`super::copies`]).
            if last.elapsed() < self.opts.commit_interval && !self.copies.wants_commit() {
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
            // Under the write lock: no article is being assigned and added (see `Copies`).
            self.copies.commit_started();
            if let Err(e) = writer.commit() {
                if let Ok(mut f) = self.failed.lock() {
                    f.get_or_insert(e);
                }
                break;
            }
            drop(writer);
            if let Err(e) = self.copies.committed() {
                if let Ok(mut f) = self.failed.lock() {
                    f.get_or_insert(e);
                }
                break;
            }
            self.progress.status("");
            last = Instant::now();
        }
    }

    /// Deletes the articles of indexed files that the walk of an existing root would have
    /// seen but did not: only those are known to be gone. A file under a directory the walk
    /// could not list, or that could not be stat'ed, is not a deleted file.
    fn prune(&self, searcher: &tantivy::Searcher, roots: &[PathBuf]) -> Result<u64, IndexError> {
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        let unlisted = self.unlisted.lock().map(|u| u.clone()).unwrap_or_default();
        let mut gone = Vec::new();
        for_each_indexed_path(searcher, |p| {
            // A text that is not a path newsdex writes names no file this walk could see.
            let Some(path) = text_to_path(p) else { return };
            if !seen.contains(&path_hash(p))
                && is_under(&path, roots)
                && !unlisted.iter().any(|u| path.starts_with(u))
            {
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

/// Memory an article takes, roughly: its strings and the record itself (what the in-flight
/// budget counts; a file of a million tiny records is mostly the latter).
fn approx_bytes(a: &crate::article::Article) -> u64 {
    let strings = a.id.len()
        + a.path.len()
        + a.title.len()
        + a.lede.len()
        + a.body.len()
        + a.url.as_ref().map_or(0, String::len)
        + a.source.as_ref().map_or(0, String::len)
        + a.section.as_ref().map_or(0, String::len)
        + a.authors
            .iter()
            .chain(&a.people)
            .map(String::len)
            .sum::<usize>()
        + a.places
            .iter()
            .map(|p| p.name.len() + p.path.len())
            .sum::<usize>();
    // The record, and its document's field values beside it until tantivy has indexed it.
    (2 * strings + 2 * std::mem::size_of::<crate::article::Article>() + 512) as u64
}

/// Collects a file's articles and hands them to the writer as documents in batches of
/// [`FLUSH_DOCS`], deleting the file's previous documents first when it was indexed before.
///
/// All batches but the last carry signature 0, so that if a commit and a kill fall between two
/// batches, the next run sees no document with the real signature, takes the file as changed
/// and re-indexes it whole. (`FileState::load` takes the non-zero stamp wherever it sits:
/// batches of one file may land in different segments.) A file that replaces an earlier
/// version keeps the writer's read lock from its first batch to its last, so that no commit
/// falls between the deletion of its old articles and the last of its new ones: both land in
/// the same commit, and memory still holds one batch at a time.
struct FileSink<'r, 'a> {
    run: &'r Run<'a>,
    path: &'r str,
    replaces: bool,
    deleted: bool,
    held: Option<std::sync::RwLockReadGuard<'r, IndexWriter<PipelineDoc>>>,
    articles: Vec<crate::article::Article>,
    flushed: usize,
    /// The position in the file of the next article handed to the writer (its document key,
    /// with the path hash: [`crate::dedup::doc_key`]).
    position: u64,
    path_hash: u64,
    sig: u64,
    permit: std::sync::Arc<Permit>,
    /// Bytes of articles seen so far ([`approx_bytes`]).
    bytes: u64,
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
        let permit = &self.permit;
        let copies = &self.run.copies;
        // Documents and band keys (the costly part) first, outside the writer's lock; the
        // story is assigned under it, so that the commit that takes an article is the one the
        // clustering's text cache expects (see [`super::copies`]).
        let mut docs = Vec::with_capacity(take);
        for mut a in self.articles.drain(..take) {
            // (a record read back from an export names its old story: the run decides anew)
            a.cluster = None;
            let key = crate::dedup::doc_key(self.path_hash, self.position);
            self.position += 1;
            let text: std::sync::Arc<str> = a.text().into();
            let bands = copies.band_keys(&text);
            let mut doc = document::to_document(&a, fields, sig);
            document::add_copy_keys(&mut doc, fields, key, &bands);
            docs.push((doc, key, text, bands));
        }
        let guard = match self.held.take() {
            Some(g) => g,
            None => match self.run.writer.read() {
                Ok(g) => g,
                Err(_) => return,
            },
        };
        // Checked under the lock: a failing commit records its error before releasing it.
        if self.run.has_failed() {
            return;
        }
        if self.replaces && !self.deleted {
            guard.delete_term(Term::from_field_text(fields.path, self.path));
            self.deleted = true;
        }
        for (mut doc, key, text, bands) in docs {
            let added = copies.assign(key, &text, &bands).and_then(|ids| {
                for c in ids {
                    doc.add_u64(fields.cluster, c.0);
                }
                guard.add_document(PipelineDoc::new(doc, permit.clone()))
            });
            match added {
                Ok(_) => self.flushed += 1,
                Err(e) => {
                    if let Ok(mut f) = self.run.failed.lock() {
                        f.get_or_insert(e);
                    }
                    return;
                }
            }
        }
        if self.replaces && !last {
            self.held = Some(guard);
        }
    }
}
