//! Bytes → text: UTF-8 when valid, else Windows-1252 (a superset of Latin-1 for text).

use std::borrow::Cow;

/// Decodes `bytes` as UTF-8 (dropping a BOM), or as Windows-1252 when they are not valid UTF-8.
pub fn to_utf8(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Collapses every run of whitespace (newlines included) into one space and trims the ends:
/// how titles, bylines and other one-line fields are normalised by every parser.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
