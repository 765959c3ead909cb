//! Entities of articles of any length, in bounded memory: a text longer than [`CHUNK_BYTES`]
//! is given to the extractor in pieces, and the pieces' people and places are merged.
//!
//! The extractor's working memory grows with its input (tokens, labels, feature vectors:
//! about ten times the text), and parts of its per-text folding are quadratic in the number of
//! names. A 60 MB text file (a book, a whole-day OCR dump) therefore took 700 MB and minutes.
//! Split at paragraph (else line, else word) boundaries, every piece is the size of a long
//! article, so memory per thread stays a few megabytes and time linear. Texts up to
//! [`CHUNK_BYTES`] — all but a handful of real articles — go through the extractor whole,
//! exactly as before.

use std::collections::{HashMap, HashSet};

use crate::article::{Article, Place};
use crate::extract::Extractor;

/// Longest text given to the extractor at once (256 KiB: a long report; most articles are
/// under 10 KB).
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Adds the people and places found in the article's text, as [`Extractor::enrich`] does,
/// in pieces of at most [`CHUNK_BYTES`] when the text is longer.
pub fn enrich(x: &Extractor, article: &mut Article) {
    let len = article.lede.len() + article.body.len();
    if len <= CHUNK_BYTES {
        x.enrich(article);
        return;
    }
    let mut people = Vec::new();
    let mut places = Vec::new();
    for text in [&article.lede, &article.body] {
        for piece in pieces(text, CHUNK_BYTES) {
            let found = x.extract(piece);
            people.extend(found.people.into_iter().map(|p| p.name));
            places.extend(found.places.into_iter().map(|p| p.place));
        }
    }
    let people = fold_people(people);
    merge_people(article, people);
    merge_places(article, places);
}

/// Splits `text` into pieces of at most `max` bytes, each ending at a paragraph break when
/// one falls in its second half, else at a line break, else after a space, else at a
/// character boundary.
pub fn pieces(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let max = max.max(4);
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() <= max {
            let piece = rest;
            rest = "";
            return Some(piece);
        }
        let mut limit = max;
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &rest[..limit];
        let half = limit / 2;
        let cut = [
            window.rfind("\n\n").map(|i| i + 2),
            window.rfind('\n').map(|i| i + 1),
            window.rfind(' ').map(|i| i + 1),
        ]
        .into_iter()
        .flatten()
        .find(|&i| i > half)
        .unwrap_or(limit);
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Each name replaced by the longest name found anywhere in the text that contains it as
/// whole words ("Blinken" → "Antony Blinken"), as the extractor folds names within one text;
/// then one entry per name (ignoring case), in order of first mention.
fn fold_people(names: Vec<String>) -> Vec<String> {
    let mut distinct: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for n in names {
        let key = n.to_lowercase();
        if !index.contains_key(&key) {
            index.insert(key.clone(), distinct.len());
            let words = key.split(' ').map(str::to_string).collect();
            distinct.push((n, words));
        }
    }
    // Longer names by word, so that a name's candidates are found without a scan of all.
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, words)) in distinct.iter().enumerate() {
        for w in words.iter().collect::<HashSet<_>>() {
            by_word.entry(w.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    let mut emitted: HashSet<usize> = HashSet::new();
    for (i, (_, words)) in distinct.iter().enumerate() {
        let first = words.first().map_or("", String::as_str);
        let best = by_word
            .get(first)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&j| {
                let longer = &distinct[j].1;
                longer.len() > words.len() && longer.windows(words.len()).any(|w| w == &words[..])
            })
            .max_by_key(|&j| (distinct[j].1.len(), std::cmp::Reverse(j)))
            .unwrap_or(i);
        if emitted.insert(best) {
            out.push(distinct[best].0.clone());
        }
    }
    out
}

/// Adds `people` to the article's, skipping names it has (ignoring case): `add_person` with a
/// set, since long texts name thousands of people.
fn merge_people(article: &mut Article, people: Vec<String>) {
    let mut have: HashSet<String> = article.people.iter().map(|p| p.to_lowercase()).collect();
    for p in people {
        let p = p.trim();
        if !p.is_empty() && have.insert(p.to_lowercase()) {
            article.people.push(p.to_string());
        }
    }
}

/// Adds `places` to the article's, one per path: `add_place` with a set.
fn merge_places(article: &mut Article, places: Vec<Place>) {
    let mut have: HashSet<String> = article.places.iter().map(|p| p.path.clone()).collect();
    for p in places {
        if !p.name.trim().is_empty() && have.insert(p.path.clone()) {
            article.places.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_at_boundaries_within_the_limit() {
        let text =
            "First paragraph here.\n\nSecond one, longer than the first.\n\nThird.\nA line. é"
                .repeat(50);
        for max in [4, 10, 40, 64, 333, 10_000] {
            let parts: Vec<&str> = pieces(&text, max).collect();
            assert_eq!(parts.concat(), text, "max {max}");
            assert!(parts.iter().all(|p| p.len() <= max.max(4)), "max {max}");
        }
        let parts: Vec<&str> = pieces(&text, 64).collect();
        assert!(parts[0].ends_with("\n\n"), "{:?}", parts[0]);
        assert_eq!(pieces("", 10).count(), 0);
    }

    #[test]
    fn names_fold_into_the_longest_name_that_contains_them() {
        let names = [
            "Blinken",
            "Antony Blinken",
            "Biden",
            "blinken",
            "Joe Biden",
            "Kamala Harris",
            "Harris",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            fold_people(names),
            ["Antony Blinken", "Joe Biden", "Kamala Harris"]
        );
    }

    #[test]
    fn a_long_text_gets_the_entities_of_its_pieces() {
        let Ok(x) = Extractor::shared() else { return };
        let para = "Secretary of State Antony Blinken met Saudi officials in Riyadh on Monday. \
                    Blinken later flew to Cairo.\n\n";
        let filler = "The committee discussed the budget at length and adjourned.\n\n";
        let mut body = para.to_string();
        while body.len() < 3 * CHUNK_BYTES {
            body.push_str(filler);
        }
        body.push_str("Later, Kamala Harris spoke in Paris about the talks.\n");
        let mut a = Article {
            body,
            ..Default::default()
        };
        enrich(x, &mut a);
        assert!(
            a.people.contains(&"Antony Blinken".to_string()),
            "{:?}",
            a.people
        );
        assert!(
            a.people.contains(&"Kamala Harris".to_string()),
            "{:?}",
            a.people
        );
        assert!(!a.people.iter().any(|p| p == "Blinken"), "{:?}", a.people);
        let places: Vec<&str> = a.places.iter().map(|p| p.name.as_str()).collect();
        assert!(
            places.contains(&"Riyadh") && places.contains(&"Paris"),
            "{places:?}"
        );
    }
}
