//! newsdex: a search engine for news archives.
//!
//! Data flows one way, one module per step:
//! files ([`ingest`]) → articles ([`article`]) → their language ([`language`]) → entities
//! ([`extract`]) → documents and the
//! index ([`index`]) → queries and results ([`query`]) → the HTTP API and web page ([`serve`]);
//! [`export`] hands an index to other engines.

pub mod article;
pub mod commands;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod language;
pub mod query;
pub mod serve;
#[doc(hidden)]
pub mod testing;
