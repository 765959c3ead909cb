//! `newsdex train-ner`: derives the gazetteer files, trains the tagger on CoNLL-2003
//! `eng.train`, scores it on `eng.testa`, and writes `data/model.bin.zst`.
//!
//! Deterministic for a seed: sentence order is shuffled with a seeded xorshift and nothing
//! else is random. Never train on `eng.testa`; it is for tuning only.
//!
//! ```text
//! newsdex train-ner --train ../shared/ner/conll2003/eng.train \
//!     --dev ../shared/ner/conll2003/eng.testa --gazetteer ../shared/gazetteer --out data
//! ```

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::Context;

use super::gazetteer::{self, Gazetteer};
use super::model::{self, Sentence};
use super::{Extractor, write_tsv};

/// Options of one training run.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// CoNLL-2003 training file.
    pub train: PathBuf,
    /// Optional tuning file to score after training.
    pub dev: Option<PathBuf>,
    /// The shared gazetteer folder; when set, `data/*.tsv.zst` are rebuilt from it.
    pub gazetteer: Option<PathBuf>,
    /// Where the model (and gazetteer files) are written.
    pub out: PathBuf,
    /// Perceptron passes.
    pub epochs: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Use only the first N training documents (0 = all); for quick experiments.
    pub max_docs: usize,
    /// Write the dev predictions TSV here (for `eval_conll.py --pred`).
    pub dev_tsv: Option<PathBuf>,
    /// Train only pass 1 (no document-level second pass).
    pub one_pass: bool,
    /// Ablation: train and tag without gazetteer features.
    pub no_gazetteer_features: bool,
}

/// Loads the gazetteer tables from `dir` (the derived `*.tsv.zst` files).
pub fn load_gazetteer(dir: &std::path::Path) -> anyhow::Result<Gazetteer> {
    let read = |n: &str| -> anyhow::Result<String> {
        let b = std::fs::read(dir.join(n)).with_context(|| format!("reading {n}"))?;
        Ok(String::from_utf8(zstd::stream::decode_all(&b[..])?)?)
    };
    Gazetteer::from_tsv(&read("names.tsv.zst")?, &read("places.tsv.zst")?)
        .map_err(anyhow::Error::msg)
}

/// Trains a model on the documents of a CoNLL file (all sentences, seeded order).
pub fn train_on(
    conll: &str,
    gaz: &Gazetteer,
    epochs: usize,
    seed: u64,
    max_docs: usize,
    log: bool,
) -> model::Model {
    let mut docs = model::read_conll(conll);
    if max_docs > 0 {
        docs.truncate(max_docs);
    }
    let sents: Vec<Sentence> = docs.into_iter().flatten().collect();
    model::train(&sents, gaz, epochs, seed, log)
}

/// Tags the sentences of one CoNLL document as running text; returns words, sentence starts and
/// labels for the whole document.
fn tag_doc(
    m: &model::Model,
    gaz: &Gazetteer,
    doc: &[Sentence],
) -> (Vec<String>, Vec<bool>, Vec<usize>) {
    let mut text = String::new();
    let mut toks = Vec::new();
    for s in doc {
        for (i, w) in s.words.iter().enumerate() {
            if !text.is_empty() {
                text.push(if i == 0 { '\n' } else { ' ' });
            }
            toks.push(super::tokenize::Tok {
                start: text.len(),
                end: text.len() + w.len(),
                sent_start: i == 0,
            });
            text.push_str(w);
        }
    }
    let labels = m.tag(&text, &toks, gaz);
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
    gaz: &Gazetteer,
    epochs: usize,
    seed: u64,
    folds: usize,
    log: bool,
) -> (model::Model, model::Model) {
    let all: Vec<Sentence> = docs.iter().flatten().cloned().collect();
    let m1 = model::train(&all, gaz, epochs, seed, log);
    let folds = folds.max(2);
    let mut extra: Vec<Vec<Vec<model::DocFeats>>> = vec![Vec::new(); docs.len()];
    for k in 0..folds {
        let train: Vec<Sentence> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .flat_map(|(_, d)| d.iter().cloned())
            .collect();
        let mk = model::train(&train, gaz, epochs, seed.wrapping_add(k as u64 + 1), false);
        for (i, d) in docs.iter().enumerate().filter(|(i, _)| i % folds == k) {
            let (words, ss, labels) = tag_doc(&mk, gaz, d);
            let wr: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
            let mut f = model::doc_feats(&wr, &labels, &ss).into_iter();
            extra[i] = d
                .iter()
                .map(|s| f.by_ref().take(s.words.len()).collect())
                .collect();
        }
        if log {
            eprintln!("fold {k} done");
        }
    }
    let extra: Vec<Vec<model::DocFeats>> = extra.into_iter().flatten().collect();
    let m2 = model::train_with(&all, gaz, epochs, seed, log, Some(&extra));
    (m1, m2)
}

