//! The English word classes the archive level reads names with: titles and honorifics,
//! name particles and suffixes, function words, and the shipped first-name list.
//!
//! These are rules of the language (what a title or a preposition is), not lists of the
//! values some archive happened to show: a value made only of titles ("Mrs.", "Governor") or
//! containing a function word ("Will Be", "Into Mexico") is not a name in any archive.

use std::sync::OnceLock;

use super::Map;

/// Titles, honorifics, ranks and offices that stand before a name ("President Obama",
/// "Mrs. Clinton", "Count von Bernstorff"), lower case, without dots. Plural forms are
/// recognised by [`is_title`] too ("Secretaries Garrison and Daniels").
const TITLES: &[&str] = &[
    // honorifics
    "mr",
    "mrs",
    "ms",
    "miss",
    "mme",
    "mlle",
    "madame",
    "monsieur",
    "herr",
    "frau",
    "senor",
    "senora",
    "signor",
    "dr",
    "doctor",
    "messrs",
    // religion
    "rev",
    "reverend",
    "father",
    "rabbi",
    "imam",
    "shaikh",
    "mullah",
    "archbishop",
    "bishop",
    "pastor",
    "deacon",
    "msgr",
    // rulers and nobility (those that name a person with a surname alone are STYLE_TITLES)
    "crown",
    "regent",
    "infanta",
    "grand",
    // offices
    "president",
    "vice",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "secretary",
    "senator",
    "sen",
    "representative",
    "rep",
    "congressman",
    "congresswoman",
    "delegate",
    "governor",
    "gov",
    "lieutenant",
    "mayor",
    "judge",
    "justice",
    "attorney",
    "general",
    "speaker",
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "commissioner",
    "ambassador",
    "envoy",
    "consul",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chief",
    "deputy",
    "assistant",
    "treasurer",
    "sheriff",
    "marshal",
    "constable",
    "alderman",
    "councilman",
    "councilwoman",
    "councillor",
    "councilor",
    "mp",
    "first",
    "former",
    "coach",
    "manager",
    "principal",
    "dean",
    "professor",
    "prof",
    "president-elect",
    // ranks
    "captain",
    "capt",
    "lt",
    "col",
    "colonel",
    "major",
    "maj",
    "gen",
    "brig",
    "sgt",
    "sergeant",
    "corporal",
    "cpl",
    "private",
    "pvt",
    "admiral",
    "adm",
    "commander",
    "cmdr",
    "commodore",
    "ensign",
    "officer",
    "detective",
    "inspector",
    "superintendent",
    "trooper",
    "field",
    "rear",
    "staff",
    "aide",
    "nurse",
];

/// Title words that only qualify the next title ("Vice President", "Prime Minister",
/// "First Lady") and make no title alone.
const TITLE_MODIFIERS: &[&str] = &[
    "vice",
    "prime",
    "first",
    "former",
    "deputy",
    "assistant",
    "grand",
    "field",
    "rear",
    "crown",
    "lieutenant",
    "chief",
    "staff",
];

/// Titles that are part of how a person is named when no first name is known
/// ("Count von Bernstorff", "Pope Francis", "King Charles"), unlike offices.
const STYLE_TITLES: &[&str] = &[
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "empress",
    "kaiser",
    "czar",
    "tsar",
    "czarina",
    "sultan",
    "emir",
    "shah",
    "duke",
    "duchess",
    "count",
    "countess",
    "baron",
    "baroness",
    "earl",
    "marquis",
    "marquess",
    "viscount",
    "lord",
    "lady",
    "sir",
    "dame",
    "pope",
    "cardinal",
    "archduke",
    "ayatollah",
    "sheikh",
];

/// Lower-case words inside names ("Mohammed bin Salman", "von Bernstorff").
const PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "della", "dei", "van", "von", "der",
    "den", "la", "le", "du", "dos", "das", "abu", "ter", "ten", "zu", "af", "y",
];

/// Words after a surname that belong to the person ("Donald Trump Jr.", "William II").
const SUFFIXES: &[&str] = &[
    "jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii", "2nd", "3rd",
];

/// Words that may stand at the edge of a tagged span without being part of the name:
/// articles, conjunctions, prepositions, sentence adverbs ("If Trump", "Garrison and").
const EDGE_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "if", "then", "so", "as", "at", "by", "for",
    "from", "in", "into", "of", "off", "on", "onto", "out", "over", "to", "up", "upon", "with",
    "within", "without", "about", "after", "before", "under", "between", "through", "during",
    "against", "among", "across", "toward", "towards", "when", "where", "while", "also", "now",
    "than", "like", "unlike", "via", "per", "dear", "says", "said",
];

