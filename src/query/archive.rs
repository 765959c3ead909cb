//! The archive level, once per index generation: reads the stored people and places and
//! their evidence from the index, resolves them across the archive ([`crate::entities`]),
//! and numbers every article's people and places as entities, which is what facets count,
//! filters match and hits show.
//!
//! Nothing here re-reads an article's text: the inputs are the `person_keys`, `places` and
//! `name_case` dictionaries and columns, and the body's term frequencies. A new commit or an
//! edited override file gives a new reading at the next search. The costly part, resolving
//! the commit's values, is kept on disk per commit (`entities::table_file`, written by
//! `newsdex index` or by the first search of a commit); the override file and the
//! per-article context are applied when it is read.

use std::sync::Arc;

use tantivy::{DocId, Searcher};

use super::QueryError;
use super::engine::Engine;
use super::facets::{DocValues, GlobalOrds, ValueOrds};
use super::generation::{per_key, reading_id};
use crate::entities::evidence::LOWER_FLAG;
use crate::entities::report::Listing;
use crate::entities::table_file::{self, Articles, Commit, DocIds, SegmentArticles, TableError};
use crate::entities::{Builder, Kind, KindTable, Map, Overrides, Resolution, WordCase};
use crate::index::analyzer;

/// A name word must be in at least this many articles' names for its case statistic to
/// count; rarer words are taken as names.
const MIN_NAME_DOCS: u32 = 2;

/// The archive's case statistics for the words of its names.
struct WordStats {
    share: Map<String, f64>,
}

impl WordCase for WordStats {
    fn lower_share(&self, w: &str) -> f64 {
        self.share.get(w).copied().unwrap_or(0.0)
    }
}

/// Articles whose body holds a word, as the body analyzer indexes it, and the terms the word
/// was looked up as: words with the same terms share their articles ("Daniels" and "Daniel"
/// are both `en:daniel`).
type TextDocs<'a> = &'a dyn Fn(&str) -> (u64, Vec<u8>);

/// For each name word in at least [`MIN_NAME_DOCS`] articles' names: the share of the
/// articles containing the word that use it as a common word, estimated as (articles with
/// the word − articles with it in a name + articles with it in a name that also write it in
/// lower case) / articles with the word. `text_docs` gives articles with the word in the
/// body (as the body analyzer indexes it). The body's terms are stems, so the articles with
/// the word are those of every word with its terms, and so are the articles with it in a
/// name: the articles naming "Daniel" are not articles using "Daniels" as a common word.
fn word_stats(searcher: &Searcher, text_docs: TextDocs) -> tantivy::Result<WordStats> {
    // word → (articles with it in a name, of which also in lower case)
    let mut names: Map<String, (u32, u32)> = Map::default();
    for seg in searcher.segment_readers() {
        let field = seg.schema().get_field("name_case")?;
        let inv = seg.inverted_index(field)?;
        let mut stream = inv.terms().stream()?;
        while stream.advance() {
            let Ok(key) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let n = stream.value().doc_freq;
            match key.strip_suffix(LOWER_FLAG) {
                Some(w) => names.entry(w.to_string()).or_default().1 += n,
                None => names.entry(key.to_string()).or_default().0 += n,
            }
        }
    }
    let looked: Vec<(String, u32, u32, u64, Vec<u8>)> = names
        .into_iter()
        .filter(|(_, (named, _))| *named >= MIN_NAME_DOCS)
        .map(|(w, (named, lower))| {
            let (docs, terms) = text_docs(&w);
            (w, named, lower, docs, terms)
        })
        .collect();
    // Articles naming any word of the same terms (a sum: an article naming both "Daniel"
    // and "Daniels" counts twice, which errs toward the words being names).
    let mut named_by_terms: Map<&[u8], u64> = Map::default();
    for (_, named, _, _, terms) in &looked {
        *named_by_terms.entry(terms.as_slice()).or_default() += u64::from(*named);
    }
    let mut share = Map::default();
    for (w, named, lower, docs, terms) in &looked {
        let named_all = named_by_terms.get(terms.as_slice()).copied().unwrap_or(0);
        let all = (*docs).max(u64::from(*named)) as f64;
        let common = (all - named_all as f64).max(0.0) + f64::from((*lower).min(*named));
        share.insert(w.clone(), (common / all).clamp(0.0, 1.0));
    }
    Ok(WordStats { share })
}

