//! A trained tagger's weights: one row of label scores per feature hash, plus dense copies
//! of the rows the decoder looks up for every token (label history, document features).

use std::sync::atomic::{AtomicU64, Ordering};

use super::doc_features::{CODES, SLOTS, doc_hash};
use super::features::{T_SS, TypeFeats, hist_feats, seed};
use super::hash::{IdMap, hash_num};
use super::labels::{Label, NL, Row};

/// A trained tagger.
#[derive(Debug)]
pub struct Model {
    pub(super) w: IdMap<Row>,
    /// Dense copies of the label-history weights: `[p1]` and `[p1 * (NL + 1) + p2]`.
    pub(super) t1: Vec<Row>,
    pub(super) t12: Vec<Row>,
    /// Dense document-feature weights: `[slot * CODES + code]`.
    pub(super) dtab: Vec<Row>,
    /// Process-unique id, the key of the per-thread type caches.
    pub(super) id: u64,
}

static MODEL_IDS: AtomicU64 = AtomicU64::new(1);

impl Model {
    /// A model from its weight rows.
    pub(super) fn new(w: IdMap<Row>) -> Model {
        let mut t1 = vec![[0f32; NL]; NL + 1];
        let mut t12 = vec![[0f32; NL]; (NL + 1) * (NL + 1)];
        for p1 in 0..=NL {
            let [f1, _, _] = hist_feats(Label::from_index(p1), Label::O, 0);
            if let Some(r) = w.get(&f1) {
                t1[p1] = *r;
            }
            for p2 in 0..=NL {
                let [_, f12, _] = hist_feats(Label::from_index(p1), Label::from_index(p2), 0);
                if let Some(r) = w.get(&f12) {
                    t12[p1 * (NL + 1) + p2] = *r;
                }
            }
        }
        let mut dtab = vec![[0f32; NL]; SLOTS * CODES];
        for slot in 0..SLOTS {
            for code in 1..CODES as u8 {
                if let Some(r) = w.get(&doc_hash(slot, code)) {
                    dtab[slot * CODES + code as usize] = *r;
                }
            }
        }
        Model {
            w,
            t1,
            t12,
            dtab,
            id: MODEL_IDS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Number of weight rows.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// True for an empty model.
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// Adds the weights of feature `f` (if it has any) to `s`.
    pub(super) fn add(&self, s: &mut Row, f: u64) {
        if let Some(r) = self.w.get(&f) {
            for (a, b) in s.iter_mut().zip(r) {
                *a += b;
            }
        }
    }

    /// The weights of the sentence-start feature for a shape (see
    /// [`super::features::ctx_feats`]).
    pub(super) fn ss_row(&self, shape: u64) -> Row {
        self.w
            .get(&hash_num(seed(T_SS, 0), shape))
            .copied()
            .unwrap_or([0f32; NL])
    }

    /// The weights of "previous label × shape" for every previous label.
    pub(super) fn p1s_rows(&self, shape: u64) -> [Row; NL + 1] {
        let mut rows = [[0f32; NL]; NL + 1];
        for (p1, r) in rows.iter_mut().enumerate() {
            let [_, _, fs] = hist_feats(Label::from_index(p1), Label::O, shape);
            if let Some(w) = self.w.get(&fs) {
                *r = *w;
            }
        }
        rows
    }

    /// The summed weights of a word type's features at each window offset.
    pub(super) fn type_vecs(&self, tf: &TypeFeats) -> [Row; 5] {
        let mut vs = [[0f32; NL]; 5];
        for (k, v) in vs.iter_mut().enumerate() {
            for &f in &tf.by_off[k] {
                self.add(v, f);
            }
        }
        vs
    }
}
