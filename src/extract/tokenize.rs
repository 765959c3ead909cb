//! Tokenisation close to CoNLL-2003's: words keep internal hyphens, apostrophes and the
//! periods of abbreviations ("U.S.", "W."), possessive `'s` and punctuation stand alone.
//!
//! Sentences end at `. ? !` and at line breaks, except in wrapped text: OCR of newspaper
//! columns breaks lines in mid-sentence ("New\nYork", "Secretary\nLansing"), so when many
//! lines start in lower case (continuing the line before), a single line break is a space
//! and only a blank line or sentence punctuation ends a sentence.

/// One token: byte offsets into the text, and whether it starts a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// True for the first token of a sentence (after a newline or `.`/`?`/`!`).
    pub sent_start: bool,
}

use super::people::GIVEN_NAME_ABBREVIATIONS;

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "sgt", "prof", "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "sep", "oct", "nov",
    "dec", "mt", "ft", "vs", "no", "rev", "messrs", "adm", "maj", "cmdr", "supt", "insp", "det",
];

/// A letter or digit (`char::is_alphanumeric`). ASCII, and the General Punctuation block
/// (curly quotes and dashes, the commonest characters outside ASCII in English news text,
/// none of them alphanumeric), are answered without the Unicode tables: their lookup was
/// the largest single cost of tokenising such text.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if GENERAL_PUNCTUATION.contains(&c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// The General Punctuation block: spaces, dashes, quotation marks, bullets; no letters or
/// digits (a test checks every one).
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// True when `word` (the token so far) is single letters separated by periods ("U", "U.S").
fn letter_dots(word: &str) -> bool {
    !word.is_empty()
        && word
            .split('.')
            .all(|seg| seg.chars().count() == 1 && seg.chars().all(char::is_alphabetic))
}

/// Splits `text` into tokens. Never panics; any byte string that is valid UTF-8 works.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut out);
    out
}

/// Fewest lines before a text can count as wrapped.
const WRAPPED_MIN_LINES: usize = 8;
/// Share of lines starting in lower case from which a text counts as wrapped.
const WRAPPED_LOWER_SHARE: f64 = 0.2;

/// True when the text's lines are wrapped mid-sentence: at least a fifth of its lines (of
/// eight or more) start with a lower-case letter, which running text with one sentence or
/// paragraph per line almost never does.
pub fn is_wrapped(text: &str) -> bool {
    let (mut lines, mut lower) = (0usize, 0usize);
    for line in text.split('\n') {
        let Some(c) = line.trim_start().chars().next() else {
            continue;
        };
        lines += 1;
        lower += usize::from(c.is_lowercase());
    }
    lines >= WRAPPED_MIN_LINES && lower as f64 >= WRAPPED_LOWER_SHARE * lines as f64
}

