//! The index schema: read from the versioned `schema/schema.json` embedded in the binary.
//!
//! Keeping the schema in a readable file (rather than in code) lets users and other tools see
//! exactly what is indexed and how, and makes a version bump a visible, reviewable change.

use serde::Deserialize;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, INDEXED, IndexRecordOption,
    NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

/// The schema file, as shipped.
pub const SCHEMA_JSON: &str = include_str!("../../schema/schema.json");

/// One field of the schema file.
#[derive(Debug, Clone, Deserialize)]
pub struct FieldSpec {
    /// Field name in the index.
    pub name: String,
    /// `text`, `u64`, `date` or `facet`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Tokenizer for text fields (`raw`, `default`, `lang_stem`).
    #[serde(default)]
    pub tokenizer: Option<String>,
    /// Whether the value is kept in the document store.
    #[serde(default)]
    pub stored: bool,
    /// Whether the field has a columnar (fast) copy.
    #[serde(default)]
    pub fast: bool,
    /// Whether a text field records positions (needed for phrase queries and snippets).
    #[serde(default)]
    pub positions: bool,
    /// Whether a date field is indexed for range queries.
    #[serde(default)]
    pub indexed: bool,
    /// Ranking weight when the field is searched by default.
    #[serde(default)]
    pub boost: Option<f32>,
    /// What the field holds, for readers of the schema file.
    #[serde(default)]
    pub doc: String,
}

/// The schema file as a whole.
#[derive(Debug, Clone, Deserialize)]
pub struct SchemaSpec {
    /// Schema version; an index records the version it was written with.
    pub version: u32,
    /// The fields, in order.
    pub fields: Vec<FieldSpec>,
}

/// The schema version of this binary.
pub fn schema_version() -> u32 {
    spec().version
}

/// The parsed schema file. It is part of the binary, so a parse failure is a build defect,
/// caught by the unit test below.
pub fn spec() -> &'static SchemaSpec {
    static SPEC: std::sync::OnceLock<SchemaSpec> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        serde_json::from_str(SCHEMA_JSON).expect("schema/schema.json is embedded and valid")
    })
}

/// Builds the tantivy schema from the schema file.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    for f in &spec().fields {
        match f.kind.as_str() {
            "text" => {
                let tokenizer = f.tokenizer.as_deref().unwrap_or("default");
                let record = if f.positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else if tokenizer == "raw" {
                    IndexRecordOption::Basic
                } else {
                    IndexRecordOption::WithFreqs
                };
                let mut opts = TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(tokenizer)
                        .set_index_option(record)
                        .set_fieldnorms(tokenizer != "raw"),
                );
                if f.stored {
                    opts = opts.set_stored();
                }
                if f.fast {
                    opts = opts.set_fast("raw");
                }
                b.add_text_field(&f.name, opts);
            }
            "u64" => {
                let mut opts = NumericOptions::default();
                if f.fast {
                    opts = opts.set_fast();
                }
                if f.stored {
                    opts = opts.set_stored();
                }
                if f.indexed {
                    opts = opts | INDEXED;
                }
                b.add_u64_field(&f.name, opts);
            }
            "date" => {
                let mut opts = DateOptions::default().set_precision(DateTimePrecision::Seconds);
                if f.fast {
                    opts = opts.set_fast();
                }
                if f.stored {
                    opts = opts.set_stored();
                }
                if f.indexed {
                    opts = opts.set_indexed();
                }
                b.add_date_field(&f.name, opts);
            }
            "facet" => {
                let mut opts = FacetOptions::default();
                if f.stored {
                    opts = opts.set_stored();
                }
                b.add_facet_field(&f.name, opts);
            }
            other => panic!("schema/schema.json: unknown field type {other:?}"),
        }
    }
    b.build()
}

/// Handles of every field, resolved once.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub file_sig: Field,
    pub url: Field,
    pub source: Field,
    pub title: Field,
    pub lede: Field,
    pub body: Field,
    pub authors: Field,
    pub section: Field,
    pub language: Field,
    pub date: Field,
    pub date_facet: Field,
    pub people: Field,
    pub places: Field,
    pub place_paths: Field,
}

impl Fields {
    /// Resolves the handles in `schema`; fails if a field newsdex needs is missing.
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f("id")?,
            path: f("path")?,
            file_sig: f("file_sig")?,
            url: f("url")?,
            source: f("source")?,
            title: f("title")?,
            lede: f("lede")?,
            body: f("body")?,
            authors: f("authors")?,
            section: f("section")?,
            language: f("language")?,
            date: f("date")?,
            date_facet: f("date_facet")?,
            people: f("people")?,
            places: f("places")?,
            place_paths: f("place_paths")?,
        })
    }

    /// The fields searched by words without a field prefix, with their ranking weights.
    pub fn default_search(&self) -> [(Field, f32); 3] {
        let boost = |name: &str| {
            spec()
                .fields
                .iter()
                .find(|f| f.name == name)
                .and_then(|f| f.boost)
                .unwrap_or(1.0)
        };
        [
            (self.title, boost("title")),
            (self.lede, boost("lede")),
            (self.body, boost("body")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_file_builds_and_has_every_field() {
        let schema = build_schema();
        let fields = Fields::new(&schema).unwrap();
        assert_eq!(schema.num_fields(), spec().fields.len());
        assert!(spec().fields.iter().all(|f| !f.doc.is_empty()));
        let [(t, tb), _, (b, bb)] = fields.default_search();
        assert_eq!((t, b), (fields.title, fields.body));
        assert!(tb > bb);
    }
}
