//! The query text → tokens for the parser (`parse.rs`): brackets, operators, signs, words,
//! quoted texts with their suffixes (`~3^2`), `date:` ranges and field prefixes, each with its
//! byte offset, so errors can name a position.

use super::{FieldRef, ParseError, special_prefix};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    LParen,
    /// `)` and what directly follows it (`^2`).
    RParen(String),
    Or,
    And,
    Not,
    Minus,
    Plus,
    Word(String),
    /// A quoted text and what directly follows the closing quote (`~3^2`).
    Quoted(String, String),
    /// A range `[a TO b]` / `{a TO b}` (after `date:`): the whole text with its brackets.
    Range(String),
    Field(String),
}

#[derive(Debug, Clone, PartialEq)]
/// One token and where it starts.
pub(super) struct Tok {
    /// What the token is.
    pub kind: Kind,
    /// Byte offset in the query.
    pub at: usize,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Ends a bare word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')') || is_quote(c)
}

/// Splits one query into tokens.
pub(super) struct Lexer<'q> {
    /// The query text.
    pub q: &'q str,
}

impl Lexer<'_> {
    /// 1-based character position of byte offset `at`, for messages.
    fn pos(&self, at: usize) -> usize {
        let mut at = at.min(self.q.len());
        while !self.q.is_char_boundary(at) {
            at -= 1;
        }
        self.q[..at].chars().count() + 1
    }

    /// The error `what` at byte offset `at`, naming its position.
    pub fn err(&self, at: usize, what: impl std::fmt::Display) -> ParseError {
        ParseError(format!(
            "{what} (at position {} of the query)",
            self.pos(at)
        ))
    }

    /// The text from `from` up to the next whitespace or bracket: a suffix such as `~3^2`.
    fn suffix_end(&self, from: usize) -> usize {
        self.q[from..]
            .char_indices()
            .find(|&(_, c)| ends_word(c))
            .map_or(self.q.len(), |(i, _)| from + i)
    }

    /// The query's tokens, or the first thing that cannot be a token (an unclosed quote
    /// or range).
    pub fn lex(&self) -> Result<Vec<Tok>, ParseError> {
        let q = self.q;
        let mut toks: Vec<Tok> = Vec::new();
        let mut i = 0;
        while let Some(c) = q[i..].chars().next() {
            let at = i;
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            let after_field = matches!(toks.last(), Some(Tok { kind: Kind::Field(_), at: a }) if self.adjacent(*a, at));
            match c {
                '(' => {
                    toks.push(Tok {
                        kind: Kind::LParen,
                        at,
                    });
                    i += 1;
                }
                ')' => {
                    let end = self.suffix_end(at + 1);
                    toks.push(Tok {
                        kind: Kind::RParen(q[at + 1..end].to_string()),
                        at,
                    });
                    i = end;
                }
                c if is_quote(c) => {
                    let start = at + c.len_utf8();
                    let Some((j, d)) = q[start..].char_indices().find(|&(_, d)| is_quote(d)) else {
                        return Err(self.err(at, "unclosed quote"));
                    };
                    let close = start + j + d.len_utf8();
                    let end = self.suffix_end(close);
                    toks.push(Tok {
                        kind: Kind::Quoted(
                            q[start..start + j].to_string(),
                            q[close..end].to_string(),
                        ),
                        at,
                    });
                    i = end;
                }
                '[' | '{' if after_field => {
                    let close = if c == '[' { [']', '}'] } else { ['}', ']'] };
                    let Some(j) = q[at..].find(close) else {
                        return Err(
                            self.err(at, format!("unclosed range: {c} needs a closing ] or }}"))
                        );
                    };
                    let end = at + j + 1;
                    toks.push(Tok {
                        kind: Kind::Range(q[at..end].to_string()),
                        at,
                    });
                    i = end;
                }
                // A sign before a word, or dangling at the end; a dash between spaces is
                // punctuation ("Biden - Trump").
                '-' | '+'
                    if !after_field
                        && q[at + 1..]
                            .chars()
                            .next()
                            .is_none_or(|n| !n.is_whitespace()) =>
                {
                    toks.push(Tok {
                        kind: if c == '-' { Kind::Minus } else { Kind::Plus },
                        at,
                    });
                    i += 1;
                }
                _ => {
                    let mut end = q.len();
                    let mut field = None;
                    for (j, d) in q[at..].char_indices() {
                        if ends_word(d) {
                            end = at + j;
                            break;
                        }
                        if d == ':' && field.is_none() {
                            let name = &q[at..at + j];
                            if FieldRef::from_prefix(name).is_some()
                                || special_prefix(name).is_some()
                            {
                                field = Some((name.to_string(), at + j + 1));
                                break;
                            }
                        }
                    }
                    if let Some((name, next)) = field {
                        toks.push(Tok {
                            kind: Kind::Field(name),
                            at,
                        });
                        i = next;
                        continue;
                    }
                    let w = &q[at..end];
                    let kind = match w {
                        "OR" | "||" => Kind::Or,
                        "AND" | "&&" => Kind::And,
                        "NOT" => Kind::Not,
                        _ => Kind::Word(w.to_string()),
                    };
                    toks.push(Tok { kind, at });
                    i = end;
                }
            }
        }
        Ok(toks)
    }

    /// Whether the token at `next` follows the field prefix at `field_at` with no space.
    pub fn adjacent(&self, field_at: usize, next: usize) -> bool {
        self.q[field_at..next].ends_with(':')
    }
}
