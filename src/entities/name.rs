//! Reading one facet value as a name: its words, what each word is (a given name, an
//! initial, a particle, a title…), its folded forms, and the display form of a group of
//! spellings.

use unicode_normalization::UnicodeNormalization;

use super::words;

/// How the archive writes a word: the statistic behind "a word the archive mostly writes
/// in lower case is not a name".
pub trait WordCase {
    /// The share, between 0 and 1, of the archive's articles containing `w` (lower case)
    /// that use it as a common word rather than inside a name; 0 when unknown.
    fn lower_share(&self, w: &str) -> f64;
}

/// The share above which a word counts as a common word of the archive.
pub const COMMON_WORD: f64 = 0.8;

/// Folds a value for comparing spellings: case, accents, dots, commas, apostrophes and
/// hyphens ignored, white space collapsed ("WHITE HOUSE" = "White House", "D.C." = "DC").
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return fold_ascii(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if c.is_whitespace() || c == ',' {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '.' | '\'' | '’' | '‘' | '-' | '‐' | '–' | '`') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// [`fold`] for ASCII text (no decomposition needed).
fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_whitespace() || b == b',' {
            space = !out.is_empty();
            continue;
        }
        if matches!(b, b'.' | b'\'' | b'-' | b'`') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(char::from(b.to_ascii_lowercase()));
    }
    out
}

/// What a word of a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A name word ("Barack", "Obama").
    Name,
    /// An initial ("W.", "JD" counts as two) or a given-name abbreviation ("Wm.", "Chas.").
    Initial,
    /// A lower-case particle ("von", "bin").
    Particle,
    /// A generational suffix ("Jr.", "III").
    Suffix,
    /// A title or honorific ("President", "Mrs.").
    Title,
    /// A word that can edge a span without belonging to it ("If", "and").
    Edge,
    /// A verb, pronoun, number or calendar word ("Be", "Two", "Friday").
    Block,
    /// Anything else: digits, symbols, single non-letters.
    Other,
}

/// One word of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// As written, cleaned of surrounding punctuation.
    pub text: String,
    /// Folded (see [`fold`]).
    pub fold: String,
    /// What it is.
    pub kind: WordKind,
}

/// Given-name abbreviations of older English newspapers, read as initials.
const NAME_ABBREVIATIONS: &[&str] = &[
    "wm", "chas", "geo", "jas", "jno", "thos", "benj", "robt", "saml", "edw", "danl", "richd",
];

fn kind_of(text: &str, fold: &str) -> WordKind {
    let letters = fold.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 || fold.chars().any(|c| c.is_ascii_digit()) {
        return if words::is_suffix(fold) {
            WordKind::Suffix
        } else {
            WordKind::Other
        };
    }
    if words::is_particle(fold) && text.chars().next().is_some_and(char::is_lowercase) {
        return WordKind::Particle;
    }
    if words::is_suffix(fold) && fold != "v" {
        return WordKind::Suffix;
    }
    if words::is_title(fold) {
        return WordKind::Title;
    }
    if words::is_block_word(fold) {
        return WordKind::Block;
    }
    if words::is_edge_word(fold) {
        return WordKind::Edge;
    }
    if letters == 1 || NAME_ABBREVIATIONS.contains(&fold) {
        return WordKind::Initial;
    }
    // Two or three capitals written together before another word are initials ("JD Vance").
    if letters <= 3 && text.chars().all(|c| c.is_uppercase() || c == '.') {
        return WordKind::Initial;
    }
    if words::is_particle(fold) {
        return WordKind::Particle;
    }
    WordKind::Name
}

/// Splits a value into cleaned words: surrounding punctuation and possessives removed,
/// run-together initials split ("H.W." → "H." "W.").
pub fn split_words(value: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for raw in value.split_whitespace() {
        let mut t = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        t = t.trim_start_matches('.');
        for poss in ["'s", "’s", "'S", "’S"] {
            if let Some(s) = t.strip_suffix(poss) {
                t = s;
            }
        }
        let t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if t.is_empty() {
            continue;
        }
        // "H.W." / "J.R.R." : letters each followed by a dot.
        let pieces: Vec<&str> = t.split_inclusive('.').collect();
        if pieces.len() > 1
            && pieces
                .iter()
                .all(|p| p.chars().count() == 2 && p.ends_with('.'))
        {
            for p in pieces {
                out.push(Word {
                    text: p.to_string(),
                    fold: fold(p),
                    kind: WordKind::Initial,
                });
            }
            continue;
        }
        let f = fold(t);
        if f.is_empty() {
            continue;
        }
        out.push(Word {
            text: t.to_string(),
            kind: kind_of(t, &f),
            fold: f,
        });
    }
    out
}

