//! The index directory as newsdex opens it: tantivy's `MmapDirectory`, made usable by readers
//! that cannot write there (a read-only mount, an index owned by another user) and writing its
//! files as readable as the umask allows.
//!
//! Three things in `MmapDirectory` stand in a reader's way:
//!
//! * every searcher takes the *meta lock* while it opens segments (so that a writer's garbage
//!   collection cannot delete them meanwhile), and the lock is a file opened for writing;
//! * `.managed.json`, the list of files a writer may collect, is read at open time although
//!   only writers use it;
//! * `meta.json` and `.managed.json` are written through a temporary file created with mode
//!   0600, so other users could not read an index at all.
//!
//! Here a reader takes the meta lock on a read-only descriptor when it cannot open the file for
//! writing (`flock` needs no write access, so it still excludes a writer's collection), and goes
//! without it only when the lock file cannot even be opened (then no writer has ever run there,
//! or none can); a reader that may not read `.managed.json` does without it; and atomic writes
//! create their file with the default mode (0666 less the umask), like every other index file.
//!
//! And one thing stands in the way of a bounded indexing run: every page of a memory-mapped
//! file that the process has read stays resident (and counts in its RSS) as long as the file is
//! mapped. The near-copy check reads candidate articles back from the document store at random
//! across the whole index ([`super::copies`]), so through a mapped store the run's resident
//! memory grew with the archive (RssFile 320 MB of store pages at 200,000 articles, 4.4 GB
//! peak RSS at 1,000,000). A writer therefore reads `.store` files with `pread` into buffers of
//! its own (`PreadFile`): a block read for the check is freed once decompressed, and a merge
//! that stacks a store holds one input's blocks at a time. The kernel's page cache still
//! serves repeated reads; it is only no longer pinned in the process. Other files stay
//! mapped: their reads are sequential (merges) or small and bounded (the check's `doc_key`
//! look-ups, the fast fields the clusterer loads once). Readers keep mapping the store.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::Directory;
use tantivy::HasLen;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// The file tantivy keeps its list of managed files in.
const MANAGED_FILE: &str = ".managed.json";

/// The extension of a segment's document store, which a writer reads with `pread` (see the
/// module comment).
const STORE_EXTENSION: &str = "store";

/// Whether the directory is opened to search it or to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Searching only: the meta lock and `.managed.json` are optional (see the module comment).
    Read,
    /// Indexing: everything as tantivy expects.
    Write,
}

/// An index directory (see the module comment).
#[derive(Debug, Clone)]
pub struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    access: Access,
}

impl IndexDirectory {
    /// Opens the directory at `root` for `access`.
    pub fn open(root: &Path, access: Access) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
            access,
        })
    }

    /// The meta lock of a reader that may not open the lock file for writing.
    fn read_only_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match File::open(self.root.join(&lock.filepath)) {
            Ok(file) => {
                file.lock().map_err(LockError::wrap_io_error)?;
                Ok(DirectoryLock::from(Box::new(file)))
            }
            // No lock file and no way to create one: no writer ever ran here, or none can.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(DirectoryLock::from(Box::new(()))),
            Err(e) => Err(LockError::wrap_io_error(e)),
        }
    }
}

