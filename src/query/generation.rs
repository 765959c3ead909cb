//! Values derived from the index once per searcher generation (each commit makes a new one):
//! the name tables of filters and the global ordinals of facets.

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
    let gen_id = searcher.generation().generation_id();
    if let Ok(guard) = slot.lock()
        && let Some((g, v)) = guard.as_ref()
        && *g == gen_id
    {
        return Ok(v.clone());
    }
    let value = Arc::new(build()?);
    if let Ok(mut guard) = slot.lock() {
        *guard = Some((gen_id, value.clone()));
    }
    Ok(value)
}
