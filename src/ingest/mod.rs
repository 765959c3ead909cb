//! Files → articles: walking, decompression, decoding, format detection and one parser per format.
//!
//! Every parser turns the bytes of one file into [`Article`]s and nothing else; none of them
//! knows about the index. Errors are per file ([`IngestError`], one line with the reason) or per
//! item inside a file ([`Parsed::skipped`]), so that one bad input never stops a run.

pub mod dates;
pub mod decode;
pub mod dehyphenate;
pub mod email;
pub mod escape;
pub mod html;
mod htmldate;
pub mod json;
pub mod newsml;
pub mod ninjs;
pub mod nitf;
pub mod pathinfo;
pub mod record;
pub mod reuters;
pub mod sgml;
pub mod size_hint;
pub mod text;
pub mod walk;
pub mod warc;
pub mod wiretext;
mod xmlutil;

#[cfg(test)]
mod formats_tests;

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::article::Article;

/// Default cap on the (decompressed) size of a file read whole: larger files are skipped.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file (or an item inside one) could not be read. Each variant renders as one line.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file exceeds the size cap.
    #[error("too large: {size} bytes exceeds the cap of {cap} bytes (raise it with --max-file-mb)")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The configured cap.
        cap: u64,
    },
    /// The decompressed content of a file exceeds the size cap (decompression stops at the
    /// cap, so its full size is not known).
    #[error(
        "too large: more than {cap} bytes once decompressed ({size} bytes compressed); the cap is {cap} bytes (raise it with --max-file-mb)"
    )]
    TooLargeDecompressed {
        /// The compressed file's size.
        size: u64,
        /// The configured cap.
        cap: u64,
    },
    /// The file holds no bytes (or only whitespace).
    #[error("empty file")]
    Empty,
    /// The content has NUL bytes or other signs of not being text.
    #[error("binary content, not text ({0})")]
    Binary(String),
    /// Compressed data is cut short or corrupt.
    #[error("corrupt or truncated {format} data: {detail}")]
    Compression {
        /// "gzip" or "zstd".
        format: &'static str,
        /// The decoder's message.
        detail: String,
    },
    /// The content does not follow its format.
    #[error("malformed {format}: {detail}")]
    Malformed {
        /// The format that was expected ("JSON", "Reuters SGML", ...).
        format: &'static str,
        /// What is wrong, with a position when known.
        detail: String,
    },
    /// The file is readable but holds no article (for example a picture item of a wire feed).
    #[error("no article: {0}")]
    NoArticle(String),
}

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
    /// A WARC web archive: read by [`warc::read`] as a stream, never whole.
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
    /// A short lower-case name for messages.
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

/// Compression wrapping a file, from its extension or magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`), possibly multi-member.
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

/// What a parser knows about the file it is reading, besides its bytes.
#[derive(Debug, Clone)]
pub struct FileContext {
    /// Absolute path of the file; stored on every article.
    pub path: PathBuf,
    /// The path as text that round-trips byte for byte ([`escape::path_to_text`]): what
    /// articles store, ids are built from, and messages print.
    pub path_str: String,
}

impl FileContext {
    /// Context for a file at `path` (made absolute when possible, without resolving symlinks
    /// twice: the walker already gives canonical paths).
    pub fn new(path: &Path) -> FileContext {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path_str = escape::path_to_text(&path);
        FileContext { path, path_str }
    }

    /// The id of the `n`-th (0-based) article of a file when the source gives none:
    /// the path for single-article files, `path#n` otherwise.
    pub fn fallback_id(&self, n: usize, many: bool) -> String {
        if many {
            format!("{}#{}", self.path_str, n + 1)
        } else {
            self.path_str.clone()
        }
    }
}

/// The result of parsing one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// Items inside the file that were skipped, each with a one-line reason
    /// ("line 17: invalid JSON: ...").
    pub skipped: Vec<String>,
    /// The format the file was read as (set by [`parse_bytes`]).
    pub format: Format,
}

