//! The article a page describes in JSON-LD (`NewsArticle` and its kin), found wherever the
//! publisher nested it (`@graph`, arrays, `mainEntity`).

use serde_json::Value;

use super::html_unescape;
use crate::ingest::decode::collapse_ws;

/// The article described by the page's JSON-LD.
#[derive(Default, Debug)]
pub(super) struct LdArticle {
    pub(super) found: bool,
    pub(super) headline: Option<String>,
    pub(super) date: Option<String>,
    pub(super) authors: Vec<String>,
    /// The subset of `authors` typed as organisations.
    pub(super) org_authors: Vec<String>,
    pub(super) body: Option<String>,
    pub(super) language: Option<String>,
    pub(super) url: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) section: Option<String>,
    pub(super) description: Option<String>,
}

pub(super) const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

pub(super) fn is_article_type(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

pub(super) fn find_ld_article(v: &Value, out: &mut LdArticle, depth: usize) {
    if out.found || depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => {
            for i in items {
                find_ld_article(i, out, depth + 1);
            }
        }
        Value::Object(map) => {
            if is_article_type(v) {
                fill_ld(v, out);
                return;
            }
            for key in ["@graph", "mainEntity", "itemListElement"] {
                if let Some(inner) = map.get(key) {
                    find_ld_article(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

pub(super) fn ld_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(a) => a.iter().find_map(ld_str),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@value"))
            .or_else(|| o.get("@id"))
            .and_then(ld_str),
        _ => None,
    }
}

pub(super) fn fill_ld(v: &Value, out: &mut LdArticle) {
    out.found = true;
    out.headline = v
        .get("headline")
        .or_else(|| v.get("name"))
        .and_then(ld_str)
        .map(|s| collapse_ws(&html_unescape(&s)));
    out.date = v
        .get("datePublished")
        .or_else(|| v.get("dateCreated"))
        .and_then(ld_str);
    if let Some(author) = v.get("author").or_else(|| v.get("creator")) {
        ld_authors(author, out, 0);
    }
    out.body = v
        .get("articleBody")
        .and_then(ld_str)
        .map(|s| html_unescape(&s));
    out.language = v.get("inLanguage").and_then(ld_str);
    out.url = v
        .get("url")
        .and_then(ld_str)
        .filter(|u| u.starts_with("http"));
    out.publisher = v.get("publisher").and_then(ld_str);
    out.section = v.get("articleSection").and_then(ld_str);
    out.description = v.get("description").and_then(ld_str);
}

/// Collects author names from a JSON-LD `author` value: a string, a `Person`/`Organization`
/// object, or arrays of them, nested arrays included (some CMSs emit `[{…}, [{…}]]`).
pub(super) fn ld_authors(v: &Value, out: &mut LdArticle, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => {
            for i in items {
                ld_authors(i, out, depth + 1);
            }
        }
        Value::String(s) if !s.starts_with("http") => out.authors.push(html_unescape(s)),
        Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(ld_str)
                && !n.starts_with("http")
            {
                let n = html_unescape(&n);
                // Organisations are remembered so that a person named elsewhere on the page
                // can be preferred over a publisher credited as author.
                if is_org_type(v) {
                    out.org_authors.push(n.clone());
                }
                out.authors.push(n);
            }
        }
        _ => {}
    }
}

pub(super) fn is_org_type(v: &Value) -> bool {
    let org = |t: &str| t.to_ascii_lowercase().ends_with("organization");
    match v.get("@type") {
        Some(Value::String(t)) => org(t),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(org)),
        _ => false,
    }
}
