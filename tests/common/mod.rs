//! Helpers for the end-to-end tests: run the `newsdex` binary and read its JSON.

#![allow(dead_code)]

pub mod corpus;
pub mod http;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[allow(unused_imports)]
pub use newsdex::testing::shared;

/// The binary under test: the one cargo built, or `$NEWSDEX_TEST_BIN` (to show that a
/// regression test fails on an older build, e.g. `NEWSDEX_TEST_BIN=/work/baseline/newsdex`).
pub fn exe() -> PathBuf {
    match std::env::var_os("NEWSDEX_TEST_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_newsdex")),
    }
}

/// The binary under test, with no index chosen by the environment.
pub fn bin() -> Command {
    let mut c = Command::new(exe());
    c.env_remove("NEWSDEX_INDEX");
    c
}

/// Runs newsdex with `args`, returning the output whatever the exit status.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run newsdex")
}

/// Runs newsdex, requires success, and parses stdout as one JSON value.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "newsdex {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "newsdex {args:?}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Indexes `paths` into `index` with extra flags; returns the JSON summary.
pub fn index(index: &Path, paths: &[&Path], flags: &[&str]) -> serde_json::Value {
    let mut args: Vec<String> = vec!["index".into(), "--json".into()];
    args.push("--index".into());
    args.push(index.display().to_string());
    args.extend(flags.iter().map(|s| s.to_string()));
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run_json(&refs)
}

/// Searches `index`; returns the JSON response.
pub fn search(index: &Path, query: &str, flags: &[&str]) -> serde_json::Value {
    let idx = index.display().to_string();
    let mut args = vec!["search", query, "--json", "--index", &idx];
    args.extend_from_slice(flags);
    run_json(&args)
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// `dir/name` as a PathBuf.
pub fn join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// Whether the tests run as root (who ignores permission bits unless it drops them).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs newsdex without root's power to ignore permission bits (as `nobody` when root).
pub fn unprivileged(args: &[&str]) -> Output {
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(exe());
        c
    } else {
        Command::new(exe())
    };
    c.args(args).env_remove("NEWSDEX_INDEX").output().unwrap()
}

/// Sets the permission bits of `p`.
pub fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Gives `p` (recursively) to `nobody`, when root (who runs the unprivileged side as nobody).
pub fn chown_nobody(p: &Path) {
    let _ = Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(p)
        .status();
}
