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

/// What a decoder yields from a cut stream before failing: the bytes a reader can still get.
fn readable_prefix(mut r: impl std::io::Read) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// A `.jsonl.gz` missing its last 100 bytes yielded 0 of its 5,000 lines (uncompressed JSONL
/// kept its good lines). Every line that decompresses whole is now kept, and the cut is one
/// item skipped with its reason; the same for zstd.
#[test]
fn a_compressed_jsonl_cut_short_keeps_its_complete_lines() {
    let dir = tempdir();
    let mut lines = String::new();
    for i in 0..5000 {
        lines.push_str(&format!(
            "{{\"id\":\"w{i}\",\"title\":\"Wire item {i}\",\"date\":\"2021-03-04\",\"body\":\"Item {i} of the wire, about harbour number {}.\"}}\n",
            i * 7919 % 10007
        ));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, lines.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let cut = &gz[..gz.len() - 100];
    let prefix = readable_prefix(flate2::read::MultiGzDecoder::new(cut));
    let complete = prefix.iter().filter(|&&b| b == b'\n').count() as u64;
    assert!((4000..5000).contains(&complete), "{complete}");
    let s = index_one(dir.path(), "feed.jsonl.gz", cut);
    assert_eq!(s["articles"].as_u64(), Some(complete), "{s}");
    assert_eq!(
        (s["skipped_files"].as_u64(), s["skipped_items"].as_u64()),
        (Some(0), Some(1)),
        "{s}"
    );
    let r = reason(&s);
    assert!(
        r.contains("gzip") && r.contains(&format!("{complete} complete articles")),
        "{r}"
    );
    // The last line kept is whole: its own words are found.
    let last = complete - 1;
    let hit = search(
        &dir.path().join("idx-feed.jsonl.gz"),
        &format!("\"harbour number {}\"", last * 7919 % 10007),
        &[],
    );
    assert_eq!(hit["total"], 1, "{hit}");

    let zst = zstd::encode_all(lines.as_bytes(), 3).unwrap();
    let cut = &zst[..zst.len() - 100];
    let prefix = readable_prefix(zstd::stream::read::Decoder::new(cut).unwrap());
    let complete = prefix.iter().filter(|&&b| b == b'\n').count() as u64;
    let s = index_one(dir.path(), "feed.jsonl.zst", cut);
    assert_eq!(s["articles"].as_u64(), Some(complete), "{s}");
    assert!(reason(&s).contains("zstd"), "{s}");
}

/// A Reuters SGML file cut short inside gzip keeps the records that end before the cut.
#[test]
fn a_compressed_sgml_cut_short_keeps_its_complete_records() {
    let Some(sgm) = shared("corpora/reuters21578/reut2-000.sgm") else {
        return;
    };
    let dir = tempdir();
    let plain = std::fs::read(&sgm).unwrap();
    let whole = index_one(dir.path(), "whole.sgm", &plain);
    let all = whole["articles"].as_u64().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &plain).unwrap();
    let gz = gz.finish().unwrap();
    // Cut in the middle of the file: about half the records are whole.
    let cut = &gz[..gz.len() / 2];
    let prefix = readable_prefix(flate2::read::MultiGzDecoder::new(cut));
    // The records that end before the cut, as an uncompressed file of their own gives them.
    let end = prefix
        .windows(10)
        .rposition(|w| w == b"</REUTERS>")
        .map_or(0, |p| p + 10);
    let expected = index_one(dir.path(), "prefix.sgm", &prefix[..end])["articles"]
        .as_u64()
        .unwrap();
    assert!(expected > 100 && expected < all, "{expected} of {all}");
    let s = index_one(dir.path(), "cut.sgm.gz", cut);
    assert_eq!(s["articles"].as_u64(), Some(expected), "{s}");
    let cut_reasons = s["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["reason"].as_str().unwrap_or_default().contains("gzip"))
        .count();
    assert_eq!(cut_reasons, 1, "{s}");
}
