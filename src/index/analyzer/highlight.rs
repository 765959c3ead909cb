//! The terms of a snippet's words, as [`super::for_language`] analyses them, computed only for
//! the words that can be one of the query's terms.
//!
//! A snippet's fragments are cut at token offsets, so every token of its window is needed;
//! but only a word that can match needs its term (stemmed, tagged, folded). In English that
//! is a word whose first letter starts one of the query's stems: Snowball English never
//! changes a word's first letter, so any other word is tagged unstemmed, and an ASCII one
//! then keeps a first letter no query stem starts with. Running the whole analyzer over every
//! token, and lower-casing each term again into a new `String` as tantivy's
//! `SnippetGenerator` does, was ≈ 1,100 instructions a token, a third of a request.

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer, TokenStream, Tokenizer};

use super::MAX_WORD_BYTES;
use super::languages::tag_of;
use super::stem::{Memo, give_back, take_memo, term_of};
use super::words::{WordTokenizer, is_cjk, is_joiner, is_word_char};

/// Gives the tokens of text in one language with the terms the query's terms can be among
/// (see the module documentation).
#[derive(Clone)]
pub struct Highlighter {
    /// The language's tag (`None`, or a language without a stemmer: words are left untagged
    /// and unstemmed).
    tag: Option<&'static str>,
    /// English: the first letters of the query's stems; a word starting with another is
    /// tagged unstemmed.
    only_first: Option<Vec<char>>,
}

