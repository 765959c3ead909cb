//! Articles → clusters of copies, one article at a time.
//!
//! An article's band keys give the earlier articles it may copy (the *candidates*); the most
//! promising of them (most band keys in common first) are verified on the text, by exact
//! 5-word-shingle containment; the article then joins the cluster it copies, or starts its own.
//! Nothing is ever compared pairwise over the archive, and nothing already written changes: a
//! cluster is the id its members carry, so deleting any member (the first included) leaves the
//! others together, and a later copy still finds them by their band keys.
//!
//! **Which cluster.** Containment is not transitive (A in B and B in C does not put A in C), so
//! joining a cluster because the article copies *one* member would chain stories together:
//! every pair of a cluster counts, and a cluster of an original and two differently cut copies
//! holds one pair that is no copy. So before it joins, the article is compared with the other
//! members of each cluster a candidate belongs to (up to [`MEMBERS_CHECKED`] of them), and it
//! joins the cluster where it copies the most, provided it copies more than twice as many
//! of those members as it does not. Otherwise it starts its own cluster. On the development
//! archive and on edited copies this keeps pair precision above 0.99 where joining on one
//! match gives 0.97 and 0.90 (`benches/README.md`).

use std::collections::HashMap;

use super::minhash::Lsh;
use super::table::CandidateTable;

/// Containment at or above which two articles are copies of one story, by default.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// The banding newsdex uses: 24 keys of 3 values, so a pair of Jaccard similarity 0.5 (an
/// article and a copy of it cut by a third) shares a key with probability 0.96, and one of 0.05
/// (two articles sharing a paragraph) with probability 0.003 (see `benches/README.md`).
pub const DEFAULT_LSH: Lsh = Lsh { bands: 24, rows: 3 };

/// Candidates verified per article at most, most band keys in common first.
pub const MAX_VERIFIED: usize = 12;

/// Members of a cluster an article is compared with before it joins, at most.
pub const MEMBERS_CHECKED: usize = 8;

/// An article joins a cluster when it copies more than this many times as many of the members
/// compared as it does not copy (see `benches/README.md`: 2 keeps pair precision above 0.99
/// on edited copies, 1.5 does not).
const JOIN_RATIO: i64 = 2;

/// A band key is recorded for at most this many members of one cluster: later copies add the
/// keys that are new, so a story in five hundred papers does not fill the table.
const KEY_MEMBERS_PER_CLUSTER: usize = 2;

/// One article known to the clusterer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Its cluster.
    pub cluster: u64,
    /// Its document key (see [`Clusterer::assign`]).
    pub doc_key: u64,
}

/// The outcome for one article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// The cluster the article belongs to: the cluster it joined, or its own document key.
    pub cluster: u64,
    /// The member it copies most (document key and containment), when it joined a cluster.
    pub copies: Option<(u64, f64)>,
    /// Earlier articles that share a band key with it.
    pub candidates: usize,
    /// Candidates and cluster members whose text was compared.
    pub verified: usize,
}

/// The clusters of the articles seen so far, and the table that finds candidates among them.
#[derive(Debug)]
pub struct Clusterer {
    lsh: Lsh,
    threshold: f64,
    table: CandidateTable,
    members: Vec<Member>,
    /// The member slots of each cluster of two or more, founder first when it is known:
    /// singletons, most articles, cost nothing here.
    clusters: HashMap<u64, Vec<u32>>,
    /// Founders by document key while an index is loaded (see [`Self::loaded`]).
    loading_founders: HashMap<u64, u32>,
}

impl Clusterer {
    /// An empty clusterer with the given banding and containment threshold.
    pub fn new(lsh: Lsh, threshold: f64) -> Clusterer {
        Clusterer {
            lsh,
            threshold,
            table: CandidateTable::new(),
            members: Vec::new(),
            clusters: HashMap::new(),
            loading_founders: HashMap::new(),
        }
    }

    /// The banding.
    pub fn lsh(&self) -> Lsh {
        self.lsh
    }

    /// Articles known.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether no article is known.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Bytes of memory held (table, members, cluster sizes), roughly.
    pub fn memory_bytes(&self) -> usize {
        self.table.memory_bytes()
            + self.members.capacity() * std::mem::size_of::<Member>()
            + self.clusters.capacity() * 48
    }

    /// Records an article already in the index, with its cluster and band keys (when a run
    /// starts on an existing index). Call [`Self::loaded`] after the last one.
    pub fn add_existing(&mut self, doc_key: u64, cluster: u64, band_keys: &[u64]) {
        let slot = self.members.len() as u32;
        self.members.push(Member { cluster, doc_key });
        if cluster == doc_key {
            self.loading_founders.insert(doc_key, slot);
        } else {
            self.clusters.entry(cluster).or_default().push(slot);
        }
        for &k in band_keys {
            self.table.insert(k, slot);
        }
    }

