//! Shingle sets → MinHash signatures → LSH band keys: how an article finds the earlier
//! articles it may copy without being compared with every one of them.
//!
//! The signature is a *one-permutation* MinHash (Li, Owen & Zhang 2012): each shingle hash is
//! sent to one of `k` bins by its high bits and each bin keeps the least low bits it received,
//! so a signature costs one pass over the shingles instead of `k` hash functions per shingle.
//! Empty bins (short articles) borrow the value of a bin chosen by a hash of the bin and the
//! attempt ("optimal densification", Shrivastava 2017), which keeps the probability that two
//! articles agree in a bin close to their Jaccard similarity.
//!
//! The `k = bands × rows` values are cut into bands; a band key hashes a band's values with its
//! number. Two articles with Jaccard similarity `J` share at least one band key with
//! probability `1 − (1 − J^rows)^bands` (the S-curve of LSH): see [`Lsh::candidate_probability`].
//!
//! No crate is used: the ones on crates.io (gaoya, datasketch-minhash-lsh) keep whole
//! signatures and caller ids in hash maps per band, which is several times the memory the
//! candidate table needs at a million articles (see `table`), and they bring a dozen
//! dependencies for what is thirty lines here.

use super::shingles::mix64;

/// The banding of a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lsh {
    /// Band keys per article.
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
}

impl Lsh {
    /// The signature length.
    pub fn k(&self) -> usize {
        self.bands * self.rows
    }

    /// The probability that two articles of Jaccard similarity `j` share a band key.
    pub fn candidate_probability(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// The MinHash signature of a set of shingle hashes, given in any order and with repeats
    /// (empty for an empty set).
    pub fn signature(&self, shingles: impl IntoIterator<Item = u64>) -> Vec<u32> {
        let mut bins = Bins::new(self.k());
        for h in shingles {
            bins.add(h);
        }
        bins.finish()
    }

    /// The signature of the shingles of `text`, without building the shingle set.
    pub fn text_signature(&self, text: &str) -> Vec<u32> {
        let mut bins = Bins::new(self.k());
        super::shingles::for_each_shingle(text, |h| bins.add(h));
        bins.finish()
    }

    /// The band keys of a signature: one 64-bit key per band, mixing the band's number in, so
    /// equal values in different bands make different keys.
    pub fn band_keys(&self, signature: &[u32]) -> Vec<u64> {
        signature
            .chunks(self.rows.max(1))
            .take(self.bands)
            .enumerate()
            .map(|(b, rows)| {
                let mut h = mix64(0x9e37_79b9_7f4a_7c15 ^ b as u64);
                for &v in rows {
                    h = mix64(h ^ u64::from(v));
                }
                h
            })
            .collect()
    }
}

/// The `k` bins of a one-permutation MinHash being filled.
struct Bins {
    mins: Vec<u32>,
    filled: Vec<bool>,
    any: bool,
}

impl Bins {
    fn new(k: usize) -> Bins {
        Bins {
            mins: vec![u32::MAX; k],
            filled: vec![false; k],
            any: false,
        }
    }

    #[inline]
    fn add(&mut self, h: u64) {
        let k = self.mins.len() as u64;
        if k == 0 {
            return;
        }
        // The shingle hashes are mixed: the high half picks the bin, the low half is the
        // value (Lemire's multiply-shift maps onto 0..k without a division).
        let bin = (((h >> 32) * k) >> 32) as usize;
        let v = h as u32;
        if v <= self.mins[bin] {
            self.mins[bin] = v;
            self.filled[bin] = true;
        }
        self.any = true;
    }

    /// The signature: empty bins borrow from filled ones (densification).
    fn finish(self) -> Vec<u32> {
        let k = self.mins.len();
        if !self.any || k == 0 {
            return Vec::new();
        }
        let mut out = self.mins.clone();
        for (i, slot) in out.iter_mut().enumerate() {
            if self.filled[i] {
                continue;
            }
            // Some bin is filled (the set is not empty), so this ends; expected attempts are
            // k / filled bins.
            let mut attempt = 0u64;
            loop {
                let j = (((mix64(((i as u64) << 32) ^ attempt) >> 32) * k as u64) >> 32) as usize;
                if self.filled[j] {
                    *slot = self.mins[j];
                    break;
                }
                attempt += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::shingles::shingles;
    use super::*;

    const LSH: Lsh = Lsh { bands: 16, rows: 3 };

    fn words(n: usize, offset: usize) -> String {
        (offset..offset + n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn equal_sets_agree_everywhere_and_disjoint_ones_nowhere() {
        let a = shingles(&words(300, 0));
        let b = shingles(&words(300, 10_000));
        let sa = LSH.signature(a.iter().copied());
        assert_eq!(sa.len(), 48);
        assert_eq!(sa, LSH.signature(a.iter().copied()));
        assert_eq!(
            LSH.band_keys(&sa),
            LSH.band_keys(&LSH.signature(a.iter().copied()))
        );
        let sb = LSH.signature(b.iter().copied());
        assert!(sa.iter().zip(&sb).all(|(x, y)| x != y));
        assert!(LSH.signature([]).is_empty());
    }

    #[test]
    fn agreement_follows_jaccard() {
        // 1,000 shingles each, 600 shared: J = 600 / 1400 ≈ 0.43. Averaged over 200 shifted
        // vocabularies, the share of agreeing values is J within a few points.
        let mut agree = 0usize;
        let mut total = 0usize;
        for t in 0..200 {
            let base = t * 100_000;
            let a = shingles(&words(1004, base));
            let b = shingles(&words(1004, base + 400));
            let (sa, sb) = (
                LSH.signature(a.iter().copied()),
                LSH.signature(b.iter().copied()),
            );
            agree += sa.iter().zip(&sb).filter(|(x, y)| x == y).count();
            total += sa.len();
        }
        let rate = agree as f64 / total as f64;
        assert!((rate - 600.0 / 1400.0).abs() < 0.03, "{rate}");
    }

    #[test]
    fn short_texts_are_densified() {
        // Three shingles fill at most three of 48 bins; the others borrow, and a copy of the
        // text borrows the same way.
        let a = shingles("the quick brown fox jumps over the");
        assert_eq!(a.len(), 3);
        let s = LSH.signature(a.iter().copied());
        assert!(s.iter().all(|v| *v != u32::MAX));
        assert_eq!(s, LSH.text_signature("The quick, brown fox jumps over THE"));
    }

    #[test]
    fn s_curve() {
        assert!(LSH.candidate_probability(0.9) > 0.999);
        assert!(LSH.candidate_probability(0.05) < 0.01);
    }
}
