//! End-to-end tests of bad input, incremental runs, locking and errors (no corpora needed).

mod common;

use common::*;
use std::io::Write;

fn good_article(title: &str, word: &str) -> String {
    format!(
        "{title}\n\nThe first paragraph mentions {word} and other things.\n\nA second paragraph.\n"
    )
}

#[test]
fn dirty_tree_indexes_the_good_files_and_reports_each_bad_one() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    // Latin-1: "café" with é as the single byte 0xE9.
    let mut latin1 =
        b"Caf\xe9 owners protest\n\nThe caf\xe9 owners of Lyon marched on Monday.\n".to_vec();
    latin1.extend_from_slice(b"\nThey want lower taxes.\n");
    std::fs::write(tree.join("latin1.txt"), &latin1).unwrap();
    std::fs::write(
        tree.join("good.txt"),
        good_article("Harbour reopens", "zanzibar"),
    )
    .unwrap();
    std::fs::write(
        tree.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0",
    )
    .unwrap();
    std::fs::write(tree.join("empty.txt"), b"").unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(
        good_article("Truncated story", "lost")
            .repeat(40)
            .as_bytes(),
    )
    .unwrap();
    let gz = enc.finish().unwrap();
    std::fs::write(tree.join("truncated.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(
        tree.join("broken.json"),
        b"{\"title\": \"Half an object\", \"text\": ",
    )
    .unwrap();

    let idx = dir.path().join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(s["articles"], 2, "{s}");
    assert_eq!(s["skipped"], 4, "{s}");
    let errors = s["errors"].as_array().unwrap();
    for bad in ["binary.txt", "empty.txt", "truncated.txt.gz", "broken.json"] {
        let e = errors
            .iter()
            .find(|e| e["path"].as_str().unwrap_or("").ends_with(bad))
            .unwrap_or_else(|| panic!("{bad} not reported: {s}"));
        assert!(!e["reason"].as_str().unwrap_or("").is_empty());
    }
    let r = search(&idx, "café", &[]);
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["title"], "Café owners protest");

    // --strict turns skips into exit status 1; the run still completes.
    let out = run(&[
        "index",
        "--strict",
        "--no-extract",
        "--index",
        idx.to_str().unwrap(),
        tree.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert_eq!(search(&idx, "", &["--limit", "0"])["total"], 2);
}

#[test]
fn changed_files_are_reindexed_and_prune_removes_gone_ones() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("world")).unwrap();
    for i in 0..5 {
        std::fs::write(
            tree.join(format!("world/{i}.txt")),
            good_article(&format!("Story {i}"), &format!("keyword{i}")),
        )
        .unwrap();
    }
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(
        (s["articles"].as_u64(), s["written"].as_u64()),
        (Some(5), Some(5))
    );

    std::fs::write(
        tree.join("world/0.txt"),
        good_article("Story zero, rewritten", "replacement"),
    )
    .unwrap();
    std::fs::remove_file(tree.join("world/1.txt")).unwrap();
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(s["written"], 1, "{s}");
    assert_eq!(s["unchanged_files"], 3, "{s}");
    assert_eq!(s["articles"], 4, "{s}");
    assert_eq!(search(&idx, "keyword0", &[])["total"], 0);
    assert_eq!(search(&idx, "replacement", &[])["total"], 1);
    // Without --prune the vanished file's article stays.
    assert_eq!(search(&idx, "keyword1", &[])["total"], 1);
    let s = index(&idx, &[&tree], &["--no-extract", "--prune"]);
    assert_eq!(s["pruned_files"], 1, "{s}");
    assert_eq!(search(&idx, "keyword1", &[])["total"], 0);
    assert_eq!(search(&idx, "", &["--limit", "0"])["total"], 4);
    // The section comes from the folder.
    let out = run(&[
        "extract",
        "--no-extract",
        tree.join("world/2.txt").to_str().unwrap(),
    ]);
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["section"], "world");
    assert_eq!(a["date"], serde_json::Value::Null);
}

#[test]
fn a_second_writer_is_refused_as_locked() {
    let dir = tempdir();
    let idx = dir.path().join("idx");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a.txt"), good_article("A", "alpha")).unwrap();
    index(&idx, &[&tree], &["--no-extract"]);
    let ni = newsdex::index::NewsIndex::open(&idx).unwrap();
    let _writer: tantivy::IndexWriter = ni.index.writer(50_000_000).unwrap();
    let out = run(&[
        "index",
        "--no-extract",
        "--index",
        idx.to_str().unwrap(),
        tree.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("locked by another writer"), "{stderr}");
    // Readers are not blocked by the writer.
    assert_eq!(search(&idx, "alpha", &[])["total"], 1);
}

#[test]
fn other_schema_versions_and_missing_indexes_are_refused_clearly() {
    let dir = tempdir();
    let idx = dir.path().join("idx");
    let out = run(&["search", "x", "--index", idx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no newsdex index"));
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a.txt"), good_article("A", "alpha")).unwrap();
    index(&idx, &[&tree], &["--no-extract"]);
    std::fs::write(
        idx.join("newsdex.json"),
        r#"{"schema_version": 999, "created_by": "future"}"#,
    )
    .unwrap();
    let out = run(&["search", "alpha", "--index", idx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("schema version 999") && stderr.contains("rebuild"),
        "{stderr}"
    );
}

#[test]
fn bad_options_exit_2_and_the_env_var_picks_the_index() {
    let dir = tempdir();
    let idx = dir.path().join("idx");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a.txt"), good_article("A", "alpha")).unwrap();
    let out = bin()
        .args(["index", "--no-extract", "--json", tree.to_str().unwrap()])
        .env("NEWSDEX_INDEX", &idx)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(idx.join("meta.json").exists());
    let i = idx.to_str().unwrap();
    for args in [
        vec!["search", "alpha", "--index", i, "--from", "2024-13-01"],
        vec!["search", "alpha", "--index", i, "--to", "soon"],
        vec!["search", "alpha", "--index", i, "--limit", "5000"],
        vec!["search", "alpha", "--index", i, "--sort", "random"],
        vec!["search", "(alpha", "--index", i],
        vec!["search", "alpha", "--index", i, "--limit", "-3"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let out = bin()
        .args(["search", "alpha", "--json"])
        .env("NEWSDEX_INDEX", &idx)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["total"], 1);
}

/// `extract DIR` walks the directory as `index` does (it said "Is a directory"): the same
/// articles, side files left out, and a bad file named with its reason while the rest print.
#[test]
fn extract_walks_a_directory_as_index_does() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("world")).unwrap();
    std::fs::write(tree.join("a.txt"), good_article("A", "alpha")).unwrap();
    std::fs::write(tree.join("world/b.txt"), good_article("B", "beta")).unwrap();
    std::fs::write(tree.join("MANIFEST.md"), "# not an article\n").unwrap();
    std::fs::write(tree.join("world/empty.txt"), "").unwrap();
    let out = run(&["extract", "--no-extract", tree.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a file was skipped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    let titles: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["title"].to_string())
        .collect();
    assert_eq!(titles, ["\"A\"", "\"B\""]);
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(s["articles"], 2, "{s}");
}
