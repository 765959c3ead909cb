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

/// The type of a field in the schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Analysed or raw text.
    Text,
    /// An unsigned integer.
    U64,
    /// A day (stored as a timestamp in seconds).
    Date,
    /// A hierarchical facet (`/Asia/Saudi Arabia`).
    Facet,
}

/// One field of the schema file. An unknown key is an error, not a silent no-op.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Field name in the index.
    pub name: String,
    /// The field's type.
    #[serde(rename = "type")]
    pub kind: FieldKind,
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
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// The schema's name (`newsdex`).
    pub name: String,
    /// What the file is, for its readers.
    #[serde(default)]
    pub about: String,
    /// Schema version; an index records the version it was written with.
    pub version: u32,
    /// The fields, in order.
    pub fields: Vec<FieldSpec>,
}

/// The schema version of this binary.
pub fn schema_version() -> u32 {
    spec().version
}

/// Why a schema file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("bad schema file: {0}")]
pub struct SchemaError(#[from] serde_json::Error);

impl SchemaSpec {
    /// Reads a schema file; an unknown field type or key is an error naming it and its line.
    pub fn parse(json: &str) -> Result<SchemaSpec, SchemaError> {
        Ok(serde_json::from_str(json)?)
    }
}

/// The parsed schema file. It is part of the binary, so a parse failure is a build defect,
/// caught by the unit test below (which prints [`SchemaSpec::parse`]'s message).
pub fn spec() -> &'static SchemaSpec {
    static SPEC: std::sync::OnceLock<SchemaSpec> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| match SchemaSpec::parse(SCHEMA_JSON) {
        Ok(spec) => spec,
        Err(e) => panic!("schema/schema.json is embedded: {e}"),
    })
}

/// Builds the tantivy schema from the schema file.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    for f in &spec().fields {
        match f.kind {
            FieldKind::Text => {
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
            FieldKind::U64 => {
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
            FieldKind::Date => {
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
            FieldKind::Facet => {
                let mut opts = FacetOptions::default();
                if f.stored {
                    opts = opts.set_stored();
                }
                b.add_facet_field(&f.name, opts);
            }
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
    pub person_keys: Field,
    pub name_case: Field,
    pub places: Field,
    pub place_paths: Field,
    pub credit: Field,
    pub cluster: Field,
    pub doc_key: Field,
    pub dup_bands: Field,
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
            person_keys: f("person_keys")?,
            name_case: f("name_case")?,
            places: f("places")?,
            place_paths: f("place_paths")?,
            credit: f("credit")?,
            cluster: f("cluster")?,
            doc_key: f("doc_key")?,
            dup_bands: f("dup_bands")?,
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
    fn a_bad_schema_file_is_an_error_message() {
        let field = |extra: &str| {
            format!(r#"{{"name": "n", "version": 1, "fields": [{{"name": "x", {extra}}}]}}"#)
        };
        assert!(SchemaSpec::parse(&field(r#""type": "text""#)).is_ok());
        let e = SchemaSpec::parse(&field(r#""type": "txt""#)).unwrap_err();
        assert!(e.to_string().contains("unknown variant `txt`"), "{e}");
        let e = SchemaSpec::parse(&field(r#""type": "text", "stord": true"#)).unwrap_err();
        assert!(e.to_string().contains("unknown field `stord`"), "{e}");
    }

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
