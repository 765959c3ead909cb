//! The one date parser: every format's dates (text, JSON, SGML, HTML, NITF, NewsML, ninjs,
//! WARC, wire trailers, folder names) go through here, under one year guard
//! ([`MIN_YEAR`]–[`MAX_YEAR`]) and one table of month names.
//!
//! Only the publication *day* matters to newsdex, so every form is reduced to a
//! [`NaiveDate`]. Timestamps are read as written, in their own offset: a story stamped
//! `2024-02-05T23:30:00-05:00` appeared on 5 February where it was published, and converting it
//! to UTC would move it to the 6th.
//!
//! The parser works on runs of digits and runs of letters rather than with regexes or format
//! strings, so that one pass handles ISO 8601, RFC 2822, `YYYY/MM/DD`, `YYYYMMDD`,
//! `DD.MM.YYYY`, Reuters' `26-FEB-1987 15:01:01.79` and prose dates, and so that it stays
//! cheap on hot paths. Month names are whole words: an English or German name or an
//! abbreviation of one ("Feb", "Sept", "Okt"), never a word that merely starts like one
//! ("Mayor", "Marathon").

use chrono::NaiveDate;

/// Earliest year accepted: anything before is a typo or a placeholder, not a news date.
pub const MIN_YEAR: i32 = 1600;
/// Latest year accepted.
pub const MAX_YEAR: i32 = 2100;

/// A run of digits or of letters; everything else only separates tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
}

fn tokens(s: &str, max: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::with_capacity(max);
    let mut chars = s.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if out.len() >= max {
            break;
        }
        // A word starts with an ASCII letter and may go on with any letter ("März"); other
        // characters only separate tokens (so `2024年5月3日` reads as three numbers).
        let digit = c.is_ascii_digit();
        if !digit && !c.is_ascii_alphabetic() {
            chars.next();
            continue;
        }
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if (digit && c.is_ascii_digit()) || (!digit && c.is_alphabetic()) {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let run = &s[start..end];
        out.push(if digit { Tok::Num(run) } else { Tok::Word(run) });
    }
    out
}

/// Month names, English then German, by month: a word names a month when it is one of these
/// or an abbreviation of one (at least three letters, optionally with a final dot).
const MONTH_NAMES: [&[&str]; 12] = [
    &["january", "januar"],
    &["february", "februar"],
    &["march", "märz", "maerz"],
    &["april"],
    &["may", "mai"],
    &["june", "juni"],
    &["july", "juli"],
    &["august"],
    &["september"],
    &["october", "oktober"],
    &["november"],
    &["december", "dezember"],
];

/// The month number (1–12) a word names ("Feb", "FEBRUARY", "Sept.", "Mär", "Okt"), or
/// `None`: the word must be a whole month name or an abbreviation of one.
pub fn month(word: &str) -> Option<u32> {
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.chars().count() < 3 || w.len() > 10 {
        return None;
    }
    let lower = w.to_lowercase();
    MONTH_NAMES
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(&lower)))
        .map(|i| i as u32 + 1)
}

/// The English weekday names, lower case: the one list the date parser and the name rules
/// (a weekday is never a name) read.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `word` is a weekday name or an abbreviation of one of at least three letters ("Tue", "Thurs").
fn is_weekday(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .any(|d| lower.len() >= 3 && d.starts_with(&lower))
}

/// A date when `y`, `m`, `d` form a real day within the accepted years.
pub fn ymd(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    if !(MIN_YEAR as i64..=MAX_YEAR as i64).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

fn num(s: &str) -> Option<i64> {
    if s.len() > 14 {
        return None;
    }
    s.parse().ok()
}

/// Parses a date in any of the forms news sources use, or `None` when it is not one.
///
/// Accepted: ISO 8601 (`2024-02-05`, `2024-02-05T10:00:00+05:00`, the day as written in the
/// timestamp's own offset), `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD` (alone or followed by a
/// time: `20240205T101500`, `20240205101500`), `DD.MM.YYYY`, RFC 2822
/// (`Mon, 05 Feb 2024 10:00:00 GMT`), Reuters' `26-FEB-1987 15:01:01.79`, `February 5, 2024`,
/// `5 February 2024`, `3. Mai 2024`, a day and month inside a phrase (`Updated May 3rd, 2024`),
/// and unix timestamps in seconds or milliseconds written as digits. Years outside
/// 1600–2100 are refused: they are placeholders (`0001-01-01`) or typos.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    leading_date(s).or_else(|| date_in_phrase(s))
}