/// A person value read as a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Given names and initials before the surname, folded; an initial is one letter.
    pub given: Vec<Given>,
    /// The surname (last name word), folded, if the value has one.
    pub surname: Option<String>,
    /// Particles written before the surname ("von"), as written.
    pub particles: Vec<String>,
    /// Suffix, folded ("jr", "ii").
    pub suffix: Option<String>,
    /// Titles written before the name, folded ("count").
    pub titles: Vec<String>,
    /// The words kept, as written, for display.
    pub display: String,
}

/// A given name or an initial.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Given {
    /// A whole given name, folded.
    Name(String),
    /// An initial: its letter.
    Initial(char),
}

impl Given {
    /// The first letter.
    pub fn letter(&self) -> char {
        match self {
            Given::Name(n) => n.chars().next().unwrap_or(' '),
            Given::Initial(c) => *c,
        }
    }

    /// Whether two given parts can name the same person: equal names, or an initial and
    /// a name or initial with that letter.
    pub fn agrees(&self, other: &Given) -> bool {
        match (self, other) {
            (Given::Name(a), Given::Name(b)) => a == b,
            _ => self.letter() == other.letter(),
        }
    }
}

/// Why a value is not offered as a person or a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAName {
    /// No name word at all: initials, titles, particles only ("J. M.", "Mrs.").
    NoNameWord,
    /// A function, number or calendar word inside ("Will Be", "Page Two").
    FunctionWord,
    /// A word the archive mostly writes in lower case ("Associated Press", "Good").
    CommonWord,
    /// Digits or symbols.
    Symbols,
    /// A short all-capital word alone ("AI", "I").
    Acronym,
}

impl NotAName {
    /// A few words for the `entities` listing.
    pub fn reason(self) -> &'static str {
        match self {
            NotAName::NoNameWord => "no name word (initials or titles only)",
            NotAName::FunctionWord => "contains a function, number or calendar word",
            NotAName::CommonWord => "a word the archive mostly writes in lower case",
            NotAName::Symbols => "digits or symbols",
            NotAName::Acronym => "a short acronym",
        }
    }
}

/// Reads a person value: strips leading titles and function words ("If Trump",
/// "Secretary Garrison") and trailing common words ("Garrison Resigns"), then checks that
/// what is left can be a name.
///
/// `given` says whether a first word is a given name in this archive: a known first name
/// that is no common word ("Renee"), or one the archive puts before several surnames
/// ("Bill", "Will"), but not "Navy" in "Navy Daniels".
pub fn read_person(
    value: &str,
    case: &dyn WordCase,
    given: &dyn Fn(&str) -> bool,
) -> Result<PersonName, NotAName> {
    let mut ws = split_words(value);
    let first_name = |w: &Word| w.kind == WordKind::Name && given(&w.fold);
    let common = |w: &Word| w.kind == WordKind::Name && case.lower_share(&w.fold) >= COMMON_WORD;
    let mut titles = Vec::new();
    // Leading titles and edge words ("Secretary Garrison", "If Trump"), trailing edge words
    // and titles ("Garrison and"). A common word is not stripped but makes the value a
    // phrase ("Associated Press", "Garrison Resigns"), below.
    while ws.len() > 1 {
        let w = &ws[0];
        match w.kind {
            WordKind::Title => titles.push(w.fold.clone()),
            WordKind::Edge => {}
            _ => break,
        }
        ws.remove(0);
    }
    while ws.len() > 1 {
        match ws.last() {
            Some(w) if matches!(w.kind, WordKind::Edge | WordKind::Title) => {
                ws.pop();
            }
            _ => break,
        }
    }
    // A known surname that is no given name, run on before a full name that a given name
    // leads, is an office or the end of the sentence before, not part of the name: "City
    // Chamberlain Charles Hyde", "Barker. John T. Barker" read as one value. (A first word
    // that is merely unknown as a given name stays: "Barack Hussein Obama".)
    if ws.len() >= 3
        && ws[0].kind == WordKind::Name
        && words::is_surname(&ws[0].fold)
        && !first_name(&ws[0])
        && first_name(&ws[1])
        && ws[2..].iter().any(|w| w.kind == WordKind::Name)
    {
        ws.remove(0);
    }
    let led_by_given = ws.first().is_some_and(first_name);
    if ws.iter().any(|w| w.kind == WordKind::Other) {
        return Err(NotAName::Symbols);
    }
    if ws
        .iter()
        .any(|w| matches!(w.kind, WordKind::Edge | WordKind::Block))
    {
        return Err(NotAName::FunctionWord);
    }
    if ws.len() == 1 {
        let t = &ws[0].text;
        if t.chars().filter(|c| c.is_alphabetic()).count() <= 3
            && t.chars().all(|c| c.is_uppercase() || c == '.')
            && !t.ends_with('.')
        {
            return Err(NotAName::Acronym);
        }
    }
    if !ws.iter().any(|w| w.kind == WordKind::Name) {
        return Err(NotAName::NoNameWord);
    }
    // A word written mostly in lower case elsewhere makes the value a phrase, unless a
    // given name leads and the word is a known surname ("Renee Good", "Bill Rice"; not
    // "Navy Daniels", "Garrison Resigns").
    let phrase = ws
        .iter()
        .enumerate()
        .any(|(i, w)| common(w) && !(led_by_given && (i == 0 || words::is_surname(&w.fold))));
    if phrase {
        return Err(NotAName::CommonWord);
    }
    let mut suffix = None;
    if ws.len() > 1
        && let Some(w) = ws.last()
        && (w.kind == WordKind::Suffix
            || (w.kind == WordKind::Initial
                && words::is_roman_numeral(&w.fold)
                && w.fold.len() > 1))
    {
        suffix = Some(w.fold.clone());
        ws.pop();
    }
    let display = ws
        .iter()
        .map(|w| w.text.as_str())
        .chain(suffix.as_ref().map(|_| ws_suffix_text(value)))
        .collect::<Vec<_>>()
        .join(" ");
    // The surname is the last name word when it ends the value.
    let mut surname = None;
    let mut end = ws.len();
    if let Some(w) = ws.last()
        && w.kind == WordKind::Name
    {
        surname = Some(w.fold.clone());
        end -= 1;
    }
    let mut particles = Vec::new();
    while end > 0 && ws[end - 1].kind == WordKind::Particle && surname.is_some() {
        particles.insert(0, ws[end - 1].text.clone());
        end -= 1;
    }
    let mut given = Vec::new();
    for w in &ws[..end] {
        match w.kind {
            WordKind::Name => given.push(Given::Name(w.fold.clone())),
            WordKind::Initial => {
                // "JD" is two initials.
                if w.fold.chars().count() <= 3 && w.text.chars().all(|c| c.is_uppercase()) {
                    given.extend(w.fold.chars().map(Given::Initial));
                } else {
                    given.push(Given::Initial(w.fold.chars().next().unwrap_or(' ')));
                }
            }
            // Particles and titles inside given names carry no identity.
            _ => {}
        }
    }
    Ok(PersonName {
        given,
        surname,
        particles,
        suffix,
        titles,
        display,
    })
}

