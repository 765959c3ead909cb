//! Files → articles: walking (`walk.rs`), decompression (`decompress.rs`), decoding
//! (`decode.rs`), format detection (`detect.rs`) and one parser per format; this file reads
//! one file through them.
//!
//! Every parser turns the bytes of one file into [`Article`]s and nothing else; none of them
//! knows about the index. Errors are per file ([`IngestError`], one line with the reason) or per
//! item inside a file ([`Parsed::skipped`]), so that one bad input never stops a run.

pub mod dates;
pub mod decode;
pub mod decompress;
pub mod dehyphenate;
pub mod detect;
pub mod email;
pub mod escape;
pub mod html;
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
pub mod truncated;
pub mod walk;
pub mod warc;
pub mod wiretext;
mod xmlutil;

#[cfg(test)]
mod formats_tests;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::article::Article;
pub use decompress::{
    Compression, open_decompressed, read_decompressed, read_decompressed_prefix, split_extension,
};
pub use detect::{Format, check_not_binary, detect, is_candidate};

/// Default cap, in MB, on the (decompressed) size of a file read whole (`--max-file-mb`):
/// larger files are skipped.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// [`DEFAULT_MAX_FILE_MB`] in bytes.
pub const DEFAULT_MAX_FILE_BYTES: u64 = DEFAULT_MAX_FILE_MB << 20;

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
    let read = read_decompressed_prefix(path, comp, opts.max_file_bytes)?;
    let mut articles = 0;
    let mut count = |a, f| {
        articles += 1;
        emit(a, f)
    };
    let Some(cut) = read.cut else {
        let skipped = parse_into(&ctx, &ext, Cow::Owned(read.bytes), opts, &mut count)?;
        return Ok(FileSummary { articles, skipped });
    };
    // Cut short: a file of records keeps those that decompressed whole; one article is lost.
    let format = detect(&ext, &read.bytes);
    let Some(complete) = truncated::complete_records(format, &read.bytes) else {
        return Err(cut);
    };
    // A parser that stops at the cut (a JSON array) fails because of it: the cut is the reason.
    let parsed = parse_into(&ctx, &ext, Cow::Borrowed(complete), opts, &mut count);
    let mut skipped = match parsed {
        Ok(skipped) => skipped,
        Err(_) if articles > 0 => Vec::new(),
        Err(_) => return Err(cut),
    };
    if articles == 0 {
        return Err(cut);
    }
    skipped.push(format!(
        "{cut}: the file ends early; the {articles} complete articles before the cut are kept"
    ));
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

/// Parses the (decompressed) bytes of a file whose inner extension is `ext`; `opts` caps the
/// records of a WARC found inside as it caps files.
pub fn parse_bytes(
    ctx: &FileContext,
    ext: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<Parsed, IngestError> {
    let mut articles = Vec::new();
    let mut format = Format::default();
    let skipped = parse_into(ctx, ext, Cow::Borrowed(bytes), opts, &mut |a, f| {
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
    opts: &ReadOptions,
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
        detect::check_nuls(&bytes[..bytes.len().min(8192)])?;
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
            Ok(warc::read(ctx, &mut reader, opts, &mut emit)?.skipped)
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
        IngestError::Io(io) => decompress::decompression_error(comp, io),
        other => other,
    })
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
