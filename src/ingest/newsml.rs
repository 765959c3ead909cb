//! IPTC NewsML-G2 (`newsItem`, and the text items inside `packageItem` / `newsMessage`) and
//! NewsML 1.x (`<NewsML>`): agency XML whose body is inline XHTML or NITF.

use super::dates::parse_date;
use super::xmlutil::{self, Elem};
use super::{FileContext, IngestError, Parsed};
use crate::article::{Article, Place};

/// Parses a NewsML document: each text item becomes an article; pictures, video and
/// packages without text are skipped (a file with no text item at all is `NoArticle`).
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let root = xmlutil::parse_document(bytes, "NewsML")?;
    let mut items = Vec::new();
    if root.name == "newsItem" {
        items.push(&root);
    } else {
        root.find_all("newsItem", &mut items);
    }
    let mut out = Parsed::default();
    if root.name == "NewsML" {
        return parse_v1(ctx, &root);
    }
    let many = items.len() > 1;
    for (i, item) in items.iter().enumerate() {
        match from_item(ctx, item, i, many) {
            Ok(a) => out.articles.push(a),
            Err(e) => out.skipped.push(format!("item {}: {e}", i + 1)),
        }
    }
    if out.articles.is_empty() {
        let reason = if items.is_empty() {
            format!("<{}> without news items", root.name)
        } else {
            out.skipped.join("; ")
        };
        return Err(IngestError::NoArticle(reason));
    }
    Ok(out)
}

fn from_item(ctx: &FileContext, item: &Elem, n: usize, many: bool) -> Result<Article, IngestError> {
    let item_meta = item.child("itemMeta");
    let class = item_meta
        .and_then(|m| m.child("itemClass"))
        .and_then(|c| c.attr("qcode"))
        .unwrap_or("ninat:text");
    if !class.ends_with(":text") && !class.ends_with(":composite") {
        return Err(IngestError::NoArticle(format!("{class} item, not text")));
    }
    let cm = item.child("contentMeta");
    let mut a = Article {
        path: ctx.path_str.clone(),
        id: item
            .attr("guid")
            .map(str::to_string)
            .unwrap_or_else(|| ctx.fallback_id(n, many)),
        ..Article::default()
    };
    // A body wrapped as NITF carries its own metadata: start from it.
    let inline = item.find("inlineXML");
    if let Some(nitf) = inline.and_then(|x| x.child("nitf"))
        && let Ok(inner) = super::nitf::from_nitf(ctx, nitf)
    {
        a.title = inner.title;
        a.body = inner.body;
        a.lede = inner.lede;
        a.authors = inner.authors;
        a.date = inner.date;
    } else if let Some(x) = inline {
        let html_body = x.find("body").unwrap_or(x);
        a.body = html_body.paragraphs();
    } else if let Some(t) = item.find("inlineData") {
        a.body = t.text();
    }
    if let Some(cm) = cm {
        if let Some(h) = cm
            .child("headline")
            .map(Elem::text)
            .filter(|h| !h.is_empty())
        {
            a.title = h;
        }
        if let Some(d) = cm
            .child("description")
            .map(Elem::text)
            .filter(|d| !d.is_empty())
            && a.lede.is_empty()
        {
            a.lede = d;
        }
        let by: Vec<String> = cm
            .elems()
            .filter(|e| e.name == "by" || e.name == "creator")
            .map(|e| e.child("name").map(Elem::text).unwrap_or_else(|| e.text()))
            .filter(|t| !t.is_empty())
            .collect();
        if a.authors.is_empty() {
            a.authors = by;
        }
        if let Some(lang) = cm.child("language").and_then(|l| l.attr("tag")) {
            a.language = Some(lang.chars().take(2).collect());
        }
        if let Some(loc) = cm.child("located")
            && let Some(name) = loc.child("name").map(Elem::text).filter(|n| !n.is_empty())
        {
            a.add_place(Place::top_level(&name));
        }
        for s in cm.elems().filter(|e| e.name == "subject") {
            let ty = s.attr("type").unwrap_or("");
            let Some(name) = s.child("name").map(Elem::text).filter(|n| !n.is_empty()) else {
                continue;
            };
            if ty.ends_with(":person") {
                a.add_person(&name);
            } else if ty.ends_with(":geoArea") || ty.ends_with(":poi") {
                a.add_place(Place::top_level(&name));
            }
        }
        if let Some(g) = cm.child("genre").and_then(|g| g.child("name")) {
            a.section = Some(g.text()).filter(|s| !s.is_empty());
        }
    }
    if a.language.is_none()
        && let Some(l) = item.attr("lang")
    {
        a.language = Some(l.chars().take(2).collect());
    }
    let dates = [
        cm.and_then(|c| c.child("contentCreated")),
        item_meta.and_then(|m| m.child("firstCreated")),
        item_meta.and_then(|m| m.child("versionCreated")),
    ];
    if a.date.is_none() {
        a.date = dates.iter().flatten().find_map(|d| parse_date(&d.text()));
    }
    if a.title.is_empty() && a.body.is_empty() {
        return Err(IngestError::NoArticle(
            "text item without headline or body".into(),
        ));
    }
    Ok(a)
}

/// NewsML 1.x: `NewsItem`s with `NewsComponent`s; the text is in `ContentItem/DataContent`.
fn parse_v1(ctx: &FileContext, root: &Elem) -> Result<Parsed, IngestError> {
    let mut items = Vec::new();
    root.find_all("NewsItem", &mut items);
    let mut out = Parsed::default();
    let many = items.len() > 1;
    for (i, item) in items.iter().enumerate() {
        let mut a = Article {
            path: ctx.path_str.clone(),
            id: item
                .find("PublicIdentifier")
                .map(Elem::text)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| ctx.fallback_id(i, many)),
            ..Article::default()
        };
        a.title = item.find("HeadLine").map(Elem::text).unwrap_or_default();
        a.date = item
            .find("FirstCreated")
            .or_else(|| item.find("DateId"))
            .and_then(|d| parse_date(&d.text()));
        let mut contents = Vec::new();
        item.find_all("DataContent", &mut contents);
        let mut body = Vec::new();
        for c in contents {
            if let Some(nitf) = c.child("nitf")
                && let Ok(inner) = super::nitf::from_nitf(ctx, nitf)
            {
                if a.title.is_empty() {
                    a.title = inner.title;
                }
                body.push(inner.body);
                a.authors.extend(inner.authors);
            } else {
                body.push(c.paragraphs());
            }
        }
        a.body = body
            .into_iter()
            .filter(|b| !b.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        if a.title.is_empty() && a.body.is_empty() {
            out.skipped.push(format!("item {}: no text", i + 1));
        } else {
            out.articles.push(a);
        }
    }
    if out.articles.is_empty() {
        return Err(IngestError::NoArticle(
            "NewsML 1 document without text items".into(),
        ));
    }
    Ok(out)
}
