//! Facet counting over a whole result set, straight from the columnar (fast) fields.
//!
//! Counting by term ordinal in a flat array per segment and turning ordinals into strings once
//! per segment is what makes "top people for this query" cheap even over millions of hits.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

/// Which facets to count.
#[derive(Debug, Clone, Copy, Default)]
pub struct FacetSpec {
    /// Count people.
    pub people: bool,
    /// Count place names.
    pub places: bool,
    /// Count articles per month.
    pub dates: bool,
}

/// Counts per facet value, merged over segments.
#[derive(Debug, Default, Clone)]
pub struct FacetCounts {
    /// Documents seen.
    pub total: u64,
    /// Person name → articles.
    pub people: HashMap<String, u64>,
    /// Place name → articles.
    pub places: HashMap<String, u64>,
    /// Month key (`year * 12 + month0`) → articles.
    pub months: HashMap<i32, u64>,
}

/// A tantivy collector that fills [`FacetCounts`].
pub struct FacetCollector {
    /// What to count.
    pub spec: FacetSpec,
}

const BASE_YEAR: i32 = 1700;
const YEARS: usize = 400;

/// A segment's date column, its per-month counts from [`BASE_YEAR`], and months outside.
type MonthCounts = (Column<DateTime>, Vec<u32>, HashMap<i32, u32>);

/// The segment part of [`FacetCollector`].
pub struct FacetSegmentCollector {
    total: u64,
    people: Option<(StrColumn, Vec<u32>)>,
    places: Option<(StrColumn, Vec<u32>)>,
    dates: Option<MonthCounts>,
}

/// The (year, month 1–12) of a timestamp in seconds, by the civil-from-days algorithm
/// (exact for the proleptic Gregorian calendar, no allocation, no table).
pub fn year_month(secs: i64) -> (i32, u32) {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (y as i32, m as u32)
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let ff = reader.fast_fields();
        let str_col = |name: &str| -> tantivy::Result<Option<(StrColumn, Vec<u32>)>> {
            Ok(ff.str(name)?.map(|c| {
                let n = c.num_terms();
                (c, vec![0u32; n])
            }))
        };
        Ok(FacetSegmentCollector {
            total: 0,
            people: if self.spec.people {
                str_col("people")?
            } else {
                None
            },
            places: if self.spec.places {
                str_col("places")?
            } else {
                None
            },
            dates: if self.spec.dates {
                Some((ff.date("date")?, vec![0u32; YEARS * 12], HashMap::new()))
            } else {
                None
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut out = FacetCounts::default();
        for f in fruits {
            out.total += f.total;
            for (k, v) in f.people {
                *out.people.entry(k).or_default() += v;
            }
            for (k, v) in f.places {
                *out.places.entry(k).or_default() += v;
            }
            for (k, v) in f.months {
                *out.months.entry(k).or_default() += v;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        for (col, counts) in [self.people.as_mut(), self.places.as_mut()]
            .into_iter()
            .flatten()
        {
            for ord in col.term_ords(doc) {
                if let Some(c) = counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
        if let Some((col, months, overflow)) = self.dates.as_mut()
            && let Some(d) = col.first(doc)
        {
            let (y, m) = year_month(d.into_timestamp_secs());
            let idx = (y - BASE_YEAR) as i64 * 12 + i64::from(m) - 1;
            match usize::try_from(idx).ok().and_then(|i| months.get_mut(i)) {
                Some(c) => *c += 1,
                None => *overflow.entry(y * 12 + m as i32 - 1).or_default() += 1,
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts {
            total: self.total,
            ..Default::default()
        };
        let resolve = |(col, counts): (StrColumn, Vec<u32>)| {
            let mut map = HashMap::new();
            let mut buf = String::new();
            for (ord, &c) in counts.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                buf.clear();
                if col.ord_to_str(ord as u64, &mut buf).unwrap_or(false) {
                    map.insert(buf.clone(), u64::from(c));
                }
            }
            map
        };
        if let Some(p) = self.people {
            out.people = resolve(p);
        }
        if let Some(p) = self.places {
            out.places = resolve(p);
        }
        if let Some((_, months, overflow)) = self.dates {
            for (i, &c) in months.iter().enumerate() {
                if c > 0 {
                    out.months.insert(BASE_YEAR * 12 + i as i32, u64::from(c));
                }
            }
            for (k, c) in overflow {
                *out.months.entry(k).or_default() += u64::from(c);
            }
        }
        out
    }
}

/// The `n` largest counts, ties broken by value so that output is deterministic.
pub fn top_n(map: &HashMap<String, u64>, n: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(&String, &u64)> = map.iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.into_iter()
        .take(n)
        .map(|(k, c)| (k.clone(), *c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_months() {
        assert_eq!(year_month(0), (1970, 1));
        // 2024-02-05T00:00:00Z
        assert_eq!(year_month(1_707_091_200), (2024, 2));
        // 1916-01-05
        assert_eq!(year_month(-1_703_980_800), (1916, 1));
        // 2024-02-29T23:59:59Z and the next second.
        assert_eq!(year_month(1_709_251_199), (2024, 2));
        assert_eq!(year_month(1_709_251_200), (2024, 3));
    }
}
