//! The floors of issue #16 (languages and word forms), measured on the shared corpora:
//!
//! 1. **Detection accuracy**: on the fundus pages, the language detected with the pages'
//!    own statements hidden (HTML `lang`, JSON-LD) against the declared one (floor ≥ 97%); on
//!    the English corpora (BBC, CNN, White House, Reuters) the share that comes out English
//!    (floor ≥ 99.5%; the White House sample's Spanish releases are listed apart).
//! 2. **Detection cost** on the 200k archive (`$BENCH_DATA/gen200k`, made by
//!    `benches/compare.sh`): CPU seconds of language assignment over every article, against
//!    the CPU seconds of indexing the same archive (`--no-extract`, the cheapest indexing, so
//!    the share is an upper bound; with `LANG_BENCH_EXTRACT=1` also with extraction on).
//!    Floor: under 3%.
//! 3. **Word forms** on the development archive (White House + CNN + BBC): `cease-fire`,
//!    `ceasefire` and `"cease fire"` return the same articles; `Zurich`/`Zürich`, `Sao
//!    Paulo`/`São Paulo` likewise.
//! 4. **German** on the fundus pages: `Regierungen` finds the pages `Regierung` finds; every
//!    people and places value of the German pages is printed, to be checked by hand.
//!
//! `cargo bench --bench language` (a report, not a test: prints a table; ~10 minutes on an
//! idle 2-core machine, most of it indexing the 200k archive). Parts whose corpus is missing
//! are skipped with a message.

// The corpus readers the language tests use (`tests/common/corpus.rs`); the bench needs
// only some of them.
#[path = "../tests/common/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdex::index::writer::{IndexOptions, NoProgress, index_paths};
use newsdex::ingest::{ReadOptions, read_file};
use newsdex::language::FileLanguages;
use newsdex::query::{Engine, SearchRequest};

/// (declared, detected, file name) for every article under `dir`, detection blind to what
/// the source states (each file its own `FileLanguages`, as indexing does).
fn blind(dir: &Path) -> Vec<(Option<String>, Option<String>, String)> {
    corpus::blind(dir)
        .into_iter()
        .map(|(declared, detected, path)| {
            let name = Path::new(&path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (declared, detected, name)
        })
        .collect()
}

fn accuracy(shared: &Path) {
    println!("## 1. Detection accuracy (sources' statements hidden)\n");
    println!("| corpus | articles | as expected | share | floor | others |");
    println!("|---|---|---|---|---|---|");
    let fundus = shared.join("corpora/fundus/pages");
    if fundus.is_dir() {
        let got = blind(&fundus);
        let declared: Vec<_> = got.iter().filter(|(d, _, _)| d.is_some()).collect();
        let same = declared.iter().filter(|(d, g, _)| d == g).count();
        let misses: Vec<String> = declared
            .iter()
            .filter(|(d, g, _)| d != g)
            .map(|(d, g, p)| {
                format!(
                    "{} → {} {p}",
                    d.as_deref().unwrap_or("?"),
                    g.as_deref().unwrap_or("none")
                )
            })
            .collect();
        println!(
            "| fundus pages (declared language) | {} | {same} | {:.2}% | ≥ 97% | {} |",
            declared.len(),
            pct(same, declared.len()),
            misses.join("; ")
        );
    } else {
        println!("| fundus | skipped: {} missing | | | | |", fundus.display());
    }
    for rel in [
        "corpora/bbc",
        "corpora/cnn/articles",
        "open-samples/whitehouse-2009-2015",
        "corpora/reuters21578",
    ] {
        let dir = shared.join(rel);
        if !dir.is_dir() {
            println!("| {rel} | skipped: missing | | | | |");
            continue;
        }
        let got = blind(&dir);
        let en = got
            .iter()
            .filter(|(_, g, _)| g.as_deref() == Some("en"))
            .count();
        let mut others: std::collections::BTreeMap<String, usize> = Default::default();
        for (_, g, _) in got.iter().filter(|(_, g, _)| g.as_deref() != Some("en")) {
            *others
                .entry(g.clone().unwrap_or_else(|| "none".into()))
                .or_default() += 1;
        }
        let others: Vec<String> = others.iter().map(|(l, n)| format!("{l}: {n}")).collect();
        println!(
            "| {rel} (English) | {} | {en} | {:.2}% | ≥ 99.5% | {} |",
            got.len(),
            pct(en, got.len()),
            others.join(", ")
        );
    }
    println!();
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat`.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

fn cost(archive: &Path) {
    println!("## 2. Detection cost on {}\n", archive.display());
    if !archive.is_dir() {
        println!(
            "skipped: {} missing (benches/compare.sh makes it)\n",
            archive.display()
        );
        return;
    }
    // Language assignment alone, one thread, articles read as indexing reads them.
    let opts = ReadOptions::default();
    let mut detect = Duration::ZERO;
    let mut n = 0u64;
    let mut langs_seen: std::collections::BTreeMap<String, u64> = Default::default();
    for f in corpus::files(archive) {
        let mut langs = FileLanguages::default();
        let _ = read_file(&f, &opts, &mut |mut a, _format| {
            let t = Instant::now();
            langs.assign(&mut a);
            detect += t.elapsed();
            n += 1;
            *langs_seen
                .entry(a.language.unwrap_or_else(|| "none".into()))
                .or_default() += 1;
        });
    }
    println!(
        "language assignment: {n} articles, {:.2} s ({:.1} µs/article), languages {:?}\n",
        detect.as_secs_f64(),
        detect.as_secs_f64() * 1e6 / n.max(1) as f64,
        langs_seen
    );
    println!("| indexing | articles | wall | CPU | detection / indexing CPU | floor |");
    println!("|---|---|---|---|---|---|");
    let mut runs = vec![("--no-extract", false)];
    if std::env::var_os("LANG_BENCH_EXTRACT").is_some() {
        runs.push(("extraction on", true));
    }
    for (name, extract) in runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let opts = IndexOptions {
            extract,
            ..Default::default()
        };
        let cpu0 = cpu_time();
        let t = Instant::now();
        let s = match index_paths(dir.path(), &[archive.to_path_buf()], &opts, &NoProgress) {
            Ok(s) => s,
            Err(e) => {
                println!("| {name} | failed: {e} | | | | |");
                continue;
            }
        };
        let wall = t.elapsed();
        let cpu = cpu_time() - cpu0;
        println!(
            "| {name}, {} threads | {} | {:.1} s | {:.1} s | {:.2}% | < 3% |",
            opts.threads,
            s.articles,
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            detect.as_secs_f64() * 100.0 / cpu.as_secs_f64().max(1e-9)
        );
    }
    println!();
}

/// The ids of every hit of `q` (the totals here are far below the page limit).
fn ids(engine: &Engine, q: &str, langs: &[&str]) -> BTreeSet<String> {
    let req = SearchRequest {
        query: q.into(),
        languages: langs.iter().map(|l| l.to_string()).collect(),
        limit: newsdex::query::MAX_LIMIT,
        facets: 0,
        // Every article, not one per story.
        all_copies: true,
        ..Default::default()
    };
    match engine.search(&req) {
        Ok(r) => {
            assert!(r.total as usize <= req.limit, "{q}: {} hits", r.total);
            r.hits.into_iter().map(|h| h.id).collect()
        }
        Err(e) => panic!("{q}: {e}"),
    }
}

fn same_sets(engine: &Engine, queries: &[&str]) {
    let sets: Vec<BTreeSet<String>> = queries.iter().map(|q| ids(engine, q, &[])).collect();
    let counts: Vec<String> = queries
        .iter()
        .zip(&sets)
        .map(|(q, s)| format!("`{q}` {}", s.len()))
        .collect();
    let equal = sets.windows(2).all(|w| w[0] == w[1]);
    println!(
        "| {} | {} |",
        counts.join(", "),
        if equal { "same articles" } else { "DIFFER" }
    );
}

fn word_forms(shared: &Path) {
    println!("## 3. Word forms on the development archive (White House + CNN + BBC)\n");
    let roots: Vec<PathBuf> = [
        "open-samples/whitehouse-2009-2015",
        "corpora/cnn/articles",
        "corpora/bbc",
    ]
    .iter()
    .map(|r| shared.join(r))
    .collect();
    if !roots.iter().all(|r| r.is_dir()) {
        println!("skipped: the development archive is missing\n");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = IndexOptions {
        extract: false,
        ..Default::default()
    };
    index_paths(dir.path(), &roots, &opts, &NoProgress).expect("index the development archive");
    let engine = Engine::open(dir.path()).expect("open");
    println!("| queries (hits) | floor: the same articles |");
    println!("|---|---|");
    same_sets(&engine, &["cease-fire", "ceasefire", "\"cease fire\""]);
    same_sets(&engine, &["Zurich", "Zürich"]);
    same_sets(&engine, &["\"Sao Paulo\"", "\"São Paulo\""]);
    same_sets(&engine, &["Sao Paulo", "São Paulo"]);
    same_sets(&engine, &["O'Brien", "O’Brien"]);
    let phrase = ids(&engine, "\"health reform\"", &[]);
    let near = ids(&engine, "\"health reform\"~3", &[]);
    println!(
        "| `\"health reform\"` {}, `\"health reform\"~3` {} | proximity ⊇ phrase: {} |",
        phrase.len(),
        near.len(),
        near.is_superset(&phrase)
    );
    println!();
}

