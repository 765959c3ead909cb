//! The resolved table of one index commit, kept on disk beside the index
//! (`<index>/entity-table.bin`), so that a search reads it instead of resolving the whole
//! archive again (seconds on a large archive).
//!
//! The table is what [`crate::entities::Builder::resolve`] gives: it depends on the commit's
//! segments (and their deletes) and on the resolution rules of the build that wrote it, not
//! on the override file, which is applied when the table is read. The file names the commit
//! it was built from ([`Commit`]) and the rules ([`RULES`]); a table of another commit or
//! other rules is stale and is built again. It is written to a temporary file and renamed
//! into place, and carries a checksum, so a kill mid-write leaves the old table or none,
//! never a torn one that is trusted.
//!
//! The table also holds every article's people and places as entity ids ([`Articles`]),
//! with the per-article context (who else the article names) already applied, so a search
//! without an override file only reads them: nothing is counted again per article. With an
//! override file, a search maps each article's stored values through the overridden table,
//! starting from the choices the context made ([`SegmentArticles::choices`]).
//!
//! Format (little endian): magic, format version, rules hash, the commit's segments
//! (`id:delete_opstamp` strings), payload length, CRC-32 of the payload, payload (people,
//! then places: entities, fates, values, counts, contextual readings; then per segment:
//! its id, documents, people and places per document, the context's choices).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::name::NotAName;
use super::{Contextual, Dropped, Entity, Fate, KindTable, Resolution, Status};

/// The table's file in the index directory.
pub const FILE_NAME: &str = "entity-table.bin";

const MAGIC: &[u8; 8] = b"NDXENTS\n";
const FORMAT: u32 = 2;

/// A hash of the sources that decide a resolution (computed by `build.rs`): a table written
/// by a build with other rules is stale.
pub const RULES: u64 = match u64::from_str_radix(env!("NEWSDEX_ENTITY_RULES"), 16) {
    Ok(h) => h,
    Err(_) => 0,
};

/// What a table was built from: the commit's segments, each with the opstamp of its
/// deletes (`None`: none), in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit(pub Vec<String>);

/// Ids per document, flattened (compressed sparse rows), numbered within the segment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocIds {
    /// `starts[doc]..starts[doc + 1]` indexes `ords`.
    pub starts: Vec<u32>,
    /// Segment-local numbers, indexing `global`.
    pub ords: Vec<u32>,
    /// Segment-local number → entity (sorted).
    pub global: Vec<u32>,
}

/// One segment's articles as the table's entities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentArticles {
    /// The segment's id.
    pub segment: String,
    /// Its documents, deleted ones included.
    pub max_doc: u32,
    /// Each document's people (entities of the people table).
    pub people: DocIds,
    /// Each document's places.
    pub places: DocIds,
    /// (document, stored `person_keys` value, entity): the contextual partial names the
    /// document's other people decided, by document.
    pub choices: Vec<(u32, u32, u32)>,
}

/// Every article of a commit as the table's entities, per segment in commit order.
pub type Articles = Vec<SegmentArticles>;

/// Why a table file was not used (it is then built again).
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// No table file yet (an index written by an older build, or a new commit).
    #[error("no entity table")]
    Missing,
    /// The file cannot be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is of another format, other rules or another commit.
    #[error("the entity table is stale ({0})")]
    Stale(&'static str),
    /// The file is cut or damaged.
    #[error("the entity table is damaged ({0})")]
    Damaged(&'static str),
}

/// Writes `res` (a resolution without overrides) and its `articles` as the table of
/// `commit` into `dir`, atomically: a temporary file, synced, then renamed over the old
/// table.
pub fn save(
    dir: &Path,
    commit: &Commit,
    res: &Resolution,
    articles: &[SegmentArticles],
) -> Result<(), TableError> {
    let mut payload = Vec::new();
    put_table(&mut payload, &res.people);
    put_table(&mut payload, &res.places);
    put_u32(&mut payload, articles.len() as u32);
    for a in articles {
        put_articles(&mut payload, a);
    }
    let mut out = Vec::with_capacity(payload.len() + 256);
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, FORMAT);
    out.extend_from_slice(&RULES.to_le_bytes());
    put_u32(&mut out, commit.0.len() as u32);
    for s in &commit.0 {
        put_str(&mut out, s);
    }
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    put_u32(&mut out, crc32fast::hash(&payload));
    out.extend_from_slice(&payload);
    let path = dir.join(FILE_NAME);
    let tmp = dir.join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
    let io = |source| TableError::Io {
        path: path.clone(),
        source,
    };
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&out)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(io)
}

