//! The sequence tagger: a greedy averaged perceptron over BILOU labels for PER, LOC, ORG and
//! MISC, with classic features (word, lower case, shape, affixes, a ±2 window, previous
//! labels, gazetteer membership).
//!
//! Speed comes from splitting features in two. Almost all features depend on one token at one
//! window offset, so their summed weights are computed once per word type and offset and
//! cached per thread; per token only a handful of context and label features are looked up.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

use super::gazetteer::Gazetteer;
use super::tokenize::Tok;

/// Number of labels: O plus B/I/L/U for each of the four entity types.
pub const NL: usize = 17;
/// Entity type index of people.
pub const PER: usize = 0;
/// Entity type index of places.
pub const LOC: usize = 1;
/// Scores of all labels.
pub type Row = [f32; NL];
/// Marker for "before the sentence" in label history.
const BOS: usize = NL;

/// Label id of type `t` (0..4) and BILOU position `b` (0 B, 1 I, 2 L, 3 U).
pub fn label(t: usize, b: usize) -> usize {
    1 + t * 4 + b
}
fn typ(l: usize) -> usize {
    (l - 1) / 4
}
fn pos(l: usize) -> usize {
    (l - 1) % 4
}
fn is_open(l: usize) -> bool {
    l != 0 && l < NL && pos(l) < 2
}
fn valid(prev: usize, cur: usize) -> bool {
    if is_open(prev) {
        cur != 0 && typ(cur) == typ(prev) && (pos(cur) == 1 || pos(cur) == 2)
    } else {
        cur == 0 || pos(cur) == 0 || pos(cur) == 3
    }
}

/// An identity hasher: the keys are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
/// A fast non-cryptographic string hasher (FxHash-like); inputs are not adversarial enough
/// to matter for a per-thread cache and static gazetteers.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);
impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        fmix(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for ch in bytes.chunks(8) {
            let mut w = 0u64;
            for (i, &x) in ch.iter().enumerate() {
                w |= (x as u64) << (8 * i);
            }
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517cc1b727220a95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517cc1b727220a95);
    }
}
/// Hash map with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// Hash set with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// Hash map keyed by feature hashes.
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^ (h >> 33)
}
fn hb(seed: u64, b: &[u8]) -> u64 {
    let mut h = seed.wrapping_mul(0x9E3779B97F4A7C15) ^ (b.len() as u64);
    for ch in b.chunks(8) {
        let mut w = 0u64;
        for (i, &x) in ch.iter().enumerate() {
            w |= (x as u64) << (8 * i);
        }
        h = (h ^ w).wrapping_mul(0x100000001b3).rotate_left(29);
    }
    fmix(h)
}
fn hn(seed: u64, n: u64) -> u64 {
    fmix(seed.wrapping_mul(0x9E3779B97F4A7C15) ^ n.wrapping_mul(0xD6E8FEB86659FD93))
}

// feature templates
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_LW: u64 = 3;
const T_SH: u64 = 4;
const T_PRE: u64 = 5; // + len
const T_SUF: u64 = 10; // + len
const T_FLAG: u64 = 15; // + bit
const T_FLAGS: u64 = 22;
const T_GZ: u64 = 30;
const T_SS: u64 = 31;
const T_P1: u64 = 32;
const T_P12: u64 = 33;
const T_P1S: u64 = 34;
const T_CAPLEN: u64 = 35;
const T_DMAJ: u64 = 36;
const T_DLOW: u64 = 37;
const T_DNB: u64 = 38;
/// Seed of the type-cache key (not a feature).
const T_TYPE: u64 = 99;

fn seed(t: u64, off: i32) -> u64 {
    t * 8 + (off + 2) as u64
}

/// Lower case with typographic apostrophes folded.
pub fn lower(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        if c == '\u{2019}' {
            s.push('\'');
        } else {
            s.extend(c.to_lowercase());
        }
    }
    s
}

