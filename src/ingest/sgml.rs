//! Reuters-21578 SGML: many `<REUTERS>` records per file.
//!
//! The files are not well-formed XML (bare `&`, unescaped `<` in text, control characters as
//! `&#3;`, Latin-1 bytes), so they are read with a small tag scanner over the decoded text
//! rather than an XML parser. Each `<REUTERS …>` … `</REUTERS>` record becomes one article,
//! whatever it lacks: 949 records have no BODY and 56 no TITLE, and a headline alone is still
//! worth finding. A record cut short (no `</REUTERS>` before the next record or the end) is
//! skipped with its reason.

use super::decode::collapse_ws;
use memchr::memmem;

use super::{FileContext, IngestError, Parsed, dates, decode, reuters};
use crate::article::Article;

/// Parses a Reuters-21578 SGML file.
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let text = decode::to_utf8(bytes);
    let text: &str = &text;
    let open = memmem::Finder::new("<REUTERS");
    let close = memmem::Finder::new("</REUTERS>");
    let starts: Vec<usize> = open.find_iter(text.as_bytes()).collect();
    if starts.is_empty() {
        return Err(IngestError::Malformed {
            format: "Reuters SGML",
            detail: "no <REUTERS> record".into(),
        });
    }
    let mut parsed = Parsed::default();
    for (n, &start) in starts.iter().enumerate() {
        let limit = starts.get(n + 1).copied().unwrap_or(text.len());
        let rec = text.get(start..limit).unwrap_or("");
        let newid = attr(rec, "NEWID");
        let Some(end) = close.find(rec.as_bytes()) else {
            parsed.skipped.push(format!(
                "record {} (NEWID {}): no </REUTERS> before the {}",
                n + 1,
                newid.unwrap_or("?"),
                if n + 1 < starts.len() {
                    "next record"
                } else {
                    "end of file"
                }
            ));
            continue;
        };
        let rec = rec.get(..end).unwrap_or(rec);
        let a = record(ctx, rec, n, newid, &mut parsed.skipped);
        parsed.articles.push(a);
    }
    if parsed.articles.is_empty() {
        return Err(IngestError::Malformed {
            format: "Reuters SGML",
            detail: parsed
                .skipped
                .first()
                .cloned()
                .unwrap_or_else(|| "no complete record".into()),
        });
    }
    Ok(parsed)
}

/// The value of attribute `name` in the record's opening tag.
fn attr<'a>(rec: &'a str, name: &str) -> Option<&'a str> {
    let tag_end = rec.find('>')?;
    let tag = rec.get(..tag_end)?;
    let mut from = 0;
    while let Some(i) = tag.get(from..)?.find(name) {
        let at = from + i;
        let before_ok = at == 0 || tag.as_bytes().get(at - 1).is_some_and(|b| *b == b' ');
        let rest = tag.get(at + name.len()..)?;
        if before_ok && let Some(v) = rest.strip_prefix("=\"") {
            return v.split('"').next();
        }
        from = at + name.len();
    }
    None
}

/// The raw content of the first `<tag …>…</tag>` element, when both ends are present.
fn element<'a>(rec: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}");
    let mut from = 0;
    loop {
        let i = from + rec.get(from..)?.find(&open)?;
        let after = rec.get(i + open.len()..)?;
        // `<TEXT>` must not match `<TEXTS>`.
        if after.starts_with('>') || after.starts_with(' ') {
            let gt = after.find('>')?;
            let content = after.get(gt + 1..)?;
            let close = format!("</{tag}>");
            let end = content.find(&close)?;
            return content.get(..end);
        }
        from = i + open.len();
    }
}

