//! HTML news pages: metadata from JSON-LD, OpenGraph and `<meta>` tags, body text from a
//! boilerplate-removing extraction over the html5ever DOM.
//!
//! Sources are tried in order of trust: publishers fill JSON-LD for search engines, so it is
//! usually exact; OpenGraph is meant for link previews and often carries a site suffix; the
//! visible markup is the last resort.

use super::decode::collapse_ws;
use std::borrow::Cow;

use chrono::NaiveDate;
use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde_json::Value;

use super::htmldate::parse_date;
use super::{FileContext, IngestError};
use crate::article::Article;

/// Hints from outside the page (a WARC record or an HTTP header) that the page may override.
#[derive(Debug, Default, Clone)]
pub struct PageHints<'a> {
    /// The URL the page was fetched from, used when the page names no canonical URL.
    pub url: Option<&'a str>,
    /// A date to fall back on when the page states none (a capture date).
    pub date: Option<NaiveDate>,
    /// The charset from a `Content-Type` header, which wins over `<meta charset>` as in browsers.
    pub charset: Option<&'a str>,
}

/// Parses one HTML page into an article.
///
/// Fails with [`IngestError::NoArticle`] when the page has neither a title nor any body text,
/// so that index pages and error pages do not become empty articles.
pub fn parse(ctx: &FileContext, bytes: &[u8], hints: &PageHints) -> Result<Article, IngestError> {
    let text = decode(bytes, hints.charset);
    let doc = Html::parse_document(&text);
    let mut meta = Meta::default();
    collect(doc.tree.root(), &mut meta, 0);
    let mut ld = LdArticle::default();
    for script in &meta.ld_json {
        if let Ok(v) = serde_json::from_str::<Value>(script.trim()) {
            find_ld_article(&v, &mut ld, 0);
        }
    }

    let mut a = Article {
        path: ctx.path_str.clone(),
        ..Article::default()
    };
    a.title = pick_title(&ld, &meta);
    a.date = ld
        .date
        .as_deref()
        .and_then(parse_date)
        .or_else(|| meta.dates.iter().find_map(|d| parse_date(d)))
        .or_else(|| meta.time.as_deref().and_then(parse_date))
        .or(hints.date);
    a.authors = if !ld.authors.is_empty() {
        clean_authors(&ld.authors)
    } else if !meta.authors.is_empty() {
        clean_authors(&meta.authors)
    } else {
        clean_authors(&meta.visible_authors)
    };
    a.url = meta
        .canonical
        .clone()
        .or_else(|| meta.og_url.clone())
        .or_else(|| ld.url.clone())
        .or_else(|| hints.url.map(str::to_string));
    a.language = ld
        .language
        .as_deref()
        .or(meta.lang.as_deref())
        .and_then(lang_code);
    a.source = ld.publisher.clone().or_else(|| meta.site_name.clone());
    a.section = ld.section.clone().or_else(|| meta.section.clone());

    let body_root = find_body(&doc);
    let extracted = body_root
        .map(|(n, scores)| extract_blocks(n, &scores, &a.title))
        .unwrap_or_default();
    let ld_body = ld.body.as_deref().map(collapse_ws).unwrap_or_default();
    a.body = if ld_body.len() > extracted.len() {
        ld_body
    } else {
        extracted
    };
    // The standfirst: kept apart when the body does not already start with it.
    if let Some(d) = ld.description.as_ref().or(meta.description.as_ref()) {
        let d = collapse_ws(&html_unescape(d));
        let head: String = a.body.chars().take(d.chars().count() + 200).collect();
        let stem: String = d.chars().take(60).collect();
        if d.chars().count() >= 40 && !head.contains(stem.trim_end_matches(['.', '…'])) {
            a.lede = d;
        }
    }
    if a.title.is_empty() && a.body.is_empty() {
        return Err(IngestError::NoArticle(
            "HTML page without title or text".into(),
        ));
    }
    a.id = a.url.clone().unwrap_or_else(|| ctx.path_str.clone());
    Ok(a)
}

