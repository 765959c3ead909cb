//! The `opensearch` export: the index body (`mapping.json`: settings and mappings, for
//! `PUT /INDEX`) and `_bulk` files, each document preceded by its `index` action line. It suits
//! Elasticsearch as well (7.x and later take the same body and bulk lines).
//!
//! Mapping choices: title, lede and body use the `english` analyzer (stemming and stop words,
//! close to newsdex's `lang_stem` for English); names, ids, sources and paths are `keyword` (exact values,
//! for filters and terms aggregations); `place_paths` also has a `tree` sub-field analysed by
//! a path-hierarchy tokenizer, so a query on `/Asia` finds Riyadh as `--place Asia` does.

use serde_json::{Value, json};

use crate::article::Article;
use crate::index::schema::{FieldKind, spec};

/// OpenSearch refuses `_id`s longer than this many bytes; longer ids are left to the engine to
/// assign (the `id` field still carries ours, and duplicates were already removed).
pub const MAX_ID_BYTES: usize = 512;

/// Appends the action line and the document for `a` to `buf`.
pub fn write_record(buf: &mut Vec<u8>, index: &str, a: &Article) -> serde_json::Result<()> {
    let action = if a.id.len() <= MAX_ID_BYTES {
        json!({"index": {"_index": index, "_id": a.id}})
    } else {
        json!({"index": {"_index": index}})
    };
    serde_json::to_writer(&mut *buf, &action)?;
    buf.push(b'\n');
    serde_json::to_writer(&mut *buf, &a.with_rfc3339_dates())?;
    buf.push(b'\n');
    Ok(())
}

/// The mapping of one schema field.
fn property(name: &str, kind: FieldKind, tokenizer: Option<&str>) -> Value {
    match (kind, tokenizer) {
        (FieldKind::Date, _) => json!({"type": "date", "format": "strict_date_optional_time"}),
        (FieldKind::Facet, _) => json!({
            "type": "keyword",
            "fields": {"tree": {"type": "text", "analyzer": "place_path", "search_analyzer": "keyword"}}
        }),
        (_, Some("raw")) if name == "url" || name == "path" => {
            // Long URLs must not fail a document: keyword values over 32 kB are refused.
            json!({"type": "keyword", "ignore_above": 4096})
        }
        (_, Some("raw")) => json!({"type": "keyword"}),
        // Stored numbers are story ids, written as 16 hex digits: keywords, for `collapse`.
        (FieldKind::U64, _) => json!({"type": "keyword"}),
        // OpenSearch has no per-document stemmer choice: English, the most common language.
        (_, Some("lang_stem")) => json!({"type": "text", "analyzer": "english"}),
        // Bylines: searchable words, and exact names for aggregations.
        _ => json!({"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 256}}}),
    }
}

/// The body of `PUT /INDEX`: analysis settings and the strict mapping of every stored field.
pub fn index_body() -> String {
    let mut props = serde_json::Map::new();
    for f in spec().fields.iter().filter(|f| f.stored) {
        props.insert(
            f.name.clone(),
            property(&f.name, f.kind, f.tokenizer.as_deref()),
        );
    }
    props.insert("original".into(), json!({"type": "boolean"}));
    let body = json!({
        "settings": {
            "analysis": {
                "tokenizer": {"place_path": {"type": "path_hierarchy", "delimiter": "/"}},
                "analyzer": {"place_path": {"type": "custom", "tokenizer": "place_path"}}
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": props
        }
    });
    let mut s = serde_json::to_string_pretty(&body).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_has_every_field() {
        let v: Value = serde_json::from_str(&index_body()).unwrap();
        let props = v["mappings"]["properties"].as_object().unwrap();
        for f in super::super::exported_fields() {
            assert!(props.contains_key(f), "{f}");
        }
        assert_eq!(props["title"]["analyzer"], "english");
        assert_eq!(props["people"]["type"], "keyword");
        assert_eq!(props["place_paths"]["type"], "keyword");
        assert_eq!(props["date"]["type"], "date");
    }

    #[test]
    fn bulk_pairs() {
        let a = Article {
            id: "x\"1".into(),
            title: "T".into(),
            ..Default::default()
        };
        let mut buf = Vec::new();
        write_record(&mut buf, "newsdex", &a).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let action: Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(action["index"]["_id"], "x\"1");
        assert_eq!(action["index"]["_index"], "newsdex");
    }
}