impl Parsed {
    /// A file that holds one article and nothing skipped.
    pub fn one(article: Article) -> Parsed {
        Parsed {
            articles: vec![article],
            ..Parsed::default()
        }
    }
}

/// Options for reading files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files whose (decompressed) content is larger are skipped.
    pub max_file_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Splits `name` into its compression and the extension below it (lower-cased).
///
/// `a.txt.gz` → (Gzip, "txt"); `b.JSON` → (None, "json").
pub fn split_extension(name: &str) -> (Compression, String) {
    let lower = name.to_ascii_lowercase();
    let (comp, rest) = if let Some(r) = lower.strip_suffix(".gz") {
        (Compression::Gzip, r)
    } else if let Some(r) = lower.strip_suffix(".zst") {
        (Compression::Zstd, r)
    } else {
        (Compression::None, lower.as_str())
    };
    let ext = rest.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    (comp, ext.to_string())
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

/// What reading one file produced, besides the articles handed to the caller.
#[derive(Debug, Default)]
pub struct FileSummary {
    /// Articles emitted.
    pub articles: usize,
    /// Items inside the file that were skipped, each with a one-line reason.
    pub skipped: Vec<String>,
}

/// Reads `path` (decompressing `.gz`/`.zst`, enforcing the size cap), detects its format,
/// parses it and hands each article to `emit` in file order.
///
/// Single-article formats are parsed completely before their article is emitted, so an error
/// means nothing was emitted. Multi-record formats (JSONL, JSON arrays, newsdex records,
/// WARC) are streamed: each article is emitted as soon as its record is read, and an error on
/// a later record (a file cut short) comes after the complete records before it; the error
/// says where. Each article comes with the format it was read as
/// ([`Format::has_final_entities`] says whether extraction still has to run).
pub fn read_file(
    path: &Path,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Article, Format),
) -> Result<FileSummary, IngestError> {
    let ctx = FileContext::new(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (comp, ext) = split_extension(&name);
    if ext == "warc" {
        let stats = read_warc_file(&ctx, path, comp, opts, &mut |a| emit(a, Format::Warc))?;
        let mut skipped = stats.skipped;
        if stats.not_html > 0 {
            skipped.push(format!(
                "{} of {} records are not HTML responses (skipped)",
                stats.not_html, stats.records
            ));
        }
        return Ok(FileSummary {
            articles: stats.articles,
            skipped,
        });
    }
    let bytes = read_decompressed(path, comp, opts.max_file_bytes)?;
    let mut articles = 0;
    let skipped = parse_into(&ctx, &ext, Cow::Owned(bytes), &mut |a, f| {
        articles += 1;
        emit(a, f)
    })?;
    Ok(FileSummary { articles, skipped })
}

/// Reads and parses a file whole, returning its articles (for `extract` and tests).
pub fn read_articles(path: &Path, opts: &ReadOptions) -> Result<Parsed, IngestError> {
    let mut articles = Vec::new();
    let mut format = Format::default();
    let summary = read_file(path, opts, &mut |a, f| {
        articles.push(a);
        format = f;
    })?;
    Ok(Parsed {
        articles,
        skipped: summary.skipped,
        format,
    })
}

/// Parses the (decompressed) bytes of a file whose inner extension is `ext`.
pub fn parse_bytes(ctx: &FileContext, ext: &str, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let mut articles = Vec::new();
    let mut format = Format::default();
    let skipped = parse_into(ctx, ext, Cow::Borrowed(bytes), &mut |a, f| {
        articles.push(a);
        format = f;
    })?;
    if articles.is_empty() {
        format = detect(ext, &decode::strip_nuls(decode::utf16_to_utf8(bytes)));
    }
    Ok(Parsed {
        articles,
        skipped,
        format,
    })
}

/// Parses the (decompressed) bytes of a file, handing each article to `emit`; returns the
/// items skipped. Multi-record formats emit as they read; the others are parsed whole, and
/// their bytes are dropped before the articles are emitted (enriching and indexing them
/// takes long and does not need them).
fn parse_into(
    ctx: &FileContext,
    ext: &str,
    bytes: Cow<'_, [u8]>,
    emit: &mut dyn FnMut(Article, Format),
) -> Result<Vec<String>, IngestError> {
    let bytes = match bytes {
        Cow::Borrowed(b) => decode::utf16_to_utf8(b),
        Cow::Owned(b) => match decode::utf16_to_utf8(&b) {
            Cow::Borrowed(_) => Cow::Owned(b),
            Cow::Owned(t) => Cow::Owned(t),
        },
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    // Wire text is framed by control characters (and formats tables with them), so only
    // its NULs are checked.
    if wiretext::looks_like_wire_text(&bytes) {
        check_nuls(&bytes[..bytes.len().min(8192)])?;
    } else {
        check_not_binary(&bytes)?;
    }
    let bytes = decode::strip_nuls(bytes);
    let format = detect(ext, &bytes);
    let mut emit = |a| emit(a, format);
    let whole = |parsed: Result<Parsed, IngestError>,
                 bytes: Cow<'_, [u8]>,
                 emit: &mut dyn FnMut(Article)| {
        let parsed = parsed?;
        drop(bytes);
        parsed.articles.into_iter().for_each(&mut *emit);
        Ok(parsed.skipped)
    };
    match format {
        Format::Json => json::each_json(ctx, &bytes, json::ARTICLE, &mut emit),
        Format::Jsonl => json::each_jsonl(ctx, &bytes, json::ARTICLE, &mut emit),
        Format::Record => record::each(ctx, &bytes, &mut emit),
        Format::Warc => {
            let mut reader = &bytes[..];
            Ok(warc::read(ctx, &mut reader, &ReadOptions::default(), &mut emit)?.skipped)
        }
        Format::Html => {
            let a = html::parse(ctx, &bytes, &html::PageHints::default())?;
            drop(bytes);
            emit(a);
            Ok(Vec::new())
        }
        Format::Text => whole(text::parse(ctx, &bytes), bytes, &mut emit),
        Format::ReutersSgml => whole(sgml::parse(ctx, &bytes), bytes, &mut emit),
        Format::Nitf => whole(nitf::parse(ctx, &bytes), bytes, &mut emit),
        Format::NewsMl => whole(newsml::parse(ctx, &bytes), bytes, &mut emit),
        Format::Ninjs => whole(ninjs::parse(ctx, &bytes), bytes, &mut emit),
        Format::WireText => whole(wiretext::parse(ctx, &bytes), bytes, &mut emit),
        Format::Email => whole(email::parse(ctx, &bytes), bytes, &mut emit),
    }
}

/// Opens a WARC file and streams it through [`warc::read`], decompressing on the fly
/// (multi-member gzip as crawlers write it, or zstd).
fn read_warc_file(
    ctx: &FileContext,
    path: &Path,
    comp: Compression,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Article),
) -> Result<warc::WarcStats, IngestError> {
    if std::fs::metadata(path)?.len() == 0 {
        return Err(IngestError::Empty);
    }
    let (mut reader, comp) = open_decompressed(path, comp)?;
    warc::read(ctx, &mut reader, opts, emit).map_err(|e| match e {
        IngestError::Io(io) => decompression_error(comp, io),
        other => other,
    })
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
fn check_nuls(head: &[u8]) -> Result<(), IngestError> {
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

/// Opens a file for reading through its decompressor. The magic bytes are trusted over the
/// extension (archives hold mislabelled files); a file named compressed that is not is an error.
/// Returns the reader and the compression actually found.
pub fn open_decompressed(
    path: &Path,
    comp: Compression,
) -> Result<(Box<dyn BufRead>, Compression), IngestError> {
    let mut file = BufReader::with_capacity(64 * 1024, std::fs::File::open(path)?);
    let head = file.fill_buf()?;
    let found = if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else if comp != Compression::None && head.is_empty() {
        return Err(IngestError::Empty);
    } else if comp != Compression::None {
        return Err(IngestError::Compression {
            format: compression_name(comp),
            detail: "missing magic bytes (not compressed data)".into(),
        });
    } else {
        Compression::None
    };
    let reader: Box<dyn BufRead> = match found {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(file),
        )),
        Compression::Zstd => {
            let dec = zstd::stream::read::Decoder::with_buffer(file)
                .map_err(|e| decompression_error(Compression::Zstd, e))?;
            Box::new(BufReader::with_capacity(64 * 1024, dec))
        }
    };
    Ok((reader, found))
}

fn compression_name(comp: Compression) -> &'static str {
    match comp {
        Compression::Gzip => "gzip",
        Compression::Zstd => "zstd",
        Compression::None => "uncompressed",
    }
}

