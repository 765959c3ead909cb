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

use chrono::NaiveDate;

use super::lexer::{Kind, Lexer, Tok};
use crate::index::analyzer::is_word_char;

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

/// A field a query part is restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRef {
    /// Title, lede and body, weighted.
    Default,
    /// Headline only.
    Title,
    /// Lede only.
    Lede,
    /// Body only.
    Body,
    /// Bylines.
    Author,
    /// People facet (exact name, case-insensitive).
    Person,
    /// Places facet (a place and everything under it).
    Place,
    /// Source (exact, case-insensitive).
    Source,
    /// Section (exact, case-insensitive).
    Section,
}

impl FieldRef {
    /// True for the exact-value fields (people, places, source, section), which are matched
    /// by value rather than analysed as text.
    pub fn is_value(self) -> bool {
        matches!(
            self,
            FieldRef::Person | FieldRef::Place | FieldRef::Source | FieldRef::Section
        )
    }

    pub(super) fn from_prefix(name: &str) -> Option<FieldRef> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" | "headline" => FieldRef::Title,
            "lede" => FieldRef::Lede,
            "body" | "text" => FieldRef::Body,
            "author" | "authors" | "byline" => FieldRef::Author,
            "person" | "people" => FieldRef::Person,
            "place" | "places" => FieldRef::Place,
            "source" => FieldRef::Source,
            "section" => FieldRef::Section,
            _ => return None,
        })
    }
}

/// The prefixes that are not text or value fields but filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Special {
    Date,
    Lang,
}

pub(super) fn special_prefix(name: &str) -> Option<Special> {
    match name.to_ascii_lowercase().as_str() {
        "date" => Some(Special::Date),
        "lang" | "language" => Some(Special::Lang),
        _ => None,
    }
}

/// How a word matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordForm {
    /// The word (stemmed, accents folded, as the index holds it).
    Exact,
    /// Words starting with it (`gaz*`).
    Prefix,
    /// Words within this many edits of it (`obama~1`).
    Fuzzy(u8),
}

/// The syntax tree of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word in a field.
    Word {
        /// Where to look.
        field: FieldRef,
        /// The word as typed (without `*`, `~N`, `^B`).
        text: String,
        /// Exact, prefix or fuzzy.
        form: WordForm,
    },
    /// A quoted phrase in a field.
    Phrase {
        /// Where to look.
        field: FieldRef,
        /// The text between the quotes.
        text: String,
        /// Positions the words may move (`"a b"~N`); 0 for an exact phrase.
        slop: u32,
    },
    /// Publication days, both ends included (`None`: open).
    Date {
        /// First day.
        from: Option<NaiveDate>,
        /// Last day.
        to: Option<NaiveDate>,
    },
    /// Articles in one language (an ISO 639-1 code).
    Lang(String),
    /// A part weighed `factor` times.
    Boost(Box<Node>, f32),
    /// All parts must match, except the negated ones, which must not.
    And(Vec<(bool, Node)>),
    /// Any part may match.
    Or(Vec<Node>),
}

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
    let mut p = Parser {
        lexer,
        toks,
        pos: 0,
        clauses: 0,
    };
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