fn shape(w: &str) -> String {
    let mut s = String::new();
    let mut last = '\0';
    let mut n = 0;
    for c in w.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if m != last {
            s.push(m);
            last = m;
            n += 1;
            if n >= 8 {
                break;
            }
        }
    }
    s
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Per-type facts: the features at each window offset, plus the shape hash used by context
/// features.
struct TypeFeats {
    by_off: [Vec<u64>; 5],
    shape: u64,
}

fn type_feats(w: &str, gaz: &Gazetteer) -> TypeFeats {
    let lw = lower(w);
    let sh = shape(w);
    let flags = if is_cap(w) || w.len() <= 1 {
        gaz.token_flags(&lw)
    } else {
        0
    };
    let mut by_off: [Vec<u64>; 5] = Default::default();
    for off in -2i32..=2 {
        let v = &mut by_off[(off + 2) as usize];
        v.push(hb(seed(T_LW, off), lw.as_bytes()));
        v.push(hb(seed(T_SH, off), sh.as_bytes()));
        if off.abs() <= 1 {
            v.push(hb(seed(T_W, off), w.as_bytes()));
            v.push(hn(seed(T_FLAGS, off), flags as u64));
        }
    }
    let v = &mut by_off[2];
    v.push(hn(seed(T_BIAS, 0), 0));
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let lchars: Vec<(usize, char)> = lw.char_indices().collect();
    for k in 1..=4usize {
        if chars.len() > k {
            let end = chars[k].0;
            v.push(hb(seed(T_PRE + k as u64, 0), &w.as_bytes()[..end]));
        }
        if lchars.len() > k {
            let st = lchars[lchars.len() - k].0;
            v.push(hb(seed(T_SUF + k as u64, 0), &lw.as_bytes()[st..]));
        }
    }
    for bit in 0..5u64 {
        if flags & (1 << bit) != 0 {
            v.push(hn(seed(T_FLAG + bit, 0), 1));
        }
    }
    if is_cap(w) {
        v.push(hn(seed(T_CAPLEN, 0), chars.len().min(12) as u64));
    }
    TypeFeats {
        by_off,
        shape: hb(77, sh.as_bytes()),
    }
}

const BOS_TOK: &str = "\u{0}<s>";
const EOS_TOK: &str = "\u{0}</s>";

/// Gazetteer span tags (0 none, 1 B, 2 I, 3 L) for multi-token place names in one sentence.
fn gaz_tags(words: &[&str], gaz: &Gazetteer, mfirst: impl Fn(usize) -> bool, out: &mut Vec<u8>) {
    out.clear();
    out.resize(words.len(), 0);
    let mut i = 0;
    let mut key = String::new();
    while i < words.len() {
        if !mfirst(i) {
            i += 1;
            continue;
        }
        let mut matched = 0;
        let max = 5.min(words.len() - i);
        key.clear();
        key.push_str(&lower(words[i]));
        for (len, w) in words.iter().enumerate().take(i + max).skip(i + 1) {
            key.push(' ');
            key.push_str(&lower(w));
            if gaz.multi.contains(&key) {
                matched = len - i + 1;
            }
            if !gaz.multi_prefix.contains(&key) {
                break;
            }
        }
        if matched >= 2 {
            out[i] = 1;
            for t in out.iter_mut().take(i + matched - 1).skip(i + 1) {
                *t = 2;
            }
            out[i + matched - 1] = 3;
            i += matched;
        } else {
            i += 1;
        }
    }
}

fn ctx_feats(i: usize, gz: &[u8], sent_start: bool, shape: u64, out: &mut Vec<u64>) {
    out.clear();
    for off in -1i32..=1 {
        let j = i as i64 + off as i64;
        if j >= 0 && (j as usize) < gz.len() && gz[j as usize] != 0 {
            out.push(hn(seed(T_GZ, off), gz[j as usize] as u64));
        }
    }
    if sent_start {
        out.push(hn(seed(T_SS, 0), shape));
    }
}

