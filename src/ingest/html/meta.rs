//! One walk over the page's markup for what it says about itself: `<title>`, `<h1>` and
//! marked-up headlines, `<meta>` and OpenGraph tags, JSON-LD scripts, dates, bylines.

use ego_tree::NodeRef;
use scraper::Node;

use super::html_unescape;
use crate::ingest::decode::collapse_ws;

/// What the page's markup says about itself, gathered in one walk.
#[derive(Default, Debug)]
pub(super) struct Meta {
    pub(super) ld_json: Vec<String>,
    pub(super) title_tag: Option<String>,
    pub(super) og_title: Option<String>,
    /// The first `<h1>` that is not navigation furniture.
    pub(super) h1: Option<String>,
    /// The first element marked up as the headline (microdata, an `<hgroup>` heading, a
    /// headline or title class), for pages whose only `<h1>` sits in the breadcrumb trail.
    pub(super) marked_headline: Option<MarkedHeadline>,
    pub(super) dates: Vec<String>,
    pub(super) time: Option<String>,
    pub(super) authors: Vec<String>,
    pub(super) canonical: Option<String>,
    pub(super) og_url: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) site_name: Option<String>,
    pub(super) section: Option<String>,
    pub(super) description: Option<String>,
    pub(super) visible_authors: Vec<String>,
}

/// The element marked up as the headline. Sites often set a kicker (a topic line) and the
/// headline proper as two parts of one heading; whether the kicker belongs to the title
/// varies, so for a marked heading both the whole and its last part are kept.
#[derive(Debug)]
pub(super) struct MarkedHeadline {
    pub(super) whole: String,
    /// The heading's last element when it is set in parts.
    pub(super) main: Option<String>,
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

/// Deepest nesting the metadata walk follows (pages nest far less; hostile ones more).
const MAX_DEPTH: usize = 400;

/// Walks the page once for its metadata. `in_teaser` is set below list items and page
/// furniture (`li`, `aside`, `nav`, `footer`), where bylines belong to other stories.
pub(super) fn collect(node: NodeRef<Node>, m: &mut Meta, depth: usize, in_teaser: bool) {
    if depth > MAX_DEPTH {
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
pub(super) fn is_breadcrumb(el: &scraper::node::Element) -> bool {
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
pub(super) fn marks_headline(el: &scraper::node::Element, parent: Option<&str>) -> bool {
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
pub(super) fn strip_css_hash(class: &str) -> &str {
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
pub(super) fn node_text(node: NodeRef<Node>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}
