//! Faults during indexing: streamed files split across segments, concurrent readers and
//! writers, stale locks, full disks, read-only and unreadable paths, symlink loops. Each must
//! give a clear message and leave the index as it was at the last commit.

mod common;

use common::*;
use std::path::Path;
use std::time::Duration;

use newsdex::index::writer::{IndexOptions, NoProgress, index_paths};

/// A JSONL file of `n` distinct articles (streamed in batches when `n` > 512).
fn jsonl(path: &Path, n: usize, tag: &str) {
    jsonl_sized(path, n, tag, 0);
}

/// Like [`jsonl`], with `extra` distinct words added to each body.
fn jsonl_sized(path: &Path, n: usize, tag: &str, extra: usize) {
    let mut s = String::new();
    for i in 0..n {
        let filler: String = (0..extra).map(|w| format!(" w{}x{w}", i * 7 + w)).collect();
        s.push_str(&format!(
            "{{\"id\":\"{tag}-{i}\",\"title\":\"Story {i} of {tag}\",\"date\":\"2020-01-02\",\"body\":\"Body of story {i} about {tag}.{filler}\"}}\n"
        ));
    }
    std::fs::write(path, s).unwrap();
}

/// The colleague's bug: a streamed file's batches (stamped 0, the last one with the real
/// signature) land in different segments, or in any order inside one, and the next run took
/// the unchanged file as changed and rewrote it whole.
#[test]
fn streamed_files_split_across_segments_are_not_rewritten() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for k in 0..4 {
        jsonl(
            &tree.join(format!("big{k}.jsonl")),
            3000,
            &format!("big{k}"),
        );
    }
    let idx = dir.path().join("idx");
    let opts = IndexOptions {
        threads: 2,
        memory_budget: 32 * 1024 * 1024,
        extract: false,
        // Commit as often as the loop allows, so batches of one file straddle commits.
        commit_interval: Duration::from_millis(1),
        ..IndexOptions::default()
    };
    // The first run merges nothing (every segment is over half the cap), so the split it
    // makes stays on disk whatever the timing: two indexing threads each write a segment at
    // every commit, and the batches of one file go to both. (With merges, a loaded machine
    // sometimes merged everything into one segment before the check.)
    let split = IndexOptions {
        max_merge_bytes: 1,
        ..opts.clone()
    };
    let s = index_paths(&idx, std::slice::from_ref(&tree), &split, &NoProgress).unwrap();
    assert_eq!((s.articles, s.written), (12_000, 12_000));
    let ni = newsdex::index::NewsIndex::open(&idx).unwrap();
    let segments = ni.reader.searcher().segment_readers().len();
    drop(ni);
    assert!(
        segments >= 2,
        "{segments} segment(s): the test needs a split"
    );
    // The reruns merge as usual, so the second may also see the batches in any order
    // inside one merged segment.
    for _ in 0..2 {
        let s = index_paths(&idx, std::slice::from_ref(&tree), &opts, &NoProgress).unwrap();
        assert_eq!(
            (s.articles, s.written, s.unchanged_files),
            (12_000, 0, 4),
            "unchanged streamed files must not be rewritten"
        );
    }
    assert_eq!(search(&idx, "", &["--limit", "0"])["total"], 12_000);
}

/// A tree of `files` JSONL files of `per` articles each, plus two streamed files of 1,500.
fn tree_of(dir: &Path, files: usize, per: usize) -> u64 {
    std::fs::create_dir_all(dir).unwrap();
    for f in 0..files {
        jsonl(&dir.join(format!("f{f:04}.jsonl")), per, &format!("f{f}"));
    }
    for k in 0..2 {
        jsonl(&dir.join(format!("big{k}.jsonl")), 1500, &format!("big{k}"));
    }
    (files * per + 3000) as u64
}

