//! The CLI: one file per subcommand, each a function from its parsed arguments to an exit
//! code. A command parses arguments, calls the library and prints; what it computes belongs in
//! the library (defaults come from the library's constants through `default_value_t`).

pub mod entities;
pub mod export;
pub mod extract;
pub mod index;
pub mod search;
pub mod serve;
pub mod stats;
pub mod train_ner;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// newsdex: index directory trees of news articles and search them, with facets for date,
/// people and places.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, about, max_term_width = 100)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the article files under PATHs (incremental: unchanged files are skipped).
    Index(index::IndexArgs),
    /// Search the index.
    #[command(after_help = search::SYNTAX)]
    Search(search::SearchArgs),
    /// Parse files as `index` would and print the articles, indexing nothing.
    Extract(extract::ExtractArgs),
    /// Serve the index over HTTP: a JSON API and a web page.
    Serve(serve::ServeArgs),
    /// Show what the index holds.
    Stats(stats::StatsArgs),
    /// List the archive-level people or places: each entity with its spellings and article
    /// counts, and (with --all) the values not offered, with why.
    Entities(entities::EntitiesArgs),
    /// Write the archive (or the articles a query selects) as NDJSON, or as files to load
    /// into Quickwit or OpenSearch.
    Export(export::ExportArgs),
    /// Train the people/places tagger on CoNLL-2003 (writes the model files in data/).
    TrainNer(train_ner::TrainNerArgs),
}

/// The filters shared by `search` and `export`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only articles naming this person (repeat: all must match).
    #[arg(long = "person", value_name = "NAME")]
    pub people: Vec<String>,
    /// Only articles about this place or a place inside it (repeat: all must match).
    #[arg(long = "place", value_name = "NAME")]
    pub places: Vec<String>,
    /// Only articles from this source.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Only articles in this language, an ISO 639-1 code (repeat: any of them).
    #[arg(long = "lang", value_name = "CODE")]
    pub languages: Vec<String>,
    /// Only articles credited to this agency or publisher ("Associated Press", "Reuters").
    #[arg(long, value_name = "NAME")]
    pub credit: Option<String>,
    /// First day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day, included (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

impl FilterArgs {
    /// A request for `query` with these filters (dates validated here: a bad one exits 2).
    pub fn request(&self, query: &str) -> anyhow::Result<crate::query::SearchRequest> {
        let date = |d: &Option<String>, end| {
            d.as_deref()
                .map(|d| crate::query::parse_date_bound(d, end))
                .transpose()
        };
        Ok(crate::query::SearchRequest {
            query: query.to_string(),
            people: self.people.clone(),
            places: self.places.clone(),
            source: self.source.clone(),
            languages: self
                .languages
                .iter()
                .map(|l| {
                    crate::language::normalize(l).ok_or_else(|| {
                        anyhow::anyhow!(crate::query::QueryError::BadRequest(format!(
                            "--lang {l:?} is not a language code (use ISO 639-1: en, de, fr)"
                        )))
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            credit: self.credit.clone(),
            from: date(&self.from, false)?,
            to: date(&self.to, true)?,
            ..Default::default()
        })
    }
}

/// Facet values as the text output prints them: `Riyadh (12), Gaza (9)`.
pub fn facet_line(v: &[crate::query::FacetCount]) -> String {
    v.iter()
        .map(|f| format!("{} ({})", f.value, f.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The index directory option shared by every command.
#[derive(Debug, Clone, Args)]
pub struct IndexDir {
    /// Index directory [env: NEWSDEX_INDEX] [default: ./newsdex-index]
    #[arg(long = "index", value_name = "DIR")]
    pub index: Option<PathBuf>,
}

impl IndexDir {
    /// The directory to use: the flag, else `NEWSDEX_INDEX`, else `./newsdex-index`.
    pub fn path(&self) -> PathBuf {
        crate::index::resolve_dir(self.index.as_deref())
    }
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Index(a) => index::run(&a),
        Command::Search(a) => search::run(&a),
        Command::Extract(a) => extract::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Stats(a) => stats::run(&a),
        Command::Entities(a) => entities::run(&a),
        Command::Export(a) => export::run(&a),
        Command::TrainNer(a) => train_ner::run(&a).map(|()| 0),
    }
}

/// The exit code for an error: 2 for a bad request (bad date, bad query, bad option value),
/// as for usage errors; 1 for everything else.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    let bad_query = matches!(
        e.downcast_ref::<crate::query::QueryError>(),
        Some(crate::query::QueryError::BadRequest(_))
    );
    let bad_export = e
        .downcast_ref::<crate::export::ExportError>()
        .is_some_and(crate::export::ExportError::is_bad_request);
    if bad_query || bad_export { 2 } else { 1 }
}
