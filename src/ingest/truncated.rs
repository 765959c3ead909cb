//! What of a compressed file cut short can still be read: the complete records before the cut.
//!
//! A feed or a dump that holds its articles one after another (JSONL, JSON arrays, newsdex
//! exports, Reuters SGML) is still worth its complete records when a download, a copy or a
//! crawl broke off mid-file; a file that is one article is not complete without its end and is
//! skipped. (WARC is streamed record by record and keeps its complete records on its own.)

use super::detect::Format;

/// The part of `bytes` (decompressed before a cut) made of complete records of `format`, or
/// `None` when the format holds one article, which the cut left incomplete.
pub fn complete_records(format: Format, bytes: &[u8]) -> Option<&[u8]> {
    match format {
        // One record a line: the line the cut fell in is dropped.
        Format::Jsonl | Format::Record => {
            let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            Some(&bytes[..end])
        }
        // Streamed object by object: the parser stops at the cut, after the complete ones.
        Format::Json | Format::Warc => Some(bytes),
        Format::ReutersSgml => {
            const CLOSE: &[u8] = b"</REUTERS>";
            let end = bytes
                .windows(CLOSE.len())
                .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
                .map_or(0, |p| p + CLOSE.len());
            Some(&bytes[..end])
        }
        Format::Text
        | Format::Html
        | Format::Nitf
        | Format::NewsMl
        | Format::Ninjs
        | Format::WireText
        | Format::Email => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_the_cut_fell_in_is_dropped() {
        let jsonl = b"{\"title\":\"a\"}\n{\"title\":\"b\"}\n{\"tit";
        assert_eq!(complete_records(Format::Jsonl, jsonl), Some(&jsonl[..28]));
        let sgml = b"<REUTERS>a</REUTERS>\n<REUTERS>b</REUTERS>\n<REUTERS>c";
        assert_eq!(
            complete_records(Format::ReutersSgml, sgml),
            Some(&sgml[..41])
        );
        assert_eq!(
            complete_records(Format::ReutersSgml, b"<REUTERS>c"),
            Some(&b""[..])
        );
        assert_eq!(complete_records(Format::Text, b"Headline\n\nBody"), None);
        assert_eq!(complete_records(Format::Html, b"<html><body><p>cut"), None);
    }
}
