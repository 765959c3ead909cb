//! The tokenizer of the `lang_stem` chain: words, CJK character pairs and compound markers.

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::MAX_WORD_BYTES;

/// Is `c` a Chinese, Japanese or Korean character (Han, kana, Hangul)? Those scripts do not
/// separate words with spaces, so their text is indexed as overlapping character pairs.
pub fn is_cjk(c: char) -> bool {
    // Every range starts at U+1100 or above: one comparison for Latin, Greek, Cyrillic.
    (c as u32) >= 0x1100
        && matches!(c as u32,
            0x3040..=0x30FF     // Hiragana, Katakana
            | 0x31F0..=0x31FF   // Katakana phonetic extensions
            | 0x3400..=0x4DBF   // CJK Extension A
            | 0x4E00..=0x9FFF   // CJK Unified Ideographs
            | 0xAC00..=0xD7AF   // Hangul syllables
            | 0x1100..=0x11FF   // Hangul Jamo
            | 0x3130..=0x318F   // Hangul compatibility Jamo
            | 0xF900..=0xFAFF   // CJK compatibility ideographs
            | 0xFF66..=0xFF9F   // half-width Katakana
            | 0x20000..=0x2FA1F // CJK Extensions B–F, compatibility supplement
        )
}

/// Combining accents of decomposed Latin, Greek and Cyrillic text (`u` + U+0308): dropped, so
/// `Zu\u{308}rich` is indexed as `Zürich` would be after folding.
fn is_combining_accent(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Vowel signs, viramas and other marks inside words of Indic, Thai and similar scripts,
/// which `char::is_alphanumeric` does not all count as letters: a word does not end at them.
fn is_inner_mark(c: char) -> bool {
    let u = c as u32;
    (matches!(u, 0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
        && !matches!(
            u,
            0x0964 | 0x0965 | 0x0970 | 0x0E2F | 0x0E46 | 0x0E4F | 0x0E5A | 0x0E5B
        )
        && !c.is_whitespace())
        || matches!(u, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x200C | 0x200D)
}

/// Does `c` belong in a word (outside CJK runs)? The one definition the tokenizer and the
/// query parser share: a query word with no such character analyses to nothing.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_accent(c) || is_inner_mark(c)
}

/// Joins the two parts of a hyphenated compound (`cease-fire`, `e‑mail`).
pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The words of `text` as the analyzer sees them before stemming: lower-cased, split where it
/// splits (CJK runs stay whole). The query builder uses this to try split points of a word.
pub fn surface_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for c in text.chars() {
        if is_word_char(c) {
            if !is_combining_accent(c) {
                cur.extend(c.to_lowercase());
            }
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Splits text into lower-cased words, CJK character pairs and compound markers (see the
/// module documentation). Positions count words; a compound marker shares its first part's.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset where scanning continues.
    at: usize,
    token: &'a mut Token,
    /// Tokens already made, waiting their turn (CJK pairs, a compound's marker and next
    /// part); the flag says the token is a word whose end may start another compound.
    queue: VecDeque<(Token, bool)>,
    /// Next position to give out.
    next_pos: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
            queue: VecDeque::new(),
            next_pos: 0,
        }
    }
}

impl WordStream<'_> {
    /// Lower-cases `text[from..to]` (one word) into `out`, without combining accents.
    fn lower_into(&self, from: usize, to: usize, out: &mut String) {
        out.clear();
        let w = &self.text[from..to];
        if w.is_ascii() {
            out.push_str(w);
            out.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                if !is_combining_accent(c) {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }

    /// The end of the word starting at `from` (a word character that is not CJK). ASCII
    /// letters and digits are skipped byte by byte (most words of most archives), the rest
    /// char by char.
    fn word_end(&self, from: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut at = from;
        while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        if at == bytes.len() || bytes[at].is_ascii() {
            return at;
        }
        self.text[at..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c) || is_cjk(c))
            .map_or(self.text.len(), |(i, _)| at + i)
    }

    /// The next word from `self.at` when it is ASCII letters and digits ending at an ASCII
    /// character or the end of the text (`from`, `to`, whether it holds capitals); else
    /// `None`, with `self.at` moved past the ASCII separators before it.
    fn ascii_word(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        while at < bytes.len() && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        self.at = at;
        let from = at;
        let mut upper = false;
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                at += 1;
            } else if b.is_ascii_uppercase() {
                upper = true;
                at += 1;
            } else {
                break;
            }
        }
        (at > from && bytes.get(at).is_none_or(u8::is_ascii)).then_some((from, at, upper))
    }

    /// Makes the word `text[from..to]`, already lower-cased in the token, the next token,
    /// and queues a compound's marker and next part when a hyphen follows.
    fn word_found(&mut self, from: usize, to: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.next_pos;
        self.token.position_length = 1;
        self.next_pos += 1;
        // Joiners are `-` or U+2010/U+2011 (UTF-8 0xE2 0x80 0x90/0x91).
        if matches!(self.text.as_bytes().get(to), Some(b'-' | 0xE2)) && self.compound_follows(to) {
            let t = self.token.clone();
            self.queue_compound(&t, to);
        }
    }

    /// Where the next word character is, from `self.at`, with that character. ASCII
    /// separators (spaces, punctuation) are skipped byte by byte.
    fn next_word_start(&self) -> Option<(usize, char)> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        while at < bytes.len() && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        self.text[at..]
            .char_indices()
            .find(|&(_, c)| is_word_char(c))
            .map(|(i, c)| (at + i, c))
    }

    /// Does a hyphen and another word (not CJK) follow `end`? Only then can a compound start
    /// there ([`Self::queue_compound`]).
    fn compound_follows(&self, end: usize) -> bool {
        let mut rest = self.text[end..].chars();
        matches!((rest.next(), rest.next()), (Some(h), Some(n))
            if is_joiner(h) && is_word_char(n) && !is_cjk(n))
    }

    /// If a hyphen and another word follow the word `first` (ending at `end`), queues the
    /// compound's marker (at `first`'s position) and that next word.
    fn queue_compound(&mut self, first: &Token, end: usize) {
        let mut rest = self.text[end..].chars();
        let (Some(h), Some(n)) = (rest.next(), rest.next()) else {
            return;
        };
        if !is_joiner(h) || !is_word_char(n) || is_cjk(n) {
            return;
        }
        let from = end + h.len_utf8();
        let to = self.word_end(from);
        let mut next = Token {
            offset_from: from,
            offset_to: to,
            position: self.next_pos,
            ..Token::default()
        };
        self.next_pos += 1;
        self.lower_into(from, to, &mut next.text);
        let letters = |s: &str| s.chars().any(char::is_alphabetic);
        if next.text.len() > MAX_WORD_BYTES {
            // Too long to index: the compound ends here, and the word is skipped.
            self.at = to;
            return;
        }
        if first.text.len() + next.text.len() < MAX_WORD_BYTES
            && (letters(&first.text) || letters(&next.text))
        {
            let mut text = String::with_capacity(first.text.len() + next.text.len() + 1);
            text.push_str(&first.text);
            text.push('-');
            text.push_str(&next.text);
            self.queue.push_back((
                Token {
                    offset_from: first.offset_from,
                    offset_to: to,
                    position: first.position,
                    text,
                    position_length: 1,
                },
                false,
            ));
        }
        self.queue.push_back((next, true));
        self.at = to;
    }

    /// Queues the character pairs of the CJK run starting at `from`; returns its end.
    fn queue_cjk(&mut self, from: usize) -> usize {
        let chars: Vec<(usize, char)> = self.text[from..]
            .char_indices()
            .take_while(|&(_, c)| is_cjk(c))
            .map(|(i, c)| (from + i, c))
            .collect();
        let end = chars.last().map_or(from, |&(i, c)| i + c.len_utf8());
        if chars.len() == 1 {
            let (i, c) = chars[0];
            self.push_cjk(i, i + c.len_utf8(), &[c]);
        }
        for w in chars.windows(2) {
            let ((i, a), (_, b)) = (w[0], w[1]);
            self.push_cjk(i, i + a.len_utf8() + b.len_utf8(), &[a, b]);
        }
        end
    }

    fn push_cjk(&mut self, from: usize, to: usize, chars: &[char]) {
        let token = Token {
            offset_from: from,
            offset_to: to,
            position: self.next_pos,
            text: chars.iter().collect(),
            position_length: 1,
        };
        self.next_pos += 1;
        self.queue.push_back((token, false));
    }
}

