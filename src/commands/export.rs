//! `newsdex export --format ndjson|quickwit|opensearch --out DIR`: the archive (or the part of
//! it a query selects) as files another engine loads.

use std::path::PathBuf;

use clap::Args;

use super::{FilterArgs, IndexDir};
use crate::export::{ExportOptions, ExportSummary, Format, MAX_FILE_BYTES, export};
use crate::query::Engine;

/// Arguments of `newsdex export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format: ndjson (newsdex's own; `newsdex index` reads it back), quickwit (index
    /// config and documents) or opensearch (mapping and _bulk files).
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output directory (created; must be new or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The index directory.
    #[command(flatten)]
    pub index: IndexDir,
    /// Export only the articles matching this query (the `search` syntax); all by default.
    #[arg(long, default_value = "", value_name = "Q")]
    pub query: String,
    /// The people, places, source and date filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Index name in the target engine (Quickwit index_id, OpenSearch index).
    #[arg(long, default_value = "newsdex", value_name = "NAME")]
    pub name: String,
    /// Largest output file in bytes (tests use a small cap to exercise the split).
    #[arg(long, default_value_t = MAX_FILE_BYTES, hide = true)]
    pub max_file_bytes: u64,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs `newsdex export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<i32> {
    let req = args.filters.request(&args.query)?;
    let opts = ExportOptions {
        format: args.format,
        out: args.out.clone(),
        name: args.name.clone(),
        max_file_bytes: args.max_file_bytes,
    };
    let engine = Engine::open(&args.index.path())?;
    let s = export(&engine, &req, &opts)?;
    if args.json {
        println!("{}", serde_json::to_string(&s)?);
    } else {
        for id in &s.too_large_ids {
            eprintln!("skipped {id}: one document alone is over the file cap");
        }
        println!("{}", summary_line(&s));
    }
    Ok(0)
}

/// The one-line summary.
pub fn summary_line(s: &ExportSummary) -> String {
    let secs = s.seconds.max(1e-6);
    let mut skipped = Vec::new();
    if s.duplicates > 0 {
        skipped.push(format!("{} duplicate ids", s.duplicates));
    }
    if s.too_large > 0 {
        skipped.push(format!("{} over the file cap", s.too_large));
    }
    format!(
        "{} articles exported{} to {} files in {}, {:.1} MB, {:.1} s ({:.0} articles/s, {:.1} MB/s)",
        s.docs,
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} skipped)", skipped.join(", "))
        },
        s.files.len(),
        s.out,
        s.bytes as f64 / 1e6,
        s.seconds,
        s.docs as f64 / secs,
        s.bytes as f64 / 1e6 / secs
    )
}
