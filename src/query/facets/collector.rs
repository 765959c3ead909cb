//! The tantivy collector: per segment, counts by segment ordinal in pooled flat arrays (or,
//! counting stories, the (value, story) pairs seen); merged into [`FacetCounts`] through the
//! global ordinals of `ords.rs`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use super::ords::Which;
use super::{FacetCounts, FacetSpec, GlobalOrds, ValueCounts, ValueOrds};
use crate::query::stories::Stories;

/// A tantivy collector that fills [`FacetCounts`].
pub struct FacetCollector {
    /// What to count.
    pub spec: FacetSpec,
    /// The global ordinals of the searcher the collector runs on.
    pub ords: Arc<GlobalOrds>,
    /// Count stories instead of articles: the copies of one story count once per value
    /// (`--count stories`).
    pub by_story: Option<Arc<Stories>>,
}

/// What a story-counting segment saw: (what, value, story) once each, where `what` is
/// [`PERSON`], [`PLACE`], [`CREDIT`], [`MONTH`] (value: the month key) or [`ANY`] (the total).
type StoryPairs = HashSet<(u8, u32, u32)>;
const PERSON: u8 = 0;
const PLACE: u8 = 1;
const MONTH: u8 = 2;
const ANY: u8 = 3;
const CREDIT: u8 = 4;

const BASE_YEAR: i32 = 1700;
const YEARS: usize = 400;

/// A segment's date column, its per-month counts from [`BASE_YEAR`], and months outside.
type MonthCounts = (Column<DateTime>, Vec<u32>, HashMap<i32, u32>);

/// Per-segment counts of one facet: counts by segment ordinal, and the ordinals counted at
/// least once (so that harvesting does not scan every value of the segment). The counts
/// array is borrowed from a per-thread pool and handed back zeroed.
struct ColumnCounts {
    ords: Arc<GlobalOrds>,
    which: Which,
    segment: usize,
    counts: Vec<u32>,
    touched: Vec<u32>,
}

