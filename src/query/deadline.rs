//! A request's time budget: checked between the stages of a request and, through a
//! collector wrapper, before each segment is searched, so a runaway query stops within one
//! segment's work instead of pinning a core.

use std::time::Instant;

use tantivy::Searcher;
use tantivy::collector::Collector;
use tantivy::query::Query;

use super::QueryError;

/// A request's time budget, enforced between tantivy segments and between stages.
pub struct Deadline {
    at: Option<Instant>,
}

impl Deadline {
    pub fn new(at: Option<Instant>) -> Deadline {
        Deadline { at }
    }

    fn expired(&self) -> bool {
        self.at.is_some_and(|t| Instant::now() >= t)
    }

    pub fn check(&self) -> Result<(), QueryError> {
        if self.expired() {
            Err(QueryError::Timeout)
        } else {
            Ok(())
        }
    }

    /// Runs a collector, stopping between segments once the deadline has passed.
    pub fn search<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: C,
    ) -> Result<C::Fruit, QueryError> {
        self.check()?;
        if self.at.is_none() {
            return Ok(searcher.search(query, &collector)?);
        }
        let timed = Timed {
            inner: collector,
            at: self.at,
        };
        match searcher.search(query, &timed) {
            Ok(fruit) => Ok(fruit),
            Err(_) if self.expired() => Err(QueryError::Timeout),
            Err(e) => Err(e.into()),
        }
    }
}

/// A collector that refuses to start a segment after its deadline.
struct Timed<C> {
    inner: C,
    at: Option<Instant>,
}

impl<C: Collector> Collector for Timed<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(
        &self,
        ord: tantivy::SegmentOrdinal,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.inner.for_segment(ord, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as tantivy::collector::SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        ord: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<<C::Child as tantivy::collector::SegmentCollector>::Fruit> {
        if self.at.is_some_and(|t| Instant::now() >= t) {
            return Err(tantivy::TantivyError::InternalError(
                "query deadline passed".to_string(),
            ));
        }
        self.inner.collect_segment(weight, ord, reader)
    }
}
