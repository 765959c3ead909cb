//! Scoring as `../shared/ner/eval_conll.py` defines it: the CoNLL text rebuilt the same way,
//! span-level and document-level precision, recall and F1 for PER and LOC. Used by
//! `train-ner` and by the quality-floor test, so both agree with the script to the digit.

use std::collections::{HashMap, HashSet};

use super::conll::{self, ConllSentence};
use super::entity::EntityKind;

/// One CoNLL document as the scorer sees it: detokenised text and gold `(type, start, end)`.
pub struct GoldDoc {
    /// Raw text, sentences joined by newlines.
    pub text: String,
    /// Gold entities: kind, byte start, byte end.
    pub ents: Vec<(EntityKind, usize, usize)>,
}

/// Rebuilds documents exactly as `eval_conll.py` does (same text, same doc ids): tokens
/// joined by spaces except around punctuation and inside quotes, sentences by newlines.
pub fn gold_docs(conll_text: &str) -> Vec<GoldDoc> {
    conll::read(conll_text)
        .iter()
        .map(|d| gold_doc(d))
        .collect()
}

fn gold_doc(sents: &[ConllSentence]) -> GoldDoc {
    const NSB: &[&str] = &[
        ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "''", "'re",
        "'ve", "'ll", "'d", "'m",
    ];
    const NSA: &[&str] = &["(", "[", "{", "$", "``"];
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
        // IOB1/IOB2: an entity runs while the type stays the same and no B- starts anew.
        let mut open: Option<(EntityKind, usize)> = None;
        for (ti, (_, tag)) in sent.iter().enumerate() {
            let kind = if tag == "O" {
                None
            } else {
                conll::tag_kind(tag)
            };
            if let Some((k, s)) = open
                && (kind != Some(k) || tag.starts_with("B-"))
            {
                ents.push((k, spans[s].0, spans[ti - 1].1));
                open = None;
            }
            if let Some(k) = kind
                && open.is_none()
            {
                open = Some((k, ti));
            }
        }
        if let (Some((k, s)), Some(last)) = (open, spans.last()) {
            ents.push((k, spans[s].0, last.1));
        }
    }
    GoldDoc { text, ents }
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
    for kind in [EntityKind::Per, EntityKind::Loc] {
        let t = kind.conll_name();
        let (mut stp, mut sfp, mut sfn) = (0, 0, 0);
        let (mut dtp, mut dfp, mut dfn) = (0, 0, 0);
        for (i, d) in docs.iter().enumerate() {
            let empty = Vec::new();
            let p = preds.get(&i).unwrap_or(&empty);
            let mut g: HashMap<(usize, usize), usize> = HashMap::new();
            for x in d.ents.iter().filter(|x| x.0 == kind) {
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
                .filter(|x| x.0 == kind)
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
