//! Global ordinals: each string fast field's values numbered once across all segments of a
//! searcher generation (a k-way merge of the segments' sorted dictionaries), and every
//! document's values kept as flat arrays, so counting never touches a string.

use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::{DocId, Searcher};

/// One string fast field's values numbered across all segments of a searcher, or the
/// archive-level entities those values stand for (see [`crate::entities`]).
#[derive(Debug, Default)]
pub struct ValueOrds {
    /// Global ordinal → value.
    pub(crate) terms: Arc<Vec<Box<str>>>,
    /// Per segment (by segment ordinal): segment term ordinal → global ordinal.
    pub(crate) segments: Vec<Vec<u32>>,
    /// Per segment: each document's term ordinals, flattened.
    pub(crate) docs: Vec<DocValues>,
    /// Per global ordinal: offered as a facet value (entities that are unresolved parts are
    /// counted, for filters, but not shown). Empty: all are shown.
    pub(crate) shown: Arc<Vec<bool>>,
}

/// Every document's values in one flat array (compressed sparse rows): counting walks
/// contiguous memory instead of decoding the bit-packed column value by value, which made
/// facet counting the bulk of a search's time on entity-dense pages.
#[derive(Debug, Default)]
pub(crate) struct DocValues {
    /// `starts[doc]..starts[doc + 1]` indexes `ords`.
    starts: Vec<u32>,
    ords: Vec<u32>,
}

impl DocValues {
    /// Documents' values given in global ordinals (`fill(doc, out)` for each document in
    /// order), renumbered within the segment: returns them with the segment → global map.
    pub(crate) fn from_global(
        max_doc: u32,
        mut fill: impl FnMut(DocId, &mut Vec<u32>),
    ) -> (DocValues, Vec<u32>) {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        let mut buf = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            buf.clear();
            fill(doc, &mut buf);
            ords.extend_from_slice(&buf);
            starts.push(ords.len() as u32);
        }
        let mut global: Vec<u32> = ords.clone();
        global.sort_unstable();
        global.dedup();
        for o in &mut ords {
            *o = global.binary_search(o).map_or(0, |i| i as u32);
        }
        (DocValues { starts, ords }, global)
    }

    /// Documents' values as kept elsewhere (`starts`, `ords`: see the fields).
    pub(crate) fn from_parts(starts: Vec<u32>, ords: Vec<u32>) -> DocValues {
        DocValues { starts, ords }
    }

    /// The `starts` and `ords` arrays (see the fields), to keep elsewhere.
    pub(crate) fn into_parts(self) -> (Vec<u32>, Vec<u32>) {
        (self.starts, self.ords)
    }

    fn build(col: &StrColumn, max_doc: u32) -> DocValues {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            ords.extend(col.term_ords(doc).map(|o| o as u32));
            starts.push(ords.len() as u32);
        }
        DocValues { starts, ords }
    }

    /// The segment ordinals of one document's values.
    pub(crate) fn of(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        match (self.starts.get(d), self.starts.get(d + 1)) {
            (Some(&a), Some(&b)) => self.ords.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl ValueOrds {
    /// The global ordinals of one document's values.
    pub(crate) fn global_of(&self, segment: usize, doc: DocId, out: &mut Vec<u32>) {
        out.clear();
        let (Some(dv), Some(map)) = (self.docs.get(segment), self.segments.get(segment)) else {
            return;
        };
        out.extend(
            dv.of(doc)
                .iter()
                .filter_map(|&o| map.get(o as usize).copied()),
        );
    }

    /// The shown values of one document, by name.
    pub(crate) fn shown_of(&self, segment: usize, doc: DocId) -> Vec<String> {
        let mut ords = Vec::new();
        self.global_of(segment, doc, &mut ords);
        ords.into_iter()
            .filter(|&o| self.is_shown(o))
            .map(|o| self.term(o).to_string())
            .collect()
    }

    /// Whether global ordinal `ord` is offered as a facet value.
    pub(crate) fn is_shown(&self, ord: u32) -> bool {
        self.shown.get(ord as usize).copied().unwrap_or(true)
    }

    /// The value of a global ordinal.
    pub(crate) fn term(&self, ord: u32) -> &str {
        self.terms.get(ord as usize).map_or("", |s| s)
    }

    /// Merges the segments' sorted dictionaries (a k-way merge, no hashing), so that global
    /// ordinals are in value order too and ties between counts break by ordinal.
    pub(crate) fn build(searcher: &Searcher, field: &str) -> tantivy::Result<ValueOrds> {
        let mut terms: Vec<Box<str>> = Vec::new();
        let mut segments: Vec<Vec<u32>> = vec![Vec::new(); searcher.segment_readers().len()];
        let mut docs: Vec<DocValues> = Vec::with_capacity(segments.len());
        let columns: Vec<(usize, StrColumn)> = searcher
            .segment_readers()
            .iter()
            .enumerate()
            .filter_map(|(i, seg)| match seg.fast_fields().str(field) {
                Ok(Some(c)) => Some(Ok((i, c))),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<tantivy::Result<_>>()?;
        for (i, seg) in searcher.segment_readers().iter().enumerate() {
            docs.push(match columns.iter().find(|(j, _)| *j == i) {
                Some((_, col)) => DocValues::build(col, seg.max_doc()),
                None => DocValues::default(),
            });
        }
        let mut streams = Vec::with_capacity(columns.len());
        for (i, col) in &columns {
            segments[*i].reserve(col.num_terms());
            streams.push((*i, col.dictionary().stream()?));
        }
        // The current key of each stream, None once it is exhausted.
        let mut keys: Vec<Option<Vec<u8>>> = streams
            .iter_mut()
            .map(|(_, st)| st.advance().then(|| st.key().to_vec()))
            .collect();
        while let Some(min) = keys.iter().flatten().min().cloned() {
            let g = terms.len() as u32;
            terms.push(String::from_utf8_lossy(&min).into());
            for (k, (seg, st)) in keys.iter_mut().zip(streams.iter_mut()) {
                if k.as_deref() == Some(min.as_slice()) {
                    segments[*seg].push(g);
                    if st.advance() {
                        if let Some(buf) = k.as_mut() {
                            buf.clear();
                            buf.extend_from_slice(st.key());
                        }
                    } else {
                        *k = None;
                    }
                }
            }
        }
        Ok(ValueOrds {
            terms: Arc::new(terms),
            segments,
            docs,
            shown: Arc::new(Vec::new()),
        })
    }
}

/// The people and places of one searcher generation, numbered as archive-level entities.
#[derive(Debug, Default)]
pub struct GlobalOrds {
    /// People.
    pub people: ValueOrds,
    /// Place names.
    pub places: ValueOrds,
    /// The archive-level reading the entities come from.
    pub resolution: Arc<crate::entities::Resolution>,
    /// The segments, by segment ordinal (filters find their segment by id).
    pub segment_ids: Vec<tantivy::index::SegmentId>,
    /// Credits.
    pub credit: ValueOrds,
    /// Whether the people and places were read from the commit's entity table or resolved.
    pub reading: crate::query::archive::Reading,
}

/// Which string facet a segment's counts are of.
#[derive(Debug, Clone, Copy)]
pub(super) enum Which {
    People,
    Places,
    Credit,
}

impl GlobalOrds {
    /// The values of one string facet.
    pub(super) fn of(&self, which: Which) -> &ValueOrds {
        match which {
            Which::People => &self.people,
            Which::Places => &self.places,
            Which::Credit => &self.credit,
        }
    }
}
