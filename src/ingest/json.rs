//! JSON (one article per file) and JSONL (one article per line).

use super::{FileContext, IngestError, Parsed};

/// Parses a JSON file holding one article object (or an array of them).
pub fn parse_json(_ctx: &FileContext, _bytes: &[u8]) -> Result<Parsed, IngestError> {
    Err(IngestError::NoArticle("JSON parser not written yet".into()))
}

/// Parses a JSONL file: one article object per line.
pub fn parse_jsonl(_ctx: &FileContext, _bytes: &[u8]) -> Result<Parsed, IngestError> {
    Err(IngestError::NoArticle(
        "JSONL parser not written yet".into(),
    ))
}
