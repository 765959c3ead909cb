//! One text's PER spans → person mentions: cut where the span runs on into lower-case
//! words, split at conjunctions, titles stripped and kept as evidence, non-people dropped.

use std::collections::HashMap;

use crate::extract::entity::Span;
use crate::extract::features::{lower, with_lower};
use crate::extract::gazetteer::{FIRST, LAST};
use crate::extract::places::modifies;
use crate::extract::resources::Resources;
use crate::extract::tokenize::Tok;
use crate::extract::word_stats::WordStats;

use super::words::*;
use super::{PARTICLES, PersonMention};

/// Reads the people of one text out of its PER spans.
pub(in crate::extract) struct PeopleReader<'a> {
    text: &'a str,
    toks: &'a [Tok],
    res: &'a Resources,
    /// Per lone capitalised word: written in lower case in the text, and how often it occurs
    /// (up to 2).
    memo: HashMap<String, (bool, usize)>,
}

impl<'a> PeopleReader<'a> {
    /// A reader over the tokens of `text`.
    pub fn new(text: &'a str, toks: &'a [Tok], res: &'a Resources) -> PeopleReader<'a> {
        PeopleReader {
            text,
            toks,
            res,
            memo: HashMap::new(),
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn stats(&self) -> &'a WordStats {
        &self.res.words
    }

    fn is_first_name(&self, w: &str) -> bool {
        w.chars().next().is_some_and(char::is_uppercase)
            && with_lower(w, |l| self.res.gaz.token_flags(l)) & FIRST != 0
    }

    /// True when `w`, at the start of a name, is a title or descriptor rather than a name: a
    /// lexicon title, else (when no first name) a word news text keeps putting before first
    /// names.
    fn title_like(&self, w: &str) -> bool {
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        if is_title(w) {
            return true;
        }
        // learned titles: never an initial ("J. Edgar"), a known first name or surname
        // ("Douglas Ross", "Wang Yi")
        with_lower(w, |l| {
            !is_initial(w)
                && self.res.gaz.token_flags(l) & (FIRST | LAST) == 0
                && self.stats().is_title(l)
        })
    }

    /// The people of one PER span, appended to `out`.
    pub fn read(&mut self, span: Span, out: &mut Vec<PersonMention>) {
        for (k, (a, b)) in self.segments(span).into_iter().enumerate() {
            let before = if k == 0 {
                self.titles_before(a)
            } else {
                Vec::new()
            };
            if let Some(m) = self.person(a, b, before) {
                out.push(m);
            }
        }
    }

    /// The parts of a span that are names: it is cut at the first word that cannot be in a
    /// name (a lower-case word that is no name particle, punctuation); after a conjunction
    /// a second name may follow.
    fn segments(&self, span: Span) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = span.first;
        let mut i = span.first + 1;
        while i <= span.last {
            let w = self.word(i);
            let joins_titles = TITLE_JOINERS.contains(&w) && self.title_like(self.word(i - 1));
            // the period of an abbreviated first name the tokenizer split off ("Wm. Smith")
            let abbreviation = w == "." && i < span.last && is_abbreviation(self.word(i - 1));
            if breaks_name(w) && !joins_titles && !abbreviation {
                if start < i {
                    out.push((start, i - 1));
                }
                if !CONJUNCTIONS.contains(&w) {
                    return out;
                }
                start = i + 1;
            }
            i += 1;
        }
        if start <= span.last {
            out.push((start, span.last));
        }
        out
    }

    /// Title words right before token `a` (outside the span), nearest last: "Secretary of
    /// State" before "Antony Blinken", "former president" before "Trump".
    fn titles_before(&self, a: usize) -> Vec<&'a str> {
        let mut got: Vec<&'a str> = Vec::new();
        let mut j = a;
        while j > 0 && got.len() < 6 && !self.toks[j].sent_start {
            let w = self.word(j - 1);
            let (listed, joins, the) = with_bare(w, |b| {
                (TITLES.contains(&b), TITLE_JOINERS.contains(&b), b == "the")
            });
            let title =
                listed || (w.chars().next().is_some_and(char::is_uppercase) && self.title_like(w));
            let joiner = joins && !got.is_empty();
            if !(title || joiner) || the {
                break;
            }
            got.push(w);
            j -= 1;
        }
        while got
            .last()
            .is_some_and(|w| with_bare(w, |b| TITLE_JOINERS.contains(&b)))
        {
            got.pop();
        }
        got.reverse();
        got
    }

