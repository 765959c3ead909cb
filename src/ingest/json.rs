//! JSON (one article per file, or an array of them) and JSONL (one article per line).
//!
//! Scrapers and feeds name the same things differently, so fields are looked up by a list of
//! common names, case-insensitively (`title`/`headline`, `date`/`published`/`datePublished`,
//! `text`/`body`/`content`, …). Unknown fields are ignored.
//!
//! **Date rule.** When the URL carries a `/YYYY/MM/DD/` date, it wins over the date fields:
//! publishers set URL dates at publication, while scrapers often fill `date` with the crawl
//! time (every CNN file here does). Otherwise the first parseable date field is used. A date
//! field that is present but unparseable leaves the article without a date and adds a
//! one-line note to [`Parsed::skipped`]; the article itself is still emitted.
//!
//! **Exports.** Files of newsdex records (`newsdex export --format ndjson`) are not read here
//! but by [`super::record`], through the same line and array walk ([`each_json`],
//! [`each_jsonl`]).
//!
//! **Streaming.** Arrays and lines are read one element at a time and each article is handed
//! on as soon as it is built, so a file of a million small articles never sits in memory
//! whole.

use super::decode::collapse_ws;
use serde_json::{Map, Value};

use super::{FileContext, IngestError, Parsed, dates};
use crate::article::{Article, Place};

const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &[
    "date",
    "published",
    "publishing_date",
    "pubdate",
    "datepublished",
    "published_at",
    "publication_date",
    "pub_date",
];
const BODY: &[&str] = &["body", "text", "content", "article"];
const URL: &[&str] = &["url", "link"];
const AUTHOR: &[&str] = &["authors", "author", "byline"];
const PEOPLE: &[&str] = &["people", "persons"];
const PLACES: &[&str] = &["places", "locations"];
const SECTION: &[&str] = &["section", "category"];
const ID: &[&str] = &["id", "_id", "guid"];
const LANGUAGE: &[&str] = &["language", "lang"];
const SOURCE: &[&str] = &["source", "publisher"];
const LEDE: &[&str] = &["lede", "description", "summary"];

/// Why one JSON object holds no article; each renders as the one-line reason the item is
/// skipped with.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    /// An object with none of the title or text fields.
    #[error("no title or text field (keys: {keys})")]
    NoText {
        /// Its first keys (at most 12), or "none".
        keys: String,
    },
    /// A newsdex record that does not have the record's shape.
    #[error("not a newsdex record: {0}")]
    NotARecord(#[from] serde_json::Error),
    /// A newsdex record without title, lede or body.
    #[error("no title, lede or body in an exported record")]
    EmptyRecord,
}

/// Reads one JSON object into an article, or says why it holds none: `(context, object,
/// position in the file, whether the file holds several, skipped notes, message prefix)`.
pub type ReadObject = fn(
    &FileContext,
    Map<String, Value>,
    usize,
    bool,
    &mut Vec<String>,
    &str,
) -> Result<Article, ObjectError>;

/// Parses a JSON file holding one article object (or an array of them).
///
/// Invalid JSON is a [`IngestError::Malformed`] error with the line and column; an object
/// with no title or text is [`IngestError::NoArticle`]. In an array, elements that are not
/// article objects are listed in `skipped` and the others kept.
pub fn parse_json(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    parse_json_with(ctx, bytes, article)
}

/// [`parse_json`] with `read` turning each object into an article.
pub fn parse_json_with(
    ctx: &FileContext,
    bytes: &[u8],
    read: ReadObject,
) -> Result<Parsed, IngestError> {
    collect(|emit| each_json(ctx, bytes, read, emit))
}

/// Parses a JSONL file: one article object per line.
///
/// Bad lines (invalid JSON, not an object, no text) go to `skipped` as `"line N: <reason>"`
/// and the good lines are still read; only a file with no good line at all is an error.
pub fn parse_jsonl(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    parse_jsonl_with(ctx, bytes, article)
}

/// [`parse_jsonl`] with `read` turning each object into an article.
pub fn parse_jsonl_with(
    ctx: &FileContext,
    bytes: &[u8],
    read: ReadObject,
) -> Result<Parsed, IngestError> {
    collect(|emit| each_jsonl(ctx, bytes, read, emit))
}

