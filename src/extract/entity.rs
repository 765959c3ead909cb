//! What extraction finds: entity kinds, spans of tokens, and the people and places of a text.

use crate::article::Place;

/// The four CoNLL-2003 entity kinds the tagger labels. Only people and places leave
/// extraction; organisations and miscellaneous names (demonyms, events) are tagged so that
/// they are *not* taken for people or places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A person.
    Per = 0,
    /// A place.
    Loc = 1,
    /// An organisation.
    Org = 2,
    /// Anything else named: nationalities, events, works.
    Misc = 3,
}

impl EntityKind {
    /// All kinds, in label order.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Per,
        EntityKind::Loc,
        EntityKind::Org,
        EntityKind::Misc,
    ];

    /// The kind with index `i` (0..4) in label order.
    pub fn from_index(i: usize) -> Option<EntityKind> {
        Self::ALL.get(i).copied()
    }

    /// The CoNLL name: "PER", "LOC", "ORG", "MISC".
    pub fn conll_name(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Loc => "LOC",
            EntityKind::Org => "ORG",
            EntityKind::Misc => "MISC",
        }
    }

    /// The kind of a CoNLL name ("PER", ...).
    pub fn from_conll_name(s: &str) -> Option<EntityKind> {
        Self::ALL.into_iter().find(|k| k.conll_name() == s)
    }
}

/// A tagged entity over tokens: its kind and its first and last token (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// What the tagger says it is.
    pub kind: EntityKind,
    /// Index of the first token.
    pub first: usize,
    /// Index of the last token (inclusive).
    pub last: usize,
}

/// A tagged entity over text: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    /// What the tagger says it is.
    pub kind: EntityKind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A person found in a text: the fullest name used for them, and where they are mentioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Canonical name within the text ("Antony Blinken" also for "Blinken").
    pub name: String,
    /// Byte ranges of the mentions (titles and possessives excluded).
    pub mentions: Vec<(usize, usize)>,
    /// Per mention (same order), the title words before it: lower case, no periods,
    /// abbreviations spelt out ("president", "secretary of state", "mrs", "senator"); empty
    /// when there are none. What tells "Secretary Clinton" from "President Clinton".
    pub titles: Vec<String>,
}

impl Person {
    /// The title most used before this person's mentions (the first such on a tie), if any.
    pub fn title(&self) -> Option<&str> {
        let mut best: Option<(&str, usize)> = None;
        for t in self.titles.iter().filter(|t| !t.is_empty()) {
            let n = self.titles.iter().filter(|u| *u == t).count();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((t.as_str(), n));
            }
        }
        best.map(|b| b.0)
    }
}

/// A place found in a text, resolved to the gazetteer when possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedPlace {
    /// The canonical name and path.
    pub place: Place,
    /// Byte ranges of the mentions.
    pub mentions: Vec<(usize, usize)>,
}

/// Everything found in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// People, one per person, in order of first mention.
    pub people: Vec<Person>,
    /// Places, one per path, in order of first mention.
    pub places: Vec<ResolvedPlace>,
}
