//! The extractor: loads the shipped models once per process and runs the per-article
//! pipeline (tokenise → tag → repair spans → people and places).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::entity::{Entities, EntityKind, TextSpan};
use super::gazetteer::{Gazetteer, GazetteerError};
use super::labels::{Label, spans};
use super::model::Model;
use super::model_file::ModelError;
use super::people::{clean, fold_people, person_span};
use super::places::{not_a_place, resolve_mentions};
use super::spans::fix_spans;
use super::tokenize::{self, Tok};
use crate::article::Article;

/// The shipped tagger weights (written by `newsdex train-ner`).
const MODEL_ZST: &[u8] = include_bytes!("../../data/model.bin.zst");
/// The shipped second-pass weights (document features); empty when trained with `--one-pass`.
const MODEL2_ZST: &[u8] = include_bytes!("../../data/model2.bin.zst");

/// The loaded extraction models, shared by all threads of a process.
#[derive(Debug)]
pub struct Extractor {
    model: Model,
    model2: Option<Model>,
    pub(super) gaz: Gazetteer,
}

/// Why the extraction models could not be loaded. Cloneable, because the one load of a
/// process answers every caller.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExtractError {
    /// The shipped model data is corrupt.
    #[error("corrupt model data: {0}")]
    Model(#[source] Arc<ModelError>),
    /// The shipped gazetteer data is corrupt.
    #[error("corrupt gazetteer data: {0}")]
    Gazetteer(#[source] Arc<GazetteerError>),
}

static SHARED: OnceLock<Result<Extractor, ExtractError>> = OnceLock::new();

impl Extractor {
    /// The process-wide extractor, loaded on first use.
    pub fn shared() -> Result<&'static Extractor, ExtractError> {
        SHARED
            .get_or_init(|| {
                let err = |e| ExtractError::Model(Arc::new(e));
                let model = Model::from_zst(MODEL_ZST).map_err(err)?;
                let model2 = Model::from_zst_opt(MODEL2_ZST).map_err(err)?;
                let gaz = Gazetteer::shipped().map_err(|e| ExtractError::Gazetteer(Arc::new(e)))?;
                Ok(Extractor { model, model2, gaz })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// An extractor from parts (training and evaluation use freshly built ones).
    pub fn from_parts(model: Model, model2: Option<Model>, gaz: Gazetteer) -> Extractor {
        Extractor { model, model2, gaz }
    }

    /// Tokens and labels, with the document-level second pass when a model for it is loaded.
    fn label(&self, text: &str) -> (Vec<Tok>, Vec<Label>) {
        let toks = tokenize::tokenize(text);
        let labels = match &self.model2 {
            None => self.model.tag(text, &toks, &self.gaz),
            Some(m2) => self.model.tag_two_pass(m2, text, &toks, &self.gaz),
        };
        (toks, labels)
    }

    /// Adds the people and places found in the article's text to those it already has.
    pub fn enrich(&self, article: &mut Article) {
        let text = article.text();
        let ents = self.extract(&text);
        for p in ents.people {
            article.add_person(&p.name);
        }
        for p in ents.places {
            article.add_place(p.place);
        }
    }

    /// The tagger's raw entity spans (all four kinds, before any repair), as byte ranges.
    pub fn spans(&self, text: &str) -> Vec<TextSpan> {
        let (toks, labels) = self.label(text);
        spans(&labels, &toks)
            .into_iter()
            .map(|s| TextSpan {
                kind: s.kind,
                start: toks[s.first].start,
                end: toks[s.last].end,
            })
            .collect()
    }

    /// Finds the people and places in `text`; offsets are bytes into `text`.
    pub fn extract(&self, text: &str) -> Entities {
        let (toks, labels) = self.label(text);
        let spans = fix_spans(text, &toks, spans(&labels, &toks), &self.gaz);
        let mut per = Vec::new();
        let mut memo: HashMap<String, (bool, usize)> = HashMap::new();
        let mut loc = Vec::new();
        for span in spans {
            let toks = &toks[span.first..=span.last];
            match span.kind {
                EntityKind::Per => {
                    if let Some(x) = person_span(text, toks, &self.gaz, &mut memo) {
                        per.push(x);
                    }
                }
                EntityKind::Loc => {
                    let (s, e) = (toks[0].start, toks[toks.len() - 1].end);
                    let name = clean(text.get(s..e).unwrap_or(""));
                    if !name.is_empty() && !not_a_place(&name) {
                        loc.push((name, s, e));
                    }
                }
                EntityKind::Org | EntityKind::Misc => {}
            }
        }
        Entities {
            people: fold_people(per),
            places: resolve_mentions(&self.gaz, loc),
        }
    }
}