/// The article reader of plain JSON files (for [`each_json`] and [`each_jsonl`]).
pub const ARTICLE: ReadObject = article;

/// Runs a streaming parser, collecting its articles.
fn collect(
    each: impl FnOnce(&mut dyn FnMut(Article)) -> Result<Vec<String>, IngestError>,
) -> Result<Parsed, IngestError> {
    let mut articles = Vec::new();
    let skipped = each(&mut |a| articles.push(a))?;
    Ok(Parsed {
        articles,
        skipped,
        ..Parsed::default()
    })
}

/// [`parse_json_with`], handing each article to `emit` as soon as its element is read, so
/// that an array of a million articles is never held whole (as values or as articles);
/// returns the skipped items. An error after the first article (the array is cut short)
/// comes after the complete elements before it were emitted.
pub fn each_json(
    ctx: &FileContext,
    bytes: &[u8],
    read: ReadObject,
    emit: &mut dyn FnMut(Article),
) -> Result<Vec<String>, IngestError> {
    use serde::Deserializer as _;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let malformed = |e: serde_json::Error| IngestError::Malformed {
        format: "JSON",
        detail: format!("line {} column {}: {e}", e.line(), e.column()),
    };
    let mut skipped = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let top = de
        .deserialize_any(TopLevel {
            ctx,
            read,
            emit: &mut *emit,
            skipped: &mut skipped,
        })
        .map_err(malformed)?;
    de.end().map_err(malformed)?;
    match top {
        Top::Object(obj) => {
            let a = read(ctx, obj, 0, false, &mut skipped, "")
                .map_err(|e| IngestError::NoArticle(e.to_string()))?;
            emit(a);
        }
        Top::Array { items, articles: 0 } => {
            return Err(IngestError::NoArticle(format!(
                "array of {items} items holds no article{}",
                skipped
                    .first()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            )));
        }
        Top::Array { .. } => {}
        Top::Other(kind) => {
            return Err(IngestError::Malformed {
                format: "JSON",
                detail: format!("top level is {kind}, not an object or array"),
            });
        }
    }
    Ok(skipped)
}

/// What the top level of a JSON file was.
enum Top {
    /// One object (its article is built by the caller).
    Object(Map<String, Value>),
    /// An array, its articles already emitted.
    Array { items: usize, articles: usize },
    /// Anything else, by kind.
    Other(&'static str),
}

/// Reads the top level of a JSON file, emitting the articles of an array one element at a
/// time.
struct TopLevel<'a> {
    ctx: &'a FileContext,
    read: ReadObject,
    emit: &'a mut dyn FnMut(Article),
    skipped: &'a mut Vec<String>,
}

impl TopLevel<'_> {
    /// Builds and emits the article of element `i`; whether there was one.
    fn element(&mut self, i: usize, item: Value, many: bool) -> bool {
        let prefix = format!("item {}: ", i + 1);
        match item {
            Value::Object(obj) => {
                match (self.read)(self.ctx, obj, i, many, self.skipped, &prefix) {
                    Ok(a) => {
                        (self.emit)(a);
                        return true;
                    }
                    Err(e) => self.skipped.push(format!("{prefix}{e}")),
                }
            }
            other => self
                .skipped
                .push(format!("{prefix}not an object but {}", kind(&other))),
        }
        false
    }
}