fn cli_total(idx: &Path, q: &str) -> u64 {
    let out = run(&[
        "search",
        q,
        "--json",
        "--limit",
        "0",
        "--index",
        idx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "search during the run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total"].as_u64().unwrap()
}

fn index_cmd(idx: &Path, tree: &Path) -> std::process::Command {
    let mut c = bin();
    c.args(["index", "--no-extract", "--json", "--commit-secs", "1"])
        .args(["--threads", "2", "--index"])
        .arg(idx)
        .arg(tree)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    c
}

/// CLI searches while a run commits and merges: every one succeeds and totals never go
/// down; a second writer is refused at once while the first finishes unharmed.
#[test]
fn cli_searches_and_a_second_writer_during_an_index_run() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    let n = tree_of(&tree, 600, 20);
    let idx = dir.path().join("idx");
    let mut first = index_cmd(&idx, &tree).spawn().unwrap();
    let mut seen = vec![0u64];
    let mut refused = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(300);
    loop {
        let done = first.try_wait().unwrap().is_some();
        if idx.join("meta.json").exists() {
            let t = cli_total(&idx, "");
            assert!(
                t >= *seen.last().unwrap(),
                "total went down: {seen:?} then {t}"
            );
            assert!(t <= n);
            // Every article is a "Story"; searched after `t`, a commit may fall between.
            let story = cli_total(&idx, "story");
            assert!((t..=n).contains(&story), "{t} then {story} stories");
            seen.push(t);
            if !refused && !done {
                // A second writer: refused at once, with "locked" and a non-zero exit.
                let t0 = std::time::Instant::now();
                let out = index_cmd(&idx, &tree)
                    .stderr(std::process::Stdio::piped())
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                if first.try_wait().unwrap().is_none() {
                    assert_eq!(out.status.code(), Some(1), "{err}");
                    assert!(err.contains("locked by another writer"), "{err}");
                    assert_eq!(err.trim().lines().count(), 1, "{err}");
                    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
                    refused = true;
                }
            }
        }
        if done {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{seen:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (s["articles"].as_u64(), s["written"].as_u64()),
        (Some(n), Some(n))
    );
    assert!(
        refused,
        "the run ended before a second writer could be tried"
    );
    assert_eq!(cli_total(&idx, ""), n);
    let distinct: std::collections::BTreeSet<u64> = seen.iter().copied().collect();
    eprintln!(
        "{} searches saw {} distinct totals",
        seen.len(),
        distinct.len()
    );
}

/// After a SIGKILL the writer lock file is still on disk; the next run is not blocked.
#[test]
fn a_stale_lock_after_a_kill_does_not_block_the_next_run() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    let n = tree_of(&tree, 300, 20);
    let idx = dir.path().join("idx");
    let mut child = index_cmd(&idx, &tree).spawn().unwrap();
    let t0 = std::time::Instant::now();
    while !idx.join(".tantivy-writer.lock").exists() && t0.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        idx.join(".tantivy-writer.lock").exists(),
        "the lock file stays"
    );
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(s["articles"].as_u64(), Some(n), "{s}");
    assert_eq!(cli_total(&idx, ""), n);
}

