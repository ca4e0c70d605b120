//! An engine prepared ahead of time: the corpus loaded and validated, its search index built and
//! its gazetteers analysed once, then written as one image that opens in milliseconds.
//!
//! The `ess-builtin` crate makes the image of the built-in corpus in its build script and embeds
//! it; [`Engine::from_prepared`] opens it. The image is private to one build: it starts with a
//! magic line naming the engine's version, and nothing else reads it.
//!
//! Layout: the magic line, then sections, each a name and a content, both prefixed with their
//! length (little-endian `u32` for the name, `u64` for the content): `corpus` (JSON, all but
//! the entries), `entries` (one record per entry behind an offset table, decoded when an
//! answer reads it: [`ess_corpus::records`]), `lexicon` (JSON), and one `index/<file>` per
//! file of the tantivy index.
//!
//! An engine prepared on a `--corpus DIR` (kept in the user's cache by `ess`) is a folder
//! instead ([`Engine::prepare_in`], [`Engine::open_prepared`]): the same image without the
//! index sections, and the index files beside it, memory-mapped at opening rather than read
//! and copied. `engine.bin` stays mapped too: its entries are decoded from the mapping, so
//! at ×1000 neither its 1.2 GB nor 1.4 M decoded entries need be resident.

use std::path::Path;
use std::sync::Arc;

use ess_corpus::records;
use tantivy::directory::OwnedBytes;

use crate::index::SearchIndex;
use crate::lexicon::Lexicon;
use crate::{Corpus, Engine, EngineError, Rulebook};

const MAGIC: &str = concat!("ess-engine prepared ", env!("CARGO_PKG_VERSION"), "\n");
const INDEX_PREFIX: &str = "index/";

/// In a prepared folder ([`Engine::prepare_in`]), the image without its index sections, plus
/// an `index-files` section: the index files' names and sizes, checked at opening (a file cut
/// short by a crash is never mapped).
const ENGINE_FILE: &str = "engine.bin";
/// In a prepared folder, the index files as tantivy wrote them, opened in place.
const INDEX_DIR: &str = "index";
const INDEX_FILES: &str = "index-files";

impl Engine {
    /// The engine as an image [`Engine::from_prepared`] opens, in this same build.
    pub fn prepare(&self) -> Result<Vec<u8>, EngineError> {
        let mut image = self.head()?;
        for (path, bytes) in self.index.files()? {
            push_section(&mut image, &format!("{INDEX_PREFIX}{path}"), &bytes);
        }
        Ok(image)
    }

    /// The magic line, the corpus and the lexicon: what both forms of a prepared engine start
    /// with.
    fn head(&self) -> Result<Vec<u8>, EngineError> {
        let mut image = MAGIC.as_bytes().to_vec();
        let (corpus, entries) = self.corpus.to_prepared().map_err(prepared_error)?;
        push_section(&mut image, "corpus", &corpus);
        push_section(&mut image, "entries", &entries);
        let lexicon = self.lexicon.to_json().map_err(prepared_error)?;
        push_section(&mut image, "lexicon", lexicon.as_bytes());
        Ok(image)
    }

    /// The engine an image of [`Engine::prepare`] holds: nothing is analysed or indexed again.
    pub fn from_prepared(image: &[u8]) -> Result<Engine, EngineError> {
        let sections = sections(image)?;
        // A copy of the entries' section (1.5 MB for the built-in corpus): the records must
        // own their bytes, and `image` is only borrowed.
        let (corpus, lexicon) = decode(&sections, |entries| Arc::new(entries.to_vec()))?;
        let index = SearchIndex::open(
            sections
                .iter()
                .filter_map(|(name, bytes)| Some((name.strip_prefix(INDEX_PREFIX)?, *bytes))),
        )?;
        Ok(Engine::assemble(corpus, index, lexicon))
    }

