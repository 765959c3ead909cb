//! The user's query syntax → a small syntax tree.
//!
//! The syntax is the one Lucene, Solr and Elasticsearch `query_string` users know (the README
//! has the table; `newsdex search --help` repeats it):
//!
//! | syntax | meaning |
//! |---|---|
//! | `gaza ceasefire` | both words (every part is required) |
//! | `gaza OR rafah` | either (`OR` binds looser than the implicit AND) |
//! | `-hamas`, `NOT hamas` | without |
//! | `"health reform"` | the phrase |
//! | `"health reform"~3` | both words within 3 positions, in any order (slop, as Lucene) |
//! | `gaz*` | words starting with `gaz` |
//! | `obama~`, `obama~1`, `obama~2` | words within 1 or 2 edits (`~` alone: 1 for 3–5 letters, 2 above) |
//! | `ceasefire^2`, `"a b"^2`, `(a b)^2` | weigh that part twice as much |
//! | `title:`, `lede:`, `body:`, `author:` | in that text field |
//! | `person:`, `place:`, `source:`, `section:` | that value (`place:"Saudi Arabia"`) |
//! | `date:2024-02`, `date:[2024-01 TO 2024-03]`, `date:>=2024` | published then (`{…}` excludes the ends, `*` leaves one open) |
//! | `lang:de` | articles in that language |
//! | `( … )` | grouping |
//!
//! Anything the parser does not understand is an error naming its position (1-based, in
//! characters), never a silently different query. Words made only of punctuation (`&`, `–`)
//! constrain nothing and are left out; a query left with nothing to search for is an error,
//! so `OR`, `""` or `%` never return the whole archive. The parser never panics and bounds its
//! work: queries longer than [`MAX_QUERY_CHARS`], nested deeper than [`MAX_DEPTH`] or with
//! more than [`MAX_CLAUSES`] parts are refused with a message.
//!
//! One file per step: `lexer.rs` (text → tokens), `parser.rs` (tokens → tree: operators,
//! words, phrases, fields, `~`/`^` suffixes), `dates.rs` (`date:` values and ranges),
//! `tree.rs` (the [`Node`] tree and the field prefixes).

mod dates;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;
mod tree;

use lexer::{Kind, Lexer, Tok};
use parser::Parser;
pub(super) use tree::special_prefix;
pub use tree::{FieldRef, Node, WordForm};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;
/// Deepest parenthesis nesting accepted.
pub const MAX_DEPTH: usize = 16;
/// Most words, phrases and field terms in one query.
pub const MAX_CLAUSES: usize = 256;
/// Largest proximity (`"a b"~N`) accepted.
pub const MAX_SLOP: u32 = 100;
/// Largest edit distance of a fuzzy word.
pub const MAX_EDITS: u8 = 2;
/// Largest boost accepted.
pub const MAX_BOOST: f32 = 1000.0;

/// A query that cannot be parsed or is too large; the message names the position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

/// Parses a query. An empty (or all-whitespace) query gives `None`: match everything (the
/// filters alone decide). A query that is not blank but has nothing to search for (only
/// operators or punctuation: `OR`, `-`, `""`, `%`) is an error: it must never silently mean
/// "the whole archive".
pub fn parse(q: &str) -> Result<Option<Node>, ParseError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ParseError(format!(
            "query too long (over {MAX_QUERY_CHARS} characters)"
        )));
    }
    if q.trim().is_empty() {
        return Ok(None);
    }
    if !q.chars().any(char::is_alphanumeric) {
        return Err(nothing_to_search(q));
    }
    let lexer = Lexer { q };
    let toks = lexer.lex()?;
    // Operators and parentheses alone (`OR`, `NOT`, `OR AND`): nothing to search for, said
    // so rather than which operator lacks an operand.
    let searches = |t: &Tok| {
        matches!(
            t.kind,
            Kind::Word(_) | Kind::Quoted(..) | Kind::Range(_) | Kind::Field(_)
        )
    };
    if !toks.iter().any(searches) {
        return Err(nothing_to_search(q));
    }
    let mut p = Parser::new(lexer, toks);
    let node = p.disjunction(0)?;
    if let Some(t) = p.toks.get(p.pos) {
        return Err(p.lexer.err(t.at, "unbalanced )"));
    }
    match node {
        Some(node) => Ok(Some(node)),
        None => Err(nothing_to_search(q)),
    }
}

/// The error for a query made only of operators and punctuation.
fn nothing_to_search(q: &str) -> ParseError {
    ParseError(format!(
        "nothing to search for in {q:?}: the query has only operators or punctuation; \
         leave it empty to list the whole archive"
    ))
}
