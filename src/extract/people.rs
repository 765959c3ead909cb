//! People: a PER span becomes a name (titles, honorifics and possessives stripped), some
//! spans are not people at all, and the partial names of one text fold into its fullest
//! name for the same person.

use std::collections::HashMap;

use super::entity::Person;
use super::features::lower;
use super::gazetteer::{self, Gazetteer};
use super::tokenize::Tok;

/// Words that precede names but are not part of them.
pub(super) const TITLES: &[&str] = &[
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
    "sultan",
    "coach",
    "the",
];

/// Whitespace runs (line breaks included) as one space.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for a capitalised title word ("Secretary", "Gen.").
pub(super) fn is_title(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    w.chars().next().is_some_and(char::is_uppercase)
        && TITLES.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// Capitalised words of speech transcripts that the tagger, trained on newswire, takes for
/// names ("Hello, Warsaw!", "(Laughter.)", "God bless").
pub(super) const NOT_PEOPLE: &[&str] = &[
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

/// Last words that make a "person" an organisation.
const ORG_WORDS: &[&str] = &[
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

/// Words that join the parts of a name ("Mohammed bin Salman"); declared with the record's
/// other rules for canonical names.
pub use crate::article::NAME_PARTICLES as PARTICLES;

/// A person mention: the name and its byte range.
pub(super) type PersonMention = (String, usize, usize);

/// Strips titles and possessives from a PER span; returns the name and its byte range.
pub(super) fn person_span(
    text: &str,
    toks: &[Tok],
    gaz: &Gazetteer,
    memo: &mut HashMap<String, (bool, usize)>,
) -> Option<PersonMention> {
    let word = |t: &Tok| text.get(t.start..t.end).unwrap_or("");
    let mut a = 0;
    let mut b = toks.len();
    while b > a
        && matches!(
            word(&toks[b - 1]),
            "'s" | "’s" | "'" | "’" | "'S" | "." | ","
        )
    {
        b -= 1;
    }
    while a + 1 < b {
        let w = word(&toks[a]).trim_end_matches('.').to_lowercase();
        if TITLES.contains(&w.as_str()) {
            a += 1;
        } else {
            break;
        }
    }
    if a >= b {
        return None;
    }
    let (s, e) = (toks[a].start, toks[b - 1].end);
    let name = clean(text.get(s..e)?);
    if name.is_empty() || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    let last = name.rsplit(' ').next().unwrap_or("");
    if ORG_WORDS.contains(&last) || NOT_PEOPLE.contains(&name.as_str()) {
        return None;
    }
    // a lone capitalised common word ("Video") also written in lower case in the text, or
    // opening a sentence, unknown as a name and not used elsewhere
    if a + 1 == b && name.chars().next().is_some_and(char::is_uppercase) {
        let low = lower(&name);
        let (in_lower, uses) = *memo.entry(name.clone()).or_insert_with(|| {
            let uses = memchr::memmem::find_iter(text.as_bytes(), name.as_bytes())
                .take(2)
                .count();
            (written_lower(text, &low), uses)
        });
        if in_lower
            || (toks[a].sent_start
                && gaz.token_flags(&low) & (gazetteer::FIRST | gazetteer::LAST) == 0
                && uses <= 1)
        {
            return None;
        }
    }
    Some((name, s, e))
}

/// True when `low` occurs in `text` as a whole word in lower case.
fn written_lower(text: &str, low: &str) -> bool {
    if low.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], low.as_bytes()) {
        let (s0, e0) = (from + i, from + i + low.len());
        let before = text.get(..s0).and_then(|t| t.chars().next_back());
        let after = text.get(e0..).and_then(|t| t.chars().next());
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = e0;
    }
    false
}

/// Folds partial mentions ("Blinken") into the fullest name of the same person in the text.
pub(super) fn fold_people(per: Vec<PersonMention>) -> Vec<Person> {
    let mut names: Vec<(String, Vec<String>)> = Vec::new();
    for (n, _, _) in &per {
        if !names.iter().any(|(m, _)| m.eq_ignore_ascii_case(n)) {
            let toks = n.split(' ').map(|t| t.to_lowercase()).collect();
            names.push((n.clone(), toks));
        }
    }
    let mut canon: HashMap<String, String> = HashMap::new();
    for (n, t) in &names {
        let mut best: Option<&(String, Vec<String>)> = None;
        for m in &names {
            let u = &m.1;
            if u.len() > t.len()
                && u.windows(t.len()).any(|w| w == &t[..])
                && best.is_none_or(|b| u.len() > b.1.len())
            {
                best = Some(m);
            }
        }
        canon.insert(
            n.to_lowercase(),
            best.map(|b| b.0.clone()).unwrap_or(n.clone()),
        );
    }
    let mut out: Vec<Person> = Vec::new();
    for (n, s, e) in per {
        let c = canon.get(&n.to_lowercase()).cloned().unwrap_or(n);
        match out.iter_mut().find(|p| p.name.eq_ignore_ascii_case(&c)) {
            Some(p) => p.mentions.push((s, e)),
            None => out.push(Person {
                name: c,
                mentions: vec![(s, e)],
            }),
        }
    }
    out
}
