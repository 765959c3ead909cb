//! The languages the analyzer stems, and the marker that carries a document's language to
//! it inside the field's text (see the module documentation of [`super`]).

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

pub(super) fn algorithm_of(tag: &str) -> Option<frostem::Algorithm> {
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
pub(super) fn split_marker(text: &str) -> (Option<&'static str>, &str) {
    let Some(rest) = text.strip_prefix(MARK) else {
        return (None, text);
    };
    match rest.split_once(MARK) {
        Some((code, tail)) if code.len() <= 3 => (tag_of(code), tail),
        _ => (None, text),
    }
}
