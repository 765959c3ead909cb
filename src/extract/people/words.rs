//! The word lists and word tests of person names: titles and their abbreviations, given-name
//! abbreviations, joiners, calendar words, and the words that make a "person" a time, an
//! event or an organisation.

use crate::extract::features::{lower, with_lower};

/// Words that precede names but are not part of them.
pub(in crate::extract) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "secretary",
    "minister",
    "prime",
    "crown",
    "prince",
    "princess",
    "king",
    "queen",
    "sheikh",
    "general",
    "gen",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "state",
    "of",
    "foreign",
    "defense",
    "defence",
    "chancellor",
    "pope",
    "rev",
    "reverend",
    "professor",
    "prof",
    "judge",
    "justice",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "col",
    "colonel",
    "lt",
    "capt",
    "captain",
    "sgt",
    "adm",
    "admiral",
    "vice",
    "deputy",
    "chief",
    "emir",
    "emperor",
    "empress",
    "kaiser",
    "czar",
    "tsar",
    "shah",
    "pasha",
    "sultan",
    "coach",
    "the",
];

/// Fewest uses in news text of a word made of two tokens joined across a line break before
/// the first is taken for a broken word ([`PeopleReader::joins_into_word`]).
pub(super) const JOINED_MIN_USES: u32 = 5;

/// Forms of address: after one of these, a title word is the surname ("Mr. King").
pub(super) const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "messrs", "mme", "mlle", "madame", "monsieur", "herr",
    "frau",
];

/// Title abbreviations and the words they stand for, so that evidence reads the same
/// whichever form an article uses ("Sen." and "Senator").
const TITLE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("gen", "general"),
    ("sen", "senator"),
    ("rep", "representative"),
    ("gov", "governor"),
    ("lt", "lieutenant"),
    ("col", "colonel"),
    ("capt", "captain"),
    ("sgt", "sergeant"),
    ("adm", "admiral"),
    ("maj", "major"),
    ("cmdr", "commander"),
    ("prof", "professor"),
    ("rev", "reverend"),
    ("pres", "president"),
    ("supt", "superintendent"),
    ("atty", "attorney"),
    ("insp", "inspector"),
    ("det", "detective"),
];

/// The word a title abbreviation stands for ("gen" → "general"), lower case without its
/// period; `None` for any other word. Title evidence is compared across articles, which
/// write either form.
pub(crate) fn spelt_out_title(bare: &str) -> Option<&'static str> {
    TITLE_ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == bare)
        .map(|(_, full)| *full)
}

/// Abbreviated given names of English-language print ("Wm. Smith", "Chas. Evans Hughes") and
/// the names they stand for: the tokenizer keeps their period, a name shows them spelt out,
/// and alone they are no name.
pub(in crate::extract) const GIVEN_NAME_ABBREVIATIONS: &[(&str, &str)] = &[
    ("wm", "William"),
    ("geo", "George"),
    ("chas", "Charles"),
    ("jas", "James"),
    ("thos", "Thomas"),
    ("jno", "John"),
    ("benj", "Benjamin"),
    ("robt", "Robert"),
    ("saml", "Samuel"),
    ("edw", "Edward"),
    ("jos", "Joseph"),
    ("danl", "Daniel"),
    ("richd", "Richard"),
];

/// True for an abbreviated given name ("Wm.", "Chas").
pub(in crate::extract) fn is_given_name_abbreviation(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && given_name_of(w).is_some()
}

/// The given name an abbreviation ("Wm.", "Chas") stands for.
pub(super) fn given_name_of(w: &str) -> Option<&'static str> {
    with_bare(w, |b| {
        GIVEN_NAME_ABBREVIATIONS
            .iter()
            .find(|(a, _)| *a == b)
            .map(|(_, full)| *full)
    })
}

/// Words that join two titles ("Secretary of State", "Minister for Health").
pub(super) const TITLE_JOINERS: &[&str] = &["of", "for", "the", "and"];

/// Words that join two names in one span ("Malia and Sasha").
pub(super) const CONJUNCTIONS: &[&str] = &["and", "or", "&", "und", "et", "y"];

/// Month names and their abbreviations (weekdays are [`crate::ingest::dates::WEEKDAYS`]): a
/// one-word "name" among them is a date.
pub(super) const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Whitespace runs (line breaks included) as one space.
pub(in crate::extract) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A word lower-cased with its final periods removed ("Sen." → "sen").
pub(super) fn bare(w: &str) -> String {
    lower(w.trim_end_matches('.'))
}

/// Calls `f` with [`bare`]`(w)`, without building a `String` for a short ASCII word.
pub(super) fn with_bare<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    with_lower(w.trim_end_matches('.'), f)
}