/// The suffix of `value` as written (its last word).
fn ws_suffix_text(value: &str) -> &str {
    value
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
}

impl PersonName {
    /// A full name: a given name and a surname ("Barack Obama", "George W. Bush"), or a
    /// ruler's name with its numeral ("William II").
    pub fn is_full(&self) -> bool {
        // Initials alone can be how a person is named ("JD Vance", "C. S. Lewis").
        let has_given_name =
            self.given.iter().any(|g| matches!(g, Given::Name(_))) || self.given.len() >= 2;
        let regnal =
            self.given.is_empty() && self.suffix.as_deref().is_some_and(words::is_roman_numeral);
        self.surname.is_some() && (has_given_name || regnal)
    }

    /// One word and nothing else ("Obama", "Michelle").
    pub fn is_single_word(&self) -> bool {
        self.given.is_empty() && self.suffix.is_none() && self.surname.is_some()
    }
}

/// The display form of a set of spellings of one value, each with its article count:
/// the most used one, preferring mixed case to capitals only ("White House" over "WHITE
/// HOUSE"); capitals only are recased when there is nothing else ("MIKE BROWN" → "Mike
/// Brown").
pub fn display_of<'a>(spellings: impl Iterator<Item = (&'a str, u64)>) -> String {
    let mut best: Option<(&str, (bool, u64))> = None;
    for (s, n) in spellings {
        let rank = (!all_caps(s), n);
        if best.is_none_or(|(b, r)| rank > r || (rank == r && s < b)) {
            best = Some((s, rank));
        }
    }
    match best {
        Some((s, _)) if all_caps(s) => recase(s),
        Some((s, _)) => s.to_string(),
        None => String::new(),
    }
}

/// The value has letters and all of them are capitals.
pub fn all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some()
        && s.chars().filter(|c| c.is_alphabetic()).count() > 2
        && letters.all(char::is_uppercase)
}

/// A short word in capitals only ("AI", "DC"): an acronym.
pub fn all_caps_short(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase())
}

