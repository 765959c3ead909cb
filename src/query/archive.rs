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

use super::facets::{DocValues, GlobalOrds, ValueOrds};
use crate::entities::evidence::LOWER_FLAG;
use crate::entities::{Builder, KindTable, Map, Overrides, WordCase};

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