/// Reads the table of `commit` from `dir`: an error when there is none, or when it is of
/// another commit or rules, or damaged.
pub fn load(dir: &Path, commit: &Commit) -> Result<(Resolution, Articles), TableError> {
    let path = dir.join(FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(TableError::Missing),
        Err(source) => return Err(TableError::Io { path, source }),
    };
    let mut r = Reader { b: &bytes };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(TableError::Stale("not an entity table"));
    }
    if r.u32()? != FORMAT {
        return Err(TableError::Stale("another format"));
    }
    if r.u64()? != RULES {
        return Err(TableError::Stale("written by a build with other rules"));
    }
    let n = r.u32()? as usize;
    let mut segments = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        segments.push(r.string()?);
    }
    if segments != commit.0 {
        return Err(TableError::Stale("another commit"));
    }
    let len = usize::try_from(r.u64()?).map_err(|_| TableError::Damaged("length"))?;
    let crc = r.u32()?;
    let payload = r.take(len)?;
    if !r.b.is_empty() {
        return Err(TableError::Damaged("bytes after the payload"));
    }
    if crc32fast::hash(payload) != crc {
        return Err(TableError::Damaged("checksum"));
    }
    let mut p = Reader { b: payload };
    let people = p.table()?;
    let places = p.table()?;
    let n = p.count(4)?;
    let mut articles = Vec::with_capacity(n);
    for _ in 0..n {
        articles.push(p.articles(&people, &places)?);
    }
    if !p.b.is_empty() {
        return Err(TableError::Damaged("bytes after the articles"));
    }
    let res = Resolution {
        people,
        places,
        ..Resolution::default()
    };
    Ok((res, articles))
}

