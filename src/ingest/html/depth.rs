//! A bound on how deeply a page's elements nest, applied before the page is parsed.
//!
//! html5ever follows the HTML standard, whose tree builder looks through the stack of open
//! elements for nearly every start tag ("is a `p` in button scope?"), so a page costs its tags
//! times its depth: 25,000 nested `<div>`s took 1.3 s, 100,000 (a 1.1 MB file) 26 s, and one
//! hostile page could stall a crawl. Browsers bound the depth for the same reason (Chromium
//! stops nesting at 512 levels and puts deeper elements beside each other); newsdex does the
//! same in one linear pass over the markup: a start tag that would open an element deeper than
//! [`MAX_DEPTH`] is removed with its end tag, and everything between them (text, shallower
//! markup) stays where it was. A page within the bound, which every real article is (their
//! markup nests a few dozen levels), is parsed untouched.
//!
//! The pass follows the parts of tokenization that decide nesting: comments, doctype and
//! processing instructions, quoted attribute values, raw-text elements (`script`, `style`,
//! `textarea`, `title`, …) whose content holds no tags, void elements, self-closing tags inside
//! SVG and MathML, elements whose end tag is implied (`p`, `li`, `td`, …, never counted), and
//! end tags that close every element above the one they name.

use std::borrow::Cow;
use std::collections::HashMap;

/// Elements nested at most this deep are kept as they are. Lower than Chromium's 512 so that
/// the deepest text stays within reach of the body extractor, whose walks stop at 200 to 400
/// levels (guards against overflowing the stack).
pub const MAX_DEPTH: usize = 128;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements closed by the next one of their kind (or their parent's end) when their end tag
/// is left out, as it usually is: counting them would take sloppy pages for deep ones.
const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "rb", "rt", "rp", "rtc",
];

/// Roots of foreign content, where `<x/>` closes itself.
const FOREIGN: &[&str] = &["svg", "math"];

/// One open element of the pass.
struct Open {
    name: String,
    /// Its start tag was removed (it lay beyond the bound), so its end tag goes too.
    removed: bool,
}

/// `html` with every element nested deeper than [`MAX_DEPTH`] unwrapped (see the module
/// comment); borrowed as it is when nothing nests that deep.
pub fn bound_depth(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    // How many elements of each name are open: an end tag naming none is ignored at once (as
    // a parser ignores a stray one), and one naming an open element pops down to it, so every
    // element is pushed and popped once and the pass stays linear.
    let mut open_by_name: HashMap<String, usize> = HashMap::new();
    let mut foreign = 0usize;
    // Byte ranges of the tags to remove, in order.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + off;
        let rest = &b[start..];
        if rest.starts_with(b"<!--") {
            i = find(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(b, start + 2, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            i = start + 1; // a '<' in text
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(end) = tag_end(b, name_start + name_len) else {
            break; // a tag cut off at the end of the page
        };
        i = end;
        let self_closing = end >= 2 && b[end - 2] == b'/';
        if closing {
            if open_by_name.get(&name).is_some_and(|&n| n > 0) {
                while let Some(open) = stack.pop() {
                    if FOREIGN.contains(&open.name.as_str()) {
                        foreign -= 1;
                    }
                    if let Some(n) = open_by_name.get_mut(&open.name) {
                        *n -= 1;
                    }
                    if open.name == name {
                        if open.removed {
                            cuts.push((start, end));
                        }
                        break;
                    }
                }
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Its content is text; a removed raw-text tag would let that text read as markup.
            i = find_end_tag(b, end, &name).unwrap_or(b.len());
            continue;
        }
        if VOID.contains(&name.as_str())
            || IMPLIED_END.contains(&name.as_str())
            || (self_closing && foreign > 0)
        {
            continue;
        }
        let removed = stack.len() >= MAX_DEPTH;
        if removed {
            cuts.push((start, end));
        }
        if FOREIGN.contains(&name.as_str()) {
            foreign += 1;
        }
        *open_by_name.entry(name.clone()).or_default() += 1;
        stack.push(Open { name, removed });
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (s, e) in cuts {
        out.push_str(&html[from..s]);
        from = e;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The index of the first `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The index just past the `>` that ends the tag whose attributes start at `from`, skipping
/// quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(k + 1),
            None => {}
        }
    }
    None
}

/// The index of the end tag `</name` (any case) at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut k = from;
    while let Some(p) = find(b, k, b"</") {
        let n = p + 2;
        if b.len() >= n + name.len() && b[n..n + name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(p);
        }
        k = p + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest nesting of `<div>`/`<span>` in `html`, counted naively.
    fn depth(html: &str) -> usize {
        let (mut d, mut max) = (0usize, 0usize);
        for (k, _) in html.match_indices('<') {
            let rest = &html[k..];
            if rest.starts_with("</div") || rest.starts_with("</span") {
                d = d.saturating_sub(1);
            } else if rest.starts_with("<div") || rest.starts_with("<span") {
                d += 1;
                max = max.max(d);
            }
        }
        max
    }

    #[test]
    fn pages_within_the_bound_are_untouched() {
        let page = "<html><head><title>a <b> title</title><script>if (a<b) x='</div>';</script>\
                    </head><body><div class=\"x>y\"><p>One<p>Two<ul><li>a<li>b</ul>\
                    <svg><path d='M0'/><path/></svg><!-- <div> --><br><img src=x></div></body></html>";
        assert!(matches!(bound_depth(page), Cow::Borrowed(_)));
        let nested = format!(
            "{}text{}",
            "<div>".repeat(MAX_DEPTH),
            "</div>".repeat(MAX_DEPTH)
        );
        assert!(matches!(bound_depth(&nested), Cow::Borrowed(_)));
    }

    #[test]
    fn deeper_elements_are_unwrapped_and_their_text_kept() {
        let n = 100_000;
        let page = format!(
            "<html><body>{}<p>deep text</p>{}<p>after</p></body></html>",
            "<div class=\"d\">".repeat(n),
            "</div>".repeat(n)
        );
        let out = bound_depth(&page);
        // `html` and `body` are open elements too.
        let divs = MAX_DEPTH - 2;
        assert_eq!(depth(&out), divs);
        assert!(out.contains("<p>deep text</p>"));
        assert!(out.ends_with("<p>after</p></body></html>"));
        // Exactly the tags beyond the bound went, start and end alike.
        assert_eq!(out.matches("<div").count(), divs);
        assert_eq!(out.matches("</div>").count(), divs);
        // Unclosed elements and implied ends count the same way.
        let sloppy = format!("{}<p>x", "<span><p>y".repeat(2 * MAX_DEPTH));
        let out = bound_depth(&sloppy);
        assert_eq!(depth(&out), MAX_DEPTH);
        assert_eq!(out.matches("<p>").count(), 2 * MAX_DEPTH + 1);
    }

    #[test]
    fn end_tags_close_what_they_name_and_stray_ones_are_ignored() {
        // `</section>` closes the spans left open inside it: the depth falls back, so later
        // nesting starts from there.
        let chunk = format!("<section>{}</section>", "<span>".repeat(MAX_DEPTH - 1));
        let page = format!("{chunk}{chunk}{}", "</nothing>".repeat(10_000));
        assert!(matches!(bound_depth(&page), Cow::Borrowed(_)));
    }
}
