//! Pages built to stall a parser: one must not hold up a crawl, and its text is still indexed.

mod common;

use common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Runs `newsdex index` on `tree`, killing it after `limit`; returns its JSON summary.
fn index_within(
    idx: &std::path::Path,
    tree: &std::path::Path,
    limit: Duration,
) -> serde_json::Value {
    let mut child = bin()
        .args(["index", "--json", "--no-extract", "--index"])
        .arg(idx)
        .arg(tree)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("index still parsing the page after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// 200,000 nested `<div>`s (2.2 MB) took html5ever's tree builder minutes (its cost is tags
/// times depth: 100,000 took 26 s); elements deeper than 128 are now unwrapped before parsing,
/// as browsers do, so the page takes a fraction of a second and its deep text is indexed.
#[test]
fn deeply_nested_html_is_indexed_in_linear_time() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let n = 200_000;
    let page = format!(
        "<html><head><title>Nested all the way down</title></head><body>{}\
         <p>The quartermaster counted the zeppelins over the harbour at dawn and wrote it down \
         for the morning edition, with the names of the streets they crossed.</p>{}\
         </body></html>",
        "<div class=\"wrap\">".repeat(n),
        "</div>".repeat(n)
    );
    std::fs::write(tree.join("deep.html"), page).unwrap();
    let idx = dir.path().join("idx");
    // The limit is for a loaded test machine; the page itself takes well under a second.
    let s = index_within(&idx, &tree, Duration::from_secs(60));
    assert_eq!(
        (s["articles"].as_u64(), s["skipped"].as_u64()),
        (Some(1), Some(0)),
        "{s}"
    );
    let r = search(&idx, "zeppelins quartermaster", &[]);
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["title"], "Nested all the way down", "{r}");
}
