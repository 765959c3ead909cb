//! Unlabelled text for the word statistics and clusters: every article of some directory
//! trees (read by the ingest pipeline, as `index` would read them), tokenised as the tagger
//! tokenises, as one sequence of word ids with a boundary between sentences.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::tokenize::tokenize_into;
use crate::ingest::{self, ReadOptions, walk::WalkItem};

/// The id between sentences in [`Corpus::seq`].
pub const BOUNDARY: u32 = u32::MAX;

/// Tokenised text as word ids.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Word strings by id, as written (case kept).
    pub words: Vec<String>,
    /// Occurrences of each id.
    pub counts: Vec<u64>,
    /// All tokens in reading order; [`BOUNDARY`] before each sentence.
    pub seq: Vec<u32>,
    /// Articles read.
    pub articles: usize,
}

impl Corpus {
    /// Adds one text.
    pub fn add_text(&mut self, text: &str, index: &mut HashMap<String, u32>) {
        let mut toks = Vec::new();
        tokenize_into(text, &mut toks);
        for t in &toks {
            if t.sent_start {
                self.seq.push(BOUNDARY);
            }
            let w = text.get(t.start..t.end).unwrap_or("");
            let id = match index.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.words.push(w.to_string());
                    self.counts.push(0);
                    index.insert(w.to_string(), id);
                    id
                }
            };
            self.counts[id as usize] += 1;
            self.seq.push(id);
        }
        self.seq.push(BOUNDARY);
        self.articles += 1;
    }
}

/// Reads every article under `roots` (walked in sorted order, so the result is the same on
/// every run). Files that cannot be read are reported on standard error and skipped.
pub fn read(roots: &[PathBuf]) -> Corpus {
    let mut corpus = Corpus::default();
    let mut index: HashMap<String, u32> = HashMap::new();
    let opts = ReadOptions::default();
    // no index directory to leave out of the walk
    for item in ingest::walk::walk(roots, Path::new("")) {
        match item {
            WalkItem::Error { path, reason } => {
                eprintln!("skipped {}: {reason}", path.display())
            }
            WalkItem::File(f) => match ingest::read_articles(&f.path, &opts) {
                Ok(p) => {
                    for a in p.articles {
                        corpus.add_text(&a.text(), &mut index);
                    }
                }
                Err(e) => eprintln!("skipped {}: {e}", f.path.display()),
            },
        }
    }
    corpus
}
