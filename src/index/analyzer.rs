//! The `en_stem` analyzer with a memo in front of the Snowball stemmer.
//!
//! Profiles of `newsdex index` put English stemming at about 13% of all indexing CPU, and news
//! text repeats a small vocabulary: after a few thousand articles almost every word has been
//! stemmed before. The analyzer is tantivy's own `en_stem` chain (simple tokenizer, tokens of
//! 40+ bytes dropped, lower case, Snowball English via `frostem`, the crate tantivy uses),
//! so terms are byte-identical to tantivy's and indexes written before stay valid; only the
//! stemmer remembers its answers. Tantivy gives each segment writer one analyzer per field,
//! so each memo lives as long as a segment and is never shared between threads.

use std::borrow::Cow;
use std::collections::HashMap;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Words remembered per analyzer (one per text field and indexing thread). Frequent words
/// arrive first, so this covers nearly all of the token stream; later new words (OCR debris,
/// names) are stemmed without being remembered, so each memo stays under about 5 MB.
const MEMO_MAX: usize = 50_000;

/// Longest word remembered: long tokens are rare and mostly one-off.
const MEMO_WORD_MAX: usize = 24;

/// The analyzer registered as `en_stem` on every index newsdex opens or creates.
pub fn en_stem() -> TextAnalyzer {
    chain(MemoStemmer::default())
}

/// tantivy's `en_stem` chain with `stemmer` as its last filter.
fn chain(stemmer: MemoStemmer) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(stemmer)
        .build()
}

/// `en_stem` for highlighting the given query stems: words whose first letter starts none of
/// them are left unstemmed. Snowball English never changes a word's first letter, so such a
/// word cannot stem to a query stem and its stem is never needed; skipping it removes most of
/// the stemming from building snippets.
pub fn en_stem_for<'a>(stems: impl IntoIterator<Item = &'a str>) -> TextAnalyzer {
    let firsts: Vec<char> = stems.into_iter().filter_map(|s| s.chars().next()).collect();
    chain(MemoStemmer {
        only_first: Some(firsts),
    })
}

/// Snowball English stemming with a per-analyzer memo (a [`TokenFilter`]).
#[derive(Clone, Debug, Default)]
pub struct MemoStemmer {
    /// When set, only words starting with one of these letters are stemmed.
    only_first: Option<Vec<char>>,
}

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            memo: HashMap::default(),
            only_first: self.only_first,
        }
    }
}

/// The tokenizer [`MemoStemmer`] wraps around the one before it.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    stemmer: frostem::Stemmer,
    memo: HashMap<Box<str>, Box<str>, foldhash::fast::FixedState>,
    only_first: Option<Vec<char>>,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: self.stemmer,
            memo: &mut self.memo,
            only_first: self.only_first.as_deref(),
        }
    }
}

/// The token stream of [`MemoStemmerFilter`].
pub struct MemoStemmerStream<'a, T> {
    tail: T,
    stemmer: frostem::Stemmer,
    memo: &'a mut HashMap<Box<str>, Box<str>, foldhash::fast::FixedState>,
    only_first: Option<&'a [char]>,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(firsts) = self.only_first
            && !token
                .text
                .chars()
                .next()
                .is_some_and(|c| firsts.contains(&c))
        {
            return true;
        }
        if let Some(stem) = self.memo.get(token.text.as_str()) {
            if **stem != *token.text {
                token.text.clear();
                token.text.push_str(stem);
            }
            return true;
        }
        let stem: Cow<str> = self.stemmer.stem(&token.text);
        let stem = stem.into_owned();
        if token.text.len() <= MEMO_WORD_MAX && self.memo.len() < MEMO_MAX {
            self.memo
                .insert(token.text.as_str().into(), stem.as_str().into());
        }
        token.text = stem;
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
    use tantivy::tokenizer::{Language, Stemmer};

    fn terms(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    /// The memo must never change a term: the same text through tantivy's own `en_stem`
    /// chain gives the same terms, the first time (stemmed) and the second (remembered).
    #[test]
    fn same_terms_as_tantivys_en_stem() {
        let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut ours = en_stem();
        let text = "The cease-fire talks in Gaza were running; negotiators ran, RUNNING \
                    faster. Generously generalised organisations' communities, \
                    Überprüfung naïve café 1916 U.S. pneumonoultramicroscopicsilicovolcanoconiosis \
                    averyveryveryveryveryverylongwordthatisnotremembered";
        let want = terms(&mut reference, text);
        assert!(want.contains(&"negoti".to_string()), "{want:?}");
        assert_eq!(terms(&mut ours, text), want);
        assert_eq!(terms(&mut ours, text), want, "remembered stems differ");
        let mut clone = ours.clone();
        assert_eq!(terms(&mut clone, text), want);
        // For highlighting "negoti" and "run": words starting with n or r are stemmed as
        // always; no other word can stem to either, and those are left alone.
        let mut only = en_stem_for(["negoti", "run"]);
        for (got, full) in terms(&mut only, text).iter().zip(&want) {
            if full.starts_with(['n', 'r']) {
                assert_eq!(got, full);
            } else {
                assert_ne!(got, "negoti");
                assert_ne!(got, "run");
            }
        }
        assert!(terms(&mut only, text).contains(&"generously".to_string()));
    }
}