/// Words that are never part of a name and make a value a phrase wherever they stand:
/// verbs and auxiliaries, pronouns, interjections, numbers, days, months, time zones
/// ("Will Be", "Page Two", "Trump Sunday", "A.M. EST").
const BLOCK_WORDS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "might",
    "must",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "me",
    "him",
    "her",
    "them",
    "his",
    "hers",
    "their",
    "our",
    "your",
    "my",
    "this",
    "that",
    "these",
    "those",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "why",
    "how",
    "not",
    "no",
    "yes",
    "all",
    "any",
    "some",
    "every",
    "each",
    "both",
    "either",
    "neither",
    "too",
    "very",
    "here",
    "there",
    "such",
    "only",
    "just",
    "even",
    "still",
    "yet",
    "again",
    "ever",
    "never",
    "oh",
    "hey",
    "hello",
    "thanks",
    "please",
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "billion",
    "second",
    "third",
    "fourth",
    "fifth",
    "january",
    "february",
    "september",
    "october",
    "november",
    "december",
    "est",
    "edt",
    "cst",
    "cdt",
    "pst",
    "pdt",
    "gmt",
    "utc",
];

/// Compass words: a direction alone is no place ("North", "West").
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
];

/// A word list as a set. The module's foldhash sets: fast on short strings (these sets are
/// asked about every word of every name, at index time and when the archive is resolved).
type Set = super::Set<&'static str>;

/// A word list as a set, built once.
fn set_of(list: &'static [&'static str], cell: &'static OnceLock<Set>) -> &'static Set {
    cell.get_or_init(|| list.iter().copied().collect())
}

/// `w` (lower case, dots removed) is a title or honorific, singular or plural.
pub fn is_title(w: &str) -> bool {
    static SET: OnceLock<Set> = OnceLock::new();
    // The style titles ("Count", "Pope") are titles too; they are listed once, below.
    let titles = SET.get_or_init(|| TITLES.iter().chain(STYLE_TITLES).copied().collect());
    if titles.contains(w) {
        return true;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return stem.len() > 1 && titles.contains(format!("{stem}y").as_str());
    }
    w.strip_suffix('s')
        .is_some_and(|s| s.len() > 2 && titles.contains(s))
}

/// `w` is a title word that only qualifies the next one ("Vice").
pub fn is_title_modifier(w: &str) -> bool {
    TITLE_MODIFIERS.contains(&w)
}

/// `w` is a title that names a person with a surname alone ("Count", "Pope").
pub fn is_style_title(w: &str) -> bool {
    STYLE_TITLES.contains(&w)
}

/// `w` is a name particle ("von", "bin").
pub fn is_particle(w: &str) -> bool {
    PARTICLES.contains(&w)
}

/// `w` is a name suffix ("jr", "iii").
pub fn is_suffix(w: &str) -> bool {
    SUFFIXES.contains(&w)
}

/// `w` may stand at the edge of a span without being part of the name ("if", "and").
pub fn is_edge_word(w: &str) -> bool {
    static SET: OnceLock<Set> = OnceLock::new();
    set_of(EDGE_WORDS, &SET).contains(w)
}

/// `w` is a verb, pronoun, number or calendar word: never inside a name.
pub fn is_block_word(w: &str) -> bool {
    static SET: OnceLock<Set> = OnceLock::new();
    set_of(BLOCK_WORDS, &SET).contains(w) || crate::ingest::dates::WEEKDAYS.contains(&w)
}

/// `w` is a compass direction.
pub fn is_direction(w: &str) -> bool {
    DIRECTIONS.contains(&w)
}

/// `w` (lower case) is a Roman numeral of the kind that follows a ruler's name
/// (i, ii, iv, xiv…): letters i, v and x only.
pub fn is_roman_numeral(w: &str) -> bool {
    !w.is_empty() && w.len() <= 5 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

/// The shipped name lists (first names: US Census 1990 and SSA; surnames: US Census 1990;
/// public domain): lower-case name → flags (1 first name, 2 surname), as the extraction
/// gazetteer reads them.
fn name_flags() -> &'static Map<String, u8> {
    static NAMES: OnceLock<Map<String, u8>> = OnceLock::new();
    NAMES.get_or_init(|| {
        const NAMES_ZST: &[u8] = include_bytes!("../../data/names.tsv.zst");
        let Ok(bytes) = zstd::decode_all(NAMES_ZST) else {
            return Map::default();
        };
        let text = String::from_utf8_lossy(&bytes);
        text.lines()
            .filter_map(|l| {
                let (name, flags) = l.split_once('\t')?;
                Some((name.to_string(), flags.trim().parse().ok()?))
            })
            .collect()
    })
}

/// `w` (lower case) is a known first name.
pub fn is_first_name(w: &str) -> bool {
    name_flags().get(w).is_some_and(|f| f & 1 != 0)
}

/// `w` (lower case) is a known surname.
pub fn is_surname(w: &str) -> bool {
    name_flags().get(w).is_some_and(|f| f & 2 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_classes() {
        assert!(is_title("president") && is_title("secretaries") && is_title("generals"));
        assert!(!is_title("obama") && !is_title("ms2"));
        assert!(is_particle("von") && is_suffix("jr") && is_block_word("be") && is_edge_word("if"));
        assert!(is_roman_numeral("ii") && is_roman_numeral("xiv") && !is_roman_numeral("dc"));
        assert!(is_first_name("michelle") && is_first_name("tim") && !is_first_name("geithner"));
        assert!(is_surname("good") && is_surname("brown") && !is_surname("resigns"));
        assert!(is_style_title("count") && !is_style_title("president"));
    }
}