/// Calls `f(segment ordinal, doc)` for every live document of every segment of `searcher`.
pub(crate) fn for_each_live(searcher: &Searcher, mut f: impl FnMut(usize, DocId)) {
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                f(si, doc);
            }
        }
    }
}

/// The commit `searcher` reads, as the entity table names it: its segments and the
/// opstamp of their deletes.
fn commit_of(searcher: &Searcher) -> Commit {
    Commit(
        searcher
            .generation()
            .segments()
            .iter()
            .map(|(id, deletes)| match deletes {
                Some(op) => format!("{}:{op}", id.uuid_string()),
                None => id.uuid_string(),
            })
            .collect(),
    )
}

/// Resolves one commit's people (`person_keys`) and places (`places`, `place_paths`),
/// without the override file: the costly part, kept on disk per commit ([`table_file`]).
fn resolve(
    searcher: &Searcher,
    keys: &ValueOrds,
    places: &ValueOrds,
    text_docs: TextDocs,
) -> tantivy::Result<Resolution> {
    let paths = ValueOrds::build(searcher, "place_paths")?;
    let stats = word_stats(searcher, text_docs)?;
    let mut builder = Builder::new(&keys.terms, &places.terms, &paths.terms, &stats);
    let (mut kbuf, mut pbuf, mut cbuf) = (Vec::new(), Vec::new(), Vec::new());
    for_each_live(searcher, |si, doc| {
        keys.global_of(si, doc, &mut kbuf);
        places.global_of(si, doc, &mut pbuf);
        paths.global_of(si, doc, &mut cbuf);
        builder.add_doc(&kbuf, &pbuf, &cbuf);
    });
    Ok(builder.resolve())
}

/// How a generation's entities were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reading {
    /// The archive was resolved and every article counted in context, in this process (no
    /// sound table of the commit on disk).
    #[default]
    Resolved,
    /// From the commit's table on disk: nothing resolved or counted again.
    Stored,
}

/// One commit's reading without the override file: its resolution (entities in name
/// order) and every article as those entities, per segment in the searcher's order. What
/// the table file holds.
struct Stored {
    res: Resolution,
    articles: Articles,
    reading: Reading,
}

/// Resolves the commit, then reads every article in context (who appears with whom decides
/// the partial names only an article's other people resolve) into its entities.
fn resolve_articles(
    searcher: &Searcher,
    keys: &ValueOrds,
    places: &ValueOrds,
    text_docs: TextDocs,
) -> tantivy::Result<Stored> {
    let mut res = resolve(searcher, keys, places, text_docs)?.with_overrides(&Overrides::default());
    let mut kbuf = Vec::new();
    for_each_live(searcher, |si, doc| {
        keys.global_of(si, doc, &mut kbuf);
        res.observe(&kbuf);
    });
    res.finish_context();
    let mut pbuf = Vec::new();
    let mut articles = Vec::with_capacity(searcher.segment_readers().len());
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let chosen = people_choosing_all(&res, keys, si, seg.max_doc());
        let people = doc_ids(seg.max_doc(), |doc, out| {
            if let Some((p, _)) = chosen.get(doc as usize) {
                out.extend_from_slice(p);
            }
        });
        let seg_choices = (0..seg.max_doc())
            .zip(&chosen)
            .flat_map(|(doc, (_, c))| c.iter().map(move |&(k, e)| (doc, k, e)))
            .collect();
        let place_ids = doc_ids(seg.max_doc(), |doc, out| {
            places.global_of(si, doc, &mut pbuf);
            res.places_of(&pbuf, out);
        });
        articles.push(SegmentArticles {
            segment: seg.segment_id().uuid_string(),
            max_doc: seg.max_doc(),
            people,
            places: place_ids,
            choices: seg_choices,
        });
    }
    // The counts of who appears with whom are spent: the articles hold their outcome.
    res.context = Default::default();
    Ok(Stored {
        res,
        articles,
        reading: Reading::Resolved,
    })
}

/// One document's people (entity ids) and the (stored value, entity) choices its context
/// made.
type Chosen = (Vec<u32>, Vec<(u32, u32)>);

