//! BILOU labels: O, or an entity kind with a position (Begin, Inside, Last, Unit), the
//! arithmetic of their ids, which transitions are valid, and labels → entity spans.
//!
//! Label ids are part of the model: the label-history features hash them, and weight rows
//! are indexed by them.

use super::entity::{EntityKind, Span};
use super::tokenize::Tok;

/// Number of labels: O plus B/I/L/U for each of the four entity kinds.
pub const NL: usize = 17;

/// Scores of all labels.
pub type Row = [f32; NL];

/// Where a token sits in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bilou {
    /// First token of a multi-token entity.
    Begin = 0,
    /// Inner token.
    Inside = 1,
    /// Last token of a multi-token entity.
    Last = 2,
    /// A one-token entity.
    Unit = 3,
}

impl Bilou {
    const ALL: [Bilou; 4] = [Bilou::Begin, Bilou::Inside, Bilou::Last, Bilou::Unit];
}

/// One label: 0 is O, `1 + kind * 4 + position` an entity label, [`Label::BOS`] the marker
/// for "before the sentence" in the label history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(u8);

impl Label {
    /// Outside any entity.
    pub const O: Label = Label(0);
    /// Before the sentence (label history only; never predicted).
    pub const BOS: Label = Label(NL as u8);

    /// The label of `kind` at position `b`.
    pub const fn new(kind: EntityKind, b: Bilou) -> Label {
        Label(1 + kind as u8 * 4 + b as u8)
    }

    /// The label with id `i` (`0..=NL`).
    pub fn from_index(i: usize) -> Label {
        debug_assert!(i <= NL);
        Label(i as u8)
    }

    /// The id: an index into weight rows (`0..NL`) or, for BOS, `NL`.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The entity kind; `None` for O and BOS.
    pub fn kind(self) -> Option<EntityKind> {
        if self.0 == 0 || self.index() >= NL {
            return None;
        }
        EntityKind::from_index((self.0 as usize - 1) / 4)
    }

    /// The position in the entity; `None` for O and BOS.
    pub fn bilou(self) -> Option<Bilou> {
        if self.0 == 0 || self.index() >= NL {
            return None;
        }
        Some(Bilou::ALL[(self.0 as usize - 1) % 4])
    }

    /// True for B and I: an entity that must continue.
    pub fn is_open(self) -> bool {
        matches!(self.bilou(), Some(Bilou::Begin | Bilou::Inside))
    }

    /// True when this label may follow `prev` (BOS acts as O): an open entity continues with
    /// I or L of its kind, anything else is followed by O, B or U.
    pub fn may_follow(self, prev: Label) -> bool {
        if prev.is_open() {
            self.kind() == prev.kind() && matches!(self.bilou(), Some(Bilou::Inside | Bilou::Last))
        } else {
            matches!(self.bilou(), None | Some(Bilou::Begin | Bilou::Unit))
        }
    }
}

/// The best-scoring label that may follow `prev`.
pub fn argmax_valid(s: &Row, prev: Label) -> Label {
    let mut best = 0;
    let mut bs = f32::NEG_INFINITY;
    for (l, &v) in s.iter().enumerate() {
        if v > bs && Label::from_index(l).may_follow(prev) {
            bs = v;
            best = l;
        }
    }
    Label::from_index(best)
}

/// Turns labels into entity spans. A span also ends at a sentence start, whatever the labels
/// say, and a span left open at the end is closed there.
pub fn spans(labels: &[Label], toks: &[Tok]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(EntityKind, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let starts_sentence = toks.get(i).is_some_and(|t| t.sent_start);
        if let Some((kind, first)) = open
            && (l.kind() != Some(kind)
                || matches!(l.bilou(), Some(Bilou::Begin | Bilou::Unit))
                || starts_sentence)
        {
            out.push(Span {
                kind,
                first,
                last: i - 1,
            });
            open = None;
        }
        let (Some(kind), Some(b)) = (l.kind(), l.bilou()) else {
            continue;
        };
        match b {
            Bilou::Begin | Bilou::Inside => {
                if open.is_none() {
                    open = Some((kind, i));
                }
            }
            Bilou::Last => {
                let first = open.map(|o| o.1).unwrap_or(i);
                out.push(Span {
                    kind,
                    first,
                    last: i,
                });
                open = None;
            }
            Bilou::Unit => out.push(Span {
                kind,
                first: i,
                last: i,
            }),
        }
    }
    if let Some((kind, first)) = open {
        out.push(Span {
            kind,
            first,
            last: labels.len() - 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_ids_round_trip() {
        for (k, kind) in EntityKind::ALL.into_iter().enumerate() {
            for (p, b) in Bilou::ALL.into_iter().enumerate() {
                let l = Label::new(kind, b);
                assert_eq!(l.index(), 1 + k * 4 + p);
                assert_eq!(l.kind(), Some(kind));
                assert_eq!(l.bilou(), Some(b));
            }
        }
        assert_eq!(Label::O.kind(), None);
        assert_eq!(Label::BOS.kind(), None);
        assert!(!Label::BOS.is_open());
    }

    #[test]
    fn transitions() {
        let b = Label::new(EntityKind::Per, Bilou::Begin);
        let l = Label::new(EntityKind::Per, Bilou::Last);
        let lo = Label::new(EntityKind::Loc, Bilou::Last);
        assert!(l.may_follow(b));
        assert!(!lo.may_follow(b));
        assert!(!Label::O.may_follow(b));
        assert!(b.may_follow(Label::BOS));
        assert!(!l.may_follow(Label::O));
    }

    #[test]
    fn spans_close_at_sentence_starts() {
        let tok = |s: bool| Tok {
            start: 0,
            end: 1,
            sent_start: s,
        };
        let toks = [tok(true), tok(false), tok(true), tok(false)];
        let b = Label::new(EntityKind::Per, Bilou::Begin);
        let i = Label::new(EntityKind::Per, Bilou::Inside);
        let u = Label::new(EntityKind::Loc, Bilou::Unit);
        let got = spans(&[b, i, i, u], &toks);
        assert_eq!(
            got,
            [
                Span {
                    kind: EntityKind::Per,
                    first: 0,
                    last: 1
                },
                Span {
                    kind: EntityKind::Per,
                    first: 2,
                    last: 2
                },
                Span {
                    kind: EntityKind::Loc,
                    first: 3,
                    last: 3
                }
            ]
        );
    }
}
