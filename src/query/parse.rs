//! The user's query syntax → a small syntax tree.
//!
//! Syntax, as news searchers expect it: words are all required (AND); `OR` between two parts
//! makes either enough; `-word` or `NOT word` excludes; `"a phrase"`; `field:value` for
//! `title`, `lede`, `body`, `author`, `person`, `place`, `source`, `section`; parentheses group;
//! `word*` matches words starting with `word`. The parser never panics and bounds its work:
//! queries longer than [`MAX_QUERY_CHARS`], nested deeper than [`MAX_DEPTH`] or with more than
//! [`MAX_CLAUSES`] parts are refused with a message.

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;
/// Deepest parenthesis nesting accepted.
pub const MAX_DEPTH: usize = 16;
/// Most words, phrases and field terms in one query.
pub const MAX_CLAUSES: usize = 256;

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

    fn from_prefix(name: &str) -> Option<FieldRef> {
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

/// The syntax tree of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word (possibly a prefix `word*`) in a field.
    Word {
        /// Where to look.
        field: FieldRef,
        /// The word as typed (without the `*`).
        text: String,
        /// Whether it ended with `*`.
        prefix: bool,
    },
    /// A quoted phrase in a field.
    Phrase {
        /// Where to look.
        field: FieldRef,
        /// The text between the quotes.
        text: String,
    },
    /// All parts must match, except the negated ones, which must not.
    And(Vec<(bool, Node)>),
    /// Any part may match.
    Or(Vec<Node>),
}

/// A query that cannot be parsed or is too large.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Or,
    And,
    Not,
    Minus,
    Plus,
    Word(String),
    Quoted(String),
    Field(String),
}

fn lex(q: &str) -> Result<Vec<Tok>, ParseError> {
    let mut toks = Vec::new();
    let mut chars = q.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        match c {
            '(' => {
                toks.push(Tok::LParen);
                chars.next();
            }
            ')' => {
                toks.push(Tok::RParen);
                chars.next();
            }
            '"' | '“' | '”' => {
                chars.next();
                let start = i + c.len_utf8();
                let mut end = q.len();
                for (j, d) in chars.by_ref() {
                    if d == '"' || d == '”' || d == '“' {
                        end = j;
                        break;
                    }
                }
                toks.push(Tok::Quoted(q[start..end].to_string()));
            }
            '-' | '+'
                if toks.last().is_none_or(|t| !matches!(t, Tok::Field(_)))
                    && q[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| !n.is_whitespace()) =>
            {
                toks.push(if c == '-' { Tok::Minus } else { Tok::Plus });
                chars.next();
            }
            _ => {
                let start = i;
                let mut end = q.len();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, '(' | ')' | '"' | '“' | '”') {
                        end = j;
                        break;
                    }
                    if d == ':' {
                        let name = &q[start..j];
                        if FieldRef::from_prefix(name).is_some() {
                            chars.next();
                            toks.push(Tok::Field(name.to_string()));
                            end = usize::MAX;
                            break;
                        }
                    }
                    chars.next();
                }
                if end == usize::MAX {
                    continue;
                }
                let w = &q[start..end];
                toks.push(match w {
                    "OR" | "||" => Tok::Or,
                    "AND" | "&&" => Tok::And,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(w.to_string()),
                });
            }
        }
    }
    Ok(toks)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    clauses: usize,
}

