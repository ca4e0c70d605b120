//! The full-text index of the knowledge base (tantivy): built from a corpus in RAM, or opened
//! from the files of an index built before — copied into RAM from the built-in corpus's image
//! (made at build time), or memory-mapped in place from a `--corpus DIR` cache.
//!
//! Queries are built term by term from analysed user text, never handed to tantivy's query
//! parser, so `(`, `:`, `"` or `-` in a question cannot cause a syntax error. Titles weigh
//! more than keywords, which weigh more than body text. Fuzzy matching (one or two edits on
//! longer terms) is tried only when the exact terms find little.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ess_corpus::{CollectivityTypeId, Corpus, Entry, Kind, TerritoryId, ThemeId};
use tantivy::collector::TopDocs;
use tantivy::directory::RamDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{french_analyzer, terms, FRENCH};
use crate::frozen::Frozen;
use crate::ranking::Ranking;

/// Why the index could not be built or queried.
#[derive(Debug, thiserror::Error)]
#[error("erreur de l'index de recherche : {0}")]
pub struct IndexError(#[from] tantivy::TantivyError);

/// The fields of the index, by their names in its schema.
#[derive(Clone, Copy)]
struct Fields {
    ord: Field,
    kind: Field,
    title: Field,
    keywords: Field,
    body: Field,
    themes: Field,
    territories: Field,
    levels: Field,
    document: Field,
    fiche: Field,
}

impl Fields {
    /// The schema of the index, and its fields.
    fn schema() -> (Schema, Fields) {
        let mut schema = Schema::builder();
        let french = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FRENCH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            // A fast field: hits are mapped to entries without loading stored documents.
            ord: schema.add_u64_field("ord", STORED | FAST),
            kind: schema.add_text_field("kind", STRING),
            title: schema.add_text_field("title", french.clone()),
            keywords: schema.add_text_field("keywords", french.clone()),
            body: schema.add_text_field("body", french),
            themes: schema.add_text_field("themes", STRING),
            territories: schema.add_text_field("territories", STRING),
            levels: schema.add_text_field("levels", STRING),
            document: schema.add_text_field("document", STRING),
            fiche: schema.add_u64_field("fiche", INDEXED),
        };
        (schema.build(), fields)
    }

    /// The fields of an index opened from its files.
    fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            ord: field("ord")?,
            kind: field("kind")?,
            title: field("title")?,
            keywords: field("keywords")?,
            body: field("body")?,
            themes: field("themes")?,
            territories: field("territories")?,
            levels: field("levels")?,
            document: field("document")?,
            fiche: field("fiche")?,
        })
    }
}

/// The analysed terms of a request, by weight.
struct Terms<'a> {
    words: &'a [String],
    expansions: &'a [String],
    places: &'a [String],
}

/// What to look for: analysed text plus the slots the dialogue understood.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The user's words.
    pub text: String,
    /// Extra phrases from the glossary and themes (acronym expansions, synonyms).
    pub expansions: Vec<String>,
    /// The asker's région, whose partners and examples come first at equal words: weighed
    /// less than an expansion, so that it never outranks what the question asks.
    pub places: Vec<String>,
    /// Phrases whose words in `text` are left out of the match: those that say who asks
    /// (« communauté d'agglomération », « Oise »), for whom the level bonus speaks, and those
    /// that ask for a kind of entry (« un guide »), for which the quotas speak.
    pub unmatched: Vec<String>,
    /// Theme ids to boost.
    pub themes: Vec<ThemeId>,
    /// Territory ids to boost.
    pub territories: Vec<TerritoryId>,
    /// Collectivity type ids to boost.
    pub levels: Vec<CollectivityTypeId>,
    /// Only these kinds (all kinds when empty).
    pub kinds: Vec<Kind>,
    /// Only this kit fiche.
    pub fiche: Option<u32>,
    pub limit: usize,
}

/// One result: the position of the entry in the corpus and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub ord: usize,
    pub score: f32,
}

/// The index over every entry of a corpus.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: TextAnalyzer,
}

