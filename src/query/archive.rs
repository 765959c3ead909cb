//! The archive level, once per index generation: reads the stored people and places and
//! their evidence from the index, resolves them across the archive ([`crate::entities`]),
//! and numbers every article's people and places as entities, which is what facets count,
//! filters match and hits show.
//!
//! Nothing here re-reads an article's text: the inputs are the `person_keys`, `places` and
//! `name_case` dictionaries and columns, and the body's term frequencies. A new commit or an
//! edited override file gives a new reading at the next search.

use std::sync::Arc;

use tantivy::{DocId, Searcher};

use super::QueryError;
use super::engine::Engine;
use super::facets::{DocValues, GlobalOrds, ValueOrds};
use super::generation::{per_key, reading_id};
use crate::entities::evidence::LOWER_FLAG;
use crate::entities::report::Listing;
use crate::entities::{Builder, Kind, KindTable, Map, Overrides, WordCase};

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

/// For each name word in at least [`MIN_NAME_DOCS`] articles' names: the share of the
/// articles containing the word that use it as a common word, estimated as (articles with
/// the word − articles with it in a name + articles with it in a name that also write it in
/// lower case) / articles with the word. `text_docs` gives articles with the word in the
/// body (as the body analyzer indexes it).
fn word_stats(searcher: &Searcher, text_docs: &dyn Fn(&str) -> u64) -> tantivy::Result<WordStats> {
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
    let mut share = Map::default();
    for (w, (named, lower)) in names {
        if named < MIN_NAME_DOCS {
            continue;
        }
        let all = text_docs(&w).max(u64::from(named)) as f64;
        let common = all - f64::from(named) + f64::from(lower.min(named));
        share.insert(w, (common / all).clamp(0.0, 1.0));
    }
    Ok(WordStats { share })
}

/// Builds one generation's entities: people from `person_keys`, places from `places`.
pub(crate) fn build(
    searcher: &Searcher,
    overrides: &Overrides,
    text_docs: &dyn Fn(&str) -> u64,
) -> tantivy::Result<GlobalOrds> {
    let keys = ValueOrds::build(searcher, "person_keys")?;
    let places = ValueOrds::build(searcher, "places")?;
    let paths = ValueOrds::build(searcher, "place_paths")?;
    let stats = word_stats(searcher, text_docs)?;
    let mut builder = Builder::new(&keys.terms, &places.terms, &paths.terms, &stats);
    let (mut kbuf, mut pbuf, mut cbuf) = (Vec::new(), Vec::new(), Vec::new());
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            keys.global_of(si, doc, &mut kbuf);
            places.global_of(si, doc, &mut pbuf);
            paths.global_of(si, doc, &mut cbuf);
            builder.add_doc(&kbuf, &pbuf, &cbuf);
        }
    }
    let mut resolution = builder.finish(overrides);
    drop(paths);
    // Who appears with whom, for the partial names only an article's context resolves.
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            keys.global_of(si, doc, &mut kbuf);
            resolution.observe(&kbuf);
        }
    }
    resolution.finish_context();
    let people = entity_ords(searcher, &keys, &resolution.people, |k, out| {
        resolution.people_of(k, out)
    });
    let place_ords = entity_ords(searcher, &places, &resolution.places, |p, out| {
        resolution.places_of(p, out)
    });
    Ok(GlobalOrds {
        people,
        places: place_ords,
        credit: ValueOrds::build(searcher, "credit")?,
        resolution: Arc::new(resolution),
        segment_ids: searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect(),
    })
}

/// The stored values `values` renumbered as the entities of `table`, through `map`.
fn entity_ords(
    searcher: &Searcher,
    values: &ValueOrds,
    table: &KindTable,
    map: impl Fn(&[u32], &mut Vec<u32>),
) -> ValueOrds {
    let terms: Vec<Box<str>> = table
        .entities
        .iter()
        .map(|e| e.name.as_str().into())
        .collect();
    let shown: Vec<bool> = table.entities.iter().map(|e| e.shown()).collect();
    let mut buf = Vec::new();
    let mut segments = Vec::new();
    let mut docs = Vec::new();
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let (dv, ids) = DocValues::from_global(seg.max_doc(), |doc: DocId, out| {
            values.global_of(si, doc, &mut buf);
            map(&buf, out);
        });
        docs.push(dv);
        segments.push(ids);
    }
    ValueOrds {
        terms: Arc::new(terms),
        segments,
        docs,
        shown: Arc::new(shown),
    }
}

/// Live articles per global ordinal of `values` (each article once per value).
pub(crate) fn articles_per_value(searcher: &Searcher, values: &ValueOrds) -> Vec<u64> {
    let mut out = vec![0u64; values.terms.len()];
    let mut buf = Vec::new();
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        for doc in 0..seg.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            values.global_of(si, doc, &mut buf);
            for &o in &buf {
                if let Some(n) = out.get_mut(o as usize) {
                    *n += 1;
                }
            }
        }
    }
    out
}

impl Engine {
    /// The archive-level entities of `searcher`'s generation and the current override file,
    /// built on first use after each commit or edit of the file.
    pub(super) fn entity_ords(&self, searcher: &Searcher) -> Result<Arc<GlobalOrds>, QueryError> {
        let (overrides, sig) = self.overrides();
        let key = reading_id(searcher, sig);
        per_key(&self.ords, key, || {
            let body = self.fields().body;
            let inverted: Vec<_> = searcher
                .segment_readers()
                .iter()
                .map(|s| s.inverted_index(body))
                .collect::<tantivy::Result<_>>()?;
            // One analyzer for all the words (looking it up per word cost more than the
            // lookups themselves).
            let analyzer = std::cell::RefCell::new(self.index.index.tokenizer_for_field(body)?);
            let text_docs = |w: &str| -> u64 {
                let mut a = analyzer.borrow_mut();
                let mut stream = a.token_stream(w);
                if !stream.advance() {
                    return 0;
                }
                let t = stream.token().text.clone();
                inverted
                    .iter()
                    .filter_map(|inv| inv.terms().get(t.as_bytes()).ok().flatten())
                    .map(|ti| u64::from(ti.doc_freq))
                    .sum()
            };
            Ok(build(searcher, &overrides, &text_docs)?)
        })
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
