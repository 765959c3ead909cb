//! Near-duplicates and syndication: which articles are copies of one story, and who is
//! credited with it.
//!
//! Data flows one way through the submodules: an article's text → its 5-word [`shingles`] →
//! a MinHash signature and LSH band keys ([`minhash`]) → candidates from the band keys of the
//! articles seen before ([`table`]) → each candidate verified by exact containment, and the
//! article joins a cluster or starts one ([`cluster`]). [`credit`] reads agency datelines,
//! bylines and credit lines into the `credit` facet.

pub mod cluster;
pub mod credit;
pub mod minhash;
pub mod shingles;
pub mod table;
mod verify;

pub use cluster::{Assignment, Clusterer, DEFAULT_LSH, DEFAULT_THRESHOLD};
pub use minhash::Lsh;

/// A story's id: the document key of the first article of its cluster (see
/// [`cluster::Clusterer::assign`]). Written as 16 lower-case hex digits in JSON, so that
/// JavaScript clients, whose numbers cannot hold every 64-bit integer, read it exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClusterId(pub u64);

impl std::fmt::Display for ClusterId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// A story id that is not up to 16 hex digits (`--story`, `story=`, an export's `cluster`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad story id {0:?}: expected up to 16 hex digits")]
pub struct BadClusterId(pub String);

impl std::str::FromStr for ClusterId {
    type Err = BadClusterId;
    fn from_str(s: &str) -> Result<ClusterId, BadClusterId> {
        let t = s.trim();
        if t.is_empty() || t.len() > 16 {
            return Err(BadClusterId(s.to_string()));
        }
        u64::from_str_radix(t, 16)
            .map(ClusterId)
            .map_err(|_| BadClusterId(s.to_string()))
    }
}

impl serde::Serialize for ClusterId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ClusterId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ClusterId, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The root of `id` in the union-find forest `parent` (ids not in it are roots): how readers
/// of the index join the clusters an article names together ([`Clusterer::loaded`],
/// `query::stories`), with path halving.
pub fn group_root(parent: &mut std::collections::HashMap<u64, u64>, mut id: u64) -> u64 {
    while let Some(&p) = parent.get(&id) {
        let g = parent.get(&p).copied().unwrap_or(p);
        parent.insert(id, g);
        id = g;
    }
    id
}

/// The document key of the article at `position` (0, 1, …) in the file whose path hash is
/// `path_hash`: unique in the index (two articles of one file differ in position), and the
/// same when a changed file is indexed again, so an article is never a copy of its own
/// earlier version.
pub fn doc_key(path_hash: u64, position: u64) -> u64 {
    shingles::mix64(path_hash ^ shingles::mix64(position.wrapping_add(0x9e37_79b9_7f4a_7c15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_ids_are_hex_in_json() {
        let id = ClusterId(0x00ab_cdef_0123_4567);
        assert_eq!(id.to_string(), "00abcdef01234567");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"00abcdef01234567\"");
        let back: ClusterId = serde_json::from_str("\"00abcdef01234567\"").unwrap();
        assert_eq!(back, id);
        assert!("xyz".parse::<ClusterId>().is_err());
        assert!("".parse::<ClusterId>().is_err());
        assert_ne!(doc_key(1, 0), doc_key(1, 1));
        assert_ne!(doc_key(1, 0), doc_key(2, 0));
    }
}