    /// The office right before token `a` when it ends in "of" or "for" ("Secretary of the",
    /// "Minister for"): a person title of the lexicon, the joiner, and an optional "the", in
    /// text order; `None` otherwise. What follows such an office names its department or
    /// place ("the Navy", "Health", "Texas") before the holder's name.
    fn office_before(&self, a: usize) -> Option<Vec<&'a str>> {
        let mut j = a;
        let mut words: Vec<&'a str> = Vec::new();
        let step = |j: &mut usize| -> Option<&'a str> {
            // never across a sentence start: token `j` opening a sentence ends the look-back
            if *j == 0 || self.toks[*j].sent_start {
                return None;
            }
            *j -= 1;
            Some(self.word(*j))
        };
        let mut w = step(&mut j)?;
        if bare(w) == "the" {
            words.push(w);
            w = step(&mut j)?;
        }
        if !matches!(bare(w).as_str(), "of" | "for") {
            return None;
        }
        words.push(w);
        let title = step(&mut j)?;
        words.push(title);
        words.reverse();
        ends_in_office(&words).then_some(words)
    }

    /// True when the two tokens before token `a` are "of the", within its sentence.
    fn follows_of_the(&self, a: usize) -> bool {
        a >= 2
            && !self.toks[a].sent_start
            && !self.toks[a - 1].sent_start
            && self.word(a - 1).eq_ignore_ascii_case("the")
            && self.word(a - 2).eq_ignore_ascii_case("of")
    }

    /// True when word `w` of a span right after an office ([`Self::office_before`]) belongs to
    /// the office: its first word unless an initial, then only common words ("Homeland
    /// Security") that are no known first name (checked by the caller) or surname.
    fn office_object(&self, w: &str, first: bool) -> bool {
        if is_initial(w) {
            return false;
        }
        if first {
            return true;
        }
        let low = lower(w);
        self.stats().is_common_word(&low) && self.res.gaz.token_flags(&low) & (FIRST | LAST) == 0
    }

    /// One name from tokens `a..=b`, or `None` when they are no person.
    fn person(&mut self, a: usize, b: usize, before: Vec<&'a str>) -> Option<PersonMention> {
        let mut b = b;
        while b > a && matches!(self.word(b), "'s" | "’s" | "'" | "’" | "'S" | "." | ",") {
            b -= 1;
        }
        // strip the titles and descriptors before the name
        let mut titles = before;
        // "Secretary of the Navy Daniels", "Governor of Texas Greg Abbott": right after an
        // office and its "of", the span opens with what the office is of, not with the name
        let office = self.office_before(a);
        if titles.is_empty()
            && let Some(words) = &office
        {
            titles.extend(words.iter().copied());
        }
        let mut cut = a;
        // right after an office's "of" (before the span or inside it), and how many words of
        // what it is of have been cut
        let mut after_office = office.is_some();
        let mut object_words = 0;
        // "Socretury of the Navy Daniels", "Chief of the Army Staff Scott": right after "of
        // the", a span opening with a noun opens with what something is of, whatever the
        // word before "of" (a title OCR misread): no holder's name follows "of the"
        // directly. Known offices are handled above, with their titles.
        if office.is_none()
            && a < b
            && self.follows_of_the(a)
            && !is_initial(self.word(a))
            && self.stats().is_noun(&lower(self.word(a)))
        {
            cut = a + 1;
        }
        for j in a..b {
            let w = self.word(j);
            // a title, or a joiner right after one ("Secretary of State")
            if self.title_like(w) || (cut == j && j > a && TITLE_JOINERS.contains(&w)) {
                titles.push(w);
                cut = j + 1;
                after_office = ends_in_office(&titles);
                object_words = 0;
            } else if after_office && cut == j && object_words == 0 && self.office_object(w, true) {
                // what the office is of comes first, even a word that is also a given name
                // ("Secretary for India Chamberlain"): no holder's name follows "of" directly
                titles.push(w);
                cut = j + 1;
                object_words += 1;
            } else if self.is_first_name(w) || is_given_name_abbreviation(w) {
                break;
            } else if after_office && cut == j && self.office_object(w, false) {
                titles.push(w);
                cut = j + 1;
                object_words += 1;
            }
        }
        // a form of address right before the name ("Mr. King"; not "Mr. Secretary General")
        let honorific = titles
            .last()
            .is_some_and(|t| with_bare(t, |b| HONORIFICS.contains(&b)));
        let (s, e) = (self.toks[cut].start, self.toks[b].end);
        let mut name = clean(self.text.get(s..e)?);
        // "Wm. Smith" is shown as "William Smith"; "Wm." alone is no name
        if let Some((first, rest)) = name.split_once(' ')
            && let Some(full) = given_name_of(first)
        {
            name = format!("{full} {rest}");
        } else if cut == b && given_name_of(&name).is_some() {
            return None;
        }
        let title = title_evidence(&titles);
        let mention = PersonMention {
            name,
            start: s,
            end: e,
            title,
        };
        let titled = !mention.title.is_empty();
        if self.is_person(cut, b, &mention.name, honorific, titled) {
            Some(mention)
        } else {
            None
        }
    }

    /// True when token `i` and the token after it, written together, make a word news text
    /// uses or a known name ("Ha" + "waiian", "Willi" + "am"): the sign of a word broken at a
    /// line end.
    fn joins_into_word(&self, i: usize) -> bool {
        let joined = lower(&format!("{}{}", self.word(i), self.word(i + 1)));
        self.stats()
            .get(&joined)
            .is_some_and(|c| c.lower + c.cap >= JOINED_MIN_USES)
            || self.res.gaz.token_flags(&joined) & (FIRST | LAST) != 0
    }

    /// The rules that hold for any archive about what is not a person.
    fn is_person(&mut self, a: usize, b: usize, name: &str, honorific: bool, titled: bool) -> bool {
        if name.is_empty() || !name.chars().any(char::is_alphabetic) || is_time_furniture(name) {
            return false;
        }
        let last = name.rsplit(' ').next().unwrap_or("");
        if ORG_WORDS.contains(&last) || EVENT_WORDS.contains(&last) || NOT_PEOPLE.contains(&name) {
            return false;
        }
        let flags = |w: &str| with_lower(w, |l| self.res.gaz.token_flags(l));
        let known = |w: &str| flags(w) & (FIRST | LAST) != 0;
        let common = |w: &str| with_lower(w, |l| self.stats().is_common_word(l)) && !known(w);
        let mostly_lower =
            |w: &str| with_lower(w, |l| self.stats().is_mostly_lower(l)) && !known(w);
        let words: Vec<&str> = name.split(' ').collect();
        // "Immediate Release", "Care Act", "Release April": words mostly written in lower
        // case, and dates, only
        if words.iter().all(|w| mostly_lower(w) || is_calendar_word(w)) {
            return false;
        }
        // "Border Protection", "Disease Control": without a first name, a person's last
        // word is no common noun ("Guy Forget" has one)
        if words.len() > 1 && common(last) && !words.iter().any(|w| flags(w) & FIRST != 0) {
            return false;
        }
        if a < b {
            return true;
        }
        // one word
        if is_initial(name) || is_roman_numeral(name) || is_short_acronym(name) {
            return false;
        }
        if is_calendar_word(name) {
            return false;
        }
        // "the American Dream", "Price rises": one word news text writes in lower case more
        // often than not is no person without a title, even when it is also a surname (the
        // census lists "Dream", "Price", "Young"); a known first name is kept for the archive
        // level to resolve ("Hope")
        if !titled
            && with_lower(name, |l| self.stats().is_mostly_lower(l))
            && flags(name) & FIRST == 0
        {
            return false;
        }
        // a title alone ("Mrs.", "the Mayor"), unless it is a surname used as one ("Mr. King",
        // "King hit 50")
        if self.title_like(name) {
            let determiner = a > 0
                && with_lower(self.word(a - 1), |l| {
                    matches!(
                        l,
                        "the" | "a" | "an" | "this" | "that" | "our" | "his" | "her" | "their"
                    )
                });
            if flags(name) & LAST == 0 || (determiner && !honorific) {
                return false;
            }
        }
        if !name.chars().next().is_some_and(char::is_uppercase) {
            return true;
        }
        // "Black communities": an ordinary word capitalised before a noun
        let next = self
            .toks
            .get(b + 1)
            .filter(|t| !t.sent_start)
            .map(|_| self.word(b + 1))
            .unwrap_or("");
        if !known(name) && modifies(name, next, self.stats()) {
            return false;
        }
        // "Willi\nam", "Ha\nwaiian": the first part of a word broken at a line end, when it
        // is no name of its own or when the two parts make a known word
        if broken_at_line_end(self.text, self.toks, b)
            && ((!known(name) && !self.res.gaz.knows(name)) || self.joins_into_word(b))
        {
            return false;
        }
        // a lone capitalised common word ("Video") also written in lower case in the text, or
        // opening a sentence, unknown as a name and not used elsewhere
        let text = self.text;
        let (in_lower, uses) = match self.memo.get(name) {
            Some(&seen) => seen,
            None => {
                let uses = memchr::memmem::find_iter(text.as_bytes(), name.as_bytes())
                    .take(2)
                    .count();
                let seen = (with_lower(name, |low| written_lower(text, low)), uses);
                self.memo.insert(name.to_string(), seen);
                seen
            }
        };
        !(in_lower || (self.toks[a].sent_start && !known(name) && uses <= 1))
    }
}

