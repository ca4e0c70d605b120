//! Entries kept encoded, one record each, and decoded the first time an answer reads them.
//!
//! A prepared engine on a large corpus (1.4 M entries at ×1000 in the scaling study) spent most
//! of its start decoding every entry from JSON into owned strings, and most of its memory
//! holding them. Here the entries stay in the bytes they were written to (a memory-mapped file,
//! in practice): opening checks the tables and decodes nothing; [`Records::get`] decodes one
//! entry and keeps it, so later reads cost what a reference costs.
//!
//! Layout, little-endian:
//!
//! ```text
//! count                      u64
//! offsets[count + 1]         u64 each, into the records area; the last one is its length
//! kinds[count]               u8 each, a position in `Kind::ALL`
//! fiches[count]              u32 each, `source.fiche`, or u32::MAX for none
//! by_id[count]               u32 each, entry positions in the order of their ids
//! records                    for each entry: its id's length (u32), its id, its JSON
//! ```
//!
//! Kinds and fiche numbers are columns because answers filter on them over every entry
//! (`entries_of`, a fiche's entries); the ids lead each record so that a lookup by id reads
//! about twenty of them and decodes one.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use crate::{Entry, Kind};

/// The bytes records are read from: a memory map, a static image, or a vector.
pub type Bytes = Arc<dyn Deref<Target = [u8]> + Send + Sync>;

const NO_FICHE: u32 = u32::MAX;

/// Why encoded entries cannot be opened, in French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entrées préparées abîmées : {0}")]
pub struct RecordsError(String);

/// Entries encoded as [`encode`] wrote them, decoded one by one when read.
#[derive(Clone)]
pub struct Records {
    bytes: Bytes,
    count: usize,
    offsets_at: usize,
    kinds_at: usize,
    fiches_at: usize,
    by_id_at: usize,
    records_at: usize,
    decoded: Vec<OnceLock<Box<Entry>>>,
}

impl fmt::Debug for Records {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("count", &self.count)
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// The entries in the layout of this module.
pub fn encode(entries: &[&Entry]) -> serde_json::Result<Vec<u8>> {
    let mut records = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len() + 1);
    for e in entries {
        offsets.push(records.len() as u64);
        records.extend_from_slice(&(e.id.len() as u32).to_le_bytes());
        records.extend_from_slice(e.id.as_bytes());
        serde_json::to_writer(&mut records, e)?;
    }
    offsets.push(records.len() as u64);
    let mut by_id: Vec<usize> = (0..entries.len()).collect();
    by_id.sort_by(|&a, &b| entries[a].id.as_str().cmp(entries[b].id.as_str()));

    let mut out = Vec::with_capacity(records.len() + entries.len() * 21 + 16);
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend(entries.iter().map(|e| kind_byte(e.kind)));
    for e in entries {
        out.extend_from_slice(&e.source.fiche.unwrap_or(NO_FICHE).to_le_bytes());
    }
    for i in by_id {
        out.extend_from_slice(&(i as u32).to_le_bytes());
    }
    out.extend_from_slice(&records);
    Ok(out)
}

fn kind_byte(kind: Kind) -> u8 {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as u8
}

