//! Per-language Snowball stemming with a memo, and the language tag on every term.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::languages::{algorithm_of, split_marker};
use super::words::{Next, WordStream, WordTokenizer, is_cjk};

/// Words remembered per language and thread. Frequent words arrive first, so this covers
/// nearly all of the token stream; later new words (OCR debris, names) are stemmed without
/// being remembered, so each memo stays under about 5 MB.
const MEMO_MAX: usize = 50_000;

/// Longest word remembered, in bytes (its [`Key`] holds it): long tokens are rare and mostly
/// one-off.
const MEMO_WORD_MAX: usize = 24;

/// A remembered word: its lower-cased bytes in three little-endian words, padded with
/// spaces, a byte no word holds (so no two words share a key). An ASCII word's key is made
/// from the text as it stands, capitals and all ([`Key::of_ascii`]), without copying it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key([u64; 3]);

/// Eight spaces: the padding of a [`Key`].
const PAD: u64 = u64::from_le_bytes([b' '; 8]);

impl Key {
    /// The key of a lower-cased word of at most [`MEMO_WORD_MAX`] bytes.
    fn of(word: &[u8]) -> Key {
        let mut b = [b' '; MEMO_WORD_MAX];
        b[..word.len()].copy_from_slice(word);
        Key(std::array::from_fn(|i| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[8 * i..8 * i + 8]);
            u64::from_le_bytes(w)
        }))
    }

    /// The key of an ASCII word of letters and digits, of at most [`MEMO_WORD_MAX`] bytes,
    /// capitals included: setting bit 5 of every byte lower-cases a letter and leaves a digit
    /// and the padding as they are.
    fn of_ascii(word: &[u8], upper: bool) -> Key {
        let mut k = Key::of(word);
        if upper {
            for w in &mut k.0 {
                *w |= PAD;
            }
        }
        k
    }
}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // One write: a word of up to 8 bytes (most) maps to it one to one, and the hasher
        // mixes it.
        let [a, b, c] = self.0;
        state.write_u64(
            a ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ c.wrapping_mul(0xc2b2_ae3d_27d4_eb4f),
        );
    }
}

/// Words → their whole terms (`en:negoti`): the tag, `:` and the stem.
type MemoMap = HashMap<Key, Box<str>, foldhash::fast::FixedState>;

/// A language's stemmer and memo.
pub(super) struct Memo {
    stemmer: frostem::Stemmer,
    map: MemoMap,
}

