//! Date bounds of the `--from`/`--to` filters: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

use chrono::NaiveDate;

use super::QueryError;

/// Parses a date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. `end` picks the last day of a
/// year or month, so `--to 2024-02` includes all of February.
pub fn parse_date_bound(s: &str, end: bool) -> Result<NaiveDate, QueryError> {
    let bad = || QueryError::BadRequest(format!("bad date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD"));
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let year = parts.first().ok_or_else(bad).and_then(|y| {
        if y.len() == 4 {
            num(y).map(|v| v as i32)
        } else {
            Err(bad())
        }
    })?;
    let d = match parts.len() {
        1 => {
            if end {
                NaiveDate::from_ymd_opt(year, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(year, 1, 1)
            }
        }
        2 => {
            let m = num(parts[1])?;
            let first = NaiveDate::from_ymd_opt(year, m, 1);
            if end {
                first.and_then(|f| {
                    f.checked_add_months(chrono::Months::new(1))
                        .and_then(|n| n.pred_opt())
                })
            } else {
                first
            }
        }
        3 => NaiveDate::from_ymd_opt(year, num(parts[1])?, num(parts[2])?),
        _ => None,
    };
    d.ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_date_bound("2024", false).unwrap(), d(2024, 1, 1));
        assert_eq!(parse_date_bound("2024", true).unwrap(), d(2024, 12, 31));
        assert_eq!(parse_date_bound("2024-02", true).unwrap(), d(2024, 2, 29));
        assert_eq!(parse_date_bound("2024-02-05", true).unwrap(), d(2024, 2, 5));
        for bad in ["", "24", "2024-13", "2024-02-30", "yesterday", "2024-1-2-3"] {
            assert!(parse_date_bound(bad, false).is_err(), "{bad}");
        }
    }
}
