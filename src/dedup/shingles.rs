//! Text → the set of its 5-word shingles, and the containment of one set in another: the
//! exact measure that clusters are verified with (issue 17 defines near-duplicates by it).
//!
//! Words are maximal runs of letters and digits, lower-cased, so punctuation, spacing and case
//! do not make two copies differ; a shingle is five consecutive words, and an article of fewer
//! words has one shingle made of all of them. Shingles are kept as 64-bit hashes, sorted and
//! without repeats: two different shingles of two articles collide with probability about
//! 2⁻⁶⁴ per pair, so containment computed on hashes is the containment of the shingles.

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;

/// A 64-bit finaliser (the `fmix64` step of MurmurHash3): spreads every input bit over the
/// whole output, which both the set and the MinHash bins rely on.
#[inline]
pub fn mix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Byte classes for the ASCII fast path: the lower-cased byte of a letter or digit, 0 for
/// any other ASCII byte (a separator), 0xFF for the first byte of a multi-byte character.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            0xFF
        } else if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
};

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Calls `f` with the hash of each word of `text`, in order: FNV-1a over the word's
/// lower-cased UTF-8 bytes (not mixed: shingles are mixed once they are combined). ASCII is read byte by byte through a table (the archives
/// are mostly ASCII, and this runs on every article); other characters are decoded and
/// lower-cased by the standard library.
pub fn for_each_word(text: &str, mut f: impl FnMut(u64)) {
    let bytes = text.as_bytes();
    let mut h = FNV_SEED;
    let mut len = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        if class != 0 && class != 0xFF {
            h = (h ^ u64::from(class)).wrapping_mul(FNV_PRIME);
            len += 1;
            i += 1;
            continue;
        }
        if class == 0xFF {
            // `i` is at a character boundary: every byte before it was consumed whole.
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8().max(1);
            if c.is_alphanumeric() {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    for b in l.encode_utf8(&mut buf).as_bytes() {
                        h = (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
                    }
                }
                len += 1;
                continue;
            }
        } else {
            i += 1;
        }
        if len > 0 {
            f(h);
            h = FNV_SEED;
            len = 0;
        }
    }
    if len > 0 {
        f(h);
    }
}

/// The hashes of the words of `text`, in order.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for_each_word(text, |h| out.push(h));
    out
}

/// Rotation per position inside a shingle: word `j` of a shingle (0 = first) is rotated by
/// `ROT * (SHINGLE_WORDS - 1 - j)` bits before the words are combined.
const ROT: u32 = 13;

/// Calls `f` with the hash of every shingle of `text` in order, repeats included: every run
/// of [`SHINGLE_WORDS`] consecutive words, or one shingle of all the words when there are
/// fewer (none for a text without words).
///
/// A shingle's hash is the XOR of its words' hashes, each rotated by its position (so that
/// order matters), then mixed. The XOR rolls: moving one word on costs a rotation and two XORs
/// whatever the shingle length, which matters because this runs on every article indexed.
pub fn for_each_shingle(text: &str, mut f: impl FnMut(u64)) {
    const OUT: u32 = ROT * SHINGLE_WORDS as u32;
    let mut ring = [0u64; SHINGLE_WORDS];
    let mut n = 0usize;
    let mut acc = 0u64;
    for_each_word(text, |w| {
        let slot = n % SHINGLE_WORDS;
        // Drop the word leaving the window (rotated once more by the shift below, it sits at
        // ROT * SHINGLE_WORDS bits), shift the others one position, add the new word.
        acc = (acc.rotate_left(ROT) ^ ring[slot].rotate_left(OUT)) ^ w;
        ring[slot] = w;
        n += 1;
        if n >= SHINGLE_WORDS {
            f(mix64(acc));
        }
    });
    if (1..SHINGLE_WORDS).contains(&n) {
        f(mix64(acc));
    }
}

/// The shingle set of `text`: sorted, distinct 64-bit hashes of its shingles (see
/// [`for_each_shingle`]).
pub fn shingles(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for_each_shingle(text, |h| out.push(h));
    out.sort_unstable();
    out.dedup();
    out
}

/// How many values two sorted, distinct lists share.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    // Walk the shorter list and gallop in the longer one when sizes differ a lot (a short
    // wire item against a whole newspaper page), else a plain merge.
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0;
    }
    if large.len() / small.len() >= 16 {
        let mut rest = large;
        let mut n = 0;
        for x in small {
            match rest.binary_search(x) {
                Ok(i) => {
                    n += 1;
                    rest = &rest[i + 1..];
                }
                Err(i) => rest = &rest[i..],
            }
        }
        return n;
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < small.len() && j < large.len() {
        match small[i].cmp(&large[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The containment of the smaller set in the larger: |A ∩ B| / min(|A|, |B|), 0 when either
/// is empty.
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    let m = a.len().min(b.len());
    if m == 0 {
        0.0
    } else {
        shared(a, b) as f64 / m as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_and_punctuation() {
        assert_eq!(
            word_hashes("The  PRESIDENT, said: \"yes\"."),
            word_hashes("the president said yes")
        );
        assert_eq!(word_hashes("Élysée").len(), 1);
        assert_eq!(word_hashes("élysée"), word_hashes("ÉLYSÉE"));
        assert!(word_hashes(" ,.- ").is_empty());
    }

    #[test]
    fn shingle_counts() {
        // Seven words: three 5-word shingles; fewer than five: one shingle.
        assert_eq!(shingles("a b c d e f g").len(), 3);
        assert_eq!(shingles("a b c").len(), 1);
        assert!(shingles("").is_empty());
        // Repeated runs count once.
        assert_eq!(shingles("a b c d e a b c d e").len(), 5);
        // Order matters.
        assert_ne!(shingles("a b c d e"), shingles("b a c d e"));
        // The rolling hash equals the hash of each window computed afresh.
        let rolled = shingles("a b c d e f");
        let mut fresh = shingles("a b c d e");
        fresh.extend(shingles("b c d e f"));
        fresh.sort_unstable();
        assert_eq!(rolled, fresh);
        // Fewer words than a shingle: that one shingle equals the start of a longer text's
        // rolling state only by accident, never by construction.
        assert_eq!(shingles("a b").len(), 1);
    }

    #[test]
    fn containment_of_a_cut_copy() {
        let long = "one two three four five six seven eight nine ten eleven twelve";
        let short = "three four five six seven eight nine";
        let (a, b) = (shingles(long), shingles(short));
        assert_eq!((a.len(), b.len()), (8, 3));
        assert_eq!(containment(&a, &b), 1.0);
        assert_eq!(containment(&b, &a), 1.0);
        let other = shingles("three four five six seven EIGHT nine ten");
        assert_eq!(shared(&a, &other), 4);
        assert_eq!(containment(&a, &other), 1.0);
        assert_eq!(containment(&a, &[]), 0.0);
        // The galloping path agrees with the merge.
        let big: Vec<u64> = (0..1000).map(|i| i * 3).collect();
        let small = vec![0, 3, 4, 2997, 3000];
        assert_eq!(shared(&big, &small), 3);
        assert_eq!(shared(&small, &big), 3);
    }
}