    /// Call after the last [`Self::add_existing`]: puts founders first in their clusters'
    /// member lists and makes lookups fast.
    pub fn loaded(&mut self) {
        let founders = std::mem::take(&mut self.loading_founders);
        for (cluster, list) in self.clusters.iter_mut() {
            if let Some(&f) = founders.get(cluster)
                && !list.contains(&f)
            {
                list.insert(0, f);
            }
        }
        self.table.compact();
    }

    /// The members of the cluster of the member in `slot` (the member alone when it is a
    /// singleton).
    fn members_of(&self, slot: u32) -> Vec<u32> {
        let cluster = self.members[slot as usize].cluster;
        match self.clusters.get(&cluster) {
            Some(list) => list.clone(),
            None => vec![slot],
        }
    }

    /// Places the article whose document key is `doc_key`, text `text` (lede and body) and band
    /// keys `band_keys` (from [`Lsh::band_keys`]), and remembers it for the articles that
    /// follow.
    ///
    /// `fetch` gives the shingle set ([`super::shingles::shingles`]) of an earlier article by
    /// document key, or `None` when its text cannot be read (it was deleted): such a member is
    /// left out. The article's own shingle set is built only when it has candidates.
    pub fn assign(
        &mut self,
        doc_key: u64,
        text: &str,
        band_keys: &[u64],
        fetch: &mut dyn FnMut(u64) -> Option<Vec<u64>>,
    ) -> Assignment {
        // Candidates with the number of band keys they share, most first.
        let mut found: Vec<u32> = Vec::new();
        let mut key_slots: Vec<(usize, usize)> = Vec::with_capacity(band_keys.len());
        for &k in band_keys {
            let start = found.len();
            self.table.lookup(k, &mut found);
            key_slots.push((start, found.len()));
        }
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for &s in &found {
            if self.members[s as usize].doc_key != doc_key {
                // (the article's own earlier version, when its file is re-indexed, is no copy)
                *counts.entry(s).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(u32, u32)> = counts.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

        // Verify the best candidates, then the other members of each cluster a candidate
        // copies, so that the decision below knows every pair a join would create.
        let tried: std::collections::HashSet<u32> =
            ranked.iter().take(MAX_VERIFIED).map(|&(s, _)| s).collect();
        let mut own: Option<Vec<u64>> = None;
        let mut verified = 0;
        let mut outcome: HashMap<u32, Option<f64>> = HashMap::new();
        let mut check = |slot: u32, this: &Self, verified: &mut usize| -> Option<f64> {
            if let Some(c) = outcome.get(&slot) {
                return *c;
            }
            let m = this.members[slot as usize];
            let c = fetch(m.doc_key).map(|other| {
                *verified += 1;
                let own = own.get_or_insert_with(|| super::shingles::shingles(text));
                super::shingles::containment(own, &other)
            });
            outcome.insert(slot, c);
            c
        };
        let mut clusters: Vec<u64> = Vec::new();
        for &(slot, _) in ranked.iter().take(MAX_VERIFIED) {
            if check(slot, self, &mut verified).is_some_and(|c| c >= self.threshold) {
                let cl = self.members[slot as usize].cluster;
                if !clusters.contains(&cl) {
                    clusters.push(cl);
                }
            }
        }
        let mut choice: Option<(u64, i64, f64, u64)> = None;
        for cl in clusters {
            let Some(&first) = ranked
                .iter()
                .map(|(s, _)| s)
                .find(|&&s| self.members[s as usize].cluster == cl)
            else {
                continue;
            };
            let mut list = self.members_of(first);
            // Candidates of the cluster first (they are verified already), then the others.
            list.sort_by_key(|s| !tried.contains(s));
            let (mut copied, mut not, mut best, mut best_key) = (0i64, 0i64, 0.0f64, 0u64);
            for &s in list.iter().take(MEMBERS_CHECKED) {
                match check(s, self, &mut verified) {
                    Some(c) if c >= self.threshold => {
                        copied += 1;
                        if c > best {
                            best = c;
                            best_key = self.members[s as usize].doc_key;
                        }
                    }
                    Some(_) => not += 1,
                    None => {}
                }
            }
            // More than twice as many copies as non-copies among the members compared: the
            // join then creates at most one wrong pair for two right ones, and rarely any.
            let score = copied - JOIN_RATIO * not;
            if copied == 0 || (not > 0 && score <= 0) {
                continue;
            }
            let better = match choice {
                None => true,
                Some((c, sc, b, _)) => {
                    (score, best, std::cmp::Reverse(cl)) > (sc, b, std::cmp::Reverse(c))
                }
            };
            if better {
                choice = Some((cl, score, best, best_key));
            }
        }
        let (cluster, copies) = match choice {
            Some((c, _, b, k)) => (c, Some((k, b))),
            None => (doc_key, None),
        };
        let slot = self.members.len() as u32;
        self.members.push(Member { cluster, doc_key });
        if copies.is_some() {
            let founder = ranked
                .iter()
                .map(|(s, _)| *s)
                .find(|&s| self.members[s as usize].cluster == cluster);
            let list = self
                .clusters
                .entry(cluster)
                .or_insert_with(|| founder.into_iter().collect());
            list.push(slot);
        }
        // Record the band keys, except those already held by enough members of this cluster.
        for (i, &k) in band_keys.iter().enumerate() {
            let (a, b) = key_slots[i];
            let held = found[a..b]
                .iter()
                .filter(|&&s| self.members[s as usize].cluster == cluster)
                .count();
            if held < KEY_MEMBERS_PER_CLUSTER {
                self.table.insert(k, slot);
            }
        }
        Assignment {
            cluster,
            copies,
            candidates: ranked.len(),
            verified,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::shingles::shingles;

    /// A text of `n` words drawn from a vocabulary shifted by `seed`.
    fn text(seed: usize, n: usize) -> String {
        (0..n)
            .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003))
            .collect::<Vec<_>>()
            .join(" ")
    }

    struct World {
        c: Clusterer,
        texts: Vec<String>,
        gone: Vec<bool>,
    }

    impl World {
        fn new() -> World {
            World {
                c: Clusterer::new(DEFAULT_LSH, DEFAULT_THRESHOLD),
                texts: Vec::new(),
                gone: Vec::new(),
            }
        }

        fn add(&mut self, t: String) -> Assignment {
            let key = self.texts.len() as u64;
            let lsh = self.c.lsh();
            let bands = lsh.band_keys(&lsh.text_signature(&t));
            let (texts, gone) = (&self.texts, &self.gone);
            let mut fetch = |k: u64| (!gone[k as usize]).then(|| shingles(&texts[k as usize]));
            let a = self.c.assign(key, &t, &bands, &mut fetch);
            self.texts.push(t);
            self.gone.push(false);
            a
        }
    }

    #[test]
    fn copies_join_and_other_stories_do_not() {
        let mut w = World::new();
        let story = text(1, 400);
        let a = w.add(story.clone());
        assert_eq!((a.cluster, a.copies), (0, None));
        // A trimmed copy (the first 300 words) and one with a line added.
        let trimmed: String = story.split(' ').take(300).collect::<Vec<_>>().join(" ");
        let b = w.add(trimmed);
        assert_eq!(b.cluster, 0);
        assert_eq!(b.copies.map(|c| c.0), Some(0));
        assert!((b.copies.unwrap().1 - 1.0).abs() < 1e-9);
        let c = w.add(format!("{story} and one more line of local news here"));
        assert_eq!(c.cluster, 0);
        // Another story starts its own cluster.
        let d = w.add(text(2, 400));
        assert_eq!((d.cluster, d.copies), (3, None));
        assert_eq!(w.c.len(), 4);
    }

    #[test]
    fn the_cluster_outlives_its_first_copy() {
        let mut w = World::new();
        let story = text(5, 300);
        w.add(story.clone());
        assert_eq!(w.add(story.clone()).cluster, 0);
        // The founder is deleted: the next copy finds the other member and keeps the id.
        w.gone[0] = true;
        let a = w.add(format!("Update: {story}"));
        assert_eq!(a.cluster, 0);
        assert_eq!(a.copies.map(|c| c.0), Some(1));
    }

    #[test]
    fn half_copies_do_not_chain_stories() {
        // B is A's first half plus new text, C is B's new text plus more: B copies neither
        // (containment 0.5), so nothing joins, although each shares half with the next.
        let mut w = World::new();
        let a = text(7, 400);
        let half: Vec<&str> = a.split(' ').take(200).collect();
        let fresh = text(8, 200);
        let b = format!("{} {fresh}", half.join(" "));
        let c = format!("{fresh} {}", text(9, 200));
        assert_eq!(w.add(a).cluster, 0);
        assert_eq!(w.add(b).cluster, 1);
        assert_eq!(w.add(c).cluster, 2);
    }

    #[test]
    fn a_copy_of_one_member_only_starts_its_own_cluster() {
        // X = S + T1 and Y = S + T2 are copies of S (S is contained in both) but not of each
        // other: Y joining S's cluster would make the wrong pair (X, Y).
        let mut w = World::new();
        let s = text(10, 300);
        let x = format!("{s} {}", text(11, 100));
        let y = format!("{s} {}", text(12, 100));
        assert_eq!(w.add(s.clone()).cluster, 0);
        assert_eq!(w.add(x).cluster, 0);
        // y copies s (1.0) and x (300/400 = 0.75 < 0.8): one copy, one not: stays apart.
        let a = w.add(y);
        assert_eq!(a.cluster, 2, "{a:?}");
    }

    #[test]
    fn a_file_indexed_again_is_no_copy_of_itself() {
        let mut w = World::new();
        let t = text(20, 300);
        w.add(t.clone());
        let lsh = w.c.lsh();
        let bands = lsh.band_keys(&lsh.text_signature(&t));
        let texts = w.texts.clone();
        let mut fetch = |k: u64| Some(shingles(&texts[k as usize]));
        // Same document key as the first article: its earlier version is not a candidate.
        let a = w.c.assign(0, &t, &bands, &mut fetch);
        assert_eq!((a.cluster, a.copies, a.candidates), (0, None, 0));
    }
}