fn german(shared: &Path) {
    println!("## 4. German on the fundus pages (extraction on)\n");
    let pages = shared.join("corpora/fundus/pages");
    if !pages.is_dir() {
        println!("skipped: {} missing\n", pages.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    index_paths(
        dir.path(),
        std::slice::from_ref(&pages),
        &IndexOptions::default(),
        &NoProgress,
    )
    .expect("index the fundus pages");
    let engine = Engine::open(dir.path()).expect("open");
    let sing = ids(&engine, "Regierung", &[]);
    let plural = ids(&engine, "Regierungen", &[]);
    println!(
        "`Regierung` {} pages, `Regierungen` {} pages: {}\n",
        sing.len(),
        plural.len(),
        if sing == plural {
            "the same pages"
        } else {
            "DIFFER"
        }
    );
    let req = SearchRequest {
        languages: vec!["de".into()],
        limit: newsdex::query::MAX_LIMIT,
        facets: 0,
        // Every article, not one per story.
        all_copies: true,
        ..Default::default()
    };
    let r = engine.search(&req).expect("search");
    let mut people: std::collections::BTreeMap<String, usize> = Default::default();
    let mut places: std::collections::BTreeMap<String, usize> = Default::default();
    for h in &r.hits {
        for p in &h.people {
            *people.entry(p.clone()).or_default() += 1;
        }
        for p in &h.places {
            *places.entry(p.clone()).or_default() += 1;
        }
    }
    let list = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(v, n)| format!("{v} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("German pages: {}", r.total);
    println!("people values ({}): {}", people.len(), list(&people));
    println!("places values ({}): {}\n", places.len(), list(&places));
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let shared = newsdex::testing::shared_dir();
    let data = std::env::var_os("BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/bench-data"));
    accuracy(&shared);
    word_forms(&shared);
    german(&shared);
    cost(&data.join("gen200k"));
}