    /// Writes the engine into the folder `dir`, created now: `engine.bin` (corpus, lexicon,
    /// the list of index files) and `index/` (the index files as they are), which
    /// [`Engine::open_prepared`] opens in place, in this same build. `engine.bin` is written
    /// last. Meant for a fresh folder, renamed into place once complete.
    pub fn prepare_in(&self, dir: &Path) -> Result<(), EngineError> {
        let index_dir = dir.join(INDEX_DIR);
        let unwritten = |path: &Path, e: &std::io::Error| {
            EngineError::PreparedWrite(format!("{} : {}", path.display(), ess_corpus::io_french(e)))
        };
        std::fs::create_dir_all(&index_dir).map_err(|e| unwritten(&index_dir, &e))?;
        self.index
            .write_files(&index_dir)
            .map_err(|(file, e)| unwritten(&file, &e))?;
        let mut listed = Vec::new();
        for entry in std::fs::read_dir(&index_dir).map_err(|e| unwritten(&index_dir, &e))? {
            let entry = entry.map_err(|e| unwritten(&index_dir, &e))?;
            let size = entry
                .metadata()
                .map_err(|e| unwritten(&entry.path(), &e))?
                .len();
            listed.push((entry.file_name().to_string_lossy().into_owned(), size));
        }
        listed.sort();
        let mut image = self.head()?;
        let listed = serde_json::to_vec(&listed).map_err(prepared_error)?;
        push_section(&mut image, INDEX_FILES, &listed);
        let path = dir.join(ENGINE_FILE);
        std::fs::write(&path, image).map_err(|e| unwritten(&path, &e))
    }

    /// The engine [`Engine::prepare_in`] wrote in `dir`: the lexicon and the corpus but its
    /// entries decoded, the entries and the index memory-mapped where they are (their pages
    /// are read when an answer touches them).
    pub fn open_prepared(dir: &Path) -> Result<Engine, EngineError> {
        let path = dir.join(ENGINE_FILE);
        let image = mapped(dir, &path)?;
        // « image préparée … illisible : <file> : why », said once.
        let named = |e: EngineError| match e {
            EngineError::Prepared(why) => {
                EngineError::Prepared(format!("{} : {why}", path.display()))
            }
            other => other,
        };
        let sections = sections(&image).map_err(named)?;
        let listed = find(&sections, INDEX_FILES).map_err(named)?;
        let listed: Vec<(String, u64)> = serde_json::from_slice(listed)
            .map_err(prepared_error)
            .map_err(named)?;
        let index_dir = dir.join(INDEX_DIR);
        for (name, size) in listed {
            let file = index_dir.join(&name);
            let actual = std::fs::metadata(&file).map_err(|e| io_error(&file, &e))?;
            if actual.len() != size {
                return Err(EngineError::Prepared(format!(
                    "{} : {} octets au lieu de {size}",
                    file.display(),
                    actual.len()
                )));
            }
        }
        let (corpus, lexicon) =
            decode(&sections, |entries| shared(&image, entries)).map_err(named)?;
        let index = SearchIndex::open_mapped(&index_dir)?;
        Ok(Engine::assemble(corpus, index, lexicon))
    }

    fn assemble(corpus: Corpus, index: SearchIndex, lexicon: Lexicon) -> Engine {
        let rules = Rulebook::build(&corpus);
        Engine {
            corpus,
            index,
            lexicon,
            rules,
        }
    }
}

/// The section `name` of an image.
fn find<'a>(sections: &[(&str, &'a [u8])], name: &str) -> Result<&'a [u8], EngineError> {
    sections
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
        .ok_or_else(|| EngineError::Prepared(format!("section « {name} » absente")))
}

/// The corpus and lexicon sections, decoded but for the entries, whose bytes `entries` keeps.
fn decode(
    sections: &[(&str, &[u8])],
    entries: impl FnOnce(&[u8]) -> records::Bytes,
) -> Result<(Corpus, Lexicon), EngineError> {
    let records = entries(find(sections, "entries")?);
    let corpus =
        Corpus::from_prepared(find(sections, "corpus")?, records).map_err(prepared_error)?;
    let lexicon_json = std::str::from_utf8(find(sections, "lexicon")?).map_err(prepared_error)?;
    let lexicon = Lexicon::from_json(lexicon_json, &corpus).map_err(prepared_error)?;
    Ok((corpus, lexicon))
}