struct Parser<'q> {
    lexer: Lexer<'q>,
    toks: Vec<Tok>,
    pos: usize,
    clauses: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Kind> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.lexer.q.len(), |t| t.at)
    }

    fn err(&self, at: usize, what: impl std::fmt::Display) -> ParseError {
        self.lexer.err(at, what)
    }

    fn disjunction(&mut self, depth: usize) -> Result<Option<Node>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError(format!(
                "query nested too deeply (over {MAX_DEPTH} levels of parentheses)"
            )));
        }
        let mut parts = Vec::new();
        parts.extend(self.conjunction(depth)?);
        while self.peek() == Some(&Kind::Or) {
            let or_at = self.at();
            self.pos += 1;
            if matches!(self.peek(), None | Some(Kind::RParen(_)) | Some(Kind::Or)) {
                return Err(self.err(or_at, "OR needs a query part after it"));
            }
            parts.extend(self.conjunction(depth)?);
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::Or(parts)),
        })
    }

    fn conjunction(&mut self, depth: usize) -> Result<Option<Node>, ParseError> {
        let mut parts: Vec<(bool, Node)> = Vec::new();
        let start = self.pos;
        loop {
            let at = self.at();
            match self.peek() {
                None | Some(Kind::RParen(_)) => break,
                Some(Kind::Or) => {
                    if self.pos == start {
                        return Err(self.err(at, "OR needs a query part before it"));
                    }
                    break;
                }
                Some(Kind::And) | Some(Kind::Plus) => {
                    let and = self.peek() == Some(&Kind::And);
                    self.pos += 1;
                    if and && (self.pos == start + 1) {
                        return Err(self.err(at, "AND needs a query part before it"));
                    }
                    if matches!(
                        self.peek(),
                        None | Some(Kind::RParen(_)) | Some(Kind::Or) | Some(Kind::And)
                    ) {
                        let what = if and { "AND" } else { "+" };
                        return Err(self.err(at, format!("{what} needs a query part after it")));
                    }
                }
                Some(Kind::Minus) | Some(Kind::Not) => {
                    let what = if self.peek() == Some(&Kind::Not) {
                        "NOT"
                    } else {
                        "-"
                    };
                    self.pos += 1;
                    if matches!(
                        self.peek(),
                        None | Some(Kind::RParen(_))
                            | Some(Kind::Or)
                            | Some(Kind::And)
                            | Some(Kind::Not)
                            | Some(Kind::Minus)
                    ) {
                        return Err(
                            self.err(at, format!("{what} needs something to exclude after it"))
                        );
                    }
                    match self.primary(depth)? {
                        Some(n) => parts.push((true, n)),
                        None => {
                            return Err(self.err(at, format!("{what} excludes nothing searchable")));
                        }
                    }
                }
                Some(_) => {
                    if let Some(n) = self.primary(depth)? {
                        parts.push((false, n));
                    }
                }
            }
        }
        if parts.len() == 1 && !parts[0].0 {
            return Ok(parts.pop().map(|(_, n)| n));
        }
        Ok(if parts.is_empty() {
            None
        } else {
            Some(Node::And(parts))
        })
    }

    fn count_clause(&mut self) -> Result<(), ParseError> {
        self.clauses += 1;
        if self.clauses > MAX_CLAUSES {
            return Err(ParseError(format!(
                "query has too many terms (over {MAX_CLAUSES})"
            )));
        }
        Ok(())
    }

    fn primary(&mut self, depth: usize) -> Result<Option<Node>, ParseError> {
        let Some(tok) = self.toks.get(self.pos).cloned() else {
            return Ok(None);
        };
        self.pos += 1;
        match tok.kind {
            Kind::LParen => {
                let inner = self.disjunction(depth + 1)?;
                let Some(Kind::RParen(suffix)) = self.peek().cloned() else {
                    return Err(self.err(tok.at, "( is never closed"));
                };
                let close_at = self.at();
                self.pos += 1;
                let (slop, boost) = self.suffix(&suffix, close_at + 1, false)?;
                debug_assert!(slop.is_none());
                Ok(inner.map(|n| boosted(n, boost)))
            }
            Kind::Field(name) => self.field(&name, tok.at),
            Kind::Word(w) => self.word(FieldRef::Default, &w, tok.at),
            Kind::Quoted(t, suffix) => self.phrase(FieldRef::Default, t, &suffix, tok.at),
            Kind::RParen(_) => Err(self.err(tok.at, "unbalanced )")),
            Kind::Range(_) => {
                Err(self.err(tok.at, "a [range] needs a field: date:[2024-01 TO 2024-03]"))
            }
            Kind::Or | Kind::And | Kind::Not | Kind::Minus | Kind::Plus => {
                Err(self.err(tok.at, "misplaced operator"))
            }
        }
    }

    fn field(&mut self, name: &str, at: usize) -> Result<Option<Node>, ParseError> {
        let value = self
            .toks
            .get(self.pos)
            .cloned()
            .filter(|t| self.lexer.adjacent(at, t.at));
        let Some(value) = value else {
            return Err(self.err(at, format!("{name}: needs a value right after the colon")));
        };
        if let Some(special) = special_prefix(name) {
            self.pos += 1;
            self.count_clause()?;
            return match (special, value.kind) {
                (Special::Date, Kind::Word(w)) => self.date_word(&w, value.at).map(Some),
                (Special::Date, Kind::Range(r)) => self.date_range(&r, value.at).map(Some),
                (Special::Date, Kind::Quoted(t, s)) if s.is_empty() => {
                    self.date_word(&t, value.at).map(Some)
                }
                (Special::Lang, Kind::Word(w)) => match crate::language::normalize(&w) {
                    Some(code) => Ok(Some(Node::Lang(code))),
                    None => Err(self.err(
                        value.at,
                        format!("lang: {w:?} is not a language code (use ISO 639-1: en, de, fr)"),
                    )),
                },
                _ => Err(self.err(value.at, format!("{name}: takes one value"))),
            };
        }
        let field = FieldRef::from_prefix(name).unwrap_or(FieldRef::Default);
        match value.kind {
            Kind::Word(w) => {
                self.pos += 1;
                self.word(field, &w, value.at)
            }
            Kind::Quoted(t, suffix) => {
                self.pos += 1;
                self.phrase(field, t, &suffix, value.at)
            }
            Kind::LParen => Err(self.err(
                value.at,
                format!("{name}: takes one word or a \"quoted value\", not a group"),
            )),
            _ => Err(self.err(
                value.at,
                format!("{name}: needs a word or a \"quoted value\""),
            )),
        }
    }

    /// Parses `~N` and `^B` after a phrase or group; `slop_ok` says whether `~` is allowed.
    fn suffix(
        &self,
        s: &str,
        at: usize,
        slop_ok: bool,
    ) -> Result<(Option<u32>, Option<f32>), ParseError> {
        let (rest, boost) = match s.rsplit_once('^') {
            Some((rest, b)) => (rest, Some(self.boost(b, at + rest.len())?)),
            None => (s, None),
        };
        let slop = match rest.strip_prefix('~') {
            Some(n) if slop_ok => {
                let slop: u32 = n.parse().map_err(|_| {
                    self.err(
                        at,
                        format!("~{n}: proximity needs a whole number of positions (\"a b\"~3)"),
                    )
                })?;
                if slop > MAX_SLOP {
                    return Err(self.err(at, format!("~{slop}: proximity is at most {MAX_SLOP}")));
                }
                Some(slop)
            }
            _ if rest.is_empty() => None,
            _ => {
                return Err(self.err(
                    at,
                    format!(
                        "unexpected {rest:?} after {}",
                        if slop_ok { "the phrase" } else { ")" }
                    ),
                ));
            }
        };
        Ok((slop, boost))
    }

    fn boost(&self, b: &str, at: usize) -> Result<f32, ParseError> {
        match b.parse::<f32>() {
            Ok(v) if v > 0.0 && v <= MAX_BOOST && v.is_finite() => Ok(v),
            _ => Err(self.err(
                at,
                format!("^{b}: a boost is a number above 0 and at most {MAX_BOOST} (word^2)"),
            )),
        }
    }

    fn phrase(
        &mut self,
        field: FieldRef,
        text: String,
        suffix: &str,
        at: usize,
    ) -> Result<Option<Node>, ParseError> {
        self.count_clause()?;
        let close = at + self.lexer.q[at..].chars().next().map_or(1, char::len_utf8) + text.len();
        let (slop, boost) = self.suffix(suffix, close + 1, true)?;
        if !text.chars().any(is_word_char) {
            return Err(self.err(
                at,
                if text.trim().is_empty() {
                    "empty phrase \"\"".to_string()
                } else {
                    format!("the phrase {text:?} has no letters or digits")
                },
            ));
        }
        if field.is_value() && slop.is_some() {
            return Err(self.err(
                at,
                "~ proximity applies to text, not to a person, place, source or section",
            ));
        }
        Ok(Some(boosted(
            Node::Phrase {
                field,
                text,
                slop: slop.unwrap_or(0),
            },
            boost,
        )))
    }

    fn word(&mut self, field: FieldRef, w: &str, at: usize) -> Result<Option<Node>, ParseError> {
        let (w, boost) = match w.rsplit_once('^') {
            Some((rest, b)) if !rest.is_empty() => (rest, Some(self.boost(b, at + rest.len())?)),
            Some(_) => return Err(self.err(at, "^ needs a word before it (word^2)")),
            None => (w, None),
        };
        let (text, form) = if let Some((text, n)) = w.rsplit_once('~') {
            let edits = if n.is_empty() {
                auto_edits(text)
            } else {
                match n.parse::<u8>() {
                    Ok(e) if e <= MAX_EDITS => e,
                    _ => {
                        return Err(self.err(
                            at + text.len(),
                            format!("~{n}: a fuzzy word allows 0, 1 or 2 edits (obama~1)"),
                        ));
                    }
                }
            };
            if text.contains('~') {
                return Err(self.err(at, format!("{w:?}: unexpected ~")));
            }
            if text.ends_with('*') {
                return Err(self.err(
                    at,
                    format!("{w:?}: a word is either a prefix (gaz*) or fuzzy (gaza~1), not both"),
                ));
            }
            (
                text,
                if edits == 0 {
                    WordForm::Exact
                } else {
                    WordForm::Fuzzy(edits)
                },
            )
        } else if let Some(stem) = w.strip_suffix('*') {
            (stem, WordForm::Prefix)
        } else {
            (w, WordForm::Exact)
        };
        if text.contains('*') || text.contains('?') || (form == WordForm::Prefix && text.is_empty())
        {
            return Err(self.err(
                at,
                format!("unsupported wildcard in {w:?}: only a trailing * is allowed (gaz*)"),
            ));
        }
        if !text.chars().any(is_word_char) {
            if form != WordForm::Exact || boost.is_some() || field != FieldRef::Default {
                return Err(self.err(at, format!("{w:?} has no letters or digits")));
            }
            // Punctuation between words ("Marks & Spencer") constrains nothing.
            return Ok(None);
        }
        if field.is_value() && form != WordForm::Exact {
            return Err(self.err(
                at,
                "* and ~ apply to text words, not to a person, place, source or section",
            ));
        }
        self.count_clause()?;
        Ok(Some(boosted(
            Node::Word {
                field,
                text: text.to_string(),
                form,
            },
            boost,
        )))
    }

    fn date_word(&self, w: &str, at: usize) -> Result<Node, ParseError> {
        let bound = |s: &str, end: bool| {
            super::parse_date_bound(s, end).map_err(|e| self.err(at, format!("date: {e}")))
        };
        let (from, to) = if let Some(s) = w.strip_prefix(">=") {
            (Some(bound(s, false)?), None)
        } else if let Some(s) = w.strip_prefix("<=") {
            (None, Some(bound(s, true)?))
        } else if let Some(s) = w.strip_prefix('>') {
            (Some(next_day(bound(s, true)?)), None)
        } else if let Some(s) = w.strip_prefix('<') {
            (None, Some(prev_day(bound(s, false)?)))
        } else {
            (Some(bound(w, false)?), Some(bound(w, true)?))
        };
        Ok(Node::Date { from, to })
    }

    fn date_range(&self, r: &str, at: usize) -> Result<Node, ParseError> {
        let open_inclusive = r.starts_with('[');
        let close_inclusive = r.ends_with(']');
        let inner = &r[1..r.len() - 1];
        let parts: Vec<&str> = inner.split_whitespace().collect();
        let [lo, to_kw, hi] = parts[..] else {
            return Err(self.err(
                at,
                format!("date: {r:?} is not a range: write [2024-01 TO 2024-03]"),
            ));
        };
        if to_kw != "TO" {
            return Err(self.err(
                at,
                format!("date: {r:?}: the ends of a range are joined by TO"),
            ));
        }
        let bound = |s: &str, end: bool| {
            super::parse_date_bound(s, end).map_err(|e| self.err(at, format!("date: {e}")))
        };
        let from = match lo {
            "*" => None,
            s if open_inclusive => Some(bound(s, false)?),
            s => Some(next_day(bound(s, true)?)),
        };
        let to = match hi {
            "*" => None,
            s if close_inclusive => Some(bound(s, true)?),
            s => Some(prev_day(bound(s, false)?)),
        };
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            return Err(self.err(at, format!("date: {r} is empty: it starts after it ends")));
        }
        Ok(Node::Date { from, to })
    }
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn prev_day(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

/// The edits `word~` allows, as Elasticsearch's `AUTO`: none up to 2 letters, 1 up to 5,
/// else 2.
fn auto_edits(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

fn boosted(n: Node, boost: Option<f32>) -> Node {
    match boost {
        Some(b) if (b - 1.0).abs() > f32::EPSILON => Node::Boost(Box::new(n), b),
        _ => n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Node {
        Node::Word {
            field: FieldRef::Default,
            text: t.into(),
            form: WordForm::Exact,
        }
    }

    fn err(q: &str) -> String {
        match parse(q) {
            Err(e) => e.0,
            Ok(n) => panic!("{q:?} parsed as {n:?}"),
        }
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(
            parse("Blinken cease-fire").unwrap(),
            Some(Node::And(vec![
                (false, w("Blinken")),
                (false, w("cease-fire"))
            ]))
        );
    }

    #[test]
    fn or_not_phrase_fields() {
        let n = parse("gaza OR rafah -hamas").unwrap().unwrap();
        assert_eq!(
            n,
            Node::Or(vec![
                w("gaza"),
                Node::And(vec![(false, w("rafah")), (true, w("hamas"))])
            ])
        );
        let n = parse("place:\"Saudi Arabia\" title:coffee")
            .unwrap()
            .unwrap();
        assert_eq!(
            n,
            Node::And(vec![
                (
                    false,
                    Node::Phrase {
                        field: FieldRef::Place,
                        text: "Saudi Arabia".into(),
                        slop: 0,
                    }
                ),
                (
                    false,
                    Node::Word {
                        field: FieldRef::Title,
                        text: "coffee".into(),
                        form: WordForm::Exact,
                    }
                )
            ])
        );
        assert_eq!(parse("  ").unwrap(), None);
        assert_eq!(parse("http://x.com").unwrap(), Some(w("http://x.com")));
        assert_eq!(
            parse("NOT war").unwrap(),
            Some(Node::And(vec![(true, w("war"))]))
        );
        // Punctuation between words is no part.
        assert_eq!(
            parse("Marks & Spencer").unwrap(),
            Some(Node::And(vec![(false, w("Marks")), (false, w("Spencer"))]))
        );
    }

    #[test]
    fn proximity_fuzzy_boost() {
        assert_eq!(
            parse("\"health reform\"~3").unwrap(),
            Some(Node::Phrase {
                field: FieldRef::Default,
                text: "health reform".into(),
                slop: 3
            })
        );
        let fz = |t: &str, e| Node::Word {
            field: FieldRef::Default,
            text: t.into(),
            form: WordForm::Fuzzy(e),
        };
        assert_eq!(parse("obama~1").unwrap(), Some(fz("obama", 1)));
        assert_eq!(parse("obama~").unwrap(), Some(fz("obama", 1)));
        assert_eq!(parse("washington~").unwrap(), Some(fz("washington", 2)));
        assert_eq!(parse("obama~0").unwrap(), Some(w("obama")));
        assert_eq!(
            parse("ceasefire^2").unwrap(),
            Some(Node::Boost(Box::new(w("ceasefire")), 2.0))
        );
        assert_eq!(
            parse("obama~1^3").unwrap(),
            Some(Node::Boost(Box::new(fz("obama", 1)), 3.0))
        );
        assert_eq!(
            parse("\"a b\"~2^1.5").unwrap(),
            Some(Node::Boost(
                Box::new(Node::Phrase {
                    field: FieldRef::Default,
                    text: "a b".into(),
                    slop: 2
                }),
                1.5
            ))
        );
        assert_eq!(
            parse("(gaza OR rafah)^2").unwrap(),
            Some(Node::Boost(
                Box::new(Node::Or(vec![w("gaza"), w("rafah")])),
                2.0
            ))
        );
        assert!(err("obama~3").contains("0, 1 or 2 edits"));
        assert!(err("obama^x").contains("boost"));
        assert!(err("\"a b\"~x").contains("whole number"));
        assert!(err("\"a b\"x").contains("unexpected"));
        assert!(err("gaz*~1").contains("prefix"));
    }

    #[test]
    fn dates_and_languages() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(
            parse("date:2024-02").unwrap(),
            Some(Node::Date {
                from: d(2024, 2, 1),
                to: d(2024, 2, 29)
            })
        );
        assert_eq!(
            parse("date:[2024-01 TO 2024-03]").unwrap(),
            Some(Node::Date {
                from: d(2024, 1, 1),
                to: d(2024, 3, 31)
            })
        );
        assert_eq!(
            parse("date:{2024-01 TO 2024-03}").unwrap(),
            Some(Node::Date {
                from: d(2024, 2, 1),
                to: d(2024, 2, 29)
            })
        );
        assert_eq!(
            parse("date:[2024 TO *]").unwrap(),
            Some(Node::Date {
                from: d(2024, 1, 1),
                to: None
            })
        );
        assert_eq!(
            parse("date:>=2009").unwrap(),
            Some(Node::Date {
                from: d(2009, 1, 1),
                to: None
            })
        );
        assert_eq!(
            parse("date:<2009").unwrap(),
            Some(Node::Date {
                from: None,
                to: d(2008, 12, 31)
            })
        );
        assert_eq!(parse("lang:DE").unwrap(), Some(Node::Lang("de".into())));
        assert_eq!(
            parse("gaza -lang:en").unwrap(),
            Some(Node::And(vec![
                (false, w("gaza")),
                (true, Node::Lang("en".into()))
            ]))
        );
        assert!(err("date:2024-13").contains("bad date"));
        assert!(err("date:[2024-03 TO 2024-01]").contains("empty"));
        assert!(err("date:[2024-01 2024-03]").contains("range"));
        assert!(err("date:[2024").contains("unclosed range"));
        assert!(err("lang:english").contains("language code"));
        assert!(err("date: 2024").contains("right after the colon"));
    }

    /// Issue #14 item 11: operators and punctuation alone never mean "everything".
    #[test]
    fn operators_and_punctuation_alone_are_errors() {
        for q in [
            "OR", "AND", "NOT", "-", "\"\"", "%", "=", "%00", "\0", "- -", "OR OR", "a OR", "OR a",
            "a AND", "a NOT", "NOT OR", "()", "( )", "&&", "||", "“”", "\"%\"",
        ] {
            match parse(q) {
                Err(e) => assert!(!e.0.is_empty()),
                // `%00` is the word "00" (a real search, not the whole archive).
                Ok(Some(n)) if q == "%00" => assert_eq!(n, w("%00")),
                Ok(n) => panic!("{q:?} parsed as {n:?}"),
            }
        }
    }

    #[test]
    fn errors_name_the_position() {
        assert_eq!(
            err("gaza OR"),
            "OR needs a query part after it (at position 6 of the query)"
        );
        assert_eq!(err("a)"), "unbalanced ) (at position 2 of the query)");
        assert_eq!(
            err("(a b"),
            "( is never closed (at position 1 of the query)"
        );
        assert_eq!(
            err("a \"b c"),
            "unclosed quote (at position 3 of the query)"
        );
        assert!(err("war -").contains("position 5"));
        assert!(err("title:").contains("position 1"));
        assert!(err("ga*za").contains("wildcard"));
    }

    /// Issue #14 item 11: operators and punctuation alone never mean "everything".
    #[test]
    fn operators_alone_say_there_is_nothing_to_search_for() {
        for q in [
            "OR", "AND", "NOT", "-", "\"\"", "%", "=", "\u{0}", "OR AND", "( )", "- -",
        ] {
            let e = parse(q).expect_err(q);
            assert!(e.0.contains("nothing to search for"), "{q:?}: {}", e.0);
        }
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse(" \t ").unwrap(), None);
        assert!(parse("-war").unwrap().is_some());
        // A dangling operator after words is an error naming where it is (see
        // `errors_name_the_position`), not a search for the words alone.
        assert!(parse("gaza OR").is_err());
    }

    #[test]
    fn limits_and_errors() {
        assert!(parse(&"(".repeat(40)).is_err());
        assert!(parse("(a b").is_err());
        assert!(parse("a)").is_err());
        assert!(parse("*gaza").is_err());
        let many = vec!["w"; MAX_CLAUSES + 1].join(" OR ");
        assert!(parse(&many).is_err());
        assert!(parse(&"x".repeat(MAX_QUERY_CHARS + 1)).is_err());
        // No input panics.
        for q in [
            "\"",
            "\"unterminated",
            "-",
            "- -",
            "OR",
            "title:",
            "((a) OR",
            "a:b:c",
            "“q”",
            "date:[",
            "date:]",
            "date:{a TO b]",
            "x^",
            "^",
            "~",
            "a~~",
            "\"a\"^",
            "\"a\"~",
            "(a)^",
            "(a)~2",
            "date:[* TO *]",
            "lang:",
            "date:\"2024\"",
            "é~1",
            "日本~1",
            "a^1e40",
            "a^NaN",
        ] {
            let _ = parse(q);
        }
    }
}
