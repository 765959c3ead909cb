//! Dates as web pages and wire feeds write them: ISO 8601 (with or without time and zone),
//! compact `YYYYMMDD`, `DD.MM.YYYY`, and RFC 2822 (`Fri, 03 May 2024 ...`).
//!
//! Kept private to the web and wire formats; the day is taken as written, without converting
//! zones, because the publisher's local day is the one readers search for.

use chrono::NaiveDate;

/// The day a date string names, or `None` when it names no valid day.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    // YYYY-MM-DD or YYYY/MM/DD, possibly followed by a time.
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/' | b'.')
        && b[7] == b[4]
    {
        return ymd(&s[..4], s.get(5..7)?, s.get(8..10)?);
    }
    // YYYYMMDD (NewsML-G2 compact and NITF `norm`).
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        return ymd(&s[..4], &s[4..6], &s[6..8]);
    }
    // DD.MM.YYYY
    if b.len() >= 10 && b[..2].iter().all(u8::is_ascii_digit) && b[2] == b'.' && b[5] == b'.' {
        return ymd(s.get(6..10)?, s.get(3..5)?, s.get(..2)?);
    }
    // RFC 2822 / "3 May 2024" / "May 3, 2024"
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for i in 0..words.len() {
        if let Some(m) = month(words[i]) {
            let day = i
                .checked_sub(1)
                .and_then(|j| words.get(j))
                .and_then(|w| w.trim_end_matches('.').parse::<u32>().ok())
                .filter(|d| (1..=31).contains(d));
            let (day, year_idx) = match day {
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
            let year = words.get(year_idx).and_then(|w| w.parse::<i32>().ok());
            if let (Some(d), Some(y)) = (day, year) {
                return NaiveDate::from_ymd_opt(y, m, d);
            }
        }
    }
    None
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if w.len() < 3 {
        return None;
    }
    names
        .iter()
        .position(|n| w.starts_with(n))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = NaiveDate::from_ymd_opt(2024, 5, 3);
        assert_eq!(parse_date("2024-05-03T15:47:42+02:00"), d);
        assert_eq!(parse_date("20240503T154742Z"), d);
        assert_eq!(parse_date("03.05.2024 12:00"), d);
        assert_eq!(parse_date("Fri, 03 May 2024 15:47:42 GMT"), d);
        assert_eq!(parse_date("May 3, 2024"), d);
        assert_eq!(parse_date("garbage"), None);
        assert_eq!(parse_date("2024-13-45"), None);
        assert_eq!(parse_date("é"), None);
    }
}
