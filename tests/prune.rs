//! `--prune` removes only what the walk saw was gone: never what it could not list or open,
//! never anything under a root that does not exist (an unmounted disk).

mod common;

use common::*;
use std::path::Path;

fn tree_of(dir: &Path, files: usize, tag: &str) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..files {
        std::fs::write(
            dir.join(format!("{tag}{i}.txt")),
            format!("Story {i} of {tag}\n\nThe paragraph mentions {tag} and more.\n"),
        )
        .unwrap();
    }
}

fn total(idx: &str) -> u64 {
    let out = unprivileged(&["search", "", "--json", "--limit", "0", "--index", idx]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v["total"].as_u64().unwrap()
}

fn prune(idx: &str, roots: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["index", "--no-extract", "--json", "--prune", "--index", idx];
    args.extend_from_slice(roots);
    let out = unprivileged(&args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

/// A subdirectory made unreadable (`000`), or listable but not searchable (`r--`): its files
/// were reported and then pruned, exit 0. Now they stay; files deleted elsewhere still go.
#[test]
fn an_unreadable_directory_is_not_a_deleted_one() {
    let dir = tempdir();
    chmod(dir.path(), 0o755);
    let tree = dir.path().join("tree");
    tree_of(&tree, 4, "top");
    tree_of(&tree.join("sub"), 5, "hidden");
    tree_of(&tree.join("sub/deeper"), 2, "deep");
    let idx = dir.path().join("idx");
    std::fs::create_dir_all(&idx).unwrap();
    chown_nobody(&idx);
    let (i, t) = (idx.to_str().unwrap(), tree.to_str().unwrap());
    let (s, _) = prune(i, &[t]);
    assert_eq!(s["articles"], 11, "{s}");
    std::fs::remove_file(tree.join("top0.txt")).unwrap();
    for mode in [0o000, 0o444] {
        chmod(&tree.join("sub"), mode);
        let (s, err) = prune(i, &[t]);
        chmod(&tree.join("sub"), 0o755);
        assert_eq!(
            s["pruned_files"],
            u64::from(mode == 0o000),
            "mode {mode:o}: {s}"
        );
        assert_eq!(
            total(i),
            10,
            "mode {mode:o}: nothing under sub/ pruned: {s}\n{err}"
        );
        assert!(
            err.lines()
                .any(|l| l.contains("/tree/sub") && l.contains("--prune removes nothing")),
            "{err}"
        );
    }
    // Readable again: nothing was lost, nothing needs rewriting.
    let (s, _) = prune(i, &[t]);
    assert_eq!(
        (s["written"].as_u64(), s["articles"].as_u64()),
        (Some(0), Some(10)),
        "{s}"
    );
}

/// A root that does not exist (the disk is not mounted) pruned every article under it. Now
/// nothing under it is touched, and the roots that exist are pruned as before.
#[test]
fn a_missing_root_prunes_nothing() {
    let dir = tempdir();
    chmod(dir.path(), 0o755);
    let (disk, other) = (dir.path().join("disk"), dir.path().join("other"));
    tree_of(&disk, 6, "mounted");
    tree_of(&other, 3, "local");
    let idx = dir.path().join("idx");
    std::fs::create_dir_all(&idx).unwrap();
    chown_nobody(&idx);
    let (i, d, o) = (
        idx.to_str().unwrap(),
        disk.to_str().unwrap(),
        other.to_str().unwrap(),
    );
    let (s, _) = prune(i, &[d, o]);
    assert_eq!(s["articles"], 9, "{s}");
    std::fs::rename(&disk, dir.path().join("unmounted")).unwrap();
    std::fs::remove_file(other.join("local0.txt")).unwrap();
    let (s, err) = prune(i, &[d, o]);
    assert_eq!(
        s["pruned_files"], 1,
        "only the deleted local file: {s}\n{err}"
    );
    assert_eq!(total(i), 8);
    assert!(
        err.lines()
            .any(|l| l.contains("/disk") && l.contains("--prune removes nothing")),
        "{err}"
    );
    let (s, _) = prune(i, &[d]);
    assert_eq!(s["pruned_files"], 0, "{s}");
    assert_eq!(total(i), 8);
}
