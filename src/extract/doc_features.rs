//! Pass-2 document features: what the first pass said about the same word elsewhere in the
//! article and about the neighbouring tokens.

use super::features::{T_DLOW, T_DMAJ, T_DNB, is_cap, seed, with_lower};
use super::hash::{FoldMap, hash_num};
use super::labels::Label;

/// Pass-2 document features of one token: small codes per slot (majority type elsewhere,
/// lower-case use, previous and next pass-1 type), 0 = absent. Codes stay below 32 so the
/// model keeps their weights in a dense table.
pub type DocFeats = [u8; 4];

/// Number of [`DocFeats`] slots.
pub(super) const SLOTS: usize = 4;
/// Codes per slot in the dense table.
pub(super) const CODES: usize = 32;

/// Document features for pass 2, per token: the majority pass-1 entity type of the same word
/// elsewhere in the text, whether the word also appears in lower case, and the pass-1 types
/// of the neighbours (within the sentence).
pub fn doc_feats(words: &[&str], labels: &[Label], sent_start: &[bool]) -> Vec<DocFeats> {
    let ty = |l: Label| l.kind().map_or(0, |k| k as usize + 1);
    // Per capitalised word (a slot): its pass-1 type counts and the index of its lower-case
    // form; per token its slot. Only those forms are then looked for among the lower-case
    // words: a lookup in a small table per token is much cheaper than collecting every
    // lower-case word of the text. The tables hash with foldhash (the byte-at-a-time
    // `FxHasher` and a second lookup per capitalised token were most of this function).
    let mut slot_of: FoldMap<&str, u32> = FoldMap::default();
    let mut slots: Vec<([u32; 5], usize)> = Vec::new();
    let mut lows: FoldMap<String, usize> = FoldMap::default();
    let mut token_slot: Vec<u32> = Vec::with_capacity(words.len());
    for (w, &l) in words.iter().zip(labels) {
        if !is_cap(w) {
            token_slot.push(NO_SLOT);
            continue;
        }
        let slot = match slot_of.get(w) {
            Some(&k) => k,
            None => {
                let n = lows.len();
                let low = with_lower(w, |low| match lows.get(low) {
                    Some(&i) => i,
                    None => {
                        lows.insert(low.to_string(), n);
                        n
                    }
                });
                let k = slots.len() as u32;
                slots.push(([0; 5], low));
                slot_of.insert(w, k);
                k
            }
        };
        slots[slot as usize].0[ty(l)] += 1;
        token_slot.push(slot);
    }
    let mut seen_lower = vec![false; lows.len()];
    if !lows.is_empty() {
        // Most lower-case words are none of those forms: a 4,096-bit filter on first byte,
        // last byte and length turns them away before the table lookup.
        let mut filter = [0u64; 64];
        for k in lows.keys() {
            let b = word_bucket(k);
            filter[b / 64] |= 1 << (b % 64);
        }
        for (w, &slot) in words.iter().zip(&token_slot) {
            let b = word_bucket(w);
            if filter[b / 64] & (1 << (b % 64)) != 0
                && slot == NO_SLOT
                && let Some(&i) = lows.get(*w)
            {
                seen_lower[i] = true;
            }
        }
    }
    let mut out = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let mut f: DocFeats = [0; SLOTS];
        if let Some((c, low)) = token_slot.get(i).and_then(|&k| slots.get(k as usize)) {
            let mut c = *c;
            let own = ty(labels.get(i).copied().unwrap_or(Label::O));
            c[own] = c[own].saturating_sub(1);
            let best = (1..5).max_by_key(|&t| (c[t], 5 - t)).unwrap_or(0);
            let v = if c[best] == 0 { 0 } else { best };
            let others: u32 = c.iter().sum();
            f[0] = (v * 4 + others.min(3) as usize) as u8 + 1;
            f[1] = seen_lower[*low] as u8 + 1;
        }
        let prev = if i > 0 && !sent_start[i] {
            ty(labels[i - 1])
        } else {
            9
        };
        let next = if i + 1 < words.len() && !sent_start[i + 1] {
            ty(labels[i + 1])
        } else {
            9
        };
        f[2] = prev as u8 + 1;
        f[3] = next as u8 + 1;
        out.push(f);
    }
    out
}

/// The slot of a token that is no capitalised word.
const NO_SLOT: u32 = u32::MAX;

/// A bucket in 0..4096 from a word's first byte, last byte and length.
fn word_bucket(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let h = (first.unwrap_or(0) as usize * 131 + last.unwrap_or(0) as usize) * 131 + b.len();
    h & 4095
}

/// The feature hash of document-feature `slot` with `code` (as trained).
pub(super) fn doc_hash(slot: usize, code: u8) -> u64 {
    let c = code.saturating_sub(1) as u64;
    match slot {
        0 => hash_num(seed(T_DMAJ, 0), c),
        1 => hash_num(seed(T_DLOW, 0), c),
        2 => hash_num(seed(T_DNB, -1), c),
        _ => hash_num(seed(T_DNB, 1), c),
    }
}