/// True for a capitalised word of the title lexicon ("Secretary", "Gen.").
pub(in crate::extract) fn is_title(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && with_bare(w, |b| TITLES.contains(&b))
}

/// Title words that only qualify another title ("Vice", "Deputy", "Prime", "of"): alone
/// before a name they do not make it a person's.
pub(super) const TITLE_QUALIFIERS: &[&str] = &[
    "the", "of", "state", "foreign", "defense", "defence", "vice", "deputy", "chief", "crown",
    "prime",
];

/// True for a capitalised title that names a person's office or form of address when it
/// stands right before a name ("President", "Mrs.", "Sen."), not a qualifier ("Vice").
pub(in crate::extract) fn is_person_title(w: &str) -> bool {
    is_title(w) && !with_bare(w, |b| TITLE_QUALIFIERS.contains(&b))
}

/// True for a month or weekday name ("March", "Tues." is not, "Sept." is).
pub(in crate::extract) fn is_calendar_word(w: &str) -> bool {
    with_bare(w, |b| {
        CALENDAR.contains(&b) || crate::ingest::dates::WEEKDAYS.contains(&b)
    })
}

/// True for a roman numeral of up to five letters ("II", "XIV"): regnal numbers and list
/// items, never a name or place alone.
pub(in crate::extract) fn is_roman_numeral(w: &str) -> bool {
    let n = w.chars().count();
    (1..=5).contains(&n) && w.chars().all(|c| "IVXLCDM".contains(c))
}

/// True for an initial ("J.", "W"): one letter, with or without its period.
pub(in crate::extract) fn is_initial(w: &str) -> bool {
    let mut c = w.trim_end_matches('.').chars();
    c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
}

/// True for an acronym of up to three letters in capitals ("AI", "UN", "I").
pub(in crate::extract) fn is_short_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (1..=3).contains(&letters) && !w.chars().any(char::is_lowercase)
}

/// True for document furniture about times: "A.M. EST", "12:35 P.M.", "EDT". Compared in
/// ASCII case-insensitively, in place (it is asked of every candidate name; an upper-case
/// copy per call was most of its cost).
pub(in crate::extract) fn is_time_furniture(name: &str) -> bool {
    let b = name.as_bytes();
    let has = |pat: &[u8]| b.windows(pat.len()).any(|w| w.eq_ignore_ascii_case(pat));
    has(b"A.M.")
        || has(b"P.M.")
        || [
            "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "BST", "CET",
        ]
        .iter()
        .any(|z| {
            // the name is the zone, or ends with " " + the zone
            let z = z.as_bytes();
            b.eq_ignore_ascii_case(z)
                || (b.len() > z.len()
                    && b[b.len() - z.len()..].eq_ignore_ascii_case(z)
                    && b[b.len() - z.len() - 1] == b' ')
        })
}

/// Capitalised words of speech transcripts that the tagger, trained on newswire, takes for
/// names ("Hello, Warsaw!", "(Laughter.)", "God bless").
pub(in crate::extract) const NOT_PEOPLE: &[&str] = &[
    "Hello",
    "Laughter",
    "Applause",
    "God",
    "Lady",
    "Ladies",
    "Gentlemen",
    "Sir",
    "Madam",
    "Thanks",
    "Amen",
    "Audience",
];

/// Last words that make a name an event or a law, neither person nor place ("Great
/// Depression", "Cold War", "Affordable Care Act").
pub(in crate::extract) const EVENT_WORDS: &[&str] = &[
    "Act",
    "Depression",
    "Recession",
    "War",
    "Revolution",
    "Crisis",
    "Olympics",
    "Games",
    "Cup",
    "Championship",
    "Festival",
    "Summit",
    "Awards",
];

/// Last words that make a "person" an organisation or facility: the head nouns of their
/// names, and company suffixes.
pub(super) const ORG_WORDS: &[&str] = &[
    "Center",
    "Centre",
    "Fund",
    "Board",
    "Bureau",
    "Service",
    "Services",
    "Administration",
    "Network",
    "Hospital",
    "School",
    "College",
    "Church",
    "Club",
    "Society",
    "Trust",
    "League",
    "Federation",
    "Airlines",
    "Systems",
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Ltd",
    "Ltd.",
    "LLC",
    "Bros",
    "Bros.",
    "Co.",
    "Ministry",
    "Department",
    "Party",
    "Council",
    "Agency",
    "Committee",
    "Office",
    "Court",
    "Company",
    "Corporation",
    "Group",
    "Bank",
    "Association",
    "Union",
    "Institute",
    "University",
    "Foundation",
    "Army",
    "Forces",
    "Police",
    "Authority",
    "Commission",
    "Organization",
];
