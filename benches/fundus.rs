//! Accuracy and speed of the HTML extractor on the fundus gold pages.
//!
//! `cargo bench --bench fundus` (or `benches/fundus_eval.sh`). `-- -v` lists failing pages.
//! Reads `../shared/corpora/fundus` (or `$NEWSDEX_SHARED/corpora/fundus`).

use std::collections::HashMap;
use std::io::Read;
use std::time::Instant;

use newsdex::ingest::FileContext;
use newsdex::ingest::html::{self, PageHints};
use serde_json::Value;

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Tokens for F1: runs of letters and digits, lower-cased; each CJK character is a token.
fn tokens(s: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let mut cur = String::new();
    for c in s.chars() {
        if is_cjk(c) {
            if !cur.is_empty() {
                *out.entry(std::mem::take(&mut cur)).or_default() += 1;
            }
            *out.entry(c.to_string()).or_default() += 1;
        } else if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            *out.entry(std::mem::take(&mut cur)).or_default() += 1;
        }
    }
    if !cur.is_empty() {
        *out.entry(cur).or_default() += 1;
    }
    out
}

fn f1(pred: &str, gold: &str) -> f64 {
    let (p, g) = (tokens(pred), tokens(gold));
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    if np == 0 || ng == 0 {
        return if np == ng { 1.0 } else { 0.0 };
    }
    let common: usize = p
        .iter()
        .map(|(t, n)| (*n).min(*g.get(t).unwrap_or(&0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let (pr, rc) = (common as f64 / np as f64, common as f64 / ng as f64);
    2.0 * pr * rc / (pr + rc)
}

fn author_set(v: &[String]) -> Vec<String> {
    let mut s: Vec<String> = v
        .iter()
        .map(|a| norm(a))
        .filter(|a| !a.is_empty())
        .collect();
    s.sort();
    s.dedup();
    s
}

fn main() {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let dir = newsdex::testing::shared_dir().join("corpora/fundus");
    let gold = match std::fs::read_to_string(dir.join("gold.jsonl")) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("skipped: {}: {e}", dir.display());
            return;
        }
    };
    let (mut n, mut title_ok, mut date_n, mut date_ok, mut auth_ok) = (0, 0, 0, 0, 0);
    let (mut f1_sum, mut f1_n) = (0.0, 0);
    let (mut bytes, mut secs) = (0usize, 0.0f64);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(g) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let file = dir.join(g["html_file"].as_str().unwrap_or(""));
        let mut html_bytes = Vec::new();
        let Ok(f) = std::fs::File::open(&file) else {
            eprintln!("missing {}", file.display());
            continue;
        };
        if flate2::read::MultiGzDecoder::new(f)
            .read_to_end(&mut html_bytes)
            .is_err()
        {
            continue;
        }
        n += 1;
        let ctx = FileContext::new(&file);
        let hints = PageHints::default();
        // Best of 3 runs per page, to measure parsing rather than cache misses.
        let mut best = f64::MAX;
        let mut res = None;
        for _ in 0..3 {
            let t = Instant::now();
            let r = html::parse(&ctx, &html_bytes, &hints);
            best = best.min(t.elapsed().as_secs_f64());
            res = Some(r);
        }
        bytes += html_bytes.len();
        secs += best;
        let a = match res {
            Some(Ok(a)) => a,
            _ => {
                println!("FAIL parse {}", file.display());
                continue;
            }
        };
        let id = g["id"].as_str().unwrap_or("?");
        let gt = g["title"].as_str().unwrap_or("");
        if norm(gt) == norm(&a.title) {
            title_ok += 1;
        } else if verbose {
            println!("title {id}: got {:?} want {:?}", a.title, gt);
        }
        if let Some(gd) = g["publishing_date"].as_str().and_then(|d| d.get(..10)) {
            date_n += 1;
            let got = a.date.map(|d| d.format("%Y-%m-%d").to_string());
            if got.as_deref() == Some(gd) {
                date_ok += 1;
            } else if verbose {
                println!("date {id}: got {got:?} want {gd}");
            }
        }
        let ga: Vec<String> = g["authors"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if author_set(&ga) == author_set(&a.authors) {
            auth_ok += 1;
        } else if verbose {
            println!("authors {id}: got {:?} want {:?}", a.authors, ga);
        }
        let gtext = g["text"].as_str().unwrap_or("");
        if !gtext.trim().is_empty() {
            let f = f1(&a.text(), gtext);
            f1_sum += f;
            f1_n += 1;
            if verbose && f < 0.9 {
                println!(
                    "body {id}: F1 {f:.3} (got {} chars, want {})",
                    a.text().len(),
                    gtext.len()
                );
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("pages: {n}, HTML: {:.1} MB", bytes as f64 / 1e6);
    println!("| extractor | title | date | authors | body F1 | MB/s (1 core) |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| newsdex | {:.1}% | {:.1}% | {:.1}% | {:.3} | {:.1} |",
        pct(title_ok, n),
        pct(date_ok, date_n),
        pct(auth_ok, n),
        f1_sum / f1_n.max(1) as f64,
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
}
