//! A tantivy directory over files memory-mapped in place, that never writes.
//!
//! A `--corpus DIR` engine kept in the cache opens its index files where they are: at ×1000
//! they are most of a 1.3 GB image, and mapping them leaves their pages to the kernel's page
//! cache, read (and counted in the process's memory) only when a query touches them. Those
//! files are written once, in a folder renamed into place, and never changed: so this
//! directory takes no lock (tantivy's reader would otherwise create and lock
//! `.tantivy-meta.lock` in the cache at every start, which a read-only cache refuses and two
//! starts would queue on), watches nothing (no thread), and refuses every write.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

/// Index files opened in place, read-only.
#[derive(Clone, Debug)]
pub(crate) struct Frozen(MmapDirectory);

impl Frozen {
    /// The index files in `dir`, mapped when tantivy first reads them.
    pub(crate) fn open(dir: &Path) -> tantivy::Result<Frozen> {
        Ok(Frozen(MmapDirectory::open(dir)?))
    }
}

fn refused() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "index préparé en lecture seule",
    )
}

impl Directory for Frozen {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.0.open_read(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(refused(), path.to_path_buf()))
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(refused())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing writes these files, so there is nothing to exclude.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    /// They never change either.
    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
