//! IPTC NITF (News Industry Text Format): one story per file, with agency metadata
//! (`docdata`) that names the people, places and organisations the story is about.

use super::dates::parse_date;
use super::xmlutil::{self, Elem};
use super::{FileContext, IngestError, Parsed};
use crate::article::{Article, Place};

/// Parses an NITF document (`<nitf>` root) into its one article.
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let root = xmlutil::parse_document(bytes, "NITF")?;
    if root.name != "nitf" {
        return Err(IngestError::Malformed {
            format: "NITF",
            detail: format!("root element is <{}>, not <nitf>", root.name),
        });
    }
    let a = from_nitf(ctx, &root)?;
    Ok(Parsed::one(a))
}

/// Builds an article from an `<nitf>` element; shared with NewsML items that wrap NITF.
pub(crate) fn from_nitf(ctx: &FileContext, root: &Elem) -> Result<Article, IngestError> {
    let mut a = Article {
        path: ctx.path_str.clone(),
        ..Article::default()
    };
    let head = root.child("head");
    let body = root.child("body");
    let hl1 = body
        .and_then(|b| b.find("hedline"))
        .and_then(|h| h.child("hl1"))
        .map(Elem::text)
        .filter(|t| !t.is_empty());
    a.title = hl1
        .or_else(|| head.and_then(|h| h.child("title")).map(Elem::text))
        .unwrap_or_default();
    if let Some(docdata) = head.and_then(|h| h.child("docdata")) {
        a.id = docdata
            .child("doc-id")
            .and_then(|d| d.attr("id-string"))
            .unwrap_or_default()
            .to_string();
        a.date = ["date.issue", "date.release"]
            .iter()
            .filter_map(|n| docdata.child(n))
            .find_map(|d| d.attr("norm").and_then(parse_date));
        if let Some(ic) = docdata.child("identified-content") {
            add_entities(&mut a, ic);
        }
        if let Some(ev) = docdata.child("evloc")
            && let Some(city) = ev.attr("city")
        {
            a.add_place(Place::top_level(city));
        }
    }
    if let Some(lang) = root
        .attr("lang")
        .or_else(|| head.and_then(|h| h.attr("lang")))
    {
        a.language = Some(
            lang.chars()
                .take(2)
                .collect::<String>()
                .to_ascii_lowercase(),
        );
    }
    if let Some(bh) = body.and_then(|b| b.child("body.head")) {
        for by in bh.elems().filter(|e| e.name == "byline") {
            let mut persons = Vec::new();
            by.find_all("person", &mut persons);
            if persons.is_empty() {
                let t = by
                    .children
                    .iter()
                    .filter_map(|c| match c {
                        xmlutil::XNode::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect::<String>();
                let t = crate::ingest::decode::collapse_ws(&t);
                let t = t.strip_prefix("By ").unwrap_or(&t).trim().to_string();
                if !t.is_empty() {
                    a.authors.push(t);
                }
            } else {
                a.authors.extend(persons.iter().map(|p| p.text()));
            }
        }
        if let Some(ab) = bh.child("abstract") {
            a.lede = ab.text();
        }
        if let Some(d) = bh.child("distributor") {
            a.source = Some(d.text()).filter(|s| !s.is_empty());
        }
    }
    if let Some(content) = body.and_then(|b| b.child("body.content")) {
        a.body = content.paragraphs();
    }
    if a.title.is_empty() && a.body.is_empty() {
        return Err(IngestError::NoArticle("NITF document without text".into()));
    }
    if a.id.is_empty() {
        a.id = ctx.path_str.clone();
    }
    Ok(a)
}

fn add_entities(a: &mut Article, ic: &Elem) {
    for e in ic.elems() {
        let value = e
            .attr("value")
            .map(str::to_string)
            .unwrap_or_else(|| e.text());
        match e.name.as_str() {
            "person" => a.add_person(&value),
            "location" => {
                let mut names = Vec::new();
                for n in ["city", "state", "region", "country"] {
                    if let Some(x) = e.child(n) {
                        names.push(x.text());
                    }
                }
                let name = names.into_iter().find(|n| !n.is_empty()).unwrap_or(value);
                if !name.is_empty() {
                    a.add_place(Place::top_level(&name));
                }
            }
            _ => {}
        }
    }
}