thread_local! {
    /// The memos of this thread, per language, kept from one text to the next. tantivy
    /// gives each field of each segment its own analyzer (a fresh clone), and snippets
    /// analyse each text with a fresh clone too: a memo owned by the analyzer was emptied
    /// with every segment and filled once per field (the title, lede and body of one
    /// article stemmed the same words three times), and never outlived one snippet (the
    /// [`super::Highlighter`] takes it for each text it reads). Stems depend on the word and
    /// the language only, so any memo gives the same terms.
    static THREAD_MEMOS: RefCell<Vec<(&'static str, Memo)>> = const { RefCell::new(Vec::new()) };
}

/// Per-language Snowball stemming with a memo, and the language tag on every term: the
/// settings of the [`LangStemTokenizer`] ([`Self::tokenizer`]). The language comes from the
/// text's marker, unless the tokenizer was made for one language ([`super::for_language`]).
#[derive(Clone, Debug, Default)]
pub struct LangStem {
    /// `Some(lang)`: always this language (`Some(None)`: no stemmer), markers not read.
    pub(super) fixed: Option<Option<&'static str>>,
}

impl LangStem {
    /// The tokenizer: [`WordTokenizer`]'s words, stemmed and tagged.
    pub fn tokenizer(self) -> LangStemTokenizer {
        LangStemTokenizer {
            words: WordTokenizer::default(),
            fixed: self.fixed,
        }
    }
}

/// [`WordTokenizer`] with each word stemmed and tagged as [`LangStem`] says. One tokenizer,
/// not a filter over any: plain ASCII words reach the memo straight from the text
/// (`words::Next::Ascii`), and a remembered word's term is written once, without the word being
/// copied and lower-cased first.
#[derive(Clone)]
pub struct LangStemTokenizer {
    words: WordTokenizer,
    fixed: Option<Option<&'static str>>,
}

impl Tokenizer for LangStemTokenizer {
    type TokenStream<'a> = LangStemStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> LangStemStream<'a> {
        let (tag, text) = match self.fixed {
            Some(lang) => (lang, text),
            None => split_marker(text),
        };
        let stem = tag.and_then(|tag| take_memo(tag).map(|m| (tag, m)));
        LangStemStream {
            tail: self.words.token_stream(text),
            stem,
            buf: String::new(),
        }
    }
}

/// The thread's memo of language `tag`, taken out until the stream that uses it is dropped
/// ([`give_back`]); `None` when the language has no stemmer.
pub(super) fn take_memo(tag: &'static str) -> Option<Memo> {
    let stemmer = frostem::Stemmer::new(algorithm_of(tag)?);
    let map = THREAD_MEMOS
        .try_with(|m| {
            let mut memos = m.borrow_mut();
            memos
                .iter_mut()
                .find(|(t, _)| *t == tag)
                .map(|(_, memo)| std::mem::take(&mut memo.map))
        })
        .ok()
        .flatten()
        .unwrap_or_default();
    Some(Memo { stemmer, map })
}

/// Puts a memo taken by [`take_memo`] back (a stream made meanwhile on the same thread had
/// an empty one: whatever it remembered gives way to the larger memo).
pub(super) fn give_back(tag: &'static str, memo: Memo) {
    let _ = THREAD_MEMOS.try_with(|m| {
        let mut memos = m.borrow_mut();
        match memos.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, slot)) => *slot = memo,
            None => memos.push((tag, memo)),
        }
    });
}

/// The token stream of [`LangStemTokenizer`].
pub struct LangStemStream<'a> {
    tail: WordStream<'a>,
    /// The language's tag and memo; `None` leaves words untagged and unstemmed.
    stem: Option<(&'static str, Memo)>,
    buf: String,
}

impl Drop for LangStemStream<'_> {
    fn drop(&mut self) {
        if let Some((tag, memo)) = self.stem.take() {
            give_back(tag, memo);
        }
    }
}

/// The two parts of a compound's marker token (`cease-fire`), `None` for a word (words
/// never hold a `-`). A byte loop: tokens are short, and this runs on every one.
fn split_marker_text(text: &str) -> Option<(&str, &str)> {
    let i = text.bytes().position(|b| b == b'-')?;
    Some((&text[..i], &text[i + 1..]))
}

/// Appends the term of `word` (lower-cased) in language `tag` to `out`: the tag, `:` and the
/// stem, through the memo.
fn push_term(tag: &str, memo: &mut Memo, word: &str, out: &mut String) {
    let key = (word.len() <= MEMO_WORD_MAX).then(|| Key::of(word.as_bytes()));
    if let Some(term) = key.and_then(|k| memo.map.get(&k)) {
        out.push_str(term);
        return;
    }
    let start = out.len();
    out.push_str(tag);
    out.push(':');
    let stem: Cow<str> = memo.stemmer.stem(word);
    out.push_str(&stem);
    if let Some(k) = key
        && memo.map.len() < MEMO_MAX
    {
        memo.map.insert(k, out[start..].into());
    }
}

