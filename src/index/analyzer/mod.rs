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
//!    memo per language and thread in front of it: news repeats a small vocabulary, and
//!    stemming was 13% of indexing CPU before the memo) and prefixes the term with the
//!    language's tag:
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

mod highlight;
mod languages;
mod stem;
mod words;

pub use highlight::Highlighter;
pub use languages::{stemmed_languages, strip_lang_marker, tag_of, with_lang_marker};
pub use stem::{LangStem, LangStemStream, LangStemTokenizer};
pub use words::{WordStream, WordTokenizer, is_cjk, is_word_char, surface_words};

use tantivy::tokenizer::{AsciiFoldingFilter, TextAnalyzer, TokenStream};

/// The analyzer's registered name (the `tokenizer` of title, lede and body in the schema).
pub const LANG_STEM: &str = "lang_stem";

/// Words longer than this (in bytes, lower-cased) are not indexed, as tantivy's default
/// analyzers drop them: they are OCR debris, URLs run together, base64.
pub const MAX_WORD_BYTES: usize = 40;

fn chain(stem: LangStem) -> TextAnalyzer {
    TextAnalyzer::builder(stem.tokenizer())
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer registered as [`LANG_STEM`] on every index newsdex opens or creates: the
/// language comes from each value's marker.
pub fn lang_stem() -> TextAnalyzer {
    chain(LangStem::default())
}

/// The same chain for text known to be in `lang` (`None`: unknown or without a stemmer),
/// without markers: query words are analysed once per language this way ([`Highlighter`]
/// gives the same terms for snippets).
pub fn for_language(lang: Option<&str>) -> TextAnalyzer {
    chain(LangStem {
        fixed: Some(lang.and_then(tag_of)),
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
mod tests;
