//! Criterion micro-benchmarks of the core pipeline: parsing each format (text, JSON, Reuters
//! SGML, HTML, WARC, NITF, NewsML-G2, ninjs), building documents, and query + facet counting
//! on a fixed index (the shipped sample archive). Extraction is in `benches/extract.rs`.
//!
//! `cargo bench --bench pipeline`. Corpora under `../shared` are used when present.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdex::index::document::to_document;
use newsdex::index::schema::{Fields, build_schema};
use newsdex::index::writer::{IndexOptions, NoProgress, index_paths};
use newsdex::ingest::{FileContext, ReadOptions, parse_bytes, read_decompressed, split_extension};
use newsdex::query::{Engine, SearchRequest};

fn parse_file(c: &mut Criterion, name: &str, path: &Path) {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (comp, ext) = split_extension(&file_name);
    let Ok(bytes) = read_decompressed(path, comp, 1 << 30) else {
        return;
    };
    let ctx = FileContext::new(path);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    if bytes.len() > 4 << 20 {
        // Whole crawls (the WARC) take a fraction of a second per run.
        g.sample_size(10);
    }
    let opts = ReadOptions::default();
    g.bench_function(name, |b| b.iter(|| parse_bytes(&ctx, &ext, &bytes, &opts)));
    g.finish();
}

fn parsing(c: &mut Criterion) {
    let shared = newsdex::testing::shared_dir();
    let seed = shared.join("corpora/seed/blinken-riyadh-2024-02-05.txt");
    let reuters = shared.join("corpora/reuters21578/reut2-000.sgm");
    let cnn_dir = shared.join("corpora/cnn/articles");
    if seed.exists() {
        parse_file(c, "seed_text", &seed);
    }
    if reuters.exists() {
        parse_file(c, "reuters_sgml", &reuters);
    }
    if let Some(cnn) = std::fs::read_dir(&cnn_dir)
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| e.ok())
    {
        parse_file(c, "cnn_json", &cnn.path());
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/whitehouse/2010/2010-02-25_president_a8bac52122.txt");
    parse_file(c, "press_release_text", &sample);
    // The wire, web and crawl formats: one small real file each, read at bench time so the
    // numbers follow the corpora (skipped when `../shared` is missing).
    for (name, rel) in [
        (
            "html",
            "corpora/fundus/pages/pl/Rzeczpospolita_2025_02_02.html.gz",
        ),
        ("warc_125_pages", "corpora/warc/news-pages.warc.gz"),
        ("nitf", "corpora/wire/superdesk/ap-nitf.xml"),
        ("nitf_efe", "corpora/wire/superdesk/efe_nitf.xml"),
        (
            "newsml_g2",
            "corpora/wire/dpa-newsmlg2/urn:newsml:dpa.com:20090101:170626-99-998860.xml",
        ),
        ("ninjs", "corpora/wire/superdesk/ninjs3.json"),
    ] {
        let path = shared.join(rel);
        if path.exists() {
            parse_file(c, name, &path);
        }
    }
}

fn documents(c: &mut Criterion) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/whitehouse/2010/2010-02-25_president_a8bac52122.txt");
    let Ok(parsed) = newsdex::ingest::read_articles(&sample, &Default::default()) else {
        return;
    };
    let fields = Fields::new(&build_schema()).expect("schema");
    let mut g = c.benchmark_group("document");
    g.bench_function("to_document", |b| {
        b.iter(|| to_document(&parsed.articles[0], &fields, 1))
    });
    g.finish();
}

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = dir.path().join("idx");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let opts = IndexOptions {
        extract: true,
        ..Default::default()
    };
    if index_paths(&idx, &[samples], &opts, &NoProgress).is_err() {
        return;
    }
    let Ok(engine) = Engine::open(&idx) else {
        return;
    };
    let mut g = c.benchmark_group("query_samples");
    for (name, q) in [
        ("term", "health"),
        ("and", "health care"),
        ("or", "health OR energy"),
        ("phrase", "\"small businesses\""),
    ] {
        let req = SearchRequest {
            query: q.into(),
            limit: 10,
            facets: 10,
            ..Default::default()
        };
        g.bench_function(name, |b| b.iter(|| engine.search(&req)));
    }
    // Filters: a date range and a place (matching everything under it), facets on.
    let date_range = SearchRequest {
        query: "health".into(),
        from: chrono::NaiveDate::from_ymd_opt(2010, 1, 1),
        to: chrono::NaiveDate::from_ymd_opt(2012, 12, 31),
        limit: 10,
        facets: 10,
        ..Default::default()
    };
    g.bench_function("term_date_range", |b| b.iter(|| engine.search(&date_range)));
    let place = SearchRequest {
        query: "president".into(),
        places: vec!["United States".into()],
        limit: 10,
        facets: 10,
        ..Default::default()
    };
    g.bench_function("term_place", |b| b.iter(|| engine.search(&place)));
    let top_people = SearchRequest {
        query: "president".into(),
        limit: 0,
        facets: 10,
        ..Default::default()
    };
    g.bench_function("top10_people", |b| b.iter(|| engine.search(&top_people)));
    g.finish();
}

criterion_group!(benches, parsing, documents, queries);
criterion_main!(benches);
