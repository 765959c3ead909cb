//! A filter on archive-level entities: the articles whose people (or places) include one of
//! a set of entities, read from the generation's entity numbering rather than from stored
//! strings, so that `--person Geithner` finds the articles that only say "Secretary
//! Geithner" once the archive has resolved it.

use std::sync::Arc;

use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader};

use super::facets::{GlobalOrds, ValueOrds};
use crate::entities::Kind;

/// Matches the articles carrying any of `entities` (global entity ids of `kind`).
#[derive(Clone)]
pub struct EntityFilter {
    ords: Arc<GlobalOrds>,
    kind: Kind,
    entities: Arc<Vec<u32>>,
}

impl std::fmt::Debug for EntityFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityFilter")
            .field("kind", &self.kind)
            .field("entities", &self.entities)
            .finish()
    }
}

impl EntityFilter {
    /// A filter on `entities` (sorted or not) of `kind`, for the generation of `ords`.
    pub fn new(ords: Arc<GlobalOrds>, kind: Kind, mut entities: Vec<u32>) -> EntityFilter {
        entities.sort_unstable();
        entities.dedup();
        EntityFilter {
            ords,
            kind,
            entities: Arc::new(entities),
        }
    }

    fn values(&self) -> &ValueOrds {
        match self.kind {
            Kind::People => &self.ords.people,
            Kind::Places => &self.ords.places,
        }
    }

    /// The matching documents of one segment.
    fn docs(&self, reader: &SegmentReader) -> BitSet {
        let mut set = BitSet::with_max_value(reader.max_doc());
        let v = self.values();
        let Some(seg) = self
            .ords
            .segment_ids
            .iter()
            .position(|id| *id == reader.segment_id())
        else {
            return set;
        };
        let (Some(map), Some(dv)) = (v.segments.get(seg), v.docs.get(seg)) else {
            return set;
        };
        // The wanted entities in this segment's numbering.
        let local: Vec<u32> = self
            .entities
            .iter()
            .filter_map(|g| map.binary_search(g).ok().map(|i| i as u32))
            .collect();
        if local.is_empty() {
            return set;
        }
        for d in 0..reader.max_doc() {
            if dv.of(d).iter().any(|o| local.binary_search(o).is_ok()) {
                set.insert(d);
            }
        }
        set
    }
}

impl Query for EntityFilter {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for EntityFilter {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from(self.docs(reader)),
            boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(reader).contains(doc) {
            Ok(Explanation::new("EntityFilter", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )))
        }
    }
}