/// Decodes the page: UTF-8 when the bytes are valid UTF-8; else the transport charset, else
/// `<meta charset>` in the first 4 KB (the HTML prescan), else Windows-1252.
fn decode<'a>(bytes: &'a [u8], header: Option<&str>) -> Cow<'a, str> {
    // Valid UTF-8 with non-ASCII bytes is almost never meant as a legacy charset, while pages
    // that declare ISO-8859-1 but are saved as UTF-8 are common.
    if std::str::from_utf8(bytes).is_ok() {
        return super::decode::to_utf8(bytes);
    }
    let label = header
        .map(|s| s.as_bytes().to_vec())
        .or_else(|| prescan_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(enc) = label.and_then(|l| encoding_rs::Encoding::for_label(l.trim_ascii()))
        && enc != encoding_rs::UTF_8
    {
        return enc.decode_with_bom_removal(bytes).0;
    }
    super::decode::to_utf8(bytes)
}

/// Finds `charset=` inside a `<meta` tag of the head bytes, the way the HTML encoding sniffing
/// algorithm does (by bytes, before any parse).
fn prescan_charset(head: &[u8]) -> Option<Vec<u8>> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memchr::memmem::find(tag, b"charset=") {
            let v = &tag[c + 8..];
            let v = v
                .iter()
                .skip_while(|b| **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
                .copied()
                .collect::<Vec<u8>>();
            if !v.is_empty() {
                return Some(v);
            }
        }
        from = end;
    }
    None
}

/// What the page's markup says about itself, gathered in one walk.
#[derive(Default, Debug)]
struct Meta {
    ld_json: Vec<String>,
    title_tag: Option<String>,
    og_title: Option<String>,
    h1: Option<String>,
    dates: Vec<String>,
    time: Option<String>,
    authors: Vec<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    lang: Option<String>,
    site_name: Option<String>,
    section: Option<String>,
    description: Option<String>,
    visible_authors: Vec<String>,
}

