//! How title, lede and body text become index terms: the `lang_stem` analyzer.
//!
//! One chain for every language, choosing its stemmer per document:
//!
//! 1. [`WordTokenizer`] splits words at anything that is not a letter, digit or combining
//!    mark (so straight and typographic apostrophes split alike: `O'Brien` = `O’Brien`),
//!    lower-cases them, drops combining accents of decomposed text, drops words over
//!    [`MAX_WORD_BYTES`], cuts runs of Chinese, Japanese and Korean characters into
//!    overlapping character pairs (`地震が発生` → `地震 震が が発 発生`), and marks hyphenated
//!    compounds (below).
//! 2. [`LangStem`] stems each word with the Snowball stemmer of the document's language (one
//!    memo per language in front of it: news repeats a small vocabulary, and stemming was 13%
//!    of indexing CPU before the memo) and prefixes the term with the language's tag:
//!    `en:ceas`, `de:regier`. Words of languages without a stemmer, and CJK pairs, are left
//!    untagged. Tags keep languages apart: the French stem of an English query word never
//!    matches English text.
//! 3. tantivy's [`AsciiFoldingFilter`] folds accents *after* stemming (stemmers know their
//!    accented suffixes): `Zürich` → `en:zurich`, `São` → `en:sao`. Stored text keeps the
//!    original; only terms are folded.
//!
//! The document's language reaches the analyzer inside the text itself: [`with_lang_marker`]
//! prefixes the value given to tantivy with `\u{E000}de\u{E000}` (a private-use character no
//! text contains), the analyzer reads and skips it, and [`strip_lang_marker`] removes it from
//! the stored value on the way out. tantivy gives an analyzer only the field's text, and this
//! keeps analysis in tantivy's indexing threads, streaming, without a second stored copy.
//!
//! **Compounds.** `cease-fire` is indexed as `cease` and `fire` (consecutive positions, so the
//! phrase `"cease fire"` matches it) plus a marker term at the first part's position:
//! the stem of the joined word, `-`, and where the hyphen was, in characters (`en:ceasefir-5`).
//! The marker is the archive's evidence that `ceasefire` may be written `cease-fire` and
//! `cease fire`: the query builder looks it up (one dictionary seek for all split points of a
//! word) and only then searches the split and joined forms for each other, so `therapist`
//! never becomes `"the rapist"`.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

use tantivy::tokenizer::{
    AsciiFoldingFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The analyzer's registered name (the `tokenizer` of title, lede and body in the schema).
pub const LANG_STEM: &str = "lang_stem";

/// Words longer than this (in bytes, lower-cased) are not indexed, as tantivy's default
/// analyzers drop them: they are OCR debris, URLs run together, base64.
pub const MAX_WORD_BYTES: usize = 40;

/// Words remembered per language and analyzer (one per text field and indexing thread).
/// Frequent words arrive first, so this covers nearly all of the token stream; later new
/// words (OCR debris, names) are stemmed without being remembered, so each memo stays under
/// about 5 MB.
const MEMO_MAX: usize = 50_000;

/// Longest word remembered: long tokens are rare and mostly one-off.
const MEMO_WORD_MAX: usize = 24;

/// Opens and closes the language marker at the start of a field value.
const MARK: char = '\u{E000}';

/// The languages whose text is stemmed, by ISO 639-1 code, with their Snowball algorithm:
/// every stemmer `frostem` (the crate tantivy stems with) has for a living language.
const STEMMERS: &[(&str, frostem::Algorithm)] = {
    use frostem::Algorithm::*;
    &[
        ("ar", Arabic),
        ("ca", Catalan),
        ("cs", Czech),
        ("da", Danish),
        ("de", German),
        ("el", Greek),
        ("en", English),
        ("eo", Esperanto),
        ("es", Spanish),
        ("et", Estonian),
        ("eu", Basque),
        ("fa", Persian),
        ("fi", Finnish),
        ("fr", French),
        ("ga", Irish),
        ("hi", Hindi),
        ("hu", Hungarian),
        ("hy", Armenian),
        ("id", Indonesian),
        ("it", Italian),
        ("lt", Lithuanian),
        ("ne", Nepali),
        ("nl", Dutch),
        ("no", Norwegian),
        ("pl", Polish),
        ("pt", Portuguese),
        ("ro", Romanian),
        ("ru", Russian),
        ("sr", Serbian),
        ("sv", Swedish),
        ("ta", Tamil),
        ("tr", Turkish),
        ("yi", Yiddish),
    ]
};

/// The codes of the languages that get a stemmer (and a term tag), for documentation and
/// for the README's table.
pub fn stemmed_languages() -> impl Iterator<Item = &'static str> {
    STEMMERS.iter().map(|(c, _)| *c)
}

