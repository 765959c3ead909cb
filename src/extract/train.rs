//! `newsdex train-ner`: derives the gazetteer files, trains the tagger on CoNLL-2003
//! `eng.train`, scores it on `eng.testa`, and writes `data/model.bin.zst` and
//! `data/model2.bin.zst`.
//!
//! Deterministic for a seed: sentence order is shuffled with a seeded xorshift and nothing
//! else is random. Never train on `eng.testa`; it is for tuning only.
//!
//! ```text
//! newsdex train-ner --train ../shared/ner/conll2003/eng.train \
//!     --dev ../shared/ner/conll2003/eng.testa --gazetteer ../shared/gazetteer --out data
//! ```

use std::path::PathBuf;

use anyhow::Context;

use super::extractor::Extractor;
use super::model::Model;
use super::model_file::empty_zst;
use super::resources::Resources;
use super::tsv::write_tsv;
use super::{conll, eval, gazetteer_build, lexicon_build, perceptron, unlabelled};

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
    /// Unlabelled news text (directory trees of articles) to derive the word clusters and
    /// statistics from; empty keeps the existing files.
    pub unlabelled: Vec<PathBuf>,
    /// Ablation: train and tag without gazetteer features (and without clusters).
    pub no_gazetteer_features: bool,
    /// Ablation: train and tag without word-cluster features.
    pub no_cluster_features: bool,
}

/// Folds of the cross-validation that makes pass 2's training labels.
const FOLDS: usize = 5;

/// Trains a one-pass model on the documents of a CoNLL file (all sentences, seeded order).
pub fn train_on(
    conll_text: &str,
    res: &Resources,
    epochs: usize,
    seed: u64,
    max_docs: usize,
    log: bool,
) -> Model {
    let mut docs = conll::training_docs(conll_text);
    if max_docs > 0 {
        docs.truncate(max_docs);
    }
    let sents: Vec<perceptron::Sentence> = docs.into_iter().flatten().collect();
    perceptron::train(&sents, res, epochs, seed, log)
}

/// Runs training as configured.
pub fn run(o: &TrainOptions) -> anyhow::Result<()> {
    std::fs::create_dir_all(&o.out).with_context(|| format!("creating {}", o.out.display()))?;
    if let Some(g) = &o.gazetteer {
        gazetteer_build::build(g, &o.out)?;
        eprintln!("gazetteer files written to {}", o.out.display());
    }
    if !o.unlabelled.is_empty() {
        let gaz = Resources::load(&o.out)?.gaz;
        let corpus = unlabelled::read(&o.unlabelled);
        lexicon_build::build(&corpus, &gaz, &o.out, true)?;
        eprintln!(
            "word clusters and statistics written to {}",
            o.out.display()
        );
    }
    let mut res = if o.no_gazetteer_features {
        Resources::default()
    } else {
        Resources::load(&o.out)?
    };
    if o.no_cluster_features {
        res.clusters = Default::default();
    }
    let text = std::fs::read_to_string(&o.train)
        .with_context(|| format!("reading {}", o.train.display()))?;
    let t0 = std::time::Instant::now();
    let mut docs = conll::training_docs(&text);
    if o.max_docs > 0 {
        docs.truncate(o.max_docs);
    }
    let (m, m2) = if o.one_pass {
        (
            perceptron::train(&docs.concat(), &res, o.epochs, o.seed, true),
            None,
        )
    } else {
        let (a, b) = perceptron::train_two_pass(&docs, &res, o.epochs, o.seed, FOLDS, true);
        (a, Some(b))
    };
    eprintln!(
        "trained in {:.1}s, {} rows",
        t0.elapsed().as_secs_f64(),
        m.len()
    );
    let write = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let p = o.out.join(name);
        std::fs::write(&p, bytes).with_context(|| format!("writing {}", p.display()))
    };
    let bytes = m.to_zst()?;
    write("model.bin.zst", &bytes)?;
    let bytes2 = match &m2 {
        Some(m2) => m2.to_zst()?,
        None => empty_zst()?,
    };
    write("model2.bin.zst", &bytes2)?;
    eprintln!("models: {} + {} bytes", bytes.len(), bytes2.len());
    if let Some(dev) = &o.dev {
        let ex =
            Extractor::from_parts(Model::from_zst(&bytes)?, Model::from_zst_opt(&bytes2)?, res);
        let gold =
            std::fs::read_to_string(dev).with_context(|| format!("reading {}", dev.display()))?;
        let docs = eval::gold_docs(&gold);
        let mut tsv = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            write_tsv(&i.to_string(), &ex.extract(&d.text), &d.text, &mut tsv)?;
        }
        if let Some(p) = &o.dev_tsv {
            std::fs::write(p, &tsv).with_context(|| format!("writing {}", p.display()))?;
        }
        let s = eval::score(&docs, &String::from_utf8_lossy(&tsv));
        print!("{}", s.report());
    }
    Ok(())
}