fn collect(node: NodeRef<Node>, m: &mut Meta, depth: usize) {
    if depth > 400 {
        return;
    }
    for child in node.children() {
        let Node::Element(el) = child.value() else {
            continue;
        };
        let name = el.name();
        if el.attr("itemprop") == Some("datePublished")
            && let Some(d) = el.attr("content").or_else(|| el.attr("datetime"))
        {
            m.dates.push(d.to_string());
        }
        // Visible bylines, a fallback when no metadata names the authors.
        if (el.attr("rel") == Some("author")
            || el.attr("itemprop") == Some("author")
            || el.attr("class").is_some_and(|c| {
                c.split_whitespace()
                    .any(|w| w.ends_with("author-name") || w == "author" || w.ends_with("__author"))
            }))
            && m.visible_authors.len() < 10
        {
            let t = collapse_ws(&node_text(child));
            if !t.is_empty() && t.chars().count() <= 60 && !m.visible_authors.contains(&t) {
                m.visible_authors.push(t);
            }
        }
        match name {
            "html" => {
                if let Some(l) = el.attr("lang") {
                    m.lang.get_or_insert_with(|| l.to_string());
                }
            }
            "script" => {
                if el
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
                {
                    m.ld_json.push(node_text(child));
                }
                continue;
            }
            "style" | "noscript" | "svg" => continue,
            "title" if m.title_tag.is_none() => {
                m.title_tag = Some(collapse_ws(&node_text(child)));
            }
            "h1" if m.h1.is_none() => {
                let t = collapse_ws(&node_text(child));
                if !t.is_empty() {
                    m.h1 = Some(t);
                }
            }
            "time" if m.time.is_none() => {
                if let Some(d) = el.attr("datetime") {
                    m.time = Some(d.to_string());
                }
            }
            "link" => {
                if el
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                    && let Some(h) = el.attr("href")
                    && h.starts_with("http")
                {
                    m.canonical.get_or_insert_with(|| h.to_string());
                }
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let content = el.attr("content").unwrap_or("").trim();
                if content.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "og:title" => {
                        m.og_title.get_or_insert_with(|| collapse_ws(content));
                    }
                    "og:url" => {
                        m.og_url.get_or_insert_with(|| content.to_string());
                    }
                    "og:description" | "description" => {
                        m.description.get_or_insert_with(|| collapse_ws(content));
                    }
                    "og:site_name" => {
                        m.site_name.get_or_insert_with(|| content.to_string());
                    }
                    "article:section" => {
                        m.section.get_or_insert_with(|| content.to_string());
                    }
                    "og:locale" => {
                        m.lang.get_or_insert_with(|| content.to_string());
                    }
                    "article:published_time"
                    | "datepublished"
                    | "og:article:published_time"
                    | "publish-date"
                    | "publishdate"
                    | "pubdate"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.date"
                    | "dcterms.created"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "article.published"
                    | "cxenseparse:recs:publishtime" => m.dates.push(content.to_string()),
                    k if k.contains("publish") && (k.contains("time") || k.contains("date")) => {
                        m.dates.push(content.to_string())
                    }
                    "author" | "article:author" | "dc.creator" | "parsely-author"
                    | "sailthru.author"
                        if !content.starts_with("http") =>
                    {
                        m.authors.push(content.to_string());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        collect(child, m, depth + 1);
    }
}

/// All text below `node`, scripts included (for `<script>` and `<title>` contents).
fn node_text(node: NodeRef<Node>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}

/// The article described by the page's JSON-LD.
#[derive(Default, Debug)]
struct LdArticle {
    found: bool,
    headline: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    body: Option<String>,
    language: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    section: Option<String>,
    description: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
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

fn is_article_type(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

fn find_ld_article(v: &Value, out: &mut LdArticle, depth: usize) {
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

fn ld_str(v: &Value) -> Option<String> {
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

fn fill_ld(v: &Value, out: &mut LdArticle) {
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
        let list: Vec<&Value> = match author {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for a in list {
            let name = match a {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(ld_str),
                _ => None,
            };
            if let Some(n) = name
                && !n.starts_with("http")
            {
                out.authors.push(html_unescape(&n));
            }
        }
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

fn html_unescape(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

/// Separators between a headline and the site name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", "ㅣ", " :: ", " » ", " · "];

/// Picks the headline by agreement: each source (JSON-LD, `<h1>`, `og:title`, `<title>`)
/// votes for its text and, with slightly less weight, for its text without a trailing or
/// leading site name; the text with the most weight wins. Sources disagree when a site
/// rewrites headlines for search or social media, and the majority is then the page's own.
fn pick_title(ld: &LdArticle, m: &Meta) -> String {
    let sources = [
        (ld.headline.as_deref(), 1.1),
        (m.h1.as_deref(), 1.0),
        (m.og_title.as_deref(), 1.0),
        (m.title_tag.as_deref(), 0.5),
    ];
    let mut cands: Vec<(String, String, f64)> = Vec::new(); // (key, text, weight)
    for (src, w) in sources {
        let Some(src) = src.filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut variants = vec![src.to_string()];
        for sep in TITLE_SEPARATORS {
            if let Some((head, _)) = src.rsplit_once(sep) {
                variants.push(head.trim().to_string());
            }
            if let Some((head, _)) = src.split_once(sep) {
                variants.push(head.trim().to_string());
            }
        }
        let mut seen: Vec<String> = Vec::new();
        for (i, v) in variants.into_iter().enumerate() {
            let key = v.to_lowercase();
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let weight = if i == 0 { w } else { w * 0.9 };
            match cands.iter_mut().find(|c| c.0 == key) {
                Some(c) => c.2 += weight,
                None => cands.push((key, v, weight)),
            }
        }
    }
    let mut best: Option<&(String, String, f64)> = None;
    for c in &cands {
        if best.is_none_or(|b| c.2 > b.2) {
            best = Some(c);
        }
    }
    best.map(|c| c.1.clone()).unwrap_or_default()
}

/// Cleans author names: splits "A and B" / "A, B", drops "By", e-mail and URL entries.
fn clean_authors(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let r = collapse_ws(r);
        let r = r
            .strip_prefix("By ")
            .or_else(|| r.strip_prefix("by "))
            .or_else(|| r.strip_prefix("Von "))
            .or_else(|| r.strip_prefix("von "))
            .unwrap_or(&r);
        let parts = r
            .split([',', ';', '|'])
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" und "))
            .flat_map(|p| p.split(" & "));
        for part in parts {
            let p = part.trim();
            let slug = !p.contains(' ') && p.contains('-') && p == p.to_lowercase();
            if p.is_empty()
                || slug
                || p.starts_with('(')
                || p.contains('@')
                || p.starts_with("http")
                || p.len() > 80
            {
                continue;
            }
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
    }
    out
}

/// ISO 639-1 code from `de-AT`, `de_DE`, `en`.
fn lang_code(s: &str) -> Option<String> {
    let code: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == 2 || code.len() == 3).then_some(code)
}

// ---- body extraction -------------------------------------------------------------------

/// Tags whose subtree is never article text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "nav"
            | "aside"
            | "footer"
            | "form"
            | "button"
            | "svg"
            | "figure"
            | "figcaption"
            | "iframe"
            | "select"
            | "template"
            | "header"
            | "menu"
            | "dialog"
            | "video"
            | "audio"
            | "picture"
            | "img"
            | "input"
            | "textarea"
            | "label"
    )
}

/// Words in `class`/`id`/`role` that mark page furniture rather than article text.
const BOILERPLATE: &[&str] = &[
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "consent",
    "newsletter",
    "comment",
    "comments",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "teaser",
    "teasers",
    "recommended",
    "recommendations",
    "subscribe",
    "breadcrumb",
    "breadcrumbs",
    "caption",
    "sidebar",
    "navigation",
    "nav",
    "menu",
    "banner",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "byline",
    "author",
    "meta",
    "tags",
    "toolbar",
    "widget",
    "footer",
    "header",
    "hidden",
    "sr-only",
    "visually-hidden",
    "copyright",
    "credit",
    "credits",
    "more",
    "readmore",
    "read-more",
    "disclaimer",
];

fn is_boilerplate(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = el.attr("role")
        && matches!(
            role,
            "navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "menu"
        )
    {
        return true;
    }
    let attrs = [el.attr("class"), el.attr("id")];
    // Readability's "maybe a candidate" rule: a name that speaks of the article's own text
    // wins over furniture words in the same name (`sidebar-grid__content article__content`).
    if attrs.iter().flatten().any(|a| {
        let a = a.to_ascii_lowercase();
        ["article", "body", "content", "story", "text", "main"]
            .iter()
            .any(|w| a.contains(w))
    }) {
        return false;
    }
    for attr in attrs.into_iter().flatten() {
        for word in attr.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
            if word.is_empty() {
                continue;
            }
            let lw = word.to_ascii_lowercase();
            if BOILERPLATE.contains(&lw.as_str()) {
                return true;
            }
        }
    }
    false
}

fn skipped(node: NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(el) => is_skipped_tag(el.name()) || is_boilerplate(el),
        Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_) => true,
        _ => false,
    }
}

/// Like [`skipped`] but by tag only: while looking for the article container, class names
/// are not trusted (containers are often called `has-ads`, `header-offset`...).
fn skipped_tag(node: NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(el) => is_skipped_tag(el.name()),
        Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_) => true,
        _ => false,
    }
}

fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre" | "li" | "dd" | "td"
    )
}

/// The inline text of a block (its text descendants, skipping furniture), whitespace-collapsed.
fn block_text(node: NodeRef<Node>, out: &mut String, depth: usize) {
    if depth > 200 {
        return;
    }
    for c in node.children() {
        match c.value() {
            Node::Text(t) => {
                out.push_str(t);
            }
            Node::Element(el) => {
                if skipped(c) {
                    continue;
                }
                if el.name() == "br" {
                    out.push(' ');
                }
                block_text(c, out, depth + 1);
            }
            _ => {}
        }
    }
}

/// Picks the element that holds the article text: the one whose paragraph children carry the
/// most text (readability's scoring, simplified), found in one pass.
const LEVELS: usize = 5;

/// Share of the best container's score a sibling needs to be taken along.
const SIBLING_SHARE: f64 = 0.35;

fn find_body(doc: &Html) -> Option<(NodeRef<'_, Node>, Scores)> {
    use std::collections::HashMap;
    let mut scores: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    let mut stack = vec![(doc.tree.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > 400 {
            continue;
        }
        for c in node.children() {
            if skipped_tag(c) {
                continue;
            }
            if let Node::Element(el) = c.value() {
                if matches!(el.name(), "p" | "pre" | "blockquote") {
                    let mut t = String::new();
                    block_text(c, &mut t, 0);
                    let len = t
                        .split_whitespace()
                        .map(|w| w.chars().count() + 1)
                        .sum::<usize>();
                    if len >= 25 {
                        let s = len as f64;
                        let mut anc = c.parent();
                        for level in 1..=LEVELS {
                            let Some(p) = anc else { break };
                            *scores.entry(p.id()).or_default() += s / level as f64;
                            anc = p.parent();
                        }
                    }
                    continue;
                }
                stack.push((c, depth + 1));
            }
        }
    }
    let best = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(id, _)| *id)?;
    let best_score = scores.get(&best).copied().unwrap_or_default();
    doc.tree.get(best).map(|n| {
        (
            n,
            Scores {
                map: scores,
                keep_above: best_score * 0.3,
            },
        )
    })
}

