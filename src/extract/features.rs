//! The tagger's feature templates: what is known of a word type (word, lower case, shape,
//! affixes, gazetteer flags, at each offset of a ±2 window), of a token in its sentence
//! (multi-token gazetteer matches, sentence start) and of the label history.
//!
//! Every feature is a 64-bit hash of its template, window offset and value
//! ([`super::hash`]); the templates are part of the model file format.

use super::hash::{hash_bytes, hash_num};
use super::labels::Label;
use super::resources::Resources;

pub(super) const T_BIAS: u64 = 1;
pub(super) const T_W: u64 = 2;
pub(super) const T_LW: u64 = 3;
pub(super) const T_SH: u64 = 4;
/// Prefix of length `len`: `T_PRE + len`.
pub(super) const T_PRE: u64 = 5;
/// Suffix of length `len`: `T_SUF + len`.
pub(super) const T_SUF: u64 = 10;
/// One gazetteer flag bit: `T_FLAG + bit`.
pub(super) const T_FLAG: u64 = 15;
pub(super) const T_FLAGS: u64 = 22;
pub(super) const T_GZ: u64 = 30;
pub(super) const T_SS: u64 = 31;
pub(super) const T_P1: u64 = 32;
pub(super) const T_P12: u64 = 33;
pub(super) const T_P1S: u64 = 34;
pub(super) const T_CAPLEN: u64 = 35;
pub(super) const T_DMAJ: u64 = 36;
pub(super) const T_DLOW: u64 = 37;
pub(super) const T_DNB: u64 = 38;
/// Fine word cluster (see [`super::clusters`]).
pub(super) const T_CLF: u64 = 40;
/// Coarse word cluster.
pub(super) const T_CLC: u64 = 41;
/// Seed of the type-cache key (not a feature).
pub(super) const T_TYPE: u64 = 99;

/// The hash seed of template `t` at window offset `off` (−2..=2).
pub(super) fn seed(t: u64, off: i32) -> u64 {
    t * 8 + (off + 2) as u64
}

/// Padding words before and after a sentence.
pub(super) const BOS_TOK: &str = "\u{0}<s>";
/// See [`BOS_TOK`].
pub(super) const EOS_TOK: &str = "\u{0}</s>";

/// Lower case with typographic apostrophes folded.
pub fn lower(w: &str) -> String {
    // Most words are ASCII: one pass over the bytes, no per-character case tables.
    if w.is_ascii() {
        return w.to_ascii_lowercase();
    }
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        if c == '\u{2019}' {
            s.push('\'');
        } else {
            s.extend(c.to_lowercase());
        }
    }
    s
}

/// Longest word [`with_lower`] lower-cases on the stack.
const STACK_LOWER: usize = 64;

/// Calls `f` with [`lower`]`(w)`, without building a `String` for an ASCII word of up to
/// 64 bytes (nearly every word of news text): the lower-case forms looked up in the
/// gazetteer, word statistics and title lists were hundreds of thousands of short-lived
/// allocations per thousand articles.
pub fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    if w.len() <= STACK_LOWER && w.is_ascii() {
        if !w.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(w);
        }
        let mut buf = [0u8; STACK_LOWER];
        let low = &mut buf[..w.len()];
        for (d, s) in low.iter_mut().zip(w.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII bytes are UTF-8: the fallback is never taken.
        return match std::str::from_utf8(low) {
            Ok(l) => f(l),
            Err(_) => f(&lower(w)),
        };
    }
    f(&lower(w))
}

/// Appends [`lower`]`(w)` to `out` (the gazetteer's multi-word keys are built this way,
/// one buffer per sentence).
pub(super) fn push_lower(out: &mut String, w: &str) {
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&lower(w));
    }
}

/// Word shape: runs of upper (X), lower (x), digits (d), other letters (a) and other
/// characters, repeats collapsed, at most 8 runs ("McCain" → "XxXx").
pub(super) fn shape(w: &str) -> String {
    let mut s = String::new();
    let mut last = '\0';
    let mut n = 0;
    for c in w.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if m != last {
            s.push(m);
            last = m;
            n += 1;
            if n >= 8 {
                break;
            }
        }
    }
    s
}

