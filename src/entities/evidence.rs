//! What one article tells the archive level, stored with it at index time: for each person,
//! the title most used before the name ("Secretary Geithner"), and for each word of its
//! people and places, whether the article also writes the word in lower case.
//!
//! Both are read from the article's own text and its people and places, whatever gave
//! them (extraction or the source), so any article can be indexed alone and the archive's
//! statistics are sums over articles: adding articles never needs old ones re-read.

use super::name::{self, WordKind};
use super::{Map, person_key, words};

/// Separates a word from its lower-case flag in `name_case` values.
pub const LOWER_FLAG: &str = "\u{1f}l";

/// The values of the two evidence fields of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// `person_keys`: one per person, `name` or `name\u{1f}title`.
    pub person_keys: Vec<String>,
    /// `name_case`: each folded word of a person or place (`w`), and `w\u{1f}l` when the
    /// article also writes it in lower case.
    pub name_case: Vec<String>,
}

/// The evidence of an article with these people, places and texts (lede, body).
pub fn of(people: &[String], places: &[&str], texts: &[&str]) -> Evidence {
    // The distinct words of every value, as the text would write them in lower case. The
    // people's words are kept for their titles below (splitting them twice was a tenth of
    // this function).
    let people_words: Vec<Vec<name::Word>> = people.iter().map(|p| name::split_words(p)).collect();
    let mut vocab: Vec<String> = Vec::new();
    let mut add = |ws: &[name::Word]| {
        for w in ws {
            if w.kind == WordKind::Other || w.fold.chars().count() < 2 {
                continue;
            }
            let low = w.text.to_lowercase().replace('.', "");
            if low.chars().all(char::is_alphabetic) && !vocab.contains(&low) {
                vocab.push(low);
            }
        }
    };
    for ws in &people_words {
        add(ws);
    }
    for p in places {
        add(&name::split_words(p));
    }
    let mut lower = vec![false; vocab.len()];
    // Capitalised occurrences: (text index, byte offset, vocab index).
    let mut caps: Vec<(usize, usize, usize)> = Vec::new();
    if !vocab.is_empty() {
        scan(&vocab, texts, &mut lower, &mut caps);
    }
    // Stored folded (accents off), as the archive level looks words up.
    let mut name_case: Vec<String> = Vec::with_capacity(vocab.len() * 2);
    for (w, l) in vocab.iter().zip(&lower) {
        let f = name::fold(w);
        if !name_case.contains(&f) {
            name_case.push(f.clone());
        }
        if *l {
            let flagged = format!("{f}{LOWER_FLAG}");
            if !name_case.contains(&flagged) {
                name_case.push(flagged);
            }
        }
    }
    let person_keys = people
        .iter()
        .zip(&people_words)
        .map(|(p, ws)| {
            let title = title_of(ws, &vocab, texts, &caps);
            person_key(p, title.as_deref())
        })
        .collect();
    Evidence {
        person_keys,
        name_case,
    }
}

