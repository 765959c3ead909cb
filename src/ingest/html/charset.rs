//! The page's text: UTF-8 when it is, else the transport charset, else `<meta charset>`,
//! else Windows-1252.

use std::borrow::Cow;

use crate::ingest::decode::to_utf8;

/// Decodes the page: UTF-8 when the bytes are valid UTF-8; else the transport charset, else
/// `<meta charset>` in the first 4 KB (the HTML prescan), else Windows-1252.
pub(super) fn decode<'a>(bytes: &'a [u8], header: Option<&str>) -> Cow<'a, str> {
    // Valid UTF-8 with non-ASCII bytes is almost never meant as a legacy charset, while pages
    // that declare ISO-8859-1 but are saved as UTF-8 are common.
    if std::str::from_utf8(bytes).is_ok() {
        return to_utf8(bytes);
    }
    let label = header
        .map(|s| s.as_bytes().to_vec())
        .or_else(|| prescan_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(enc) = label.and_then(|l| encoding_rs::Encoding::for_label(l.trim_ascii()))
        && enc != encoding_rs::UTF_8
    {
        return enc.decode_with_bom_removal(bytes).0;
    }
    to_utf8(bytes)
}

/// Finds `charset=` inside a `<meta` tag of the head bytes, the way the HTML encoding sniffing
/// algorithm does (by bytes, before any parse).
pub(super) fn prescan_charset(head: &[u8]) -> Option<Vec<u8>> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memchr::memmem::find(tag, b"charset=") {
            let v = &tag[c + 8..];
            let v = v
                .iter()
                .skip_while(|b| **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
                .copied()
                .collect::<Vec<u8>>();
            if !v.is_empty() {
                return Some(v);
            }
        }
        from = end;
    }
    None
}
