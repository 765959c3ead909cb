//! `newsdex train-ner`: trains the people/places tagger shipped in `data/`.

use std::path::PathBuf;

/// Arguments of `newsdex train-ner`.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainNerArgs {
    /// CoNLL-2003 training file.
    #[arg(long, default_value = "../shared/ner/conll2003/eng.train")]
    pub train: PathBuf,
    /// Tuning file, scored after training (never trained on).
    #[arg(long, default_value = "../shared/ner/conll2003/eng.testa")]
    pub dev: Option<PathBuf>,
    /// Shared gazetteer folder to derive `data/names.tsv.zst` and `data/places.tsv.zst` from;
    /// omit to keep the existing files.
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
    /// Output folder for the model (and gazetteer files).
    #[arg(long, default_value = "data")]
    pub out: PathBuf,
    /// Perceptron epochs.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Shuffle seed; the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Train on the first N documents only (0 = all).
    #[arg(long, default_value_t = 0)]
    pub max_docs: usize,
    /// Write the dev-set predictions TSV here (for `eval_conll.py --pred`).
    #[arg(long)]
    pub dev_tsv: Option<PathBuf>,
    /// Train only the first pass (no document-level features).
    #[arg(long)]
    pub one_pass: bool,
    /// Unlabelled news text (directory trees of articles, repeatable) to derive
    /// `data/clusters.tsv.zst` and `data/wordstats.tsv.zst` from; omit to keep the existing
    /// files.
    #[arg(long, value_name = "DIR")]
    pub unlabelled: Vec<PathBuf>,
    /// Ablation: no gazetteer features (use with a scratch `--out`).
    #[arg(long)]
    pub no_gazetteer_features: bool,
    /// Ablation: no word-cluster features (use with a scratch `--out`).
    #[arg(long)]
    pub no_cluster_features: bool,
}

/// Runs `train-ner`.
pub fn run(args: &TrainNerArgs) -> anyhow::Result<()> {
    crate::extract::train::run(&crate::extract::train::TrainOptions {
        train: args.train.clone(),
        dev: args.dev.clone(),
        gazetteer: args.gazetteer.clone(),
        out: args.out.clone(),
        epochs: args.epochs,
        seed: args.seed,
        max_docs: args.max_docs,
        dev_tsv: args.dev_tsv.clone(),
        unlabelled: args.unlabelled.clone(),
        no_gazetteer_features: args.no_gazetteer_features,
        no_cluster_features: args.no_cluster_features,
        one_pass: args.one_pass,
    })
}
