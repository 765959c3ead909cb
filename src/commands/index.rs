//! `newsdex index PATH...`: build or update the index.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::IndexDir;
use crate::index::merge::{DEFAULT_MAX_MERGE_MB, MIN_MAX_MERGE_MB};
use crate::index::writer::{
    DEFAULT_COMMIT_SECS, DEFAULT_MEMORY_MB, IndexOptions, MIN_MEMORY_MB_PER_THREAD, Problem,
    Progress, RunSummary, index_paths,
};
use crate::ingest::{DEFAULT_MAX_FILE_MB, ReadOptions};

/// Arguments of `newsdex index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and directories to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The index directory.
    #[command(flatten)]
    pub index: IndexDir,
    /// Threads for parsing and indexing [default: number of cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Remove the articles of files under PATHs that no longer exist.
    #[arg(long)]
    pub prune: bool,
    /// Exit with status 1 if anything was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Do not extract people and places from article text.
    #[arg(long)]
    pub no_extract: bool,
    /// Skip files larger than this (after decompression), in MB.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_FILE_MB)]
    pub max_file_mb: u64,
    /// Indexing memory budget in MB (split between threads).
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MEMORY_MB)]
    pub memory_mb: usize,
    /// Most MB of segments one merge may read. Merges read through memory maps, so this
    /// bounds resident memory; larger means fewer, bigger segments.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_MERGE_MB)]
    pub max_merge_mb: u64,
    /// Seconds between commits (work lost to a crash is at most this much).
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_COMMIT_SECS)]
    pub commit_secs: u64,
    /// Share of an article's 5-word shingles (the shorter article's) another article must
    /// hold for the two to be copies of one story: search shows a story once, with its copies.
    #[arg(long, value_name = "0..1", default_value_t = crate::dedup::DEFAULT_THRESHOLD,
          value_parser = parse_threshold)]
    pub copy_threshold: f64,
    /// Print each phase change ("status: committing", "status: merging segments") on stderr,
    /// so that fault tests can kill the run at a chosen phase.
    #[arg(long, hide = true)]
    pub trace_status: bool,
}

/// The progress of one run: a bar on a terminal, skip reasons on stderr either way.
struct Bar {
    bar: Option<ProgressBar>,
    trace: bool,
    /// Articles written so far by this run, for the rate shown on the bar.
    articles: AtomicU64,
}

impl Progress for Bar {
    fn set_total(&self, files: u64) {
        if let Some(b) = &self.bar {
            b.set_length(files);
            b.set_style(style(true));
        }
    }
    fn file_done(&self, articles: u64, _bytes: u64) {
        let done = self.articles.fetch_add(articles, Ordering::Relaxed) + articles;
        if let Some(b) = &self.bar {
            b.inc(1);
            let secs = b.elapsed().as_secs_f64().max(0.001);
            b.set_message(format!(
                "{done} articles, {:.0} articles/s",
                done as f64 / secs
            ));
        }
    }
    fn problem(&self, p: &Problem) {
        // Printed with --json too: the summary lists the reasons as well, but a run over a
        // large archive should say what it skips as it goes.
        let line = format!("skipped {}: {}", p.path, p.reason);
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }
    fn status(&self, msg: &str) {
        if self.trace && !msg.is_empty() {
            eprintln!("status: {msg}");
        }
        if let Some(b) = &self.bar {
            b.set_prefix(msg.to_string());
        }
    }
}

fn style(known_total: bool) -> ProgressStyle {
    let t = if known_total {
        "{prefix}[{elapsed_precise}] {bar:30} {pos}/{len} files, {msg}, ETA {eta}"
    } else {
        "{prefix}[{elapsed_precise}] {spinner} {pos} files, {msg}"
    };
    ProgressStyle::with_template(t).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// A containment threshold: a number above 0 and at most 1.
fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 1.0 => Ok(t),
        _ => Err(format!(
            "{s:?} is not a share between 0 (excluded) and 1, such as 0.8"
        )),
    }
}