impl<'de> serde::de::Visitor<'de> for TopLevel<'_> {
    type Value = Top;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an article object or an array of them")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Top, A::Error> {
        use serde::Deserialize as _;
        let obj = Map::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Top::Object(obj))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<Top, A::Error> {
        // Ids are `path#n` when the array holds more than one element: the first element
        // waits until the second shows whether there is one.
        let mut first: Option<Value> = None;
        let (mut items, mut articles) = (0, 0);
        while let Some(item) = seq.next_element::<Value>()? {
            items += 1;
            if items == 1 {
                first = Some(item);
                continue;
            }
            if let Some(f) = first.take() {
                articles += usize::from(self.element(0, f, true));
            }
            articles += usize::from(self.element(items - 1, item, true));
        }
        if let Some(f) = first.take() {
            articles += usize::from(self.element(0, f, false));
        }
        Ok(Top::Array { items, articles })
    }

    fn visit_bool<E>(self, _: bool) -> Result<Top, E> {
        Ok(Top::Other("a boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Top, E> {
        Ok(Top::Other("a string"))
    }
    fn visit_unit<E>(self) -> Result<Top, E> {
        Ok(Top::Other("null"))
    }
}

/// [`parse_jsonl_with`], handing each article to `emit` as soon as its line is read; returns
/// the skipped lines.
pub fn each_jsonl(
    ctx: &FileContext,
    bytes: &[u8],
    read: ReadObject,
    emit: &mut dyn FnMut(Article),
) -> Result<Vec<String>, IngestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut skipped = Vec::new();
    let mut n = 0;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let prefix = format!("line {}: ", i + 1);
        match serde_json::from_slice::<Value>(line) {
            Ok(Value::Object(obj)) => match read(ctx, obj, n, true, &mut skipped, &prefix) {
                Ok(a) => {
                    emit(a);
                    n += 1;
                }
                Err(e) => skipped.push(format!("{prefix}{e}")),
            },
            Ok(other) => skipped.push(format!("{prefix}not an object but {}", kind(&other))),
            Err(e) => skipped.push(format!(
                "{prefix}invalid JSON at column {}: {e}",
                e.column()
            )),
        }
    }
    if n == 0 {
        return Err(IngestError::Malformed {
            format: "JSONL",
            detail: skipped
                .first()
                .cloned()
                .unwrap_or_else(|| "no lines".into()),
        });
    }
    Ok(skipped)
}

/// "an array", "a string", …: what a value is, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first field whose (case-insensitive) name is in `names`, in the order of `names`,
/// ignoring nulls and empty strings.
fn field<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| {
        obj.iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(n) && !is_blank(v))
            .map(|(_, v)| v)
    })
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A scalar as text; objects give their `name` (publishers, authors as `{ "name": … }`).
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("name"))
            .and_then(|(_, v)| text_of(v)),
        Value::Array(a) => a.iter().find_map(text_of),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// A string or list (of strings or `{name}` objects) as a list of strings.
fn list_of(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect(),
    }
}

fn str_field(obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
    field(obj, names).and_then(text_of)
}

/// Builds the article for one object, or says why it holds none.
fn article(
    ctx: &FileContext,
    obj: Map<String, Value>,
    n: usize,
    many: bool,
    skipped: &mut Vec<String>,
    prefix: &str,
) -> Result<Article, ObjectError> {
    let obj = &obj;
    let mut a = Article {
        path: ctx.path_str.clone(),
        ..Article::default()
    };
    a.url = str_field(obj, URL);
    a.id = str_field(obj, ID)
        .or_else(|| a.url.clone())
        .unwrap_or_else(|| ctx.fallback_id(n, many));
    a.source = str_field(obj, SOURCE);
    a.title = str_field(obj, TITLE)
        .map(|t| collapse_ws(&t))
        .unwrap_or_default();
    a.lede = str_field(obj, LEDE).unwrap_or_default();
    let body = field(obj, BODY)
        .map(|v| match v {
            Value::Array(parts) => parts
                .iter()
                .filter_map(text_of)
                .collect::<Vec<_>>()
                .join("\n\n"),
            other => text_of(other).unwrap_or_default(),
        })
        .unwrap_or_default();
    let (body, boiler_source) = strip_boilerplate(&body);
    a.body = body;
    if a.source.is_none() {
        a.source = boiler_source;
    }
    if a.title.is_empty() && a.lede.is_empty() && a.body.is_empty() {
        let keys: Vec<&str> = obj.keys().map(String::as_str).take(12).collect();
        return Err(ObjectError::NoText {
            keys: if keys.is_empty() {
                "none".to_string()
            } else {
                keys.join(", ")
            },
        });
    }
    // "Headline | CNN Politics": the suffix names the site, not the story.
    if let Some(src) = &a.source
        && let Some((head, suffix)) = a.title.rsplit_once(" | ")
        && suffix.starts_with(src.as_str())
        && !head.trim().is_empty()
    {
        a.title = head.trim().to_string();
    }
    let url_date = a.url.as_deref().and_then(dates::date_from_url);
    let field_date = field(obj, DATE);
    a.date = url_date.or_else(|| field_date.and_then(dates::parse_date_value));
    if a.date.is_none()
        && let Some(v) = field_date
    {
        skipped.push(format!(
            "{prefix}unparseable date {} (article kept without a date)",
            v
        ));
    }
    if a.date.is_none() && field_date.is_none() {
        // Files filed in dated folders.
        a.date = super::pathinfo::date_from_path(&ctx.path);
    }
    if let Some(v) = field(obj, AUTHOR) {
        for name in list_of(v) {
            let name = name
                .strip_prefix("By ")
                .or_else(|| name.strip_prefix("by "))
                .unwrap_or(&name)
                .trim();
            a.authors.push(name.to_string());
        }
    }
    if let Some(v) = field(obj, PEOPLE) {
        for p in list_of(v) {
            a.add_person(&p);
        }
    }
    if let Some(v) = field(obj, PLACES) {
        for p in list_of(v) {
            a.add_place(Place::parse(&p));
        }
    }
    a.section = str_field(obj, SECTION)
        .map(|s| s.to_lowercase())
        .or_else(|| a.url.as_deref().and_then(section_from_url));
    a.language = str_field(obj, LANGUAGE).map(|s| s.to_lowercase());
    Ok(a)
}

