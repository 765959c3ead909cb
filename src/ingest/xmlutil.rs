//! A small element tree over quick-xml for the wire formats: their files are small (one story
//! each) and their structure deep, so walking a tree is simpler than streaming events.
//! Names keep only their local part (`nitf:body` → `body`), since agencies vary in prefixes.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::IngestError;

/// One element: local name, attributes (local names) and children in document order.
#[derive(Debug, Default, Clone)]
pub struct Elem {
    /// Local name, without namespace prefix.
    pub name: String,
    /// Attributes as (local name, unescaped value).
    pub attrs: Vec<(String, String)>,
    /// Child elements and text, in document order.
    pub children: Vec<XNode>,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub enum XNode {
    /// A child element.
    Elem(Elem),
    /// Character data (entities resolved).
    Text(String),
}

const MAX_DEPTH: usize = 256;

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

fn attrs_of(e: &quick_xml::events::BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|c| c.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned());
            (local(a.key.as_ref()), v)
        })
        .collect()
}

/// The local name of the document's root element, read without building the tree.
pub fn root_element(bytes: &[u8]) -> Option<String> {
    let text = super::decode::to_utf8(bytes);
    let mut r = Reader::from_str(&text);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => return Some(local(e.name().as_ref())),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Why a document could not be read as XML.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    /// The XML parser stopped here.
    #[error("{message} at byte {position}")]
    Syntax {
        /// The parser's message.
        message: String,
        /// The byte offset it stopped at.
        position: u64,
    },
    /// Elements nested deeper than [`MAX_DEPTH`].
    #[error("elements nested too deep")]
    TooDeep,
    /// The document holds no element.
    #[error("no root element")]
    NoRoot,
}

/// Decodes the bytes of an XML file and parses them into the root element; failures are
/// [`IngestError::Malformed`] for `format` ("NITF", "NewsML").
pub fn parse_document(bytes: &[u8], format: &'static str) -> Result<Elem, IngestError> {
    let text = super::decode::to_utf8(bytes);
    parse(&text).map_err(|e| IngestError::Malformed {
        format,
        detail: e.to_string(),
    })
}

