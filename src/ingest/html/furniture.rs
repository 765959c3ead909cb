//! Page furniture: the tags whose subtrees are never article text, and the words in
//! `class`/`id`/`role` that mark navigation, sharing, advertising and the like.

use ego_tree::NodeRef;
use scraper::Node;

/// Tags whose subtree is never article text.
pub(super) fn is_skipped_tag(name: &str) -> bool {
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
pub(super) const BOILERPLATE: &[&str] = &[
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

pub(super) fn is_boilerplate(el: &scraper::node::Element) -> bool {
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

pub(super) fn skipped(node: NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(el) => is_skipped_tag(el.name()) || is_boilerplate(el),
        Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_) => true,
        _ => false,
    }
}

/// Like [`skipped`] but by tag only: while looking for the article container, class names
/// are not trusted (containers are often called `has-ads`, `header-offset`...).
pub(super) fn skipped_tag(node: NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(el) => is_skipped_tag(el.name()),
        Node::Comment(_) | Node::ProcessingInstruction(_) | Node::Doctype(_) => true,
        _ => false,
    }
}
