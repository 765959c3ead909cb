//! Words broken at a line end in typeset or OCR text joined again ("Presi-\ndent",
//! "Ameri\ncan"), so that extraction and the search index both see "President".
//!
//! Two kinds of break are joined, both only when the next line starts with a lower-case
//! letter:
//! - a letter, then a hyphen (or soft hyphen) at the line end. The hyphen is kept (only the
//!   line break goes) when the text writes the hyphenated form on one line elsewhere and
//!   never the joined one ("self-government"): typesetters break real compounds at their
//!   hyphen too.
//! - a letter at the line end with no hyphen (OCR often loses it), when the text itself
//!   confirms the word: the joined form occurs elsewhere in it ("President"), and the first
//!   part never stands alone ("Presi"), so "in\nto" or "any\none" stay two words.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The tables of [`Words`]: filled with every word of every OCR page, so a fast fixed hasher
/// (not SipHash), and the word table sized once for the text.
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type Set<K> = HashSet<K, foldhash::fast::FixedState>;

/// A word's key in [`Words`]' tables: FNV-1a over the bytes of the word in lower case (as
/// [`str::to_lowercase`] gives it), computed while the word is scanned, so no word is copied
/// or lower-cased into a string of its own (that was a third of this module's cost). Two
/// different words of one page share a key with probability about 2⁻⁶⁴ per pair, the
/// argument [`crate::dedup::shingles`] makes for its shingle hashes.
type Key = u64;

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// `key` continued with the bytes of `s` in lower case: ASCII byte by byte, other text
/// through [`str::to_lowercase`] (its final-sigma rule included).
fn key_more(key: Key, s: &str) -> Key {
    if s.is_ascii() {
        key_bytes(key, s.as_bytes())
    } else {
        key_bytes(key, s.to_lowercase().as_bytes())
    }
}

/// `key` continued with ASCII bytes, lower-cased.
#[inline]
fn key_bytes(mut key: Key, bytes: &[u8]) -> Key {
    for &b in bytes {
        key = key_step(key, b.to_ascii_lowercase());
    }
    key
}

#[inline]
fn key_step(key: Key, b: u8) -> Key {
    (key ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// The key of `s` (in lower case).
fn key_of(s: &str) -> Key {
    key_more(FNV_SEED, s)
}

/// The soft hyphen, which OCR output sometimes keeps at line ends.
const SOFT_HYPHEN: char = '\u{ad}';

/// The text with words broken at line ends joined.
pub fn join_broken_words(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let words = Words::of(text);
    let mut lines = text.split('\n');
    let mut out = String::with_capacity(text.len());
    out.push_str(lines.next().unwrap_or(""));
    // where the line being built starts in `out`
    let mut line_start = 0;
    let mut changed = false;
    for next in lines {
        let body_len = out[line_start..].trim_end_matches([' ', '\t']).len();
        let body = &out[line_start..line_start + body_len];
        let next_body = next.trim_start_matches([' ', '\t']);
        let right = word_after(next_body);
        let continues = !right.is_empty() && right.chars().next().is_some_and(char::is_lowercase);
        // (end of the kept part of this line, keep a hyphen) when the word is joined
        let mut join: Option<(usize, bool)> = None;
        if continues {
            if let Some(stem) = body
                .strip_suffix('-')
                .or_else(|| body.strip_suffix(SOFT_HYPHEN))
            {
                let left = word_before(stem);
                if !left.is_empty() {
                    join = Some((line_start + stem.len(), words.keeps_hyphen(left, right)));
                }
            } else {
                let left = word_before(body);
                if !left.is_empty() && words.confirms(left, right) {
                    join = Some((line_start + body_len, false));
                }
            }
        }
        match join {
            Some((end, hyphen)) => {
                out.truncate(end);
                if hyphen {
                    out.push('-');
                }
                out.push_str(next_body);
                changed = true;
            }
            None => {
                out.push('\n');
                line_start = out.len();
                out.push_str(next);
            }
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// The letters that end `s` (the first part of a broken word), empty when `s` does not end
/// in a letter. ASCII byte by byte (most line ends), else char by char.
fn word_before(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        start = s
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| i)
            .unwrap_or(s.len());
    }
    &s[start..]
}

/// The letters that start `s`. ASCII byte by byte, else char by char.
fn word_after(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut end = 0;
    while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
        end += 1;
    }
    if end < bytes.len() && !bytes[end].is_ascii() {
        end = s
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, _)| i)
            .unwrap_or(s.len());
    }
    &s[..end]
}

