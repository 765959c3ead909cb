//! Temporary entry point for `train-ner` until the CLI wires `commands::train_ner`.

#[path = "../commands/train_ner.rs"]
mod train_ner;

use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: train_ner::TrainNerArgs,
}

fn main() -> anyhow::Result<()> {
    train_ner::run(&Cli::parse().args)
}
