//! Totals and facet counts of recent requests, remembered for one index generation: paging,
//! re-sorting and the back button ask for the same counts again, and they are the expensive
//! part of a search. A commit (a new generation) empties it; the oldest entry goes first.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::request::SearchRequest;
use super::response::Facets;

/// Requests whose counts are remembered by default.
pub const COUNTS_CACHE_ENTRIES: usize = 1024;

/// The total and facets of one request.
pub type Counts = Arc<(u64, u64, Facets)>;

/// A bounded map from requests to their counts, for one generation at a time.
pub struct CountsCache {
    entries: Mutex<Entries>,
    capacity: AtomicUsize,
}

#[derive(Default)]
struct Entries {
    generation: u64,
    map: HashMap<String, Counts>,
    order: VecDeque<String>,
}

impl CountsCache {
    /// An empty cache keeping at most `capacity` requests.
    pub fn new(capacity: usize) -> CountsCache {
        CountsCache {
            entries: Mutex::new(Entries::default()),
            capacity: capacity.into(),
        }
    }

    /// Keeps at most `capacity` requests from now on (0: none) and forgets every entry.
    pub fn set_capacity(&self, capacity: usize) {
        self.capacity.store(capacity, Ordering::Relaxed);
        if let Ok(mut c) = self.entries.lock() {
            *c = Entries::default();
        }
    }

    /// What determines a request's total and facets (not its page, order or deadline).
    pub fn key(req: &SearchRequest) -> String {
        format!(
            "{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{}\u{1}{:?}\u{1}{:?}",
            req.query,
            req.people,
            req.places,
            (&req.source, &req.credit),
            req.from,
            req.to,
            req.logic,
            req.facets,
            req.count,
            req.languages
        )
    }

    /// The counts remembered for `key` in `generation`.
    pub fn get(&self, generation: u64, key: &str) -> Option<Counts> {
        let guard = self.entries.lock().ok()?;
        if guard.generation != generation {
            return None;
        }
        guard.map.get(key).cloned()
    }

    /// Remembers the counts of `key` in `generation` (forgetting an older generation's).
    pub fn put(&self, generation: u64, key: String, value: Counts) {
        let cap = self.capacity.load(Ordering::Relaxed);
        let Ok(mut c) = self.entries.lock() else {
            return;
        };
        if cap == 0 {
            return;
        }
        if c.generation != generation {
            *c = Entries {
                generation,
                ..Default::default()
            };
        }
        if c.map.insert(key.clone(), value).is_none() {
            c.order.push_back(key);
            while c.order.len() > cap {
                if let Some(old) = c.order.pop_front() {
                    c.map.remove(&old);
                }
            }
        }
    }
}
