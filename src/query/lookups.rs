//! What building a query looks up in the term dictionaries, remembered per index generation:
//! whether a term is held, and where a word is written split ([`split_points`]).
//!
//! A query word is analysed in every language namespace of the archive and searched in three
//! fields, so a two-word query asks the dictionaries of every segment a few hundred times
//! before tantivy runs it (chronam-1916: 7 namespaces × 3 fields; `QueryBuilder::splits`
//! alone was 5% of a search's instructions). The answers change only with a new generation,
//! and news archives are searched for the same few thousand words again and again.
//!
//! [`split_points`]: super::compounds::split_points

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::Term;

/// Entries each table keeps at most; a full table is emptied and starts again (an archive's
/// working set of query words is far smaller).
const MAX_ENTRIES: usize = 200_000;

/// A word's split points are per language namespace (`None`: untagged) and word.
type SplitKey = (Option<String>, String);

/// One generation's remembered look-ups.
#[derive(Default)]
pub struct Lookups {
    present: Mutex<HashMap<Term, bool>>,
    splits: Mutex<HashMap<SplitKey, Arc<[usize]>>>,
}

impl Lookups {
    /// Whether the index holds `term`, asking `look` the first time.
    pub fn holds<E>(&self, term: &Term, look: impl FnOnce() -> Result<bool, E>) -> Result<bool, E> {
        if let Some(&known) = self
            .present
            .lock()
            .ok()
            .and_then(|m| m.get(term).copied())
            .as_ref()
        {
            return Ok(known);
        }
        let held = look()?;
        if let Ok(mut m) = self.present.lock() {
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(term.clone(), held);
        }
        Ok(held)
    }

    /// The split points of `word` in language `lang`, asking `look` the first time.
    pub fn splits<E>(
        &self,
        lang: Option<&str>,
        word: &str,
        look: impl FnOnce() -> Result<Vec<usize>, E>,
    ) -> Result<Arc<[usize]>, E> {
        let key = (lang.map(str::to_string), word.to_string());
        if let Some(known) = self.splits.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(known);
        }
        let found: Arc<[usize]> = look()?.into();
        if let Ok(mut m) = self.splits.lock() {
            if m.len() >= MAX_ENTRIES {
                m.clear();
            }
            m.insert(key, found.clone());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_once_per_key() {
        let l = Lookups::default();
        let mut asked = 0;
        for _ in 0..3 {
            let s = l.splits(Some("en"), "ceasefire", || -> Result<_, ()> {
                asked += 1;
                Ok(vec![5])
            });
            assert_eq!(&*s.unwrap(), &[5]);
        }
        assert_eq!(asked, 1);
        let other = l.splits(None, "ceasefire", || -> Result<_, ()> { Ok(vec![]) });
        assert!(other.unwrap().is_empty());
    }
}
