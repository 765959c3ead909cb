//! Reuters-21578 SGML: many `<REUTERS>` records per file.

use super::{FileContext, IngestError, Parsed};

/// Parses a Reuters-21578 SGML file.
pub fn parse(_ctx: &FileContext, _bytes: &[u8]) -> Result<Parsed, IngestError> {
    Err(IngestError::NoArticle("SGML parser not written yet".into()))
}
