//! What the collector returns: per facet, how many results have each value, still by global
//! ordinal; only the values asked for ([`ValueCounts::top`]) are turned into names.

use std::collections::HashMap;
use std::sync::Arc;

/// How many results have each value of one facet (values with a count only).
#[derive(Debug, Default, Clone)]
pub struct ValueCounts {
    /// Global ordinal → value (the [`super::ValueOrds`] terms).
    pub(super) terms: Arc<Vec<Box<str>>>,
    /// Per global ordinal: offered as a facet value (empty: all are).
    pub(super) shown: Arc<Vec<bool>>,
    /// (global ordinal, count).
    pub(super) counts: Vec<(u32, u64)>,
}

impl ValueCounts {
    fn name(&self, ord: u32) -> &str {
        self.terms.get(ord as usize).map_or("", |s| s)
    }

    /// The `n` largest counts, ties broken by value so that output is deterministic.
    pub fn top(&self, n: usize) -> Vec<(String, u64)> {
        self.top_matching(|_| true, n)
    }

    /// The `n` largest counts among values for which `keep` holds.
    pub fn top_matching(&self, keep: impl Fn(&str) -> bool, n: usize) -> Vec<(String, u64)> {
        if n == 0 {
            return Vec::new();
        }
        let mut v: Vec<(u32, u64)> = self
            .counts
            .iter()
            .copied()
            .filter(|&(o, _)| {
                self.shown.get(o as usize).copied().unwrap_or(true) && keep(self.name(o))
            })
            .collect();
        // Global ordinals are in value order: ties break by value without comparing strings.
        let order = |a: &(u32, u64), b: &(u32, u64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if v.len() > n {
            v.select_nth_unstable_by(n - 1, order);
            v.truncate(n);
        }
        v.sort_unstable_by(order);
        v.into_iter()
            .map(|(o, c)| (self.name(o).to_string(), c))
            .collect()
    }
}

/// Counts per facet value, merged over segments.
#[derive(Debug, Default, Clone)]
pub struct FacetCounts {
    /// Documents seen.
    pub total: u64,
    /// Person → articles.
    pub people: ValueCounts,
    /// Place name → articles.
    pub places: ValueCounts,
    /// Credit → articles.
    pub credit: ValueCounts,
    /// Month key (`year * 12 + month0`) → articles.
    pub months: HashMap<i32, u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_counts_break_ties_by_value() {
        let terms: Vec<Box<str>> = ["Adams", "Baker", "Clark", "Dole"]
            .iter()
            .map(|s| (*s).into())
            .collect();
        let vc = ValueCounts {
            terms: Arc::new(terms),
            shown: Arc::new(vec![true, true, true, true]),
            counts: vec![(3, 5), (2, 1), (1, 5), (0, 1)],
        };
        let top = vc.top(3);
        assert_eq!(
            top,
            [("Baker".into(), 5), ("Dole".into(), 5), ("Adams".into(), 1)]
        );
        assert_eq!(vc.top(10).len(), 4);
        assert!(vc.top(0).is_empty());
        assert_eq!(
            vc.top_matching(|n| n.starts_with('C'), 5),
            [("Clark".into(), 1)]
        );
        assert_eq!(vc.top_matching(|n| n == "Dole", 5), [("Dole".into(), 5)]);
    }
}
