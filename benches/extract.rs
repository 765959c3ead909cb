//! Throughput of entity extraction (tokenisation, tagging, folding, place resolution) on real
//! news text: `cargo bench --bench extract`. Reads `../shared/corpora/bbc` (or cnn) at bench
//! time and skips when neither is present.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdex::extract::Extractor;

fn load_texts() -> Vec<String> {
    let shared = newsdex::testing::shared_dir();
    let mut texts = Vec::new();
    for corpus in ["corpora/bbc", "corpora/cnn"] {
        collect(&shared.join(corpus), &mut texts);
        if !texts.is_empty() {
            break;
        }
    }
    texts
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt")
            && !p.ends_with("README.TXT")
            && let Ok(b) = std::fs::read(&p)
        {
            out.push(String::from_utf8_lossy(&b).into_owned());
        }
    }
}

fn bench(c: &mut Criterion) {
    let texts = load_texts();
    if texts.is_empty() {
        eprintln!("skipped: no corpus under ../shared/corpora (bbc or cnn)");
        return;
    }
    let ex = match Extractor::shared() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("skipped: {e}");
            return;
        }
    };
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("corpus", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                let e = ex.extract(t);
                n += e.people.len() + e.places.len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
