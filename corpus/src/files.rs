//! Finding and reading the data files: the folder compiled into the binary, or a folder on
//! disk.
//!
//! Only regular, visible `.toml` files are read. A folder can hold anything else (a README, an
//! editor's `.x.toml` swap file, a FIFO, a symlink loop): hidden names are skipped, special
//! files are reported without being opened, symlinked folders are followed once, and a file
//! larger than [`MAX_FILE_BYTES`] or not in UTF-8 is refused with its name and line.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::error::{CorpusError, Problem};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// The largest data file read, in bytes. The largest file of the built-in corpus is under
/// 100 KB; a limit well above it keeps a stray dump from taking the memory of the machine.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How deep folders may nest under the corpus root.
const MAX_DEPTH: usize = 8;

/// What a data file's metadata says of it, without reading it: enough to notice that it
/// changed. [`dir_stamps`] lists them; a cache keyed by them skips reading the files.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileStamp {
    /// Path relative to the corpus root, with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub len: u64,
    /// Last modification, in nanoseconds since the Unix epoch (0 if the system gives none).
    pub modified_ns: i128,
    /// Last change of the file's inode (any write, `chmod`, or a modification time set back
    /// by `touch -d`), in nanoseconds; 0 where the system has no such time.
    pub changed_ns: i128,
    /// The inode number (0 where the system has none): a file replaced by another one.
    pub inode: u64,
}

impl FileStamp {
    fn of(path: String, meta: &fs::Metadata) -> FileStamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (0, 0);
        FileStamp {
            path,
            len: meta.len(),
            modified_ns,
            changed_ns,
            inode,
        }
    }
}

/// One data file: its path relative to the corpus root (`leviers/kit-10.toml`), and its text.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Path relative to the corpus root, with `/` separators.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// The files compiled into the binary, sorted by path.
pub fn embedded_files() -> Vec<DataFile> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    collect_embedded(&EMBEDDED, &mut files, &mut problems);
    // The build embeds the repository's own files; a problem here is caught by the tests.
    debug_assert!(problems.is_empty(), "{problems:?}");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<DataFile>, problems: &mut Vec<Problem>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if is_data_file_name(&path) {
            match decode(&path, file.contents().to_vec()) {
                Ok(f) => out.push(f),
                Err(p) => problems.push(*p),
            }
        }
    }
    for sub in dir.dirs() {
        if !is_hidden(&sub.path().to_string_lossy()) {
            collect_embedded(sub, out, problems);
        }
    }
}

/// The data files under `root`, recursively, sorted by path. Every file that cannot be read is
/// reported, all at once.
pub fn dir_files(root: &Path) -> Result<Vec<DataFile>, CorpusError> {
    let meta = fs::metadata(root).map_err(|e| CorpusError::Io {
        path: root.display().to_string(),
        source: e,
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::Io {
            path: root.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "ce n'est pas un dossier",
            ),
        });
    }
    let mut walk = Walk::new(root, true);
    walk.dir(root, 0);
    if !walk.problems.is_empty() {
        return Err(CorpusError::Invalid(walk.problems));
    }
    walk.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walk.files)
}

/// The stamps of the data files [`dir_files`] would read in `root`, sorted by path, from their
/// metadata only: no file is opened. An error wherever [`dir_files`] would give one, except
/// that a file's text is not checked (UTF-8); call [`dir_files`] for the full diagnostics.
pub fn dir_stamps(root: &Path) -> Result<Vec<FileStamp>, CorpusError> {
    if !fs::metadata(root).is_ok_and(|m| m.is_dir()) {
        return dir_files(root).map(|_| Vec::new());
    }
    let mut walk = Walk::new(root, false);
    walk.dir(root, 0);
    if !walk.problems.is_empty() {
        return Err(CorpusError::Invalid(walk.problems));
    }
    walk.stamps.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walk.stamps)
}

struct Walk<'a> {
    root: &'a Path,
    /// Whether the files are read (into `files`) or only stamped (into `stamps`).
    read: bool,
    files: Vec<DataFile>,
    stamps: Vec<FileStamp>,
    problems: Vec<Problem>,
    /// Folders already read, by their real path: a symlink loop is read once.
    visited: HashSet<PathBuf>,
}

