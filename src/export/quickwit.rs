//! The `quickwit` export: an index config (`index-config.yaml`, format version 0.8) built from
//! the schema file, and the documents as NDJSON for `quickwit index ingest` or the ingest API.
//!
//! The mapping follows the newsdex schema field by field, so searching in Quickwit behaves as
//! close to newsdex as Quickwit allows: the same tantivy tokenizers (`en_stem` with positions
//! for title, lede and body; `raw` for names and ids), `date` as the timestamp field (Quickwit
//! prunes splits by time with it), fast fields where newsdex has them (aggregations need them).

use std::fmt::Write as _;

use serde::Serialize;

use crate::article::{Article, Rfc3339Dates};
use crate::index::schema::{FieldKind, FieldSpec, spec};

use super::ARRAY_FIELDS;

/// The extra field the Quickwit documents carry: every ancestor of every place path, since
/// Quickwit has no path tokenizer.
pub const PLACE_TREE: &str = "place_tree";

/// One Quickwit document: the record, then [`PLACE_TREE`].
#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    record: Rfc3339Dates<'a>,
    /// Every ancestor of every place path, for Quickwit, which has no path tokenizer: a term
    /// query on `/Asia` then finds Riyadh too.
    place_tree: Vec<String>,
}

/// Appends the document for `a` (with its newline) to `buf`.
pub fn write_record(buf: &mut Vec<u8>, a: &Article) -> serde_json::Result<()> {
    let paths: Vec<&str> = a.places.iter().map(|p| p.path.as_str()).collect();
    let doc = Document {
        record: a.with_rfc3339_dates(),
        place_tree: place_tree(&paths),
    };
    serde_json::to_writer(&mut *buf, &doc)?;
    buf.push(b'\n');
    Ok(())
}

/// Every ancestor of every path, each once, most general first within a path.
pub fn place_tree(paths: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in paths {
        let mut prefix = String::new();
        for c in p.split('/').filter(|c| !c.is_empty()) {
            prefix.push('/');
            prefix.push_str(c);
            if !out.contains(&prefix) {
                out.push(prefix.clone());
            }
        }
    }
    out
}

/// A YAML scalar: JSON strings are valid YAML double-quoted scalars.
fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The index config for index `name`.
pub fn index_config(name: &str) -> String {
    let mut y = String::new();
    // Writing into a String cannot fail.
    let _ = writeln!(
        y,
        "# Quickwit index config written by `newsdex export --format quickwit`.\n\
         # Create the index with: quickwit index create --index-config index-config.yaml\n\
         version: 0.8\n\
         index_id: {name}\n\
         doc_mapping:\n  \
           mode: strict\n  \
           field_mappings:"
    );
    for f in spec().fields.iter().filter(|f| f.stored) {
        field_mapping(&mut y, f);
    }
    let _ = writeln!(
        y,
        "    - name: {PLACE_TREE}\n      \
               type: array<text>\n      \
               description: {}\n      \
               tokenizer: raw\n      \
               fast: true\n      \
               stored: false",
        quoted(
            "Every ancestor of every place path: place_tree:\"/Asia/Saudi Arabia\" finds Riyadh too."
        )
    );
    let _ = writeln!(
        y,
        "    - name: original\n      \
               type: bool\n      \
               fast: true\n      \
               description: {}",
        quoted("Whether the article is the earliest copy of its story (its cluster).")
    );
    let _ = writeln!(
        y,
        "  timestamp_field: date\n\
         search_settings:\n  \
           default_search_fields: [title, lede, body]\n\
         indexing_settings:\n  \
           commit_timeout_secs: 30"
    );
    y
}

fn field_mapping(y: &mut String, f: &FieldSpec) {
    let array = ARRAY_FIELDS.contains(&f.name.as_str());
    let _ = writeln!(y, "    - name: {}", f.name);
    match f.kind {
        FieldKind::Date => {
            let _ = writeln!(
                y,
                "      type: datetime\n      \
                       input_formats: [rfc3339]\n      \
                       output_format: rfc3339\n      \
                       fast_precision: seconds\n      \
                       indexed: true\n      \
                       fast: true"
            );
        }
        // Facets (place paths) become raw strings: Quickwit has no facet type, and
        // `place_tree` gives the hierarchy.
        FieldKind::Facet => {
            let _ = writeln!(
                y,
                "      type: array<text>\n      tokenizer: raw\n      fast: true"
            );
        }
        // Stored numbers are story ids, which records write as 16 hex digits (JavaScript
        // clients cannot hold every 64-bit integer): exact strings, for `collapse`.
        FieldKind::U64 => {
            let _ = writeln!(
                y,
                "      type: text\n      tokenizer: raw\n      fast: true"
            );
        }
        _ => {
            // Quickwit knows tantivy's built-in analyzers only: English stemming is the
            // closest to newsdex's per-language `lang_stem`.
            let tokenizer = match f.tokenizer.as_deref().unwrap_or("default") {
                crate::index::analyzer::LANG_STEM => "en_stem",
                t => t,
            };
            let ty = if array { "array<text>" } else { "text" };
            let _ = writeln!(y, "      type: {ty}\n      tokenizer: {tokenizer}");
            if tokenizer != "raw" {
                let _ = writeln!(y, "      record: position\n      fieldnorms: true");
            }
            if f.fast {
                let _ = writeln!(y, "      fast: true");
            }
        }
    }
    let _ = writeln!(y, "      description: {}", quoted(&f.doc));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_of_paths() {
        let t = place_tree(&[
            "/Asia/Saudi Arabia/Riyadh",
            "/Asia/Saudi Arabia/Jeddah",
            "/Red Sea",
        ]);
        assert_eq!(
            t,
            [
                "/Asia",
                "/Asia/Saudi Arabia",
                "/Asia/Saudi Arabia/Riyadh",
                "/Asia/Saudi Arabia/Jeddah",
                "/Red Sea"
            ]
        );
    }

    #[test]
    fn config_maps_every_field() {
        let y = index_config("newsdex");
        for f in super::super::exported_fields() {
            assert!(y.contains(&format!("- name: {f}\n")), "{f} missing:\n{y}");
        }
        assert!(y.contains("mode: strict"));
        assert!(y.contains("timestamp_field: date"));
        assert!(y.contains("- name: people\n      type: array<text>\n      tokenizer: raw\n"));
        assert!(y.contains("tokenizer: en_stem\n      record: position"));
    }
}
