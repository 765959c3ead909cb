//! Span repair: rules CoNLL-2003 rarely teaches, applied to the tagger's spans before people
//! and places are read from them.

use super::entity::{EntityKind, Span};
use super::features::with_lower;
use super::gazetteer;
use super::people::{PARTICLES, is_given_name_abbreviation, is_person_title, is_title};
use super::resources::Resources;
use super::tokenize::Tok;

/// Repairs tagger spans: a title-led non-person span ending in a known first name + more
/// words is a person ("Secretary of State Antony Blinken"); a place or miscellaneous name of
/// up to three words right after a person's title is that person ("PRESIDENT OBAMA:",
/// "Secretary Kerry"), and so is a one-word organisation there; persons joined by a name
/// particle are one ("Mohammed bin Salman"); a place led by a person's title is that person
/// ([`titled_place_is_person`]).
pub(super) fn fix_spans(text: &str, toks: &[Tok], spans: Vec<Span>, res: &Resources) -> Vec<Span> {
    let gaz = &res.gaz;
    let word = |i: usize| {
        toks.get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut span in spans {
        let len = span.last - span.first + 1;
        let titled =
            span.first > 0 && !toks[span.first].sent_start && is_person_title(word(span.first - 1));
        if titled
            && match span.kind {
                EntityKind::Loc | EntityKind::Misc => len <= 3,
                EntityKind::Org => len == 1,
                EntityKind::Per => false,
            }
        {
            span.kind = EntityKind::Per;
        }
        // "Wm. J. Stone": an abbreviated given name before a person's name is part of it
        if span.kind == EntityKind::Per
            && span.first > 0
            && !toks[span.first].sent_start
            && is_given_name_abbreviation(word(span.first - 1))
            && out.last().is_none_or(|p| p.last + 1 < span.first)
        {
            span.first -= 1;
        }
        if span.kind != EntityKind::Per && is_title(word(span.first)) {
            let mut k = span.first;
            while k < span.last && (is_title(word(k)) || word(k) == "of") {
                k += 1;
            }
            if k > span.first
                && k < span.last
                && with_lower(word(k), |l| gaz.token_flags(l)) & gazetteer::FIRST != 0
            {
                span.kind = EntityKind::Per;
                span.first = k;
            }
        }
        if let Some(k) = titled_place_is_person(text, toks, &span, res) {
            span.kind = EntityKind::Per;
            span.first = k;
        }
        if span.kind == EntityKind::Per
            && let Some(prev) = out.last_mut()
            && prev.kind == EntityKind::Per
            && prev.last + 2 == span.first
            && PARTICLES.contains(&word(prev.last + 1))
        {
            prev.last = span.last;
            continue;
        }
        out.push(span);
    }
    out
}

/// Where the name starts when a place span is a person led by a title ("Colonel Roosevelt",
/// "Senator Fall", "King Constantine": the tagger reads a capitalised title as the start of a
/// place name, above all in headlines and OCR text): the span opens with capitalised titles
/// and no "of" after them (what follows an office's "of" is what it is of: "Mayor of London",
/// "Prince of Wales"), the gazetteer does not know the whole name as a place ("Prince Albert",
/// "General Santos"), and its last word is a given name or surname, or no word news text
/// writes in lower case ("Princess Theatre", "Ambassador Hotel" stay places).
fn titled_place_is_person(text: &str, toks: &[Tok], span: &Span, res: &Resources) -> Option<usize> {
    let word = |i: usize| {
        toks.get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    if span.kind != EntityKind::Loc || !is_person_title(word(span.first)) {
        return None;
    }
    let mut k = span.first;
    while k < span.last && is_title(word(k)) {
        k += 1;
    }
    let (last, rest) = (word(span.last), word(k));
    if k == span.first || span.last - k >= 3 || is_title(rest) || rest == "of" {
        return None;
    }
    let whole = text.get(toks[span.first].start..toks[span.last].end)?;
    if res.gaz.knows(whole) || !last.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let name_like = with_lower(last, |l| {
        res.gaz.token_flags(l) & (gazetteer::FIRST | gazetteer::LAST) != 0
            || !res.words.is_common_word(l)
    });
    name_like.then_some(k)
}