/// `engine.bin`, memory-mapped rather than read: the lexicon is decoded from the page cache
/// with no copy into fresh memory (reading it cost 8 % of a cached start at ×100, and the
/// page faults of the copy as much again; `perf`, 2026-12-06), and the entries are decoded
/// from it one by one as long as the engine lives. The file is never rewritten in place (a
/// prepared folder is renamed into place once complete), so it cannot shrink under us.
fn mapped(dir: &Path, path: &Path) -> Result<OwnedBytes, EngineError> {
    // Opened once by hand for a French reason when it is missing or refused.
    std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let unreadable =
        |e: &dyn std::fmt::Display| EngineError::Prepared(format!("{} : {e}", path.display()));
    let directory = crate::frozen::Frozen::open(dir).map_err(|e| unreadable(&e))?;
    tantivy::Directory::open_read(&directory, Path::new(ENGINE_FILE))
        .map_err(|e| unreadable(&e))?
        .read_bytes()
        .map_err(|e| unreadable(&e))
}

/// `section`, a part of the mapped `image`, as bytes that keep the mapping alive.
fn shared(image: &OwnedBytes, section: &[u8]) -> records::Bytes {
    let start = section.as_ptr() as usize - image.as_ptr() as usize;
    Arc::new(image.slice(start..start + section.len()))
}

/// A file of a prepared folder that could not be read, named, with why in French.
fn io_error(path: &Path, e: &std::io::Error) -> EngineError {
    EngineError::Prepared(format!("{} : {}", path.display(), ess_corpus::io_french(e)))
}

fn prepared_error(e: impl std::fmt::Display) -> EngineError {
    EngineError::Prepared(e.to_string())
}

fn push_section(image: &mut Vec<u8>, name: &str, content: &[u8]) {
    image.extend_from_slice(&(name.len() as u32).to_le_bytes());
    image.extend_from_slice(name.as_bytes());
    image.extend_from_slice(&(content.len() as u64).to_le_bytes());
    image.extend_from_slice(content);
}

/// The sections of an image, in order; an error if it is not one of this build.
fn sections(image: &[u8]) -> Result<Vec<(&str, &[u8])>, EngineError> {
    let mut rest = image.strip_prefix(MAGIC.as_bytes()).ok_or_else(|| {
        EngineError::Prepared("ce n'est pas une image de cette version du moteur".into())
    })?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let name_len = u32::from_le_bytes(take_array(&mut rest)?) as usize;
        let name = std::str::from_utf8(take(&mut rest, name_len)?).map_err(prepared_error)?;
        let content_len = u64::from_le_bytes(take_array(&mut rest)?);
        let content_len = usize::try_from(content_len).map_err(|_| truncated())?;
        out.push((name, take(&mut rest, content_len)?));
    }
    Ok(out)
}

fn truncated() -> EngineError {
    EngineError::Prepared("image tronquée".into())
}

