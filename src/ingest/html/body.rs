//! The article text: the container whose paragraphs carry the most text (readability's
//! scoring, simplified), its text-holding siblings, and its blocks in document order.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::furniture::{skipped, skipped_tag};
use crate::ingest::decode::collapse_ws;

pub(super) fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre" | "li" | "dd" | "td"
    )
}

/// The inline text of a block (its text descendants, skipping furniture), whitespace-collapsed.
pub(super) fn block_text(node: NodeRef<Node>, out: &mut String, depth: usize) {
    if depth > MAX_INLINE_DEPTH {
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

/// How many ancestors of a paragraph share its score (the parent all of it, the next half,
/// and so on), so that the container of many paragraphs outscores each paragraph's parent.
pub(super) const LEVELS: usize = 5;

/// Share of the best container's score a sibling needs to be taken along.
pub(super) const SIBLING_SHARE: f64 = 0.35;

/// Picks the element that holds the article text: the one whose paragraph children carry the
/// most text (readability's scoring, simplified), found in one pass.
pub(super) fn find_body(doc: &Html, divs: bool) -> Option<(NodeRef<'_, Node>, Scores)> {
    use std::collections::HashMap;
    let mut scores: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    let mut stack = vec![(doc.tree.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH {
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
                    if len >= MIN_SCORED_CHARS {
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
                keep_above: best_score * KEEP_SHARE,
                divs,
            },
        )
    })
}

/// Paragraph scores of the containers, so that a container holding much of the article text
/// is kept even when its class name sounds like furniture (`sidebar-grid__container`).
pub(super) struct Scores {
    pub(super) map: std::collections::HashMap<ego_tree::NodeId, f64>,
    pub(super) keep_above: f64,
    /// Whether `<div>`s of inline content count as paragraphs.
    pub(super) divs: bool,
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
pub(super) fn extract_blocks(root: NodeRef<Node>, scores: &Scores, title: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    // Articles split over sibling containers (text, ad slot, text): take the siblings that
    // score well too, as readability does.
    let siblings: Vec<NodeRef<Node>> = match root.parent() {
        Some(p) => p.children().collect(),
        None => vec![root],
    };
    let sibling_min = scores.keep_above / KEEP_SHARE * SIBLING_SHARE;
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
pub(super) const PART_SHARE: f64 = 0.25;

/// The other parts of an article that the page splits into several containers of the same
/// kind (same tag and first class name, e.g. one `div.article-body` per section between ad
/// slots) that are not siblings: each part scores well, and none lies inside another or inside
/// page furniture.
pub(super) fn split_parts<'a>(
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
pub(super) fn signature<'a>(n: NodeRef<'a, Node>) -> Option<(&'a str, &'a str)> {
    let Node::Element(el) = n.value() else {
        return None;
    };
    let class = el.attr("class")?.split_whitespace().next()?;
    Some((el.name(), class))
}

/// Position in document order of each of `nodes` (the tree's ids follow parse order, which
/// the HTML tree builder's re-parenting can break).
pub(super) fn document_order(
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

pub(super) fn walk_blocks(
    node: NodeRef<Node>,
    scores: &Scores,
    blocks: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_BLOCK_DEPTH {
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
                    if !(t.is_empty() || name == "li" && t.chars().count() < MIN_LIST_ITEM_CHARS) {
                        blocks.push(t);
                    }
                } else {
                    walk_blocks(c, scores, blocks, depth + 1);
                }
            }
            Node::Text(t) => {
                // Text directly in a container (sites that use <br> instead of <p>).
                let t = collapse_ws(t);
                if t.chars().count() >= MIN_LOOSE_TEXT_CHARS {
                    blocks.push(t);
                }
            }
            _ => {}
        }
    }
}

/// A block whose text is more than this many tenths link text is a teaser or a link list.
pub(super) const LINK_DENSITY_TENTHS: usize = 7;

/// Deepest nesting the walks follow: the tree walks of scoring and of the blocks, the text
/// of one block, the link count of one block, and the inline-only test of a `<div>`. Pages
/// nest far less; the bounds keep hostile input from exhausting the stack.
const MAX_TREE_DEPTH: usize = 400;
/// See [`MAX_TREE_DEPTH`].
const MAX_BLOCK_DEPTH: usize = 300;
/// See [`MAX_TREE_DEPTH`].
const MAX_INLINE_DEPTH: usize = 200;
/// See [`MAX_TREE_DEPTH`].
const MAX_LINK_DEPTH: usize = 100;
/// See [`MAX_TREE_DEPTH`].
const MAX_DIV_DEPTH: usize = 8;

/// Paragraphs shorter than this (in characters, words and spaces) do not score their
/// containers: captions, datelines and buttons.
const MIN_SCORED_CHARS: usize = 25;
/// Share of the best container's score another container needs for its text to be kept
/// when its class name sounds like furniture.
const KEEP_SHARE: f64 = 0.3;
/// List items shorter than this are navigation, not article text.
const MIN_LIST_ITEM_CHARS: usize = 40;
/// Text set loose in a container (with `<br>`s) counts from this length.
const MIN_LOOSE_TEXT_CHARS: usize = 80;

/// Characters of text inside `<a>` elements below `node`, whitespace excluded.
pub(super) fn link_chars(node: NodeRef<Node>, depth: usize) -> usize {
    if depth > MAX_LINK_DEPTH {
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
pub(super) fn is_text_div(node: NodeRef<Node>) -> bool {
    fn inline_only(node: NodeRef<Node>, depth: usize) -> bool {
        depth < MAX_DIV_DEPTH
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

pub(super) fn has_block_child(node: NodeRef<Node>) -> bool {
    node.children().any(|c| match c.value() {
        Node::Element(el) => {
            is_block_tag(el.name()) || matches!(el.name(), "div" | "section" | "article" | "ul")
        }
        _ => false,
    })
}