/// Each document of segment `si`, in order: its people and the choices its context made
/// ([`Resolution::people_choosing`]). Documents are independent, so they are read on the
/// rayon pool: this was most of the entity table's build, which `index` runs single-threaded
/// after the last commit (≈ 8 CPU seconds on 200,000 generated articles).
fn people_choosing_all(res: &Resolution, keys: &ValueOrds, si: usize, max_doc: u32) -> Vec<Chosen> {
    use rayon::prelude::*;
    (0..max_doc)
        .into_par_iter()
        .map_init(Vec::new, |kbuf, doc| {
            keys.global_of(si, doc, kbuf);
            let (mut people, mut choices) = (Vec::new(), Vec::new());
            res.people_choosing(kbuf, &mut people, &mut choices);
            (people, choices)
        })
        .collect()
}

/// Every document's entities (`fill(doc, out)`), numbered within the segment.
fn doc_ids(max_doc: u32, fill: impl FnMut(DocId, &mut Vec<u32>)) -> DocIds {
    let (dv, global) = DocValues::from_global(max_doc, fill);
    let (starts, ords) = dv.into_parts();
    DocIds {
        starts,
        ords,
        global,
    }
}

/// `articles` (as the table file holds them) in the order of `searcher`'s segments, if they
/// are exactly its segments.
fn in_searcher_order(searcher: &Searcher, mut articles: Articles) -> Option<Articles> {
    let readers = searcher.segment_readers();
    if articles.len() != readers.len() {
        return None;
    }
    let mut out = Vec::with_capacity(readers.len());
    for seg in readers {
        let id = seg.segment_id().uuid_string();
        let i = articles.iter().position(|a| a.segment == id)?;
        let a = articles.swap_remove(i);
        if a.max_doc != seg.max_doc() {
            return None;
        }
        out.push(a);
    }
    Some(out)
}

/// A table's entities as facet values, each segment's articles from `ids` (in the
/// searcher's order).
fn entity_values(table: &KindTable, ids: Vec<DocIds>) -> ValueOrds {
    let mut segments = Vec::with_capacity(ids.len());
    let mut docs = Vec::with_capacity(ids.len());
    for d in ids {
        docs.push(DocValues::from_parts(d.starts, d.ords));
        segments.push(d.global);
    }
    named_by(table, segments, docs)
}

/// Facet values named as `table`'s entities, from each segment's entity ids (`segments`)
/// and its documents' values (`docs`).
fn named_by(table: &KindTable, segments: Vec<Vec<u32>>, docs: Vec<DocValues>) -> ValueOrds {
    ValueOrds {
        terms: Arc::new(
            table
                .entities
                .iter()
                .map(|e| e.name.as_str().into())
                .collect(),
        ),
        segments,
        docs,
        shown: Arc::new(table.entities.iter().map(|e| e.shown()).collect()),
    }
}

/// One generation's entities from its stored reading and the override file: what facets
/// count, filters match and hits show. Without override rules, the articles' stored
/// entities as they are; with rules, each article's stored values through the overridden
/// tables, its contextual names from the stored choices. `None` when the stored reading
/// does not fit the index's values (it is then resolved again).
fn entities(
    searcher: &Searcher,
    stored: Stored,
    overrides: &Overrides,
) -> tantivy::Result<Option<GlobalOrds>> {
    let Stored {
        res,
        articles,
        reading,
    } = stored;
    let (people, places, resolution) = if overrides.rules.is_empty() {
        let (people_ids, place_ids) = articles.into_iter().map(|a| (a.people, a.places)).unzip();
        let people = entity_values(&res.people, people_ids);
        let places = entity_values(&res.places, place_ids);
        let resolution = Resolution {
            override_problems: overrides.problems.clone(),
            ..res
        };
        (people, places, resolution)
    } else {
        let keys = ValueOrds::build(searcher, "person_keys")?;
        let place_values = ValueOrds::build(searcher, "places")?;
        if keys.terms.len() != res.people.values.len()
            || place_values.terms.len() != res.places.values.len()
        {
            return Ok(None);
        }
        let stored_names: Vec<String> =
            res.people.entities.iter().map(|e| e.name.clone()).collect();
        let resolution = res.with_overrides(overrides);
        let renumber = resolution.renumbering(stored_names.iter().map(String::as_str));
        let (mut kbuf, mut pairs) = (Vec::new(), Vec::new());
        let people = entity_ords(searcher, &resolution.people, |si, doc, out| {
            keys.global_of(si, doc, &mut kbuf);
            pairs.clear();
            if let Some(a) = articles.get(si) {
                let from = a.choices.partition_point(|c| c.0 < doc);
                pairs.extend(
                    a.choices[from..]
                        .iter()
                        .take_while(|c| c.0 == doc)
                        .map(|c| (c.1, c.2)),
                );
            }
            resolution.people_from_choices(&kbuf, &pairs, &renumber, out);
        });
        let mut pbuf = Vec::new();
        let places = entity_ords(searcher, &resolution.places, |si, doc, out| {
            place_values.global_of(si, doc, &mut pbuf);
            resolution.places_of(&pbuf, out);
        });
        (people, places, resolution)
    };
    Ok(Some(GlobalOrds {
        people,
        places,
        credit: ValueOrds::build(searcher, "credit")?,
        resolution: Arc::new(resolution),
        segment_ids: searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect(),
        reading,
    }))
}