/// The tag (the language code itself) of a language that has a stemmer, else `None`: its
/// words are indexed untagged and unstemmed.
pub fn tag_of(lang: &str) -> Option<&'static str> {
    STEMMERS.iter().find(|(c, _)| *c == lang).map(|(c, _)| *c)
}

fn algorithm_of(tag: &str) -> Option<frostem::Algorithm> {
    STEMMERS.iter().find(|(c, _)| *c == tag).map(|(_, a)| *a)
}

/// The value to give tantivy for a title, lede or body in language `lang`: the text behind
/// the language marker, or the text itself when the language has no stemmer (or is unknown).
pub fn with_lang_marker(lang: Option<&str>, text: &str) -> String {
    match lang.and_then(tag_of) {
        Some(tag) => {
            let mut s = String::with_capacity(text.len() + tag.len() + 6);
            s.push(MARK);
            s.push_str(tag);
            s.push(MARK);
            s.push_str(text);
            s
        }
        None => text.to_string(),
    }
}

/// A stored title, lede or body without its language marker.
pub fn strip_lang_marker(text: &str) -> &str {
    split_marker(text).1
}

/// The language tag of a marked value, and the text after the marker.
fn split_marker(text: &str) -> (Option<&'static str>, &str) {
    let Some(rest) = text.strip_prefix(MARK) else {
        return (None, text);
    };
    match rest.split_once(MARK) {
        Some((code, tail)) if code.len() <= 3 => (tag_of(code), tail),
        _ => (None, text),
    }
}

/// Is `c` a Chinese, Japanese or Korean character (Han, kana, Hangul)? Those scripts do not
/// separate words with spaces, so their text is indexed as overlapping character pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x31F0..=0x31FF   // Katakana phonetic extensions
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0x1100..=0x11FF   // Hangul Jamo
        | 0x3130..=0x318F   // Hangul compatibility Jamo
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF66..=0xFF9F   // half-width Katakana
        | 0x20000..=0x2FA1F // CJK Extensions B–F, compatibility supplement
    )
}