/// A date that the string starts with (after a weekday or "on").
fn leading_date(s: &str) -> Option<NaiveDate> {
    // DD.MM.YYYY: the dots tell it from the American MM/DD/YYYY, which is not read.
    let b = s.as_bytes();
    if b.len() >= 10 && b[..2].iter().all(u8::is_ascii_digit) && b[2] == b'.' && b[5] == b'.' {
        return ymd(num(s.get(6..10)?)?, num(s.get(3..5)?)?, num(s.get(..2)?)?);
    }
    let toks = tokens(s, 6);
    let mut t: &[Tok] = &toks;
    while let [Tok::Word(w), rest @ ..] = t {
        if is_weekday(w) || w.eq_ignore_ascii_case("on") {
            t = rest;
        } else {
            break;
        }
    }
    match t {
        // One run of digits: YYYYMMDD (with a time after it), or a unix timestamp.
        [Tok::Num(n), ..] if t.len() == 1 || n.len() >= 8 => {
            let compact = || {
                let v = num(n.get(..8)?)?;
                ymd(v / 10000, v / 100 % 100, v % 100)
            };
            match n.len() {
                8 | 14 => compact(),
                _ if t.len() > 1 => None,
                9..=10 => from_unix_seconds(num(n)?),
                // YYYYMMDDhhmm when it reads as one, else milliseconds.
                12 => compact().or_else(|| from_unix_seconds(num(n)? / 1000)),
                13 => from_unix_seconds(num(n)? / 1000),
                _ => None,
            }
        }
        // 2024-02-05..., 2024/02/05
        [Tok::Num(y), Tok::Num(m), Tok::Num(d), ..] if y.len() == 4 => {
            ymd(num(y)?, num(m)?, num(d)?)
        }
        // 2024 Feb 05
        [Tok::Num(y), Tok::Word(m), Tok::Num(d), ..] if y.len() == 4 => {
            ymd(num(y)?, month(m)? as i64, num(d)?)
        }
        // 05 Feb 2024, 26-FEB-1987, 5 February 2024
        [Tok::Num(d), Tok::Word(m), Tok::Num(y), ..] if d.len() <= 2 && y.len() == 4 => {
            ymd(num(y)?, month(m)? as i64, num(d)?)
        }
        // February 5, 2024
        [Tok::Word(m), Tok::Num(d), Tok::Num(y), ..] if d.len() <= 2 && y.len() == 4 => {
            ymd(num(y)?, month(m)? as i64, num(d)?)
        }
        _ => None,
    }
}

/// A month name inside a phrase with the day before it (`3 May 2024`, `3. Mai 2024`) or after
/// it (`May 3rd, 2024`), and the year next: how pages write dates in their visible text.
fn date_in_phrase(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(m) = month(w) else { continue };
        let day_before = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .and_then(|w| w.trim_end_matches('.').parse::<i64>().ok())
            .filter(|d| (1..=31).contains(d));
        let (day, year_at) = match day_before {
            Some(d) => (Some(d), i + 1),
            None => (
                words.get(i + 1).and_then(|w| {
                    w.trim_end_matches(['.', 'h', 't', 's', 'n', 'd', 'r'])
                        .parse()
                        .ok()
                }),
                i + 2,
            ),
        };
        let year = words.get(year_at).and_then(|w| w.parse::<i64>().ok());
        if let (Some(d), Some(y)) = (day, year) {
            return ymd(y, i64::from(m), d);
        }
    }
    None
}

fn from_unix_seconds(secs: i64) -> Option<NaiveDate> {
    let d = chrono::DateTime::from_timestamp(secs, 0)?.date_naive();
    ymd(
        chrono::Datelike::year(&d) as i64,
        chrono::Datelike::month(&d) as i64,
        chrono::Datelike::day(&d) as i64,
    )
}

/// Parses a date given as a JSON value: a string in any form [`parse_date`] accepts, or a
/// number taken as a unix timestamp (milliseconds when it is too large to be seconds).
///
/// JSON feeds write timestamps as numbers as often as strings, so both must work.
pub fn parse_date_value(v: &serde_json::Value) -> Option<NaiveDate> {
    match v {
        serde_json::Value::String(s) => parse_date(s),
        serde_json::Value::Number(n) => {
            let secs = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            // Beyond year 5000 in seconds means milliseconds.
            if secs.unsigned_abs() > 100_000_000_000 {
                from_unix_seconds(secs / 1000)
            } else {
                from_unix_seconds(secs)
            }
        }
        _ => None,
    }
}

/// The date in a URL path (`/2026/04/09/politics/...`), when the publisher put one there.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let b = url.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'/', b.get(i..)?) {
        let start = i + off + 1;
        if let Some(d) = ymd_segments(url.get(start..)?) {
            return Some(d);
        }
        i = start;
    }
    None
}

