//! newsdex's own article records read back: the NDJSON that `newsdex export --format ndjson`
//! writes (or one record, or an array of them, as JSON), recognised by the `place_paths` key
//! that only a newsdex record has.
//!
//! A record is the [`Article`] record form, so it is read by the article's own deserialiser.
//! Every field is already what newsdex made of the original file, so none of the clean-ups of
//! the JSON reader runs again (they are not all idempotent: the URL date would override a date
//! the original format stated, a leading "Source:" paragraph would be cut twice), places keep
//! their paths, and the file's format, [`super::Format::Record`], tells the indexer that the people
//! and places are final: extraction does not run again, so a round trip keeps exactly the
//! exported entities. The path stays the export file's: it is the key for incremental
//! re-indexing.

use serde_json::{Map, Value};

use super::json::ObjectError;
use super::{FileContext, IngestError, Parsed, dates, json};
use crate::article::{Article, opt_date};

/// The key only a newsdex record has (even as `[]`).
pub const MARKER: &str = "place_paths";

/// Whether `content` (JSON or JSON lines) is a file of newsdex records: its first object has
/// the [`MARKER`] key.
pub fn looks_like_records(content: &[u8]) -> bool {
    // Nearly every JSON file is not one: a byte search settles those.
    let quoted = format!("\"{MARKER}\"");
    if memchr::memmem::find(content, quoted.as_bytes()).is_none() {
        return false;
    }
    let has_marker = |v: &Value| match v {
        Value::Object(o) => o.contains_key(MARKER),
        Value::Array(items) => items
            .iter()
            .find_map(|i| i.as_object())
            .is_some_and(|o| o.contains_key(MARKER)),
        _ => false,
    };
    match first_line_object(content) {
        Some(v) => has_marker(&v),
        None => serde_json::from_slice::<Value>(content).is_ok_and(|v| has_marker(&v)),
    }
}

/// The first non-blank line as a JSON object, when it is one whole (a JSON-lines file).
fn first_line_object(content: &[u8]) -> Option<Value> {
    let line = content
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))?;
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    serde_json::from_slice::<Value>(line)
        .ok()
        .filter(Value::is_object)
}

/// Parses a file of records: one per line, or one JSON value (a record or an array of them).
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    if first_line_object(bytes).is_some() {
        json::parse_jsonl_with(ctx, bytes, article)
    } else {
        json::parse_json_with(ctx, bytes, article)
    }
}

/// [`parse`], handing each record to `emit` as soon as it is read (see [`json::each_json`]);
/// returns the skipped items.
pub fn each(
    ctx: &FileContext,
    bytes: &[u8],
    emit: &mut dyn FnMut(Article),
) -> Result<Vec<String>, IngestError> {
    if first_line_object(bytes).is_some() {
        json::each_jsonl(ctx, bytes, article, emit)
    } else {
        json::each_json(ctx, bytes, article, emit)
    }
}

