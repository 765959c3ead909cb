//! Language detection from an article's text.
//!
//! Two maintained crates, chosen by measurement (README, "Languages"): `whichlang` (Quickwit's
//! linear model over hashed character n-grams, 16 languages) is fast and never mistook
//! another language for English on our corpora, so its "English" is taken as it is — that
//! is most articles of most archives, and they pay only for it. Any other answer may be a
//! language whichlang does not know (it read Czech as Vietnamese, Norwegian as Swedish), so
//! `whatlang` (trigram profiles of 69 languages, slower) decides those.
//!
//! Only the start of the text is read ([`SAMPLE_BYTES`]): news states its language in its
//! first sentences, and detection must stay a small part of indexing time. whichlang reads
//! the first [`ENGLISH_SAMPLE_BYTES`] of it: its cost is about 200 instructions per byte
//! (three hashed n-grams per character, each adding 16 weights), and on 300 bytes it gave the
//! same answers as on 600 on the BBC, CNN, White House and fundus texts (Reuters: 99.09%
//! English against 99.21%, before the file's vote). whatlang, which decides the rest, keeps
//! the whole sample: it needs it (fundus 96.7% at 300 bytes, 98.4% at 600).

use crate::article::Article;

/// Bytes of title, lede and body read for detection.
pub const SAMPLE_BYTES: usize = 600;

/// Bytes of the sample whichlang reads to decide "English" (see the module documentation).
pub const ENGLISH_SAMPLE_BYTES: usize = 300;

/// Below this many lower-case or caseless letters in the sample, a detection is not sure
/// (tables of figures, all-capital headlines, one-line briefs): about twenty words.
pub const SURE_LETTERS: usize = 100;

/// Below this many, no guess at all: two letters of "vs" are no language.
pub const GUESS_LETTERS: usize = 8;

/// What detection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// ISO 639-1 code, or `None` when the text has no letters to go on.
    pub lang: Option<&'static str>,
    /// Whether the text held enough words for the answer to be trusted on its own.
    pub sure: bool,
}

/// The start of the article's text: title, lede, body, up to [`SAMPLE_BYTES`].
fn sample(a: &Article) -> String {
    let mut s = String::with_capacity(SAMPLE_BYTES + 8);
    for part in [&a.title, &a.lede, &a.body] {
        let room = SAMPLE_BYTES.saturating_sub(s.len());
        if room == 0 {
            break;
        }
        let mut end = part.len().min(room);
        while !part.is_char_boundary(end) {
            end -= 1;
        }
        s.push_str(&part[..end]);
        s.push('\n');
    }
    s
}

/// Detects the language of an article from the start of its text.
pub fn detect(a: &Article) -> Detected {
    detect_text(&sample(a))
}

/// How many letters of `text` are lower-case or caseless (`char::is_alphabetic` and not
/// `char::is_uppercase`). ASCII bytes are counted as bytes: for them that test is
/// `is_ascii_lowercase`, and the Unicode tables it goes through cost more than detection's
/// own arithmetic on the curly quotes and dashes of news text.
fn lower_or_caseless_letters(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        n += rest.as_bytes()[..ascii]
            .iter()
            .filter(|b| b.is_ascii_lowercase())
            .count();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            n += usize::from(c.is_alphabetic() && !c.is_uppercase());
            rest = chars.as_str();
        }
    }
    n
}

/// Detects the language of a short text (see the module documentation).
pub fn detect_text(text: &str) -> Detected {
    let letters = lower_or_caseless_letters(text);
    if letters < GUESS_LETTERS {
        return Detected {
            lang: None,
            sure: false,
        };
    }
    let sure = letters >= SURE_LETTERS;
    let mut end = text.len().min(ENGLISH_SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if whichlang::detect_language(&text[..end]) == whichlang::Lang::Eng {
        return Detected {
            lang: Some("en"),
            sure,
        };
    }
    let lang = whatlang::detect_lang(text).and_then(|l| two_letter(l.code()));
    Detected { lang, sure }
}

/// The ISO 639-1 code of a whatlang language (ISO 639-3).
fn two_letter(code: &str) -> Option<&'static str> {
    super::THREE_TO_TWO
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| match *two {
            "nb" | "nn" => "no",
            t => t,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_of_news_text() {
        for (text, want) in [
            (
                "The ceasefire between the two sides held overnight, officials said on Tuesday, \
              as negotiators prepared for another round of talks in Cairo.",
                "en",
            ),
            (
                "Die Regierung will die Förderung erneuerbarer Energien ausweiten, teilte ein \
              Sprecher des Ministeriums am Mittwoch in Berlin mit.",
                "de",
            ),
            (
                "Vláda ve středu schválila návrh zákona, který má zjednodušit stavební řízení \
              a zrychlit povolování nových domů.",
                "cs",
            ),
            (
                "Regjeringen vil styrke beredskapen i Nord-Norge, sier forsvarsministeren etter \
              møtet med de allierte i Brussel i går.",
                "no",
            ),
            (
                "東京で震度5弱の地震が発生し、気象庁は津波の心配はないと発表した。",
                "ja",
            ),
            (
                "서울에서 규모 4.1의 지진이 발생했다고 기상청이 밝혔다.",
                "ko",
            ),
        ] {
            let d = detect_text(text);
            assert_eq!(d.lang, Some(want), "{text}");
        }
        assert_eq!(detect_text("1,234 vs 5,678 -- 12%").lang, None);
        assert!(!detect_text("Shr 24 cts vs 18 cts").sure);
    }

    #[test]
    fn letters_count_as_the_unicode_test_counts_them() {
        for text in [
            "",
            "The Ceasefire “held” — officials said, 12 times.",
            "Vláda ve středu SCHVÁLILA návrh ÆØÅ æøå ß ǅ",
            "東京で震度5弱の地震が発生し、서울에서",
            "Ελλάδα ΑΘΗΝΑ Москва МОСКВА\u{308}x",
        ] {
            let want = text
                .chars()
                .filter(|c| c.is_alphabetic() && !c.is_uppercase())
                .count();
            assert_eq!(lower_or_caseless_letters(text), want, "{text}");
        }
    }

    #[test]
    fn three_letter_codes_map() {
        assert_eq!(two_letter("nob"), Some("no"));
        assert_eq!(two_letter("cmn"), Some("zh"));
        assert_eq!(two_letter("xxx"), None);
    }
}
