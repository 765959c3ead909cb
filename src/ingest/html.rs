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
    // Bounded nesting first: the tree builder's cost is tags times depth.
    let doc = Html::parse_document(&super::html_depth::bound_depth(&text));
    let mut meta = Meta::default();
    collect(doc.tree.root(), &mut meta, 0, false);
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
    a.authors = pick_authors(&ld, &meta);
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

    let extract = |divs| {
        find_body(&doc, divs)
            .map(|(n, scores)| extract_blocks(n, &scores, &a.title))
            .unwrap_or_default()
    };
    let mut extracted = extract(false);
    // Pages that set paragraphs as `<div>`s leave next to no `<p>` text: score those divs
    // too. Only then, because on pages with real paragraphs such divs are mostly teasers.
    if extracted.len() < MIN_P_BODY {
        let from_divs = extract(true);
        // A short article stays as it is unless the divs hold far more text (div mode also
        // scores teaser cards, which can outweigh a few short paragraphs).
        if from_divs.len() >= MIN_P_BODY && from_divs.len() > 4 * extracted.len() {
            extracted = from_divs;
        }
    }
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

/// Below this many bytes of paragraph text, `<div>`s are tried as paragraphs.
const MIN_P_BODY: usize = 500;

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
    /// The first `<h1>` that is not navigation furniture.
    h1: Option<String>,
    /// The first element marked up as the headline (microdata, an `<hgroup>` heading, a
    /// headline or title class), for pages whose only `<h1>` sits in the breadcrumb trail.
    marked_headline: Option<MarkedHeadline>,
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

/// The element marked up as the headline. Sites often set a kicker (a topic line) and the
/// headline proper as two parts of one heading; whether the kicker belongs to the title
/// varies, so for a marked heading both the whole and its last part are kept.
#[derive(Debug)]
struct MarkedHeadline {
    whole: String,
    /// The heading's last element when it is set in parts.
    main: Option<String>,
}

impl MarkedHeadline {
    fn from_marked(el: NodeRef<Node>) -> Option<Self> {
        let is_heading = |n: NodeRef<Node>| {
            n.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "h1" | "h2"))
        };
        let text = |n: NodeRef<Node>| collapse_ws(&node_text(n));
        let (whole, main) = if !is_heading(el) {
            (text(el), None)
        } else {
            let parts: Vec<NodeRef<Node>> =
                el.children().filter(|c| c.value().is_element()).collect();
            let main = match parts.as_slice() {
                [_, .., last] => Some(text(*last)),
                _ => None,
            };
            (text(el), main)
        };
        if whole.is_empty() {
            return None;
        }
        let main = main.filter(|p| !p.is_empty() && *p != whole);
        Some(MarkedHeadline { whole, main })
    }
}