/// Runs `newsdex index`.
pub fn run(args: &IndexArgs) -> anyhow::Result<i32> {
    let dir = args.index.path();
    let defaults = IndexOptions::default();
    let opts = IndexOptions {
        threads: args.threads.unwrap_or(defaults.threads).max(1),
        memory_budget: args.memory_mb.max(MIN_MEMORY_MB_PER_THREAD) << 20,
        read: ReadOptions {
            max_file_bytes: args.max_file_mb.max(1) << 20,
        },
        prune: args.prune,
        extract: !args.no_extract,
        commit_interval: Duration::from_secs(args.commit_secs.max(1)),
        max_merge_bytes: args.max_merge_mb.max(MIN_MAX_MERGE_MB) << 20,
        in_flight_bytes: defaults.in_flight_bytes,
        copy_threshold: args.copy_threshold,
    };
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        b.set_style(style(false));
        b.enable_steady_tick(Duration::from_millis(200));
        Some(b)
    } else {
        None
    };
    let progress = Bar {
        bar,
        trace: args.trace_status,
        articles: AtomicU64::new(0),
    };
    let summary = index_paths(&dir, &args.paths, &opts, &progress)
        .with_context(|| format!("indexing into {}", dir.display()))?;
    if let Some(b) = &progress.bar {
        b.finish_and_clear();
    }
    if args.json {
        println!("{}", serde_json::to_string(&json_summary(&summary))?);
    } else {
        eprintln!("{}", summary_line(&summary));
    }
    Ok(if args.strict && summary.skipped > 0 {
        1
    } else {
        0
    })
}

/// The one-line summary printed after every run.
pub fn summary_line(s: &RunSummary) -> String {
    let rate = if s.seconds > 0.0 {
        s.written as f64 / s.seconds
    } else {
        0.0
    };
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let items = if s.skipped_items > 0 {
        format!(
            ", {} skipped within {}",
            plural(s.skipped_items, "item", "items"),
            plural(s.files_with_skipped_items, "file", "files")
        )
    } else {
        String::new()
    };
    format!(
        "{} files, {} articles ({} written, {} files unchanged), {} skipped{items}, {:.1} MB read, {:.1} s, {:.0} articles/s{}",
        s.files,
        s.articles,
        s.written,
        s.unchanged_files,
        plural(s.skipped_files, "file", "files"),
        s.bytes_read as f64 / 1e6,
        s.seconds,
        rate,
        if s.pruned_files > 0 {
            format!(", {} files pruned", s.pruned_files)
        } else {
            String::new()
        }
    )
}

fn json_summary(s: &RunSummary) -> serde_json::Value {
    serde_json::json!({
        "files": s.files,
        "articles": s.articles,
        "written": s.written,
        "unchanged_files": s.unchanged_files,
        "skipped": s.skipped,
        "skipped_files": s.skipped_files,
        "skipped_items": s.skipped_items,
        "files_with_skipped_items": s.files_with_skipped_items,
        "errors": s.errors,
        "pruned_files": s.pruned_files,
        "mb_read": (s.bytes_read as f64 / 1e4).round() / 100.0,
        "seconds": (s.seconds * 1000.0).round() / 1000.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each run counts its own articles: a second run in the same process starts from zero
    /// (the counter was a process-wide static, so the rate of a second run included the
    /// first run's articles).
    #[test]
    fn each_run_counts_from_zero() {
        let bar = || Bar {
            bar: None,
            trace: false,
            articles: AtomicU64::new(0),
        };
        let first = bar();
        first.file_done(5, 0);
        first.file_done(2, 0);
        assert_eq!(first.articles.load(Ordering::Relaxed), 7);
        let second = bar();
        second.file_done(3, 0);
        assert_eq!(second.articles.load(Ordering::Relaxed), 3);
    }
}