/// Runs training as configured.
pub fn run(o: &TrainOptions) -> anyhow::Result<()> {
    std::fs::create_dir_all(&o.out)?;
    if let Some(g) = &o.gazetteer {
        gazetteer::build(g, &o.out)?;
        eprintln!("gazetteer files written to {}", o.out.display());
    }
    let gaz = if o.no_gazetteer_features {
        Gazetteer::default()
    } else {
        load_gazetteer(&o.out)?
    };
    let conll = std::fs::read_to_string(&o.train)
        .with_context(|| format!("reading {}", o.train.display()))?;
    let t0 = std::time::Instant::now();
    let mut docs = model::read_conll(&conll);
    if o.max_docs > 0 {
        docs.truncate(o.max_docs);
    }
    let (m, m2) = if o.one_pass {
        (
            model::train(&docs.concat(), &gaz, o.epochs, o.seed, true),
            None,
        )
    } else {
        let (a, b) = train_two_pass(&docs, &gaz, o.epochs, o.seed, 5, true);
        (a, Some(b))
    };
    eprintln!(
        "trained in {:.1}s, {} rows",
        t0.elapsed().as_secs_f64(),
        m.len()
    );
    let bytes = m.to_zst()?;
    std::fs::write(o.out.join("model.bin.zst"), &bytes)?;
    let bytes2 = match &m2 {
        Some(m2) => m2.to_zst()?,
        None => zstd::stream::encode_all(&[][..], 3)?,
    };
    std::fs::write(o.out.join("model2.bin.zst"), &bytes2)?;
    eprintln!("models: {} + {} bytes", bytes.len(), bytes2.len());
    if let Some(dev) = &o.dev {
        let m = model::Model::from_zst(&bytes).map_err(anyhow::Error::msg)?;
        let m2 = model::Model::from_zst_opt(&bytes2).map_err(anyhow::Error::msg)?;
        let ex = Extractor::from_parts(m, m2, gaz);
        let gold = std::fs::read_to_string(dev)?;
        let docs = conll_docs(&gold);
        let mut tsv = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            write_tsv(&i.to_string(), &ex.extract(&d.text), &d.text, &mut tsv)?;
        }
        if let Some(p) = &o.dev_tsv {
            std::fs::write(p, &tsv)?;
        }
        let s = score(&docs, &String::from_utf8_lossy(&tsv));
        print!("{}", s.report());
    }
    Ok(())
}

/// One CoNLL document as the scorer sees it: detokenised text and gold `(type, start, end)`.
pub struct GoldDoc {
    /// Raw text, sentences joined by newlines.
    pub text: String,
    /// Gold entities: type ("PER", ...), byte start, byte end.
    pub ents: Vec<(String, usize, usize)>,
}

/// Rebuilds documents exactly as `eval_conll.py` does (same text, same doc ids).
pub fn conll_docs(conll: &str) -> Vec<GoldDoc> {
    const NSB: &[&str] = &[
        ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "''", "'re",
        "'ve", "'ll", "'d", "'m",
    ];
    const NSA: &[&str] = &["(", "[", "{", "$", "``"];
    let mut out = Vec::new();
    let mut sents: Vec<Vec<(String, String)>> = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    let build = |sents: &mut Vec<Vec<(String, String)>>, out: &mut Vec<GoldDoc>| {
        if sents.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut ents = Vec::new();
        for (si, sent) in sents.iter().enumerate() {
            if si > 0 {
                text.push('\n');
            }
            let mut in_quote = false;
            let mut prev: Option<&str> = None;
            let mut spans = Vec::new();
            for (ti, (tok, _)) in sent.iter().enumerate() {
                let mut space = ti > 0;
                if tok == "\"" {
                    if in_quote {
                        space = false;
                    }
                    in_quote = !in_quote;
                }
                if ti > 0 && NSB.contains(&tok.as_str()) {
                    space = false;
                }
                if let Some(p) = prev
                    && (NSA.contains(&p) || (p == "\"" && in_quote))
                {
                    space = false;
                }
                if space {
                    text.push(' ');
                }
                spans.push((text.len(), text.len() + tok.len()));
                text.push_str(tok);
                prev = Some(tok);
            }
            let mut start: Option<usize> = None;
            let mut etype = String::new();
            for (ti, (_, tag)) in sent.iter().enumerate() {
                let (t, b) = if tag == "O" {
                    (None, false)
                } else {
                    (tag.get(2..).map(|x| x.to_string()), tag.starts_with("B-"))
                };
                if let Some(s) = start
                    && (t.as_deref() != Some(etype.as_str()) || b)
                {
                    ents.push((etype.clone(), spans[s].0, spans[ti - 1].1));
                    start = None;
                }
                if let Some(t) = t
                    && start.is_none()
                {
                    start = Some(ti);
                    etype = t;
                }
            }
            if let (Some(s), Some(last)) = (start, spans.last()) {
                ents.push((etype.clone(), spans[s].0, last.1));
            }
        }
        out.push(GoldDoc { text, ents });
        sents.clear();
    };
    for line in conll.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.is_empty() {
            if !cur.is_empty() {
                sents.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if parts[0] == "-DOCSTART-" {
            if !cur.is_empty() {
                sents.push(std::mem::take(&mut cur));
            }
            build(&mut sents, &mut out);
            continue;
        }
        let tag = parts.last().copied().unwrap_or("O");
        cur.push((parts[0].to_string(), tag.to_string()));
    }
    if !cur.is_empty() {
        sents.push(cur);
    }
    build(&mut sents, &mut out);
    out
}

/// Precision, recall, F1 (percent) and counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    /// Precision in percent.
    pub p: f64,
    /// Recall in percent.
    pub r: f64,
    /// F1 in percent.
    pub f1: f64,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

fn prf(tp: usize, fp: usize, fn_: usize) -> Prf {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf {
        p: 100.0 * p,
        r: 100.0 * r,
        f1: 100.0 * f,
        tp,
        fp,
        fn_,
    }
}

/// Span-level and document-level scores for PER and LOC, as `eval_conll.py` defines them.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// `(type, span, doc)` per type.
    pub by_type: Vec<(String, Prf, Prf)>,
}

