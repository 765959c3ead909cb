//! The extractor: loads the shipped models once per process and runs the per-article
//! pipeline (tokenise → tag → repair spans → people and places).

use std::sync::{Arc, OnceLock};

use super::entity::{Entities, EntityKind, Span, TextSpan};
use super::gazetteer;
use super::labels::{Label, spans};
use super::model::Model;
use super::model_file::ModelError;
use super::people::{PeopleReader, PersonMention, broken_at_line_end, clean, fold_people};
use super::places::{is_place_mention, resolve_mentions};
use super::resources::{Resources, ResourcesError};
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
    pub(super) res: Resources,
}

/// Why the extraction models could not be loaded. Cloneable, because the one load of a
/// process answers every caller.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExtractError {
    /// The shipped model data is corrupt.
    #[error("corrupt model data: {0}")]
    Model(#[source] Arc<ModelError>),
    /// The shipped word knowledge (gazetteer, clusters, statistics) is corrupt.
    #[error("{0}")]
    Resources(#[source] ResourcesError),
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
                let res = Resources::shipped().map_err(ExtractError::Resources)?;
                Ok(Extractor { model, model2, res })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// An extractor from parts (training and evaluation use freshly built ones).
    pub fn from_parts(model: Model, model2: Option<Model>, res: Resources) -> Extractor {
        Extractor { model, model2, res }
    }

    /// The gazetteer, clusters and word statistics in use.
    pub fn resources(&self) -> &Resources {
        &self.res
    }

    /// Tokens and labels, with the document-level second pass when a model for it is loaded.
    fn label(&self, text: &str) -> (Vec<Tok>, Vec<Label>) {
        let toks = tokenize::tokenize(text);
        let labels = match &self.model2 {
            None => self.model.tag(text, &toks, &self.res),
            Some(m2) => self.model.tag_two_pass(m2, text, &toks, &self.res),
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

    /// Moves to the people the "places" that are part of a person's name in the same text
    /// ("OBAMA" beside "Barack Obama"; Obama is also a town of Fukui) unless the gazetteer
    /// surely has them as places
    /// ([`super::gazetteer::Gazetteer::surely_a_place`]), and the one-word "places"
    /// that are known first names and unknown places ("Malia").
    fn people_among_places(
        &self,
        loc: Vec<(String, usize, usize)>,
        per: &mut Vec<PersonMention>,
    ) -> Vec<(String, usize, usize)> {
        let gaz = &self.res.gaz;
        let countries = gaz.countries_named(loc.iter().map(|l| l.0.as_str()));
        let names: Vec<Vec<String>> = per.iter().map(|m| name_words(&m.name)).collect();
        let mut places = Vec::with_capacity(loc.len());
        for (name, s, e) in loc {
            let words = name_words(&name);
            let in_name = names.iter().any(|n| holds_run(n, &words));
            let first_name = words.len() == 1
                && name.chars().next().is_some_and(char::is_uppercase)
                && gaz.token_flags(&words[0]) & gazetteer::FIRST != 0;
            let to_person = (in_name && !gaz.surely_a_place(&name, &countries))
                || (first_name && !gaz.knows(&name));
            if to_person {
                per.push(PersonMention {
                    name,
                    start: s,
                    end: e,
                    title: String::new(),
                });
            } else {
                places.push((name, s, e));
            }
        }
        per.sort_by_key(|m| m.start);
        places
    }

    /// Moves to the places the "people" that the gazetteer surely has as places
    /// ([`super::gazetteer::Gazetteer::surely_a_place`]), that hold no known first name (nor,
    /// for one word, a known surname), carry no title and are no part of another person's
    /// name in the text: OCR text has "Denver", "El Paso" and "N. M." tagged as people.
    fn places_among_people(
        &self,
        per: Vec<PersonMention>,
        loc: &mut Vec<(String, usize, usize)>,
    ) -> Vec<PersonMention> {
        let gaz = &self.res.gaz;
        let countries = gaz.countries_named(loc.iter().map(|l| l.0.as_str()));
        let names: Vec<Vec<String>> = per.iter().map(|m| name_words(&m.name)).collect();
        let mut people = Vec::with_capacity(per.len());
        for m in per {
            let words = name_words(&m.name);
            let first = words
                .iter()
                .any(|w| gaz.token_flags(w) & gazetteer::FIRST != 0);
            let surname = words.len() == 1 && gaz.token_flags(&words[0]) & gazetteer::LAST != 0;
            let in_other = names
                .iter()
                .any(|n| n.len() > words.len() && holds_run(n, &words));
            if m.title.is_empty()
                && !first
                && !surname
                && !in_other
                && gaz.surely_a_place(&m.name, &countries)
            {
                loc.push((m.name, m.start, m.end));
            } else {
                people.push(m);
            }
        }
        loc.sort_by_key(|l| l.1);
        people
    }

    /// Finds the people and places in `text`; offsets are bytes into `text`.
    pub fn extract(&self, text: &str) -> Entities {
        let (toks, labels) = self.label(text);
        let spans = fix_spans(text, &toks, spans(&labels, &toks), &self.res);
        let mut per = Vec::new();
        let mut people = PeopleReader::new(text, &toks, &self.res);
        let mut loc = Vec::new();
        for span in spans {
            match span.kind {
                EntityKind::Per => people.read(span, &mut per),
                EntityKind::Loc => {
                    // trailing punctuation and possessives go, but the period of an
                    // abbreviation stays ("Fla.", "Pa.")
                    let mut last = span.last;
                    while last > span.first {
                        let w = text.get(toks[last].start..toks[last].end).unwrap_or("");
                        let before = text
                            .get(toks[last - 1].start..toks[last - 1].end)
                            .unwrap_or("");
                        let abbreviation = w == "." && before.chars().count() <= 4;
                        if abbreviation || !matches!(w, "." | "," | "'s" | "’s" | "'" | "’") {
                            break;
                        }
                        last -= 1;
                    }
                    let span = Span { last, ..span };
                    let (s, e) = (toks[span.first].start, toks[span.last].end);
                    let name = clean(text.get(s..e).unwrap_or(""));
                    let next = toks
                        .get(span.last + 1)
                        .filter(|t| !t.sent_start)
                        .and_then(|t| text.get(t.start..t.end))
                        .unwrap_or("");
                    let broken =
                        span.first == span.last && broken_at_line_end(text, &toks, span.last);
                    if !name.is_empty() && is_place_mention(&name, next, broken, &self.res) {
                        loc.push((name, s, e));
                    }
                }
                EntityKind::Org | EntityKind::Misc => {}
            }
        }
        let mut loc = self.people_among_places(loc, &mut per);
        let per = self.places_among_people(per, &mut loc);
        Entities {
            people: fold_people(per),
            places: resolve_mentions(&self.res.gaz, loc),
        }
    }
}

/// A name's words, lower-cased, as the two moves between people and places compare them.
fn name_words(name: &str) -> Vec<String> {
    name.split(' ').map(str::to_lowercase).collect()
}

/// True when `words` (never empty: a name has a word) stand in a row in `name`.
fn holds_run(name: &[String], words: &[String]) -> bool {
    name.windows(words.len()).any(|w| w == words)
}