/// Every document's entities of `table`, from `map(segment, doc, out)`.
fn entity_ords(
    searcher: &Searcher,
    table: &KindTable,
    mut map: impl FnMut(usize, DocId, &mut Vec<u32>),
) -> ValueOrds {
    let mut segments = Vec::new();
    let mut docs = Vec::new();
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let (dv, ids) = DocValues::from_global(seg.max_doc(), |doc: DocId, out| map(si, doc, out));
        docs.push(dv);
        segments.push(ids);
    }
    named_by(table, segments, docs)
}

/// Live articles per global ordinal of `values` (each article once per value).
pub(crate) fn articles_per_value(searcher: &Searcher, values: &ValueOrds) -> Vec<u64> {
    let mut out = vec![0u64; values.terms.len()];
    let mut buf = Vec::new();
    for_each_live(searcher, |si, doc| {
        values.global_of(si, doc, &mut buf);
        for &o in &buf {
            if let Some(n) = out.get_mut(o as usize) {
                *n += 1;
            }
        }
    });
    out
}

impl Engine {
    /// The archive-level entities of `searcher`'s generation and the current override file,
    /// made on first use after each commit or edit of the file, from the commit's entity
    /// table (read from disk, or resolved and written there when missing or stale).
    pub(super) fn entity_ords(&self, searcher: &Searcher) -> Result<Arc<GlobalOrds>, QueryError> {
        let (overrides, sig) = self.overrides();
        let key = reading_id(searcher, sig);
        per_key(&self.ords, key, || {
            let (stored, _saved) = self.stored(searcher)?;
            if let Some(ords) = entities(searcher, stored, &overrides)? {
                return Ok(ords);
            }
            // A table of this commit whose values do not fit the index: resolve again.
            let (stored, _saved) = self.resolve_and_save(searcher)?;
            entities(searcher, stored, &overrides)?.ok_or_else(|| {
                QueryError::from(tantivy::TantivyError::InternalError(
                    "the archive's people and places do not fit its values".into(),
                ))
            })
        })
    }

    /// Makes sure the index directory holds the entity table of the current commit
    /// (`newsdex index` calls it after its last commit, so that searches only read it).
    /// Returns why the table could not be written, if it could not (searches then resolve
    /// the archive themselves).
    pub fn write_entity_table(&self) -> Result<Option<TableError>, QueryError> {
        let searcher = self.searcher();
        Ok(self.stored(&searcher)?.1.err())
    }

    /// The reading of `searcher`'s commit without overrides: the table on disk when it is
    /// that commit's and sound, else resolved now and written (best effort: a read-only
    /// index is resolved at every search). Also says whether a table is now on disk.
    fn stored(&self, searcher: &Searcher) -> Result<(Stored, Result<(), TableError>), QueryError> {
        let commit = commit_of(searcher);
        if let Ok((res, articles)) = table_file::load(&self.index.dir, &commit)
            && let Some(articles) = in_searcher_order(searcher, articles)
        {
            let stored = Stored {
                res,
                articles,
                reading: Reading::Stored,
            };
            return Ok((stored, Ok(())));
        }
        self.resolve_and_save(searcher)
    }

