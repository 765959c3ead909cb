//! How news text uses each word (`data/wordstats.tsv.zst`, built by
//! [`super::lexicon_build`] from unlabelled text): per lower-cased word, how often it is
//! written in lower case, how often capitalised inside a sentence, and how often, capitalised,
//! it comes right before a known first name ("Ayatollah Ali", "Sen. Ted", "Defense Secretary
//! Pete"). These are facts about the language of news, not about one archive: a word mostly
//! written in lower case is not a one-word name ("Well", "Good"); a word that keeps coming
//! before first names and is itself no first name is a title or a descriptor, not part of the
//! name.

use std::io::Read;

use super::hash::FxMap;

/// Why the word statistics cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum WordStatsError {
    /// The zstd stream is corrupt or not UTF-8.
    #[error("cannot decompress the word statistics: {0}")]
    Decompress(#[source] std::io::Error),
    /// A line is not `word<TAB>lower<TAB>cap<TAB>before_first<TAB>after_determiner`.
    #[error("bad word statistics line {0:?}")]
    BadLine(String),
}

/// Counts of one word (all spellings that lower-case to it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCounts {
    /// Written all in lower case.
    pub lower: u32,
    /// Capitalised (not all capitals), after a word or a comma (so not at a sentence
    /// start, nor after an opening quote).
    pub cap: u32,
    /// Capitalised as above, and followed by a capitalised known first name.
    pub before_first: u32,
    /// In lower case right after a determiner ("the", "their"): the mark of a noun.
    pub after_determiner: u32,
}

/// Fewest uses before a word's lower-case share is trusted.
const MIN_USES: u32 = 5;
/// Share of lower-case uses above which a word is a common word, not a name.
const COMMON_SHARE: f64 = 0.9;
/// Share of lower-case uses after a determiner from which a word is a noun.
const NOUN_SHARE: f64 = 0.1;
/// Share of lower-case uses above which a word is mostly a common word.
const MOSTLY_LOWER_SHARE: f64 = 0.5;
/// Fewest capitalised uses before a first name that make a title.
const MIN_TITLE_USES: u32 = 5;
/// Share of capitalised uses before a first name that make a title: offices come before
/// first names a fifth to nine tenths of the time ("President" 0.23, "Sen." 0.91), surnames
/// before a given name that is also a first name ("Wang Yi", "Douglas Ross") rarely.
const TITLE_SHARE: f64 = 0.2;

/// Lower-cased words → counts.
#[derive(Debug, Default)]
pub struct WordStats {
    map: FxMap<String, WordCounts>,
}

impl WordStats {
    /// Loads a zstd-compressed table; an empty stream is an empty table.
    pub fn from_zst(bytes: &[u8]) -> Result<WordStats, WordStatsError> {
        let mut s = String::new();
        zstd::stream::read::Decoder::new(bytes)
            .and_then(|mut d| d.read_to_string(&mut s))
            .map_err(WordStatsError::Decompress)?;
        WordStats::from_tsv(&s)
    }

    /// Parses `word<TAB>lower<TAB>cap<TAB>before_first<TAB>after_determiner` lines.
    pub fn from_tsv(s: &str) -> Result<WordStats, WordStatsError> {
        let mut map = FxMap::default();
        for line in s.lines() {
            let c: Vec<&str> = line.split('\t').collect();
            let bad = || WordStatsError::BadLine(line.to_string());
            if c.len() != 5 {
                return Err(bad());
            }
            let n = |i: usize| c[i].parse::<u32>().map_err(|_| bad());
            map.insert(
                c[0].to_string(),
                WordCounts {
                    lower: n(1)?,
                    cap: n(2)?,
                    before_first: n(3)?,
                    after_determiner: n(4)?,
                },
            );
        }
        Ok(WordStats { map })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The counts of a lower-cased word.
    pub fn get(&self, lower: &str) -> Option<WordCounts> {
        self.map.get(lower).copied()
    }

    /// True when news text writes the word in lower case nearly always ("well", "good",
    /// "hello"): as a capitalised one-word name it is most likely a sentence start.
    pub fn is_common_word(&self, lower: &str) -> bool {
        self.get(lower).is_some_and(|c| {
            let uses = c.lower + c.cap;
            uses >= MIN_USES && c.lower as f64 >= COMMON_SHARE * uses as f64
        })
    }

    /// The share of the word's uses written in lower case (0 when unknown).
    pub fn lower_share(&self, lower: &str) -> f64 {
        self.get(lower)
            .filter(|c| c.lower + c.cap >= MIN_USES)
            .map_or(0.0, |c| c.lower as f64 / (c.lower + c.cap) as f64)
    }

    /// True when the lower-case word is a noun often enough to say so: a tenth of its uses
    /// or more right after a determiner ("communities", "voters"; not "went", "said").
    pub fn is_noun(&self, lower: &str) -> bool {
        self.get(lower).is_some_and(|c| {
            c.lower >= MIN_USES && c.after_determiner as f64 >= NOUN_SHARE * c.lower as f64
        })
    }

    /// True when news text writes the word in lower case more often than not ("care",
    /// "act"): a name made of such words only is a phrase, not a person.
    pub fn is_mostly_lower(&self, lower: &str) -> bool {
        self.get(lower).is_some_and(|c| {
            let uses = c.lower + c.cap;
            uses >= MIN_USES && c.lower as f64 > MOSTLY_LOWER_SHARE * uses as f64
        })
    }

    /// True when the capitalised word keeps coming right before first names
    /// ("President", "Ayatollah", "Sen.", "Democrat"): a title or descriptor of a person. The
    /// caller checks that the word is not itself a first name.
    pub fn is_title(&self, lower: &str) -> bool {
        self.get(lower).is_some_and(|c| {
            c.before_first >= MIN_TITLE_USES && c.before_first as f64 >= TITLE_SHARE * c.cap as f64
        })
    }
}
