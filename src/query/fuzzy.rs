//! The automaton of a fuzzy query word (`obama~1`) over tagged terms (`en:obama`): the tag
//! must match exactly, the stem within the edit distance.

use tantivy_fst::Automaton;

/// A Levenshtein automaton behind an exact tag: matches `tag` + any stem within `edits`
/// of `stem` (transpositions count one edit, as Lucene's fuzzy queries do).
pub(super) struct Tagged {
    tag: Vec<u8>,
    dfa: levenshtein_automata::DFA,
}

impl Tagged {
    /// Matches `tag` + a stem within `edits` of `stem`.
    pub(super) fn new(tag: &str, stem: &str, edits: u8) -> Tagged {
        let builder = levenshtein_automata::LevenshteinAutomatonBuilder::new(edits, true);
        Tagged {
            tag: tag.as_bytes().to_vec(),
            dfa: builder.build_dfa(stem),
        }
    }
}

/// Inside the tag (how many bytes matched), past it (the DFA's state), or failed.
#[derive(Clone, Copy, Debug)]
pub(super) enum TagState {
    Tag(usize),
    Dfa(u32),
    Dead,
}

impl Automaton for Tagged {
    type State = TagState;

    fn start(&self) -> TagState {
        if self.tag.is_empty() {
            TagState::Dfa(self.dfa.initial_state())
        } else {
            TagState::Tag(0)
        }
    }

    fn is_match(&self, state: &TagState) -> bool {
        match state {
            TagState::Dfa(s) => matches!(
                self.dfa.distance(*s),
                levenshtein_automata::Distance::Exact(_)
            ),
            _ => false,
        }
    }

    fn can_match(&self, state: &TagState) -> bool {
        match state {
            TagState::Dead => false,
            TagState::Tag(_) => true,
            TagState::Dfa(s) => *s != levenshtein_automata::SINK_STATE,
        }
    }

    fn accept(&self, state: &TagState, byte: u8) -> TagState {
        match *state {
            TagState::Tag(i) if self.tag.get(i) == Some(&byte) => {
                if i + 1 == self.tag.len() {
                    TagState::Dfa(self.dfa.initial_state())
                } else {
                    TagState::Tag(i + 1)
                }
            }
            TagState::Dfa(s) => TagState::Dfa(self.dfa.transition(s, byte)),
            _ => TagState::Dead,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(a: &Tagged, s: &str) -> bool {
        let mut st = a.start();
        for b in s.bytes() {
            st = a.accept(&st, b);
        }
        a.is_match(&st)
    }

    #[test]
    fn tagged_levenshtein() {
        let a = Tagged::new("en:", "obama", 1);
        assert!(matches(&a, "en:obama"));
        assert!(matches(&a, "en:obamn"));
        assert!(matches(&a, "en:boama"), "a transposition is one edit");
        assert!(!matches(&a, "de:obama"));
        assert!(!matches(&a, "en:obanna"));
        let untagged = Tagged::new("", "地震", 1);
        assert!(matches(&untagged, "地"));
    }
}
