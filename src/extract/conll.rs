//! The CoNLL-2003 reader: documents (split at `-DOCSTART-`) of sentences (split at blank
//! lines) of `(word, tag)` pairs, the word being the first column and the tag the last. The
//! trainer turns the tags into BILOU labels ([`training_docs`]); the scorer rebuilds the text
//! ([`super::eval::gold_docs`]).

use super::entity::EntityKind;
use super::labels::{Bilou, Label};
use super::perceptron::Sentence;

/// One CoNLL sentence: `(word, tag)` per token.
pub type ConllSentence = Vec<(String, String)>;

/// Reads CoNLL text into documents of sentences. Empty documents are dropped.
pub fn read(text: &str) -> Vec<Vec<ConllSentence>> {
    let mut docs: Vec<Vec<ConllSentence>> = Vec::new();
    let mut doc: Vec<ConllSentence> = Vec::new();
    let mut cur: ConllSentence = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let Some(&word) = parts.first() else {
            if !cur.is_empty() {
                doc.push(std::mem::take(&mut cur));
            }
            continue;
        };
        if word == "-DOCSTART-" {
            if !cur.is_empty() {
                doc.push(std::mem::take(&mut cur));
            }
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = parts.last().copied().unwrap_or("O");
        cur.push((word.to_string(), tag.to_string()));
    }
    if !cur.is_empty() {
        doc.push(cur);
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs
}

/// The entity kind of a CoNLL tag ("B-PER", "I-LOC"); `None` for "O" and unknown types.
pub fn tag_kind(tag: &str) -> Option<EntityKind> {
    tag.get(2..).and_then(EntityKind::from_conll_name)
}

/// Reads CoNLL text (IOB1 or IOB2) into documents of sentences with BILOU gold labels.
pub fn training_docs(text: &str) -> Vec<Vec<Sentence>> {
    read(text)
        .into_iter()
        .map(|doc| doc.iter().map(|s| to_bilou(s)).collect())
        .collect()
}

/// One sentence with BILOU labels: an entity starts at any B- or I- tag and runs on over the
/// I- tags of its kind.
fn to_bilou(sent: &[(String, String)]) -> Sentence {
    let mut gold = vec![Label::O; sent.len()];
    let mut i = 0;
    while i < sent.len() {
        let Some(kind) = tag_kind(&sent[i].1) else {
            i += 1;
            continue;
        };
        let inside = format!("I-{}", kind.conll_name());
        let mut j = i + 1;
        while j < sent.len() && sent[j].1 == inside {
            j += 1;
        }
        if j - i == 1 {
            gold[i] = Label::new(kind, Bilou::Unit);
        } else {
            gold[i] = Label::new(kind, Bilou::Begin);
            for g in gold.iter_mut().take(j - 1).skip(i + 1) {
                *g = Label::new(kind, Bilou::Inside);
            }
            gold[j - 1] = Label::new(kind, Bilou::Last);
        }
        i = j;
    }
    Sentence {
        words: sent.iter().map(|x| x.0.clone()).collect(),
        gold,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_bilou() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NT I-ORG\nrejects VBZ I-VP O\n\
                    German JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\
                    \n-DOCSTART- -X- O O\n\nParis NNP I-NP I-LOC\n";
        let docs = read(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(
            docs[0][1][1],
            ("Blackburn".to_string(), "I-PER".to_string())
        );
        let t = training_docs(text);
        let per = |b| Label::new(EntityKind::Per, b);
        assert_eq!(t[0][1].gold, [per(Bilou::Begin), per(Bilou::Last)]);
        assert_eq!(
            t[0][0].gold,
            [
                Label::new(EntityKind::Org, Bilou::Unit),
                Label::O,
                Label::new(EntityKind::Misc, Bilou::Unit)
            ]
        );
        assert_eq!(t[1][0].gold, [Label::new(EntityKind::Loc, Bilou::Unit)]);
    }
}
