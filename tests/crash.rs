//! SIGKILL in the middle of `newsdex index`, at two dozen moments (while parsing, while
//! committing, while merging): the index always opens and searches, what was committed stays,
//! and a rerun completes it to exactly every article, no duplicates, without starting over.

mod common;

use common::*;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ARTICLES: u64 = 30_000;

/// When a trial kills the run.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This many milliseconds after the start (startup, walking, parsing, adding).
    After(u64),
    /// This many milliseconds after the run announces its `n`th periodic commit.
    Commit(usize, u64),
    /// This many milliseconds after the run announces its final merge; the files touched
    /// before the trial give it work to commit and merge.
    Merge(u64),
}

/// Segment ids on disk that `meta.json` does not list: writes a kill interrupted (segments
/// being flushed by a commit or written by a merge). Tantivy deletes them later.
fn orphan_segments(idx: &Path) -> usize {
    // meta.json spells segment ids as hyphenated UUIDs; file names without hyphens.
    let meta = std::fs::read_to_string(idx.join("meta.json"))
        .unwrap_or_default()
        .replace('-', "");
    let mut ids = HashSet::new();
    for e in std::fs::read_dir(idx).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some((id, _)) = name.split_once('.')
            && id.len() == 32
            && id.bytes().all(|b| b.is_ascii_hexdigit())
        {
            ids.insert(id.to_string());
        }
    }
    ids.iter().filter(|id| !meta.contains(id.as_str())).count()
}

fn total(idx: &Path, q: &str) -> u64 {
    search(idx, q, &["--limit", "1"])["total"].as_u64().unwrap()
}

/// Runs `newsdex index` until `moment`, then SIGKILLs it. Returns whether it was killed
/// (false: it finished first, successfully).
fn run_and_kill(idx: &Path, archive: &Path, moment: Moment) -> bool {
    let mut child = bin()
        .args([
            "index",
            "--no-extract",
            "--trace-status",
            "--commit-secs",
            "1",
        ])
        .args(["--threads", "2", "--index"])
        .arg(idx)
        .arg(archive)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let start = Instant::now();
    let mut log = Vec::new();
    let mut commits = 0;
    let mut fire_at: Option<Instant> = match moment {
        Moment::After(ms) => Some(start + Duration::from_millis(ms)),
        _ => None,
    };
    let killed = loop {
        if let Some(t) = fire_at
            && Instant::now() >= t
        {
            break child.kill().is_ok();
        }
        match rx.recv_timeout(Duration::from_millis(1)) {
            Ok(line) => {
                match moment {
                    Moment::Commit(n, ms) if line == "status: committing" && fire_at.is_none() => {
                        commits += 1;
                        if commits == n {
                            fire_at = Some(Instant::now() + Duration::from_millis(ms));
                        }
                    }
                    Moment::Merge(ms) if line == "status: merging segments" => {
                        fire_at = Some(Instant::now() + Duration::from_millis(ms));
                    }
                    _ => {}
                }
                log.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break false,
        }
        if let Some(status) = child.try_wait().unwrap() {
            // It finished before the moment came: it must have succeeded (a stale lock from
            // the previous kill must not stop it).
            assert!(status.success(), "{status}: {log:?}");
            break false;
        }
    };
    let _ = child.wait();
    let _ = reader.join();
    killed
}

/// Distinct article ids in the index, from an NDJSON export.
fn distinct_ids(idx: &Path, out: &Path) -> (usize, usize) {
    let o = run(&[
        "export",
        "--format",
        "ndjson",
        "--index",
        idx.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut ids = HashSet::new();
    let mut lines = 0;
    for e in walkdir(out) {
        let text = std::fs::read_to_string(&e).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            ids.insert(v["id"].as_str().unwrap().to_string());
            lines += 1;
        }
    }
    (lines, ids.len())
}

/// The exported articles whose id occurs more than once, with their paths.
fn doubled(out: &Path) -> Vec<String> {
    let mut by_id: std::collections::HashMap<String, Vec<String>> = Default::default();
    for e in walkdir(out) {
        let text = std::fs::read_to_string(&e).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap_or_default().to_string();
            by_id.entry(id).or_default().push(v["path"].to_string());
        }
    }
    let mut out: Vec<String> = by_id
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(id, v)| format!("{id}: {v:?}"))
        .collect();
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else if p.extension().is_some_and(|x| x == "ndjson" || x == "jsonl") {
            out.push(p);
        }
    }
    out
}