/// One pass over each text, word by word: which vocabulary words occur in lower case, and
/// where they occur capitalised. A word is looked up only when it may be a vocabulary word:
/// an ASCII word (nearly every word of English text) when a 4,096-bit filter on its
/// lower-cased first byte, last byte and length lets it through, lower-cased into a reused
/// buffer byte by byte; any other word when its length fits and its first byte starts some
/// vocabulary word (or is not ASCII), lower-cased character by character. (Lower-casing
/// every word that merely shared a first letter with a vocabulary word, through
/// `char::to_lowercase`, was a third of this module's cost at index time.)
fn scan(
    vocab: &[String],
    texts: &[&str],
    lower: &mut [bool],
    caps: &mut Vec<(usize, usize, usize)>,
) {
    let index: Map<&[u8], usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_bytes(), i))
        .collect();
    let mut firsts = [false; 256];
    let mut filter = [0u64; 64];
    let (mut min, mut max) = (usize::MAX, 0);
    for w in vocab {
        let b = w.as_bytes();
        if let Some(&f) = b.first() {
            firsts[usize::from(f)] = true;
        }
        // An ASCII text word lower-cases to ASCII, so only ASCII entries can match it.
        if w.is_ascii() {
            let k = ascii_bucket(b);
            filter[k / 64] |= 1 << (k % 64);
        }
        min = min.min(w.len());
        max = max.max(w.len());
    }
    let mut buf: Vec<u8> = Vec::new();
    let mut chars = String::new();
    for (ti, text) in texts.iter().enumerate() {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Words are runs of letters and digits; non-ASCII bytes count as letters.
            if !WORD_BYTE[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            let start = i;
            let mut high = 0u8;
            while i < bytes.len() && WORD_BYTE[usize::from(bytes[i])] {
                high |= bytes[i];
                i += 1;
            }
            let ascii = high < 0x80;
            let len = i - start;
            if len < min || len > max {
                continue;
            }
            let word = &bytes[start..i];
            if ascii {
                let k = ascii_bucket(word);
                if filter[k / 64] & (1 << (k % 64)) == 0 {
                    continue;
                }
                buf.clear();
                buf.extend(word.iter().map(u8::to_ascii_lowercase));
                let Some(&vi) = index.get(buf.as_slice()) else {
                    continue;
                };
                if buf == word {
                    lower[vi] = true;
                } else if word[0].is_ascii_uppercase() {
                    caps.push((ti, start, vi));
                }
                continue;
            }
            if !firsts[usize::from(word[0].to_ascii_lowercase())] && word[0] < 0x80 {
                continue;
            }
            let Some(word) = text.get(start..i) else {
                continue;
            };
            chars.clear();
            chars.extend(word.chars().flat_map(char::to_lowercase));
            let Some(&vi) = index.get(chars.as_bytes()) else {
                continue;
            };
            if chars == word {
                lower[vi] = true;
            } else if word.chars().next().is_some_and(char::is_uppercase) {
                caps.push((ti, start, vi));
            }
        }
    }
}

/// The bytes of [`scan`]'s words: ASCII letters and digits, and every byte of a non-ASCII
/// character (a table: this test runs on every byte of every article).
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    t
};

/// A bucket in 0..4096 of an ASCII word from its lower-cased first and last bytes and its
/// length (the word is not empty).
fn ascii_bucket(w: &[u8]) -> usize {
    let first = w.first().map_or(0, u8::to_ascii_lowercase) as usize;
    let last = w.last().map_or(0, u8::to_ascii_lowercase) as usize;
    ((first * 131 + last) * 131 + w.len()) & 4095
}

/// The title most used before a person's name (its words `ws`) in the texts (lower case,
/// without dots: "president", "vice president", "mrs"), if any.
fn title_of(
    ws: &[name::Word],
    vocab: &[String],
    texts: &[&str],
    caps: &[(usize, usize, usize)],
) -> Option<String> {
    let names: Vec<String> = ws
        .iter()
        .filter(|w| !matches!(w.kind, WordKind::Other | WordKind::Suffix))
        .map(|w| w.text.to_lowercase().replace('.', ""))
        .collect();
    let last = names
        .iter()
        .rposition(|w| vocab.contains(w) && w.chars().count() >= 2)?;
    let li = vocab.iter().position(|v| *v == names[last])?;
    let mut counts: Vec<(String, u32)> = Vec::new();
    for &(ti, pos, i) in caps {
        if i != li {
            continue;
        }
        let Some(text) = texts.get(ti) else { continue };
        if let Some(t) = title_before(text, pos, &names[..last]) {
            match counts.iter_mut().find(|(x, _)| *x == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t, 1)),
            }
        }
    }
    // Most used, the first seen on a tie.
    let mut best: Option<(String, u32)> = None;
    for (t, n) in counts {
        if best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((t, n));
        }
    }
    best.map(|(t, _)| t)
}