/// What the text itself says about words, collected once so that each line break costs a
/// few lookups, however long the text: its words (by [`Key`]) with their counts, how often
/// each ends a line before a lower-case line, and its in-line hyphenated compounds.
struct Words<'a> {
    counts: Map<Key, u32>,
    line_ends: Map<Key, u32>,
    compounds: Set<&'a str>,
}

impl<'a> Words<'a> {
    /// The tables of `text`. The words are those of [`tokens`] (runs of letters and
    /// hyphens), each split at its hyphens; the scan is [`tokens`]' own, hashing each word
    /// as it goes.
    fn of(text: &'a str) -> Words<'a> {
        // about one distinct word per 16 bytes of OCR text: sized once, no rehashing
        let mut counts: Map<Key, u32> =
            Map::with_capacity_and_hasher(text.len() / 16, Default::default());
        let mut compounds = Set::default();
        let bytes = text.as_bytes();
        let mut count = |k: Key| *counts.entry(k).or_default() += 1;
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            let mut hyphens = false;
            // the word (part between hyphens) being read: its start, key, and whether it is
            // all ASCII (else its key is made from its text when it ends)
            let mut part = at;
            let mut key = FNV_SEED;
            let mut ascii = true;
            while at < bytes.len() {
                let b = bytes[at];
                if b.is_ascii_alphabetic() {
                    key = key_step(key, b.to_ascii_lowercase());
                    at += 1;
                } else if b == b'-' {
                    if at > part {
                        count(if ascii { key } else { key_of(&text[part..at]) });
                    }
                    hyphens = true;
                    at += 1;
                    part = at;
                    key = FNV_SEED;
                    ascii = true;
                } else if b.is_ascii() {
                    break;
                } else {
                    let c = text[at..].chars().next().unwrap_or(' ');
                    if !c.is_alphabetic() {
                        break;
                    }
                    ascii = false;
                    at += c.len_utf8();
                }
            }
            if at > part {
                count(if ascii { key } else { key_of(&text[part..at]) });
            }
            if at > start {
                if hyphens {
                    let t = text[start..at].trim_matches('-');
                    if t.contains('-') && !t.contains("--") {
                        compounds.insert(t);
                    }
                }
            } else {
                // a separator
                at += text[at..].chars().next().map_or(1, char::len_utf8);
            }
        }
        let mut line_ends: Map<Key, u32> = Map::default();
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            let next_lower = lines
                .peek()
                .and_then(|n| n.trim_start().chars().next())
                .is_some_and(char::is_lowercase);
            if !next_lower {
                continue;
            }
            let left = word_before(line.trim_end_matches([' ', '\t']));
            if !left.is_empty() {
                *line_ends.entry(key_of(left)).or_default() += 1;
            }
        }
        Words {
            counts,
            line_ends,
            compounds,
        }
    }

    /// True when the text writes `left-right` on one line and never `leftright`.
    fn keeps_hyphen(&self, left: &str, right: &str) -> bool {
        self.compounds.contains(format!("{left}-{right}").as_str())
            && !self.counts.contains_key(&key_of(&format!("{left}{right}")))
    }

    /// True when `leftright` is a word of the text and `left` occurs only at line ends
    /// before a lower-case line (so it is no word of its own).
    fn confirms(&self, left: &str, right: &str) -> bool {
        let l = key_of(left);
        let joined = key_more(l, right);
        let alone = self.counts.get(&l).copied().unwrap_or(0);
        let at_ends = self.line_ends.get(&l).copied().unwrap_or(0);
        // the joined word must occur beyond the broken instances themselves
        self.counts.get(&joined).copied().unwrap_or(0) > 0 && alone <= at_ends
    }
}

