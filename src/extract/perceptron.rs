//! The trainer: a greedy averaged perceptron over the features of [`super::features`],
//! trained in a seeded shuffled order (deterministic for a seed), and the two-pass scheme
//! whose second model learns from cross-validated first-pass labels.

use std::collections::HashMap;

use super::doc_features::{DocFeats, doc_feats, doc_hash};
use super::features::{
    BOS_TOK, EOS_TOK, TypeFeats, ctx_feats, gaz_tags, hist_feats, is_cap, lower, type_feats,
};
use super::hash::{IdMap, fmix};
use super::labels::{Label, NL, Row, argmax_valid};
use super::model::Model;
use super::resources::Resources;
use super::tokenize::Tok;

/// One training sentence: tokens and gold labels.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Token strings.
    pub words: Vec<String>,
    /// Gold BILOU labels.
    pub gold: Vec<Label>,
}

/// A sentence's features, computed once before the epochs.
struct Prepared {
    feats: Vec<Vec<u64>>,
    shapes: Vec<u64>,
    gold: Vec<Label>,
}

fn prepare(
    s: &Sentence,
    res: &Resources,
    cache: &mut HashMap<String, TypeFeats>,
    extra: Option<&Vec<DocFeats>>,
) -> Prepared {
    let n = s.words.len();
    let mut words: Vec<&str> = vec![BOS_TOK, BOS_TOK];
    words.extend(s.words.iter().map(|w| w.as_str()));
    words.push(EOS_TOK);
    words.push(EOS_TOK);
    for w in &words {
        if !cache.contains_key(*w) {
            cache.insert(w.to_string(), type_feats(w, res));
        }
    }
    let inner: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
    let mut gz = Vec::new();
    gaz_tags(
        &inner,
        &res.gaz,
        |i| is_cap(inner[i]) && res.gaz.multi_first.contains(&lower(inner[i])),
        &mut gz,
    );
    let mut feats = Vec::with_capacity(n);
    let mut shapes = Vec::with_capacity(n);
    let mut ctx = Vec::new();
    for i in 0..n {
        let mut f = Vec::new();
        for k in 0..5 {
            if let Some(tf) = cache.get(words[i + k]) {
                f.extend_from_slice(&tf.by_off[4 - k]);
            }
        }
        let shape = cache.get(words[i + 2]).map(|t| t.shape).unwrap_or(0);
        ctx_feats(i, &gz, i == 0, shape, &mut ctx);
        f.extend_from_slice(&ctx);
        if let Some(x) = extra.and_then(|e| e.get(i)) {
            f.extend(
                x.iter()
                    .enumerate()
                    .filter(|(_, c)| **c != 0)
                    .map(|(k, &c)| doc_hash(k, c)),
            );
        }
        feats.push(f);
        shapes.push(shape);
    }
    Prepared {
        feats,
        shapes,
        gold: s.gold.clone(),
    }
}

/// Deterministic xorshift64* generator for shuffling.
pub struct XorShift(u64);