/// What [`WordStream::next_word`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// The text is used up.
    End,
    /// The next token is in [`WordStream::token_mut`], whole.
    Token,
    /// The next token is the word `bytes(from, to)`, ASCII letters and digits only (capitals
    /// among them when `upper`), with no compound after it: its offsets and position are in
    /// the token, its text is not (the stemmer may find its term without it; else
    /// [`WordStream::fill_ascii`] puts it there).
    Ascii {
        /// Byte offset of the word's start.
        from: usize,
        /// Byte offset of its end.
        to: usize,
        /// Whether it holds capitals.
        upper: bool,
    },
}

impl<'a> WordStream<'a> {
    /// Bytes `from..to` of the text being tokenized.
    pub(super) fn bytes(&self, from: usize, to: usize) -> &'a [u8] {
        &self.text.as_bytes()[from..to]
    }

    /// Puts the ASCII word of [`Next::Ascii`], lower-cased, in the token's text.
    pub(super) fn fill_ascii(&mut self, from: usize, to: usize, upper: bool) {
        let text = &mut self.token.text;
        text.clear();
        text.push_str(&self.text[from..to]);
        if upper {
            text.make_ascii_lowercase();
        }
    }

    /// Moves to the next token, leaving the text of a plain ASCII word unwritten
    /// ([`Next::Ascii`]): most words of most archives, whose terms the stemmer's memo knows.
    pub(super) fn next_word(&mut self) -> Next {
        loop {
            if let Some((t, word)) = self.queue.pop_front() {
                *self.token = t;
                let end = self.token.offset_to;
                if word && self.compound_follows(end) {
                    let t = self.token.clone();
                    self.queue_compound(&t, end);
                }
                return Next::Token;
            }
            if let Some((from, to, upper)) = self.ascii_word() {
                // Most words of most archives: found and checked for capitals in one pass.
                self.at = to;
                if to - from > MAX_WORD_BYTES {
                    self.next_pos += 1;
                    continue;
                }
                // A joiner after it (`-`, or U+2010/U+2011: UTF-8 0xE2 0x80 0x90/0x91) may
                // start a compound, whose marker is made from the word's text.
                if matches!(self.text.as_bytes().get(to), Some(b'-' | 0xE2)) {
                    self.fill_ascii(from, to, upper);
                    self.word_found(from, to);
                    return Next::Token;
                }
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.position = self.next_pos;
                self.token.position_length = 1;
                self.next_pos += 1;
                return Next::Ascii { from, to, upper };
            }
            let Some((from, c)) = self.next_word_start() else {
                self.at = self.text.len();
                return Next::End;
            };
            if is_cjk(c) {
                self.at = self.queue_cjk(from);
                continue;
            }
            let to = self.word_end(from);
            self.at = to;
            let mut text = std::mem::take(&mut self.token.text);
            self.lower_into(from, to, &mut text);
            if text.len() > MAX_WORD_BYTES || text.is_empty() {
                self.token.text = text;
                self.next_pos += usize::from(!self.token.text.is_empty());
                continue;
            }
            self.token.text = text;
            self.word_found(from, to);
            return Next::Token;
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        match self.next_word() {
            Next::End => false,
            Next::Token => true,
            Next::Ascii { from, to, upper } => {
                self.fill_ascii(from, to, upper);
                true
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
