//! Articles → entities: people and places found in article text.
//!
//! The pipeline calls [`Extractor::enrich`] on every article between parsing and indexing;
//! entities the source already gave (Reuters tags, JSON fields) are kept and merged. This
//! module owns everything inside one article; what holds across articles (archive-level
//! resolution of partial names, facet merging) lives beside the index and the query code.
//!
//! The pipeline, file by file:
//! - [`tokenize`] splits the text into CoNLL-style tokens;
//! - [`tagger`] labels them with [`labels::Label`]s, using [`model`] weights (read and
//!   written by [`model_file`]), the templates of [`features`] and [`doc_features`], hashed
//!   by [`hash`], the name and place flags of [`gazetteer`] and the word [`clusters`]
//!   (bundled with the [`word_stats`] in [`resources`]);
//! - [`labels::spans`] turns labels into [`Span`]s, which [`spans`] repairs;
//! - [`people`] strips titles and possessives and folds partial names, [`places`] resolves
//!   place names against GeoNames.
//!
//! Training (`newsdex train-ner`, [`train`]): [`conll`] reads CoNLL-2003, [`perceptron`]
//! trains, [`eval`] scores as `eval_conll.py` does, [`gazetteer_build`] derives the shipped
//! name and place tables, [`lexicon_build`] the clusters ([`exchange`]) and word statistics
//! from [`unlabelled`] news text. Place data: GeoNames, geonames.org (CC BY 4.0).

pub mod clusters;
pub mod conll;
pub mod doc_features;
pub mod entity;
pub mod eval;
pub mod exchange;
pub mod extractor;
pub mod features;
pub mod gazetteer;
pub mod gazetteer_build;
pub mod gazetteer_places;
pub mod hash;
pub mod labels;
pub mod lexicon_build;
pub mod model;
pub mod model_file;
pub mod people;
pub mod perceptron;
pub mod places;
pub mod resources;
pub mod spans;
pub mod tagger;
pub mod tokenize;
pub mod train;
pub mod tsv;
pub mod unlabelled;
pub mod word_stats;

pub use entity::{Entities, EntityKind, Person, ResolvedPlace, Span, TextSpan};
pub use extractor::{ExtractError, Extractor};
pub use tsv::write_tsv;

#[cfg(test)]
mod tests;
