//! File names are bytes: paths stay byte-exact as the incremental key, in the index and in
//! messages, whatever the names hold (Latin-1 bytes, newlines, backslashes).

mod common;

use common::*;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use newsdex::ingest::escape::{path_to_text, text_to_path};

fn article(title: &str, word: &str) -> String {
    format!("{title}\n\nThe first paragraph mentions {word} and other things.\n")
}

fn named(dir: &Path, name: &[u8]) -> PathBuf {
    dir.join(OsStr::from_bytes(name))
}

/// Three files whose Latin-1 names differ only in one byte (`Müller`, `Möller`, `Mäller`)
/// were one path after lossy decoding: "1 files, 1 articles", two articles silently gone.
#[test]
fn names_that_differ_only_in_non_utf8_bytes_are_three_files() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let names: [(&[u8], &str); 3] = [
        (b"M\xfcller.txt", "zebra"),
        (b"M\xf6ller.txt", "yak"),
        (b"M\xe4ller.txt", "walrus"),
    ];
    for (name, word) in names {
        std::fs::write(named(&tree, name), article("A story", word)).unwrap();
    }
    // A literal backslash-escape in a valid name must not collide with the escaped byte.
    std::fs::write(named(&tree, b"M\\xfcller.txt"), article("Another", "okapi")).unwrap();
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(
        (s["files"].as_u64(), s["articles"].as_u64()),
        (Some(4), Some(4)),
        "{s}"
    );
    let canon = std::fs::canonicalize(&tree).unwrap();
    for (name, word) in names
        .iter()
        .copied()
        .chain([(&b"M\\xfcller.txt"[..], "okapi")])
    {
        let r = search(&idx, word, &[]);
        assert_eq!(r["total"], 1, "{word}: {r}");
        let stored = r["hits"][0]["path"].as_str().unwrap();
        let file = named(&canon, name);
        assert_eq!(stored, path_to_text(&file), "{word}");
        assert_eq!(text_to_path(stored).as_deref(), Some(file.as_path()));
        assert!(text_to_path(stored).unwrap().exists());
    }
    assert_eq!(
        search(&idx, "zebra", &[])["hits"][0]["path"]
            .as_str()
            .unwrap(),
        format!("{}/M\\xfcller.txt", canon.display())
    );
    // The incremental key round-trips: a rerun writes nothing and prunes nothing.
    let s = index(&idx, &[&tree], &["--no-extract", "--prune"]);
    assert_eq!(s["written"], 0, "{s}");
    assert_eq!(s["unchanged_files"], 4, "{s}");
    assert_eq!(s["pruned_files"], 0, "{s}");
    // Changing one of them replaces exactly its article.
    std::fs::write(named(&tree, b"M\xf6ller.txt"), article("Rewritten", "gnu")).unwrap();
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(
        (s["written"].as_u64(), s["articles"].as_u64()),
        (Some(1), Some(4)),
        "{s}"
    );
    assert_eq!(search(&idx, "yak", &[])["total"], 0);
    assert_eq!(search(&idx, "gnu", &[])["total"], 1);
    // Deleting one prunes exactly it.
    std::fs::remove_file(named(&tree, b"M\xe4ller.txt")).unwrap();
    let s = index(&idx, &[&tree], &["--no-extract", "--prune"]);
    assert_eq!(
        (s["pruned_files"].as_u64(), s["articles"].as_u64()),
        (Some(1), Some(3)),
        "{s}"
    );
    assert_eq!(search(&idx, "walrus", &[])["total"], 0);
    assert_eq!(search(&idx, "zebra", &[])["total"], 1);
}

/// A newline in a file name split the one-line skip report (a name could forge a
/// `skipped …` line), and invalid UTF-8 printed as U+FFFD, so the file could not be found
/// from the message.
#[test]
fn skip_reports_are_one_line_and_name_the_file_exactly() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let forged = named(&tree, b"a.txt\nskipped passwd: forged.txt");
    std::fs::write(&forged, b"").unwrap();
    let latin1 = named(&tree, b"caf\xe9.txt");
    std::fs::write(&latin1, b"   \n").unwrap();
    std::fs::write(tree.join("good.txt"), article("Fine", "heron")).unwrap();
    let out = bin()
        .args(["index", "--no-extract", "--index"])
        .arg(dir.path().join("idx"))
        .arg(&tree)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).expect("messages are valid UTF-8");
    let lines: Vec<&str> = err.lines().collect();
    // Two skip lines and the summary, nothing else.
    assert_eq!(lines.len(), 3, "{err}");
    assert!(!err.contains('\u{fffd}'), "{err}");
    let canon = std::fs::canonicalize(&tree).unwrap();
    for file in [&forged, &latin1] {
        let file = canon.join(file.file_name().unwrap());
        let text = path_to_text(&file);
        // The printed name leads back to the file, byte for byte.
        assert!(
            lines.contains(&format!("skipped {text}: empty file").as_str()),
            "{text}: {err}"
        );
        assert_eq!(text_to_path(&text).as_deref(), Some(file.as_path()));
    }
    assert!(
        err.contains("a.txt\\x0askipped passwd: forged.txt: empty file"),
        "{err}"
    );
    assert!(err.contains("caf\\xe9.txt: empty file"), "{err}");
    assert!(lines[2].contains("skipped"), "{err}");
}
