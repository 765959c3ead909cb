//! Parsing the many date forms found in news metadata.
//!
//! Only the publication *day* matters to newsdex, so every form is reduced to a
//! [`NaiveDate`]. Timestamps are read as written, in their own offset: a story stamped
//! `2024-02-05T23:30:00-05:00` appeared on 5 February where it was published, and converting it
//! to UTC would move it to the 6th.
//!
//! The parser works on runs of digits and runs of letters rather than with regexes or format
//! strings, so that one pass handles ISO 8601, RFC 2822, `YYYY/MM/DD`, Reuters'
//! `26-FEB-1987 15:01:01.79` and prose dates, and so that it stays cheap on hot paths.

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
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && out.len() < max {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push(Tok::Num(&s[start..i]));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Tok::Word(&s[start..i]));
        } else {
            i += 1;
        }
    }
    out
}

/// The month number of an English month name or abbreviation ("Feb", "FEBRUARY", "Sept").
fn month(word: &str) -> Option<u32> {
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = word.to_ascii_lowercase();
    NAMES
        .iter()
        .position(|n| n.starts_with(&lower) || (lower == "sept" && n.starts_with("sep")))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
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
/// timestamp's own offset), `YYYY/MM/DD`, `YYYYMMDD`, RFC 2822
/// (`Mon, 05 Feb 2024 10:00:00 GMT`), Reuters' `26-FEB-1987 15:01:01.79`,
/// `February 5, 2024`, `5 February 2024`, and unix timestamps in seconds or milliseconds
/// written as digits. Years outside 1600–2100 are refused: they are placeholders or typos.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
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
        // One run of digits: YYYYMMDD or a unix timestamp.
        [Tok::Num(n), ..] if t.len() == 1 || n.len() >= 8 => {
            if n.len() == 8 {
                let v = num(n)?;
                return ymd(v / 10000, v / 100 % 100, v % 100);
            }
            if t.len() == 1 {
                return match n.len() {
                    9..=10 => from_unix_seconds(num(n)?),
                    12..=13 => from_unix_seconds(num(n)? / 1000),
                    _ => None,
                };
            }
            None
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