impl Highlighter {
    /// A highlighter for text in `lang` and the query `terms` (tagged as the index holds
    /// them; those of other languages are ignored).
    pub fn new<'a>(lang: Option<&str>, terms: impl IntoIterator<Item = &'a str>) -> Highlighter {
        let tag = lang.and_then(tag_of);
        let only_first = (tag == Some("en")).then(|| {
            terms
                .into_iter()
                .filter_map(|t| t.strip_prefix("en:"))
                .filter_map(|s| s.chars().next())
                .collect()
        });
        Highlighter { tag, only_first }
    }

    /// Calls `f` with the offsets of each token of `text` (in the analyzer's order) and its
    /// term, or `None` for a token whose term is certainly none of the query's.
    ///
    /// English text is cut into pieces at the non-ASCII characters that neither belong in a
    /// word nor join a compound (curly quotes, dashes, no-break spaces): no token crosses one,
    /// so each piece gives the tokens the whole text gives there, and an ASCII piece (most of
    /// them) takes the ASCII path.
    ///
    /// Stems come through the thread's memo of the language, as the analyzer's do: taken for
    /// the text and given back after it.
    pub fn tokens(&self, text: &str, mut f: impl FnMut(usize, usize, Option<&str>)) {
        let mut stem = self.tag.and_then(|t| take_memo(t).map(|m| (t, m)));
        match &self.only_first {
            None => self.any_tokens(text, 0, &mut stem, &mut f),
            // An ASCII text is one ASCII piece (the check runs a word at a time).
            Some(first) if text.is_ascii() => {
                self.piece_tokens(text, 0, true, first, &mut stem, &mut f)
            }
            Some(first) => {
                let mut piece = 0;
                let mut ascii = true;
                // The non-ASCII characters, found by their lead bytes (the ASCII runs between
                // them are skipped a byte at a time, not decoded a character at a time).
                let bytes = text.as_bytes();
                let mut at = 0;
                while let Some(off) = bytes[at..].iter().position(|&b| b >= 0x80) {
                    let i = at + off;
                    let Some(c) = text[i..].chars().next() else {
                        break;
                    };
                    at = i + c.len_utf8();
                    if is_word_char(c) || is_joiner(c) || is_cjk(c) {
                        ascii = false;
                        continue;
                    }
                    let p = &text[piece..i];
                    self.piece_tokens(p, piece, ascii, first, &mut stem, &mut f);
                    piece = at;
                    ascii = true;
                }
                self.piece_tokens(&text[piece..], piece, ascii, first, &mut stem, &mut f);
            }
        }
        if let Some((tag, memo)) = stem {
            give_back(tag, memo);
        }
    }

    /// The tokens of one piece of English text at byte offset `base` of the whole.
    fn piece_tokens(
        &self,
        piece: &str,
        base: usize,
        ascii: bool,
        first: &[char],
        stem: &mut Option<(&'static str, Memo)>,
        f: &mut impl FnMut(usize, usize, Option<&str>),
    ) {
        if ascii {
            self.ascii_tokens(piece, base, first, stem, f);
        } else {
            self.any_tokens(piece, base, stem, f);
        }
    }

    /// [`Self::tokens`] for any text, through the analyzer's tokenizer.
    fn any_tokens(
        &self,
        text: &str,
        base: usize,
        stem: &mut Option<(&'static str, Memo)>,
        f: &mut impl FnMut(usize, usize, Option<&str>),
    ) {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut buf = String::new();
        let mut folded = String::new();
        let mut folding: Option<TextAnalyzer> = None;
        while stream.advance() {
            let token = stream.token();
            let (from, to) = (base + token.offset_from, base + token.offset_to);
            if self.cannot_match(&token.text) {
                f(from, to, None);
                continue;
            }
            let stem = stem.as_mut().map(|(tag, memo)| (*tag, memo));
            let term: &str = if term_of(stem, self.only_first.as_deref(), &token.text, &mut buf) {
                &buf
            } else {
                &token.text
            };
            if term.is_ascii() {
                f(from, to, Some(term));
                continue;
            }
            // Accents fold after stemming, as in the analyzer's chain (rare in most text).
            let a = folding.get_or_insert_with(|| {
                TextAnalyzer::builder(RawTokenizer::default())
                    .filter(AsciiFoldingFilter)
                    .build()
            });
            folded.clear();
            let mut s = a.token_stream(term);
            while s.advance() {
                folded.push_str(&s.token().text);
            }
            f(from, to, Some(&folded));
        }
    }

    /// [`Self::tokens`] for ASCII English text (most windows of most archives), the
    /// tokenizer's rules for ASCII written out so that a word no query stem starts costs
    /// its bytes' scan and nothing more: words are runs of letters and digits (longer than
    /// [`MAX_WORD_BYTES`]: none, and no compound through them), and a word, `-` and another
    /// word are a compound: the first word, the marker (both words, when they hold a letter
    /// and are shorter than [`MAX_WORD_BYTES`] together), then the second word, which may
    /// start the next compound. The tests compare it with the tokenizer.
    fn ascii_tokens(
        &self,
        text: &str,
        base: usize,
        first: &[char],
        stem: &mut Option<(&'static str, Memo)>,
        f: &mut impl FnMut(usize, usize, Option<&str>),
    ) {
        let bytes = text.as_bytes();
        let mut starts = [false; 128];
        for &c in first {
            if c.is_ascii() {
                starts[c as usize] = true;
            }
        }
        let mut word = String::new();
        let mut term = String::new();
        // Token `text[from..to]`, a word or (`marker`) a compound's marker, with its term
        // through the analyzer's rules when it can be a query's: a marker, or a word whose
        // first letter starts a query stem (only those are lower-cased).
        let mut emit = |from: usize, to: usize, marker: bool| {
            if marker || starts[usize::from(bytes[from].to_ascii_lowercase())] {
                word.clear();
                word.push_str(&text[from..to]);
                word.make_ascii_lowercase();
                let stem = stem.as_mut().map(|(tag, memo)| (*tag, memo));
                let t = if term_of(stem, Some(first), &word, &mut term) {
                    term.as_str()
                } else {
                    word.as_str()
                };
                f(base + from, base + to, Some(t));
            } else {
                f(base + from, base + to, None);
            }
        };
        let word_end = |mut at: usize| {
            while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            at
        };
        let letters = |from: usize, to: usize| bytes[from..to].iter().any(u8::is_ascii_alphabetic);
        let mut at = 0;
        while at < bytes.len() {
            if !bytes[at].is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
            let (mut from, mut to) = (at, word_end(at));
            at = to;
            if to - from > MAX_WORD_BYTES {
                continue;
            }
            emit(from, to, false);
            // Compounds: `-` and a word follow.
            while bytes.get(to) == Some(&b'-')
                && bytes.get(to + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                let (next_from, next_to) = (to + 1, word_end(to + 1));
                at = next_to;
                if next_to - next_from > MAX_WORD_BYTES {
                    break;
                }
                if (to - from) + (next_to - next_from) < MAX_WORD_BYTES
                    && (letters(from, to) || letters(next_from, next_to))
                {
                    emit(from, next_to, true);
                }
                emit(next_from, next_to, false);
                (from, to) = (next_from, next_to);
            }
        }
    }

    /// Whether the term of the token `text` is certainly none of the query's: an ASCII English
    /// word (not a compound's marker) whose first letter starts no query stem is tagged
    /// unstemmed, so its term starts with that letter after the tag, as none of theirs does
    /// (and untagged terms hold no `:`).
    fn cannot_match(&self, text: &str) -> bool {
        self.only_first.as_ref().is_some_and(|first| {
            text.is_ascii()
                && !text.contains('-')
                && !text.chars().next().is_some_and(|c| first.contains(&c))
        })
    }
}