/// `YYYY/MM/DD` at the start of `s` (each followed by `/` or the end for the day).
fn ymd_segments(s: &str) -> Option<NaiveDate> {
    let mut it = s.splitn(4, '/');
    let y = it.next()?;
    let m = it.next()?;
    let d = it.next()?;
    let all_digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    ymd(num(y)?, num(m)?, num(d)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn forms() {
        assert_eq!(parse_date("2024-02-05"), d(2024, 2, 5));
        assert_eq!(parse_date("2024-02-05T23:30:00-05:00"), d(2024, 2, 5));
        assert_eq!(
            parse_date("2026-04-10T08:04:09.886270+00:00"),
            d(2026, 4, 10)
        );
        assert_eq!(parse_date("2024/02/05"), d(2024, 2, 5));
        assert_eq!(parse_date("20240205"), d(2024, 2, 5));
        assert_eq!(parse_date("Mon, 05 Feb 2024 10:00:00 GMT"), d(2024, 2, 5));
        assert_eq!(parse_date("26-FEB-1987 15:01:01.79"), d(1987, 2, 26));
        assert_eq!(parse_date("February 5, 2024"), d(2024, 2, 5));
        assert_eq!(parse_date("Monday, February 5, 2024"), d(2024, 2, 5));
        assert_eq!(parse_date("5 February 2024"), d(2024, 2, 5));
        assert_eq!(parse_date("5 Sept 2024"), d(2024, 9, 5));
        assert_eq!(parse_date("1707127200"), d(2024, 2, 5));
        assert_eq!(parse_date("1707127200000"), d(2024, 2, 5));
        assert_eq!(
            parse_date_value(&serde_json::json!(1707127200)),
            d(2024, 2, 5)
        );
        assert_eq!(
            parse_date_value(&serde_json::json!(1707127200000i64)),
            d(2024, 2, 5)
        );
        // The forms web pages and wire feeds write.
        let may3 = d(2024, 5, 3);
        assert_eq!(parse_date("2024-05-03T15:47:42+02:00"), may3);
        assert_eq!(parse_date("20240503T154742Z"), may3);
        assert_eq!(parse_date("20240503154742"), may3);
        assert_eq!(parse_date("202405031547"), may3);
        assert_eq!(parse_date("03.05.2024 12:00"), may3);
        assert_eq!(parse_date("Fri, 03 May 2024 15:47:42 GMT"), may3);
        assert_eq!(parse_date("May 3, 2024"), may3);
        assert_eq!(parse_date("May 3rd, 2024"), may3);
        assert_eq!(parse_date("Updated 3 May 2024, 10:00"), may3);
        assert_eq!(parse_date("The Mayor spoke on 3 May 2024"), may3);
        assert_eq!(parse_date("3. Mai 2024"), may3);
        assert_eq!(parse_date("3 Mär 2024"), d(2024, 3, 3));
        assert_eq!(parse_date("Sept. 5, 2024"), d(2024, 9, 5));
        assert_eq!(parse_date("2024年5月3日"), may3);
        assert_eq!(parse_date("2024-13-45"), None);
        assert_eq!(parse_date("é"), None);
    }

    #[test]
    fn month_names_are_whole_words() {
        for (w, m) in [
            ("Feb", 2),
            ("FEBRUARY", 2),
            ("Sept", 9),
            ("sept.", 9),
            ("Okt", 10),
        ] {
            assert_eq!(month(w), Some(m), "{w}");
        }
        for w in [
            "Mayor", "Marathon", "Junior", "Decision", "Augusta", "Ma", "Novel",
        ] {
            assert_eq!(month(w), None, "{w}");
        }
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "yesterday",
            "1500-01-01",
            "2200-01-01",
            "2024-13-01",
            "2024-02-30",
            "Febtober 5, 2024",
            "12",
            "99999999999999999999999",
            // CMS placeholders and typos, in every form.
            "0001-01-01",
            "0001-01-01T00:00:00Z",
            "00010101",
            "01.01.0001",
            "1 January 0001",
            "January 1, 2999",
            // Words that start like a month are not months.
            "Mayor 5, 2024",
            "Marathon 5 2024",
            "5 Junior 2024",
            "Decision 12, 2024",
            "The Mayor said 12 2024 plans",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        let mut x: u64 = 0x9E3779B97F4A7C15;
        let pieces = [
            "1", "99", "2024", "-", "/", " ", "Feb", "T", ":", "é", "Mon,", "0",
        ];
        for len in 0..2000 {
            let mut s = String::new();
            for _ in 0..len % 12 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(pieces[(x % 12) as usize]);
            }
            let _ = parse_date(&s);
            let _ = date_from_url(&s);
        }
        for v in [i64::MIN, i64::MAX, -1, 0] {
            let _ = parse_date_value(&serde_json::json!(v));
        }
        let _ = parse_date_value(&serde_json::json!(1e300));
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("https://lite.cnn.com/2026/04/09/politics/x"),
            d(2026, 4, 9)
        );
        assert_eq!(date_from_url("https://x.com/a/2026/4/9"), d(2026, 4, 9));
        assert_eq!(date_from_url("https://x.com/a/2026/13/09/x"), None);
        assert_eq!(date_from_url("https://x.com/politics/x"), None);
    }
}