impl SearchIndex {
    /// Indexes every entry of a corpus.
    pub fn build(corpus: &Corpus) -> Result<SearchIndex, IndexError> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(FRENCH, french_analyzer());
        let mut writer = index.writer_with_num_threads(1, 30_000_000)?;
        for ord in 0..corpus.entry_count() {
            if let Some(e) = corpus.entry_at(ord) {
                writer.add_document(document(&fields, ord, e))?;
            }
        }
        writer.commit()?;
        SearchIndex::ready(index, fields)
    }

    /// The index's files (path and content, in path order): what [`SearchIndex::open`] takes.
    pub fn files(&self) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
        let directory = self.index.directory();
        let mut files = Vec::new();
        for path in self.paths()? {
            let bytes = directory
                .atomic_read(&path)
                .map_err(tantivy::TantivyError::from)?;
            files.push((path.to_string_lossy().into_owned(), bytes));
        }
        Ok(files)
    }

    /// Writes the index's files into the folder `dir`, one at a time (at ×1000 they weigh
    /// about a gigabyte): what [`SearchIndex::open_mapped`] opens. On failure, the file that
    /// could not be written and why.
    pub fn write_files(&self, dir: &Path) -> Result<(), (PathBuf, std::io::Error)> {
        let directory = self.index.directory();
        let paths = self
            .paths()
            .map_err(|e| (dir.to_path_buf(), std::io::Error::other(e)))?;
        for path in paths {
            let target = dir.join(&path);
            let bytes = directory
                .atomic_read(&path)
                .map_err(|e| (target.clone(), std::io::Error::other(e)))?;
            std::fs::write(&target, bytes).map_err(|e| (target, e))?;
        }
        Ok(())
    }

    /// The paths of the index's files that exist, in order.
    fn paths(&self) -> Result<Vec<PathBuf>, IndexError> {
        let directory = self.index.directory();
        let mut paths: Vec<PathBuf> = vec![PathBuf::from("meta.json")];
        for segment in self.index.searchable_segment_metas()? {
            use tantivy::index::SegmentComponent::*;
            // Every component a segment of this schema can have; those absent are skipped.
            for component in [
                Postings, Positions, FastFields, FieldNorms, Terms, Store, Delete,
            ] {
                paths.push(segment.relative_path(component));
            }
        }
        paths.sort();
        paths.dedup();
        let mut present = Vec::with_capacity(paths.len());
        for path in paths {
            if directory
                .exists(&path)
                .map_err(tantivy::TantivyError::from)?
            {
                present.push(path);
            }
        }
        Ok(present)
    }

    /// The index made of files an earlier [`SearchIndex::files`] gave.
    pub fn open<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<SearchIndex, IndexError> {
        let directory = RamDirectory::create();
        for (path, bytes) in files {
            directory
                .atomic_write(Path::new(path), bytes)
                .map_err(tantivy::TantivyError::from)?;
        }
        let index = Index::open(directory)?;
        index.tokenizers().register(FRENCH, french_analyzer());
        let fields = Fields::of(&index.schema())?;
        SearchIndex::ready(index, fields)
    }

    /// The index whose files [`SearchIndex::write_files`] wrote in `dir`, opened in place:
    /// nothing is read until a query needs it, nothing is ever written there.
    pub fn open_mapped(dir: &Path) -> Result<SearchIndex, IndexError> {
        let index = Index::open(Frozen::open(dir)?)?;
        index.tokenizers().register(FRENCH, french_analyzer());
        let fields = Fields::of(&index.schema())?;
        // Manual: the files never change, and the default policy would watch `meta.json`.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            reader,
            index,
            fields,
            analyzer: french_analyzer(),
        })
    }

    fn ready(index: Index, fields: Fields) -> Result<SearchIndex, IndexError> {
        Ok(SearchIndex {
            reader: index.reader()?,
            index,
            fields,
            analyzer: french_analyzer(),
        })
    }

    /// The analysed terms of a text (deduplicated, in order).
    pub fn analyse(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.clone();
        let mut seen = HashSet::new();
        terms(&mut analyzer, text)
            .into_iter()
            .filter(|t| seen.insert(t.clone()))
            .collect()
    }

    /// Entries matching the request, best first.
    pub fn search(
        &self,
        request: &SearchRequest,
        ranking: &Ranking,
    ) -> Result<Vec<Hit>, IndexError> {
        let mut words = self.analyse(&request.text);
        // « une communauté d'agglomération de l'Oise » says who asks: an example whose text
        // names another agglomeration, or the Val-d'Oise, is no nearer to the question.
        let unmatched: HashSet<String> = request
            .unmatched
            .iter()
            .flat_map(|p| self.analyse(p))
            .collect();
        words.retain(|w| !unmatched.contains(w));
        // In the order the expansions come, once each: the query (and so the scores, to the
        // last digit) is the same at every run. A phrase given twice is analysed once: its
        // terms would all be seen already (at ×1000, « scic » brings 3 000 glossary variants'
        // copies of the same phrases, whose analysis was a fifth of a session, `perf`).
        let mut seen = HashSet::new();
        let mut phrases = HashSet::new();
        let expansion_terms: Vec<String> = request
            .expansions
            .iter()
            .filter(|p| phrases.insert(p.as_str()))
            .flat_map(|p| self.analyse(p))
            .filter(|t| !words.contains(t) && seen.insert(t.clone()))
            .collect();
        let place_terms: Vec<String> = request
            .places
            .iter()
            .flat_map(|p| self.analyse(p))
            .filter(|t| !words.contains(t) && seen.insert(t.clone()))
            .collect();
        let terms = Terms {
            words: &words,
            expansions: &expansion_terms,
            places: &place_terms,
        };
        let hits = self.run(request, ranking, &terms, false)?;
        if hits.len() >= ranking.few_hits || words.is_empty() {
            return Ok(hits);
        }
        self.run(request, ranking, &terms, true)
    }

    fn run(
        &self,
        request: &SearchRequest,
        ranking: &Ranking,
        terms: &Terms<'_>,
        fuzzy: bool,
    ) -> Result<Vec<Hit>, IndexError> {
        let (words, expansions) = (terms.words, terms.expansions);
        let f = self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (term, weight) in words
            .iter()
            .map(|w| (w, 1.0))
            .chain(expansions.iter().map(|w| (w, ranking.expansion_weight)))
            .chain(terms.places.iter().map(|w| (w, ranking.place_weight)))
        {
            for (field, boost) in [
                (f.title, ranking.title_boost),
                (f.keywords, ranking.keywords_boost),
                (f.body, 1.0),
            ] {
                let t = Term::from_field_text(field, term);
                let q: Box<dyn Query> = match fuzzy_distance(term) {
                    Some(d) if fuzzy => Box::new(FuzzyTermQuery::new(t, d, true)),
                    _ => Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
                };
                should.push((Occur::Should, Box::new(BoostQuery::new(q, boost * weight))));
            }
        }
        let text_query: Box<dyn Query> = Box::new(BooleanQuery::new(should));

        let boosts = |field: Field, ids: Vec<&str>, boost: f32| -> Vec<(Occur, Box<dyn Query>)> {
            ids.into_iter()
                .map(|id| {
                    let q =
                        TermQuery::new(Term::from_field_text(field, id), IndexRecordOption::Basic);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>,
                    )
                })
                .collect()
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let has_words = !words.is_empty() || !expansions.is_empty();
        if has_words {
            clauses.push((Occur::Must, text_query));
        }
        let mut slot_boosts = boosts(f.themes, as_strs(&request.themes), ranking.theme_slot_boost);
        slot_boosts.extend(boosts(
            f.territories,
            as_strs(&request.territories),
            ranking.territory_slot_boost,
        ));
        slot_boosts.extend(boosts(
            f.levels,
            as_strs(&request.levels),
            ranking.level_slot_boost,
        ));
        if !slot_boosts.is_empty() {
            let occur = if has_words {
                Occur::Should
            } else {
                Occur::Must
            };
            clauses.push((occur, Box::new(BooleanQuery::new(slot_boosts))));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        if !request.kinds.is_empty() {
            let kinds: Vec<(Occur, Box<dyn Query>)> = request
                .kinds
                .iter()
                .map(|k| {
                    let q = TermQuery::new(
                        Term::from_field_text(f.kind, k.as_str()),
                        IndexRecordOption::Basic,
                    );
                    (Occur::Should, Box::new(q) as Box<dyn Query>)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        if let Some(n) = request.fiche {
            let q = TermQuery::new(
                Term::from_field_u64(f.fiche, u64::from(n)),
                IndexRecordOption::Basic,
            );
            clauses.push((Occur::Must, Box::new(q)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = request.limit.max(1);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            columns.push(segment.fast_fields().u64("ord")?);
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let ord = columns
                .get(address.segment_ord as usize)
                .and_then(|column| column.first(address.doc_id));
            if let Some(ord) = ord {
                hits.push(Hit {
                    ord: ord as usize,
                    score,
                });
            }
        }
        Ok(hits)
    }
}

/// Edits allowed for a fuzzy match: none for short terms, where a typo fix is mostly noise.
fn fuzzy_distance(term: &str) -> Option<u8> {
    match term.chars().count() {
        0..=4 => None,
        5..=7 => Some(1),
        _ => Some(2),
    }
}

fn document(f: &Fields, ord: usize, e: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.ord, ord as u64);
    doc.add_text(f.kind, e.kind.as_str());
    doc.add_text(f.title, &e.title);
    let mut keywords: Vec<&str> = e.keywords.iter().map(String::as_str).collect();
    keywords.extend(
        [
            &e.term,
            &e.expansion,
            &e.place,
            &e.actor,
            &e.collectivity,
            &e.region,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    keywords.extend(e.synonyms.iter().flatten().map(String::as_str));
    for k in keywords {
        doc.add_text(f.keywords, k);
    }
    doc.add_text(f.body, &e.text);
    for fact in e.facts.iter().flatten() {
        doc.add_text(f.body, fact);
    }
    for t in &e.themes {
        doc.add_text(f.themes, t);
    }
    for t in &e.territories {
        doc.add_text(f.territories, t);
    }
    for t in &e.levels {
        doc.add_text(f.levels, t);
    }
    doc.add_text(f.document, &e.source.document);
    if let Some(n) = e.source.fiche {
        doc.add_u64(f.fiche, u64::from(n));
    }
    doc
}

fn as_strs<I: AsRef<str>>(ids: &[I]) -> Vec<&str> {
    ids.iter().map(AsRef::as_ref).collect()
}