impl<'a> Walk<'a> {
    fn new(root: &'a Path, read: bool) -> Walk<'a> {
        Walk {
            root,
            read,
            files: Vec::new(),
            stamps: Vec::new(),
            problems: Vec::new(),
            visited: HashSet::new(),
        }
    }

    fn relative(&self, path: &Path) -> String {
        path.strip_prefix(self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn problem(&mut self, path: &Path, message: String) {
        let file = self.relative(path);
        self.problems.push(Problem::in_file(file, message));
    }

    fn dir(&mut self, dir: &Path, depth: usize) {
        let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.visited.insert(real) {
            return;
        }
        if depth > MAX_DEPTH {
            self.problem(
                dir,
                format!("dossiers imbriqués sur plus de {MAX_DEPTH} niveaux : dossier ignoré"),
            );
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.problem(dir, format!("dossier illisible ({})", io_french(&e))),
        };
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                Err(e) => {
                    return self.problem(dir, format!("dossier illisible ({})", io_french(&e)))
                }
            };
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.as_deref().is_none_or(is_hidden) {
                continue;
            }
            // `metadata` follows a symlink; a dangling one is reported only if it looks like data.
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    if is_data_file_name(&self.relative(&path)) {
                        self.problem(&path, format!("fichier illisible ({})", io_french(&e)));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                self.dir(&path, depth + 1);
            } else if is_data_file_name(&self.relative(&path)) {
                if !meta.is_file() {
                    self.problem(
                        &path,
                        "ce n'est pas un fichier ordinaire (tube, périphérique ou socket) : il n'a pas été lu"
                            .into(),
                    );
                } else if meta.len() > MAX_FILE_BYTES {
                    self.problem(&path, too_large(meta.len()));
                } else if self.read {
                    self.read(&path);
                } else {
                    let stamp = FileStamp::of(self.relative(&path), &meta);
                    self.stamps.push(stamp);
                }
            }
        }
    }

    fn read(&mut self, path: &Path) {
        let mut bytes = Vec::new();
        // Read at most one byte past the limit, in case the file grew since `metadata`.
        let read =
            fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
        match read {
            Err(e) => self.problem(path, format!("fichier illisible ({})", io_french(&e))),
            Ok(n) if n as u64 > MAX_FILE_BYTES => self.problem(path, too_large(n as u64)),
            Ok(_) => match decode(&self.relative(path), bytes) {
                Ok(file) => self.files.push(file),
                Err(problem) => self.problems.push(*problem),
            },
        }
    }
}

/// A `.toml` file whose name and folders are not hidden.
fn is_data_file_name(relative: &str) -> bool {
    relative.ends_with(".toml") && !relative.split('/').any(is_hidden)
}

fn is_hidden(name: &str) -> bool {
    name.rsplit('/').next().is_some_and(|n| n.starts_with('.'))
}

fn too_large(bytes: u64) -> String {
    format!(
        "fichier trop volumineux ({} octets ; au plus {MAX_FILE_BYTES} octets par fichier) : découpez-le",
        bytes
    )
}

/// The text of a file, or where its first byte that is not UTF-8 is.
fn decode(path: &str, bytes: Vec<u8>) -> Result<DataFile, Box<Problem>> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(DataFile {
            path: path.to_string(),
            text,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..valid];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(
                &before[before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1)..],
            )
            .chars()
            .count()
                + 1;
            let mut problem = Problem::in_file(
                path.to_string(),
                "le fichier n'est pas encodé en UTF-8 : enregistrez-le en UTF-8".into(),
            );
            problem.line = Some(line);
            problem.column = Some(column);
            Err(Box::new(problem))
        }
    }
}

/// A system error in French: the common kinds by name, the rest by the system's own words.
pub fn io_french(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "introuvable".into(),
        PermissionDenied => "accès refusé".into(),
        IsADirectory => "c'est un dossier".into(),
        NotADirectory => "ce n'est pas un dossier".into(),
        InvalidData => "données invalides".into(),
        _ => match e.raw_os_error() {
            Some(40) => "trop de liens symboliques en chaîne".into(),
            _ => format!("erreur système : {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_data() {
        assert!(is_data_file_name("leviers/kit-10.toml"));
        assert!(!is_data_file_name("leviers/.kit-10.toml"));
        assert!(!is_data_file_name(".git/x.toml"));
        assert!(!is_data_file_name("leviers/README.md"));
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_located() {
        let p = decode("a.toml", b"id = \"x\"\ntitle = \"d\xe9finir\"\n".to_vec()).unwrap_err();
        assert_eq!((p.line, p.column), (Some(2), Some(11)));
        assert!(p.message.contains("UTF-8"));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let f = decode("a.toml", b"\xEF\xBB\xBFid = 1".to_vec()).unwrap();
        assert_eq!(f.text, "id = 1");
    }
}
