//! People: a PER span becomes one or more names. The span is cut where it runs on into
//! lower-case words ("Kerry has departed for" → "Kerry"; "Malia and Sasha" → two names),
//! titles and descriptors before the name are stripped and kept as evidence ("Supreme Leader
//! Ayatollah Ali Khamenei" → "Ali Khamenei", titles "leader ayatollah"), spans that are no
//! person are dropped (a title alone, a time, a common word), and the partial names of one
//! text fold into its fullest name for the same person.
//!
//! Titles are found by a mechanism, not a list of the names seen: a small lexicon of
//! honorifics and offices, plus every word that news text keeps writing capitalised right
//! before first names without being a first name itself ([`WordStats::is_title`], learned
//! from unlabelled text).
//!
//! [`WordStats::is_title`]: crate::extract::word_stats::WordStats::is_title
//!
//! `reader.rs` reads the mentions of one text (`PeopleReader`), `fold.rs` folds them into
//! its people (`fold_people`), `words.rs` holds the word lists and word tests both use (and
//! `spans`, `places` and `tokenize` share).

mod fold;
mod reader;
mod words;

pub(super) use fold::{fold_people, is_all_caps, title_case};
pub(super) use reader::{PeopleReader, broken_at_line_end};
pub(crate) use words::spelt_out_title;
pub(super) use words::{
    EVENT_WORDS, GIVEN_NAME_ABBREVIATIONS, NOT_PEOPLE, clean, is_calendar_word,
    is_given_name_abbreviation, is_initial, is_person_title, is_roman_numeral, is_short_acronym,
    is_time_furniture, is_title,
};

/// Words that join the parts of a name ("Mohammed bin Salman"); declared with the record's
/// other rules for canonical names.
pub use crate::article::NAME_PARTICLES as PARTICLES;

/// One person mention: the name, its byte range, and the title words seen before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::extract) struct PersonMention {
    /// The name as written, whitespace cleaned.
    pub name: String,
    /// Byte offset of the name.
    pub start: usize,
    /// Byte offset one past the name.
    pub end: usize,
    /// The titles before it, lower case, no periods, abbreviations spelt out ("secretary of
    /// state", "mrs", "senator"); empty when none.
    pub title: String,
}