/// Unreadable files and directories and symlink loops: one line each, the rest indexed;
/// a read-only index directory: refused at once, the index unchanged.
#[test]
fn unreadable_paths_symlink_loops_and_a_read_only_index() {
    let dir = tempdir();
    chmod(dir.path(), 0o755);
    let tree = dir.path().join("tree");
    let n = tree_of(&tree, 10, 3);
    std::fs::create_dir_all(tree.join("locked")).unwrap();
    jsonl(&tree.join("locked/hidden.jsonl"), 5, "hidden");
    jsonl(&tree.join("unreadable.jsonl"), 5, "unreadable");
    std::os::unix::fs::symlink("..", tree.join("locked").with_file_name("up")).unwrap();
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", tree.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("self", tree.join("self")).unwrap();
    let idx = dir.path().join("idx");
    std::fs::create_dir_all(&idx).unwrap();
    chown_nobody(&idx);
    chmod(&tree.join("locked"), 0o000);
    chmod(&tree.join("unreadable.jsonl"), 0o000);
    let (i, t) = (idx.to_str().unwrap(), tree.to_str().unwrap());
    let out = unprivileged(&["index", "--no-extract", "--json", "--index", i, t]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["articles"].as_u64(), Some(n), "{s}");
    let reasons: Vec<String> = s["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e["path"], e["reason"]))
        .collect();
    for (what, needle) in [
        ("locked", "Permission denied"),
        ("unreadable.jsonl", "Permission denied"),
        ("sub/loop", "loop"),
        ("tree/up", "loop"),
        ("tree/self", "symbolic links"),
    ] {
        assert!(
            reasons
                .iter()
                .any(|r| r.contains(what) && r.contains(needle)),
            "{what}: {reasons:#?}"
        );
    }
    assert_eq!(reasons.len(), 5, "{reasons:#?}");
    assert_eq!(err.lines().count(), 5, "one line each: {err}");

    // A read-only index directory: a clear one-line refusal before any work, nothing lost.
    jsonl(&tree.join("new.jsonl"), 4, "giraffe");
    chmod(&idx, 0o555);
    let out = unprivileged(&["index", "--no-extract", "--index", i, t]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot write the index") && err.contains("permission denied"),
        "{err}"
    );
    let out = unprivileged(&["search", "", "--json", "--limit", "0", "--index", i]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"].as_u64(), Some(n), "the index is as it was");
    chmod(&idx, 0o755);
    chmod(&tree.join("locked"), 0o755);
    chmod(&tree.join("unreadable.jsonl"), 0o644);
}

/// How the test fills the disk: a small tmpfs (root), else a file-size limit.
enum Limit {
    Tmpfs(std::path::PathBuf),
    FileSize(u64),
}

fn mount_tmpfs(at: &Path, mb: u64, remount: bool) -> bool {
    let mut c = std::process::Command::new("mount");
    c.args(["-t", "tmpfs", "-o"]);
    if remount {
        c.arg(format!("remount,size={mb}m"));
    } else {
        c.arg(format!("size={mb}m"));
    }
    c.arg("tmpfs")
        .arg(at)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A full disk in the middle of a run: a clear one-line message and exit 1, no hang, the
/// index exactly as at its last commit; with space again, a rerun completes it exactly.
#[test]
fn a_full_disk_mid_run_loses_nothing_committed() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for f in 0..400 {
        jsonl_sized(
            &tree.join(format!("f{f:04}.jsonl")),
            20,
            &format!("f{f}"),
            300,
        );
    }
    let n = 400 * 20;
    let small = dir.path().join("small");
    std::fs::create_dir_all(&small).unwrap();
    jsonl(&small.join("a.jsonl"), 50, "small");
    let mnt = dir.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    // NEWSDEX_TEST_NO_TMPFS tries the fallback where mounting is permitted.
    let tmpfs = std::env::var_os("NEWSDEX_TEST_NO_TMPFS").is_none() && mount_tmpfs(&mnt, 4, false);
    // Unmounted even when an assertion fails, so a failing run leaves no mount behind.
    let _unmount = tmpfs.then(|| Unmount(mnt.clone()));
    let limit = if tmpfs {
        eprintln!("full disk: a 4 MB tmpfs");
        Limit::Tmpfs(mnt.clone())
    } else {
        eprintln!("full disk: tmpfs not permitted here; RLIMIT_FSIZE (ulimit -f) of 2 MB instead");
        Limit::FileSize(2048)
    };
    let idx = mnt.join("idx");
    let s = index(&idx, &[&small], &["--no-extract"]);
    assert_eq!(s["articles"], 50);
    let sh = |extra: &str, path: &Path| {
        // SIGXFSZ ignored, so a write over the limit fails with EFBIG instead of killing.
        let ulimit = match limit {
            Limit::FileSize(kb) => format!("trap '' XFSZ; ulimit -f {kb}; "),
            Limit::Tmpfs(_) => String::new(),
        };
        let script = format!(
            "{ulimit}exec \"$0\" index --no-extract --threads 2 {extra} --index \"$1\" \"$2\""
        );
        std::process::Command::new("sh")
            .args(["-c", &script])
            .arg(exe())
            .arg(&idx)
            .arg(path)
            .output()
            .unwrap()
    };
    // No periodic commit: the failure must leave exactly the 50 committed articles.
    let t0 = std::time::Instant::now();
    let out = sh("--commit-secs 3600", &tree);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        t0.elapsed() < Duration::from_secs(120),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("no space left on device") || err.contains("file too large"),
        "{err}"
    );
    assert_eq!(
        cli_total(&idx, ""),
        50,
        "the index is as at its last commit"
    );
    assert_eq!(cli_total(&idx, "small"), 50);
    // With periodic commits: what was committed before the disk filled stays.
    let out = sh("--commit-secs 1", &tree);
    assert_eq!(out.status.code(), Some(1));
    let kept = cli_total(&idx, "");
    assert!((50..=n + 50).contains(&kept), "{kept}");
    match &limit {
        Limit::Tmpfs(m) => {
            assert!(mount_tmpfs(m, 512, true), "remount with more space");
        }
        Limit::FileSize(_) => {}
    }
    let s = index(&idx, &[&tree, &small], &["--no-extract"]);
    assert_eq!(s["articles"].as_u64(), Some(n + 50), "{s}");
    assert_eq!(cli_total(&idx, ""), n + 50);
}

/// Unmounts a test's tmpfs when dropped.
struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}
