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
pub(super) fn decompression_error(comp: Compression, e: std::io::Error) -> IngestError {
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
