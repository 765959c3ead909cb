//! End-to-end tests of bad input, incremental runs, locking and errors (no corpora needed).

mod common;

use common::*;
use std::io::Write;
use std::path::Path;

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

/// `index DIR --index DIR` wrote tantivy files into the archive and later listed `meta.json`
/// as a skipped article. Now refused before anything is written; an index inside an archive
/// root (`newsdex index .` with the default `./newsdex-index`) is left out of the walk.
#[test]
fn the_archive_folder_is_never_the_index_folder() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a.txt"), good_article("Harbour", "pelican")).unwrap();
    let t = tree.to_str().unwrap();
    for idx in [t.to_string(), dir.path().display().to_string()] {
        let out = run(&["index", "--no-extract", "--index", &idx, t]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("give --index a directory of its own"), "{err}");
        assert!(!Path::new(&idx).join("meta.json").exists());
    }
    let names = |p: &Path| std::fs::read_dir(p).unwrap().count();
    assert_eq!(names(&tree), 1, "nothing written into the archive");
    // The index inside the archive root: walked past, twice.
    let inner = tree.join("newsdex-index");
    for _ in 0..2 {
        let out = run(&["index", "--no-extract", "--json", "--index"]
            .into_iter()
            .chain([inner.to_str().unwrap(), t])
            .collect::<Vec<_>>());
        assert!(out.status.success());
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            (s["files"].as_u64(), s["skipped"].as_u64()),
            (Some(1), Some(0)),
            "{s}"
        );
    }
}

/// The summary counted items as files ("30 files … 31 skipped"); "too large" printed the cap
/// plus one instead of the file's size.
#[test]
fn the_summary_tells_skipped_files_from_skipped_items_and_sizes_are_true() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for i in 0..3 {
        std::fs::write(tree.join(format!("{i}.txt")), good_article("Fine", "ibis")).unwrap();
    }
    std::fs::write(tree.join("empty.txt"), "").unwrap();
    let mut lines = String::new();
    for i in 0..32 {
        if i % 16 == 0 {
            lines.push_str(&format!(
                "{{\"title\":\"Line {i}\",\"body\":\"Body {i}.\"}}\n"
            ));
        } else {
            lines.push_str("{\"title\": broken\n");
        }
    }
    std::fs::write(tree.join("feed.jsonl"), lines).unwrap();
    let big = "A paragraph of filler words for the size cap.\n".repeat(50_000);
    std::fs::write(tree.join("big.txt"), format!("Big\n\n{big}")).unwrap();
    let size = std::fs::metadata(tree.join("big.txt")).unwrap().len();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(format!("Big\n\n{big}").as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(tree.join("big.txt.gz"), &gz).unwrap();
    let idx = dir.path().join("idx");
    let (i, t) = (idx.to_str().unwrap(), tree.to_str().unwrap());
    let out = run(&[
        "index",
        "--no-extract",
        "--max-file-mb",
        "1",
        "--index",
        i,
        t,
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    let summary = err.lines().last().unwrap();
    assert!(
        summary.starts_with(
            "7 files, 5 articles (5 written, 0 files unchanged), 3 files skipped, \
             30 items skipped within 1 file, "
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "big.txt: too large: {size} bytes exceeds the cap of 1048576 bytes"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "big.txt.gz: too large: more than 1048576 bytes once decompressed ({} bytes compressed)",
            gz.len()
        )),
        "{err}"
    );
    let s = index(
        &dir.path().join("idx2"),
        &[&tree],
        &["--no-extract", "--max-file-mb", "1"],
    );
    assert_eq!(
        (
            s["skipped"].as_u64(),
            s["skipped_files"].as_u64(),
            s["skipped_items"].as_u64(),
            s["files_with_skipped_items"].as_u64()
        ),
        (Some(33), Some(3), Some(30), Some(1)),
        "{s}"
    );
}

/// `newsdex search -war` was rejected by clap ("unexpected argument '-w'"): a query that
/// starts with `-` works without `--`, before or after the options.
#[test]
fn a_query_may_start_with_a_hyphen() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for (i, w) in ["war", "peace", "war and peace"].iter().enumerate() {
        std::fs::write(tree.join(format!("{i}.txt")), good_article("Story", w)).unwrap();
    }
    let idx = dir.path().join("idx");
    index(&idx, &[&tree], &["--no-extract"]);
    let i = idx.to_str().unwrap();
    for args in [
        vec!["search", "-war", "--json", "--index", i],
        vec!["search", "--json", "--index", i, "-war"],
        vec!["search", "--json", "--index", i, "--", "-war"],
        vec!["search", "--json", "--index", i, "-war peace"],
    ] {
        let v = run_json(&args);
        assert_eq!(v["total"], 1, "{args:?}: {v}");
        assert!(
            v["hits"][0]["snippet"].as_str().unwrap().contains("peace"),
            "{v}"
        );
    }
    let out = run(&["search", "-war", "--index", i]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("1 results"));
}

/// Queries made only of operators or punctuation (`OR`, `-`, `""`, `%`, `=`) listed
/// the whole archive: they are refused with a reason (exit 2), while an empty query still
/// lists everything and `-war` still means "not war".
#[test]
fn a_query_of_operators_or_punctuation_alone_is_refused() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for (i, w) in ["war", "peace"].iter().enumerate() {
        std::fs::write(tree.join(format!("{i}.txt")), good_article("Story", w)).unwrap();
    }
    let idx = dir.path().join("idx");
    index(&idx, &[&tree], &["--no-extract"]);
    let i = idx.to_str().unwrap();
    for q in ["OR", "AND", "NOT", "-", "\"\"", "%", "=", "OR AND", "( )"] {
        let out = run(&["search", "--json", "--index", i, "--", q]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{q:?}: {err}");
        assert!(err.contains("nothing to search for"), "{q:?}: {err}");
    }
    assert_eq!(
        run_json(&["search", "--json", "--index", i, ""])["total"],
        2
    );
    assert_eq!(
        run_json(&["search", "--json", "--index", i, "-war"])["total"],
        1
    );
}