fn hist_feats(p1: usize, p2: usize, shape: u64) -> [u64; 3] {
    [
        hn(seed(T_P1, 0), p1 as u64),
        hn(seed(T_P12, 0), (p1 * 32 + p2) as u64),
        hn(
            seed(T_P1S, 0),
            shape ^ (p1 as u64).wrapping_mul(0x9E3779B97F4A7C15),
        ),
    ]
}

fn argmax_valid(s: &Row, prev: usize) -> usize {
    let mut best = 0;
    let mut bs = f32::NEG_INFINITY;
    for (l, &v) in s.iter().enumerate() {
        let ok = if prev == BOS {
            valid(0, l)
        } else {
            valid(prev, l)
        };
        if ok && v > bs {
            bs = v;
            best = l;
        }
    }
    best
}

/// A trained tagger.
#[derive(Debug)]
pub struct Model {
    w: IdMap<Row>,
    /// Dense copies of the label-history weights: `[p1]` and `[p1 * (NL + 1) + p2]`.
    t1: Vec<Row>,
    t12: Vec<Row>,
    /// Dense document-feature weights: `[slot * 32 + code]`.
    dtab: Vec<Row>,
    id: u64,
}

static MODEL_IDS: AtomicU64 = AtomicU64::new(1);

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

thread_local! {
    /// One cache per model (pass 1 and pass 2 alternate), at most four.
    static CACHES: RefCell<Vec<Cache>> = const { RefCell::new(Vec::new()) };
}

/// Word types kept per thread (about 750 bytes each with two models) before the cache resets.
const CACHE_MAX: usize = 100_000;
const MAGIC: &[u8; 8] = b"NDXNER01";

