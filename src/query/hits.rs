//! The page of hits: each hit's stored article read back, with its snippet (the body's best
//! fragment, else the standfirst's, else the start of the text) and its people and places as
//! the archive level names them.

use std::collections::HashMap;

use tantivy::query::Query;
use tantivy::{DocAddress, Searcher};

use super::deadline::Deadline;
use super::response::Hit;
use super::stories::Stories;
use super::{Engine, QueryError, snippet};
use crate::article::Article;
use crate::index::stored::StoredDoc;

/// Characters of text a snippet holds, about.
pub const SNIPPET_CHARS: usize = 220;

impl Engine {
    /// The hits for `addrs` (in that order) of a search with `query` on `searcher`; `known`
    /// holds articles already read (by the copy check), taken from it rather than read again.
    pub(super) fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        addrs: &[(Option<f32>, DocAddress)],
        stories: &Stories,
        known: &mut HashMap<DocAddress, Article>,
        timer: &Deadline,
    ) -> Result<Vec<Hit>, QueryError> {
        if addrs.is_empty() {
            return Ok(Vec::new());
        }
        let f = self.fields();
        let snippets = snippet::Snippets::new(searcher, query, f.body, SNIPPET_CHARS)?;
        let ords = self.entity_ords(searcher)?;
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            timer.check()?;
            let a = match known.remove(addr) {
                Some(a) => a,
                None => searcher.doc::<StoredDoc>(*addr)?.into_article(f),
            };
            // The body's best fragment, else the standfirst's, else the start of the text.
            let lang = a.language.as_deref();
            let snippet = snippets
                .html(&a.body, lang)
                .or_else(|| snippets.html(&a.lede, lang))
                .unwrap_or_else(|| {
                    plain_excerpt(
                        if a.lede.is_empty() { &a.body } else { &a.lede },
                        SNIPPET_CHARS,
                    )
                });
            hits.push(Hit {
                id: a.id,
                score: *score,
                date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
                title: a.title,
                source: a.source,
                path: a.path,
                url: a.url,
                // The archive-level names, as the facets count them.
                people: ords.people.shown_of(addr.segment_ord as usize, addr.doc_id),
                places: ords.places.shown_of(addr.segment_ord as usize, addr.doc_id),
                language: a.language,
                snippet,
                // (the story's id, which differs from the stored one when clusters merged)
                story: a
                    .cluster
                    .map(|c| stories.story(*addr).map_or(c, |n| stories.id(n))),
                original: stories.is_original(*addr),
                credit: a.credit,
                copies: 0,
                copy_list: Vec::new(),
            });
        }
        Ok(hits)
    }
}

/// The start of `text` up to about `max` characters, cut at a word, HTML-escaped.
fn plain_excerpt(text: &str, max: usize) -> String {
    let t = text.trim();
    let mut end = t.len();
    if t.chars().count() > max {
        end = t.char_indices().nth(max).map(|(i, _)| i).unwrap_or(t.len());
        if let Some(sp) = t[..end].rfind(char::is_whitespace) {
            end = sp;
        }
    }
    let mut s = html_escape::encode_text(&t[..end]).into_owned();
    if end < t.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts() {
        assert_eq!(plain_excerpt("a <b> c", 100), "a &lt;b&gt; c");
        assert_eq!(plain_excerpt("one two three", 6), "one…");
    }
}
