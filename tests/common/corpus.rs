//! The shared corpora read as `index` reads them, for the tests and benches that check what
//! the parsers and language detection make of whole corpora. `benches/language.rs` includes
//! this file by path (`#[path]`), so it uses nothing else of `tests/common`.

use std::path::{Path, PathBuf};

use newsdex::article::Article;
use newsdex::ingest::{ReadOptions, is_candidate, read_articles};
use newsdex::language::{FileLanguages, normalize};

/// Every candidate file under `dir`, sorted, as `index` would read them.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| is_candidate(p))
        .collect();
    v.sort();
    v
}

/// Every article under `dir` (files that cannot be read are skipped), given a language as
/// indexing does: each file its own [`FileLanguages`]. With `blind`, the source's own
/// language statement is taken away before detection; either way it is returned beside the
/// article, normalised.
pub fn languages(dir: &Path, blind: bool) -> Vec<(Option<String>, Article)> {
    let mut out = Vec::new();
    for f in files(dir) {
        let Ok(parsed) = read_articles(&f, &ReadOptions::default()) else {
            continue;
        };
        let mut langs = FileLanguages::default();
        for mut a in parsed.articles {
            let stated = if blind {
                a.language.take()
            } else {
                a.language.clone()
            };
            langs.assign(&mut a);
            out.push((stated.and_then(|l| normalize(&l)), a));
        }
    }
    out
}

/// Every article under `dir` given a language as `index` does.
pub fn articles(dir: &Path) -> Vec<Article> {
    languages(dir, false).into_iter().map(|(_, a)| a).collect()
}

/// (declared, detected, article path) for every article under `dir`, detection blind to
/// what the source states.
pub fn blind(dir: &Path) -> Vec<(Option<String>, Option<String>, String)> {
    languages(dir, true)
        .into_iter()
        .map(|(declared, a)| (declared, a.language, a.path))
        .collect()
}
