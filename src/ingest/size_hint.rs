//! How many bytes a file will take once read, known before reading it: its size, or for a
//! compressed file what its container says (gzip's trailer, zstd's frame header), at most the
//! size cap. The indexer uses it to bound the content it holds at once.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::{Compression, split_extension};

/// The bytes `path` (of `size` bytes on disk) will take once decompressed, capped at `cap`
/// (larger files are skipped unread). An upper bound where the format gives one; a
/// multi-member gzip names only its last member's size, so its hint is at least the file's
/// size times 4.
pub fn decompressed_size_hint(path: &Path, size: u64, cap: u64) -> u64 {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let hint = match split_extension(&name).0 {
        Compression::None => Some(size),
        Compression::Gzip => gzip_isize(path).map(|n| n.max(size.saturating_mul(4))),
        Compression::Zstd => zstd_content_size(path),
    };
    hint.unwrap_or(cap).min(cap).max(size.min(cap))
}

/// The ISIZE field of a gzip file's last member: its uncompressed size modulo 2^32.
fn gzip_isize(path: &Path) -> Option<u64> {
    let mut f = std::fs::File::open(path).ok()?;
    f.seek(SeekFrom::End(-4)).ok()?;
    let mut b = [0u8; 4];
    f.read_exact(&mut b).ok()?;
    Some(u64::from(u32::from_le_bytes(b)))
}

/// The content size a zstd frame header declares, when it declares one.
fn zstd_content_size(path: &Path) -> Option<u64> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 18];
    let n = f.read(&mut head).ok()?;
    zstd::zstd_safe::get_frame_content_size(&head[..n])
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn hints_are_the_content_size_capped() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"Some words of text repeated. ".repeat(10_000);
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, &text).unwrap();
        assert_eq!(
            decompressed_size_hint(&plain, text.len() as u64, 1 << 30),
            text.len() as u64
        );
        assert_eq!(
            decompressed_size_hint(&plain, text.len() as u64, 1000),
            1000
        );
        let gz = dir.path().join("a.txt.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&text).unwrap();
        let bytes = enc.finish().unwrap();
        std::fs::write(&gz, &bytes).unwrap();
        assert_eq!(
            decompressed_size_hint(&gz, bytes.len() as u64, 1 << 30),
            text.len() as u64
        );
        let zst = dir.path().join("a.txt.zst");
        // The zstd tool (and the bulk API) write the content size in the frame header; a
        // streaming encoder does not, and then the hint is the cap.
        std::fs::write(&zst, zstd::bulk::compress(&text[..], 3).unwrap()).unwrap();
        assert_eq!(decompressed_size_hint(&zst, 10, 1 << 30), text.len() as u64);
        std::fs::write(&zst, zstd::encode_all(&text[..], 3).unwrap()).unwrap();
        assert_eq!(decompressed_size_hint(&zst, 10, 1 << 30), 1 << 30);
        // No trailer to read: the cap.
        let bad = dir.path().join("b.txt.gz");
        std::fs::write(&bad, b"xy").unwrap();
        assert_eq!(decompressed_size_hint(&bad, 2, 5000), 5000);
    }
}