impl Scores {
    /// The document-level F1 of a type.
    pub fn doc_f1(&self, t: &str) -> f64 {
        self.by_type
            .iter()
            .find(|x| x.0 == t)
            .map(|x| x.2.f1)
            .unwrap_or(0.0)
    }
    /// A small text table.
    pub fn report(&self) -> String {
        let mut s = String::from("type level     P      R      F1\n");
        for (t, sp, d) in &self.by_type {
            s.push_str(&format!(
                "{t:4} span  {:6.2} {:6.2} {:6.2}\n",
                sp.p, sp.r, sp.f1
            ));
            s.push_str(&format!(
                "{t:4} doc   {:6.2} {:6.2} {:6.2}\n",
                d.p, d.r, d.f1
            ));
        }
        s
    }
}

/// `eval_conll.py`'s `norm`: case/space-insensitive key for document-level sets (ASCII-level
/// approximation of NFKC + casefold).
pub fn norm(s: &str) -> String {
    let s = s.replace(['\u{2019}', '`'], "'");
    let mut s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if let Some(r) = s.strip_prefix("the ") {
        s = r.to_string();
    }
    for suf in ["'s", "'"] {
        if let Some(r) = s.strip_suffix(suf) {
            s = r.to_string();
            break;
        }
    }
    s.trim_matches(|c| " \t\"'`()[]{},;:!?-".contains(c))
        .to_string()
}

/// Scores a predictions TSV (doc ids = document index) against gold documents.
pub fn score(docs: &[GoldDoc], tsv: &str) -> Scores {
    let mut preds: HashMap<usize, Vec<(String, usize, usize, String)>> = HashMap::new();
    for line in tsv.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 5 {
            continue;
        }
        let (Ok(d), Ok(s), Ok(e)) = (c[0].parse(), c[3].parse(), c[4].parse()) else {
            continue;
        };
        preds
            .entry(d)
            .or_default()
            .push((c[1].to_string(), s, e, c[2].to_string()));
    }
    let mut out = Scores::default();
    for t in ["PER", "LOC"] {
        let (mut stp, mut sfp, mut sfn) = (0, 0, 0);
        let (mut dtp, mut dfp, mut dfn) = (0, 0, 0);
        for (i, d) in docs.iter().enumerate() {
            let empty = Vec::new();
            let p = preds.get(&i).unwrap_or(&empty);
            let mut g: HashMap<(usize, usize), usize> = HashMap::new();
            for x in d.ents.iter().filter(|x| x.0 == t) {
                *g.entry((x.1, x.2)).or_default() += 1;
            }
            let mut pc: HashMap<(usize, usize), usize> = HashMap::new();
            for x in p.iter().filter(|x| x.0 == t) {
                *pc.entry((x.1, x.2)).or_default() += 1;
            }
            let inter: usize = pc
                .iter()
                .map(|(k, v)| (*v).min(*g.get(k).unwrap_or(&0)))
                .sum();
            stp += inter;
            sfp += pc.values().sum::<usize>() - inter;
            sfn += g.values().sum::<usize>() - inter;
            let gs: HashSet<String> = d
                .ents
                .iter()
                .filter(|x| x.0 == t)
                .map(|x| norm(d.text.get(x.1..x.2).unwrap_or("")))
                .filter(|x| !x.is_empty())
                .collect();
            let ps: HashSet<String> = p
                .iter()
                .filter(|x| x.0 == t)
                .map(|x| norm(&x.3))
                .filter(|x| !x.is_empty())
                .collect();
            let a = gs.intersection(&ps).count();
            dtp += a;
            dfp += ps.len() - a;
            dfn += gs.len() - a;
        }
        out.by_type
            .push((t.to_string(), prf(stp, sfp, sfn), prf(dtp, dfp, dfn)));
    }
    out
}
