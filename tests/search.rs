//! Boolean search semantics end to end, on the sample archive shipped in the repo.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{index, search};
use serde_json::Value;

fn samples_index(dir: &Path) -> PathBuf {
    let idx = dir.join("idx");
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let s = index(&idx, &[&samples], &["--no-extract"]);
    assert_eq!(s["articles"], 352, "{s}");
    idx
}

/// Every hit of a query (the samples hold 352 articles), id → score: every copy of a story
/// (`--copies`), since these tests are about which articles match.
fn hits(idx: &Path, q: &str) -> BTreeMap<String, f64> {
    let r: Value = search(idx, q, &["--limit", "1000", "--facets", "0", "--copies"]);
    let hits = r["hits"].as_array().expect("hits");
    assert_eq!(r["total"].as_u64(), Some(hits.len() as u64), "{q}");
    hits.iter()
        .map(|h| {
            (
                h["id"].as_str().expect("id").to_string(),
                h["score"].as_f64().expect("score"),
            )
        })
        .collect()
}

#[test]
fn or_is_the_union_and_scores_are_sums() {
    let dir = tempfile::tempdir().expect("tempdir");
    let idx = samples_index(dir.path());
    let health = hits(&idx, "health");
    let economy = hits(&idx, "economy");
    let either = hits(&idx, "health OR economy");
    assert!(
        health.len() > 20 && economy.len() > 20,
        "{} {}",
        health.len(),
        economy.len()
    );
    let union: BTreeSet<&String> = health.keys().chain(economy.keys()).collect();
    assert_eq!(either.keys().collect::<BTreeSet<_>>(), union);
    assert!(
        either.len() < health.len() + economy.len(),
        "the sets overlap"
    );
    // BM25 of a disjunction is the sum of the matching words' scores.
    for (id, s) in &either {
        let want = health.get(id).unwrap_or(&0.0) + economy.get(id).unwrap_or(&0.0);
        assert!(
            (s - want).abs() < 1e-3 * want.max(1.0),
            "{id}: {s} vs {want}"
        );
    }
    // A phrase and a field term inside an OR keep their own meaning.
    let phrase = hits(&idx, "\"health care\"");
    let title = hits(&idx, "title:economy");
    let mixed = hits(&idx, "\"health care\" OR title:economy");
    let union: BTreeSet<&String> = phrase.keys().chain(title.keys()).collect();
    assert_eq!(mixed.keys().collect::<BTreeSet<_>>(), union);
    assert!(phrase.len() < health.len() && title.len() < economy.len());
    // OR inside AND, and a negation.
    let and_or = hits(&idx, "(health OR economy) -jobs");
    let jobs = hits(&idx, "jobs");
    let want: BTreeSet<&String> = either.keys().filter(|id| !jobs.contains_key(*id)).collect();
    assert_eq!(and_or.keys().collect::<BTreeSet<_>>(), want);
}
