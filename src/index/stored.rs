//! A stored document read straight into its [`Article`], for the reads on a search's path
//! (the page of hits, its copy checks, each hit's other copies).
//!
//! `searcher.doc::<TantivyDocument>()` deserialises every value into an owned `String` and
//! then copies it into `CompactDoc`'s arena; [`from_document`](super::document::from_document)
//! copies each text out again. On chronam-1916's long OCR pages those copies were a third of a
//! search's instructions (callgrind, 2026-12-02: 162 M of 526 M for 39 requests). [`StoredDoc`]
//! keeps the deserialised values as they come, and [`StoredDoc::into_article`] moves them
//! into the record, so each text is copied once, out of the decompressed block.

use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, OwnedValue};

use super::Fields;
use super::analyzer::strip_lang_marker;
use super::document::{facet_to_path, timestamp_to_day};
use crate::article::{Article, Place};

/// A stored document's fields and values, in stored order.
#[derive(Debug, Default)]
pub struct StoredDoc(Vec<(Field, OwnedValue)>);

impl DocumentDeserialize for StoredDoc {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some(fv) = deserializer.next_field::<OwnedValue>()? {
            values.push(fv);
        }
        Ok(StoredDoc(values))
    }
}

impl FromIterator<(Field, OwnedValue)> for StoredDoc {
    fn from_iter<I: IntoIterator<Item = (Field, OwnedValue)>>(iter: I) -> Self {
        StoredDoc(iter.into_iter().collect())
    }
}

impl StoredDoc {
    /// The article, as [`from_document`](super::document::from_document) reads it from a
    /// `TantivyDocument` (the same record; `tests` checks they agree), the values moved.
    pub fn into_article(self, fields: &Fields) -> Article {
        let mut a = Article::default();
        let mut place_names: Vec<String> = Vec::new();
        let mut place_paths: Vec<String> = Vec::new();
        // The first value of a single-valued field, as `get_first` reads it.
        fn first(slot: &mut Option<String>, s: String) {
            if slot.is_none() {
                *slot = Some(unmarked(s));
            }
        }
        let (mut id, mut path, mut title, mut lede, mut body) = (None, None, None, None, None);
        let mut date = None;
        for (f, v) in self.0 {
            match v {
                OwnedValue::Str(s) => {
                    if f == fields.id {
                        first(&mut id, s);
                    } else if f == fields.path {
                        first(&mut path, s);
                    } else if f == fields.url {
                        first(&mut a.url, s);
                    } else if f == fields.source {
                        first(&mut a.source, s);
                    } else if f == fields.title {
                        first(&mut title, s);
                    } else if f == fields.lede {
                        first(&mut lede, s);
                    } else if f == fields.body {
                        first(&mut body, s);
                    } else if f == fields.section {
                        first(&mut a.section, s);
                    } else if f == fields.language {
                        first(&mut a.language, s);
                    } else if f == fields.authors {
                        a.authors.push(s);
                    } else if f == fields.people {
                        a.people.push(s);
                    } else if f == fields.places {
                        place_names.push(s);
                    } else if f == fields.credit {
                        a.credit.push(s);
                    }
                }
                OwnedValue::Facet(facet) if f == fields.place_paths => {
                    place_paths.push(facet_to_path(facet.encoded_str()));
                }
                // The first date only, as `get_first` reads it (an undecodable one is none).
                OwnedValue::Date(d) if f == fields.date && date.is_none() => {
                    date = Some(timestamp_to_day(d.into_timestamp_secs()));
                }
                OwnedValue::U64(n) if f == fields.cluster && a.cluster.is_none() => {
                    a.cluster = Some(crate::dedup::ClusterId(n));
                }
                _ => {}
            }
        }
        a.date = date.flatten();
        a.id = id.unwrap_or_default();
        a.path = path.unwrap_or_default();
        a.title = title.unwrap_or_default();
        a.lede = lede.unwrap_or_default();
        a.body = body.unwrap_or_default();
        a.places = place_names
            .into_iter()
            .zip(place_paths)
            .map(|(name, path)| Place { name, path })
            .collect();
        a
    }
}

/// `s` without its language marker (see [`strip_lang_marker`]), in place.
fn unmarked(mut s: String) -> String {
    let cut = s.len() - strip_lang_marker(&s).len();
    if cut > 0 {
        s.drain(..cut);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::document::{from_document, to_document};
    use crate::index::schema::build_schema;
    use tantivy::schema::document::Document;

    #[test]
    fn reads_the_same_article_as_from_document() {
        let schema = build_schema();
        let fields = Fields::new(&schema).unwrap();
        let mut a = Article {
            id: "x1".into(),
            path: "/a/b.txt".into(),
            url: Some("https://example.org/x".into()),
            title: "Blinken in Riyadh".into(),
            lede: "The standfirst.".into(),
            body: "Body.".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 5),
            source: Some("The New York Times".into()),
            section: Some("World".into()),
            language: Some("de".into()),
            authors: vec!["A. Writer".into(), "B. Writer".into()],
            ..Default::default()
        };
        a.add_person("Antony Blinken");
        a.add_place(
            crate::article::Place::from_components(&["Asia", "Saudi Arabia", "Riyadh"]).unwrap(),
        );
        a.add_place(crate::article::Place::from_components(&["Europe", "Germany"]).unwrap());
        a.credit = vec!["Associated Press".into(), "Reuters".into()];
        a.cluster = Some(crate::dedup::ClusterId(u64::MAX - 3));
        for article in [a, Article::default()] {
            let doc = to_document(&article, &fields, 7);
            let stored: StoredDoc = doc
                .iter_fields_and_values()
                .map(|(f, v)| (f, OwnedValue::from(v)))
                .collect();
            assert_eq!(stored.into_article(&fields), from_document(&doc, &fields));
        }
    }
}