impl XorShift {
    /// A generator for `seed` (0 is remapped).
    pub fn new(seed: u64) -> XorShift {
        XorShift(fmix(seed ^ 0x5DEECE66D) | 1)
    }
    /// Next pseudo-random number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains a model with the averaged perceptron: `epochs` passes in a seeded shuffled order.
pub fn train(sents: &[Sentence], res: &Resources, epochs: usize, seed: u64, log: bool) -> Model {
    train_with(sents, res, epochs, seed, log, None)
}

/// Like [`train`], with extra features per sentence and token (pass-2 document features).
pub fn train_with(
    sents: &[Sentence],
    res: &Resources,
    epochs: usize,
    seed: u64,
    log: bool,
    extra: Option<&[Vec<DocFeats>]>,
) -> Model {
    let mut tcache = HashMap::new();
    let data: Vec<Prepared> = sents
        .iter()
        .enumerate()
        .map(|(i, s)| prepare(s, res, &mut tcache, extra.and_then(|e| e.get(i))))
        .collect();
    drop(tcache);
    let mut index: IdMap<u32> = IdMap::default();
    let mut w: Vec<Row> = Vec::new();
    let mut acc: Vec<[f64; NL]> = Vec::new();
    let mut ts: Vec<[u32; NL]> = Vec::new();
    let mut c: u32 = 1;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = XorShift::new(seed);
    let mut all = Vec::new();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut errs, mut n) = (0usize, 0usize);
        for &si in &order {
            let d = &data[si];
            let (mut p1, mut p2) = (Label::BOS, Label::BOS);
            for i in 0..d.gold.len() {
                all.clear();
                all.extend_from_slice(&d.feats[i]);
                all.extend_from_slice(&hist_feats(p1, p2, d.shapes[i]));
                let mut s = [0f32; NL];
                for f in &all {
                    if let Some(&r) = index.get(f) {
                        for (a, b) in s.iter_mut().zip(&w[r as usize]) {
                            *a += b;
                        }
                    }
                }
                let pred = argmax_valid(&s, p1);
                let gold = d.gold[i];
                n += 1;
                if pred != gold {
                    errs += 1;
                    for f in &all {
                        let r = *index.entry(*f).or_insert_with(|| {
                            w.push([0.0; NL]);
                            acc.push([0.0; NL]);
                            ts.push([0; NL]);
                            (w.len() - 1) as u32
                        }) as usize;
                        for (l, delta) in [(gold.index(), 1.0f32), (pred.index(), -1.0)] {
                            acc[r][l] += (c - ts[r][l]) as f64 * w[r][l] as f64;
                            ts[r][l] = c;
                            w[r][l] += delta;
                        }
                    }
                }
                c += 1;
                p2 = p1;
                p1 = pred;
            }
        }
        if log {
            eprintln!(
                "epoch {epoch}: token error {:.4} ({} features)",
                errs as f64 / n.max(1) as f64,
                w.len()
            );
        }
    }
    let mut out: IdMap<Row> = IdMap::default();
    for (&k, &r) in &index {
        let r = r as usize;
        let mut row = [0f32; NL];
        for l in 0..NL {
            let a = acc[r][l] + (c - ts[r][l]) as f64 * w[r][l] as f64;
            row[l] = (a / c as f64) as f32;
        }
        if row.iter().any(|x| x.abs() > 1e-4) {
            out.insert(k, row);
        }
    }
    Model::new(out)
}

/// Tags the sentences of one CoNLL document as running text; returns words, sentence starts and
/// labels for the whole document.
fn tag_doc(m: &Model, res: &Resources, doc: &[Sentence]) -> (Vec<String>, Vec<bool>, Vec<Label>) {
    let mut text = String::new();
    let mut toks = Vec::new();
    for s in doc {
        for (i, w) in s.words.iter().enumerate() {
            if !text.is_empty() {
                text.push(if i == 0 { '\n' } else { ' ' });
            }
            toks.push(Tok {
                start: text.len(),
                end: text.len() + w.len(),
                sent_start: i == 0,
            });
            text.push_str(w);
        }
    }
    let labels = m.tag(&text, &toks, res);
    let words = toks
        .iter()
        .map(|t| text[t.start..t.end].to_string())
        .collect();
    let ss = toks.iter().map(|t| t.sent_start).collect();
    (words, ss, labels)
}

/// Trains pass 1 on everything, then pass 2 on document features computed from
/// cross-validated pass-1 labels (`folds` folds over documents), so pass 2 learns how much to
/// trust realistic, imperfect first-pass labels.
pub fn train_two_pass(
    docs: &[Vec<Sentence>],
    res: &Resources,
    epochs: usize,
    seed: u64,
    folds: usize,
    log: bool,
) -> (Model, Model) {
    let all: Vec<Sentence> = docs.iter().flatten().cloned().collect();
    let m1 = train(&all, res, epochs, seed, log);
    let folds = folds.max(2);
    let mut extra: Vec<Vec<Vec<DocFeats>>> = vec![Vec::new(); docs.len()];
    for k in 0..folds {
        let part: Vec<Sentence> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .flat_map(|(_, d)| d.iter().cloned())
            .collect();
        let mk = train(&part, res, epochs, seed.wrapping_add(k as u64 + 1), false);
        for (i, d) in docs.iter().enumerate().filter(|(i, _)| i % folds == k) {
            let (words, ss, labels) = tag_doc(&mk, res, d);
            let wr: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
            let mut f = doc_feats(&wr, &labels, &ss).into_iter();
            extra[i] = d
                .iter()
                .map(|s| f.by_ref().take(s.words.len()).collect())
                .collect();
        }
        if log {
            eprintln!("fold {k} done");
        }
    }
    let extra: Vec<Vec<DocFeats>> = extra.into_iter().flatten().collect();
    let m2 = train_with(&all, res, epochs, seed, log, Some(&extra));
    (m1, m2)
}
