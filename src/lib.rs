//! newsdex: a search engine for news archives.
//!
//! Data flows one way, one module per step, and no module reaches back up the flow:
//!
//! | module | owns | may not touch |
//! |---|---|---|
//! | [`ingest`] | files → [`article::Article`]s: walking, decompression, decoding, format detection, one parser per format, the one date parser | the index, extraction |
//! | [`article`] | the one article record (its serde form is what `extract`, the API and `export` print and `ingest` reads back) | anything else |
//! | [`language`] | an article's language: the source's statement normalised, else detection; which extraction each language gets | writing the index, queries |
//! | [`extract`] | article text → people and places (tagger, gazetteer, resolution) | files, the index |
//! | [`index`] | the schema, article ↔ document, the parallel writer, incremental state, merges | parsing formats, queries |
//! | [`entities`] | the archive level: what the stored people and places mean across the whole archive (full names for partial ones, types, forms, the override file), from values and ordinals the query side hands it | tantivy, files other than the override file |
//! | [`dedup`] | copies of one story (shingles, MinHash, LSH, verified clusters) and who is credited with it | the index files, queries (the writer feeds it articles and stores its answers) |
//! | [`query`] | the [`query::Engine`]: query syntax, filters, ranking, facets, snippets, the result shape | writing the index |
//! | [`serve`] | the HTTP API and the web page over the same engine | the index files directly |
//! | [`export`] | index → files other engines load (NDJSON, Quickwit, OpenSearch) | writing the index |
//! | [`commands`] | one file per CLI command: arguments → library calls → output | logic the library should own |
//!
//! Defaults and limits are declared once, next to the code they bound, and the CLI's
//! `default_value_t`s name them (`ingest::DEFAULT_MAX_FILE_MB`, `index::writer::DEFAULT_MEMORY_MB`,
//! `query::DEFAULT_LIMIT`, `serve::DEFAULT_TIMEOUT_SECS`, …). Errors are typed per module
//! (`thiserror`); `anyhow` is used only in [`commands`] and `main.rs`.
#![warn(missing_docs)]

pub mod article;
pub mod commands;
pub mod dedup;
pub mod entities;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod language;
pub mod query;
pub mod serve;
#[doc(hidden)]
pub mod testing;