/// How one token's text (a lower-cased word, CJK pair or compound marker) becomes its term
/// before folding: written into `out` when it changes (`true`), else the text is its own term
/// (`false`). The one definition [`LangStemTokenizer`] and [`super::Highlighter`] share.
///
/// `stem` is the language's tag and memo, `None` for a language without a stemmer (words are
/// left untagged). When `only_first` is given, a word whose first letter is not among those is
/// tagged unstemmed: the highlighter's shortcut for English, whose Snowball stemmer never
/// changes a word's first letter, so such a word cannot stem to a query stem starting with
/// one of them.
pub(super) fn term_of(
    stem: Option<(&'static str, &mut Memo)>,
    only_first: Option<&[char]>,
    text: &str,
    out: &mut String,
) -> bool {
    let Some((tag, memo)) = stem else {
        let Some((a, b)) = split_marker_text(text) else {
            return false;
        };
        // A compound's marker, untagged: the joined word and where the hyphen was.
        out.clear();
        out.push_str(a);
        out.push_str(b);
        out.push('-');
        out.push_str(&a.chars().count().to_string());
        return true;
    };
    if text.starts_with(is_cjk) {
        return false;
    }
    out.clear();
    if let Some((a, b)) = split_marker_text(text) {
        // A compound's marker: the stem of the joined word, and where the hyphen was.
        let joined = format!("{a}{b}");
        push_term(tag, memo, &joined, out);
        out.push('-');
        out.push_str(&a.chars().count().to_string());
    } else if only_first.is_some_and(|f| !text.chars().next().is_some_and(|c| f.contains(&c))) {
        out.push_str(tag);
        out.push(':');
        out.push_str(text);
    } else {
        push_term(tag, memo, text, out);
    }
    true
}

impl TokenStream for LangStemStream<'_> {
    fn advance(&mut self) -> bool {
        let next = self.tail.next_word();
        let Some((tag, memo)) = self.stem.as_mut().map(|(t, m)| (*t, m)) else {
            match next {
                Next::End => return false,
                Next::Token => {}
                Next::Ascii { from, to, upper } => {
                    self.tail.fill_ascii(from, to, upper);
                    return true;
                }
            }
            let token = self.tail.token_mut();
            if term_of(None, None, &token.text, &mut self.buf) {
                std::mem::swap(&mut token.text, &mut self.buf);
            }
            return true;
        };
        match next {
            Next::End => return false,
            Next::Token => {}
            Next::Ascii { from, to, upper } => {
                let word = self.tail.bytes(from, to);
                if word.len() <= MEMO_WORD_MAX {
                    // The memo, straight from the text: the term replaces the token's text.
                    let key = Key::of_ascii(word, upper);
                    if let Some(term) = memo.map.get(&key) {
                        let text = &mut self.tail.token_mut().text;
                        text.clear();
                        text.push_str(term);
                        return true;
                    }
                }
                self.tail.fill_ascii(from, to, upper);
            }
        }
        let token = self.tail.token_mut();
        if term_of(Some((tag, memo)), None, &token.text, &mut self.buf) {
            std::mem::swap(&mut token.text, &mut self.buf);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key read from the text, capitals and all, is the key of the lower-cased word,
    /// whatever the word's length.
    #[test]
    fn ascii_keys_are_the_keys_of_the_lower_case_words() {
        let text = "Ceasefire in GAZA 1916 aBcDeFgHiJkLmNoPqRsTuVwX x abcdefgh \
                    ABCDEFGHIJKLMNOPQRSTUVW a1B2c3D4e5F6g7H8 End";
        let bytes = text.as_bytes();
        let mut from = 0;
        let mut seen = 0;
        for word in text.split(' ') {
            if !word.is_empty() {
                let to = from + word.len();
                let lower = word.to_ascii_lowercase();
                let upper = word.bytes().any(|b| b.is_ascii_uppercase());
                assert_eq!(
                    Key::of_ascii(&bytes[from..to], upper),
                    Key::of(lower.as_bytes()),
                    "{word}"
                );
                seen += 1;
            }
            from += word.len() + 1;
        }
        assert_eq!(seen, 10);
        assert_ne!(Key::of(b"abc"), Key::of(b"abcd"));
        assert_ne!(Key::of(b"abc"), Key::of(b"abc1"));
    }
}