/// True when `w` starts with an upper-case letter.
pub(super) fn is_cap(w: &str) -> bool {
    // An ASCII first byte is answered without decoding (called several times per token).
    match w.as_bytes().first() {
        Some(&b) if b < 0x80 => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// True when a token can begin a name. Words starting with a lower-case letter, a digit or
/// ASCII punctuation only ever continue a name the tagger has opened (the "of" in "Bank of
/// England"), so outside an open span they are labelled O without being scored: news text is
/// mostly such tokens, and scoring them was most of the tagger's time.
pub(super) fn may_start(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| !(c.is_lowercase() || c.is_ascii_digit() || c.is_ascii_punctuation()))
}

/// Per-type facts: the features at each window offset, plus the shape hash used by context
/// features.
pub(super) struct TypeFeats {
    /// Feature hashes of the word seen at offset `k − 2` from the scored token.
    pub by_off: [Vec<u64>; 5],
    /// Hash of the word's shape.
    pub shape: u64,
}

/// The features of one word type at every window offset.
pub(super) fn type_feats(w: &str, res: &Resources) -> TypeFeats {
    let lw = lower(w);
    let sh = shape(w);
    let cluster = res.clusters.get(w);
    let flags = if is_cap(w) || w.len() <= 1 {
        res.gaz.token_flags(&lw)
    } else {
        0
    };
    let mut by_off: [Vec<u64>; 5] = Default::default();
    for off in -2i32..=2 {
        let v = &mut by_off[(off + 2) as usize];
        v.push(hash_bytes(seed(T_LW, off), lw.as_bytes()));
        v.push(hash_bytes(seed(T_SH, off), sh.as_bytes()));
        if off.abs() <= 1 {
            v.push(hash_bytes(seed(T_W, off), w.as_bytes()));
            v.push(hash_num(seed(T_FLAGS, off), flags as u64));
        }
        if let Some(c) = cluster {
            if off.abs() <= 1 {
                v.push(hash_num(seed(T_CLF, off), c.fine as u64));
            }
            v.push(hash_num(seed(T_CLC, off), c.coarse as u64));
        }
    }
    let v = &mut by_off[2];
    v.push(hash_num(seed(T_BIAS, 0), 0));
    // Character boundaries: for ASCII (most words) byte offsets, without collecting them.
    let ascii = w.is_ascii();
    let chars: Vec<(usize, char)> = if ascii {
        Vec::new()
    } else {
        w.char_indices().collect()
    };
    let lchars: Vec<(usize, char)> = if ascii {
        Vec::new()
    } else {
        lw.char_indices().collect()
    };
    let (n, ln) = if ascii {
        (w.len(), lw.len())
    } else {
        (chars.len(), lchars.len())
    };
    for k in 1..=4usize {
        if n > k {
            let end = if chars.is_empty() { k } else { chars[k].0 };
            v.push(hash_bytes(seed(T_PRE + k as u64, 0), &w.as_bytes()[..end]));
        }
        if ln > k {
            let st = if lchars.is_empty() {
                ln - k
            } else {
                lchars[ln - k].0
            };
            v.push(hash_bytes(seed(T_SUF + k as u64, 0), &lw.as_bytes()[st..]));
        }
    }
    for bit in 0..5u64 {
        if flags & (1 << bit) != 0 {
            v.push(hash_num(seed(T_FLAG + bit, 0), 1));
        }
    }
    if is_cap(w) {
        v.push(hash_num(seed(T_CAPLEN, 0), n.min(12) as u64));
    }
    TypeFeats {
        by_off,
        shape: hash_bytes(77, sh.as_bytes()),
    }
}

/// Gazetteer span tags (0 none, 1 B, 2 I, 3 L) for multi-token place names in one sentence;
/// `mfirst(i)` says whether word `i` can start one.
pub(super) fn gaz_tags(
    words: &[&str],
    gaz: &super::gazetteer::Gazetteer,
    mfirst: impl Fn(usize) -> bool,
    out: &mut Vec<u8>,
) {
    out.clear();
    out.resize(words.len(), 0);
    let mut i = 0;
    let mut key = String::new();
    while i < words.len() {
        if !mfirst(i) {
            i += 1;
            continue;
        }
        let mut matched = 0;
        let max = 5.min(words.len() - i);
        key.clear();
        push_lower(&mut key, words[i]);
        for (len, w) in words.iter().enumerate().take(i + max).skip(i + 1) {
            key.push(' ');
            push_lower(&mut key, w);
            if gaz.multi.contains(&key) {
                matched = len - i + 1;
            }
            if !gaz.multi_prefix.contains(&key) {
                break;
            }
        }
        if matched >= 2 {
            out[i] = 1;
            for t in out.iter_mut().take(i + matched - 1).skip(i + 1) {
                *t = 2;
            }
            out[i + matched - 1] = 3;
            i += matched;
        } else {
            i += 1;
        }
    }
}

/// Context features of token `i`: the gazetteer span tags at offsets −1, 0, +1, and sentence
/// start × shape.
pub(super) fn ctx_feats(i: usize, gz: &[u8], sent_start: bool, shape: u64, out: &mut Vec<u64>) {
    out.clear();
    for off in -1i32..=1 {
        let j = i as i64 + off as i64;
        if j >= 0 && (j as usize) < gz.len() && gz[j as usize] != 0 {
            out.push(hash_num(seed(T_GZ, off), gz[j as usize] as u64));
        }
    }
    if sent_start {
        out.push(hash_num(seed(T_SS, 0), shape));
    }
}

/// Label-history features: the previous label, the previous two, previous label × shape.
pub(super) fn hist_feats(p1: Label, p2: Label, shape: u64) -> [u64; 3] {
    let (p1, p2) = (p1.index(), p2.index());
    [
        hash_num(seed(T_P1, 0), p1 as u64),
        hash_num(seed(T_P12, 0), (p1 * 32 + p2) as u64),
        hash_num(
            seed(T_P1S, 0),
            shape ^ (p1 as u64).wrapping_mul(0x9E3779B97F4A7C15),
        ),
    ]
}