/// "MIKE BROWN" → "Mike Brown", "D.C." kept; particles lower case.
fn recase(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters <= 2 {
                return w.to_string();
            }
            let lower = w.to_lowercase();
            if words::is_particle(&fold(&lower)) {
                return lower;
            }
            let mut out = String::with_capacity(w.len());
            let mut start = true;
            for c in lower.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    start = false;
                } else {
                    out.push(c);
                    if matches!(c, '-' | '\'' | '’') {
                        start = true;
                    }
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoStats;
    impl WordCase for NoStats {
        fn lower_share(&self, w: &str) -> f64 {
            match w {
                "press" | "good" | "resigns" | "navy" | "will" => 0.95,
                _ => 0.0,
            }
        }
    }

    fn read(s: &str) -> Result<PersonName, NotAName> {
        // "will" is a given name before several surnames in this imagined archive.
        read_person(s, &NoStats, &|w| words::is_first_name(w) && w != "navy")
    }

    #[test]
    fn folds_spellings_together() {
        assert_eq!(fold("WHITE HOUSE"), fold("White House"));
        assert_eq!(fold("D.C."), "dc");
        assert_eq!(fold("DC"), "dc");
        assert_eq!(fold("Washington, D.C."), "washington dc");
        assert_eq!(fold("Tehrān"), "tehran");
        assert_eq!(fold("George W Bush"), fold("George W. Bush"));
    }

    #[test]
    fn reads_names() {
        let n = read("George H.W. Bush").unwrap();
        assert_eq!(n.surname.as_deref(), Some("bush"));
        assert_eq!(
            n.given,
            [
                Given::Name("george".into()),
                Given::Initial('h'),
                Given::Initial('w')
            ]
        );
        assert!(n.is_full());
        let n = read("Count von Bernstorff").unwrap();
        assert_eq!(n.titles, ["count"]);
        assert_eq!(n.particles, ["von"]);
        assert_eq!(n.surname.as_deref(), Some("bernstorff"));
        assert!(!n.is_full());
        let n = read("Donald Trump Jr.").unwrap();
        assert_eq!(n.suffix.as_deref(), Some("jr"));
        assert!(n.is_full());
        assert!(read("William II").unwrap().is_full());
        assert!(read("JD Vance").unwrap().is_full());
        let n = read("Louis D.").unwrap();
        assert!(n.surname.is_none() && !n.is_full());
        assert!(read("Obama").unwrap().is_single_word());
        assert_eq!(read("Hegseth “").unwrap().display, "Hegseth");
        assert_eq!(read("Secretaries Garrison").unwrap().display, "Garrison");
        assert_eq!(read("Garrison Resigns"), Err(NotAName::CommonWord));
        assert_eq!(read("If Trump").unwrap().display, "Trump");
        assert_eq!(read("Renee Good").unwrap().display, "Renee Good");
        // A run-on office or word before a full name led by a given name goes; a given name
        // that leads, or two words, stay.
        for (value, display) in [
            ("Chamberlain Charles Hyde", "Charles Hyde"),
            ("Barker John T Barker", "John T Barker"),
            ("Hillary Rodham Clinton", "Hillary Rodham Clinton"),
            ("Barack Hussein Obama", "Barack Hussein Obama"),
            ("Tedros Adhanom Ghebreyesus", "Tedros Adhanom Ghebreyesus"),
            ("Chamberlain Hyde", "Chamberlain Hyde"),
        ] {
            assert_eq!(read(value).unwrap().display, display, "{value}");
        }
    }

    #[test]
    fn rejects_what_is_no_name() {
        assert_eq!(read("J. M."), Err(NotAName::NoNameWord));
        assert_eq!(read("Mrs."), Err(NotAName::NoNameWord));
        assert_eq!(read("Vice President"), Err(NotAName::NoNameWord));
        assert_eq!(read("Will Be"), Err(NotAName::FunctionWord));
        assert_eq!(read("Page Two"), Err(NotAName::FunctionWord));
        assert_eq!(read("Blair and Mr Brown"), Err(NotAName::FunctionWord));
        assert_eq!(read("Associated Press"), Err(NotAName::CommonWord));
        assert_eq!(read("Navy Daniels"), Err(NotAName::CommonWord));
        assert_eq!(read("Good"), Err(NotAName::CommonWord));
        assert_eq!(read("AI"), Err(NotAName::Acronym));
        assert_eq!(read("A.M. EST"), Err(NotAName::FunctionWord));
        assert_eq!(read("Trump Sunday"), Err(NotAName::FunctionWord));
        assert!(read("Will Smith").unwrap().is_full());
    }

    #[test]
    fn displays_the_usual_spelling() {
        let d = display_of([("WHITE HOUSE", 40), ("White House", 3)].into_iter());
        assert_eq!(d, "White House");
        assert_eq!(display_of([("MIKE BROWN", 4)].into_iter()), "Mike Brown");
        assert_eq!(display_of([("D.C.", 4)].into_iter()), "D.C.");
    }
}
