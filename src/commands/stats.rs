//! `newsdex stats`: what the index holds.

use std::io::Write;

use clap::Args;

use super::{IndexDir, facet_line};
use crate::query::Engine;

/// Arguments of `newsdex stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The index directory.
    #[command(flatten)]
    pub index: IndexDir,
    /// Values to show for people and places.
    #[arg(long, default_value_t = crate::query::DEFAULT_FACETS, value_name = "N")]
    pub top: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs `newsdex stats`.
pub fn run(args: &StatsArgs) -> anyhow::Result<i32> {
    let engine = Engine::open(&args.index.path())?;
    let s = engine.stats(args.top)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&*s)?)?;
        return Ok(0);
    }
    writeln!(out, "index:    {} (schema v{})", s.index, s.schema_version)?;
    writeln!(out, "articles: {} from {} files", s.articles, s.files)?;
    writeln!(
        out,
        "stories:  {} ({} with copies, holding {} articles)",
        s.stories, s.copied_stories, s.articles_in_copied_stories
    )?;
    writeln!(
        out,
        "dates:    {} to {} ({} undated)",
        s.first_date.as_deref().unwrap_or("-"),
        s.last_date.as_deref().unwrap_or("-"),
        s.undated
    )?;
    writeln!(out, "years:    {}", facet_line(&s.years))?;
    writeln!(out, "people:   {}", facet_line(&s.people))?;
    writeln!(out, "places:   {}", facet_line(&s.places))?;
    writeln!(out, "credit:   {}", facet_line(&s.credit))?;
    if !s.largest_stories.is_empty() {
        writeln!(out, "largest stories:")?;
        for st in &s.largest_stories {
            writeln!(
                out,
                "  {:>5} copies  {}  {}{}  [{}]",
                st.copies,
                st.date.as_deref().unwrap_or("----------"),
                if st.title.is_empty() {
                    "(untitled)"
                } else {
                    &st.title
                },
                st.source
                    .as_deref()
                    .map(|x| format!(" — {x}"))
                    .unwrap_or_default(),
                st.story
            )?;
        }
    }
    writeln!(
        out,
        "size:     {:.1} MB in {} segments",
        s.size_bytes as f64 / 1e6,
        s.segments
    )?;
    Ok(0)
}
