//! The `ndjson` export: one article per line with every stored field, under the index's field
//! names. It is the archive's portable form: `newsdex index` reads it back (the JSON reader
//! recognises the `place_paths` key and keeps the fields, people and places as they are), and
//! any JSON-lines tool reads it.

use crate::index::document::StoredArticle;

use super::Record;

/// Appends the line for `a` (with its newline) to `buf`.
pub fn write_record(buf: &mut Vec<u8>, a: &StoredArticle) -> serde_json::Result<()> {
    serde_json::to_writer(&mut *buf, &Record::new(a))?;
    buf.push(b'\n');
    Ok(())
}
