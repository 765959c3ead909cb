//! `date:` values → [`Node::Date`]: one day, month or year, an open bound (`>=`, `<`), or a
//! range; the bounds are read by [`crate::query::parse_date_bound`], as `--from`/`--to` are.

use chrono::NaiveDate;

use super::parser::Parser;
use super::{Node, ParseError};

impl Parser<'_> {
    /// A `date:` word: a day, month or year (`2024-02`), or one bound (`>=2024`, `<2024-03`).
    pub(super) fn date_word(&self, w: &str, at: usize) -> Result<Node, ParseError> {
        let bound = |s: &str, end: bool| {
            crate::query::parse_date_bound(s, end).map_err(|e| self.err(at, format!("date: {e}")))
        };
        let (from, to) = if let Some(s) = w.strip_prefix(">=") {
            (Some(bound(s, false)?), None)
        } else if let Some(s) = w.strip_prefix("<=") {
            (None, Some(bound(s, true)?))
        } else if let Some(s) = w.strip_prefix('>') {
            (Some(next_day(bound(s, true)?)), None)
        } else if let Some(s) = w.strip_prefix('<') {
            (None, Some(prev_day(bound(s, false)?)))
        } else {
            (Some(bound(w, false)?), Some(bound(w, true)?))
        };
        Ok(Node::Date { from, to })
    }

    /// A `date:` range: `[a TO b]` includes its ends, `{a TO b}` excludes them, `*` is open.
    pub(super) fn date_range(&self, r: &str, at: usize) -> Result<Node, ParseError> {
        let open_inclusive = r.starts_with('[');
        let close_inclusive = r.ends_with(']');
        let inner = &r[1..r.len() - 1];
        let parts: Vec<&str> = inner.split_whitespace().collect();
        let [lo, to_kw, hi] = parts[..] else {
            return Err(self.err(
                at,
                format!("date: {r:?} is not a range: write [2024-01 TO 2024-03]"),
            ));
        };
        if to_kw != "TO" {
            return Err(self.err(
                at,
                format!("date: {r:?}: the ends of a range are joined by TO"),
            ));
        }
        let bound = |s: &str, end: bool| {
            crate::query::parse_date_bound(s, end).map_err(|e| self.err(at, format!("date: {e}")))
        };
        let from = match lo {
            "*" => None,
            s if open_inclusive => Some(bound(s, false)?),
            s => Some(next_day(bound(s, true)?)),
        };
        let to = match hi {
            "*" => None,
            s if close_inclusive => Some(bound(s, true)?),
            s => Some(prev_day(bound(s, false)?)),
        };
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            return Err(self.err(at, format!("date: {r} is empty: it starts after it ends")));
        }
        Ok(Node::Date { from, to })
    }
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn prev_day(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}
