//! A SIGKILL in the middle of `newsdex index` leaves an index that opens and searches, and
//! the next run completes it: exactly every article, no duplicates.

mod common;

use common::*;
use std::time::{Duration, Instant};

#[test]
fn kill_mid_run_then_rerun_completes_exactly() {
    let Some(tool) = shared("tools/make-archive.py") else {
        return;
    };
    let dir = tempdir();
    let archive = dir.path().join("archive");
    let status = std::process::Command::new("python3")
        .arg(&tool)
        .args([
            "--out",
            archive.to_str().unwrap(),
            "--articles",
            "4000",
            "--seed",
            "7",
        ])
        .args(["--gzip-every", "9", "--jsonl-every", "13"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3");
    assert!(status.success());
    let idx = dir.path().join("idx");
    let idx_s = idx.to_str().unwrap();

    // Kill at several moments: before the first commit, after some, late in the run.
    for delay_ms in [300u64, 1500, 2500] {
        let mut child = bin()
            .args([
                "index",
                "--no-extract",
                "--commit-secs",
                "1",
                "--threads",
                "2",
            ])
            .args(["--index", idx_s, archive.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if idx.join("meta.json").exists() {
            // The index opens and answers.
            let r = search(&idx, "", &["--limit", "1"]);
            assert!(r["total"].as_u64().unwrap_or(0) <= 4000, "{r}");
        }
    }
    let s = index(&idx, &[&archive], &["--no-extract"]);
    assert_eq!(s["articles"], 4000, "{s}");
    assert_eq!(s["skipped"], 0, "{s}");
    let r = search(&idx, "", &["--limit", "0"]);
    assert_eq!(r["total"], 4000, "no duplicates, no losses: {r}");
    // Rerunning once more writes nothing.
    let s = index(&idx, &[&archive], &["--no-extract"]);
    assert_eq!(
        (s["articles"].as_u64(), s["written"].as_u64()),
        (Some(4000), Some(0)),
        "{s}"
    );
}