impl Model {
    fn new(w: IdMap<Row>) -> Model {
        let mut t1 = vec![[0f32; NL]; NL + 1];
        let mut t12 = vec![[0f32; NL]; (NL + 1) * (NL + 1)];
        for p1 in 0..=NL {
            let [f1, _, _] = hist_feats(p1, 0, 0);
            if let Some(r) = w.get(&f1) {
                t1[p1] = *r;
            }
            for p2 in 0..=NL {
                let [_, f12, _] = hist_feats(p1, p2, 0);
                if let Some(r) = w.get(&f12) {
                    t12[p1 * (NL + 1) + p2] = *r;
                }
            }
        }
        let mut dtab = vec![[0f32; NL]; 4 * 32];
        for slot in 0..4 {
            for code in 1..32u8 {
                if let Some(r) = w.get(&doc_hash(slot, code)) {
                    dtab[slot * 32 + code as usize] = *r;
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

    /// Reads a model written by [`Model::to_bytes`] (zstd-compressed).
    pub fn from_zst(bytes: &[u8]) -> Result<Model, String> {
        let mut raw = Vec::new();
        zstd::stream::read::Decoder::new(bytes)
            .map_err(|e| e.to_string())?
            .read_to_end(&mut raw)
            .map_err(|e| e.to_string())?;
        if raw.len() < 16 || &raw[..8] != MAGIC {
            return Err("not a newsdex NER model".into());
        }
        let n = u32::from_le_bytes([raw[8], raw[9], raw[10], raw[11]]) as usize;
        let scale = f32::from_le_bytes([raw[12], raw[13], raw[14], raw[15]]);
        let rec = 8 + 2 * NL;
        if raw.len() != 16 + n * rec {
            return Err("model length mismatch".into());
        }
        let mut w: IdMap<Row> = IdMap::default();
        w.reserve(n);
        for r in raw[16..].chunks_exact(rec) {
            let mut k = [0u8; 8];
            k.copy_from_slice(&r[..8]);
            let mut row = [0f32; NL];
            for (l, x) in row.iter_mut().enumerate() {
                *x = i16::from_le_bytes([r[8 + 2 * l], r[9 + 2 * l]]) as f32 * scale;
            }
            w.insert(u64::from_le_bytes(k), row);
        }
        Ok(Model::new(w))
    }

    /// Like [`Model::from_zst`], but an empty stream means "no model".
    pub fn from_zst_opt(bytes: &[u8]) -> Result<Option<Model>, String> {
        let raw = zstd::stream::decode_all(bytes).map_err(|e| e.to_string())?;
        if raw.is_empty() {
            return Ok(None);
        }
        Model::from_zst(bytes).map(Some)
    }

    /// Serialises the weights as i16 with one scale, sorted by key (deterministic), then
    /// zstd-compresses them.
    pub fn to_zst(&self) -> anyhow::Result<Vec<u8>> {
        let maxabs = self
            .w
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, &x| m.max(x.abs()))
            .max(1e-9);
        let scale = maxabs / 32767.0;
        let mut keys: Vec<&u64> = self.w.keys().collect();
        keys.sort();
        let mut raw = Vec::with_capacity(16 + keys.len() * (8 + 2 * NL));
        raw.extend_from_slice(MAGIC);
        let mut n = 0u32;
        let mut body = Vec::new();
        for k in keys {
            let row = &self.w[k];
            let q: Vec<i16> = row.iter().map(|&x| (x / scale).round() as i16).collect();
            if q.iter().all(|&x| x == 0) {
                continue;
            }
            n += 1;
            body.extend_from_slice(&k.to_le_bytes());
            for x in q {
                body.extend_from_slice(&x.to_le_bytes());
            }
        }
        raw.extend_from_slice(&n.to_le_bytes());
        raw.extend_from_slice(&scale.to_le_bytes());
        raw.extend_from_slice(&body);
        Ok(zstd::stream::encode_all(&raw[..], 19)?)
    }

    /// Number of weight rows.
    pub fn len(&self) -> usize {
        self.w.len()
    }

    /// True for an empty model.
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    fn add(&self, s: &mut Row, f: u64) {
        if let Some(r) = self.w.get(&f) {
            for (a, b) in s.iter_mut().zip(r) {
                *a += b;
            }
        }
    }

    /// Labels every token of `text`: one label id per token.
    pub fn tag(&self, text: &str, toks: &[Tok], gaz: &Gazetteer) -> Vec<usize> {
        self.tag_core(None, text, toks, gaz)
    }

    /// Two passes: this model, then `second` with document features from the first pass.
    /// Tokens, type lookups and gazetteer matches are shared by both passes.
    pub fn tag_two_pass(
        &self,
        second: &Model,
        text: &str,
        toks: &[Tok],
        gaz: &Gazetteer,
    ) -> Vec<usize> {
        self.tag_core(Some(second), text, toks, gaz)
    }

    fn tag_core(
        &self,
        second: Option<&Model>,
        text: &str,
        toks: &[Tok],
        gaz: &Gazetteer,
    ) -> Vec<usize> {
        let key = (self.id, second.map(|m| m.id).unwrap_or(0));
        CACHES.with(|cs| {
            let mut cs = cs.borrow_mut();
            let slot = match cs.iter().position(|c| c.model == key) {
                Some(i) => i,
                None => {
                    if cs.len() >= 4 {
                        cs.remove(0);
                    }
                    cs.push(Cache {
                        model: key,
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
                    });
                    cs.len() - 1
                }
            };
            let c = &mut cs[slot];
            if c.index.len() > CACHE_MAX {
                c.index.clear();
                c.vecs.clear();
                c.vecs2.clear();
                c.shapes.clear();
                c.mfirst.clear();
                c.shape_ids.clear();
                c.sids.clear();
                c.p1s.clear();
                c.p1s2.clear();
                c.ss.clear();
                c.ss2.clear();
            }
            let bos = self.type_id(second, c, BOS_TOK, gaz);
            let eos = self.type_id(second, c, EOS_TOK, gaz);
            let mut t = Tagging {
                first: self,
                second,
                gaz,
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
                        t.ids[base + 2 + i] = self.type_id(second, c, t.words[s0 + i], gaz);
                    }
                }
                {
                    let cr = &*c;
                    let sid = &t.ids[base..];
                    gaz_tags(
                        &t.words[s0..s1],
                        gaz,
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

    /// The weights of the sentence-start feature for a shape (see [`ctx_feats`]).
    fn ss_row(&self, shape: u64) -> Row {
        self.w
            .get(&hn(seed(T_SS, 0), shape))
            .copied()
            .unwrap_or([0f32; NL])
    }

    fn p1s_rows(&self, shape: u64) -> [Row; NL + 1] {
        let mut rows = [[0f32; NL]; NL + 1];
        for (p1, r) in rows.iter_mut().enumerate() {
            let [_, _, fs] = hist_feats(p1, 0, shape);
            if let Some(w) = self.w.get(&fs) {
                *r = *w;
            }
        }
        rows
    }

    fn type_vecs(&self, tf: &TypeFeats) -> [Row; 5] {
        let mut vs = [[0f32; NL]; 5];
        for (k, v) in vs.iter_mut().enumerate() {
            for &f in &tf.by_off[k] {
                self.add(v, f);
            }
        }
        vs
    }

    fn type_id(&self, second: Option<&Model>, c: &mut Cache, w: &str, gaz: &Gazetteer) -> u32 {
        let key = hb(T_TYPE, w.as_bytes());
        if let Some(&i) = c.index.get(&key) {
            return i;
        }
        let tf = type_feats(w, gaz);
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
            .push(is_cap(w) && gaz.multi_first.contains(&lower(w)));
        c.index.insert(key, i);
        i
    }
}

/// A token's type id before it has been looked up.
const UNSEEN: u32 = u32::MAX;

/// True when a token can begin a name. Words starting with a lower-case letter, a digit or
/// ASCII punctuation only ever continue a name the tagger has opened (the "of" in "Bank of
/// England"), so outside an open span they are labelled O without being scored: news text is
/// mostly such tokens, and scoring them was most of the tagger's time.
fn may_start(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| !(c.is_lowercase() || c.is_ascii_digit() || c.is_ascii_punctuation()))
}

/// One text being tagged: its words, sentence bounds and gazetteer matches, and the type ids
/// (per sentence: two BOS pads, the tokens, two EOS pads), shared by both passes.
struct Tagging<'a> {
    first: &'a Model,
    second: Option<&'a Model>,
    gaz: &'a Gazetteer,
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
    ) -> Vec<usize> {
        let mut labels = Vec::with_capacity(self.gz.len());
        let mut ctx: Vec<u64> = Vec::new();
        for k in 0..self.sents.len() {
            let (s0, s1) = self.sents[k];
            let base = s0 + 4 * k;
            let (mut p1, mut p2) = (BOS, BOS);
            for i in 0..s1 - s0 {
                if !self.starts[s0 + i] && !is_open(p1) {
                    labels.push(0);
                    p2 = p1;
                    p1 = 0;
                    continue;
                }
                for j in 0..5 {
                    let at = base + i + j;
                    if self.ids[at] == UNSEEN {
                        let w = self.words[s0 + i + j - 2];
                        self.ids[at] = self.first.type_id(self.second, c, w, self.gaz);
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
                let r = &p1s[shape_id][p1];
                for (a, b) in s.iter_mut().zip(r) {
                    *a += b;
                }
                if let Some(x) = extra.and_then(|e| e.get(s0 + i)) {
                    for (slot, &code) in x.iter().enumerate() {
                        if code != 0 {
                            let r = &m.dtab[slot * 32 + (code as usize & 31)];
                            for (a, b) in s.iter_mut().zip(r) {
                                *a += b;
                            }
                        }
                    }
                }
                for (a, (b, d)) in s
                    .iter_mut()
                    .zip(m.t1[p1].iter().zip(&m.t12[p1 * (NL + 1) + p2]))
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

/// Turns labels into entity spans: `(type, first token, last token)` inclusive.
pub fn spans(labels: &[usize], toks: &[Tok]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let starts_sentence = toks.get(i).is_some_and(|t| t.sent_start);
        if let Some((t, s)) = open
            && (l == 0 || typ(l) != t || pos(l) == 0 || pos(l) == 3 || starts_sentence)
        {
            out.push((t, s, i - 1));
            open = None;
        }
        if l == 0 {
            continue;
        }
        match pos(l) {
            0 | 1 => {
                if open.is_none() {
                    open = Some((typ(l), i));
                }
            }
            2 => {
                let s = open.map(|o| o.1).unwrap_or(i);
                out.push((typ(l), s, i));
                open = None;
            }
            _ => out.push((typ(l), i, i)),
        }
    }
    if let Some((t, s)) = open {
        out.push((t, s, labels.len() - 1));
    }
    out
}

/// Document features for pass 2, per token: the majority pass-1 entity type of the same word
/// elsewhere in the text, whether the word also appears in lower case, and the pass-1 types
/// of the neighbours (within the sentence).
pub fn doc_feats(words: &[&str], labels: &[usize], sent_start: &[bool]) -> Vec<DocFeats> {
    let ty = |l: usize| if l == 0 || l >= NL { 0 } else { typ(l) + 1 };
    // Per capitalised word: its pass-1 type counts and the index of its lower-case form.
    // Only those forms are then looked for among the lower-case words: a lookup in a small
    // table per token is much cheaper than collecting every lower-case word of the text.
    let mut caps: FxMap<&str, ([u32; 5], usize)> = FxMap::default();
    let mut lows: FxMap<String, usize> = FxMap::default();
    for (w, &l) in words.iter().zip(labels) {
        if is_cap(w) {
            let e = caps.entry(w).or_insert_with(|| {
                let n = lows.len();
                ([0; 5], *lows.entry(lower(w)).or_insert(n))
            });
            e.0[ty(l)] += 1;
        }
    }
    let mut seen_lower = vec![false; lows.len()];
    if !lows.is_empty() {
        // Most lower-case words are none of those forms: a 4,096-bit filter on first byte,
        // last byte and length turns them away before the table lookup.
        let mut filter = [0u64; 64];
        for k in lows.keys() {
            let b = word_bucket(k);
            filter[b / 64] |= 1 << (b % 64);
        }
        for w in words {
            let b = word_bucket(w);
            if filter[b / 64] & (1 << (b % 64)) != 0
                && !is_cap(w)
                && let Some(&i) = lows.get(*w)
            {
                seen_lower[i] = true;
            }
        }
    }
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let mut f: DocFeats = [0; 4];
        if let Some((c, low)) = is_cap(w).then(|| caps.get(w)).flatten() {
            let mut c = *c;
            let own = ty(labels.get(i).copied().unwrap_or(0));
            c[own] = c[own].saturating_sub(1);
            let best = (1..5).max_by_key(|&t| (c[t], 5 - t)).unwrap_or(0);
            let v = if c[best] == 0 { 0 } else { best };
            let others: u32 = c.iter().sum();
            f[0] = (v * 4 + others.min(3) as usize) as u8 + 1;
            f[1] = seen_lower[*low] as u8 + 1;
        }
        let prev = if i > 0 && !sent_start[i] {
            ty(labels[i - 1])
        } else {
            9
        };
        let next = if i + 1 < words.len() && !sent_start[i + 1] {
            ty(labels[i + 1])
        } else {
            9
        };
        f[2] = prev as u8 + 1;
        f[3] = next as u8 + 1;
        out.push(f);
    }
    out
}

/// A bucket in 0..4096 from a word's first byte, last byte and length.
fn word_bucket(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let h = (first.unwrap_or(0) as usize * 131 + last.unwrap_or(0) as usize) * 131 + b.len();
    h & 4095
}

/// Pass-2 document features of one token: small codes per slot (majority type elsewhere,
/// lower-case use, previous and next pass-1 type), 0 = absent. Codes stay below 32 so the
/// model keeps their weights in a dense table.
pub type DocFeats = [u8; 4];

/// The feature hash of document-feature `slot` with `code` (as trained).
fn doc_hash(slot: usize, code: u8) -> u64 {
    let c = code.saturating_sub(1) as u64;
    match slot {
        0 => hn(seed(T_DMAJ, 0), c),
        1 => hn(seed(T_DLOW, 0), c),
        2 => hn(seed(T_DNB, -1), c),
        _ => hn(seed(T_DNB, 1), c),
    }
}

// ------------------------------------------------------------------ training

/// One training sentence: tokens and gold label ids.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Token strings.
    pub words: Vec<String>,
    /// Gold BILOU label ids.
    pub gold: Vec<usize>,
}

struct Prepared {
    feats: Vec<Vec<u64>>,
    shapes: Vec<u64>,
    gold: Vec<usize>,
}

fn prepare(
    s: &Sentence,
    gaz: &Gazetteer,
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
            cache.insert(w.to_string(), type_feats(w, gaz));
        }
    }
    let inner: Vec<&str> = s.words.iter().map(|w| w.as_str()).collect();
    let mut gz = Vec::new();
    gaz_tags(
        &inner,
        gaz,
        |i| is_cap(inner[i]) && gaz.multi_first.contains(&lower(inner[i])),
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
pub fn train(sents: &[Sentence], gaz: &Gazetteer, epochs: usize, seed: u64, log: bool) -> Model {
    train_with(sents, gaz, epochs, seed, log, None)
}

/// Like [`train`], with extra features per sentence and token (pass-2 document features).
pub fn train_with(
    sents: &[Sentence],
    gaz: &Gazetteer,
    epochs: usize,
    seed: u64,
    log: bool,
    extra: Option<&[Vec<DocFeats>]>,
) -> Model {
    let mut tcache = HashMap::new();
    let data: Vec<Prepared> = sents
        .iter()
        .enumerate()
        .map(|(i, s)| prepare(s, gaz, &mut tcache, extra.and_then(|e| e.get(i))))
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
            let (mut p1, mut p2) = (BOS, BOS);
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
                        for (l, delta) in [(gold, 1.0f32), (pred, -1.0)] {
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

/// Reads CoNLL-2003 text (IOB1 or IOB2) into documents of sentences with BILOU gold labels.
pub fn read_conll(text: &str) -> Vec<Vec<Sentence>> {
    let mut docs: Vec<Vec<Sentence>> = Vec::new();
    let mut doc: Vec<Sentence> = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    let flush = |cur: &mut Vec<(String, String)>, doc: &mut Vec<Sentence>| {
        if cur.is_empty() {
            return;
        }
        let mut gold = vec![0usize; cur.len()];
        let types = ["PER", "LOC", "ORG", "MISC"];
        let mut i = 0;
        while i < cur.len() {
            let tag = &cur[i].1;
            let Some(t) = tag
                .get(2..)
                .and_then(|t| types.iter().position(|x| *x == t))
            else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < cur.len() && cur[j].1 == format!("I-{}", types[t]) {
                j += 1;
            }
            if j - i == 1 {
                gold[i] = label(t, 3);
            } else {
                gold[i] = label(t, 0);
                for g in gold.iter_mut().take(j - 1).skip(i + 1) {
                    *g = label(t, 1);
                }
                gold[j - 1] = label(t, 2);
            }
            i = j;
        }
        doc.push(Sentence {
            words: cur.drain(..).map(|x| x.0).collect(),
            gold,
        });
    };
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.is_empty() {
            flush(&mut cur, &mut doc);
            continue;
        }
        if parts[0] == "-DOCSTART-" {
            flush(&mut cur, &mut doc);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = parts.last().copied().unwrap_or("O");
        cur.push((parts[0].to_string(), tag.to_string()));
    }
    flush(&mut cur, &mut doc);
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs
}
