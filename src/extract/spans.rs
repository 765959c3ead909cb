//! Span repair: two rules CoNLL-2003 rarely teaches, applied to the tagger's spans before
//! people and places are read from them.

use super::entity::{EntityKind, Span};
use super::features::lower;
use super::gazetteer::{self, Gazetteer};
use super::people::{PARTICLES, is_title};
use super::tokenize::Tok;

/// Repairs tagger spans with two rules CoNLL-2003 rarely teaches: a title-led non-person span
/// ending in a known first name + more words is a person ("Secretary of State Antony
/// Blinken"), and persons joined by a name particle are one ("Mohammed bin Salman").
pub(super) fn fix_spans(text: &str, toks: &[Tok], spans: Vec<Span>, gaz: &Gazetteer) -> Vec<Span> {
    let word = |i: usize| {
        toks.get(i)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut span in spans {
        if span.kind != EntityKind::Per && is_title(word(span.first)) {
            let mut k = span.first;
            while k < span.last && (is_title(word(k)) || word(k) == "of") {
                k += 1;
            }
            let first = lower(word(k));
            if k > span.first && k < span.last && gaz.token_flags(&first) & gazetteer::FIRST != 0 {
                span.kind = EntityKind::Per;
                span.first = k;
            }
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