/// One record as an [`Article`]; see the module comment.
fn article(
    ctx: &FileContext,
    mut obj: Map<String, Value>,
    n: usize,
    many: bool,
    skipped: &mut Vec<String>,
    prefix: &str,
) -> Result<Article, ObjectError> {
    // A date that does not parse leaves the article undated, with a note, as in every reader.
    if let Some(v) = obj.get("date").filter(|v| !v.is_null()) {
        let day = v
            .as_str()
            .and_then(opt_date::parse)
            .or_else(|| dates::parse_date_value(v));
        let fixed = match day {
            Some(d) => Value::String(d.format("%Y-%m-%d").to_string()),
            None => {
                skipped.push(format!(
                    "{prefix}unparseable date {v} (article kept without a date)"
                ));
                Value::Null
            }
        };
        obj.insert("date".into(), fixed);
    }
    let mut a: Article = serde_json::from_value(Value::Object(obj))?;
    if a.title.is_empty() && a.lede.is_empty() && a.body.is_empty() {
        return Err(ObjectError::EmptyRecord);
    }
    a.path = ctx.path_str.clone();
    if a.id.is_empty() {
        a.id = ctx.fallback_id(n, many);
    }
    // As every reader does: one entry per person (ignoring case) and per place path.
    let (people, places) = (std::mem::take(&mut a.people), std::mem::take(&mut a.places));
    for p in &people {
        a.add_person(p);
    }
    for p in places {
        a.add_place(p);
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use super::*;
    use chrono::NaiveDate;
    use std::path::Path;

    fn ctx() -> FileContext {
        FileContext::new(Path::new("/x/a.json"))
    }

    #[test]
    fn exported_records_are_read_verbatim() {
        let j = br#"{"id": "x1", "path": "/orig/a.txt", "url": "https://e.com/2020/01/02/world/x",
            "source": "CNN", "title": "T | CNN", "lede": "L", "body": "Source: X\n\nB",
            "authors": ["By A"], "section": "World", "language": "en",
            "date": "2024-02-05T00:00:00Z", "people": ["Antony Blinken"],
            "places": ["Riyadh", "Red Sea"], "place_paths": ["/Asia/Saudi Arabia/Riyadh", "/Red Sea"]}"#;
        assert!(looks_like_records(j));
        let opts = super::super::ReadOptions::default();
        let p = super::super::parse_bytes(&ctx(), "json", j, &opts).unwrap();
        let a = &p.articles[0];
        assert_eq!(p.format, Format::Record);
        assert_eq!(a.id, "x1");
        assert_eq!(a.path, "/x/a.json");
        assert_eq!(a.title, "T | CNN");
        assert_eq!(a.body, "Source: X\n\nB");
        assert_eq!(a.authors, ["By A"]);
        assert_eq!(a.section.as_deref(), Some("World"));
        // The stated date, not the URL's.
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 2, 5));
        assert_eq!(a.people, ["Antony Blinken"]);
        assert_eq!(a.places[0].path, "/Asia/Saudi Arabia/Riyadh");
        assert_eq!(a.places[0].name, "Riyadh");
        assert_eq!(a.places[1].path, "/Red Sea");
        let empty = super::super::parse_bytes(
            &ctx(),
            "jsonl",
            br#"{"title": "t", "date": null, "place_paths": []}"#,
            &opts,
        )
        .unwrap();
        assert_eq!(empty.format, Format::Record);
        assert_eq!(empty.articles[0].date, None);
        assert!(empty.articles[0].places.is_empty());
        assert!(empty.skipped.is_empty());
    }

    #[test]
    fn bad_records_are_skipped_with_a_reason() {
        let j = b"{\"title\": \"a\", \"place_paths\": [], \"date\": \"someday\"}\n\
                  {\"title\": 3, \"place_paths\": []}\n\
                  {\"place_paths\": []}\n\
                  {\"body\": \"b\", \"place_paths\": [], \"date\": 1707127200}\n";
        let p = parse(&ctx(), j).unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[0].date, None);
        assert_eq!(p.articles[0].id, "/x/a.json#1");
        assert_eq!(p.articles[1].date, NaiveDate::from_ymd_opt(2024, 2, 5));
        assert_eq!(p.articles[1].id, "/x/a.json#2");
        assert_eq!(p.skipped.len(), 3, "{:?}", p.skipped);
        assert!(p.skipped[0].starts_with("line 1: unparseable date"));
        assert!(p.skipped[1].starts_with("line 2: not a newsdex record: invalid type"));
        assert_eq!(
            p.skipped[2],
            "line 3: no title, lede or body in an exported record"
        );
    }

    #[test]
    fn plain_json_is_not_a_record() {
        assert!(!looks_like_records(
            br#"{"title": "t", "places": ["/A/B"]}"#
        ));
        assert!(!looks_like_records(
            br#"{"title": "t", "body": "\"place_paths\""}"#
        ));
        assert!(looks_like_records(
            br#"[{"title": "t", "place_paths": ["/A"]}, {"title": "u"}]"#
        ));
    }
}
