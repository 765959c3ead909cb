//! `newsdex extract PATH...`: show what the parsers (and entity extraction) make of files,
//! exactly as `index` would (directories walked the same way), without indexing anything.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::article::Article;
use crate::extract::{Extractor, write_tsv};
use crate::ingest::escape::{one_line, path_to_text};
use crate::ingest::walk::{WalkItem, walk};
use crate::ingest::{self, FileContext, ReadOptions};
use crate::language::{FileLanguages, extract_entities};

/// Arguments of `newsdex extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files and directories to read (`-` for standard input); directories are walked as
    /// `index` walks them.
    #[arg(required = true, value_name = "PATH|-")]
    pub files: Vec<PathBuf>,
    /// One JSON object per article per line: the article record (the default output; it
    /// cannot go with --tsv).
    #[arg(long, conflicts_with = "tsv")]
    pub json: bool,
    /// Do not extract people and places from the text.
    #[arg(long)]
    pub no_extract: bool,
    /// One line per mention: `doc_id<TAB>PER|LOC<TAB>text<TAB>start<TAB>end` (byte offsets
    /// into the article text, lede + blank line + body). JSONL input whose lines are
    /// `{"doc_id", "text"}` (what `eval_conll.py --export-text` writes) is tagged line by line,
    /// so `eval_conll.py --pred` scores the output directly.
    #[arg(long, conflicts_with = "no_extract")]
    pub tsv: bool,
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
        if args.tsv
            && let Some(x) = extractor
            && let Some(docs) = eval_docs(file)?
        {
            for (id, text) in docs {
                write_tsv(&id, &x.extract(&text), &text, &mut out)?;
            }
            continue;
        }
        if file.is_dir() {
            // A directory is walked as `index` walks it: the same files, in the same order,
            // leaving out the index `index` would write (`NEWSDEX_INDEX` or ./newsdex-index).
            let index_dir = crate::index::resolve_dir(None);
            let skip = std::fs::canonicalize(&index_dir).unwrap_or(index_dir);
            for item in walk(std::slice::from_ref(file), &skip) {
                match item {
                    WalkItem::File(f) => {
                        failed += extract_file(&f.path, extractor, args.tsv, &mut out)?;
                    }
                    WalkItem::Error { path, reason } => {
                        eprintln!("skipped {}: {}", path_to_text(&path), one_line(&reason));
                        failed += 1;
                    }
                }
            }
        } else {
            failed += extract_file(file, extractor, args.tsv, &mut out)?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Prints the articles of one file (or of standard input, `-`), or says why there are none;
/// returns how many files failed (0 or 1).
fn extract_file(
    file: &Path,
    extractor: Option<&Extractor>,
    tsv: bool,
    out: &mut impl Write,
) -> anyhow::Result<usize> {
    let parsed = if file.as_os_str() == "-" {
        read_stdin()
    } else {
        ingest::read_articles(file, &ReadOptions::default())
    };
    let p = match parsed {
        Err(e) => {
            eprintln!(
                "skipped {}: {}",
                path_to_text(file),
                one_line(&e.to_string())
            );
            return Ok(1);
        }
        Ok(p) => p,
    };
    for reason in p.skipped {
        eprintln!("skipped {}: {}", path_to_text(file), one_line(&reason));
    }
    let mut languages = FileLanguages::default();
    for mut a in p.articles {
        languages.assign(&mut a);
        match extractor {
            Some(x) if tsv => {
                let text = a.text();
                write_tsv(&a.id, &x.extract(&text), &text, &mut *out)?;
            }
            Some(x) => {
                if !p.format.has_final_entities() {
                    extract_entities(x, &mut a);
                }
                print_article(&mut *out, &a)?;
            }
            None => print_article(&mut *out, &a)?,
        }
    }
    Ok(0)
}

/// The `(doc_id, text)` pairs of a JSONL file in the scorer's export form, or `None` when the
/// file is anything else (then it is read as articles).
fn eval_docs(file: &Path) -> anyhow::Result<Option<Vec<(String, String)>>> {
    let bytes = if file.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b)?;
        STDIN.with(|s| *s.borrow_mut() = Some(b.clone()));
        b
    } else {
        match std::fs::read(file) {
            Ok(b) => b,
            Err(_) => return Ok(None),
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            return Ok(None);
        };
        let (Some(id), Some(t)) = (v.get("doc_id"), v.get("text").and_then(|t| t.as_str())) else {
            return Ok(None);
        };
        let id = id
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| id.to_string());
        docs.push((id, t.to_string()));
    }
    Ok(if docs.is_empty() { None } else { Some(docs) })
}

thread_local! {
    /// Standard input, once read by the `--tsv` sniffing, for the article parser.
    static STDIN: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

fn read_stdin() -> Result<ingest::Parsed, ingest::IngestError> {
    let bytes = match STDIN.with(|s| s.borrow_mut().take()) {
        Some(b) => b,
        None => {
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b)?;
            b
        }
    };
    let ctx = FileContext::new(Path::new("-"));
    ingest::parse_bytes(&ctx, "", &bytes, &ReadOptions::default())
}

fn print_article(out: &mut impl Write, a: &Article) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, a)?;
    writeln!(out)?;
    Ok(())
}
