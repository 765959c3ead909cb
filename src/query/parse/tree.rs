//! The syntax tree a query parses to ([`Node`]) and the field prefixes it names; `build.rs`
//! turns it into a tantivy query.

use chrono::NaiveDate;

/// A field a query part is restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRef {
    /// Title, lede and body, weighted.
    Default,
    /// Headline only.
    Title,
    /// Lede only.
    Lede,
    /// Body only.
    Body,
    /// Bylines.
    Author,
    /// People facet (exact name, case-insensitive).
    Person,
    /// Places facet (a place and everything under it).
    Place,
    /// Source (exact, case-insensitive).
    Source,
    /// Section (exact, case-insensitive).
    Section,
}

impl FieldRef {
    /// True for the exact-value fields (people, places, source, section), which are matched
    /// by value rather than analysed as text.
    pub fn is_value(self) -> bool {
        matches!(
            self,
            FieldRef::Person | FieldRef::Place | FieldRef::Source | FieldRef::Section
        )
    }

    /// The field a `name:` prefix names, if it is a text or value field.
    pub(in crate::query) fn from_prefix(name: &str) -> Option<FieldRef> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" | "headline" => FieldRef::Title,
            "lede" => FieldRef::Lede,
            "body" | "text" => FieldRef::Body,
            "author" | "authors" | "byline" => FieldRef::Author,
            "person" | "people" => FieldRef::Person,
            "place" | "places" => FieldRef::Place,
            "source" => FieldRef::Source,
            "section" => FieldRef::Section,
            _ => return None,
        })
    }
}

/// The prefixes that are not text or value fields but filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::query) enum Special {
    /// `date:`: publication days.
    Date,
    /// `lang:`: the article's language.
    Lang,
}

/// The filter a `name:` prefix names, if it is one.
pub(in crate::query) fn special_prefix(name: &str) -> Option<Special> {
    match name.to_ascii_lowercase().as_str() {
        "date" => Some(Special::Date),
        "lang" | "language" => Some(Special::Lang),
        _ => None,
    }
}

/// How a word matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordForm {
    /// The word (stemmed, accents folded, as the index holds it).
    Exact,
    /// Words starting with it (`gaz*`).
    Prefix,
    /// Words within this many edits of it (`obama~1`).
    Fuzzy(u8),
}

/// The syntax tree of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word in a field.
    Word {
        /// Where to look.
        field: FieldRef,
        /// The word as typed (without `*`, `~N`, `^B`).
        text: String,
        /// Exact, prefix or fuzzy.
        form: WordForm,
    },
    /// A quoted phrase in a field.
    Phrase {
        /// Where to look.
        field: FieldRef,
        /// The text between the quotes.
        text: String,
        /// Positions the words may move (`"a b"~N`); 0 for an exact phrase.
        slop: u32,
    },
    /// Publication days, both ends included (`None`: open).
    Date {
        /// First day.
        from: Option<NaiveDate>,
        /// Last day.
        to: Option<NaiveDate>,
    },
    /// Articles in one language (an ISO 639-1 code).
    Lang(String),
    /// A part weighed `factor` times.
    Boost(Box<Node>, f32),
    /// All parts must match, except the negated ones, which must not.
    And(Vec<(bool, Node)>),
    /// Any part may match.
    Or(Vec<Node>),
}
