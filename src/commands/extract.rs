//! `newsdex extract FILE...`: show what the parsers (and entity extraction) make of files,
//! exactly as `index` would, without indexing anything.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::article::Article;
use crate::extract::Extractor;
use crate::ingest::{self, FileContext, ReadOptions};

/// Arguments of `newsdex extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to read (`-` for standard input).
    #[arg(required = true, value_name = "FILE|-")]
    pub files: Vec<PathBuf>,
    /// One JSON object per article per line (the default output).
    #[arg(long)]
    pub json: bool,
    /// Do not extract people and places from the text.
    #[arg(long)]
    pub no_extract: bool,
}

/// Runs `newsdex extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<i32> {
    let extractor = if args.no_extract {
        None
    } else {
        Some(Extractor::shared()?)
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0;
    for file in &args.files {
        let parsed = if file.as_os_str() == "-" {
            read_stdin()
        } else {
            ingest::read_articles(file, &ReadOptions::default())
        };
        match parsed {
            Err(e) => {
                eprintln!("skipped {}: {e}", file.display());
                failed += 1;
            }
            Ok(p) => {
                for reason in p.skipped {
                    eprintln!("skipped {}: {reason}", file.display());
                }
                for mut a in p.articles {
                    if let Some(x) = extractor {
                        x.enrich(&mut a);
                    }
                    print_article(&mut out, &a)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 { 1 } else { 0 })
}

fn read_stdin() -> Result<ingest::Parsed, ingest::IngestError> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    let ctx = FileContext::new(Path::new("-"));
    ingest::parse_bytes(&ctx, "", &bytes)
}

fn print_article(out: &mut impl Write, a: &Article) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, a)?;
    writeln!(out)?;
    Ok(())
}