/// The title written just before a mention that starts at `pos`: the nearest title word
/// within a few capitalised words ("Secretary of the Treasury Tim Geithner"), with the
/// title word before it when there is one ("Vice President", "Attorney General").
/// `given` are the name's words before the one at `pos`, which may stand in between.
fn title_before(text: &str, pos: usize, given: &[String]) -> Option<String> {
    let mut toks = Tokens {
        text,
        end: pos.min(text.len()),
    };
    let mut expected = given.len();
    let mut skipped = 0;
    loop {
        let tok = toks.prev()?;
        if tok.ends_with([',', ';', ':', '!', '?', ')', '"', '”', '(']) {
            return None;
        }
        let f = name::fold(tok);
        if expected > 0 && given[..expected].iter().any(|g| name::fold(g) == f) {
            // A given name or initial of this person ("Barack" in "President Barack Obama").
            expected = given[..expected]
                .iter()
                .rposition(|g| name::fold(g) == f)
                .unwrap_or(0);
            continue;
        }
        let capital = tok.chars().next().is_some_and(char::is_uppercase);
        if capital && words::is_title(&f) && !words::is_title_modifier(&f) {
            let mut title = f;
            if let Some(prev) = toks.prev() {
                let pf = name::fold(prev);
                let cap = prev.chars().next().is_some_and(char::is_uppercase);
                // Only a qualifying word joins ("Vice President", "Attorney General"), not
                // a second title ("Mr. President, John Boehner").
                if cap && words::is_title_modifier(&pf) && pf != "former" && !prev.ends_with(',') {
                    title = format!("{pf} {title}");
                }
            }
            return Some(title);
        }
        // Walk over "of", "the" and a few capitalised words ("of the Treasury").
        let walkable = matches!(f.as_str(), "of" | "the")
            || words::is_particle(&f)
            || (capital && !tok.ends_with('.'));
        skipped += 1;
        if !walkable || skipped > 4 {
            return None;
        }
    }
}

/// Words of a text read backwards from a position.
struct Tokens<'a> {
    text: &'a str,
    end: usize,
}

impl<'a> Tokens<'a> {
    fn prev(&mut self) -> Option<&'a str> {
        let head = self.text.get(..self.end)?;
        let trimmed = head.trim_end();
        if trimmed.is_empty() {
            return None;
        }
        // Two line breaks end a paragraph: no title crosses them.
        if head[trimmed.len()..].matches('\n').count() >= 2 {
            return None;
        }
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.end = start;
        let tok = &trimmed[start..];
        (!tok.is_empty()).then_some(tok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(people: &[&str], text: &str) -> Vec<String> {
        let people: Vec<String> = people.iter().map(|s| s.to_string()).collect();
        of(&people, &[], &[text]).person_keys
    }

    #[test]
    fn titles_before_names() {
        let t = "Secretary Clinton met President Obama. Later Mrs. Clinton said so.";
        assert_eq!(
            titles(&["Clinton", "Obama"], t),
            ["Clinton\u{1f}secretary", "Obama\u{1f}president"]
        );
        let t = "Secretary of the Treasury Tim Geithner spoke. Vice President Joe Biden too.";
        assert_eq!(
            titles(&["Tim Geithner", "Joe Biden"], t),
            [
                "Tim Geithner\u{1f}secretary",
                "Joe Biden\u{1f}vice president"
            ]
        );
        let t = "Count von Bernstorff, the ambassador, called. Bernstorff left.";
        assert_eq!(titles(&["Bernstorff"], t), ["Bernstorff\u{1f}count"]);
        // No title: a plain mention, or a title ending the previous clause.
        assert_eq!(
            titles(&["Obama"], "He met Obama, the president."),
            ["Obama"]
        );
        assert_eq!(
            titles(&["Obama"], "He met the president, Obama."),
            ["Obama"]
        );
    }

    #[test]
    fn lower_case_flags() {
        let e = of(
            &["Renee Good".to_string()],
            &["White House"],
            &["Renee Good was at the White House. It was good news for the house."],
        );
        assert_eq!(
            e.name_case,
            [
                "renee",
                "good",
                "good\u{1f}l",
                "white",
                "house",
                "house\u{1f}l"
            ]
        );
    }
}
