//! IPTC ninjs (news in JSON), versions 1.x and 2.x: one item per file. Pictures, video and
//! other non-text items are skipped with a reason.

use serde_json::Value;

use super::dates::parse_date;
use super::{FileContext, IngestError, Parsed};
use crate::article::{Article, Place};

/// Whether a JSON document is a ninjs item: an object with `uri` or `guid` and ninjs's
/// `versioncreated` or `type`, checked on the first 64 KB so huge JSON files stay cheap.
pub fn looks_like_ninjs(content: &[u8]) -> bool {
    let head = &content[..content.len().min(64 * 1024)];
    let has = |k: &[u8]| memchr::memmem::find(head, k).is_some();
    (has(b"\"uri\"") || has(b"\"guid\""))
        && (has(b"\"versioncreated\"") || (has(b"\"type\"") && has(b"\"headline\"")))
}

/// Parses a ninjs item.
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let text = super::decode::to_utf8(bytes);
    let v: Value = serde_json::from_str(&text).map_err(|e| IngestError::Malformed {
        format: "ninjs",
        detail: e.to_string(),
    })?;
    // API responses wrap items: `{"item": …}`, `{"data": {"item": …}}`,
    // `{"data": {"items": [{"item": …}, …]}}` (AP Media API feeds).
    let mut items: Vec<&Value> = Vec::new();
    if let Some(data) = v.get("data") {
        if let Some(item) = data.get("item") {
            items.push(item);
        } else if let Some(list) = data.get("items").and_then(Value::as_array) {
            items.extend(list.iter().map(|x| x.get("item").unwrap_or(x)));
        }
    } else if let Some(item) = v.get("item").filter(|i| i.is_object()) {
        items.push(item);
    } else {
        items.push(&v);
    }
    let many = items.len() > 1;
    let mut out = Parsed::default();
    for (i, item) in items.into_iter().enumerate() {
        match parse_item(ctx, item, i, many) {
            Ok(a) => out.articles.push(a),
            Err(e) => out.skipped.push(format!("item {}: {e}", i + 1)),
        }
    }
    if out.articles.is_empty() {
        return Err(IngestError::NoArticle(if out.skipped.len() == 1 {
            out.skipped.remove(0)
        } else {
            format!("no text item ({})", out.skipped.join("; "))
        }));
    }
    Ok(out)
}

fn parse_item(
    ctx: &FileContext,
    item: &Value,
    n: usize,
    many: bool,
) -> Result<Article, IngestError> {
    let ty = item.get("type").and_then(Value::as_str).unwrap_or("text");
    if ty != "text" && ty != "composite" {
        return Err(IngestError::NoArticle(format!("{ty} item, not text")));
    }
    let s = |k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut a = Article {
        path: ctx.path_str.clone(),
        id: s("uri")
            .or_else(|| s("guid"))
            .unwrap_or_else(|| ctx.fallback_id(n, many)),
        ..Article::default()
    };
    a.title = match item.get("headline").or_else(|| item.get("headlines")) {
        Some(Value::String(h)) => h.trim().to_string(),
        Some(Value::Array(hs)) => hs
            .iter()
            .find_map(|h| h.get("value").and_then(Value::as_str))
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    };
    a.date = ["versioncreated", "firstcreated", "contentcreated"]
        .iter()
        .find_map(|k| s(k).as_deref().and_then(parse_date));
    a.language = s("language").map(|l| l.chars().take(2).collect());
    if let Some(b) = s("byline") {
        let b = b.strip_prefix("By ").unwrap_or(&b).to_string();
        a.authors.push(b);
    } else if let Some(Value::Array(bys)) = item.get("bylines") {
        a.authors.extend(
            bys.iter()
                .filter_map(|b| b.get("byline").and_then(Value::as_str))
                .map(str::to_string),
        );
    }
    a.lede = s("description_text").unwrap_or_default();
    a.body = if let Some(t) = s("body_text") {
        t
    } else if let Some(h) = s("body_html") {
        html_to_text(&h)
    } else if let Some(Value::Array(bodies)) = item.get("bodies") {
        bodies
            .iter()
            .find_map(|b| b.get("value").and_then(Value::as_str))
            .map(html_to_text)
            .unwrap_or_default()
    } else {
        String::new()
    };
    for p in arr(item, "person").chain(arr(item, "people")) {
        if let Some(n) = p.get("name").and_then(Value::as_str) {
            a.add_person(n);
        }
    }
    for p in arr(item, "place").chain(arr(item, "places")) {
        if let Some(n) = p.get("name").and_then(Value::as_str) {
            a.add_place(Place::top_level(n));
        }
    }
    if let Some(Value::Array(subjects)) = item.get("subject").or_else(|| item.get("subjects")) {
        for sub in subjects {
            if let Some(name) = sub.get("name").and_then(Value::as_str) {
                let scheme = sub.get("scheme").and_then(Value::as_str).unwrap_or("");
                if scheme.contains("person") {
                    a.add_person(name);
                } else if scheme.contains("geo") || scheme.contains("place") {
                    a.add_place(Place::top_level(name));
                }
            }
        }
    }
    if a.title.is_empty() && a.body.is_empty() {
        return Err(IngestError::NoArticle(
            "ninjs item without headline or body".into(),
        ));
    }
    Ok(a)
}

fn arr<'a>(v: &'a Value, k: &str) -> impl Iterator<Item = &'a Value> {
    v.get(k).and_then(Value::as_array).into_iter().flatten()
}

/// Text of an HTML fragment, one paragraph per block.
fn html_to_text(h: &str) -> String {
    let frag = scraper::Html::parse_fragment(&super::html::depth::bound_depth(h));
    let mut blocks = Vec::new();
    let mut cur = String::new();
    for n in frag.tree.root().descendants() {
        match n.value() {
            scraper::Node::Text(t) => cur.push_str(t),
            scraper::Node::Element(e)
                if matches!(e.name(), "p" | "br" | "h1" | "h2" | "h3" | "li" | "div") =>
            {
                blocks.push(super::decode::collapse_ws(&cur));
                cur.clear();
            }
            _ => {}
        }
    }
    blocks.push(super::decode::collapse_ws(&cur));
    blocks.retain(|b| !b.is_empty());
    blocks.join("\n\n")
}