/// Parses a query. An empty (or all-whitespace) query gives `None`: match everything. A
/// query that is not blank but has nothing to search for (only operators or punctuation:
/// `OR`, `-`, `""`, `%`) is an error: it must never silently mean "the whole archive".
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
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err(nothing_to_search(q));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        clauses: 0,
    };
    let node = p.disjunction(0)?;
    if p.pos < p.toks.len() {
        return Err(ParseError("unbalanced ')' in query".into()));
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

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn disjunction(&mut self, depth: usize) -> Result<Option<Node>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError(format!(
                "query nested too deeply (over {MAX_DEPTH} levels of parentheses)"
            )));
        }
        let mut parts = Vec::new();
        if let Some(n) = self.conjunction(depth)? {
            parts.push(n);
        }
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if let Some(n) = self.conjunction(depth)? {
                parts.push(n);
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::Or(parts)),
        })
    }

    fn conjunction(&mut self, depth: usize) -> Result<Option<Node>, ParseError> {
        let mut parts: Vec<(bool, Node)> = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::RParen) => break,
                Some(Tok::And) | Some(Tok::Plus) => {
                    self.pos += 1;
                }
                Some(Tok::Minus) | Some(Tok::Not) => {
                    self.pos += 1;
                    if let Some(n) = self.primary(depth)? {
                        parts.push((true, n));
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
        match tok {
            Tok::LParen => {
                let inner = self.disjunction(depth + 1)?;
                if self.peek() == Some(&Tok::RParen) {
                    self.pos += 1;
                } else {
                    return Err(ParseError("missing ')' in query".into()));
                }
                Ok(inner)
            }
            Tok::Field(name) => {
                let field = FieldRef::from_prefix(&name).unwrap_or(FieldRef::Default);
                match self.toks.get(self.pos).cloned() {
                    Some(Tok::Word(w)) => {
                        self.pos += 1;
                        self.word(field, &w)
                    }
                    Some(Tok::Quoted(t)) => {
                        self.pos += 1;
                        self.count_clause()?;
                        Ok(Some(Node::Phrase { field, text: t }))
                    }
                    Some(Tok::LParen) if !matches!(field, FieldRef::Default) => Err(ParseError(
                        format!("{name}: takes one word or a \"quoted value\", not a group"),
                    )),
                    _ => Err(ParseError(format!("{name}: needs a value"))),
                }
            }
            Tok::Word(w) => self.word(FieldRef::Default, &w),
            Tok::Quoted(t) => {
                self.count_clause()?;
                Ok(Some(Node::Phrase {
                    field: FieldRef::Default,
                    text: t,
                }))
            }
            // A stray operator ("OR" at the start, "- -"): ignore it rather than fail.
            Tok::RParen => Err(ParseError("unbalanced ')' in query".into())),
            Tok::Or | Tok::And | Tok::Not | Tok::Minus | Tok::Plus => Ok(None),
        }
    }

    fn word(&mut self, field: FieldRef, w: &str) -> Result<Option<Node>, ParseError> {
        self.count_clause()?;
        let (text, prefix) = match w.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (w, false),
        };
        if text.contains('*') || text.contains('?') || (prefix && text.is_empty()) {
            return Err(ParseError(format!(
                "unsupported wildcard in {w:?}: only a trailing * is allowed (gaz*)"
            )));
        }
        Ok(Some(Node::Word {
            field,
            text: text.to_string(),
            prefix,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Node {
        Node::Word {
            field: FieldRef::Default,
            text: t.into(),
            prefix: false,
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
                        text: "Saudi Arabia".into()
                    }
                ),
                (
                    false,
                    Node::Word {
                        field: FieldRef::Title,
                        text: "coffee".into(),
                        prefix: false
                    }
                )
            ])
        );
        assert_eq!(parse("  ").unwrap(), None);
        assert_eq!(parse("http://x.com").unwrap(), Some(w("http://x.com")));
    }

    /// Issue #14 item 11: operators and punctuation alone never mean "everything".
    #[test]
    fn operators_and_punctuation_alone_are_errors() {
        for q in [
            "OR", "AND", "NOT", "-", "\"\"", "%", "=", "\u{0}", "OR AND", "( )", "- -",
        ] {
            let e = parse(q).expect_err(q);
            assert!(e.0.contains("nothing to search for"), "{q:?}: {}", e.0);
        }
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse(" \t ").unwrap(), None);
        assert!(parse("-war").unwrap().is_some());
        assert!(parse("gaza OR").unwrap().is_some());
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
        ] {
            let _ = parse(q);
        }
    }
}
