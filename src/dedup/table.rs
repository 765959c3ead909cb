//! The candidate table: band key → the articles that have it, in 6 bytes an entry.
//!
//! At a million articles and 24 band keys each the table holds 24 million entries, so it is
//! built for memory first. An entry is a 32-bit fingerprint of the band key and a 32-bit member
//! slot. Most entries sit in sorted arrays, bucketed by the fingerprint's top 16 bits through a
//! directory of bucket starts, so an entry stores only the low 16 bits of its fingerprint (two
//! bytes) beside its slot (four): a lookup binary-searches one bucket. New entries go to a
//! small hash table (`fresh`, 1 MB), merged into the arrays from their end when it fills,
//! which needs no second copy of the arrays. A fingerprint can collide (about
//! `entries / 2³²` per lookup, 0.6% at 24 million): candidates are always verified on the
//! text, so a collision costs one verification, never a wrong cluster.

/// Entries the fresh table takes before it is merged into the sorted arrays.
const FRESH_MAX: usize = 1 << 16;

/// Slots of the fresh table (load at most one half).
const FRESH_SLOTS: usize = FRESH_MAX * 2;

/// An empty slot of the fresh table.
const EMPTY: u64 = u64::MAX;

/// Bits of the fingerprint that pick a bucket (the directory has `2^BUCKET_BITS + 1` starts).
const BUCKET_BITS: u32 = 16;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// Band key → member slots.
#[derive(Debug, Default)]
pub struct CandidateTable {
    /// Low 16 bits of each sorted entry's fingerprint.
    low: Vec<u16>,
    /// Each sorted entry's member slot.
    slots: Vec<u32>,
    /// `dir[b]..dir[b + 1]` are the sorted entries of bucket `b` (empty until the first merge).
    dir: Vec<u32>,
    /// Entries not merged yet, `fingerprint << 32 | slot`: an open-addressing table (linear
    /// probing by fingerprint) of [`FRESH_SLOTS`] slots, allocated on the first insert.
    fresh: Vec<u64>,
    fresh_len: usize,
}

fn fingerprint(key: u64) -> u32 {
    // Band keys are mixed hashes: the high half is as good as any.
    (key >> 32) as u32
}

fn bucket(fp: u32) -> usize {
    (fp >> (32 - BUCKET_BITS)) as usize
}

