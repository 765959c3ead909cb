//! Text is read whatever its encoding and whatever a stray byte says: UTF-16 with a BOM, a
//! UTF-8 text with a stray NUL, a file named `.gz` that is plain text.

mod common;

use common::*;

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// UTF-16 text (with a BOM) and a UTF-8 text with one stray NUL were skipped as "binary".
#[test]
fn utf16_and_a_stray_nul_are_read_as_text() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let body = "Zoë's café\n\nThe first paragraph mentions gazelle and Zürich.\n";
    std::fs::write(
        tree.join("le.txt"),
        utf16(&body.replace("gazelle", "lemur"), true),
    )
    .unwrap();
    std::fs::write(
        tree.join("be.txt"),
        utf16(&body.replace("gazelle", "marmot"), false),
    )
    .unwrap();
    let json = r#"{"title": "Wire story", "body": "A story about the ocelot."}"#;
    std::fs::write(tree.join("le.json"), utf16(json, true)).unwrap();
    let mut nul = body.replace("gazelle", "tapir").into_bytes();
    nul.insert(20, 0);
    std::fs::write(tree.join("nul.txt"), &nul).unwrap();
    // Real binary content is still refused.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0".to_vec();
    png.extend(std::iter::repeat_n(0u8, 300));
    std::fs::write(tree.join("picture.txt"), &png).unwrap();
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(
        (s["articles"].as_u64(), s["skipped"].as_u64()),
        (Some(4), Some(1)),
        "{s}"
    );
    assert!(
        s["errors"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("picture.txt"),
        "{s}"
    );
    assert!(
        s["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("binary"),
        "{s}"
    );
    for word in ["lemur", "marmot", "ocelot", "tapir"] {
        let r = search(&idx, word, &[]);
        assert_eq!(r["total"], 1, "{word}: {r}");
        let title = r["hits"][0]["title"].as_str().unwrap();
        assert!(
            title == "Zoë's café" || title == "Wire story",
            "{word}: {title}"
        );
    }
    // The NUL is not part of the text.
    let out = run(&[
        "extract",
        "--no-extract",
        tree.join("nul.txt").to_str().unwrap(),
    ]);
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = format!("{}{}{}", a["title"], a["lede"], a["body"]);
    assert!(text.contains("tapir") && !text.contains("\\u0000"), "{a}");
}

/// A file named `.gz` or `.zst` that is plain text was skipped for "missing magic bytes",
/// although formats are chosen by extension, then by content. It is read as what it holds;
/// a compressed file that is corrupt, or binary content under any name, is still refused.
#[test]
fn a_file_named_compressed_that_is_plain_text_is_read() {
    let dir = tempdir();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(
        tree.join("story.txt.gz"),
        "Harbour ferry resumes\n\nThe ferry to the islands carried its first narwhal watchers.\n",
    )
    .unwrap();
    std::fs::write(
        tree.join("feed.jsonl.zst"),
        "{\"title\": \"Wire one\", \"body\": \"A story about the axolotl.\"}\n\
         {\"title\": \"Wire two\", \"body\": \"A story about the quokka.\"}\n",
    )
    .unwrap();
    // gzip magic, then garbage: corrupt, not plain.
    std::fs::write(
        tree.join("broken.txt.gz"),
        b"\x1f\x8b\x08\0garbage that is not deflate",
    )
    .unwrap();
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&tree], &["--no-extract"]);
    assert_eq!(
        (s["articles"].as_u64(), s["skipped_files"].as_u64()),
        (Some(3), Some(1)),
        "{s}"
    );
    assert!(
        s["errors"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("broken.txt.gz"),
        "{s}"
    );
    for (word, title) in [
        ("narwhal", "Harbour ferry resumes"),
        ("axolotl", "Wire one"),
        ("quokka", "Wire two"),
    ] {
        let r = search(&idx, word, &[]);
        assert_eq!(r["total"], 1, "{word}: {r}");
        assert_eq!(r["hits"][0]["title"], title, "{word}: {r}");
    }
}