/// True when title words end in an office and its "of" or "for", with or without "the"
/// ("Secretary of the", "Minister for"): what follows is what the office is of.
fn ends_in_office(titles: &[&str]) -> bool {
    let mut n = titles.len();
    if n > 0 && bare(titles[n - 1]) == "the" {
        n -= 1;
    }
    n >= 2 && matches!(bare(titles[n - 1]).as_str(), "of" | "for") && is_person_title(titles[n - 2])
}

/// True for a short capitalised word that a period can follow inside a name ("Wm", "Geo",
/// "Chas").
fn is_abbreviation(w: &str) -> bool {
    let n = w.chars().count();
    (1..=4).contains(&n)
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().all(char::is_alphabetic)
}

/// True when token `i` ends a line and the next line goes on in lower case: in OCR text the
/// token is then likely the first part of a word broken at the line end ("Ma\nsurian").
pub(in crate::extract) fn broken_at_line_end(text: &str, toks: &[Tok], i: usize) -> bool {
    let (Some(t), Some(n)) = (toks.get(i), toks.get(i + 1)) else {
        return false;
    };
    text.get(t.end..n.start)
        .is_some_and(|gap| gap.contains('\n'))
        && text
            .get(n.start..n.end)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_lowercase)
}

/// True for a token that cannot be inside a name: a lower-case word that is no name particle
/// ("has", "said"), or punctuation.
fn breaks_name(w: &str) -> bool {
    let Some(c) = w.chars().next() else {
        return true;
    };
    if c.is_uppercase() || c.is_numeric() {
        return false;
    }
    if c.is_lowercase() {
        return !is_particle(w);
    }
    true
}

/// A lower-case word inside names: "bin", "van", "de", or a prefixed name ("al-Assad",
/// "d'Estaing").
fn is_particle(w: &str) -> bool {
    if PARTICLES.contains(&w) {
        return true;
    }
    w.find(['-', '\'', '’'])
        .and_then(|i| w[i..].chars().nth(1))
        .is_some_and(char::is_uppercase)
}

/// The evidence string of some title words: lower case, no periods, abbreviations spelt
/// out, joiners only between titles.
fn title_evidence(titles: &[&str]) -> String {
    let mut words: Vec<String> = Vec::new();
    for t in titles {
        let b = bare(t);
        let b = spelt_out_title(&b).map_or(b, str::to_string);
        if b == "the" && words.is_empty() {
            continue;
        }
        words.push(b);
    }
    while words
        .last()
        .is_some_and(|w| TITLE_JOINERS.contains(&w.as_str()))
    {
        words.pop();
    }
    words.join(" ")
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