/// The `<D>` codes inside an element such as `<PLACES>`.
fn codes(rec: &str, tag: &str) -> Vec<String> {
    let Some(inner) = element(rec, tag) else {
        return Vec::new();
    };
    inner
        .split("<D>")
        .filter_map(|s| s.split("</D>").next())
        .map(|s| unescape(s).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Resolves SGML entities; character references to control characters (`&#3;`, the wire's
/// end-of-text mark) are dropped, unknown entities kept as written.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let semi = tail.get(..tail.len().min(10)).and_then(|t| t.find(';'));
        let Some(semi) = semi else {
            out.push('&');
            rest = tail.get(1..).unwrap_or("");
            continue;
        };
        let name = tail.get(1..semi).unwrap_or("");
        let rep: Option<char> = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix('#')
                .and_then(|d| d.parse::<u32>().ok())
                .map(|c| char::from_u32(c).unwrap_or('\u{fffd}')),
        };
        match rep {
            Some(c) if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => {}
            Some(c) => out.push(c),
            None => out.push_str(tail.get(..=semi).unwrap_or("")),
        }
        rest = tail.get(semi + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Reflows wire copy into paragraphs: lines wrapped at ~70 columns are joined, and an
/// indented line starts a new paragraph (the wire's paragraph mark), so that the body has
/// the blank-line paragraphs the rest of newsdex expects. The closing "Reuter" sign-off is
/// not text and is dropped.
fn reflow(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut first = true;
    for line in s.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if !first {
            out.push_str(if indented { "\n\n" } else { " " });
        }
        first = false;
        out.push_str(line.trim());
    }
    for tail in [" Reuter", "\n\nReuter", " REUTER", "\n\nREUTER"] {
        if let Some(s) = out.strip_suffix(tail) {
            let l = s.trim_end().len();
            out.truncate(l);
            break;
        }
    }
    if out == "Reuter" || out == "REUTER" {
        out.clear();
    }
    out
}

/// Keeps the line layout of unprocessed (tabular) text, trimming trailing space.
fn keep_lines(s: &str) -> String {
    let lines: Vec<&str> = s
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines.join("\n")
}

fn record(
    ctx: &FileContext,
    rec: &str,
    n: usize,
    newid: Option<&str>,
    skipped: &mut Vec<String>,
) -> Article {
    let mut a = Article {
        id: match newid {
            Some(id) if !id.is_empty() => format!("reuters21578:{id}"),
            _ => ctx.fallback_id(n, true),
        },
        path: ctx.path_str.clone(),
        source: Some("Reuters".into()),
        ..Article::default()
    };
    if let Some(d) = element(rec, "DATE") {
        let d = unescape(d);
        a.date = dates::parse_date(&d);
        if a.date.is_none() {
            skipped.push(format!(
                "record {} (NEWID {}): unparseable date {:?} (article kept without a date)",
                n + 1,
                newid.unwrap_or("?"),
                d.trim()
            ));
        }
    }
    let text = element(rec, "TEXT").unwrap_or("");
    a.title = element(text, "TITLE")
        .map(|t| collapse_ws(&unescape(t)))
        .unwrap_or_default();
    if let Some(author) = element(text, "AUTHOR") {
        let author = collapse_ws(&unescape(author));
        let author = author
            .strip_prefix("By ")
            .or_else(|| author.strip_prefix("by "))
            .or_else(|| author.strip_prefix("BY "))
            .unwrap_or(&author);
        let author = author.split(", Reuter").next().unwrap_or(author).trim();
        if !author.is_empty() {
            a.authors.push(author.to_string());
        }
    }
    if let Some(body) = element(text, "BODY") {
        a.body = reflow(&unescape(body));
    } else {
        // UNPROC and BRIEF records: the text with its inner elements taken out.
        let mut t = text.to_string();
        for tag in ["TITLE", "DATELINE", "AUTHOR"] {
            let close = format!("</{tag}>");
            if let Some(i) = t.find(&format!("<{tag}"))
                && let Some(e) = t.get(i..).and_then(|r| r.find(&close))
            {
                t.replace_range(i..i + e + close.len(), "");
            }
        }
        let unprocessed = attr(rec, "TYPE") == Some("UNPROC") || rec.contains("TYPE=\"UNPROC\"");
        let t = unescape(&t);
        a.body = if unprocessed {
            keep_lines(&t)
        } else {
            reflow(&t)
        };
        if a.title.is_empty() {
            a.title = a
                .body
                .lines()
                .next()
                .map(|l| collapse_ws(l).chars().take(120).collect())
                .unwrap_or_default();
        }
    }
    for code in codes(rec, "PLACES") {
        a.add_place(reuters::place(&code));
    }
    for code in codes(rec, "PEOPLE") {
        a.add_person(&reuters::person_name(&code));
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ReadOptions, read_articles};
    use crate::testing::shared;
    use std::path::Path;

    fn ctx() -> FileContext {
        FileContext::new(Path::new("/x/r.sgm"))
    }

    #[test]
    fn whole_corpus() {
        let Some(dir) = shared("corpora/reuters21578") else {
            return;
        };
        let mut total = 0;
        let mut brazil_codes = 0;
        let mut brazil_places = 0;
        let mut first = None;
        for i in 0..=10 {
            let p = dir.join(format!("reut2-{i:03}.sgm"));
            let raw = std::fs::read(&p).unwrap();
            let raw = decode::to_utf8(&raw);
            brazil_codes += raw
                .split("<PLACES>")
                .skip(1)
                .filter(|s| {
                    s.split("</PLACES>")
                        .next()
                        .unwrap_or("")
                        .contains("<D>brazil</D>")
                })
                .count();
            let parsed = read_articles(&p, &ReadOptions::default()).unwrap();
            assert_eq!(parsed.articles.len(), 1000, "{}", p.display());
            assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
            total += parsed.articles.len();
            brazil_places += parsed
                .articles
                .iter()
                .filter(|a| a.places.iter().any(|pl| pl.path == "/South America/Brazil"))
                .count();
            if i == 0 {
                first = parsed.articles.into_iter().next();
            }
        }
        assert_eq!(total, 11_000);
        assert!(brazil_codes > 0);
        assert_eq!(brazil_codes, brazil_places);
        let a = first.unwrap();
        assert_eq!(a.id, "reuters21578:1");
        assert_eq!(a.title, "BAHIA COCOA REVIEW");
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(1987, 2, 26));
        assert_eq!(a.places.len(), 3);
        assert_eq!(a.places[1].path, "/North America/United States");
        assert!(
            a.body
                .starts_with("Showers continued throughout the week in the Bahia")
        );
        assert!(a.body.contains("\n\nThe dry period"));
        assert!(!a.body.contains("&#3;") && !a.body.ends_with("Reuter"));
    }

    #[test]
    fn records() {
        let s = "<!DOCTYPE lewis>\n<REUTERS TOPICS=\"NO\" NEWID=\"7\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<PLACES><D>usa</D><D>narnia</D></PLACES>\n<PEOPLE><D>james-baker</D></PEOPLE>\n<TEXT>&#2;\n<TITLE>A &amp; B &lt;C&gt;</TITLE>\n<AUTHOR>    By Jane Roe, Reuters</AUTHOR>\n<DATELINE> X, Feb 26 - </DATELINE><BODY>First line\nwrapped.\n    Second para.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n<REUTERS NEWID=\"8\" TYPE=\"UNPROC\">\n<DATE>bad</DATE><TEXT TYPE=\"UNPROC\">&#2;\nFED REPORT - FEB 26\n  a.....1\n</TEXT>\n</REUTERS>\n<REUTERS NEWID=\"9\"><TITLE>cut";
        let p = parse(&ctx(), s.as_bytes()).unwrap();
        assert_eq!(p.articles.len(), 2);
        let a = &p.articles[0];
        assert_eq!(a.id, "reuters21578:7");
        assert_eq!(a.title, "A & B <C>");
        assert_eq!(a.body, "First line wrapped.\n\nSecond para.");
        assert_eq!(a.people, ["James Baker"]);
        assert_eq!(a.authors, ["Jane Roe"]);
        assert_eq!(a.places[1].path, "/Narnia");
        let b = &p.articles[1];
        assert_eq!(b.title, "FED REPORT - FEB 26");
        assert_eq!(b.body, "FED REPORT - FEB 26\n  a.....1");
        assert_eq!(b.date, None);
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
        assert!(parse(&ctx(), b"no records here").is_err());
    }

    #[test]
    fn garbage_never_panics() {
        let mut x: u64 = 0x2545F4914F6CDD1D;
        let pieces: [&[u8]; 12] = [
            b"<REUTERS NEWID=\"",
            b"</REUTERS>",
            b"<TEXT",
            b"</TEXT>",
            b"<BODY>",
            b"<D>",
            b"&#",
            b";",
            b"\xE9",
            b"<TITLE>",
            b">",
            b"\"",
        ];
        for len in 0..400 {
            let mut bytes = Vec::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                bytes.extend_from_slice(pieces[(x % 12) as usize]);
            }
            let _ = parse(&ctx(), &bytes);
        }
    }
}
