//! An engine prepared ahead of time: the corpus loaded and validated, its search index built and
//! its gazetteers analysed once, then written as one image that opens in milliseconds.
//!
//! The `ess-builtin` crate makes the image of the built-in corpus in its build script and embeds
//! it; [`Engine::from_prepared`] opens it. The image is private to one build: it starts with a
//! magic line naming the engine's version, and nothing else reads it.
//!
//! Layout: the magic line, then sections, each a name and a content, both prefixed with their
//! length (little-endian `u32` for the name, `u64` for the content): `corpus` (JSON),
//! `lexicon` (JSON), and one `index/<file>` per file of the tantivy index.

use crate::index::SearchIndex;
use crate::lexicon::Lexicon;
use crate::{Corpus, Engine, EngineError, Rulebook};

const MAGIC: &str = concat!("ess-engine prepared ", env!("CARGO_PKG_VERSION"), "\n");
const INDEX_PREFIX: &str = "index/";

impl Engine {
    /// The engine as an image [`Engine::from_prepared`] opens, in this same build.
    pub fn prepare(&self) -> Result<Vec<u8>, EngineError> {
        let mut image = MAGIC.as_bytes().to_vec();
        let corpus = serde_json::to_vec(&self.corpus).map_err(prepared_error)?;
        push_section(&mut image, "corpus", &corpus);
        let lexicon = self.lexicon.to_json().map_err(prepared_error)?;
        push_section(&mut image, "lexicon", lexicon.as_bytes());
        for (path, bytes) in self.index.files()? {
            push_section(&mut image, &format!("{INDEX_PREFIX}{path}"), &bytes);
        }
        Ok(image)
    }

    /// The engine an image of [`Engine::prepare`] holds: nothing is analysed or indexed again.
    pub fn from_prepared(image: &[u8]) -> Result<Engine, EngineError> {
        let sections = sections(image)?;
        let find = |name: &str| {
            sections
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, bytes)| *bytes)
                .ok_or_else(|| EngineError::Prepared(format!("section « {name} » absente")))
        };
        let corpus_json = std::str::from_utf8(find("corpus")?).map_err(prepared_error)?;
        let corpus = Corpus::from_prepared_json(corpus_json).map_err(prepared_error)?;
        let lexicon_json = std::str::from_utf8(find("lexicon")?).map_err(prepared_error)?;
        let lexicon = Lexicon::from_json(lexicon_json, &corpus).map_err(prepared_error)?;
        let index = SearchIndex::open(
            sections
                .iter()
                .filter_map(|(name, bytes)| Some((name.strip_prefix(INDEX_PREFIX)?, *bytes))),
        )?;
        let rules = Rulebook::build(&corpus);
        Ok(Engine {
            corpus,
            index,
            lexicon,
            rules,
        })
    }
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

    #[test]
    fn a_prepared_engine_answers_as_the_engine_it_was_made_from() {
        let engine = Engine::builtin().unwrap();
        let reopened = Engine::from_prepared(&engine.prepare().unwrap()).unwrap();
        for q in [
            "Quels leviers pour la mobilité en milieu rural ?",
            "Une agglomération de 70 M€ d'achats doit-elle adopter un SPASER ?",
            "C'est quoi une SCIC ?",
            "des exemples à Langouët ?",
        ] {
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