    /// Resolves `searcher`'s commit and reads its articles, then writes the table.
    fn resolve_and_save(
        &self,
        searcher: &Searcher,
    ) -> Result<(Stored, Result<(), TableError>), QueryError> {
        let keys = ValueOrds::build(searcher, "person_keys")?;
        let places = ValueOrds::build(searcher, "places")?;
        let stored = self.with_text_docs(searcher, |text_docs| {
            resolve_articles(searcher, &keys, &places, text_docs)
        })?;
        let saved = table_file::save(
            &self.index.dir,
            &commit_of(searcher),
            &stored.res,
            &stored.articles,
        );
        Ok((stored, saved))
    }

    /// Runs `f` with a function giving the articles whose body holds a word, in any of the
    /// index's languages.
    ///
    /// Body terms carry the tag of their article's language (`en:navi`, see
    /// [`crate::index::analyzer`]), so a word is looked up once per stemmed language the index
    /// holds, and untagged for articles of other or unknown languages; an article has one
    /// language, so the counts add up. (Analysed without a language, "Navy" was looked up as
    /// the untagged `navy` alone and found almost no article of an English archive: every
    /// word then looked like a name word, and the case statistics were empty.)
    fn with_text_docs<T>(
        &self,
        searcher: &Searcher,
        f: impl FnOnce(TextDocs) -> tantivy::Result<T>,
    ) -> Result<T, QueryError> {
        let body = self.fields().body;
        let inverted: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.inverted_index(body))
            .collect::<tantivy::Result<_>>()?;
        let mut langs: Vec<Option<&'static str>> =
            super::languages::stemmed(searcher, self.fields().language)?
                .into_iter()
                .map(Some)
                .collect();
        langs.push(None);
        // One analyzer per language for all the words (building one per word cost more than
        // the lookups themselves).
        let analyzers: Vec<_> = langs
            .iter()
            .map(|&l| std::cell::RefCell::new(analyzer::for_language(l)))
            .collect();
        let text_docs = |w: &str| -> (u64, Vec<u8>) {
            let mut n = 0;
            let mut terms = Vec::new();
            for a in &analyzers {
                let mut a = a.borrow_mut();
                let mut stream = a.token_stream(w);
                if !stream.advance() {
                    continue;
                }
                let t = stream.token().text.as_bytes();
                terms.extend_from_slice(t);
                terms.push(0);
                n += inverted
                    .iter()
                    .filter_map(|inv| inv.terms().get(t).ok().flatten())
                    .map(|ti| u64::from(ti.doc_freq))
                    .sum::<u64>();
            }
            (n, terms)
        };
        Ok(f(&text_docs)?)
    }

    /// The override file of the index (empty when absent) and a signature of its state
    /// (size and modification time), so that an edit is seen at the next search.
    pub(super) fn overrides(&self) -> (Overrides, u64) {
        let path = self.index.dir.join(crate::entities::overrides::FILE_NAME);
        let sig = std::fs::metadata(&path)
            .ok()
            .map(|m| {
                let t = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64);
                t ^ m.len().rotate_left(32) ^ 1
            })
            .unwrap_or(0);
        if let Ok(guard) = self.overrides.lock()
            && let Some((s, o)) = guard.as_ref()
            && *s == sig
        {
            return (o.clone(), sig);
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let parsed = Overrides::parse(&text);
        if let Ok(mut guard) = self.overrides.lock() {
            *guard = Some((sig, parsed.clone()));
        }
        (parsed, sig)
    }

    /// The archive-level reading of the current generation for one kind: every entity with
    /// its spellings and articles, and the values not offered (what `newsdex entities`
    /// lists).
    pub fn entities(&self, kind: Kind) -> Result<Listing, QueryError> {
        let searcher = self.searcher();
        let ords = self.entity_ords(&searcher)?;
        let values = match kind {
            Kind::People => &ords.people,
            Kind::Places => &ords.places,
        };
        let articles = articles_per_value(&searcher, values);
        Ok(crate::entities::report::listing(
            kind,
            ords.resolution.table(kind),
            &articles,
            &ords.resolution.override_problems,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::writer::{IndexOptions, NoProgress, index_paths};

    /// Each article's people, by name, as `ords` reads them.
    fn people(searcher: &Searcher, ords: &GlobalOrds) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for_each_live(searcher, |si, doc| out.push(ords.people.shown_of(si, doc)));
        out
    }

    /// The case statistics find a word in an English archive, whose body terms carry the
    /// `en:` tag (they found none when the word was analysed without a language).
    #[test]
    fn words_are_counted_in_the_language_their_articles_are_indexed_in() {
        let dir = tempfile::tempdir().unwrap();
        let samples = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
        let archive = samples.join("whitehouse/2011");
        let idx = dir.path().join("idx");
        let opts = IndexOptions {
            threads: 1,
            extract: false,
            ..Default::default()
        };
        index_paths(&idx, &[archive], &opts, &NoProgress).unwrap();
        let engine = Engine::open(&idx).unwrap();
        let searcher = engine.searcher();
        // Articles whose body has the word "president", by a plain scan of the stored text.
        let mut scanned = 0;
        for_each_live(&searcher, |si, doc| {
            let stored: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(si as u32, doc))
                .unwrap();
            let body = crate::index::document::from_document(&stored, engine.fields()).body;
            if analyzer::surface_words(&body)
                .iter()
                .any(|w| w == "president")
            {
                scanned += 1;
            }
        });
        assert!(scanned > 10, "{scanned}");
        let (upper, lower) = engine
            .with_text_docs(&searcher, |docs| Ok((docs("President"), docs("president"))))
            .unwrap();
        // Both spellings are looked up as the same terms, so they share their articles.
        assert_eq!(upper, lower);
        assert!(!lower.1.is_empty());
        // The stem also counts "presidents", so at least the scanned articles.
        assert!(lower.0 >= scanned, "{} < {scanned}", lower.0);
    }

    /// A search of a commit whose table is on disk reads it (nothing resolved or counted
    /// per article), an override file edited after indexing shows without re-indexing, and
    /// a stale table is resolved again and rewritten.
    #[test]
    fn a_current_table_is_read_overrides_apply_to_it_and_a_stale_one_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        std::fs::create_dir_all(&archive).unwrap();
        let samples = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
        // Releases naming John Boehner: in full, and only as "Speaker Boehner".
        for rel in [
            "whitehouse/2010/2010-02-25_president_a8bac52122.txt",
            "whitehouse/2011/2011-06-29_other_21e0c172fd.txt",
            "whitehouse/2011/2011-02-18_other_5b99a4328b.txt",
            "whitehouse/2011/2011-07-06_president_d1628af37f.txt",
        ] {
            let from = samples.join(rel);
            std::fs::copy(&from, archive.join(from.file_name().unwrap())).unwrap();
        }
        let idx = dir.path().join("idx");
        let opts = IndexOptions {
            threads: 1,
            ..Default::default()
        };
        index_paths(&idx, &[archive], &opts, &NoProgress).unwrap();
        let read = || {
            let engine = Engine::open(&idx).unwrap();
            let searcher = engine.searcher();
            let ords = engine.entity_ords(&searcher).unwrap();
            (ords.reading, people(&searcher, &ords))
        };
        // No table yet: resolved, and written.
        let (reading, resolved) = read();
        assert_eq!(reading, Reading::Resolved);
        assert!(
            resolved.iter().flatten().any(|n| n == "John Boehner"),
            "{resolved:?}"
        );
        let table = idx.join(table_file::FILE_NAME);
        let written = std::fs::read(&table).unwrap();
        // The next process reads it, with the same people.
        assert_eq!(read(), (Reading::Stored, resolved.clone()));
        // An override edited after indexing: still read from the table.
        let file = idx.join(crate::entities::overrides::FILE_NAME);
        std::fs::write(&file, "people drop John Boehner\n").unwrap();
        let (reading, dropped) = read();
        assert_eq!(reading, Reading::Stored);
        assert!(
            dropped.iter().flatten().all(|n| n != "John Boehner"),
            "{dropped:?}"
        );
        std::fs::remove_file(&file).unwrap();
        assert_eq!(std::fs::read(&table).unwrap(), written);
        // A table of an older format is stale: resolved again, the same, and rewritten.
        let mut old = written.clone();
        old[8] = 1;
        std::fs::write(&table, old).unwrap();
        assert_eq!(read(), (Reading::Resolved, resolved.clone()));
        assert_eq!(std::fs::read(&table).unwrap(), written);
        assert_eq!(read(), (Reading::Stored, resolved));
    }
}
