//! `newsdex search QUERY`: ranked results with snippets and facet counts.

use std::io::{IsTerminal, Write};

use clap::Args;

use super::{FilterArgs, IndexDir, facet_line};
use crate::query::{
    CountBy, DEFAULT_FACETS, DEFAULT_LIMIT, Engine, SearchRequest, SearchResponse, Sort,
};

/// The query syntax, as `newsdex search --help` prints it after the options (the README has
/// the same table).
pub const SYNTAX: &str = "\
Query syntax (Lucene / Solr / Elasticsearch query_string):
  gaza ceasefire                   both words (every part is required)
  gaza OR rafah                    either (OR binds looser than the implied AND)
  -hamas, NOT hamas                without
  \"health reform\"                  the phrase
  \"health reform\"~3                the words within 3 positions, in any order
  gaz*                             words starting with gaz
  obama~1, obama~2, obama~         words within 1 or 2 edits (~ alone: 1 edit for 3-5 letters, 2 above)
  ceasefire^2, \"a b\"^2, (a b)^2     weigh that part twice as much
  title: lede: body: author:       in that text field (title:coffee)
  person: place: source: section:  that value (place:\"Saudi Arabia\")
  date:2024-02                     published then (YYYY, YYYY-MM or YYYY-MM-DD)
  date:[2024-01 TO 2024-03]        a range, ends included ({...} excludes them, * leaves one open)
  date:>=2024-01, date:<2009       open ranges
  lang:de                          articles in that language (ISO 639-1)
  ( ... )                          grouping
Words match in every language, stemmed (Regierungen finds Regierung), accents folded
(Zurich = Zürich), hyphens both ways (cease-fire = ceasefire = \"cease fire\" where the archive
writes the compound). A query the parser does not understand exits 2 with the position.";

/// Arguments of `newsdex search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all required), OR, -word, "a phrase", "a b"~3, word*, word~1, word^2,
    /// title:/body:/person:/place:/date:/lang: terms (the syntax is below). Empty with
    /// filters lists the filtered articles. A query may start with `-` (`newsdex search
    /// -war`): only the options below are read as options.
    #[arg(default_value = "", value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,
    /// The index directory.
    #[command(flatten)]
    pub index: IndexDir,
    /// The people, places, source and date filters.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Result order.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
    /// Hits to show.
    #[arg(long, default_value_t = DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Values to show per facet (0: none).
    #[arg(long, default_value_t = DEFAULT_FACETS, value_name = "N")]
    pub facets: usize,
    /// Show every copy of a story as a result (by default a story is shown once, its
    /// best-ranked copy, with how many copies it stands for).
    #[arg(long)]
    pub copies: bool,
    /// What facets and the date histogram count: articles, or stories (copies count once).
    #[arg(long, value_enum, default_value_t = CountBy::Articles)]
    pub count: CountBy,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Builds the request from the command line (dates validated here: a bad one exits 2).
pub fn request(args: &SearchArgs) -> anyhow::Result<SearchRequest> {
    Ok(SearchRequest {
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        facets: args.facets,
        all_copies: args.copies,
        count: args.count,
        ..args.filters.request(&args.query)?
    })
}

/// Runs `newsdex search`.
pub fn run(args: &SearchArgs) -> anyhow::Result<i32> {
    let req = request(args)?;
    let engine = Engine::open(&args.index.path())?;
    let resp = engine.search(&req)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &resp)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &resp, &req, std::io::stdout().is_terminal())?;
    }
    Ok(0)
}

/// "+ 3 copies: 2024-02-05 Reuters (original), 2024-02-06 CNN, …" for a collapsed hit.
pub fn copies_line(h: &crate::query::Hit) -> String {
    let noun = if h.copies == 1 { "copy" } else { "copies" };
    let listed: Vec<String> = h
        .copy_list
        .iter()
        .map(|c| {
            let mut s = c.date.clone().unwrap_or_else(|| "undated".into());
            s.push(' ');
            s.push_str(c.source.as_deref().unwrap_or(&c.path));
            if c.original {
                s.push_str(" (original)");
            }
            s
        })
        .collect();
    let more = if (h.copy_list.len() as u64) < h.copies {
        ", …"
    } else {
        ""
    };
    let original = if h.original {
        " (this is the original)"
    } else {
        ""
    };
    format!(
        "+ {} {noun}{original}: {}{more}",
        h.copies,
        listed.join(", ")
    )
}

/// Turns a snippet's `<b>` marks into terminal bold (or nothing) and unescapes the text.
pub fn snippet_for_terminal(html: &str, bold: bool) -> String {
    let (on, off) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let marked = html.replace("<b>", on).replace("</b>", off);
    html_escape::decode_html_entities(&marked)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_text(
    out: &mut impl Write,
    r: &SearchResponse,
    req: &SearchRequest,
    tty: bool,
) -> std::io::Result<()> {
    let shown = if r.hits.is_empty() {
        String::new()
    } else {
        format!(", showing {}–{}", req.offset + 1, req.offset + r.hits.len())
    };
    let stories = if r.stories != r.total {
        format!(" in {} stories", r.stories)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} results{stories} ({:.1} ms){}",
        r.total, r.took_ms, shown
    )?;
    for (i, h) in r.hits.iter().enumerate() {
        writeln!(out)?;
        let title = if h.title.is_empty() {
            "(untitled)"
        } else {
            &h.title
        };
        let title = if tty {
            format!("\x1b[1m{title}\x1b[0m")
        } else {
            title.to_string()
        };
        writeln!(
            out,
            "{:>3}. {}  {}{}",
            req.offset + i + 1,
            h.date.as_deref().unwrap_or("----------"),
            title,
            h.source
                .as_deref()
                .map(|s| format!("  — {s}"))
                .unwrap_or_default()
        )?;
        writeln!(out, "     {}", h.path)?;
        let snip = snippet_for_terminal(&h.snippet, tty);
        if !snip.is_empty() {
            writeln!(out, "     {snip}")?;
        }
        if !h.people.is_empty() {
            writeln!(out, "     people: {}", h.people.join(", "))?;
        }
        if !h.places.is_empty() {
            writeln!(out, "     places: {}", h.places.join(", "))?;
        }
        if !h.credit.is_empty() {
            writeln!(out, "     credit: {}", h.credit.join(", "))?;
        }
        if h.copies > 0 {
            writeln!(out, "     {}", copies_line(h))?;
        }
    }
    let f = &r.facets;
    if !f.people.is_empty()
        || !f.places.is_empty()
        || !f.credit.is_empty()
        || !f.date.is_empty()
        || f.language.len() > 1
    {
        writeln!(out)?;
    }
    if !f.people.is_empty() {
        writeln!(out, "People: {}", facet_line(&f.people))?;
    }
    if !f.places.is_empty() {
        writeln!(out, "Places: {}", facet_line(&f.places))?;
    }
    if !f.credit.is_empty() {
        writeln!(out, "Credit: {}", facet_line(&f.credit))?;
    }
    if !f.date.is_empty() {
        writeln!(out, "Dates:  {}", facet_line(&f.date))?;
    }
    if f.language.len() > 1 {
        writeln!(out, "Languages: {}", facet_line(&f.language))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_snippets() {
        assert_eq!(
            snippet_for_terminal("a <b>cease</b>-fire &amp; more\n x", false),
            "a cease-fire & more x"
        );
        assert_eq!(snippet_for_terminal("<b>x</b>", true), "\x1b[1mx\x1b[0m");
    }
}
