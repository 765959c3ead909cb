//! E-mail messages (RFC 822/MIME): newsrooms receive copy, press releases and reader
//! submissions by mail and archive the `.eml` or mbox-exported files. MIME, encoded-word
//! subjects and charsets are `mail-parser`'s job; the message becomes one article: subject →
//! headline, `Date` → day (as the sender wrote it), the sender's display name → byline, the
//! first text part (or the HTML part as text) → body.

use chrono::NaiveDate;
use mail_parser::MessageParser;

use super::{FileContext, IngestError, Parsed};
use crate::article::Article;

/// Header names that start real messages (a file beginning `From:` alone could be a memo).
const MAIL_HEADERS: [&[u8]; 6] = [
    b"received:",
    b"delivered-to:",
    b"return-path:",
    b"mime-version:",
    b"message-id:",
    b"x-received:",
];

/// Whether `content` starts with an RFC 822 header block that has a subject or sender and
/// at least one transport header.
pub fn looks_like_email(content: &[u8]) -> bool {
    let head = &content[..content.len().min(16 * 1024)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    let block_end = memchr::memmem::find(head, b"\n\n")
        .or_else(|| memchr::memmem::find(head, b"\r\n\r\n"))
        .unwrap_or(head.len());
    let block = head[..block_end].to_ascii_lowercase();
    let first_is_header = block.iter().position(|&b| b == b':').is_some_and(|i| {
        i > 0
            && block[..i]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    });
    let at_line_start = |name: &[u8]| {
        block.starts_with(name)
            || memchr::memmem::find_iter(&block, name).any(|i| i > 0 && block[i - 1] == b'\n')
    };
    first_is_header
        && (at_line_start(b"subject:") || at_line_start(b"from:"))
        && MAIL_HEADERS.iter().any(|h| at_line_start(h))
}

/// Parses one message.
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    // Leading blank padding (seen in exported mail) would end the header block early.
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let msg = MessageParser::default()
        .parse(&bytes[start..])
        .ok_or_else(|| IngestError::Malformed {
            format: "e-mail",
            detail: "not a parsable RFC 822 message".to_string(),
        })?;
    let mut a = Article {
        path: ctx.path_str.clone(),
        id: msg
            .message_id()
            .map(|m| format!("<{m}>"))
            .unwrap_or_else(|| ctx.fallback_id(0, false)),
        ..Article::default()
    };
    a.title = super::decode::collapse_ws(msg.subject().unwrap_or(""));
    a.date = msg.date().and_then(|d| {
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    });
    if let Some(from) = msg.from().and_then(|f| f.first()) {
        if let Some(name) = from
            .name()
            .map(str::trim)
            .filter(|n| !n.is_empty() && !n.contains('@'))
        {
            a.authors.push(name.to_string());
        }
        a.source = from
            .address()
            .and_then(|ad| ad.rsplit_once('@'))
            .map(|(_, domain)| domain.to_ascii_lowercase());
    }
    let text = msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    let paragraphs: Vec<String> = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(super::decode::collapse_ws)
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return Err(IngestError::NoArticle(
            "e-mail without a text body".to_string(),
        ));
    }
    if a.title.is_empty() {
        a.title = paragraphs[0].chars().take(120).collect();
    }
    a.body = paragraphs.join("\n\n");
    Ok(Parsed::one(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &str = "Delivered-To: desk@example.org\r\nReceived: by 10.0.0.1 with SMTP id x;\r\n\
        \tWed, 4 May 2016 21:11:46 -0700 (PDT)\r\nDate: Thu, 19 Feb 2015 17:18:40 +1100\r\n\
        Subject: =?utf-8?Q?Council=20approves=20budget?=\r\nFrom: Ann Writer <ann@news.example.com>\r\n\
        Message-ID: <abc123@example.com>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\
        The council approved the budget on Thursday.\r\n\r\nIt takes effect in July.\r\n";

    #[test]
    fn reads_a_message() {
        assert!(looks_like_email(MAIL.as_bytes()));
        let ctx = FileContext::new(std::path::Path::new("/tmp/m.eml"));
        let a = &parse(&ctx, MAIL.as_bytes()).unwrap().articles[0];
        assert_eq!(a.title, "Council approves budget");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2015, 2, 19));
        assert_eq!(a.authors, ["Ann Writer"]);
        assert_eq!(a.source.as_deref(), Some("news.example.com"));
        assert_eq!(a.id, "<abc123@example.com>");
        assert_eq!(
            a.body,
            "The council approved the budget on Thursday.\n\nIt takes effect in July."
        );
    }

    #[test]
    fn memos_are_not_mail() {
        assert!(!looks_like_email(
            b"From: the desk\nSubject: notes\n\nText."
        ));
        assert!(!looks_like_email(b"Headline\n\nReceived: yes"));
    }
}
