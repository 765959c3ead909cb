//! Temporary entry point for `train-ner` and `extract` until the CLI wires
//! `commands::train_ner` and `commands::extract` (then delete this file).

#[path = "../commands/extract.rs"]
mod extract;
#[path = "../commands/train_ner.rs"]
mod train_ner;

use clap::Parser;

#[derive(Parser)]
enum Cli {
    /// Train the people/places tagger.
    TrainNer(train_ner::TrainNerArgs),
    /// Extract people and places from JSONL texts.
    Extract(extract::ExtractArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse() {
        Cli::TrainNer(a) => train_ner::run(&a),
        Cli::Extract(a) => extract::run(&a),
    }
}