/// Paragraph scores of the containers, so that a container holding much of the article text
/// is kept even when its class name sounds like furniture (`sidebar-grid__container`).
struct Scores {
    map: std::collections::HashMap<ego_tree::NodeId, f64>,
    keep_above: f64,
}

impl Scores {
    fn holds_text(&self, node: NodeRef<Node>) -> bool {
        self.map
            .get(&node.id())
            .is_some_and(|s| *s >= self.keep_above && *s > 0.0)
    }
}

/// The text blocks under `root`, paragraphs separated by blank lines. A leading block equal
/// to the title is dropped.
fn extract_blocks(root: NodeRef<Node>, scores: &Scores, title: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    // Articles split over sibling containers (text, ad slot, text): take the siblings that
    // score well too, as readability does.
    let siblings: Vec<NodeRef<Node>> = match root.parent() {
        Some(p) => p.children().collect(),
        None => vec![root],
    };
    let sibling_min = scores.keep_above / 0.3 * SIBLING_SHARE;
    for sib in siblings {
        if sib.id() == root.id() {
            walk_blocks(root, scores, &mut blocks, 0);
        } else if !skipped(sib) && scores.map.get(&sib.id()).is_some_and(|s| *s >= sibling_min) {
            walk_blocks(sib, scores, &mut blocks, 0);
        }
    }
    let norm_title = title.to_lowercase();
    if blocks
        .first()
        .is_some_and(|b| b.to_lowercase() == norm_title)
    {
        blocks.remove(0);
    }
    blocks.dedup();
    blocks.join("\n\n")
}

fn walk_blocks(node: NodeRef<Node>, scores: &Scores, blocks: &mut Vec<String>, depth: usize) {
    if depth > 300 {
        return;
    }
    for c in node.children() {
        if skipped(c) && (skipped_tag(c) || !scores.holds_text(c)) {
            continue;
        }
        match c.value() {
            Node::Element(el) => {
                let name = el.name();
                if is_block_tag(name) && !has_block_child(c) {
                    let mut t = String::new();
                    block_text(c, &mut t, 0);
                    let t = collapse_ws(&t);
                    // Blocks that are mostly links are teasers and link lists.
                    let linked = link_chars(c, 0);
                    if linked * 10 > t.chars().count() * LINK_DENSITY_TENTHS {
                        continue;
                    }
                    if !(t.is_empty() || name == "li" && t.chars().count() < 40) {
                        blocks.push(t);
                    }
                } else {
                    walk_blocks(c, scores, blocks, depth + 1);
                }
            }
            Node::Text(t) => {
                // Text directly in a container (sites that use <br> instead of <p>).
                let t = collapse_ws(t);
                if t.chars().count() >= 80 {
                    blocks.push(t);
                }
            }
            _ => {}
        }
    }
}

const LINK_DENSITY_TENTHS: usize = 7;

/// Characters of text inside `<a>` elements below `node`, whitespace excluded.
fn link_chars(node: NodeRef<Node>, depth: usize) -> usize {
    if depth > 100 {
        return 0;
    }
    let mut n = 0;
    for c in node.children() {
        if let Node::Element(el) = c.value() {
            if el.name() == "a" {
                n += c
                    .descendants()
                    .filter_map(|d| match d.value() {
                        Node::Text(t) => Some(t.chars().filter(|ch| !ch.is_whitespace()).count()),
                        _ => None,
                    })
                    .sum::<usize>();
            } else {
                n += link_chars(c, depth + 1);
            }
        }
    }
    n
}

fn has_block_child(node: NodeRef<Node>) -> bool {
    node.children().any(|c| match c.value() {
        Node::Element(el) => {
            is_block_tag(el.name()) || matches!(el.name(), "div" | "section" | "article" | "ul")
        }
        _ => false,
    })
}
