//! Compressed files: the compression from the name (`.gz`, `.zst`) checked against the magic
//! bytes, and readers that decompress on the fly with a cap on the output.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::IngestError;

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

/// Opens a file for reading through its decompressor. The magic bytes are trusted over the
/// extension (archives hold mislabelled files): a file named compressed that is not is read as
/// it is, and its content then decides its format like any other file's (binary content is
/// still refused there). Returns the reader and the compression actually found.
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
pub(super) fn decompression_error(comp: Compression, e: std::io::Error) -> IngestError {
    match comp {
        Compression::None => IngestError::Io(e),
        _ => IngestError::Compression {
            format: compression_name(comp),
            detail: e.to_string(),
        },
    }
}

/// A file read through its decompressor, up to where its compressed data broke off if it did.
#[derive(Debug)]
pub struct Decompressed {
    /// The bytes decompressed: all of them, or those before the break.
    pub bytes: Vec<u8>,
    /// Why the compressed data ended early (cut short or corrupt), if it did.
    pub cut: Option<IngestError>,
}

/// Reads a file, decompressing it according to `comp` (or its magic bytes), up to `cap` bytes
/// of output. Compressed data that is cut short or corrupt is an error; see
/// [`read_decompressed_prefix`] for what could be read before it.
pub fn read_decompressed(path: &Path, comp: Compression, cap: u64) -> Result<Vec<u8>, IngestError> {
    let read = read_decompressed_prefix(path, comp, cap)?;
    match read.cut {
        Some(e) => Err(e),
        None => Ok(read.bytes),
    }
}

/// Like [`read_decompressed`], but compressed data that breaks off (a download or a copy cut
/// short, a crawl killed mid-write) gives the bytes decompressed before the break and the
/// reason, so that the complete records they hold can be kept.
pub fn read_decompressed_prefix(
    path: &Path,
    comp: Compression,
    cap: u64,
) -> Result<Decompressed, IngestError> {
    let size = std::fs::metadata(path)?.len();
    let (reader, found) = open_decompressed(path, comp)?;
    if found == Compression::None && size > cap {
        return Err(IngestError::TooLarge { size, cap });
    }
    let mut out = Vec::new();
    // On an error, read_to_end leaves what it read before it in `out`.
    let cut = match reader.take(cap + 1).read_to_end(&mut out) {
        Ok(_) => None,
        Err(e) if found == Compression::None => return Err(IngestError::Io(e)),
        Err(e) => Some(decompression_error(found, e)),
    };
    if out.len() as u64 > cap {
        return Err(match found {
            Compression::None => IngestError::TooLarge {
                size: size.max(out.len() as u64),
                cap,
            },
            _ => IngestError::TooLargeDecompressed { size, cap },
        });
    }
    Ok(Decompressed { bytes: out, cut })
}
