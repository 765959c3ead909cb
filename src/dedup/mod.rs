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

pub use cluster::{Assignment, Clusterer, DEFAULT_THRESHOLD};
pub use minhash::Lsh;