/// Gives `n` files (every `step`th) a new mtime, so the next run re-indexes them.
fn touch_files(archive: &Path, step: usize, round: u64) -> usize {
    let mut files: Vec<_> = Vec::new();
    let mut stack = vec![archive.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let when = std::time::SystemTime::now() - Duration::from_secs(3600 * (round + 1));
    let mut n = 0;
    for f in files.iter().skip(round as usize).step_by(step) {
        let file = std::fs::File::options().write(true).open(f).unwrap();
        file.set_modified(when).unwrap();
        n += 1;
    }
    n
}

#[test]
fn killed_at_two_dozen_moments_then_a_rerun_has_exactly_every_article() {
    let Some(tool) = shared("tools/make-archive.py") else {
        return;
    };
    let dir = tempdir();
    let archive = dir.path().join("archive");
    let status = std::process::Command::new("python3")
        .arg(&tool)
        .args(["--out", archive.to_str().unwrap()])
        .args(["--articles", &ARTICLES.to_string(), "--seed", "7"])
        .args(["--gzip-every", "9", "--jsonl-every", "13"])
        .stdout(Stdio::null())
        .status()
        .expect("python3");
    assert!(status.success());
    let idx = dir.path().join("idx");

    let mut plan = Vec::new();
    // While starting, walking and parsing, before and between the first commits.
    for ms in [40, 120, 250, 400, 600, 900, 1300, 1800] {
        plan.push(Moment::After(ms));
    }
    // While committing: right as a commit starts, and a little later into it.
    for (n, ms) in [
        (1, 0),
        (1, 2),
        (2, 5),
        (1, 10),
        (2, 20),
        (3, 0),
        (1, 40),
        (2, 80),
    ] {
        plan.push(Moment::Commit(n, ms));
    }
    // While merging at the end of a run (after re-indexing touched files).
    for ms in [0, 1, 3, 10, 30, 100] {
        plan.push(Moment::Merge(ms));
    }
    // And a few more while re-indexing touched files.
    for ms in [1500, 2200] {
        plan.push(Moment::After(ms));
    }

    let mut committed = 0u64;
    let mut kills = 0;
    let mut interrupted_writes = 0;
    for (i, &moment) in plan.iter().enumerate() {
        // Merge trials need work to commit; the last two touch a third of the archive and
        // die long before the run could redo it, so the final rerun has work left.
        let touched = if matches!(moment, Moment::Merge(_)) {
            touch_files(&archive, 40, i as u64)
        } else if i >= 22 {
            touch_files(&archive, 3, i as u64)
        } else {
            0
        };
        let killed = run_and_kill(&idx, &archive, moment);
        kills += usize::from(killed);
        let orphans = if idx.join("meta.json").exists() {
            orphan_segments(&idx)
        } else {
            0
        };
        interrupted_writes += usize::from(orphans > 0);
        if !idx.join("meta.json").exists() {
            eprintln!("trial {i:2} {moment:?}: killed before the index was created");
            continue;
        }
        // The index opens and answers; nothing committed before is lost, nothing doubled.
        let now = total(&idx, "");
        assert!(
            now >= committed,
            "trial {i}: {now} < {committed} committed before"
        );
        assert!(now <= ARTICLES, "trial {i}: {now} articles");
        assert!(total(&idx, "the") <= now);
        eprintln!(
            "trial {i:2} {moment:?}: killed={killed}, touched {touched} files, \
             {now} articles committed (+{}), {orphans} interrupted segment(s) on disk",
            now - committed
        );
        committed = now;
    }
    eprintln!("{kills} kills, {interrupted_writes} left interrupted segment writes");
    assert!(
        kills >= 20,
        "only {kills} of {} trials were killed",
        plan.len()
    );

    // The rerun completes the index: it rewrites what was not committed, not everything.
    let s = index(&idx, &[&archive], &["--no-extract", "--threads", "2"]);
    eprintln!("rerun after the last kill: {s}");
    assert_eq!(s["articles"], ARTICLES, "{s}");
    assert_eq!(s["skipped"], 0, "{s}");
    let written = s["written"].as_u64().unwrap();
    assert!(written >= ARTICLES - committed, "{s}");
    assert!(written > 0, "the last kills left work: {s}");
    assert!(written < ARTICLES, "the rerun started from zero: {s}");
    assert!(s["unchanged_files"].as_u64().unwrap() > 0, "{s}");
    let (docs, ids) = distinct_ids(&idx, &dir.path().join("export"));
    assert_eq!(
        (total(&idx, ""), docs, ids),
        (ARTICLES, ARTICLES as usize, ARTICLES as usize),
        "no duplicates, no losses; doubled: {:?}",
        doubled(&dir.path().join("export"))
    );
    // Once more: nothing to write.
    let s = index(&idx, &[&archive], &["--no-extract"]);
    assert_eq!(
        (s["articles"].as_u64(), s["written"].as_u64()),
        (Some(ARTICLES), Some(0))
    );
    // The files of interrupted writes do not pile up: completed runs collect them.
    assert_eq!(orphan_segments(&idx), 0, "segment files left by the kills");
}
