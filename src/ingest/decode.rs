//! Bytes → text: UTF-16 with a byte-order mark transcoded, stray NULs dropped, then UTF-8 when
//! valid, else Windows-1252 (a superset of Latin-1 for text).

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

/// The content of a text file as UTF-8-or-legacy bytes that the parsers read: UTF-16 with a
/// byte-order mark is transcoded to UTF-8 (its BOM dropped); anything else is kept as it is.
pub fn utf16_to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    let encoding = match bytes {
        [0xFF, 0xFE, ..] => encoding_rs::UTF_16LE,
        [0xFE, 0xFF, ..] => encoding_rs::UTF_16BE,
        _ => return Cow::Borrowed(bytes),
    };
    let (text, _) = encoding.decode_without_bom_handling(&bytes[2..]);
    Cow::Owned(text.into_owned().into_bytes())
}

/// `bytes` without NUL bytes: a stray NUL (a disk or transfer error) is not content, and no
/// parser should see it (once [`super::check_not_binary`] has found the file to be text).
pub fn strip_nuls(bytes: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    if memchr::memchr(0, &bytes).is_none() {
        return bytes;
    }
    Cow::Owned(bytes.iter().copied().filter(|&b| b != 0).collect())
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