/// Combining accents of decomposed Latin, Greek and Cyrillic text (`u` + U+0308): dropped, so
/// `Zu\u{308}rich` is indexed as `Zürich` would be after folding.
fn is_combining_accent(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Vowel signs, viramas and other marks inside words of Indic, Thai and similar scripts,
/// which `char::is_alphanumeric` does not all count as letters: a word does not end at them.
fn is_inner_mark(c: char) -> bool {
    let u = c as u32;
    (matches!(u, 0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
        && !matches!(
            u,
            0x0964 | 0x0965 | 0x0970 | 0x0E2F | 0x0E46 | 0x0E4F | 0x0E5A | 0x0E5B
        )
        && !c.is_whitespace())
        || matches!(u, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x200C | 0x200D)
}

/// Does `c` belong in a word (outside CJK runs)? The one definition the tokenizer and the
/// query parser share: a query word with no such character analyses to nothing.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_accent(c) || is_inner_mark(c)
}

/// Joins the two parts of a hyphenated compound (`cease-fire`, `e‑mail`).
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The words of `text` as the analyzer sees them before stemming: lower-cased, split where it
/// splits (CJK runs stay whole). The query builder uses this to try split points of a word.
pub fn surface_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for c in text.chars() {
        if is_word_char(c) {
            if !is_combining_accent(c) {
                cur.extend(c.to_lowercase());
            }
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Splits text into lower-cased words, CJK character pairs and compound markers (see the
/// module documentation). Positions count words; a compound marker shares its first part's.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where scanning continues.
    at: usize,
    token: &'a mut Token,
    /// Tokens already made, waiting their turn (CJK pairs, a compound's marker and next
    /// part); the flag says the token is a word whose end may start another compound.
    queue: VecDeque<(Token, bool)>,
    /// Next position to give out.
    next_pos: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
            queue: VecDeque::new(),
            next_pos: 0,
        }
    }
}

impl WordStream<'_> {
    /// Lower-cases `text[from..to]` (one word) into `out`, without combining accents.
    fn lower_into(&self, from: usize, to: usize, out: &mut String) {
        out.clear();
        let w = &self.text[from..to];
        if w.is_ascii() {
            out.push_str(w);
            out.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                if !is_combining_accent(c) {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }

    /// The end of the word starting at `from` (a word character that is not CJK). ASCII
    /// letters and digits are skipped byte by byte (most words of most archives), the rest
    /// char by char.
    fn word_end(&self, from: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut at = from;
        while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        if at == bytes.len() || bytes[at].is_ascii() {
            return at;
        }
        self.text[at..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c) || is_cjk(c))
            .map_or(self.text.len(), |(i, _)| at + i)
    }

    /// Where the next word character is, from `self.at`, with that character. ASCII
    /// separators (spaces, punctuation) are skipped byte by byte.
    fn next_word_start(&self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        while at < bytes.len() && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        self.text[at..]
            .char_indices()
            .find(|&(_, c)| is_word_char(c))
            .map(|(i, c)| (at + i, c))
    }

    /// Does a hyphen and another word (not CJK) follow `end`? Only then can a compound start
    /// there ([`Self::queue_compound`]).
    fn compound_follows(&self, end: usize) -> bool {
        let mut rest = self.text[end..].chars();
        matches!((rest.next(), rest.next()), (Some(h), Some(n))
            if is_joiner(h) && is_word_char(n) && !is_cjk(n))
    }

    /// If a hyphen and another word follow the word `first` (ending at `end`), queues the
    /// compound's marker (at `first`'s position) and that next word.
    fn queue_compound(&mut self, first: &Token, end: usize) {
        let mut rest = self.text[end..].chars();
        let (Some(h), Some(n)) = (rest.next(), rest.next()) else {
            return;
        };
        if !is_joiner(h) || !is_word_char(n) || is_cjk(n) {
            return;
        }
        let from = end + h.len_utf8();
        let to = self.word_end(from);
        let mut next = Token {
            offset_from: from,
            offset_to: to,
            position: self.next_pos,
            ..Token::default()
        };
        self.next_pos += 1;
        self.lower_into(from, to, &mut next.text);
        let letters = |s: &str| s.chars().any(char::is_alphabetic);
        if next.text.len() > MAX_WORD_BYTES {
            // Too long to index: the compound ends here, and the word is skipped.
            self.at = to;
            return;
        }
        if first.text.len() + next.text.len() < MAX_WORD_BYTES
            && (letters(&first.text) || letters(&next.text))
        {
            let mut text = String::with_capacity(first.text.len() + next.text.len() + 1);
            text.push_str(&first.text);
            text.push('-');
            text.push_str(&next.text);
            self.queue.push_back((
                Token {
                    offset_from: first.offset_from,
                    offset_to: to,
                    position: first.position,
                    text,
                    position_length: 1,
                },
                false,
            ));
        }
        self.queue.push_back((next, true));
        self.at = to;
    }

    /// Queues the character pairs of the CJK run starting at `from`; returns its end.
    fn queue_cjk(&mut self, from: usize) -> usize {
        let chars: Vec<(usize, char)> = self.text[from..]
            .char_indices()
            .take_while(|&(_, c)| is_cjk(c))
            .map(|(i, c)| (from + i, c))
            .collect();
        let end = chars.last().map_or(from, |&(i, c)| i + c.len_utf8());
        if chars.len() == 1 {
            let (i, c) = chars[0];
            self.push_cjk(i, i + c.len_utf8(), &[c]);
        }
        for w in chars.windows(2) {
            let ((i, a), (_, b)) = (w[0], w[1]);
            self.push_cjk(i, i + a.len_utf8() + b.len_utf8(), &[a, b]);
        }
        end
    }

    fn push_cjk(&mut self, from: usize, to: usize, chars: &[char]) {
        let token = Token {
            offset_from: from,
            offset_to: to,
            position: self.next_pos,
            text: chars.iter().collect(),
            position_length: 1,
        };
        self.next_pos += 1;
        self.queue.push_back((token, false));
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some((t, word)) = self.queue.pop_front() {
                *self.token = t;
                let end = self.token.offset_to;
                if word && self.compound_follows(end) {
                    let t = self.token.clone();
                    self.queue_compound(&t, end);
                }
                return true;
            }
            let Some((from, c)) = self.next_word_start() else {
                self.at = self.text.len();
                return false;
            };
            if is_cjk(c) {
                self.at = self.queue_cjk(from);
                continue;
            }
            let to = self.word_end(from);
            self.at = to;
            let mut text = std::mem::take(&mut self.token.text);
            self.lower_into(from, to, &mut text);
            if text.len() > MAX_WORD_BYTES || text.is_empty() {
                self.token.text = text;
                self.next_pos += usize::from(!self.token.text.is_empty());
                continue;
            }
            self.token.text = text;
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = self.next_pos;
            self.token.position_length = 1;
            self.next_pos += 1;
            if self.compound_follows(to) {
                let t = self.token.clone();
                self.queue_compound(&t, to);
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Per-language Snowball stemming with a memo, and the language tag on every term (a
/// [`TokenFilter`]). The language comes from the text's marker, unless the filter was made
/// for one language ([`for_language`]).
#[derive(Clone, Debug, Default)]
pub struct LangStem {
    /// `Some(lang)`: always this language (`Some(None)`: no stemmer), markers not read.
    fixed: Option<Option<&'static str>>,
    /// When set, only words starting with one of these letters are stemmed (snippets of
    /// English text: Snowball English never changes a word's first letter).
    only_first: Option<Vec<char>>,
}

impl TokenFilter for LangStem {
    type Tokenizer<T: Tokenizer> = LangStemFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> LangStemFilter<T> {
        LangStemFilter {
            inner,
            fixed: self.fixed,
            only_first: self.only_first,
            memos: Vec::new(),
        }
    }
}

type Memo = HashMap<Box<str>, Box<str>, foldhash::fast::FixedState>;

/// The tokenizer [`LangStem`] wraps around the one before it.
#[derive(Clone)]
pub struct LangStemFilter<T> {
    inner: T,
    fixed: Option<Option<&'static str>>,
    only_first: Option<Vec<char>>,
    /// One memo per language met, with its stemmer.
    memos: Vec<(&'static str, frostem::Stemmer, Memo)>,
}

impl<T: Tokenizer> Tokenizer for LangStemFilter<T> {
    type TokenStream<'a> = LangStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let (tag, text) = match self.fixed {
            Some(lang) => (lang, text),
            None => split_marker(text),
        };
        let slot = tag.and_then(|tag| {
            if let Some(i) = self.memos.iter().position(|(t, _, _)| *t == tag) {
                return Some(i);
            }
            let algorithm = algorithm_of(tag)?;
            self.memos
                .push((tag, frostem::Stemmer::new(algorithm), Memo::default()));
            Some(self.memos.len() - 1)
        });
        let stem = slot.map(|i| {
            let (tag, stemmer, memo) = &mut self.memos[i];
            (*tag, *stemmer, memo)
        });
        LangStemStream {
            tail: self.inner.token_stream(text),
            stem,
            only_first: self.only_first.as_deref(),
            buf: String::new(),
        }
    }
}

/// The token stream of [`LangStemFilter`].
pub struct LangStemStream<'a, T> {
    tail: T,
    /// The language's tag, stemmer and memo; `None` leaves words untagged and unstemmed.
    stem: Option<(&'static str, frostem::Stemmer, &'a mut Memo)>,
    only_first: Option<&'a [char]>,
    buf: String,
}

/// The two parts of a compound's marker token (`cease-fire`), `None` for a word (words
/// never hold a `-`). A byte loop: tokens are short, and this runs on every one.
fn split_marker_text(text: &str) -> Option<(&str, &str)> {
    let i = text.bytes().position(|b| b == b'-')?;
    Some((&text[..i], &text[i + 1..]))
}

/// The stem of `word`, through the memo.
fn stem_word(stemmer: frostem::Stemmer, memo: &mut Memo, word: &str, out: &mut String) {
    if let Some(stem) = memo.get(word) {
        out.push_str(stem);
        return;
    }
    let stem: Cow<str> = stemmer.stem(word);
    out.push_str(&stem);
    if word.len() <= MEMO_WORD_MAX && memo.len() < MEMO_MAX {
        memo.insert(word.into(), stem.as_ref().into());
    }
}

impl<T: TokenStream> TokenStream for LangStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let Some((tag, stemmer, memo)) = self.stem.as_mut() else {
            if let Some((a, b)) = split_marker_text(&token.text) {
                // A compound's marker, untagged: the joined word and where the hyphen was.
                token.text = format!("{a}{b}-{}", a.chars().count());
            }
            return true;
        };
        if token.text.starts_with(is_cjk) {
            return true;
        }
        self.buf.clear();
        self.buf.push_str(tag);
        self.buf.push(':');
        if let Some((a, b)) = split_marker_text(&token.text) {
            // A compound's marker: the stem of the joined word, and where the hyphen was.
            let joined = format!("{a}{b}");
            stem_word(*stemmer, memo, &joined, &mut self.buf);
            self.buf.push('-');
            self.buf.push_str(&a.chars().count().to_string());
        } else if self
            .only_first
            .is_some_and(|f| !token.text.chars().next().is_some_and(|c| f.contains(&c)))
        {
            self.buf.push_str(&token.text);
        } else {
            stem_word(*stemmer, memo, &token.text, &mut self.buf);
        }
        std::mem::swap(&mut token.text, &mut self.buf);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

fn chain(stem: LangStem) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(stem)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer registered as [`LANG_STEM`] on every index newsdex opens or creates: the
/// language comes from each value's marker.
pub fn lang_stem() -> TextAnalyzer {
    chain(LangStem::default())
}

/// The same chain for text known to be in `lang` (`None`: unknown or without a stemmer),
/// without markers: query words are analysed once per language this way, and snippets with
/// the hit's language.
pub fn for_language(lang: Option<&str>) -> TextAnalyzer {
    chain(LangStem {
        fixed: Some(lang.and_then(tag_of)),
        only_first: None,
    })
}

/// [`for_language`] for highlighting the given query terms (tagged as the index holds them):
/// in English, words whose first letter starts none of the stems are left unstemmed.
/// Snowball English never changes a word's first letter, so such a word cannot stem to a
/// query stem; skipping it removes most of the stemming from building snippets.
pub fn for_highlighting<'a>(
    lang: Option<&str>,
    terms: impl IntoIterator<Item = &'a str>,
) -> TextAnalyzer {
    let tag = lang.and_then(tag_of);
    let only_first = (tag == Some("en")).then(|| {
        terms
            .into_iter()
            .filter_map(|t| t.strip_prefix("en:"))
            .filter_map(|s| s.chars().next())
            .collect()
    });
    chain(LangStem {
        fixed: Some(tag),
        only_first,
    })
}

/// What every compound marker of the one word `word` in language `lang` starts with (its
/// split number follows): `en:ceasefir-`. `None` when `word` is not one word.
pub fn marker_prefix(lang: Option<&str>, word: &str) -> Option<String> {
    let mut a = for_language(lang);
    let mut s = a.token_stream(word);
    let mut out = None;
    while s.advance() {
        if out.is_some() {
            return None; // not one word
        }
        out = Some(format!("{}-", s.token().text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer};

    fn terms(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    fn with_pos(a: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push((s.token().position, s.token().text.clone()));
        }
        out
    }

    /// English text of plain ASCII words gives tantivy's own `en_stem` terms, tagged: the
    /// memo and the new tokenizer change nothing there, the first time (stemmed) and the
    /// second (remembered).
    #[test]
    fn english_words_stem_as_tantivys_en_stem() {
        let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES + 1))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let text = "The talks in Gaza were running; negotiators ran, RUNNING faster. \
                    Generously generalised organisations communities 1916 US \
                    pneumonoultramicroscopicsilicovolcanoconiosis \
                    averyveryveryveryveryverylongwordthatisnotremembered";
        let want: Vec<String> = terms(&mut reference, text)
            .into_iter()
            .map(|t| format!("en:{t}"))
            .collect();
        assert!(want.contains(&"en:negoti".to_string()), "{want:?}");
        let mut ours = lang_stem();
        let marked = with_lang_marker(Some("en"), text);
        assert_eq!(terms(&mut ours, &marked), want);
        assert_eq!(terms(&mut ours, &marked), want, "remembered stems differ");
        assert_eq!(terms(&mut for_language(Some("en")), text), want);
        // For highlighting "negoti" and "run": words starting with n or r are stemmed as
        // always; no other word can stem to either, and those are left alone.
        let mut only = for_highlighting(Some("en"), ["en:negoti", "en:run"]);
        for (got, full) in terms(&mut only, text).iter().zip(&want) {
            if full.starts_with("en:n") || full.starts_with("en:r") {
                assert_eq!(got, full);
            } else {
                assert_ne!(got, "en:negoti");
                assert_ne!(got, "en:run");
            }
        }
        assert!(terms(&mut only, text).contains(&"en:generously".to_string()));
    }

    #[test]
    fn each_language_its_stemmer_and_tag() {
        let mut a = lang_stem();
        let de = with_lang_marker(Some("de"), "Regierung Regierungen");
        assert_eq!(terms(&mut a, &de), ["de:regier", "de:regier"]);
        let en = with_lang_marker(Some("en"), "Regierungen");
        assert_eq!(terms(&mut a, &en), ["en:regierungen"]);
        // No stemmer: untagged, folded.
        let ja = with_lang_marker(Some("ja"), "Tōkyō");
        assert_eq!(ja, "Tōkyō", "no marker for a language without a stemmer");
        assert_eq!(terms(&mut a, &ja), ["tokyo"]);
        assert_eq!(strip_lang_marker(&de), "Regierung Regierungen");
        assert_eq!(strip_lang_marker("plain"), "plain");
        assert_eq!(tag_of("xx"), None);
    }

    #[test]
    fn accents_fold_after_stemming_and_apostrophes_are_one() {
        let mut en = for_language(Some("en"));
        assert_eq!(terms(&mut en, "Zürich"), terms(&mut en, "Zurich"));
        assert_eq!(terms(&mut en, "Zu\u{308}rich"), terms(&mut en, "Zurich"));
        assert_eq!(terms(&mut en, "São Paulo"), terms(&mut en, "Sao Paulo"));
        assert_eq!(
            terms(&mut en, "México café naïve"),
            terms(&mut en, "Mexico cafe naive")
        );
        assert_eq!(terms(&mut en, "O’Brien’s"), terms(&mut en, "O'Brien's"));
        assert_eq!(terms(&mut en, "O’Brien"), ["en:o", "en:brien"]);
        let mut de = for_language(Some("de"));
        assert_eq!(
            terms(&mut de, "Müller Straße"),
            terms(&mut de, "Muller Strasse")
        );
    }

    #[test]
    fn compounds_keep_their_parts_and_a_marker() {
        let mut en = for_language(Some("en"));
        assert_eq!(
            with_pos(&mut en, "a cease-fire deal"),
            [
                (0, "en:a".to_string()),
                (1, "en:ceas".to_string()),
                (1, "en:ceasefir-5".to_string()),
                (2, "en:fire".to_string()),
                (3, "en:deal".to_string())
            ]
        );
        assert_eq!(
            marker_prefix(Some("en"), "ceasefire").as_deref(),
            Some("en:ceasefir-")
        );
        // Three parts: a marker for each pair; numbers alone make no marker.
        assert_eq!(
            terms(&mut en, "mother-in-law 555-1234 COVID-19"),
            [
                "en:mother",
                "en:motherin-6",
                "en:in",
                "en:inlaw-2",
                "en:law",
                "en:555",
                "en:1234",
                "en:covid",
                "en:covid19-5",
                "en:19"
            ]
        );
        // A hyphen with nothing after it, or a dash between spaces, joins nothing.
        assert_eq!(
            terms(&mut en, "pre- and post-"),
            ["en:pre", "en:and", "en:post"]
        );
    }

    #[test]
    fn cjk_runs_become_character_pairs() {
        let mut a = for_language(Some("ja"));
        assert_eq!(
            with_pos(&mut a, "東京で地震が発生"),
            [
                (0, "東京".to_string()),
                (1, "京で".to_string()),
                (2, "で地".to_string()),
                (3, "地震".to_string()),
                (4, "震が".to_string()),
                (5, "が発".to_string()),
                (6, "発生".to_string())
            ]
        );
        // Pairs are untagged in any language; a lone character stays itself.
        let mut en = for_language(Some("en"));
        assert_eq!(
            terms(&mut en, "Tokyo (東京) 日"),
            ["en:tokyo", "東京", "日"]
        );
        let mut ko = for_language(Some("ko"));
        assert_eq!(terms(&mut ko, "지진이 발생"), ["지진", "진이", "발생"]);
    }

    #[test]
    fn indic_words_hold_together() {
        let mut hi = for_language(Some("hi"));
        let t = terms(&mut hi, "प्रधानमंत्री मोदी");
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(surface_words("प्रधानमंत्री मोदी").len(), 2);
    }

    #[test]
    fn long_words_are_dropped_and_nothing_panics() {
        let mut a = lang_stem();
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(terms(&mut a, &format!("a {long} b")), ["a", "b"]);
        for t in [
            "",
            "-",
            "--a",
            "a-",
            "\u{E000}",
            "\u{E000}en",
            "\u{E000}en\u{E000}",
            "\u{E000}zz\u{E000}x",
            "a-\u{308}",
            "日-本",
            "é-",
            "x-日",
        ] {
            let _ = terms(&mut a, t);
        }
        assert_eq!(terms(&mut a, "\u{E000}zz\u{E000}x"), ["x"]);
    }
}
