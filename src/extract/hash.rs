//! Hashing for the tagger: the feature hash functions (every feature is a 64-bit hash of its
//! template, window offset and value) and the hashers of the tagger's tables.
//!
//! The feature hashes are part of the model file format: changing them invalidates the
//! shipped weights.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// An identity hasher: the keys are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A fast non-cryptographic string hasher (FxHash-like); inputs are not adversarial enough
/// to matter for a per-thread cache and static gazetteers.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        fmix(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for ch in bytes.chunks(8) {
            self.0 = (self.0.rotate_left(5) ^ le_word(ch)).wrapping_mul(0x517cc1b727220a95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517cc1b727220a95);
    }
}

/// Hash map with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// Hash set with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;
/// Hash map with foldhash, faster than [`FxMap`] on string keys (it hashes 8 bytes at a time
/// with a better mix) and as deterministic.
pub type FoldMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
/// Hash map keyed by feature hashes.
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// The MurmurHash3 finaliser: mixes all bits of `h`.
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^ (h >> 33)
}

/// Hash of a byte string under `seed` (a feature template and offset, see
/// [`super::features`]).
pub fn hash_bytes(seed: u64, b: &[u8]) -> u64 {
    let mut h = seed.wrapping_mul(0x9E3779B97F4A7C15) ^ (b.len() as u64);
    for ch in b.chunks(8) {
        h = (h ^ le_word(ch))
            .wrapping_mul(0x100000001b3)
            .rotate_left(29);
    }
    fmix(h)
}

/// Up to 8 bytes as a little-endian number, missing high bytes zero: a full chunk in one
/// load instead of a loop over its bytes (the same value, so the same hashes).
fn le_word(ch: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(ch) {
        Ok(full) => u64::from_le_bytes(full),
        Err(_) => {
            let mut w = 0u64;
            for (i, &x) in ch.iter().enumerate() {
                w |= (x as u64) << (8 * i);
            }
            w
        }
    }
}

/// Hash of a number under `seed`.
pub fn hash_num(seed: u64, n: u64) -> u64 {
    fmix(seed.wrapping_mul(0x9E3779B97F4A7C15) ^ n.wrapping_mul(0xD6E8FEB86659FD93))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `le_word` is the byte loop it replaced, for every chunk length.
    #[test]
    fn le_word_is_the_byte_loop() {
        let bytes = b"\x01\x80\xffabc\x7fZ";
        for n in 0..=8 {
            let ch = &bytes[..n];
            let mut w = 0u64;
            for (i, &x) in ch.iter().enumerate() {
                w |= (x as u64) << (8 * i);
            }
            assert_eq!(le_word(ch), w, "{n}");
        }
    }
}
