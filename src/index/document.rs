//! Articles ↔ tantivy documents: the index's copy of the [`Article`] record.
//!
//! The only place that knows which article field goes to which index field; adding a field to
//! the record means a line in each direction here and an entry in `schema/schema.json`.

use chrono::{Datelike, NaiveDate};
use tantivy::schema::{Facet, OwnedValue};
use tantivy::{DateTime, TantivyDocument};

use super::Fields;
use super::analyzer::with_lang_marker;
use crate::article::Article;

/// Seconds since the epoch of a day's midnight (UTC), the value stored in the date field.
pub fn day_to_timestamp(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0)
}

/// The day of a stored timestamp.
pub fn timestamp_to_day(secs: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}

/// Builds the document for `article`, read from a file with signature `file_sig`.
pub fn to_document(article: &Article, fields: &Fields, file_sig: u64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, &article.path);
    doc.add_u64(fields.file_sig, file_sig);
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    // The language marker tells the analyzer which stemmer to use (index/analyzer.rs).
    let lang = article.language.as_deref();
    doc.add_text(fields.title, with_lang_marker(lang, &article.title));
    doc.add_text(fields.lede, with_lang_marker(lang, &article.lede));
    doc.add_text(fields.body, with_lang_marker(lang, &article.body));
    for a in &article.authors {
        doc.add_text(fields.authors, a);
    }
    if let Some(s) = &article.section {
        doc.add_text(fields.section, s);
    }
    if let Some(l) = &article.language {
        doc.add_text(fields.language, l);
    }
    if let Some(d) = article.date {
        doc.add_date(
            fields.date,
            DateTime::from_timestamp_secs(day_to_timestamp(d)),
        );
        doc.add_facet(
            fields.date_facet,
            Facet::from_path([
                format!("{:04}", d.year()),
                format!("{:02}", d.month()),
                format!("{:02}", d.day()),
            ]),
        );
    }
    for p in &article.people {
        doc.add_text(fields.people, p);
    }
    for p in &article.places {
        doc.add_text(fields.places, &p.name);
        doc.add_facet(fields.place_paths, Facet::from_path(p.components()));
    }
    // What the archive level reads across articles: titles before names, word case.
    let places: Vec<&str> = article.places.iter().map(|p| p.name.as_str()).collect();
    let ev =
        crate::entities::evidence::of(&article.people, &places, &[&article.lede, &article.body]);
    for k in &ev.person_keys {
        doc.add_text(fields.person_keys, k);
    }
    for w in &ev.name_case {
        doc.add_text(fields.name_case, w);
    }
    for c in &article.credit {
        doc.add_text(fields.credit, c);
    }
    if let Some(c) = article.cluster {
        doc.add_u64(fields.cluster, c.0);
    }
    doc
}

/// Adds what later copies find the article by: its document key and its LSH band keys (see
/// [`crate::dedup`]); not part of the record, so not read back.
pub fn add_copy_keys(doc: &mut TantivyDocument, fields: &Fields, doc_key: u64, bands: &[u64]) {
    doc.add_u64(fields.doc_key, doc_key);
    for &b in bands {
        doc.add_u64(fields.dup_bands, b);
    }
}

/// Decodes a facet value as stored (components separated by NUL) into `/a/b/c`.
pub fn facet_to_path(encoded: &str) -> String {
    let mut s = String::with_capacity(encoded.len() + 1);
    for c in encoded.split('\0') {
        s.push('/');
        s.push_str(c);
    }
    s
}

/// Reads a stored document back into its [`Article`] (what `/api/articles/{id}`, search hits
/// and `export` start from). Names and paths were added pairwise by [`to_document`], so they
/// pair up again.
pub fn from_document(doc: &TantivyDocument, fields: &Fields) -> Article {
    // One reader of stored values: the search path's (`StoredDoc`), fed the document's values.
    doc.field_values()
        .map(|(f, v)| (f, OwnedValue::from(v)))
        .collect::<super::stored::StoredDoc>()
        .into_article(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Place;
    use crate::index::schema::build_schema;

    #[test]
    fn round_trip() {
        let schema = build_schema();
        let fields = Fields::new(&schema).unwrap();
        let mut a = Article {
            id: "x1".into(),
            path: "/a/b.txt".into(),
            title: "Blinken in Riyadh".into(),
            body: "Body.".into(),
            date: NaiveDate::from_ymd_opt(2024, 2, 5),
            source: Some("The New York Times".into()),
            ..Default::default()
        };
        a.add_person("Antony Blinken");
        a.add_place(Place::from_components(&["Asia", "Saudi Arabia", "Riyadh"]).unwrap());
        a.credit = vec!["Associated Press".into(), "Reuters".into()];
        a.cluster = Some(crate::dedup::ClusterId(u64::MAX - 3));
        let doc = to_document(&a, &fields, 7);
        let back = from_document(&doc, &fields);
        assert_eq!(back.date, a.date);
        assert_eq!(back.places[0].name, "Riyadh");
        assert_eq!(back.places[0].path, "/Asia/Saudi Arabia/Riyadh");
        assert_eq!(back, a);
    }
}
