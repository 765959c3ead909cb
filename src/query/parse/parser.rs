//! Tokens → [`Node`]: `OR` binds looser than the implicit AND, `-`/`NOT` exclude, `( … )`
//! groups, `name:` restricts a word or phrase to a field, `*`, `~N` and `^B` shape a word,
//! phrase or group. Every refusal names its position; the limits are those of `mod.rs`.

use super::lexer::{Kind, Lexer, Tok};
use super::tree::{Special, special_prefix};
use super::{
    FieldRef, MAX_BOOST, MAX_CLAUSES, MAX_DEPTH, MAX_EDITS, MAX_SLOP, Node, ParseError, WordForm,
};
use crate::index::analyzer::is_word_char;

/// The recursive-descent parser over one query's tokens.
pub(super) struct Parser<'q> {
    /// The query text (for positions in errors).
    pub(super) lexer: Lexer<'q>,
    /// The query's tokens.
    pub(super) toks: Vec<Tok>,
    /// The next token to read.
    pub(super) pos: usize,
    /// Words, phrases and field terms so far (bounded by [`MAX_CLAUSES`]).
    clauses: usize,
}

impl<'q> Parser<'q> {
    /// A parser at the first of `toks`.
    pub(super) fn new(lexer: Lexer<'q>, toks: Vec<Tok>) -> Self {
        Parser {
            lexer,
            toks,
            pos: 0,
            clauses: 0,
        }
    }

    fn peek(&self) -> Option<&Kind> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.lexer.q.len(), |t| t.at)
    }

    pub(super) fn err(&self, at: usize, what: impl std::fmt::Display) -> ParseError {
        self.lexer.err(at, what)
    }

    pub(super) fn disjunction(&mut self, depth: usize) -> Result<Option<Node>, ParseError> {
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
