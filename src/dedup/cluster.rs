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
use super::verify::Verifier;

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

/// Cluster ids one article is written with at most: its cluster's and those of up to seven
/// clusters merged into it (see [`Clusterer::assign`]).
pub const MAX_IDS: usize = 8;

/// Members of each side compared when two clusters may merge.
pub const MERGE_SIDE: usize = 4;

/// Two clusters merge when the pairs across them compared hold more than this many times as
/// many copies as non-copies, by default. Stricter than joining (`JOIN_RATIO`, 2): a merge
/// makes many pairs at once, and on the development archive 2 merged near-miss versions
/// (containment 0.77–0.79 with some members) into precision 0.988 (`benches/README.md`).
pub const DEFAULT_MERGE_RATIO: f64 = 3.0;

/// One article known to the clusterer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Its cluster (after merges: the cluster it belongs to now, whatever id it was written
    /// with).
    pub cluster: u64,
    /// Its document key (see [`Clusterer::assign`]).
    pub doc_key: u64,
}

/// The outcome for one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The cluster the article belongs to: the cluster it joined, or its own document key.
    pub cluster: u64,
    /// The ids of the clusters merged into `cluster` (at most [`MAX_IDS`] − 1): the article
    /// is written with them after `cluster`, so that the index records the merge (see
    /// [`Clusterer::add_existing`]).
    pub merged: Vec<u64>,
    /// The member it copies most (document key and containment), when it joined a cluster.
    pub copies: Option<(u64, f64)>,
    /// Clusters this article merged into its own (see [`Clusterer::assign`]).
    pub merges: usize,
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
    merge_ratio: f64,
    table: CandidateTable,
    members: Vec<Member>,
    /// The member slots of each cluster of two or more, founder first when it is known:
    /// singletons, most articles, cost nothing here.
    clusters: HashMap<u64, Vec<u32>>,
    /// The ids of the clusters merged into each cluster (only clusters that merged are here).
    merged: HashMap<u64, Vec<u64>>,
    /// Merges read while an index is loaded: (the cluster an article was written with,
    /// another id it carries).
    loading_links: Vec<(u64, u64)>,
}

/// How an article compares with the members of one cluster.
struct Evaluation {
    cluster: u64,
    /// Members it copies and does not copy, among those compared.
    copied: i64,
    not: i64,
    /// The member it copies most, and the containment.
    best: f64,
    best_key: u64,
    /// A member of the cluster among the candidates (its founder when the cluster is a
    /// singleton, which has no member list).
    first: u32,
}

impl Clusterer {
    /// An empty clusterer with the given banding and containment threshold.
    pub fn new(lsh: Lsh, threshold: f64) -> Clusterer {
        Clusterer {
            lsh,
            threshold,
            merge_ratio: DEFAULT_MERGE_RATIO,
            table: CandidateTable::new(),
            members: Vec::new(),
            clusters: HashMap::new(),
            merged: HashMap::new(),
            loading_links: Vec::new(),
        }
    }

