//! Word clustering by the exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney
//! 1998): items (words, or clusters of words) are moved one at a time to the class that most
//! increases the likelihood of a class bigram model,
//! `Σ f(N(c,d)) − Σ f(N(c,·)) − Σ f(N(·,d))` with `f(n) = n ln n`.
//!
//! Deterministic: items are visited in the given order, ties keep the current class or go to
//! the lowest class id, and nothing is random.

/// Bigram counts between items `0..n`: per item its successors and predecessors with counts.
#[derive(Debug, Default)]
pub struct Bigrams {
    /// `out[i]`: `(j, count)` of the bigrams `i j`, sorted by `j`.
    pub out: Vec<Vec<(u32, u64)>>,
    /// `inn[j]`: `(i, count)` of the bigrams `i j`, sorted by `i`.
    pub inn: Vec<Vec<(u32, u64)>>,
}

impl Bigrams {
    /// Bigrams from `(i, j, count)` triples over `n` items.
    pub fn from_triples(n: usize, triples: impl IntoIterator<Item = (u32, u32, u64)>) -> Bigrams {
        let mut out = vec![Vec::new(); n];
        let mut inn = vec![Vec::new(); n];
        for (i, j, c) in triples {
            if c > 0 {
                out[i as usize].push((j, c));
                inn[j as usize].push((i, c));
            }
        }
        for v in out.iter_mut().chain(inn.iter_mut()) {
            v.sort_unstable();
            v.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
        }
        Bigrams { out, inn }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
}

/// `n ln n`, from a table for small counts (the common case).
struct NLogN {
    table: Vec<f64>,
}

impl NLogN {
    fn new() -> NLogN {
        let table = (0..1u64 << 16)
            .map(|n| {
                if n == 0 {
                    0.0
                } else {
                    n as f64 * (n as f64).ln()
                }
            })
            .collect();
        NLogN { table }
    }
    #[inline]
    fn f(&self, n: u64) -> f64 {
        match self.table.get(n as usize) {
            Some(&x) => x,
            None => n as f64 * (n as f64).ln(),
        }
    }
}

/// Clusters the items of `b` into `k` classes; `order` lists the items to visit (most frequent
/// first), each once per iteration. Returns the class of every item and the number of moves in
/// the last iteration. Items missing from `order` stay in class 0 and are never moved.
pub fn exchange(b: &Bigrams, order: &[u32], k: usize, iterations: usize, log: bool) -> Vec<u32> {
    let n = b.len();
    let k = k.max(1);
    let mut class = vec![0u32; n];
    for (rank, &w) in order.iter().enumerate() {
        class[w as usize] = (rank % k) as u32;
    }
    let left_tot: Vec<u64> = b.out.iter().map(|v| v.iter().map(|x| x.1).sum()).collect();
    let right_tot: Vec<u64> = b.inn.iter().map(|v| v.iter().map(|x| x.1).sum()).collect();
    let mut nn = vec![0u64; k * k];
    let mut nl = vec![0u64; k];
    let mut nr = vec![0u64; k];
    for i in 0..n {
        let ci = class[i] as usize;
        nl[ci] += left_tot[i];
        nr[ci] += right_tot[i];
        for &(j, c) in &b.out[i] {
            nn[ci * k + class[j as usize] as usize] += c;
        }
    }
    let fl = NLogN::new();
    let mut r = vec![0u64; k];
    let mut l = vec![0u64; k];
    let mut nz_r: Vec<usize> = Vec::new();
    let mut nz_l: Vec<usize> = Vec::new();
    for it in 0..iterations {
        let mut moves = 0usize;
        for &w in order {
            let w = w as usize;
            let a = class[w] as usize;
            // counts of w with each class, itself left out
            let mut s = 0u64;
            for &(v, c) in &b.out[w] {
                if v as usize == w {
                    s += c;
                    continue;
                }
                let x = class[v as usize] as usize;
                if r[x] == 0 {
                    nz_r.push(x);
                }
                r[x] += c;
            }
            for &(u, c) in &b.inn[w] {
                if u as usize == w {
                    continue;
                }
                let x = class[u as usize] as usize;
                if l[x] == 0 {
                    nz_l.push(x);
                }
                l[x] += c;
            }
            // take w out of a
            for &x in &nz_r {
                nn[a * k + x] -= r[x];
            }
            for &x in &nz_l {
                nn[x * k + a] -= l[x];
            }
            nn[a * k + a] -= s;
            nl[a] -= left_tot[w];
            nr[a] -= right_tot[w];
            // the best class to put it in
            let (lt, rt) = (left_tot[w], right_tot[w]);
            let gain = |c: usize| -> f64 {
                let mut g = 0.0;
                for &x in &nz_r {
                    if x != c {
                        let v = nn[c * k + x];
                        g += fl.f(v + r[x]) - fl.f(v);
                    }
                }
                for &x in &nz_l {
                    if x != c {
                        let v = nn[x * k + c];
                        g += fl.f(v + l[x]) - fl.f(v);
                    }
                }
                let v = nn[c * k + c];
                g += fl.f(v + r[c] + l[c] + s) - fl.f(v);
                g -= fl.f(nl[c] + lt) - fl.f(nl[c]);
                g -= fl.f(nr[c] + rt) - fl.f(nr[c]);
                g
            };
            let mut best = a;
            let mut best_gain = gain(a);
            for c in 0..k {
                if c != a {
                    let g = gain(c);
                    if g > best_gain + 1e-9 {
                        best_gain = g;
                        best = c;
                    }
                }
            }
            // put it in best
            for &x in &nz_r {
                nn[best * k + x] += r[x];
            }
            for &x in &nz_l {
                nn[x * k + best] += l[x];
            }
            nn[best * k + best] += s;
            nl[best] += lt;
            nr[best] += rt;
            if best != a {
                class[w] = best as u32;
                moves += 1;
            }
            for &x in &nz_r {
                r[x] = 0;
            }
            for &x in &nz_l {
                l[x] = 0;
            }
            nz_r.clear();
            nz_l.clear();
        }
        if log {
            eprintln!("clusters ({k}): iteration {it}, {moves} moves");
        }
        if moves == 0 {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two kinds of words that never mix ("the X", "to Y") end in two classes.
    #[test]
    fn separates_distributions() {
        // items: 0 the, 1 a, 2 to, 3 will, 4..8 nouns, 8..12 verbs
        let mut t = Vec::new();
        for det in [0u32, 1] {
            for noun in 4..8 {
                t.push((det, noun, 5));
                t.push((noun, 2 + det % 2, 3));
            }
        }
        for modal in [2u32, 3] {
            for verb in 8..12 {
                t.push((modal, verb, 5));
                t.push((verb, det_of(verb), 3));
            }
        }
        fn det_of(v: u32) -> u32 {
            v % 2
        }
        let b = Bigrams::from_triples(12, t);
        let order: Vec<u32> = (0..12).collect();
        let c = exchange(&b, &order, 4, 20, false);
        assert!((4..8).all(|x| c[x] == c[4]), "{c:?}");
        assert!((8..12).all(|x| c[x] == c[8]), "{c:?}");
        assert_ne!(c[4], c[8]);
        // deterministic
        assert_eq!(c, exchange(&b, &order, 4, 20, false));
    }
}