/// The first `n` bytes of `rest`, which moves past them.
fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], EngineError> {
    if rest.len() < n {
        return Err(truncated());
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

fn take_array<const N: usize>(rest: &mut &[u8]) -> Result<[u8; N], EngineError> {
    take(rest, N)?.try_into().map_err(|_| truncated())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Conversation;

    /// Both engines give byte-identical answers to `questions`.
    fn answer_alike(engine: &Engine, reopened: &Engine, questions: &[&str]) {
        for q in questions {
            let a = engine
                .ask(&mut Conversation::new(), q, "2026-12-04")
                .unwrap();
            let b = reopened
                .ask(&mut Conversation::new(), q, "2026-12-04")
                .unwrap();
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap(),
                "{q}"
            );
        }
    }

    #[test]
    fn a_prepared_engine_answers_as_the_engine_it_was_made_from() {
        let engine = Engine::builtin().unwrap();
        let reopened = Engine::from_prepared(&engine.prepare().unwrap()).unwrap();
        answer_alike(
            &engine,
            &reopened,
            &[
                "Quels leviers pour la mobilité en milieu rural ?",
                "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
                "C'est quoi une SCIC ?",
                "des exemples à Langouët ?",
                "la fiche 16",
                "fiche 99",
            ],
        );
    }

    /// A fresh folder under the system's temporary directory.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ess-prepared-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn an_engine_prepared_in_a_folder_answers_as_the_engine_it_was_made_from() {
        let engine = Engine::builtin().unwrap();
        let dir = scratch("identique");
        engine.prepare_in(&dir).unwrap();
        let listed = |dir: &Path| {
            let mut names: Vec<_> = std::fs::read_dir(dir.join(INDEX_DIR))
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        let before = listed(&dir);
        let reopened = Engine::open_prepared(&dir).unwrap();
        answer_alike(
            &engine,
            &reopened,
            &[
                "Quels leviers pour la mobilité en milieu rural ?",
                "C'est quoi une SCIC ?",
                "des exemples à Langouët ?",
                "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
                "les leviers de la fiche 16",
                "fiche 99",
                "Dromolib ?",
            ],
        );
        // Opening and answering wrote nothing there (no lock file, no metadata).
        assert_eq!(listed(&dir), before);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_prepared_folder_with_a_file_cut_short_is_refused_naming_the_file() {
        let dir = scratch("coupe");
        Engine::builtin().unwrap().prepare_in(&dir).unwrap();
        let biggest = std::fs::read_dir(dir.join(INDEX_DIR))
            .unwrap()
            .map(|e| e.unwrap().path())
            .max_by_key(|p| std::fs::metadata(p).unwrap().len())
            .unwrap();
        let bytes = std::fs::read(&biggest).unwrap();
        std::fs::write(&biggest, &bytes[..bytes.len() / 2]).unwrap();
        let cut = Engine::open_prepared(&dir).err().unwrap().to_string();
        assert!(cut.contains("octets au lieu de"), "{cut}");
        assert!(cut.contains(&biggest.display().to_string()), "{cut}");
        std::fs::remove_file(&biggest).unwrap();
        let gone = Engine::open_prepared(&dir).err().unwrap().to_string();
        assert!(gone.contains("introuvable"), "{gone}");
        std::fs::write(dir.join(ENGINE_FILE), b"abime").unwrap();
        let foreign = Engine::open_prepared(&dir).err().unwrap().to_string();
        assert!(foreign.contains("engine.bin"), "{foreign}");
        let missing = Engine::open_prepared(&dir.join("absent"))
            .err()
            .unwrap()
            .to_string();
        assert!(missing.contains("introuvable"), "{missing}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_or_truncated_engine_file_is_refused_in_french_naming_it() {
        let dir = scratch("entrees");
        Engine::builtin().unwrap().prepare_in(&dir).unwrap();
        let path = dir.join(ENGINE_FILE);
        let image = std::fs::read(&path).unwrap();
        let entries = find(&sections(&image).unwrap(), "entries").unwrap();
        let at = entries.as_ptr() as usize - image.as_ptr() as usize;
        // The fourth offset of the table set back to zero.
        let mut damaged = image.clone();
        damaged[at + 8 + 8 * 3..at + 8 + 8 * 4].copy_from_slice(&0u64.to_le_bytes());
        std::fs::write(&path, &damaged).unwrap();
        let refused = Engine::open_prepared(&dir).err().unwrap().to_string();
        assert!(refused.contains("engine.bin"), "{refused}");
        assert!(refused.contains("table des positions"), "{refused}");
        assert_eq!(refused.matches("illisible").count(), 1, "{refused}");
        // Cut inside the entries' records.
        std::fs::write(&path, &image[..at + entries.len() / 2]).unwrap();
        let cut = Engine::open_prepared(&dir).err().unwrap().to_string();
        assert!(
            cut.contains("engine.bin") && cut.contains("tronquée"),
            "{cut}"
        );
        // The same file whole opens again.
        std::fs::write(&path, &image).unwrap();
        assert!(Engine::open_prepared(&dir).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_image_is_refused_with_a_reason() {
        let image = Engine::builtin().unwrap().prepare().unwrap();
        let cut = Engine::from_prepared(&image[..image.len() / 2])
            .err()
            .unwrap();
        assert!(cut.to_string().contains("tronquée"), "{cut}");
        let foreign = Engine::from_prepared(b"PK\x03\x04").err().unwrap();
        assert!(
            foreign.to_string().contains("version du moteur"),
            "{foreign}"
        );
    }
}