/// A read error below a decompressor is corrupt or truncated data, not an I/O failure.
fn decompression_error(comp: Compression, e: std::io::Error) -> IngestError {
    match comp {
        Compression::None => IngestError::Io(e),
        _ => IngestError::Compression {
            format: compression_name(comp),
            detail: e.to_string(),
        },
    }
}

/// Reads a file, decompressing it according to `comp` (or its magic bytes), up to `cap` bytes
/// of output.
pub fn read_decompressed(path: &Path, comp: Compression, cap: u64) -> Result<Vec<u8>, IngestError> {
    let size = std::fs::metadata(path)?.len();
    let (reader, found) = open_decompressed(path, comp)?;
    if found == Compression::None && size > cap {
        return Err(IngestError::TooLarge { size, cap });
    }
    let mut out = Vec::new();
    reader
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| decompression_error(found, e))?;
    if out.len() as u64 > cap {
        return Err(match found {
            Compression::None => IngestError::TooLarge {
                size: size.max(out.len() as u64),
                cap,
            },
            _ => IngestError::TooLargeDecompressed { size, cap },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn extensions() {
        assert_eq!(
            split_extension("a.txt.gz"),
            (Compression::Gzip, "txt".into())
        );
        assert_eq!(
            split_extension("B.JSON"),
            (Compression::None, "json".into())
        );
        assert_eq!(
            split_extension("x.jsonl.zst"),
            (Compression::Zstd, "jsonl".into())
        );
        assert_eq!(split_extension("README"), (Compression::None, "".into()));
        assert!(!is_candidate(Path::new("/a/MANIFEST.md")));
        assert!(is_candidate(Path::new("/a/001.txt")));
    }

    #[test]
    fn sniffing() {
        assert_eq!(detect("", b"{\"a\":1}\n{\"a\":2}\n"), Format::Jsonl);
        assert_eq!(detect("", b"{\n \"a\": 1\n}\n"), Format::Json);
        assert_eq!(
            detect("", b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS"),
            Format::ReutersSgml
        );
        assert_eq!(detect("", b"Headline\n\nBody."), Format::Text);
    }

    #[test]
    fn binary_and_truncated_gzip_are_refused() {
        assert!(matches!(
            check_not_binary(b"ab\0cd"),
            Err(IngestError::Binary(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&b"Headline\n\nA body paragraph that is long enough.\n".repeat(50))
            .unwrap();
        let gz = enc.finish().unwrap();
        std::fs::write(&p, &gz[..gz.len() / 2]).unwrap();
        let err = read_decompressed(&p, Compression::Gzip, 1 << 20).unwrap_err();
        assert!(
            matches!(err, IngestError::Compression { format: "gzip", .. }),
            "{err}"
        );
        std::fs::write(&p, &gz).unwrap();
        assert!(read_decompressed(&p, Compression::Gzip, 1 << 20).is_ok());
        let err = read_decompressed(&p, Compression::Gzip, 100).unwrap_err();
        assert!(
            matches!(err, IngestError::TooLargeDecompressed { cap: 100, .. }),
            "{err}"
        );
    }
}
