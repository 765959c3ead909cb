//! WARC web archives (`.warc`, `.warc.gz`): every `response` record with an HTML payload is
//! one article. Read record by record, so an archive of any size needs memory for one record.

use std::io::{BufRead, Read};

use super::dates::parse_date;
use super::html::{self, PageHints};
use super::{FileContext, IngestError, ReadOptions};
use crate::article::Article;

/// Counts of what a WARC file held besides the articles, for the caller's summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WarcStats {
    /// Records read, of any type.
    pub records: usize,
    /// Articles emitted.
    pub articles: usize,
    /// Records that are not HTML responses (warcinfo, request, metadata, images...): expected
    /// in any crawl, so they are counted rather than reported one by one.
    pub not_html: usize,
    /// HTML responses that could not become an article, each with a one-line reason.
    pub skipped: Vec<String>,
}

fn malformed(detail: String) -> IngestError {
    IngestError::Malformed {
        format: "WARC",
        detail,
    }
}

/// Reads WARC records from `reader` (already decompressed) and hands each article to `emit`
/// as soon as its record is parsed. Records larger than `opts.max_file_bytes` are skipped
/// (streamed past without being held), with a reason in [`WarcStats::skipped`].
pub fn read(
    ctx: &FileContext,
    reader: &mut dyn BufRead,
    opts: &ReadOptions,
    emit: &mut dyn FnMut(Article),
) -> Result<WarcStats, IngestError> {
    let mut stats = WarcStats::default();
    let mut line = Vec::new();
    let mut payload = Vec::new();
    loop {
        // Skip blank lines between records; stop at a clean end.
        line.clear();
        let n = read_line(reader, &mut line)?;
        if n == 0 {
            break;
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            return Err(malformed(format!(
                "record {}: expected a WARC/ version line, found {:?}",
                stats.records + 1,
                String::from_utf8_lossy(&line[..line.len().min(40)])
            )));
        }
        stats.records += 1;
        let rec_no = stats.records;
        let mut wtype = String::new();
        let mut uri = None;
        let mut wdate = None;
        let mut ctype = String::new();
        let mut length: Option<u64> = None;
        loop {
            line.clear();
            if read_line(reader, &mut line)? == 0 {
                return Err(malformed(format!("record {rec_no}: truncated header")));
            }
            let l = line.trim_ascii_end();
            if l.is_empty() {
                break;
            }
            let Some(colon) = memchr::memchr(b':', l) else {
                continue;
            };
            let key = String::from_utf8_lossy(&l[..colon]).to_ascii_lowercase();
            let value = String::from_utf8_lossy(&l[colon + 1..]).trim().to_string();
            match key.as_str() {
                "warc-type" => wtype = value.to_ascii_lowercase(),
                "warc-target-uri" => uri = Some(value.trim_matches(['<', '>']).to_string()),
                "warc-date" => wdate = parse_date(&value),
                "content-type" => ctype = value.to_ascii_lowercase(),
                "content-length" => length = value.parse().ok(),
                _ => {}
            }
        }
        let Some(length) = length else {
            return Err(malformed(format!(
                "record {rec_no}: no valid Content-Length"
            )));
        };
        let wanted = wtype == "response" && ctype.starts_with("application/http");
        if !wanted || length > opts.max_file_bytes {
            skip_bytes(reader, length, rec_no)?;
            if !wanted {
                stats.not_html += 1;
            } else {
                stats.skipped.push(format!(
                    "record {rec_no} ({}): too large: {length} bytes exceeds the cap of {} bytes",
                    uri.as_deref().unwrap_or("?"),
                    opts.max_file_bytes
                ));
            }
            continue;
        }
        payload.clear();
        let got = reader.take(length).read_to_end(&mut payload)?;
        if (got as u64) < length {
            return Err(malformed(format!(
                "record {rec_no}: truncated ({got} of {length} bytes)"
            )));
        }
        let Some((status, headers, body)) = split_http(&payload) else {
            stats
                .skipped
                .push(format!("record {rec_no}: HTTP response without header end"));
            continue;
        };
        let content_type = header(headers, "content-type").unwrap_or_default();
        if !(200..300).contains(&status) || !is_html_type(&content_type, body) {
            stats.not_html += 1;
            continue;
        }
        let charset = content_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("charset="))
            .map(|c| c.trim_matches('"').to_string());
        let hints = PageHints {
            url: uri.as_deref(),
            date: wdate,
            charset: charset.as_deref(),
        };
        match html::parse(ctx, body, &hints) {
            Ok(mut a) => {
                if a.id.is_empty() || a.id == ctx.path_str {
                    a.id = uri
                        .clone()
                        .unwrap_or_else(|| ctx.fallback_id(rec_no - 1, true));
                }
                stats.articles += 1;
                emit(a);
            }
            Err(e) => stats.skipped.push(format!(
                "record {rec_no} ({}): {e}",
                uri.as_deref().unwrap_or("?")
            )),
        }
    }
    Ok(stats)
}

/// Reads one line (up to and including `\n`), refusing absurdly long header lines.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> Result<usize, IngestError> {
    let n = reader.take(64 * 1024).read_until(b'\n', buf)?;
    Ok(n)
}

fn skip_bytes(reader: &mut dyn BufRead, n: u64, rec_no: usize) -> Result<(), IngestError> {
    let copied = std::io::copy(&mut reader.take(n), &mut std::io::sink())?;
    if copied < n {
        return Err(malformed(format!(
            "record {rec_no}: truncated ({copied} of {n} bytes)"
        )));
    }
    Ok(())
}

/// Splits an HTTP response into status code, header block and body.
fn split_http(p: &[u8]) -> Option<(u16, &[u8], &[u8])> {
    let (head_end, body_start) = match memchr::memmem::find(p, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = memchr::memmem::find(p, b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = &p[..head_end];
    let status_line = head.split(|b| *b == b'\n').next()?;
    let status = std::str::from_utf8(status_line)
        .ok()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((status, head, &p[body_start..]))
}

fn header(head: &[u8], name: &str) -> Option<String> {
    head.split(|b| *b == b'\n').find_map(|l| {
        let colon = memchr::memchr(b':', l)?;
        let key = std::str::from_utf8(&l[..colon]).ok()?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| String::from_utf8_lossy(&l[colon + 1..]).trim().to_string())
    })
}

fn is_html_type(content_type: &str, body: &[u8]) -> bool {
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("html") {
        return true;
    }
    if !ct.is_empty() {
        return false;
    }
    let head = &body[..body.len().min(512)];
    let lower = head.to_ascii_lowercase();
    memchr::memmem::find(&lower, b"<html").is_some()
        || memchr::memmem::find(&lower, b"<!doctype html").is_some()
}