/// Parses a whole document into its root element. Unbalanced end tags are tolerated
/// (agency files are not always well-formed); syntax errors give a message with the position.
pub fn parse(text: &str) -> Result<Elem, XmlError> {
    let mut r = Reader::from_str(text);
    r.config_mut().check_end_names = false;
    let mut stack: Vec<Elem> = vec![Elem::default()];
    loop {
        let ev = r.read_event().map_err(|e| XmlError::Syntax {
            message: e.to_string(),
            position: r.buffer_position(),
        })?;
        match ev {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(Elem {
                    name: local(e.name().as_ref()),
                    attrs: attrs_of(&e),
                    children: Vec::new(),
                });
            }
            Event::Empty(e) => {
                let el = Elem {
                    name: local(e.name().as_ref()),
                    attrs: attrs_of(&e),
                    children: Vec::new(),
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(XNode::Elem(el));
                }
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some(el) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.children.push(XNode::Elem(el));
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                if let Some(top) = stack.last_mut() {
                    top.children.push(XNode::Text(s));
                }
            }
            Event::GeneralRef(g) => {
                let name: &str = &g;
                let s = html_escape::decode_html_entities(&format!("&{name};")).into_owned();
                if let Some(top) = stack.last_mut() {
                    top.children.push(XNode::Text(s));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children
                        .push(XNode::Text(t.xml10_content().into_owned()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    while stack.len() > 1 {
        if let Some(el) = stack.pop()
            && let Some(top) = stack.last_mut()
        {
            top.children.push(XNode::Elem(el));
        }
    }
    let doc = stack.pop().unwrap_or_default();
    doc.children
        .into_iter()
        .find_map(|c| match c {
            XNode::Elem(e) => Some(e),
            XNode::Text(_) => None,
        })
        .ok_or(XmlError::NoRoot)
}

/// Elements whose text is one paragraph of a body.
const TEXT_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "hl2",
    "td",
];

/// Elements that only group paragraphs (or break lines): they make an element a block
/// container without being a paragraph themselves.
const CONTAINER_BLOCKS: &[&str] = &["div", "section", "ul", "ol", "table", "br"];
impl Elem {
    /// The value of attribute `name` (local name).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elems(&self) -> impl Iterator<Item = &Elem> {
        self.children.iter().filter_map(|c| match c {
            XNode::Elem(e) => Some(e),
            XNode::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Elem> {
        self.elems().find(|e| e.name == name)
    }

    /// The first descendant (depth-first, document order) named `name`.
    pub fn find(&self, name: &str) -> Option<&Elem> {
        for e in self.elems() {
            if e.name == name {
                return Some(e);
            }
            if let Some(f) = e.find(name) {
                return Some(f);
            }
        }
        None
    }

    /// All descendants named `name`, in document order.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Elem>) {
        for e in self.elems() {
            if e.name == name {
                out.push(e);
            }
            e.find_all(name, out);
        }
    }

    /// All text below this element, whitespace-collapsed.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.raw_text(&mut s);
        super::decode::collapse_ws(&s)
    }

    fn raw_text(&self, s: &mut String) {
        for c in &self.children {
            match c {
                XNode::Text(t) => s.push_str(t),
                XNode::Elem(e) => {
                    s.push(' ');
                    e.raw_text(s);
                }
            }
        }
    }

    /// Text as paragraphs: each block element (`p`, headings, list items...) one paragraph,
    /// separated by blank lines. Used for NITF `body.content` and XHTML bodies.
    pub fn paragraphs(&self) -> String {
        let mut blocks = Vec::new();
        self.collect_blocks(&mut blocks);
        blocks.retain(|b: &String| !b.is_empty());
        blocks.join("\n\n")
    }

    fn has_block(&self) -> bool {
        self.elems().any(|e| {
            TEXT_BLOCKS.contains(&e.name.as_str())
                || CONTAINER_BLOCKS.contains(&e.name.as_str())
                || e.has_block()
        })
    }

    fn collect_blocks(&self, blocks: &mut Vec<String>) {
        let mut loose = String::new();
        for c in &self.children {
            match c {
                XNode::Text(t) => loose.push_str(t),
                XNode::Elem(e) => {
                    if TEXT_BLOCKS.contains(&e.name.as_str()) {
                        blocks.push(super::decode::collapse_ws(&loose));
                        loose.clear();
                        blocks.push(e.text());
                    } else if matches!(
                        e.name.as_str(),
                        "media" | "img" | "object" | "script" | "style" | "figure"
                    ) {
                    } else if e.has_block() {
                        blocks.push(super::decode::collapse_ws(&loose));
                        loose.clear();
                        e.collect_blocks(blocks);
                    } else {
                        // Inline markup (`<i>`, `<a>`, `<person>`): part of the running text.
                        loose.push(' ');
                        e.raw_text(&mut loose);
                        loose.push(' ');
                    }
                }
            }
        }
        blocks.push(super::decode::collapse_ws(&loose));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_and_garbage() {
        let e = parse(
            "<?xml version='1.0'?><a x='1'><b>hi &amp; <i>there</i></b><p>one</p><p>two</p></a>",
        )
        .unwrap();
        assert_eq!(e.name, "a");
        assert_eq!(e.attr("x"), Some("1"));
        assert_eq!(e.find("b").unwrap().text(), "hi & there");
        assert_eq!(e.paragraphs(), "hi & there\n\none\n\ntwo");
        assert!(parse("").is_err());
        let _ = parse("<a><b></a>");
        let _ = parse("<a attr=\"unterminated><");
        assert_eq!(
            root_element(b"<?xml version='1.0'?><!-- c --><nitf>").as_deref(),
            Some("nitf")
        );
    }
}
