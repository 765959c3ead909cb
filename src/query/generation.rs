//! Values derived from the index once per searcher generation (each commit makes a new one):
//! the name tables of filters and the archive-level entities facets count (which also
//! depend on the override file: [`reading_id`]).

use std::sync::{Arc, Mutex};

use tantivy::Searcher;

use super::QueryError;

/// A value derived from the index, kept while the searcher generation (the commit) it was
/// built from is current.
pub type GenerationSlot<T> = Mutex<Option<(u64, Arc<T>)>>;

/// The slot's value for `searcher`'s generation, built by `build` when the slot holds none
/// or an older one.
pub fn per_generation<T>(
    slot: &GenerationSlot<T>,
    searcher: &Searcher,
    build: impl FnOnce() -> Result<T, QueryError>,
) -> Result<Arc<T>, QueryError> {
    per_key(slot, searcher.generation().generation_id(), build)
}

/// What the archive-level reading depends on: the generation and the override file (its
/// signature, see `Engine::overrides`).
pub fn reading_id(searcher: &Searcher, overrides_sig: u64) -> u64 {
    searcher.generation().generation_id() ^ overrides_sig.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The slot's value for `key`, built by `build` when the slot holds another key's.
pub fn per_key<T>(
    slot: &GenerationSlot<T>,
    key: u64,
    build: impl FnOnce() -> Result<T, QueryError>,
) -> Result<Arc<T>, QueryError> {
    if let Ok(guard) = slot.lock()
        && let Some((g, v)) = guard.as_ref()
        && *g == key
    {
        return Ok(v.clone());
    }
    let value = Arc::new(build()?);
    if let Ok(mut guard) = slot.lock() {
        *guard = Some((key, value.clone()));
    }
    Ok(value)
}
