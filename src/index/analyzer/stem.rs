//! Per-language Snowball stemming with a memo, and the language tag on every term.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::languages::{algorithm_of, split_marker};
use super::words::is_cjk;

/// Words remembered per language and analyzer (one per text field and indexing thread).
/// Frequent words arrive first, so this covers nearly all of the token stream; later new
/// words (OCR debris, names) are stemmed without being remembered, so each memo stays under
/// about 5 MB.
const MEMO_MAX: usize = 50_000;

/// Longest word remembered: long tokens are rare and mostly one-off.
const MEMO_WORD_MAX: usize = 24;

/// Per-language Snowball stemming with a memo, and the language tag on every term (a
/// [`TokenFilter`]). The language comes from the text's marker, unless the filter was made
/// for one language ([`super::for_language`]).
#[derive(Clone, Debug, Default)]
pub struct LangStem {
    /// `Some(lang)`: always this language (`Some(None)`: no stemmer), markers not read.
    pub(super) fixed: Option<Option<&'static str>>,
    /// When set, only words starting with one of these letters are stemmed (snippets of
    /// English text: Snowball English never changes a word's first letter).
    pub(super) only_first: Option<Vec<char>>,
    /// Stem through the thread's lasting memo ([`THREAD_MEMOS`]) rather than the filter's
    /// own: for highlighting, whose analyzer tantivy clones (with its empty memo) for every
    /// snippet.
    pub(super) lasting: bool,
}

thread_local! {
    /// The memos of highlighting analyzers, per language, kept by the thread from one search
    /// to the next. `SnippetGenerator::snippet` analyses each text with a fresh clone of its
    /// analyzer, so a filter's own memo never outlived one snippet and every word of every
    /// snippet was stemmed anew (frostem was 6% of a search's instructions on the generated
    /// archive). Stems depend on the word and the language only, so any memo gives the same
    /// terms.
    static THREAD_MEMOS: RefCell<Vec<(&'static str, Memo)>> = const { RefCell::new(Vec::new()) };
}

impl TokenFilter for LangStem {
    type Tokenizer<T: Tokenizer> = LangStemFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> LangStemFilter<T> {
        LangStemFilter {
            inner,
            fixed: self.fixed,
            only_first: self.only_first,
            lasting: self.lasting,
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
    /// Stem through [`THREAD_MEMOS`] (see [`LangStem`]).
    lasting: bool,
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
            lasting: self.lasting,
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
    lasting: bool,
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

/// [`stem_word`] through the thread's lasting memo of language `tag` when `lasting`, else
/// through `memo`.
fn stem_with(
    lasting: bool,
    tag: &'static str,
    stemmer: frostem::Stemmer,
    memo: &mut Memo,
    word: &str,
    out: &mut String,
) {
    if !lasting {
        return stem_word(stemmer, memo, word, out);
    }
    THREAD_MEMOS.with_borrow_mut(|memos| {
        let i = match memos.iter().position(|(t, _)| *t == tag) {
            Some(i) => i,
            None => {
                memos.push((tag, Memo::default()));
                memos.len() - 1
            }
        };
        stem_word(stemmer, &mut memos[i].1, word, out);
    });
}

impl<T: TokenStream> TokenStream for LangStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let lasting = self.lasting;
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
            stem_with(lasting, tag, *stemmer, memo, &joined, &mut self.buf);
            self.buf.push('-');
            self.buf.push_str(&a.chars().count().to_string());
        } else if self
            .only_first
            .is_some_and(|f| !token.text.chars().next().is_some_and(|c| f.contains(&c)))
        {
            self.buf.push_str(&token.text);
        } else {
            stem_with(lasting, tag, *stemmer, memo, &token.text, &mut self.buf);
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