/// Whether an I/O error says the file system refuses writes to us (not that it failed).
fn write_refused(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if self.access == Access::Write && path.extension().is_some_and(|e| e == STORE_EXTENSION) {
            return Ok(Arc::new(PreadFile::open(&self.root.join(path))?));
        }
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.inner.atomic_read(path) {
            Err(OpenReadError::IoError { io_error, .. })
                if self.access == Access::Read
                    && path == Path::new(MANAGED_FILE)
                    && io_error.kind() == io::ErrorKind::PermissionDenied =>
            {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            other => other,
        }
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let target = self.root.join(path);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let tmp = self.root.join(format!(
            ".{name}.{}.{:x}.tmp",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let result = (|| {
            // The default mode: 0666 less the umask, as for every other index file.
            let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            f.write_all(data)?;
            f.sync_data()?;
            std::fs::rename(&tmp, &target)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if self.access == Access::Read
                    && lock.filepath == META_LOCK.filepath
                    && write_refused(&e) =>
            {
                self.read_only_lock(lock)
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A file read with `pread` into a fresh buffer at every read, instead of through a memory map
/// (see the module comment). The descriptor stays open, so a file deleted after a merge stays
/// readable by whoever still holds its segment, as a mapped one does. Not tantivy-common's
/// `WrapFile`, which does the same reads: tantivy does not re-export it, and it refuses an
/// empty range and cuts one past the end short, where a file handle should answer the first
/// with no bytes and the second with an error.
#[derive(Debug)]
struct PreadFile {
    file: File,
    len: usize,
}

impl PreadFile {
    fn open(path: &Path) -> Result<PreadFile, OpenReadError> {
        let wrap = |e: io::Error| {
            if e.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(e, path.to_path_buf())
            }
        };
        let file = File::open(path).map_err(wrap)?;
        let len = file.metadata().map_err(wrap)?.len();
        let len = usize::try_from(len).map_err(|_| {
            wrap(io::Error::new(
                io::ErrorKind::InvalidData,
                "file too large to address",
            ))
        })?;
        Ok(PreadFile { file, len })
    }
}

impl HasLen for PreadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for PreadFile {
    fn read_bytes(&self, range: std::ops::Range<usize>) -> io::Result<OwnedBytes> {
        use std::os::unix::fs::FileExt;
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("read of {range:?} past the end of a {}-byte file", self.len),
            ));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let mut buf = vec![0u8; range.len()];
        self.file.read_exact_at(&mut buf, range.start as u64)?;
        Ok(OwnedBytes::new(buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_follow_the_umask_and_replace_the_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let d = IndexDirectory::open(dir.path(), Access::Write).unwrap();
        d.atomic_write(Path::new("meta.json"), b"one").unwrap();
        d.atomic_write(Path::new("meta.json"), b"two").unwrap();
        assert_eq!(d.atomic_read(Path::new("meta.json")).unwrap(), b"two");
        let mode = std::fs::metadata(dir.path().join("meta.json"))
            .unwrap()
            .permissions()
            .mode();
        // Whatever the umask, a fresh file made the ordinary way has the same mode.
        let probe = dir.path().join("probe");
        File::create(&probe).unwrap();
        let expected = std::fs::metadata(&probe).unwrap().permissions().mode();
        assert_eq!(mode, expected);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file left");
    }

    #[test]
    fn a_writer_reads_stores_with_pread_and_the_bytes_are_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("a.store"), &bytes).unwrap();
        std::fs::write(dir.path().join("empty.store"), b"").unwrap();
        let d = IndexDirectory::open(dir.path(), Access::Write).unwrap();
        let h = d.get_file_handle(Path::new("a.store")).unwrap();
        assert_eq!(h.len(), bytes.len());
        assert_eq!(
            h.read_bytes(4090..5000).unwrap().as_slice(),
            &bytes[4090..5000]
        );
        assert!(h.read_bytes(7..7).unwrap().is_empty());
        assert!(h.read_bytes(9_000..10_001).is_err());
        let e = d.get_file_handle(Path::new("empty.store")).unwrap();
        assert_eq!(e.len(), 0);
        assert!(e.read_bytes(0..0).unwrap().is_empty());
        assert!(matches!(
            d.get_file_handle(Path::new("gone.store")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
        // Still readable once deleted, as a mapped file is (a merge deletes its inputs while
        // searchers may hold them).
        std::fs::remove_file(dir.path().join("a.store")).unwrap();
        assert_eq!(h.read_bytes(0..3).unwrap().as_slice(), &bytes[0..3]);
    }
}
