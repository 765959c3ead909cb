//! The name tables: every source, section and place value in the index, by lower-cased
//! name, built once per searcher generation. This is how `--place "saudi arabia"` finds
//! `/Asia/Saudi Arabia`.

use std::collections::HashMap;

use tantivy::Searcher;

use super::QueryError;
use super::parse::{FieldRef, Node};
use super::request::SearchRequest;
use crate::index::Fields;
use crate::index::document::facet_to_path;

/// Filter values present in the index, by lower-cased name (people are matched against the
/// archive-level entities instead, see `archive.rs`).
#[derive(Default)]
pub struct Names {
    /// Lower-cased source → the sources as stored.
    pub sources: HashMap<String, Vec<String>>,
    /// Lower-cased section → the sections as stored.
    pub sections: HashMap<String, Vec<String>>,
    /// Lower-cased last component, or whole path → facet paths (`/Asia/Saudi Arabia`).
    pub places: HashMap<String, Vec<String>>,
}

impl Names {
    /// Filter values by lower-cased name, from every segment's term dictionaries.
    pub fn build(searcher: &Searcher, f: &Fields) -> Result<Names, QueryError> {
        let mut names = Names::default();
        for seg in searcher.segment_readers() {
            for (field, map) in [
                (f.source, &mut names.sources),
                (f.section, &mut names.sections),
            ] {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    if let Ok(s) = std::str::from_utf8(stream.key()) {
                        let v = map.entry(s.to_lowercase()).or_default();
                        if !v.iter().any(|x| x == s) {
                            v.push(s.to_string());
                        }
                    }
                }
            }
            let inv = seg.inverted_index(f.place_paths)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let Ok(enc) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let path = facet_to_path(enc);
                let last = enc.rsplit('\0').next().unwrap_or(enc).to_lowercase();
                for key in [last, path.to_lowercase()] {
                    let v = names.places.entry(key).or_default();
                    if !v.contains(&path) {
                        v.push(path.clone());
                    }
                }
            }
        }
        Ok(names)
    }

    /// Whether `req` (its filters, or `person:`… terms in its query `node`) matches values by
    /// name. Building the tables walks every value in the index, which a plain text search
    /// should not pay for, least of all right after each commit.
    pub fn needed(req: &SearchRequest, node: Option<&Node>) -> bool {
        let filtered = req.places.iter().any(|v| !v.trim().is_empty())
            || req.source.as_ref().is_some_and(|s| !s.trim().is_empty());
        filtered || node.is_some_and(matches_values)
    }

    /// Whether `req` matches person values (a `--person` filter or `person:` terms): those
    /// need the archive-level entities.
    pub fn people_needed(req: &SearchRequest, node: Option<&Node>) -> bool {
        req.people.iter().any(|v| !v.trim().is_empty()) || node.is_some_and(matches_people)
    }
}

/// Does the query match person values (`person:`)?
fn matches_people(node: &Node) -> bool {
    match node {
        Node::Or(parts) => parts.iter().any(matches_people),
        Node::And(parts) => parts.iter().any(|(_, p)| matches_people(p)),
        Node::Boost(inner, _) => matches_people(inner),
        Node::Word { field, .. } | Node::Phrase { field, .. } => *field == FieldRef::Person,
        Node::Date { .. } | Node::Lang(_) => false,
    }
}

/// Does the query match person, place, source or section values by name?
fn matches_values(node: &Node) -> bool {
    match node {
        Node::Or(parts) => parts.iter().any(matches_values),
        Node::And(parts) => parts.iter().any(|(_, p)| matches_values(p)),
        Node::Boost(inner, _) => matches_values(inner),
        Node::Word { field, .. } | Node::Phrase { field, .. } => field.is_value(),
        Node::Date { .. } | Node::Lang(_) => false,
    }
}
