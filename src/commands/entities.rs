//! `newsdex entities`: the archive-level people and places, with the spellings that count
//! as each and their article counts, and the values that are not offered, with why; the
//! way to check the override file (`entities.txt` in the index directory).

use std::io::Write;

use clap::Args;

use super::IndexDir;
use crate::entities::Kind;
use crate::entities::report::Listing;
use crate::query::Engine;

/// Arguments of `newsdex entities`.
#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The index directory.
    #[command(flatten)]
    pub index: IndexDir,
    /// Which entities to list.
    #[arg(long, value_enum, default_value_t = Kind::People)]
    pub kind: Kind,
    /// Entities to show, most articles first (0: all).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub limit: usize,
    /// Also list unresolved partial names and the values not offered, with why.
    #[arg(long)]
    pub all: bool,
    /// Print one JSON object (every entity and dropped value, whatever --limit).
    #[arg(long)]
    pub json: bool,
}

/// Runs `newsdex entities`.
pub fn run(args: &EntitiesArgs) -> anyhow::Result<i32> {
    let engine = Engine::open(&args.index.path())?;
    let listing = engine.entities(args.kind)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &listing)?;
        writeln!(out)?;
        return Ok(0);
    }
    print_text(&mut out, &listing, args)?;
    Ok(0)
}

fn print_text(out: &mut impl Write, l: &Listing, args: &EntitiesArgs) -> std::io::Result<()> {
    for p in &l.override_problems {
        writeln!(out, "warning: {p}")?;
    }
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    let shown = l
        .entities
        .iter()
        .filter(|e| e.status != crate::entities::Status::Unresolved);
    for e in shown.take(limit) {
        writeln!(out, "{}\t{} articles\t{}", e.name, e.articles, spellings(e))?;
    }
    if args.all {
        writeln!(out, "\nunresolved (not in facets, matched by filters):")?;
        let hidden = l
            .entities
            .iter()
            .filter(|e| e.status == crate::entities::Status::Unresolved);
        for e in hidden.take(limit) {
            writeln!(out, "{}\t{} articles\t{}", e.name, e.articles, spellings(e))?;
        }
        writeln!(out, "\nnot offered:")?;
        for d in l.dropped.iter().take(limit) {
            writeln!(out, "{}\t{} articles\t{}", d.value, d.articles, d.reason)?;
        }
    }
    Ok(())
}

/// "Trump 202 (president 120), Donald J. Trump 11".
fn spellings(e: &crate::entities::report::EntityReport) -> String {
    e.spellings
        .iter()
        .map(|s| {
            let titled: Vec<String> = s
                .titles
                .iter()
                .filter(|(t, _)| !t.is_empty())
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            if titled.is_empty() {
                format!("{} {}", s.value, s.articles)
            } else {
                format!("{} {} ({})", s.value, s.articles, titled.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