impl CandidateTable {
    /// An empty table.
    pub fn new() -> CandidateTable {
        CandidateTable::default()
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.slots.len() + self.fresh_len
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of memory the table uses (capacity, not length).
    pub fn memory_bytes(&self) -> usize {
        self.low.capacity() * 2
            + self.slots.capacity() * 4
            + self.dir.capacity() * 4
            + self.fresh.capacity() * 8
    }

    /// Records that the member in `slot` has band key `key`.
    pub fn insert(&mut self, key: u64, slot: u32) {
        if self.fresh.is_empty() {
            self.fresh = vec![EMPTY; FRESH_SLOTS];
        }
        let fp = fingerprint(key);
        let mut i = fresh_home(fp);
        while self.fresh[i] != EMPTY {
            i = (i + 1) & (FRESH_SLOTS - 1);
        }
        self.fresh[i] = u64::from(fp) << 32 | u64::from(slot);
        self.fresh_len += 1;
        if self.fresh_len >= FRESH_MAX {
            self.merge();
        }
    }

    /// Appends to `out` the slots recorded under `key` (and, rarely, under a key with the same
    /// fingerprint).
    pub fn lookup(&self, key: u64, out: &mut Vec<u32>) {
        let fp = fingerprint(key);
        if !self.dir.is_empty() {
            let b = bucket(fp);
            let (lo, hi) = (self.dir[b] as usize, self.dir[b + 1] as usize);
            let low = fp as u16;
            let run = &self.low[lo..hi];
            let start = run.partition_point(|&x| x < low);
            for (k, &x) in run[start..].iter().enumerate() {
                if x != low {
                    break;
                }
                out.push(self.slots[lo + start + k]);
            }
        }
        if self.fresh_len > 0 {
            let mut i = fresh_home(fp);
            while self.fresh[i] != EMPTY {
                if (self.fresh[i] >> 32) as u32 == fp {
                    out.push(self.fresh[i] as u32);
                }
                i = (i + 1) & (FRESH_SLOTS - 1);
            }
        }
    }

    /// Merges the fresh entries into the sorted arrays, in place from their end, bucket by
    /// bucket from the last, rebuilding the directory on the way.
    fn merge(&mut self) {
        if self.fresh_len == 0 {
            return;
        }
        let mut fresh: Vec<u64> = self.fresh.iter().copied().filter(|e| *e != EMPTY).collect();
        fresh.sort_unstable();
        let n = self.slots.len();
        let m = fresh.len();
        // Grow by what is needed only: doubling would leave up to half the arrays unused.
        self.low.reserve_exact(m);
        self.low.resize(n + m, 0);
        self.slots.reserve_exact(m);
        self.slots.resize(n + m, 0);
        let old_dir = std::mem::take(&mut self.dir);
        let mut dir = vec![0u32; BUCKETS + 1];
        dir[BUCKETS] = (n + m) as u32;
        let (mut i, mut j, mut w) = (n, m, n + m);
        for b in (0..BUCKETS).rev() {
            let lo = old_dir.get(b).map_or(0, |&x| x as usize);
            loop {
                let f = (j > 0 && bucket((fresh[j - 1] >> 32) as u32) == b).then(|| fresh[j - 1]);
                let frozen = (i > lo).then(|| self.low[i - 1]);
                let take_fresh = match (f, frozen) {
                    (None, None) => break,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (Some(e), Some(x)) => ((e >> 32) as u16) >= x,
                };
                w -= 1;
                if take_fresh {
                    let e = fresh[j - 1];
                    self.low[w] = (e >> 32) as u16;
                    self.slots[w] = e as u32;
                    j -= 1;
                } else {
                    self.low[w] = self.low[i - 1];
                    self.slots[w] = self.slots[i - 1];
                    i -= 1;
                }
            }
            dir[b] = w as u32;
        }
        self.dir = dir;
        self.fresh.fill(EMPTY);
        self.fresh_len = 0;
    }

    /// Merges pending entries (after a bulk load, so that lookups stay fast).
    pub fn compact(&mut self) {
        self.merge();
    }
}

/// Where a fingerprint's probe sequence starts in the fresh table.
fn fresh_home(fp: u32) -> usize {
    // Multiplied, so that fingerprints of one bucket (same high bits) spread out too.
    (fp.wrapping_mul(0x9e37_79b1) >> (32 - FRESH_SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::shingles::mix64;

    #[test]
    fn finds_every_slot_of_a_key_across_merges() {
        let mut t = CandidateTable::new();
        // Enough entries for several merges.
        let n = 3 * FRESH_MAX as u32 + 17;
        for s in 0..n {
            t.insert(mix64(u64::from(s % 1000)), s);
        }
        assert_eq!(t.len(), n as usize);
        for k in [0u32, 1, 999, 500] {
            let mut out = Vec::new();
            t.lookup(mix64(u64::from(k)), &mut out);
            out.sort_unstable();
            let want: Vec<u32> = (0..n).filter(|s| s % 1000 == k).collect();
            assert_eq!(out, want);
        }
        let mut none = Vec::new();
        t.lookup(mix64(123_456), &mut none);
        assert!(none.is_empty());
        t.compact();
        let mut out = Vec::new();
        t.lookup(mix64(7), &mut out);
        assert_eq!(
            out.len(),
            (n as usize).div_ceil(1000) - usize::from(n % 1000 <= 7)
        );
        assert!(t.memory_bytes() >= t.len() * 6);
        assert!(t.memory_bytes() < t.len() * 6 + (3 << 20));
    }

    #[test]
    fn keys_of_one_bucket_stay_apart() {
        // Same top 16 bits of the fingerprint, different low bits: one bucket, sorted by the
        // stored low half, across a merge and in the fresh table.
        let key = |low: u64| (7u64 << 48) | (low << 32) | 0xdead;
        let mut t = CandidateTable::new();
        for s in 0..FRESH_MAX as u32 {
            t.insert(key(u64::from(s % 50)), s);
        }
        t.insert(key(3), 999_999);
        for low in [0u64, 3, 49] {
            let mut out = Vec::new();
            t.lookup(key(low), &mut out);
            let expect = FRESH_MAX / 50 + usize::from((low as usize) < FRESH_MAX % 50);
            assert_eq!(out.len(), expect + usize::from(low == 3), "{low}");
        }
        let mut none = Vec::new();
        t.lookup(key(50), &mut none);
        assert!(none.is_empty());
    }
}
