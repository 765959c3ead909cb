//! Helpers for tests that read the shared corpora beside the project (`../shared`).
//!
//! The corpora are not in the repository (their licences forbid it). On a machine without
//! them, such tests print that they are skipped and pass; under CI (`CI` set) a missing corpus
//! is a failure, so CI can never pass by skipping.

use std::path::PathBuf;

/// The `shared/` folder: `$NEWSDEX_SHARED`, else `../shared` from the crate root.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("NEWSDEX_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

/// The path of `rel` under `shared/`, or `None` (after saying so) when it is missing and the
/// test should be skipped. Panics when it is missing under CI.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = shared_dir().join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} is missing, and CI requires the shared corpora",
            p.display()
        );
    }
    eprintln!(
        "skipped: {} is missing (tests over the shared corpora need it)",
        p.display()
    );
    None
}