impl Records {
    /// The records in `bytes`, their tables checked (sizes, offsets in order and in bounds,
    /// kinds, positions): a damaged or truncated file is refused here, not when an answer
    /// reads it. Nothing is decoded.
    pub fn open(bytes: Bytes) -> Result<Records, RecordsError> {
        let damaged = |what: &str| RecordsError(what.to_string());
        let all: &[u8] = &bytes;
        let count = read_u64(all, 0).ok_or_else(|| damaged("tronquées avant leur nombre"))?;
        let count = usize::try_from(count)
            .ok()
            .filter(|&n| n < u32::MAX as usize)
            .ok_or_else(|| damaged("nombre d'entrées impossible"))?;
        let offsets_at = 8;
        let kinds_at = (count + 1)
            .checked_mul(8)
            .and_then(|n| n.checked_add(offsets_at))
            .ok_or_else(|| damaged("nombre d'entrées impossible"))?;
        let fiches_at = kinds_at + count;
        let by_id_at = fiches_at + 4 * count;
        let records_at = by_id_at + 4 * count;
        if all.len() < records_at {
            return Err(damaged("tronquées dans leurs tables"));
        }
        let area = (all.len() - records_at) as u64;
        let mut previous = 0;
        for i in 0..=count {
            let o = read_u64(all, offsets_at + 8 * i).unwrap_or(u64::MAX);
            if o < previous || o > area || (i == 0 && o != 0) {
                return Err(RecordsError(format!(
                    "la table des positions est incohérente à l'entrée {i}"
                )));
            }
            previous = o;
        }
        if previous != area {
            return Err(damaged("tronquées ou suivies d'octets en trop"));
        }
        if let Some(i) = (0..count).find(|&i| Kind::ALL.get(all[kinds_at + i] as usize).is_none()) {
            return Err(RecordsError(format!("sorte inconnue à l'entrée {i}")));
        }
        if (0..count).any(|i| read_u32(all, by_id_at + 4 * i).is_none_or(|o| o as usize >= count)) {
            return Err(damaged("la table des identifiants est incohérente"));
        }
        Ok(Records {
            count,
            offsets_at,
            kinds_at,
            fiches_at,
            by_id_at,
            records_at,
            decoded: (0..count).map(|_| OnceLock::new()).collect(),
            bytes,
        })
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The kind of the entry at `ord`, without decoding it.
    pub fn kind(&self, ord: usize) -> Option<Kind> {
        let byte = *self
            .bytes
            .get(self.kinds_at + ord)
            .filter(|_| ord < self.count)?;
        Kind::ALL.get(byte as usize).copied()
    }

    /// The `source.fiche` of the entry at `ord`, without decoding it.
    pub fn fiche(&self, ord: usize) -> Option<u32> {
        if ord >= self.count {
            return None;
        }
        read_u32(&self.bytes, self.fiches_at + 4 * ord).filter(|&n| n != NO_FICHE)
    }

    /// The entry at `ord`, decoded now or earlier. `None` past the end, or for a record that
    /// does not decode (the file was altered after its tables were checked).
    pub fn get(&self, ord: usize) -> Option<&Entry> {
        let cell = self.decoded.get(ord)?;
        if let Some(e) = cell.get() {
            return Some(e);
        }
        let (_, json) = self.record(ord)?;
        let entry: Entry = serde_json::from_slice(json).ok()?;
        // Another thread may have decoded it meanwhile: either copy is the same.
        let _ = cell.set(Box::new(entry));
        cell.get().map(|e| &**e)
    }

    /// The position of the entry `id`: a binary search over the ids leading the records.
    pub fn position(&self, id: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let mid = low + (high - low) / 2;
            let ord = read_u32(&self.bytes, self.by_id_at + 4 * mid)? as usize;
            let (found, _) = self.record(ord)?;
            match found.cmp(id.as_bytes()) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(ord),
            }
        }
        None
    }

    /// The id and JSON of the record at `ord`.
    fn record(&self, ord: usize) -> Option<(&[u8], &[u8])> {
        let start = read_u64(&self.bytes, self.offsets_at + 8 * ord)? as usize;
        let end = read_u64(&self.bytes, self.offsets_at + 8 * (ord + 1))? as usize;
        let record = self
            .bytes
            .get(self.records_at + start..self.records_at + end)?;
        let id_len = read_u32(record, 0)? as usize;
        let id = record.get(4..4 + id_len)?;
        Some((id, record.get(4 + id_len..)?))
    }
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Corpus;

    /// An entry as it is kept: its place in the data files (`origin`) is not.
    fn kept(e: Option<&Entry>) -> Option<String> {
        e.map(|e| serde_json::to_string(e).unwrap())
    }

    fn encoded() -> (Vec<Entry>, Vec<u8>) {
        let corpus = Corpus::builtin().unwrap();
        let entries: Vec<Entry> = corpus.entries().cloned().collect();
        let bytes = encode(&entries.iter().collect::<Vec<_>>()).unwrap();
        (entries, bytes)
    }

    #[test]
    fn every_entry_reads_back_as_it_was_written_by_position_and_by_id() {
        let (entries, bytes) = encoded();
        let records = Records::open(Arc::new(bytes)).unwrap();
        assert_eq!(records.len(), entries.len());
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(kept(records.get(i)), kept(Some(e)));
            assert_eq!(records.kind(i), Some(e.kind));
            assert_eq!(records.fiche(i), e.source.fiche);
            assert_eq!(records.position(&e.id), Some(i), "{}", e.id);
        }
        assert!(records.get(entries.len()).is_none());
        assert_eq!(records.kind(entries.len()), None);
        assert_eq!(records.position("pas-une-entree"), None);
        assert_eq!(records.position(""), None);
    }

    #[test]
    fn damaged_tables_are_refused_with_a_reason() {
        let (_, bytes) = encoded();
        for cut in [0, 5, 100, bytes.len() / 2, bytes.len() - 1] {
            let e = Records::open(Arc::new(bytes[..cut].to_vec())).unwrap_err();
            assert!(
                e.to_string().starts_with("entrées préparées abîmées"),
                "{e}"
            );
        }
        // An offset that goes back.
        let mut swapped = bytes.clone();
        swapped[8 + 8 * 3..8 + 8 * 4].copy_from_slice(&0u64.to_le_bytes());
        let e = Records::open(Arc::new(swapped)).unwrap_err();
        assert!(e.to_string().contains("table des positions"), "{e}");
        // A count larger than the tables.
        let mut inflated = bytes.clone();
        inflated[..8].copy_from_slice(&(u32::MAX as u64 - 2).to_le_bytes());
        assert!(Records::open(Arc::new(inflated)).is_err());
        // Bytes after the last record.
        let mut longer = bytes.clone();
        longer.push(b'x');
        let e = Records::open(Arc::new(longer)).unwrap_err();
        assert!(e.to_string().contains("en trop"), "{e}");
    }

    #[test]
    fn a_record_that_does_not_decode_reads_as_absent_not_as_a_panic() {
        let (entries, mut bytes) = encoded();
        // Inside the first record's JSON, after its id: its opening brace.
        let records_at = 8 + 8 * (entries.len() + 1) + 9 * entries.len();
        let brace = records_at + 4 + entries[0].id.len();
        assert_eq!(bytes[brace], b'{');
        bytes[brace] = b'!';
        let records = Records::open(Arc::new(bytes)).unwrap();
        assert!(records.get(0).is_none());
        assert_eq!(kept(records.get(1)), kept(entries.get(1)));
    }
}
