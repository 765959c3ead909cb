//! Decoding: labels every token of a text greedily, left to right, with one or two models.
//!
//! Speed comes from splitting features in two. Almost all features depend on one token at one
//! window offset, so their summed weights are computed once per word type and offset and
//! cached per thread; per token only a handful of context and label features are looked up.
//! Tokens that cannot start a name are labelled O without being scored unless a span is open
//! (`may_start`).

use std::cell::RefCell;

use super::doc_features::{CODES, DocFeats, doc_feats};
use super::features::{
    BOS_TOK, EOS_TOK, T_TYPE, ctx_feats, gaz_tags, is_cap, lower, may_start, type_feats,
};
use super::hash::{FxMap, IdMap, hash_bytes};
use super::labels::{Label, NL, Row, argmax_valid};
use super::model::Model;
use super::resources::Resources;
use super::tokenize::Tok;

/// The per-thread cache of one model (or pair of models): word type → summed weights.
struct Cache {
    model: (u64, u64),
    /// Word type → id, keyed by a 64-bit hash of the word rather than the word: no string
    /// compare or allocation per token. A collision would give one word another's features;
    /// at 100,000 types its odds are about 3 in 10^10.
    index: IdMap<u32>,
    vecs: Vec<[Row; 5]>,
    vecs2: Vec<[Row; 5]>,
    shapes: Vec<u64>,
    mfirst: Vec<bool>,
    /// Shape hash → shape id; per type its shape id; per shape id and model the weights of
    /// "previous label × shape" for every previous label.
    shape_ids: FxMap<u64, u32>,
    sids: Vec<u32>,
    p1s: Vec<[Row; NL + 1]>,
    p1s2: Vec<[Row; NL + 1]>,
    /// Per shape id and model, the weights of "sentence start × shape": OCR text starts a
    /// sentence at every line, so this lookup in the big weight table was frequent.
    ss: Vec<Row>,
    ss2: Vec<Row>,
}

impl Cache {
    fn new(model: (u64, u64)) -> Cache {
        Cache {
            model,
            index: IdMap::default(),
            vecs: Vec::new(),
            vecs2: Vec::new(),
            shapes: Vec::new(),
            mfirst: Vec::new(),
            shape_ids: FxMap::default(),
            sids: Vec::new(),
            p1s: Vec::new(),
            p1s2: Vec::new(),
            ss: Vec::new(),
            ss2: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.index.clear();
        self.vecs.clear();
        self.vecs2.clear();
        self.shapes.clear();
        self.mfirst.clear();
        self.shape_ids.clear();
        self.sids.clear();
        self.p1s.clear();
        self.p1s2.clear();
        self.ss.clear();
        self.ss2.clear();
    }
}

thread_local! {
    /// One cache per model (pass 1 and pass 2 alternate), at most four.
    static CACHES: RefCell<Vec<Cache>> = const { RefCell::new(Vec::new()) };
}

/// Word types kept per thread (about 750 bytes each with two models) before the cache resets.
const CACHE_MAX: usize = 100_000;
/// Caches kept per thread (one per model pair in use).
const CACHES_MAX: usize = 4;

/// A token's type id before it has been looked up.
const UNSEEN: u32 = u32::MAX;

impl Model {
    /// Labels every token of `text`: one label per token.
    pub fn tag(&self, text: &str, toks: &[Tok], res: &Resources) -> Vec<Label> {
        self.tag_core(None, text, toks, res)
    }

    /// Two passes: this model, then `second` with document features from the first pass.
    /// Tokens, type lookups and gazetteer matches are shared by both passes.
    pub fn tag_two_pass(
        &self,
        second: &Model,
        text: &str,
        toks: &[Tok],
        res: &Resources,
    ) -> Vec<Label> {
        self.tag_core(Some(second), text, toks, res)
    }

    fn tag_core(
        &self,
        second: Option<&Model>,
        text: &str,
        toks: &[Tok],
        res: &Resources,
    ) -> Vec<Label> {
        let key = (self.id, second.map(|m| m.id).unwrap_or(0));
        CACHES.with(|cs| {
            let mut cs = cs.borrow_mut();
            let slot = match cs.iter().position(|c| c.model == key) {
                Some(i) => i,
                None => {
                    if cs.len() >= CACHES_MAX {
                        cs.remove(0);
                    }
                    cs.push(Cache::new(key));
                    cs.len() - 1
                }
            };
            let c = &mut cs[slot];
            if c.index.len() > CACHE_MAX {
                c.clear();
            }
            let bos = self.type_id(second, c, BOS_TOK, res);
            let eos = self.type_id(second, c, EOS_TOK, res);
            let mut t = Tagging {
                first: self,
                second,
                res,
                words: Vec::with_capacity(toks.len()),
                starts: Vec::with_capacity(toks.len()),
                ids: Vec::with_capacity(toks.len() + 64),
                sents: Vec::new(),
                gz: Vec::with_capacity(toks.len()),
            };
            let mut sgz: Vec<u8> = Vec::new();
            let mut s0 = 0;
            while s0 < toks.len() {
                let mut s1 = s0 + 1;
                while s1 < toks.len() && !toks[s1].sent_start {
                    s1 += 1;
                }
                let base = t.ids.len();
                t.ids.extend([bos, bos]);
                for tok in &toks[s0..s1] {
                    let w = text.get(tok.start..tok.end).unwrap_or("");
                    t.words.push(w);
                    t.starts.push(may_start(w));
                    t.ids.push(UNSEEN);
                }
                t.ids.extend([eos, eos]);
                // Only tokens in the ±2 window of a possible name start are looked up now;
                // the rest only if the pass opens a span that runs into them.
                let st = &t.starts[s0..s1];
                for i in 0..s1 - s0 {
                    if st[i.saturating_sub(2)..(i + 3).min(st.len())]
                        .iter()
                        .any(|&x| x)
                    {
                        t.ids[base + 2 + i] = self.type_id(second, c, t.words[s0 + i], res);
                    }
                }
                {
                    let cr = &*c;
                    let sid = &t.ids[base..];
                    gaz_tags(
                        &t.words[s0..s1],
                        &res.gaz,
                        |i| sid[i + 2] != UNSEEN && cr.mfirst[sid[i + 2] as usize],
                        &mut sgz,
                    );
                }
                t.gz.extend_from_slice(&sgz);
                t.sents.push((s0, s1));
                s0 = s1;
            }
            let labels = t.pass(self, c, false, None);
            match second {
                None => labels,
                Some(m2) => {
                    let ss: Vec<bool> = toks.iter().map(|t| t.sent_start).collect();
                    let extra = doc_feats(&t.words, &labels, &ss);
                    t.pass(m2, c, true, Some(&extra))
                }
            }
        })
    }

