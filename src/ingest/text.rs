//! Plain-text articles: the seed archive format and headline-first text.

use super::{FileContext, IngestError, Parsed};

/// Parses a plain-text article.
pub fn parse(_ctx: &FileContext, _bytes: &[u8]) -> Result<Parsed, IngestError> {
    Err(IngestError::NoArticle("text parser not written yet".into()))
}