/// The section word after a URL date (`/2026/04/09/politics/slug` → "politics").
fn section_from_url(url: &str) -> Option<String> {
    let segs: Vec<&str> = url.split('/').collect();
    let i = segs.windows(3).position(|w| {
        w.iter()
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            && w.first().is_some_and(|y| y.len() == 4)
    })?;
    let sec = segs.get(i + 3)?;
    // Only a folder, not the slug itself.
    segs.get(i + 4)?;
    (sec.len() >= 2 && sec.len() <= 30 && sec.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
        .then(|| sec.to_ascii_lowercase())
}

/// Removes scraper boilerplate: a leading "Source: X" paragraph (X becomes the source) and a
/// trailing "See Full Web Article" link text.
fn strip_boilerplate(body: &str) -> (String, Option<String>) {
    let mut pars: Vec<&str> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut source = None;
    if let Some(first) = pars.first()
        && let Some(src) = first.strip_prefix("Source:")
        && src.len() <= 60
        && !src.contains('\n')
    {
        let src = src.trim();
        if !src.is_empty() {
            source = Some(src.to_string());
        }
        pars.remove(0);
    }
    while let Some(last) = pars.last() {
        let l = last.trim_end_matches('.').trim();
        if l.eq_ignore_ascii_case("See Full Web Article") || l.eq_ignore_ascii_case("Read more") {
            pars.pop();
        } else {
            break;
        }
    }
    (pars.join("\n\n"), source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ReadOptions, read_articles};
    use crate::testing::shared;
    use chrono::NaiveDate;
    use std::path::Path;

    fn ctx() -> FileContext {
        FileContext::new(Path::new("/x/a.json"))
    }

    #[test]
    fn cnn_corpus() {
        let Some(dir) = shared("corpora/cnn/articles") else {
            return;
        };
        let mut n = 0;
        let mut with_date = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let parsed = read_articles(&p, &ReadOptions::default())
                .unwrap_or_else(|err| panic!("{}: {err}", p.display()));
            assert_eq!(parsed.articles.len(), 1);
            let a = &parsed.articles[0];
            assert!(!a.body.starts_with("Source: CNN"), "{}", p.display());
            assert!(!a.body.ends_with("See Full Web Article"), "{}", p.display());
            if a.date.is_some() {
                with_date += 1;
            }
            n += 1;
        }
        assert_eq!(n, 2865);
        assert!(with_date >= 2850, "{with_date}");
        let p = dir.join("00141cdbb4082b20172efe5360d01077185c1385be7829f6c3e32d62eed6bf20.json");
        let a = &read_articles(&p, &ReadOptions::default()).unwrap().articles[0];
        // URL date (2026/04/09) wins over the scrape time (2026-04-10T08:04).
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2026, 4, 9));
        assert_eq!(
            a.title,
            "Acting AG Todd Blanche marks his first official day on the job with a series of memos to staff"
        );
        assert_eq!(a.source.as_deref(), Some("CNN"));
        assert_eq!(a.authors, ["Paula Reid"]);
        assert_eq!(a.section.as_deref(), Some("politics"));
        assert_eq!(
            a.id,
            "https://lite.cnn.com/2026/04/09/politics/todd-blanche-memos-first-official-day"
        );
        assert!(a.body.starts_with("Acting Attorney General Todd Blanche"));
    }

    #[test]
    fn field_names_and_forms() {
        let j = br#"{"Headline": "H", "pubDate": "Mon, 05 Feb 2024 10:00:00 GMT",
            "Content": "Para one.\n\nPara two.", "byline": [{"name": "A B"}, "C D"],
            "persons": ["X Y"], "locations": ["/Asia/Saudi Arabia/Riyadh", "Gaza"],
            "category": "World", "guid": 17, "lang": "EN", "publisher": {"name": "P"},
            "summary": "S"}"#;
        let p = parse_json(&ctx(), j).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.title, "H");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 2, 5));
        assert_eq!(a.authors, ["A B", "C D"]);
        assert_eq!(a.people, ["X Y"]);
        assert_eq!(a.places[0].path, "/Asia/Saudi Arabia/Riyadh");
        assert_eq!(a.places[0].name, "Riyadh");
        assert_eq!(a.places[1].path, "/Gaza");
        assert_eq!(a.section.as_deref(), Some("world"));
        assert_eq!(a.id, "17");
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.source.as_deref(), Some("P"));
        assert_eq!(a.lede, "S");
        assert!(p.skipped.is_empty());
    }

    #[test]
    fn errors_and_arrays() {
        let err = parse_json(&ctx(), b"{\n \"title\": \"x\",,\n}").unwrap_err();
        assert!(
            matches!(&err, IngestError::Malformed { format: "JSON", detail } if detail.starts_with("line 2 column")),
            "{err}"
        );
        let err = parse_json(&ctx(), br#"{"hash": "abc"}"#).unwrap_err();
        assert!(matches!(err, IngestError::NoArticle(_)), "{err}");
        let p = parse_json(
            &ctx(),
            br#"[{"title": "a", "date": "someday"}, 3, {"text": "b", "published_at": 1707127200}]"#,
        )
        .unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[0].id, "/x/a.json#1");
        assert_eq!(p.articles[0].date, None);
        assert_eq!(p.articles[1].date, NaiveDate::from_ymd_opt(2024, 2, 5));
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
    }

    #[test]
    fn jsonl_lines() {
        let j = b"{\"title\": \"a\", \"date\": \"2024-02-05\"}\n\n{bad\n[1]\n{\"title\": \"b\"}\n";
        let p = parse_jsonl(&ctx(), j).unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.skipped.len(), 2);
        assert!(
            p.skipped[0].starts_with("line 3: invalid JSON"),
            "{:?}",
            p.skipped
        );
        assert!(p.skipped[1].starts_with("line 4: "));
        assert_eq!(p.articles[1].id, "/x/a.json#2");
        assert!(parse_jsonl(&ctx(), b"{bad\n").is_err());
    }

    #[test]
    fn generated_archive_parses() {
        // The shape make-archive.py writes in its feeds.
        let j = "{\"id\": \"a0100000052\", \"date\": \"2015-12-28\", \"title\": \"T.\", \"body\": \"B\\n\\nC\", \"source\": \"Reuters\"}\n";
        let p = parse_jsonl(&ctx(), j.as_bytes()).unwrap();
        assert_eq!(p.articles[0].id, "a0100000052");
        assert_eq!(p.articles[0].date, NaiveDate::from_ymd_opt(2015, 12, 28));
    }

    #[test]
    fn garbage_never_panics() {
        let mut x: u64 = 0x9E3779B97F4A7C15;
        let pieces: [&[u8]; 12] = [
            b"{",
            b"}",
            b"[",
            b"]",
            b"\"title\"",
            b":",
            b",",
            b"\"",
            b"\n",
            b"1e999",
            b"\xE9",
            b"\"url\":\"/2024/02/05/x/y\"",
        ];
        for len in 0..300 {
            let mut bytes = Vec::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                bytes.extend_from_slice(pieces[(x % 12) as usize]);
            }
            let _ = parse_json(&ctx(), &bytes);
            let _ = parse_jsonl(&ctx(), &bytes);
        }
    }
}