    /// The cache id of word type `w`, computing its weights (for both models) on first use.
    fn type_id(&self, second: Option<&Model>, c: &mut Cache, w: &str, res: &Resources) -> u32 {
        let key = hash_bytes(T_TYPE, w.as_bytes());
        if let Some(&i) = c.index.get(&key) {
            return i;
        }
        let tf = type_feats(w, res);
        let i = c.vecs.len() as u32;
        c.vecs.push(self.type_vecs(&tf));
        if let Some(m2) = second {
            c.vecs2.push(m2.type_vecs(&tf));
        }
        c.shapes.push(tf.shape);
        let sid = match c.shape_ids.get(&tf.shape) {
            Some(&x) => x,
            None => {
                let x = c.p1s.len() as u32;
                c.p1s.push(self.p1s_rows(tf.shape));
                c.ss.push(self.ss_row(tf.shape));
                if let Some(m2) = second {
                    c.p1s2.push(m2.p1s_rows(tf.shape));
                    c.ss2.push(m2.ss_row(tf.shape));
                }
                c.shape_ids.insert(tf.shape, x);
                x
            }
        };
        c.sids.push(sid);
        c.mfirst
            .push(is_cap(w) && res.gaz.multi_first.contains(&lower(w)));
        c.index.insert(key, i);
        i
    }
}

/// One text being tagged: its words, sentence bounds and gazetteer matches, and the type ids
/// (per sentence: two BOS pads, the tokens, two EOS pads), shared by both passes.
struct Tagging<'a> {
    first: &'a Model,
    second: Option<&'a Model>,
    res: &'a Resources,
    words: Vec<&'a str>,
    starts: Vec<bool>,
    ids: Vec<u32>,
    sents: Vec<(usize, usize)>,
    gz: Vec<u8>,
}

impl Tagging<'_> {
    /// One greedy pass of `m` over all sentences; `second` selects the pass-2 weights in the
    /// cache.
    fn pass(
        &mut self,
        m: &Model,
        c: &mut Cache,
        second: bool,
        extra: Option<&[DocFeats]>,
    ) -> Vec<Label> {
        let mut labels = Vec::with_capacity(self.gz.len());
        let mut ctx: Vec<u64> = Vec::new();
        for k in 0..self.sents.len() {
            let (s0, s1) = self.sents[k];
            let base = s0 + 4 * k;
            let (mut p1, mut p2) = (Label::BOS, Label::BOS);
            for i in 0..s1 - s0 {
                if !self.starts[s0 + i] && !p1.is_open() {
                    labels.push(Label::O);
                    p2 = p1;
                    p1 = Label::O;
                    continue;
                }
                for j in 0..5 {
                    let at = base + i + j;
                    if self.ids[at] == UNSEEN {
                        let w = self.words[s0 + i + j - 2];
                        self.ids[at] = self.first.type_id(self.second, c, w, self.res);
                    }
                }
                let (vecs, p1s, ss) = if second {
                    (&c.vecs2, &c.p1s2, &c.ss2)
                } else {
                    (&c.vecs, &c.p1s, &c.ss)
                };
                let sid = &self.ids[base + i..base + i + 5];
                let mut s = [0f32; NL];
                for (k, id) in sid.iter().enumerate() {
                    let v = &vecs[*id as usize][4 - k];
                    for (a, b) in s.iter_mut().zip(v) {
                        *a += b;
                    }
                }
                let shape = c.shapes[sid[2] as usize];
                // Gazetteer-span features here; sentence start from the per-shape cache.
                ctx_feats(i, &self.gz[s0..s1], false, shape, &mut ctx);
                for &f in &ctx {
                    m.add(&mut s, f);
                }
                let shape_id = c.sids[sid[2] as usize] as usize;
                if i == 0 {
                    for (a, b) in s.iter_mut().zip(&ss[shape_id]) {
                        *a += b;
                    }
                }
                let r = &p1s[shape_id][p1.index()];
                for (a, b) in s.iter_mut().zip(r) {
                    *a += b;
                }
                if let Some(x) = extra.and_then(|e| e.get(s0 + i)) {
                    for (slot, &code) in x.iter().enumerate() {
                        if code != 0 {
                            let r = &m.dtab[slot * CODES + (code as usize & (CODES - 1))];
                            for (a, b) in s.iter_mut().zip(r) {
                                *a += b;
                            }
                        }
                    }
                }
                let (i1, i2) = (p1.index(), p2.index());
                for (a, (b, d)) in s
                    .iter_mut()
                    .zip(m.t1[i1].iter().zip(&m.t12[i1 * (NL + 1) + i2]))
                {
                    *a += b + d;
                }
                let l = argmax_valid(&s, p1);
                labels.push(l);
                p2 = p1;
                p1 = l;
            }
        }
        labels
    }
}