/// The runs of letters and hyphens of `text`, where words and compounds are looked for, each
/// with whether it holds a hyphen: ASCII byte by byte, the rest char by char. The reference
/// [`Words::of`] is tested against (it scans the same way, hashing as it goes).
#[cfg(test)]
fn tokens(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            let mut hyphens = false;
            while at < bytes.len() {
                let b = bytes[at];
                if b.is_ascii_alphabetic() {
                    at += 1;
                } else if b == b'-' {
                    hyphens = true;
                    at += 1;
                } else if b.is_ascii() {
                    break;
                } else {
                    let c = text[at..].chars().next().unwrap_or(' ');
                    if !c.is_alphabetic() {
                        break;
                    }
                    at += c.len_utf8();
                }
            }
            if at > start {
                return Some((&text[start..at], hyphens));
            }
            // a separator
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_words_broken_at_line_ends() {
        assert_eq!(
            join_broken_words(
                "said Presi-\ndent Wilson, the Ameri- \n  can note of Febru\u{ad}\nary 3"
            ),
            "said President Wilson, the American note of February 3"
        );
        // a lost hyphen, confirmed by the word elsewhere in the text
        assert_eq!(
            join_broken_words("the Presi\ndent said\nthe President will go"),
            "the President said\nthe President will go"
        );
        // several breaks in a row
        assert_eq!(join_broken_words("a b-\nc-\nd"), "a bcd");
    }

    #[test]
    fn keeps_what_is_not_a_broken_word() {
        for t in [
            "a list:\n- first\n- second",
            "1914-\n1916",
            "Wilson-\nLansing",
            "word -\nnext",
            "no breaks - here",
            "",
            "-",
            "x-\n",
            // "in" is a word of its own, "into" occurs elsewhere
            "he turned in\nto the police in town and went into the room",
            // nothing confirms "Presiident"
            "the Presi\nident said",
        ] {
            assert_eq!(join_broken_words(t), t, "{t:?}");
        }
    }

    #[test]
    fn tokens_are_runs_of_letters_and_hyphens() {
        let t: Vec<(&str, bool)> = tokens("Presi-dent, Zürich\u{2014}x--y 1916 -").collect();
        assert_eq!(
            t,
            [
                ("Presi-dent", true),
                ("Zürich", false),
                ("x--y", true),
                ("-", true)
            ]
        );
    }

    /// [`Words::of`]'s one-pass scan counts what the plain token split counts.
    #[test]
    fn word_tables_count_the_words_of_the_tokens() {
        let text = "Presi-dent, ZÜRICH\u{2014}x--y 1916 -\nthe THE The\n\
                    ΟΔΟΣ odos- self-government Ameri\ncan ΣΑΣ";
        let mut expected: Map<Key, u32> = Map::default();
        let mut compounds: Set<&str> = Set::default();
        for (token, hyphens) in tokens(text) {
            for w in token.split('-').filter(|w| !w.is_empty()) {
                *expected.entry(key_of(&w.to_lowercase())).or_default() += 1;
            }
            let t = token.trim_matches('-');
            if hyphens && t.contains('-') && !t.contains("--") {
                compounds.insert(t);
            }
        }
        let words = Words::of(text);
        assert_eq!(words.counts, expected);
        assert_eq!(words.compounds, compounds);
        assert_eq!(words.counts.get(&key_of("the")), Some(&3));
        assert_eq!(words.line_ends.get(&key_of("ameri")), Some(&1));
        // keys are of the lower-case text, whatever the case written
        assert_eq!(key_of("ΟΔΟΣ"), key_of(&"ΟΔΟΣ".to_lowercase()));
        assert_eq!(key_more(key_of("Presi"), "DENT"), key_of("president"));
    }

    #[test]
    fn words_before_and_after_as_chars_give_them() {
        for s in [
            "",
            "abc",
            "x Abc",
            "x Zürich",
            "über",
            "a1b",
            "naïve word",
            "é",
            "1916",
        ] {
            let chars_before = &s[s
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(s.len(), |(i, _)| i)..];
            let chars_after = &s[..s
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(s.len(), |(i, _)| i)];
            assert_eq!(word_before(s), chars_before, "{s:?}");
            assert_eq!(word_after(s), chars_after, "{s:?}");
        }
    }

    #[test]
    fn keeps_the_hyphen_of_compounds_the_text_writes_whole() {
        let t = "self-government is near; the self-\ngovernment bill";
        assert_eq!(
            join_broken_words(t),
            "self-government is near; the self-government bill"
        );
    }
}