/// Like [`tokenize`], reusing the caller's buffer to avoid an allocation per article.
pub fn tokenize_into(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let b = text.as_bytes();
    let wrapped = is_wrapped(text);
    let mut i = 0;
    let mut sent = true;
    // line breaks seen since the last token (a blank line is two)
    let mut breaks = 0;
    let char_at = |i: usize| -> Option<char> { text.get(i..).and_then(|s| s.chars().next()) };
    while i < b.len() {
        // ASCII needs no decoding (nor a char-boundary check).
        let c = if b[i] < 0x80 {
            char::from(b[i])
        } else {
            match char_at(i) {
                Some(c) => c,
                None => break,
            }
        };
        let cl = c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' {
                breaks += 1;
                if !wrapped || breaks > 1 {
                    sent = true;
                }
            }
            i += cl;
            continue;
        }
        breaks = 0;
        let start = i;
        if is_word_char(c) {
            let mut j = i + cl;
            while j < b.len() {
                // Fast path: ASCII letters and digits need no decoding.
                if b[j].is_ascii_alphanumeric() {
                    j += 1;
                    continue;
                }
                let d = match char_at(j) {
                    Some(d) => d,
                    None => break,
                };
                let dl = d.len_utf8();
                if is_word_char(d) {
                    j += dl;
                    continue;
                }
                let next = char_at(j + dl);
                let next_word = next.is_some_and(is_word_char);
                match d {
                    '-' | '&' if next_word => j += dl,
                    '\'' | '\u{2019}' => {
                        // possessive 's / ’s stays apart
                        let after = char_at(j + dl + 1);
                        if matches!(next, Some('s') | Some('S')) && !after.is_some_and(is_word_char)
                        {
                            break;
                        }
                        if next_word {
                            j += dl;
                        } else {
                            break;
                        }
                    }
                    '.' => {
                        let word = &text[start..j];
                        let digits = word.bytes().last().is_some_and(|x| x.is_ascii_digit())
                            && next.is_some_and(|x| x.is_ascii_digit());
                        if digits
                            || (letter_dots(word)
                                && (next_word || next.is_none_or(|x| !x.is_alphanumeric())))
                        {
                            j += dl;
                            if !digits && !next_word {
                                break;
                            }
                        } else if !next_word
                            && word.len() <= 6
                            && (ABBREV.iter().any(|a| a.eq_ignore_ascii_case(word))
                                || GIVEN_NAME_ABBREVIATIONS
                                    .iter()
                                    .any(|(a, _)| a.eq_ignore_ascii_case(word)))
                        {
                            j += dl;
                            break;
                        } else {
                            break;
                        }
                    }
                    ',' if next.is_some_and(|x| x.is_ascii_digit())
                        && text[start..j]
                            .bytes()
                            .last()
                            .is_some_and(|x| x.is_ascii_digit()) =>
                    {
                        j += dl
                    }
                    _ => break,
                }
            }
            out.push(Tok {
                start,
                end: j,
                sent_start: sent,
            });
            sent = false;
            i = j;
            continue;
        }
        // punctuation and symbols: one char, except possessive 's
        let mut end = i + cl;
        if c == '\'' || c == '\u{2019}' {
            let n = char_at(end);
            if matches!(n, Some('s') | Some('S')) && !char_at(end + 1).is_some_and(is_word_char) {
                end += 1;
            }
        }
        out.push(Tok {
            start,
            end,
            sent_start: sent,
        });
        sent = matches!(c, '.' | '?' | '!');
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t).iter().map(|k| &t[k.start..k.end]).collect()
    }

    #[test]
    fn general_punctuation_holds_no_word_characters() {
        for c in GENERAL_PUNCTUATION {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ['’', '“', '—', 'é', 'ß', '١', 'Ⅻ', 'a', '7', '-'] {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn splits_like_conll() {
        assert_eq!(
            words("Mr. Blinken's U.S. trip, 1,000.5 km; Israel-Gaza (O'Neill)."),
            [
                "Mr.",
                "Blinken",
                "'s",
                "U.S.",
                "trip",
                ",",
                "1,000.5",
                "km",
                ";",
                "Israel-Gaza",
                "(",
                "O'Neill",
                ")",
                "."
            ]
        );
        assert_eq!(words("George W. Bush"), ["George", "W.", "Bush"]);
        assert_eq!(words("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(words("Blinken’s"), ["Blinken", "’s"]);
    }

    #[test]
    fn wrapped_lines_continue_sentences() {
        let column = "The Secretary of State, Mr.\nLansing, said to-day that the\nnew note from \
                      Berlin would be\nanswered soon by the President\nand his advisers in \
                      New\nYork and Washington, where\nthe cabinet met.\n\nA second \
                      story begins\nhere and goes on\nfor a while.";
        assert!(is_wrapped(column));
        let toks = tokenize(column);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.sent_start)
            .map(|t| &column[t.start..t.end])
            .collect();
        assert_eq!(starts, ["The", "A"]);
        let news = "LONDON 1996-08-30\nWest Indian all-rounder Phil Simmons took four.\n\
                    Leicestershire beat Somerset.\nOther lines\nStart\nWith\nCapitals\nHere";
        assert!(!is_wrapped(news));
        assert_eq!(tokenize(news).iter().filter(|t| t.sent_start).count(), 8);
    }

    #[test]
    fn never_panics() {
        for t in [
            "",
            " ",
            "\n\n",
            "'",
            "’s",
            "a.",
            "é'ś",
            "مرحبا بالعالم.",
            "x-",
            "1,",
            "U.S",
        ] {
            let toks = tokenize(t);
            for k in toks {
                assert!(t.get(k.start..k.end).is_some());
            }
        }
    }
}