thread_local! {
    /// Zeroed per-segment count arrays, reused across searches on this thread.
    static POOL: std::cell::RefCell<Vec<Vec<u32>>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Zeroed global count arrays for merging segments, reused likewise: allocating and
    /// zeroing one per search (megabytes on OCR'd pages) cost as much as the counting.
    static MERGE_POOL: std::cell::RefCell<Vec<Vec<u64>>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl ColumnCounts {
    fn new(ords: Arc<GlobalOrds>, which: Which, segment: usize) -> ColumnCounts {
        let f = ords.of(which);
        let n = f.segments.get(segment).map_or(0, Vec::len);
        let mut counts = POOL.with(|p| p.borrow_mut().pop()).unwrap_or_default();
        if counts.len() < n {
            counts.resize(n, 0);
        }
        ColumnCounts {
            ords,
            which,
            segment,
            counts,
            touched: Vec::new(),
        }
    }

    fn collect(&mut self, doc: DocId) {
        let f = self.ords.of(self.which);
        let Some(dv) = f.docs.get(self.segment) else {
            return;
        };
        for &ord in dv.of(doc) {
            if let Some(c) = self.counts.get_mut(ord as usize) {
                if *c == 0 {
                    self.touched.push(ord);
                }
                *c += 1;
            }
        }
    }

    fn harvest(mut self) -> Vec<(u32, u32)> {
        let out: Vec<(u32, u32)> = self
            .touched
            .iter()
            .map(|&o| (o, std::mem::take(&mut self.counts[o as usize])))
            .collect();
        let counts = std::mem::take(&mut self.counts);
        POOL.with(|p| {
            let mut pool = p.borrow_mut();
            if pool.len() < 4 {
                pool.push(counts);
            }
        });
        out
    }
}

/// The segment part of [`FacetCollector`].
pub struct FacetSegmentCollector {
    segment: SegmentOrdinal,
    total: u64,
    /// Story counting: the stories, this segment's date column and the pairs seen.
    by_story: Option<(Arc<Stories>, Option<Column<DateTime>>, StoryPairs)>,
    /// Story counting: the ordinals, and whether people and places are counted.
    story_ords: Option<(Arc<GlobalOrds>, FacetSpec)>,
    people: Option<ColumnCounts>,
    places: Option<ColumnCounts>,
    credit: Option<ColumnCounts>,
    dates: Option<MonthCounts>,
}

/// What one segment counted, by segment ordinal.
pub struct SegmentCounts {
    segment: SegmentOrdinal,
    total: u64,
    pairs: StoryPairs,
    people: Vec<(u32, u32)>,
    places: Vec<(u32, u32)>,
    credit: Vec<(u32, u32)>,
    months: HashMap<i32, u64>,
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
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let ff = reader.fast_fields();
        let counts = |wanted: bool, which: Which| {
            wanted.then(|| ColumnCounts::new(self.ords.clone(), which, segment as usize))
        };
        if let Some(st) = &self.by_story {
            let dates = if self.spec.dates {
                Some(ff.date("date")?)
            } else {
                None
            };
            return Ok(FacetSegmentCollector {
                segment,
                total: 0,
                by_story: Some((st.clone(), dates, HashSet::new())),
                story_ords: Some((self.ords.clone(), self.spec)),
                people: None,
                places: None,
                credit: None,
                dates: None,
            });
        }
        Ok(FacetSegmentCollector {
            segment,
            total: 0,
            by_story: None,
            story_ords: None,
            people: counts(self.spec.people, Which::People),
            places: counts(self.spec.places, Which::Places),
            credit: counts(self.spec.credit, Which::Credit),
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

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<FacetCounts> {
        if self.by_story.is_some() {
            return Ok(self.merge_stories(fruits));
        }
        let merge = |ords: &ValueOrds, pick: &dyn Fn(&SegmentCounts) -> &[(u32, u32)]| {
            if fruits.len() == 1 {
                // One segment: its ordinals map one to one, nothing to add up.
                let map = ords.segments.get(fruits[0].segment as usize);
                return ValueCounts {
                    terms: ords.terms.clone(),
                    shown: ords.shown.clone(),
                    counts: pick(&fruits[0])
                        .iter()
                        .filter_map(|&(o, c)| {
                            map.and_then(|m| m.get(o as usize))
                                .map(|&g| (g, u64::from(c)))
                        })
                        .collect(),
                };
            }
            let mut counts: Vec<u64> = MERGE_POOL
                .with(|p| p.borrow_mut().pop())
                .unwrap_or_default();
            if counts.len() < ords.terms.len() {
                counts.resize(ords.terms.len(), 0);
            }
            let mut touched: Vec<u32> = Vec::new();
            for f in &fruits {
                let Some(map) = ords.segments.get(f.segment as usize) else {
                    continue;
                };
                for &(o, c) in pick(f) {
                    if let Some(&g) = map.get(o as usize) {
                        let slot = &mut counts[g as usize];
                        if *slot == 0 {
                            touched.push(g);
                        }
                        *slot += u64::from(c);
                    }
                }
            }
            // Read the counts and leave the buffer zeroed for the next search on this thread.
            let merged = touched
                .into_iter()
                .map(|g| (g, std::mem::take(&mut counts[g as usize])))
                .collect();
            MERGE_POOL.with(|p| {
                let mut pool = p.borrow_mut();
                if pool.len() < 2 {
                    pool.push(counts);
                }
            });
            ValueCounts {
                terms: ords.terms.clone(),
                shown: ords.shown.clone(),
                counts: merged,
            }
        };
        let mut out = FacetCounts {
            total: fruits.iter().map(|f| f.total).sum(),
            ..Default::default()
        };
        if self.spec.people {
            out.people = merge(&self.ords.people, &|f| &f.people);
        }
        if self.spec.places {
            out.places = merge(&self.ords.places, &|f| &f.places);
        }
        if self.spec.credit {
            out.credit = merge(&self.ords.credit, &|f| &f.credit);
        }
        for f in &fruits {
            for (&k, &v) in &f.months {
                *out.months.entry(k).or_default() += v;
            }
        }
        Ok(out)
    }
}

impl FacetCollector {
    /// Story counting: the union of the segments' (what, value, story) pairs, counted.
    fn merge_stories(&self, fruits: Vec<SegmentCounts>) -> FacetCounts {
        let mut all: StoryPairs = HashSet::new();
        for f in fruits {
            if all.is_empty() {
                all = f.pairs;
            } else {
                all.extend(f.pairs);
            }
        }
        let mut people: HashMap<u32, u64> = HashMap::new();
        let mut places: HashMap<u32, u64> = HashMap::new();
        let mut credit: HashMap<u32, u64> = HashMap::new();
        let mut out = FacetCounts::default();
        for (what, value, _) in all {
            match what {
                PERSON => *people.entry(value).or_default() += 1,
                PLACE => *places.entry(value).or_default() += 1,
                CREDIT => *credit.entry(value).or_default() += 1,
                MONTH => *out.months.entry(value as i32).or_default() += 1,
                _ => out.total += 1,
            }
        }
        let counts = |ords: &ValueOrds, m: HashMap<u32, u64>| ValueCounts {
            terms: ords.terms.clone(),
            shown: ords.shown.clone(),
            counts: m.into_iter().collect(),
        };
        if self.spec.people {
            out.people = counts(&self.ords.people, people);
        }
        if self.spec.places {
            out.places = counts(&self.ords.places, places);
        }
        if self.spec.credit {
            out.credit = counts(&self.ords.credit, credit);
        }
        out
    }
}

impl FacetSegmentCollector {
    /// Story counting: records the pairs of one document.
    fn collect_story(&mut self, doc: DocId) {
        let (Some((stories, dates, pairs)), Some((ords, spec))) =
            (self.by_story.as_mut(), self.story_ords.as_ref())
        else {
            return;
        };
        let seg = self.segment as usize;
        let Some(&story) = stories.in_segment(self.segment).get(doc as usize) else {
            return;
        };
        pairs.insert((ANY, 0, story));
        let mut add = |what: u8, f: &ValueOrds| {
            let (Some(dv), Some(map)) = (f.docs.get(seg), f.segments.get(seg)) else {
                return;
            };
            for &o in dv.of(doc) {
                if let Some(&g) = map.get(o as usize) {
                    pairs.insert((what, g, story));
                }
            }
        };
        if spec.people {
            add(PERSON, &ords.people);
        }
        if spec.places {
            add(PLACE, &ords.places);
        }
        if spec.credit {
            add(CREDIT, &ords.credit);
        }
        if let Some(col) = dates
            && let Some(d) = col.first(doc)
        {
            let (y, m) = year_month(d.into_timestamp_secs());
            pairs.insert((MONTH, (y * 12 + m as i32 - 1) as u32, story));
        }
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if self.by_story.is_some() {
            self.collect_story(doc);
            return;
        }
        self.total += 1;
        if let Some(c) = self.people.as_mut() {
            c.collect(doc);
        }
        if let Some(c) = self.places.as_mut() {
            c.collect(doc);
        }
        if let Some(c) = self.credit.as_mut() {
            c.collect(doc);
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

    fn harvest(self) -> SegmentCounts {
        let mut months = HashMap::new();
        if let Some((_, counts, overflow)) = self.dates {
            for (i, &c) in counts.iter().enumerate() {
                if c > 0 {
                    months.insert(BASE_YEAR * 12 + i as i32, u64::from(c));
                }
            }
            for (k, c) in overflow {
                *months.entry(k).or_default() += u64::from(c);
            }
        }
        SegmentCounts {
            segment: self.segment,
            total: self.total,
            pairs: self.by_story.map(|(_, _, p)| p).unwrap_or_default(),
            people: self.people.map(ColumnCounts::harvest).unwrap_or_default(),
            places: self.places.map(ColumnCounts::harvest).unwrap_or_default(),
            credit: self.credit.map(ColumnCounts::harvest).unwrap_or_default(),
            months,
        }
    }
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
