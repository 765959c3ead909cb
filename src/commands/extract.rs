//! `newsdex extract`: people and places of texts, for inspection and for scoring with
//! `eval_conll.py --pred`.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use newsdex::extract::{Extractor, write_tsv};

/// Arguments of `newsdex extract`.
#[derive(clap::Args, Debug, Clone)]
pub struct ExtractArgs {
    /// JSONL input, one `{"doc_id": ..., "text": ...}` per line (what
    /// `eval_conll.py --export-text` writes); `-` reads stdin.
    #[arg(long, default_value = "-")]
    pub input: PathBuf,
    /// Write one TSV line per mention (`doc_id, PER|LOC, text, start, end`) instead of one JSON
    /// line of canonical people and places per document.
    #[arg(long)]
    pub tsv: bool,
}

/// Runs `extract`.
pub fn run(args: &ExtractArgs) -> anyhow::Result<()> {
    let ex = Extractor::shared()?;
    let reader: Box<dyn BufRead> = if args.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&args.input)
            .with_context(|| format!("opening {}", args.input.display()))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let id = match &v["doc_id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => n.to_string(),
            other => other.to_string(),
        };
        let text = v["text"].as_str().unwrap_or("");
        let ents = ex.extract(text);
        if args.tsv {
            write_tsv(&id, &ents, text, &mut out)?;
        } else {
            let people: Vec<&str> = ents.people.iter().map(|p| p.name.as_str()).collect();
            let places: Vec<&str> = ents.places.iter().map(|p| p.place.path.as_str()).collect();
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"doc_id": id, "people": people, "places": places}),
            )?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
