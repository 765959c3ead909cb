//! The `ndjson` export: one article per line with every stored field, under the index's field
//! names. It is the archive's portable form: `newsdex index` reads it back (`ingest::record`
//! recognises the `place_paths` key and keeps the fields, people and places as they are), and
//! any JSON-lines tool reads it.

use crate::article::Article;

/// Appends the line for `a` (with its newline) to `buf`: the record form with RFC 3339 days.
pub fn write_record(buf: &mut Vec<u8>, a: &Article) -> serde_json::Result<()> {
    serde_json::to_writer(&mut *buf, &a.with_rfc3339_dates())?;
    buf.push(b'\n');
    Ok(())
}
