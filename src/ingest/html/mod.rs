//! HTML news pages: metadata from JSON-LD, OpenGraph and `<meta>` tags, body text from a
//! boilerplate-removing extraction over the html5ever DOM.
//!
//! Sources are tried in order of trust: publishers fill JSON-LD for search engines, so it is
//! usually exact; OpenGraph is meant for link previews and often carries a site suffix; the
//! visible markup is the last resort.
//!
//! One file per job: `charset.rs` decodes the bytes; `meta.rs` walks the markup once for its
//! metadata; `jsonld.rs` reads the JSON-LD article; `title.rs` votes on the headline;
//! `authors.rs` picks the bylines; `furniture.rs` knows page furniture (tags and class words
//! that are never article text); `body.rs` finds the article container and its text blocks.
//! This file puts the article together.

mod authors;
mod body;
mod charset;
pub mod depth;
mod furniture;
mod jsonld;
mod meta;
#[cfg(test)]
mod tests;
mod title;

use chrono::NaiveDate;
use scraper::Html;
use serde_json::Value;

use super::dates::parse_date;
use super::decode::collapse_ws;
use super::{FileContext, IngestError};
use crate::article::Article;
use authors::pick_authors;
use body::{extract_blocks, find_body};
use charset::decode;
use jsonld::{LdArticle, find_ld_article};
use meta::{Meta, collect};
use title::pick_title;

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
    let doc = Html::parse_document(&depth::bound_depth(&text));
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
        if from_divs.len() >= MIN_P_BODY && from_divs.len() > DIV_GAIN * extracted.len() {
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
        let head: String = a
            .body
            .chars()
            .take(d.chars().count() + LEDE_SEARCH_SLACK)
            .collect();
        let stem: String = d.chars().take(LEDE_STEM_CHARS).collect();
        if d.chars().count() >= MIN_LEDE_CHARS && !head.contains(stem.trim_end_matches(['.', '…']))
        {
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

/// How many times more text the `<div>` reading must give to replace a short `<p>` reading.
const DIV_GAIN: usize = 4;

/// A description shorter than this (in characters) is a teaser line, not a standfirst.
const MIN_LEDE_CHARS: usize = 40;
/// The description is the body's start when its first this many characters appear there...
const LEDE_STEM_CHARS: usize = 60;
/// ...within the description's length plus this many characters of the body.
const LEDE_SEARCH_SLACK: usize = 200;

/// Decodes HTML entities (`&amp;`, `&#8217;`) in metadata text, which pages often escape twice.
pub(super) fn html_unescape(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

/// ISO 639-1 code from `de-AT`, `de_DE`, `en`.
pub(super) fn lang_code(s: &str) -> Option<String> {
    let code: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == 2 || code.len() == 3).then_some(code)
}
