//! Which format a file is: from its name (the extension under `.gz`/`.zst`) and its first
//! bytes, and whether it is text at all. Which files the walker offers to the parsers is
//! decided here too, by name.

use std::path::Path;

use super::decompress::split_extension;
use super::{IngestError, email, ninjs, record, wiretext, xmlutil};

/// The formats newsdex reads. Detected from the extension (after `.gz`/`.zst`) and the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text: the seed archive format (` date YYYY-MM-DD lede`) or headline-first text.
    /// (The default: what a file is when nothing else matches.)
    #[default]
    Text,
    /// One JSON object per file (or a JSON array of article objects).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Reuters-21578 SGML: many `<REUTERS>` records per file.
    ReutersSgml,
    /// A web page (`.html`, `.htm`): one article, metadata from JSON-LD and meta tags.
    Html,
    /// A WARC web archive: read by [`super::warc::read`] as a stream, never whole.
    Warc,
    /// IPTC NITF XML: one story per file.
    Nitf,
    /// IPTC NewsML-G2 (`newsItem`, `packageItem`, `newsMessage`) or NewsML 1.x XML.
    NewsMl,
    /// IPTC ninjs JSON (1.x or 2.x): one item per file.
    Ninjs,
    /// ANPA-1312 or IPTC 7901 wire text (control-character framed), whatever its extension.
    WireText,
    /// An e-mail message (RFC 822/MIME).
    Email,
    /// newsdex's own article records (`newsdex export --format ndjson`), read back as they
    /// are by [`record`]: their people and places are final, so extraction does not run again.
    Record,
}

impl Format {
    /// A short name for messages ("JSON", "Reuters SGML").
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "JSON",
            Format::Jsonl => "JSONL",
            Format::ReutersSgml => "Reuters SGML",
            Format::Html => "HTML",
            Format::Warc => "WARC",
            Format::Nitf => "NITF",
            Format::NewsMl => "NewsML",
            Format::Ninjs => "ninjs",
            Format::WireText => "ANPA/IPTC 7901",
            Format::Email => "e-mail",
            Format::Record => "newsdex record",
        }
    }

    /// Whether articles of this format carry their final people and places (a newsdex export
    /// read back), so entity extraction must not run on them again.
    pub fn has_final_entities(self) -> bool {
        self == Format::Record
    }
}

/// Whether the walker should offer this file to the parsers at all.
///
/// Documentation and side files that sit in archives (`MANIFEST.md`, `index.tsv`, `README`)
/// are not articles and are ignored without a message; everything with an article extension,
/// or with no extension, is read.
pub fn is_candidate(path: &Path) -> bool {
    let name = match path.file_name().and_then(|n| n.to_str()) {
        Some(n) => n,
        None => return true,
    };
    // Hidden files, and evaluation side files that sit beside corpora (fundus's gold.jsonl
    // holds expected extractions, not articles).
    if name.starts_with('.') || name == "gold.jsonl" {
        return false;
    }
    let (_, ext) = split_extension(name);
    !matches!(
        ext.as_str(),
        "md" | "tsv"
            | "csv"
            | "pdf"
            | "info"
            | "dtd"
            | "jpg"
            | "jpeg"
            | "png"
            | "gif"
            | "css"
            | "js"
            | "py"
            | "sh"
            | "toml"
            | "yaml"
            | "yml"
            | "lock"
            | "upstream"
    )
}

/// Picks the format for a file from its extension, falling back to sniffing the content.
pub fn detect(ext: &str, content: &[u8]) -> Format {
    match detect_by_name(ext, content) {
        Format::Json | Format::Jsonl if record::looks_like_records(content) => Format::Record,
        f => f,
    }
}

/// [`detect`] before JSON is told apart from newsdex records.
fn detect_by_name(ext: &str, content: &[u8]) -> Format {
    // Agency feeds name these files anything (.txt, .tst, .anpa, none); the framing is
    // unambiguous.
    if wiretext::looks_like_wire_text(content) {
        return Format::WireText;
    }
    if matches!(ext, "eml" | "txt" | "msg" | "") && email::looks_like_email(content) {
        return Format::Email;
    }
    match ext {
        "json" if ninjs::looks_like_ninjs(content) => Format::Ninjs,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "sgm" | "sgml" => Format::ReutersSgml,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "warc" => Format::Warc,
        "xml" => sniff_xml(content).unwrap_or_else(|| sniff(content)),
        "txt" | "text" => Format::Text,
        _ => sniff(content),
    }
}

/// The XML wire format named by the document's root element, if it is one newsdex reads.
fn sniff_xml(content: &[u8]) -> Option<Format> {
    let root = xmlutil::root_element(&content[..content.len().min(64 * 1024)])?;
    let local = root.rsplit(':').next().unwrap_or(&root);
    match local {
        "nitf" => Some(Format::Nitf),
        "newsItem" | "packageItem" | "newsMessage" | "NewsML" | "knowledgeItem" => {
            Some(Format::NewsMl)
        }
        "html" => Some(Format::Html),
        _ => None,
    }
}

fn sniff(content: &[u8]) -> Format {
    let start = content
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(content.len());
    let head = &content[start..content.len().min(start + 4096)];
    if head.starts_with(b"{") && ninjs::looks_like_ninjs(content) {
        return Format::Ninjs;
    }
    if head.starts_with(b"{") {
        // One object per line, or one (pretty-printed) object per file.
        let first_line_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
        let first_line = &head[..first_line_end];
        if first_line.ends_with(b"}")
            && serde_json::from_slice::<serde_json::Value>(first_line).is_ok()
        {
            return Format::Jsonl;
        }
        return Format::Json;
    }
    if head.starts_with(b"[") {
        return Format::Json;
    }
    if memchr::memmem::find(head, b"<REUTERS").is_some() {
        return Format::ReutersSgml;
    }
    if head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if head.starts_with(b"<")
        && let Some(f) = sniff_xml(content)
    {
        return f;
    }
    let lower = head[..head.len().min(1024)].to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || memchr::memmem::find(&lower, b"<html").is_some() {
        return Format::Html;
    }
    Format::Text
}

/// Refuses content that is evidently not text: more than one NUL byte per kilobyte, or many
/// control bytes, in its first 8 KB. A stray NUL in text (a disk or transfer error) is not a
/// sign of binary data: pictures, archives and executables hold them by the hundred.
/// (Reuters SGML holds a few control characters as `&#2;` references, which are text; raw
/// control bytes are not.)
pub fn check_not_binary(bytes: &[u8]) -> Result<(), IngestError> {
    let head = &bytes[..bytes.len().min(8192)];
    check_nuls(head)?;
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 20 > head.len().max(1) {
        return Err(IngestError::Binary(format!(
            "{controls} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

/// Refuses `head` when it holds more than one NUL byte per (started) kilobyte.
pub(super) fn check_nuls(head: &[u8]) -> Result<(), IngestError> {
    let nuls = memchr::memchr_iter(0, head).count();
    if nuls > head.len().div_ceil(1024) {
        let first = memchr::memchr(0, head).unwrap_or(0);
        return Err(IngestError::Binary(format!(
            "{nuls} NUL bytes in the first {} bytes (the first at offset {first})",
            head.len()
        )));
    }
    Ok(())
}