    /// The same clusterer with another merge ratio ([`DEFAULT_MERGE_RATIO`]; infinity never
    /// merges): for measuring the rule.
    pub fn with_merge_ratio(mut self, ratio: f64) -> Clusterer {
        self.merge_ratio = ratio;
        self
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

    /// The articles known, in the order they were added, each with the cluster it belongs to
    /// now (merges included).
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// Bytes of memory held (table, members, cluster sizes), roughly.
    pub fn memory_bytes(&self) -> usize {
        self.table.memory_bytes()
            + self.members.capacity() * std::mem::size_of::<Member>()
            + self.clusters.capacity() * 48
            + self.merged.capacity() * 48
    }

    /// Records an article already in the index, with the cluster ids it was written with (its
    /// cluster first, then the ids of clusters merged into it) and its band keys (when a run
    /// starts on an existing index). Call [`Self::loaded`] after the last one.
    pub fn add_existing(&mut self, doc_key: u64, clusters: &[u64], band_keys: &[u64]) {
        let slot = self.members.len() as u32;
        let cluster = clusters.first().copied().unwrap_or(doc_key);
        self.members.push(Member { cluster, doc_key });
        for &other in clusters.iter().skip(1) {
            self.loading_links.push((cluster, other));
        }
        for &k in band_keys {
            self.table.insert(k, slot);
        }
    }

    /// Call after the last [`Self::add_existing`]: joins the clusters that articles record as
    /// merged (to the smallest id of each group, as [`crate::query::stories`] does), lists
    /// each cluster's members, founder first, and makes lookups fast.
    pub fn loaded(&mut self) {
        let links = std::mem::take(&mut self.loading_links);
        let mut parent: HashMap<u64, u64> = HashMap::new();
        for (a, b) in links {
            let (ra, rb) = (
                super::group_root(&mut parent, a),
                super::group_root(&mut parent, b),
            );
            if ra != rb {
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                parent.insert(hi, lo);
            }
        }
        let mut lists: HashMap<u64, Vec<u32>> = HashMap::new();
        for (slot, m) in self.members.iter_mut().enumerate() {
            m.cluster = super::group_root(&mut parent, m.cluster);
            lists.entry(m.cluster).or_default().push(slot as u32);
        }
        lists.retain(|_, l| l.len() > 1);
        for (cluster, list) in lists.iter_mut() {
            if let Some(i) = list
                .iter()
                .position(|&s| self.members[s as usize].doc_key == *cluster)
            {
                let f = list.remove(i);
                list.insert(0, f);
            }
        }
        self.clusters = lists;
        let ids: Vec<u64> = parent.keys().copied().collect();
        self.merged.clear();
        for id in ids {
            let r = super::group_root(&mut parent, id);
            if r != id {
                self.merged.entry(r).or_default().push(id);
            }
        }
        for list in self.merged.values_mut() {
            list.sort_unstable();
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

    /// The slot and document key of each member in `slots`.
    fn keyed(&self, slots: &[u32]) -> Vec<(u32, u64)> {
        slots
            .iter()
            .map(|&s| (s, self.members[s as usize].doc_key))
            .collect()
    }

    /// Places the article whose document key is `doc_key`, text `text` (lede and body) and band
    /// keys `band_keys` (from [`Lsh::band_keys`]), and remembers it for the articles that
    /// follow.
    ///
    /// `fetch` gives the shingle set ([`super::shingles::shingles`]) of an earlier article by
    /// document key, or `None` when its text cannot be read (it was deleted): such a member is
    /// left out. The article's own shingle set is built only when it has candidates.
    ///
    /// **Merges.** Which cluster a copy joins depends on the order copies arrive in: of the
    /// versions of a page updated through the day, one that copies the first version but not
    /// a second, near-miss one is refused, starts its own cluster, and the versions after it
    /// join one cluster or the other. So when the article joins a cluster and also copies a
    /// member of another one, the two are merged if the pairs between them hold more than
    /// [`DEFAULT_MERGE_RATIO`] times as many copies as non-copies: the pairs of the article
    /// with the other cluster's members (compared already), and of up to [`MERGE_SIDE`]
    /// members of each cluster — the rule an article joins by, applied to two clusters, with
    /// a stricter ratio. The cluster the article joined keeps its id; the article is written
    /// with the merged ids too.
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
        let mut v = Verifier {
            fetch,
            text,
            own: None,
            sets: HashMap::new(),
            against: HashMap::new(),
            verified: 0,
        };
        let mut clusters: Vec<(u64, u32)> = Vec::new();
        for &(slot, _) in ranked.iter().take(MAX_VERIFIED) {
            let m = self.members[slot as usize];
            if v.against(slot, m.doc_key)
                .is_some_and(|c| c >= self.threshold)
                && !clusters.iter().any(|&(c, _)| c == m.cluster)
            {
                clusters.push((m.cluster, slot));
            }
        }
        let mut evals: Vec<Evaluation> = Vec::with_capacity(clusters.len());
        for (cl, first) in clusters {
            let mut list = self.members_of(first);
            // Candidates of the cluster first (they are verified already), then the others.
            list.sort_by_key(|s| !tried.contains(s));
            let mut e = Evaluation {
                cluster: cl,
                copied: 0,
                not: 0,
                best: 0.0,
                best_key: 0,
                first,
            };
            for (s, key) in self.keyed(&list).into_iter().take(MEMBERS_CHECKED) {
                match v.against(s, key) {
                    Some(c) if c >= self.threshold => {
                        e.copied += 1;
                        if c > e.best {
                            e.best = c;
                            e.best_key = key;
                        }
                    }
                    Some(_) => e.not += 1,
                    None => {}
                }
            }
            evals.push(e);
        }
        // More than twice as many copies as non-copies among the members compared: the join
        // then creates at most one wrong pair for two right ones, and rarely any.
        let mut choice: Option<(usize, i64)> = None;
        for (i, e) in evals.iter().enumerate() {
            let score = e.copied - JOIN_RATIO * e.not;
            if e.copied == 0 || (e.not > 0 && score <= 0) {
                continue;
            }
            let better = match choice {
                None => true,
                Some((j, sc)) => {
                    let o = &evals[j];
                    (score, e.best, std::cmp::Reverse(e.cluster))
                        > (sc, o.best, std::cmp::Reverse(o.cluster))
                }
            };
            if better {
                choice = Some((i, score));
            }
        }
        let (cluster, copies) = match choice {
            Some((i, _)) => (evals[i].cluster, Some((evals[i].best_key, evals[i].best))),
            None => (doc_key, None),
        };
        let slot = self.members.len() as u32;
        self.members.push(Member { cluster, doc_key });
        let mut merges = 0;
        if let Some((i, _)) = choice {
            let first = evals[i].first;
            let list = self.clusters.entry(cluster).or_insert_with(|| vec![first]);
            list.push(slot);
            for e in evals
                .iter()
                .filter(|e| e.cluster != cluster && e.copied > 0)
            {
                if self.linked(&mut v, cluster, slot, e) {
                    self.merge(cluster, e);
                    merges += 1;
                }
            }
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
        let merged = self.merged.get(&cluster).map_or(Vec::new(), |ids| {
            // The latest merges are the ones fewest articles record yet.
            ids.iter().rev().take(MAX_IDS - 1).copied().collect()
        });
        Assignment {
            cluster,
            merged,
            copies,
            merges,
            candidates: ranked.len(),
            verified: v.verified,
        }
    }

    /// Whether the cluster `e` stands for is to merge into `cluster`, which the new article
    /// (in `slot`) has just joined: more than the merge ratio times as many copies as
    /// non-copies among the pairs across, the new article's and those of up to [`MERGE_SIDE`]
    /// members of each side.
    fn linked(&self, v: &mut Verifier<'_>, cluster: u64, slot: u32, e: &Evaluation) -> bool {
        if !self.merge_ratio.is_finite() {
            return false;
        }
        let (mut copied, mut not) = (e.copied, e.not);
        let ours: Vec<u32> = match self.clusters.get(&cluster) {
            Some(l) => l.iter().copied().filter(|&s| s != slot).collect(),
            None => Vec::new(),
        };
        let ours = self.keyed(&ours);
        let theirs = self.keyed(&self.members_of(e.first));
        for &a in ours.iter().take(MERGE_SIDE) {
            for &b in theirs.iter().take(MERGE_SIDE) {
                match v.between(a, b) {
                    Some(c) if c >= self.threshold => copied += 1,
                    Some(_) => not += 1,
                    None => {}
                }
            }
        }
        copied as f64 > self.merge_ratio * not as f64
    }

    /// Moves the members of the cluster `e` stands for into `into`, which keeps its id.
    fn merge(&mut self, into: u64, e: &Evaluation) {
        let from = self.members[e.first as usize].cluster;
        let list = self.clusters.remove(&from).unwrap_or_else(|| vec![e.first]);
        for &s in &list {
            self.members[s as usize].cluster = into;
        }
        self.clusters.entry(into).or_default().extend(list);
        let mut ids = self.merged.remove(&from).unwrap_or_default();
        ids.push(from);
        self.merged.entry(into).or_default().extend(ids);
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

    /// K1..K3 copy each other; B copies K1 and K3 but not K2, which has a long addition,
    /// so it is refused (two copies to one non-copy) and starts its own cluster; K4 joins K.
    fn refused_copy(w: &mut World) -> String {
        let p = text(30, 300);
        assert_eq!(w.add(p.clone()).cluster, 0);
        assert_eq!(w.add(format!("{p} {}", text(31, 100))).cluster, 0);
        assert_eq!(w.add(format!("{p} {}", text(32, 10))).cluster, 0);
        let b = w.add(format!("{p} {}", text(33, 100)));
        assert_eq!((b.cluster, b.merges), (3, 0), "{b:?}");
        // K4 copies all: across K and B three copies to one non-copy is not more than 3:1.
        let k4 = w.add(format!("{p} {}", text(35, 10)));
        assert_eq!((k4.cluster, k4.merges), (0, 0), "{k4:?}");
        p
    }

    #[test]
    fn a_later_copy_merges_a_cluster_that_refused_an_earlier_one() {
        let mut w = World::new();
        let p = refused_copy(&mut w);
        // X copies all five: it joins K, and the pairs across K and B are four copies to one
        // non-copy (K2, B), so B's cluster merges into K's, which keeps its id.
        let x = w.add(format!("{p} {}", text(34, 10)));
        assert_eq!(
            (x.cluster, x.merges, x.merged.clone()),
            (0, 1, vec![3]),
            "{x:?}"
        );
        assert!(w.c.members().iter().all(|m| m.cluster == 0));
        // A copy of B alone now joins the merged cluster.
        let b2 = w.add(format!("{p} {}", text(33, 100)));
        assert_eq!((b2.cluster, b2.merged), (0, vec![3]));
    }

    #[test]
    fn clusters_stay_apart_when_the_pairs_across_are_not_copies() {
        // S, then X = S + T1 and Y = S + T2, copies of S but not of each other: Y starts its
        // own cluster; Z = S + a line copies all three, joins {S, X}, and does not merge Y in
        // (across: Z-Y and S-Y copies, X-Y not: two to one is not more than twice).
        let mut w = World::new();
        let s = text(40, 300);
        w.add(s.clone());
        w.add(format!("{s} {}", text(41, 100)));
        assert_eq!(w.add(format!("{s} {}", text(42, 100))).cluster, 2);
        let z = w.add(format!("{s} {}", text(43, 5)));
        assert_eq!((z.cluster, z.merges), (0, 0), "{z:?}");
    }

    #[test]
    fn a_merge_read_back_from_the_index_holds() {
        let mut w = World::new();
        let p = refused_copy(&mut w);
        w.add(format!("{p} {}", text(34, 10)));
        // The ids each article was written with: B (key 3) its own, X (key 5) both.
        let written: [&[u64]; 6] = [&[0], &[0], &[0], &[3], &[0], &[0, 3]];
        let mut c = Clusterer::new(DEFAULT_LSH, DEFAULT_THRESHOLD);
        let lsh = c.lsh();
        for (k, ids) in written.iter().enumerate() {
            c.add_existing(
                k as u64,
                ids,
                &lsh.band_keys(&lsh.text_signature(&w.texts[k])),
            );
        }
        c.loaded();
        assert!(c.members().iter().all(|m| m.cluster == 0));
        let t = format!("{p} {}", text(33, 100));
        let texts = w.texts.clone();
        let mut fetch = |k: u64| texts.get(k as usize).map(|t| shingles(t));
        let a = c.assign(9, &t, &lsh.band_keys(&lsh.text_signature(&t)), &mut fetch);
        assert_eq!((a.cluster, a.merged), (0, vec![3]));
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