/// Walks the page once for its metadata. `in_teaser` is set below list items and page
/// furniture (`li`, `aside`, `nav`, `footer`), where bylines belong to other stories.
fn collect(node: NodeRef<Node>, m: &mut Meta, depth: usize, in_teaser: bool) {
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
            && !in_teaser
            && m.visible_authors.len() < 10
        {
            let t = collapse_ws(&node_text(child));
            if !t.is_empty() && t.chars().count() <= 60 && !m.visible_authors.contains(&t) {
                m.visible_authors.push(t);
            }
        }
        let breadcrumb = is_breadcrumb(el);
        if m.marked_headline.is_none()
            && !in_teaser
            && name != "meta"
            && !breadcrumb
            && marks_headline(el, node.value().as_element().map(|p| p.name()))
        {
            m.marked_headline = MarkedHeadline::from_marked(child);
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
            "h1" if m.h1.is_none() && !in_teaser && !breadcrumb => {
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
                    "headline" => {
                        m.marked_headline.get_or_insert_with(|| MarkedHeadline {
                            whole: collapse_ws(&html_unescape(content)),
                            main: None,
                        });
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
                    | "sailthru.author" | "cxenseparse:author"
                        if !content.starts_with("http") =>
                    {
                        m.authors.push(content.to_string());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        let teaser = in_teaser || matches!(name, "li" | "aside" | "nav" | "footer") || breadcrumb;
        collect(child, m, depth + 1, teaser);
    }
}

/// Breadcrumb trails often end in an `<h1>` holding the page title, styled as a small
/// navigation label, while the headline readers see is set in another heading: such an
/// `<h1>` is furniture, not the article's heading. Sites mark the trail in a class, id or
/// data attribute.
fn is_breadcrumb(el: &scraper::node::Element) -> bool {
    let mentions = |s: &str| {
        s.as_bytes()
            .windows(10)
            .any(|w| w.eq_ignore_ascii_case(b"breadcrumb"))
    };
    el.attrs().any(|(k, v)| mentions(k) || mentions(v))
}

/// Whether the element is marked up as the headline: microdata `itemprop="headline"`, the
/// heading of an `<hgroup>` (which groups a headline with its kicker), or a heading (or a
/// part of one) whose class names it the headline or title. Themes that keep `<h1>` for
/// the logo or the breadcrumb set the headline this way.
fn marks_headline(el: &scraper::node::Element, parent: Option<&str>) -> bool {
    if el.attr("itemprop").is_some_and(|p| {
        p.split_whitespace()
            .any(|t| t.eq_ignore_ascii_case("headline"))
    }) {
        return true;
    }
    let heading = matches!(el.name(), "h1" | "h2");
    if heading && parent == Some("hgroup") {
        return true;
    }
    let in_heading = heading || parent.is_some_and(|p| matches!(p, "h1" | "h2"));
    in_heading
        && el.attr("class").is_some_and(|c| {
            c.split_whitespace().any(|t| {
                let t = strip_css_hash(t).to_ascii_lowercase();
                ["headline", "title"].iter().any(|w| {
                    t.strip_suffix(w)
                        .is_some_and(|rest| rest.is_empty() || rest.ends_with(['_', '-']))
                })
            })
        })
}

/// A class name without the hash that CSS modules append to make it unique
/// (`article-head_headline__LjYky`: component, local name, hash), so that the local name
/// can be read. A hash has mixed case or digits, which BEM element names (`title__headline`)
/// do not.
fn strip_css_hash(class: &str) -> &str {
    match class.rsplit_once("__") {
        Some((name, hash))
            if !name.is_empty()
                && (5..=8).contains(&hash.len())
                && hash
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && hash
                    .chars()
                    .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            name
        }
        _ => class,
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
    /// The subset of `authors` typed as organisations.
    org_authors: Vec<String>,
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
fn ld_authors(v: &Value, out: &mut LdArticle, depth: usize) {
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

fn is_org_type(v: &Value) -> bool {
    let org = |t: &str| t.to_ascii_lowercase().ends_with("organization");
    match v.get("@type") {
        Some(Value::String(t)) => org(t),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(org)),
        _ => false,
    }
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

/// The text by which titles from different sources are compared: case, runs of white
/// space (non-breaking spaces included) and invisible characters aside. Visible headings
/// carry soft hyphens and zero-width spaces as hyphenation and line-break hints that the
/// metadata copies of the same headline lack. Punctuation is kept: titles that differ in
/// it (a kicker set apart by a colon or only by a span) are different spellings.
fn title_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            gap = !key.is_empty();
        } else {
            if gap {
                key.push(' ');
                gap = false;
            }
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Whether `s` is `head` followed by a section or site name after a dash, bar or dot, as
/// in "Headline-Section|Site": sites vary the separator and its spacing too much for the
/// fixed list above, but when another source gives the bare headline the split is known.
/// An unspaced hyphen also joins words ("Covid-19"), so then the rest must end in the
/// site's name.
fn ends_in_site_suffix(s: &str, head: &str, site: Option<&str>) -> bool {
    let Some(rest) = s
        .get(..head.len())
        .filter(|h| s.len() > head.len() && h.to_lowercase() == head.to_lowercase())
        .and_then(|_| s.get(head.len()..))
    else {
        return false;
    };
    let spaced = rest.starts_with(char::is_whitespace);
    let rest = rest.trim_start();
    if !rest.starts_with(['-', '–', '—', '|', 'ㅣ', '·', '»', '/']) {
        return false;
    }
    spaced
        || !rest.starts_with('-')
        || site.is_some_and(|n| {
            let n = title_key(n);
            !n.is_empty() && title_key(rest).ends_with(&n)
        })
}

/// Whether a trailing title segment names the site: its letters and digits contain the
/// site's name or the host's first label ("n-tv.de", "Royal | News | Express.co.uk").
fn names_site(tail: &str, names: &[&str]) -> bool {
    let compact = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let tail = compact(tail);
    !tail.is_empty()
        && names.iter().any(|n| {
            let first = n.split('.').next().unwrap_or(n);
            [compact(n), compact(first)]
                .iter()
                .any(|n| n.len() >= 2 && (tail.contains(n.as_str()) || n.contains(tail.as_str())))
        })
}

/// Title candidates that compare equal under [`title_key`], with the weight of their votes
/// and the spellings the sources use.
struct TitleGroup {
    key: String,
    weight: f64,
    spellings: Vec<(String, f64)>,
}

/// Picks the headline by agreement: each source (JSON-LD, `<h1>` or the marked-up heading,
/// `og:title`, `<title>`) votes for its text and, with less weight, for its text without a
/// trailing or leading segment (most weight when that segment names the site); the text with the most weight wins, in the
/// spelling most of its votes use. Sources disagree when a site rewrites headlines for
/// search or social media, and the majority is then the page's own.
fn pick_title(ld: &LdArticle, m: &Meta) -> String {
    let (visible, visible_main) = match (&m.h1, &m.marked_headline) {
        (Some(h1), _) => (Some(h1.as_str()), None),
        (None, Some(mh)) => (Some(mh.whole.as_str()), mh.main.as_deref()),
        (None, None) => (None, None),
    };
    let sources = [
        (ld.headline.as_deref(), 1.1, None),
        (visible, 1.0, visible_main),
        (m.og_title.as_deref(), 1.0, None),
        (m.title_tag.as_deref(), 0.5, None),
    ];
    let site = m.site_name.as_deref().or(ld.publisher.as_deref());
    let host = m
        .canonical
        .as_deref()
        .or(m.og_url.as_deref())
        .and_then(|u| u.split('/').nth(2))
        .map(|h| h.trim_start_matches("www."));
    let site_names: Vec<&str> = [m.site_name.as_deref(), ld.publisher.as_deref(), host]
        .into_iter()
        .flatten()
        .collect();
    let full_texts: Vec<&str> = sources.iter().filter_map(|s| s.0).collect();
    let mut cands: Vec<TitleGroup> = Vec::new();
    for (src, w, extra) in sources {
        let Some(src) = src.filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut variants = vec![(src.to_string(), 1.0)];
        variants.extend(extra.map(|e| (e.to_string(), 0.9)));
        for sep in TITLE_SEPARATORS {
            for (head, tail) in [src.rsplit_once(sep), src.split_once(sep)]
                .into_iter()
                .flatten()
            {
                // Only a segment that names the site is surely not headline: " - " also
                // joins two halves of a headline ("Storm hits - schools shut").
                let f = if names_site(tail, &site_names) {
                    0.9
                } else {
                    0.5
                };
                variants.push((head.trim().to_string(), f));
            }
        }
        variants.extend(
            full_texts
                .iter()
                .filter(|t| ends_in_site_suffix(src, t, site))
                .map(|t| (t.to_string(), 0.9)),
        );
        let mut seen: Vec<String> = Vec::new();
        for (v, f) in variants {
            let key = title_key(&v);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let weight = w * f;
            let group = match cands.iter().position(|c| c.key == key) {
                Some(i) => &mut cands[i],
                None => {
                    cands.push(TitleGroup {
                        key,
                        weight: 0.0,
                        spellings: Vec::new(),
                    });
                    let last = cands.len() - 1;
                    &mut cands[last]
                }
            };
            group.weight += weight;
            match group.spellings.iter_mut().find(|s| s.0 == v) {
                Some(s) => s.1 += weight,
                None => group.spellings.push((v, weight)),
            }
        }
    }
    // The winning text in the spelling most of its sources use.
    let mut best: Option<&TitleGroup> = None;
    for c in &cands {
        if best.is_none_or(|b| c.weight > b.weight) {
            best = Some(c);
        }
    }
    let mut spelling: Option<&(String, f64)> = None;
    for s in best.map(|b| b.spellings.as_slice()).unwrap_or_default() {
        if spelling.is_none_or(|b| s.1 > b.1) {
            spelling = Some(s);
        }
    }
    spelling.map(|s| s.0.clone()).unwrap_or_default()
}

/// Picks the authors from the most trusted source that names a person: JSON-LD, then
/// `<meta>` tags, then visible bylines. Many CMSs credit the publication itself (as an
/// `Organization`, or under the site's name) when the journalist is named only in another
/// source, so organisation credits are dropped when people are named alongside them, and
/// kept only when no source names a person.
fn pick_authors(ld: &LdArticle, m: &Meta) -> Vec<String> {
    let mut orgs: Vec<&str> = ld.org_authors.iter().map(String::as_str).collect();
    orgs.extend(ld.publisher.as_deref());
    orgs.extend(m.site_name.as_deref());
    let is_org = |n: &str| orgs.iter().any(|o| same_org(n, o));
    let mut fallback: Option<Vec<String>> = None;
    for (i, src) in [&ld.authors, &m.authors, &m.visible_authors]
        .into_iter()
        .enumerate()
    {
        // Visible "bylines" found by class name are too noisy (addresses, teaser authors) to
        // overrule an organisation the metadata credits.
        if i == 2 && fallback.is_some() {
            break;
        }
        let names = clean_authors(src);
        if names.is_empty() {
            continue;
        }
        let mut people: Vec<String> = Vec::new();
        for entry in src {
            let parts = clean_authors(std::slice::from_ref(entry));
            // "Site, City, Country": what follows an organisation is its address.
            if parts.first().is_some_and(|p| is_org(p)) {
                continue;
            }
            for p in parts {
                if !is_org(&p) && !people.contains(&p) {
                    people.push(p);
                }
            }
        }
        if !people.is_empty() {
            return people;
        }
        fallback.get_or_insert(names);
    }
    fallback.unwrap_or_default()
}

/// Whether an author name is the organisation `org`: the same letters once case, spaces,
/// punctuation and a domain's top-level suffix are ignored (`Lrt.lt` = `lrt.lt`,
/// `VnExpress` ⊂ `Báo VnExpress`), or the organisation's initials (`LTO`).
fn same_org(name: &str, org: &str) -> bool {
    fn key(s: &str) -> String {
        let s = s.trim();
        // `example.co.uk` and `example.com` name the site `example`.
        let s = if !s.contains(' ') && s.contains('.') {
            s.trim_start_matches("www.").split('.').next().unwrap_or(s)
        } else {
            s
        };
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    let (n, o) = (key(name), key(org));
    if n.is_empty() || o.is_empty() {
        return false;
    }
    if n == o {
        return true;
    }
    // Containment only for names long enough not to match by chance, and never the site's
    // name inside a person's name (`Welt` in `Peter Weltmann`).
    if n.chars().count() >= 4 && o.contains(n.as_str()) {
        return true;
    }
    if !name.trim().contains(char::is_whitespace) && o.chars().count() >= 4 && n.contains(&o) {
        return true;
    }
    let initials: String = org
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let trimmed = name.trim();
    initials.chars().count() >= 2
        && trimmed.chars().all(|c| c.is_uppercase())
        && trimmed.to_lowercase() == initials
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
            let p = strip_byline_extras(part.trim());
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

/// Job titles that CJK bylines put after the name ("홍길동 기자", "山田太郎記者").
const BYLINE_ROLES: &[&str] = &["기자", "특파원", "記者", "特派員", "编辑", "通讯员"];

/// Removes what bylines add after a name: the author's initials or handle in parentheses
/// ("Anna Muster (amu)") and a CJK job title.
fn strip_byline_extras(p: &str) -> &str {
    let mut p = p;
    if p.ends_with(')')
        && let Some(open) = p.rfind('(')
        && !p[..open].trim().is_empty()
    {
        p = p[..open].trim_end();
    }
    for role in BYLINE_ROLES {
        if let Some(head) = p.strip_suffix(role)
            && !head.trim().is_empty()
        {
            p = head.trim_end();
            break;
        }
    }
    p
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

fn find_body(doc: &Html, divs: bool) -> Option<(NodeRef<'_, Node>, Scores)> {
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
                if matches!(el.name(), "p" | "pre" | "blockquote") || divs && is_text_div(c) {
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
                divs,
            },
        )
    })
}

/// Paragraph scores of the containers, so that a container holding much of the article text
/// is kept even when its class name sounds like furniture (`sidebar-grid__container`).
struct Scores {
    map: std::collections::HashMap<ego_tree::NodeId, f64>,
    keep_above: f64,
    /// Whether `<div>`s of inline content count as paragraphs.
    divs: bool,
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
    let mut roots: Vec<NodeRef<Node>> = siblings
        .into_iter()
        .filter(|sib| {
            sib.id() == root.id()
                || !skipped(*sib) && scores.map.get(&sib.id()).is_some_and(|s| *s >= sibling_min)
        })
        .collect();
    roots.extend(split_parts(root, scores, &roots));
    if roots.len() > 1 {
        let order = document_order(root, &roots);
        roots.sort_by_key(|r| order.get(&r.id()).copied().unwrap_or(usize::MAX));
    }
    for r in roots {
        walk_blocks(r, scores, &mut blocks, 0);
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

/// Share of the best container's score that another container of the same kind needs to be
/// taken as a further part of the article.
const PART_SHARE: f64 = 0.25;

/// The other parts of an article that the page splits into several containers of the same
/// kind (same tag and first class name, e.g. one `div.article-body` per section between ad
/// slots) that are not siblings: each part scores well, and none lies inside another or inside
/// page furniture.
fn split_parts<'a>(
    root: NodeRef<'a, Node>,
    scores: &Scores,
    taken: &[NodeRef<'a, Node>],
) -> Vec<NodeRef<'a, Node>> {
    let Some((name, class)) = signature(root) else {
        return Vec::new();
    };
    let Some(best) = scores.map.get(&root.id()).copied() else {
        return Vec::new();
    };
    let Some(top) = root.ancestors().last() else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    for (&id, &score) in &scores.map {
        if score < best * PART_SHARE || taken.iter().any(|t| t.id() == id) {
            continue;
        }
        let Some(n) = top.tree().get(id) else {
            continue;
        };
        if signature(n) != Some((name, class)) {
            continue;
        }
        let nested = |a: NodeRef<Node>, b: NodeRef<Node>| a.ancestors().any(|x| x.id() == b.id());
        if taken
            .iter()
            .chain(parts.iter())
            .any(|t| nested(n, *t) || nested(*t, n))
            || n.ancestors().any(skipped)
        {
            continue;
        }
        parts.push(n);
    }
    parts
}

/// Tag name and first class name of an element with a class.
fn signature<'a>(n: NodeRef<'a, Node>) -> Option<(&'a str, &'a str)> {
    let Node::Element(el) = n.value() else {
        return None;
    };
    let class = el.attr("class")?.split_whitespace().next()?;
    Some((el.name(), class))
}

/// Position in document order of each of `nodes` (the tree's ids follow parse order, which
/// the HTML tree builder's re-parenting can break).
fn document_order(
    any: NodeRef<Node>,
    nodes: &[NodeRef<Node>],
) -> std::collections::HashMap<ego_tree::NodeId, usize> {
    let mut order = std::collections::HashMap::new();
    let Some(top) = any.ancestors().last() else {
        return order;
    };
    for (i, d) in top.descendants().enumerate() {
        if nodes.iter().any(|n| n.id() == d.id()) {
            order.insert(d.id(), i);
            if order.len() == nodes.len() {
                break;
            }
        }
    }
    order
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
                if (is_block_tag(name) && !has_block_child(c)) || scores.divs && is_text_div(c) {
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

/// A `<div>` holding only inline content is a paragraph (readability's div-to-p rule): some
/// sites render every paragraph as `<div><span>text</span></div>`.
fn is_text_div(node: NodeRef<Node>) -> bool {
    fn inline_only(node: NodeRef<Node>, depth: usize) -> bool {
        depth < 8
            && node.children().all(|c| match c.value() {
                Node::Element(el) => {
                    matches!(
                        el.name(),
                        "span"
                            | "a"
                            | "b"
                            | "strong"
                            | "i"
                            | "em"
                            | "u"
                            | "br"
                            | "sup"
                            | "sub"
                            | "small"
                            | "mark"
                            | "abbr"
                            | "cite"
                            | "q"
                            | "time"
                            | "code"
                            | "s"
                    ) && inline_only(c, depth + 1)
                }
                _ => true,
            })
    }
    matches!(node.value(), Node::Element(el) if el.name() == "div")
        && node.children().any(|c| {
            matches!(c.value(), Node::Text(t) if !t.trim().is_empty())
                || matches!(c.value(), Node::Element(_))
        })
        && inline_only(node, 0)
}

fn has_block_child(node: NodeRef<Node>) -> bool {
    node.children().any(|c| match c.value() {
        Node::Element(el) => {
            is_block_tag(el.name()) || matches!(el.name(), "div" | "section" | "article" | "ul")
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Article {
        let ctx = FileContext::new(std::path::Path::new("test.html"));
        match parse(&ctx, html.as_bytes(), &PageHints::default()) {
            Ok(a) => a,
            Err(e) => panic!("no article: {e}"),
        }
    }

    const BODY: &str = "<body><article><h1>Headline</h1><p>Some paragraph of article text that is long enough to count.</p></article></body>";

    #[test]
    fn nested_author_arrays_are_flattened() {
        let a = page(&format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Headline",
            "author":[{{"@type":"Person","name":"Ann Writer"}},[{{"@type":"Person","name":"Desk Team"}}]]}}</script></head>{BODY}</html>"#
        ));
        assert_eq!(a.authors, ["Ann Writer", "Desk Team"]);
    }

    #[test]
    fn organisation_credit_gives_way_to_a_person_in_meta() {
        let a = page(&format!(
            r#"<html><head><meta property="og:site_name" content="Daily Example">
            <meta name="author" content="Daily Example">
            <meta name="cXenseParse:author" content="Ann Writer">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Headline",
            "author":{{"@type":"Organization","name":"Daily Example"}}}}</script></head>{BODY}</html>"#
        ));
        assert_eq!(a.authors, ["Ann Writer"]);
    }

    #[test]
    fn organisation_credit_is_kept_when_no_person_is_named() {
        let a = page(&format!(
            r#"<html><head><meta property="og:site_name" content="example.org">
            <meta name="author" content="example.org, Springfield, Freedonia">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Headline",
            "author":{{"@type":"NewsMediaOrganization","name":"Newsroom example.org"}}}}</script></head>{BODY}</html>"#
        ));
        assert_eq!(a.authors, ["Newsroom example.org"]);
    }

    #[test]
    fn site_name_among_people_is_dropped() {
        let a = page(&format!(
            r#"<html><head><meta property="og:site_name" content="paper.example">
            <meta name="author" content="Ann Writer, Paper.example"></head>{BODY}</html>"#
        ));
        assert_eq!(a.authors, ["Ann Writer"]);
    }

    #[test]
    fn organisation_names_are_recognised() {
        assert!(same_org("Lrt.lt", "lrt.lt"));
        assert!(same_org("VnExample", "Báo VnExample"));
        assert!(same_org("LTO", "Legal Tribune Online"));
        assert!(same_org("日本経済新聞社", "日本経済新聞"));
        assert!(!same_org("Peter Weltmann", "Welt"));
        assert!(!same_org("Ann Writer", "Daily Example"));
    }

    #[test]
    fn byline_initials_and_job_titles_are_stripped() {
        let raw = vec![
            "Anna Muster (amu), Bert Beispiel (bbe.)".to_string(),
            "홍길동 기자".to_string(),
        ];
        assert_eq!(
            clean_authors(&raw),
            ["Anna Muster", "Bert Beispiel", "홍길동"]
        );
        // A name that is only a parenthesis stays dropped, as before.
        assert!(clean_authors(&["(Image: Agency)".to_string()]).is_empty());
    }
    #[test]
    fn article_split_into_same_class_containers_is_read_whole() {
        let para = |w: &str| format!("<p>{w} {}</p>", "words of the article body text ".repeat(4));
        let html = format!(
            r#"<html><body><main>
            <section><div class="wrap"><div class="story-body extra">{}{}</div></div></section>
            <section><div class="ad-slot"><p>Advertisement placeholder text that is long enough</p></div></section>
            <section><div class="wrap"><div class="story-body last">{}</div></div></section>
            </main>
            <div class="teaser-list"><div class="story-body">{}</div></div>
            <aside><div class="story-body">{}</div></aside>
            </body></html>"#,
            para("first"),
            para("second"),
            para("third"),
            para("teaser"),
            para("aside"),
        );
        let a = page(&html);
        let firsts: Vec<&str> = a
            .body
            .split("\n\n")
            .filter_map(|b| b.split_whitespace().next())
            .collect();
        assert_eq!(firsts, ["first", "second", "third"]);
    }
    #[test]
    fn paragraphs_set_as_divs_are_read_when_there_are_no_p() {
        let div = |w: &str| {
            format!(
                r#"<div class="block"><div class="x"><span>{w} {}</span></div></div>"#,
                "sentence of article text set in a span ".repeat(6)
            )
        };
        let html = format!(
            "<html><body><nav><div><a href='/'>Home</a></div></nav><main>{}{}<div class='block'><div><h3><span>A subhead</span></h3></div></div>{}</main></body></html>",
            div("one"),
            div("two"),
            div("three")
        );
        let a = page(&html);
        let firsts: Vec<&str> = a
            .body
            .split("\n\n")
            .filter_map(|b| b.split_whitespace().next())
            .collect();
        assert_eq!(firsts, ["one", "two", "A", "three"]);
    }

    #[test]
    fn divs_do_not_count_when_the_page_has_paragraphs() {
        let text = "Real paragraph text of the article, long enough to be scored. ".repeat(6);
        let html = format!(
            "<html><body><article><p>{text}</p><p>{text}</p></article>\
             <div class='cards'><div>Teaser card one with a fairly long line of text here</div>\
             <div>Teaser card two with a fairly long line of text here too</div></div></body></html>"
        );
        let a = page(&html);
        assert!(!a.body.contains("Teaser"), "{}", a.body);
    }
    #[test]
    fn teaser_bylines_in_lists_are_not_authors() {
        let a = page(
            r#"<html><body><article><h1>Headline</h1>
            <span class="byline"><a rel="author" href="/a/ann">Ann Writer</a></span>
            <p>Some paragraph of article text that is long enough to count.</p></article>
            <ul class="more-stories"><li><a href="/s/2">Other story</a>
            <a rel="author" href="/a/bob">Bob Other</a></li></ul></body></html>"#,
        );
        assert_eq!(a.authors, ["Ann Writer"]);
    }
    #[test]
    fn short_article_is_not_padded_with_teaser_divs() {
        let html = "<html><body><article><p>A short news item of about two hundred bytes, \
            which is all the text the story has, stays as it is.</p><p>Its second paragraph \
            adds a little more text to the story itself.</p></article>\
            <div class='cards'><div>Teaser card one with a fairly long line of text here, and more of it</div>\
            <div>Teaser card two with a fairly long line of text here too, and more of it</div>\
            <div>Teaser card three with a fairly long line of text here, and more of it</div></div>\
            </body></html>";
        let a = page(html);
        assert!(a.body.starts_with("A short news item"), "{}", a.body);
        assert!(!a.body.contains("Teaser"), "{}", a.body);
    }

    const PARA: &str = "<p>Some paragraph of article text that is long enough to count.</p>";

    #[test]
    fn breadcrumb_h1_gives_way_to_the_hgroup_heading() {
        let a = page(&format!(
            r#"<html><head><meta property="og:title" content="Search engine headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Seen headline"}}</script>
            </head><body><nav><ol><li><a href="/">Home</a></li><li><h1>Search engine headline</h1></li></ol></nav>
            <article><hgroup><p>Kicker</p><h2>Seen headline</h2></hgroup>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Seen headline");
    }

    #[test]
    fn h1_marked_as_breadcrumb_is_furniture() {
        let a = page(&format!(
            r#"<html><head><title>Search engine headline | Site</title>
            <meta property="og:title" content="Seen headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Search engine headline"}}</script>
            </head><body><div><h1 class="crumbs" data-breadcrumb-headline>Search engine headline</h1></div>
            <article><h2 class="story__heading"><span class="story__kicker">Topic</span>
            <span class="story__headline">Seen headline</span></h2>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Seen headline");
    }

    #[test]
    fn css_module_hashes_are_ignored_in_headline_classes() {
        assert_eq!(
            strip_css_hash("story-head_headline__Qx7Rb"),
            "story-head_headline"
        );
        assert_eq!(strip_css_hash("title__headline"), "title__headline");
        let a = page(&format!(
            r#"<html><head><meta property="og:title" content="Seen headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Topic: Seen headline"}}</script>
            <title>Topic: Seen headline</title></head><body><nav class="crumbs"><h1>Topic: Seen headline</h1></nav>
            <article><h2 class="story-head_lines__A1b2C"><span class="kicker__Zz9Yy">Topic</span>
            <span class="story-head_headline__Qx7Rb">Seen headline</span></h2>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Seen headline");
    }

    #[test]
    fn heading_in_parts_votes_for_its_last_part() {
        let a = page(&format!(
            r#"<html><head><meta property="og:title" content="Seen headline">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Search engine headline"}}</script>
            </head><body><article><h2 class="title"><span>Topic</span> <span>Seen headline</span></h2>
            {PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Seen headline");
    }

    #[test]
    fn meta_headline_and_unspaced_site_suffix() {
        let a = page(&format!(
            r#"<html><head><title>A headline-Section|Site</title>
            <meta property="og:site_name" content="Site">
            <meta property="og:title" content="A headline-Section|Site">
            <meta name="headline" content="A headline"></head>
            <body><article>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "A headline");
        // A hyphen inside the headline is not a separator, unless the site's name ends
        // what follows it.
        assert!(!ends_in_site_suffix(
            "Covid-19 rules",
            "Covid",
            Some("Site")
        ));
        assert!(ends_in_site_suffix(
            "Covid-Health·Site",
            "Covid",
            Some("Site")
        ));
        assert!(ends_in_site_suffix("Covid - rules", "Covid", None));
    }

    #[test]
    fn soft_hyphens_do_not_split_the_vote() {
        let a = page(&format!(
            "<html><head><meta property=\"og:title\" content=\"Helikopterlandeplatz geplant\">\
            <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Another text\"}}</script>\
            </head><body><article><h1>Helikopter\u{ad}landeplatz\u{a0}geplant</h1>{PARA}</article></body></html>"
        ));
        assert_eq!(
            a.title.replace('\u{ad}', ""),
            "Helikopterlandeplatz geplant"
        );
        assert_eq!(title_key("A\u{200b}b\u{a0} C"), "ab c");
    }

    #[test]
    fn only_a_site_named_segment_is_surely_not_headline() {
        let a = page(&format!(
            r#"<html><head><title>Storm hits - schools shut | Site</title>
            <meta property="og:site_name" content="Site">
            <meta property="og:title" content="Storm hits - schools shut">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Storm hits - schools shut"}}</script>
            </head><body><article><h1>Storm hits</h1>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Storm hits - schools shut");
        let a = page(&format!(
            r#"<html><head><title>Storm hits | Site</title>
            <meta property="og:url" content="https://www.site.example/storm">
            <meta property="og:title" content="Storm hits | Site.example">
            </head><body><article><h1>Storm hits</h1>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Storm hits");
        assert!(names_site(
            "Royal | News | Express.co.uk",
            &["express.co.uk"]
        ));
        assert!(!names_site(
            "Güncel haberler",
            &["Habertürk", "haberturk.com"]
        ));
    }

    #[test]
    fn most_used_spelling_of_the_winning_title() {
        let a = page(&format!(
            r#"<html><head><title>Ann's  day | Site</title>
            <meta property="og:title" content="Ann's day">
            <script type="application/ld+json">{{"@type":"NewsArticle","headline":"ANN'S DAY"}}</script>
            </head><body><article>{PARA}</article></body></html>"#
        ));
        assert_eq!(a.title, "Ann's day");
    }
}
