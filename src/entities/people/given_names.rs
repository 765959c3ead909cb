//! How the archive uses first words: which lead several surnames, so that a known first name
//! that is also a common word still counts as a given name there ("Bill Clinton", "Bill
//! Gates").

use crate::entities::{Map, name, split_key, words};

/// For each first word of the archive's multi-word person values: how many distinct last
/// words follow it, and how many of those are known surnames.
pub(super) fn given_name_uses(keys: &[Box<str>]) -> Map<String, (u32, u32)> {
    use std::hash::BuildHasher;
    let hasher = foldhash::fast::FixedState::default();
    let mut pairs: std::collections::HashSet<u64, foldhash::fast::FixedState> = Default::default();
    let mut out: Map<String, (u32, u32)> = Map::default();
    for k in keys {
        let name = split_key(k).0;
        let mut ws = name.split_whitespace();
        let (Some(first), Some(last)) = (ws.next(), ws.next_back()) else {
            continue;
        };
        let (first, last) = (name::fold(first), name::fold(last));
        if first.is_empty() || last.is_empty() {
            continue;
        }
        if pairs.insert(hasher.hash_one((&first, &last))) {
            let e = out.entry(first).or_default();
            e.1 += 1;
            if words::is_surname(&last) {
                e.0 += 1;
            }
        }
    }
    out
}
