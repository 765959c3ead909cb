//! Truncated containers keep every complete record and say they were cut: a crawl killed
//! mid-write, a download cut short.

mod common;

use common::*;
use std::path::Path;

/// Indexes the one file `name` holding `bytes`; returns the summary.
fn index_one(dir: &Path, name: &str, bytes: &[u8]) -> serde_json::Value {
    let tree = dir.join(format!("tree-{name}"));
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join(name), bytes).unwrap();
    index(
        &dir.join(format!("idx-{name}")),
        &[&tree],
        &["--no-extract"],
    )
}

/// The one reason reported, which must say what was kept.
fn reason(s: &serde_json::Value) -> String {
    let errors = s["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{s}");
    errors[0]["reason"].as_str().unwrap().to_string()
}

/// A WARC whose last record is cut (gzipped per record, or plain) yielded 0 of its 125
/// articles. Now the 124 complete ones are indexed and the cut is one item skipped.
#[test]
fn a_warc_cut_in_its_last_record_keeps_the_others() {
    let Some(warc) = shared("corpora/warc/news-pages.warc.gz") else {
        return;
    };
    let dir = tempdir();
    let gz = std::fs::read(&warc).unwrap();
    let whole = index_one(dir.path(), "whole.warc.gz", &gz);
    assert_eq!(whole["articles"], 125, "{whole}");
    let s = index_one(dir.path(), "cut.warc.gz", &gz[..gz.len() - 200]);
    assert_eq!(s["articles"], 124, "{s}");
    assert_eq!(
        (s["skipped_files"].as_u64(), s["skipped_items"].as_u64()),
        (Some(0), Some(1)),
        "{s}"
    );
    let r = reason(&s);
    assert!(
        r.contains("truncated gzip") && r.contains("124 complete articles"),
        "{r}"
    );
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&gz[..]), &mut plain)
        .unwrap();
    let s = index_one(dir.path(), "cut.warc", &plain[..plain.len() - 5000]);
    assert_eq!(s["articles"], 124, "{s}");
    let r = reason(&s);
    assert!(
        r.contains("record 126: truncated") && r.contains("124 complete articles"),
        "{r}"
    );
}