fn put_u32s(out: &mut Vec<u8>, v: &[u32]) {
    put_u32(out, v.len() as u32);
    out.reserve(v.len() * 4);
    for &x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn put_doc_ids(out: &mut Vec<u8>, d: &DocIds) {
    put_u32s(out, &d.starts);
    put_u32s(out, &d.ords);
    put_u32s(out, &d.global);
}

fn put_articles(out: &mut Vec<u8>, a: &SegmentArticles) {
    put_str(out, &a.segment);
    put_u32(out, a.max_doc);
    put_doc_ids(out, &a.people);
    put_doc_ids(out, &a.places);
    put_u32(out, a.choices.len() as u32);
    for &(d, k, e) in &a.choices {
        put_u32(out, d);
        put_u32(out, k);
        put_u32(out, e);
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_table(out: &mut Vec<u8>, t: &KindTable) {
    put_u32(out, t.entities.len() as u32);
    for e in &t.entities {
        put_str(out, &e.name);
        out.push(status_code(e.status));
        put_u32(out, e.forms.len() as u32);
        for &f in &e.forms {
            put_u32(out, f);
        }
    }
    put_u32(out, t.fates.len() as u32);
    for f in &t.fates {
        match f {
            Fate::Entity(e) => {
                out.push(0);
                put_u32(out, *e);
            }
            Fate::Dropped(d) => out.push(dropped_code(*d)),
        }
    }
    put_u32(out, t.values.len() as u32);
    for v in &t.values {
        put_str(out, v);
    }
    put_u32(out, t.counts.len() as u32);
    for &c in &t.counts {
        put_u32(out, c);
    }
    put_u32(out, t.contextual.len() as u32);
    for c in &t.contextual {
        match c {
            None => out.push(0),
            Some(c) => {
                out.push(1);
                put_u32(out, c.cands.len() as u32);
                for &(e, w) in &c.cands {
                    put_u32(out, e);
                    out.extend_from_slice(&w.to_le_bytes());
                }
                out.extend_from_slice(&c.unknown.to_le_bytes());
            }
        }
    }
}

fn status_code(s: Status) -> u8 {
    match s {
        Status::Canonical => 0,
        Status::TitledSurname => 1,
        Status::Unresolved => 2,
    }
}

fn status_of(c: u8) -> Option<Status> {
    Some(match c {
        0 => Status::Canonical,
        1 => Status::TitledSurname,
        2 => Status::Unresolved,
        _ => return None,
    })
}

/// Codes of the reasons a value is dropped (0 is a value that counts as an entity).
const DROPPED: [Dropped; 11] = [
    Dropped::NotAName(NotAName::NoNameWord),
    Dropped::NotAName(NotAName::FunctionWord),
    Dropped::NotAName(NotAName::CommonWord),
    Dropped::NotAName(NotAName::Symbols),
    Dropped::NotAName(NotAName::Acronym),
    Dropped::OtherKind,
    Dropped::PartOfLongerPlace,
    Dropped::Direction,
    Dropped::Unsupported,
    Dropped::Abbreviation,
    Dropped::Override,
];

fn dropped_code(d: Dropped) -> u8 {
    DROPPED
        .iter()
        .position(|&x| x == d)
        .map_or(0, |i| i as u8 + 1)
}

/// Reads the encoded table; every count and index is checked against what is left.
struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TableError> {
        if n > self.b.len() {
            return Err(TableError::Damaged("cut short"));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, TableError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, TableError> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }

    fn u64(&mut self) -> Result<u64, TableError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    fn f64(&mut self) -> Result<f64, TableError> {
        Ok(f64::from_bits(self.u64()?))
    }

    /// A count of items each at least `min_bytes` long (so that a damaged count cannot
    /// reserve more memory than the file could hold).
    fn count(&mut self, min_bytes: usize) -> Result<usize, TableError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_bytes) > self.b.len() {
            return Err(TableError::Damaged("a count beyond the file"));
        }
        Ok(n)
    }

    /// A counted array of u32.
    fn u32s(&mut self) -> Result<Vec<u32>, TableError> {
        let n = self.count(4)?;
        let b = self.take(n * 4)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// Ids per document of a segment of `max_doc` documents, each below `entities`.
    fn doc_ids(&mut self, max_doc: u32, entities: usize) -> Result<DocIds, TableError> {
        let d = DocIds {
            starts: self.u32s()?,
            ords: self.u32s()?,
            global: self.u32s()?,
        };
        let sound = d.starts.len() == max_doc as usize + 1
            && d.starts.first() == Some(&0)
            && d.starts.windows(2).all(|w| w[0] <= w[1])
            && d.starts.last().is_some_and(|&l| l as usize == d.ords.len())
            && d.ords.iter().all(|&o| (o as usize) < d.global.len())
            && d.global.iter().all(|&g| (g as usize) < entities);
        if !sound {
            return Err(TableError::Damaged("an article's entities out of range"));
        }
        Ok(d)
    }

    fn articles(
        &mut self,
        people: &KindTable,
        places: &KindTable,
    ) -> Result<SegmentArticles, TableError> {
        let segment = self.string()?;
        let max_doc = self.u32()?;
        let people_ids = self.doc_ids(max_doc, people.entities.len())?;
        let place_ids = self.doc_ids(max_doc, places.entities.len())?;
        let n = self.count(12)?;
        let mut choices = Vec::with_capacity(n);
        for _ in 0..n {
            let c = (self.u32()?, self.u32()?, self.u32()?);
            if c.0 >= max_doc
                || c.1 as usize >= people.values.len()
                || c.2 as usize >= people.entities.len()
            {
                return Err(TableError::Damaged("a choice out of range"));
            }
            choices.push(c);
        }
        Ok(SegmentArticles {
            segment,
            max_doc,
            people: people_ids,
            places: place_ids,
            choices,
        })
    }

    fn string(&mut self) -> Result<String, TableError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| TableError::Damaged("a string is not UTF-8"))
    }

    fn table(&mut self) -> Result<KindTable, TableError> {
        let mut t = KindTable::default();
        let n = self.count(9)?;
        for _ in 0..n {
            let name = self.string()?;
            let status = status_of(self.u8()?).ok_or(TableError::Damaged("status"))?;
            let k = self.count(4)?;
            let forms = (0..k).map(|_| self.u32()).collect::<Result<_, _>>()?;
            t.entities.push(Entity {
                name,
                status,
                forms,
            });
        }
        let n = self.count(1)?;
        for _ in 0..n {
            t.fates.push(match self.u8()? {
                0 => {
                    let e = self.u32()?;
                    if e as usize >= t.entities.len() {
                        return Err(TableError::Damaged("an entity out of range"));
                    }
                    Fate::Entity(e)
                }
                c => Fate::Dropped(
                    *DROPPED
                        .get(c as usize - 1)
                        .ok_or(TableError::Damaged("reason"))?,
                ),
            });
        }
        let n = self.count(4)?;
        for _ in 0..n {
            t.values.push(self.string()?.into_boxed_str());
        }
        let n = self.count(4)?;
        for _ in 0..n {
            t.counts.push(self.u32()?);
        }
        let n = self.count(1)?;
        for _ in 0..n {
            t.contextual.push(match self.u8()? {
                0 => None,
                _ => {
                    let k = self.count(12)?;
                    let mut cands = Vec::with_capacity(k);
                    for _ in 0..k {
                        let e = self.u32()?;
                        if e as usize >= t.entities.len() {
                            return Err(TableError::Damaged("a candidate out of range"));
                        }
                        cands.push((e, self.f64()?));
                    }
                    Some(Contextual {
                        cands,
                        unknown: self.f64()?,
                    })
                }
            });
        }
        let nv = t.values.len();
        let consistent = t.fates.len() == nv
            && t.counts.len() == nv
            && (t.contextual.is_empty() || t.contextual.len() == nv)
            && t.entities
                .iter()
                .all(|e| e.forms.iter().all(|&f| (f as usize) < nv));
        if !consistent {
            return Err(TableError::Damaged("tables of different lengths"));
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Resolution {
        let people = KindTable {
            entities: vec![
                Entity {
                    name: "Timothy Geithner".into(),
                    status: Status::Canonical,
                    forms: vec![0, 1],
                },
                Entity {
                    name: "Smith".into(),
                    status: Status::Unresolved,
                    forms: vec![2],
                },
            ],
            fates: vec![
                Fate::Entity(0),
                Fate::Entity(0),
                Fate::Entity(1),
                Fate::Dropped(Dropped::NotAName(NotAName::CommonWord)),
            ],
            values: vec![
                "Geithner".into(),
                "Timothy Geithner".into(),
                "Smith".into(),
                "Good".into(),
            ],
            counts: vec![3, 5, 2, 9],
            contextual: vec![
                None,
                None,
                Some(Contextual {
                    cands: vec![(0, 0.5)],
                    unknown: 0.25,
                }),
                None,
            ],
        };
        let places = KindTable {
            values: vec!["North".into()],
            fates: vec![Fate::Dropped(Dropped::Direction)],
            counts: vec![1],
            ..KindTable::default()
        };
        Resolution {
            people,
            places,
            ..Resolution::default()
        }
    }

    fn commit() -> Commit {
        Commit(vec!["a1:None".into(), "b2:Some(7)".into()])
    }

    /// Three documents: Geithner twice (once by his surname, decided in context), one
    /// with no one.
    fn articles() -> Articles {
        vec![SegmentArticles {
            segment: "a1".into(),
            max_doc: 3,
            people: DocIds {
                starts: vec![0, 1, 2, 2],
                ords: vec![0, 0],
                global: vec![0],
            },
            places: DocIds {
                starts: vec![0, 0, 0, 0],
                ..DocIds::default()
            },
            choices: vec![(1, 2, 0)],
        }]
    }

    #[test]
    fn a_table_reads_back_as_written_and_only_for_its_commit() {
        let dir = tempfile::tempdir().unwrap();
        let res = sample();
        save(dir.path(), &commit(), &res, &articles()).unwrap();
        let (back, arts) = load(dir.path(), &commit()).unwrap();
        assert_eq!(arts, articles());
        assert_eq!(back.people.entities, res.people.entities);
        assert_eq!(back.people.fates, res.people.fates);
        assert_eq!(back.people.values, res.people.values);
        assert_eq!(back.people.counts, res.people.counts);
        assert_eq!(back.people.contextual, res.people.contextual);
        assert_eq!(back.places.fates, res.places.fates);
        let other = Commit(vec!["a1:None".into()]);
        assert!(matches!(
            load(dir.path(), &other),
            Err(TableError::Stale(_))
        ));
        // No temporary file is left behind.
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_cut_or_damaged_table_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &commit(), &sample(), &articles()).unwrap();
        let path = dir.path().join(FILE_NAME);
        let whole = std::fs::read(&path).unwrap();
        for cut in [0, 7, 20, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert!(load(dir.path(), &commit()).is_err(), "cut at {cut}");
        }
        let mut flipped = whole.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x40;
        std::fs::write(&path, &flipped).unwrap();
        assert!(matches!(
            load(dir.path(), &commit()),
            Err(TableError::Damaged("checksum"))
        ));
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            load(dir.path(), &commit()),
            Err(TableError::Missing)
        ));
    }
}
