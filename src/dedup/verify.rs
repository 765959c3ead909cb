//! Containment checks for one article's placement ([`super::cluster::Clusterer::assign`]): the
//! new article against earlier ones, and earlier ones between them when two clusters may merge.

use std::collections::HashMap;

/// Verification of one article against earlier ones, and of earlier ones between them, each
/// pair once and each text's shingle set fetched once.
pub(super) struct Verifier<'a> {
    pub(super) fetch: &'a mut dyn FnMut(u64) -> Option<Vec<u64>>,
    pub(super) text: &'a str,
    pub(super) own: Option<Vec<u64>>,
    pub(super) sets: HashMap<u32, Option<Vec<u64>>>,
    pub(super) against: HashMap<u32, Option<f64>>,
    pub(super) verified: usize,
}

impl Verifier<'_> {
    /// Fetches the shingle set of the member in `slot` (document key `key`) unless it is
    /// known; whether it can be read.
    fn load(&mut self, slot: u32, key: u64) -> bool {
        let fetch = &mut self.fetch;
        self.sets
            .entry(slot)
            .or_insert_with(|| fetch(key))
            .is_some()
    }

    /// The containment of the new article and the member in `slot`.
    pub(super) fn against(&mut self, slot: u32, key: u64) -> Option<f64> {
        if let Some(&c) = self.against.get(&slot) {
            return c;
        }
        let c = if self.load(slot, key) {
            let text = self.text;
            let own = self
                .own
                .get_or_insert_with(|| super::shingles::shingles(text));
            self.verified += 1;
            self.sets
                .get(&slot)
                .and_then(Option::as_ref)
                .map(|other| super::shingles::containment(own, other))
        } else {
            None
        };
        self.against.insert(slot, c);
        c
    }

    /// The containment of two earlier members.
    pub(super) fn between(&mut self, a: (u32, u64), b: (u32, u64)) -> Option<f64> {
        if !(self.load(a.0, a.1) && self.load(b.0, b.1)) {
            return None;
        }
        let x = self.sets.get(&a.0)?.as_ref()?;
        let y = self.sets.get(&b.0)?.as_ref()?;
        self.verified += 1;
        Some(super::shingles::containment(x, y))
    }
}
