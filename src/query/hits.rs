//! The page of hits: each hit's stored article read back, with its snippet (the body's best
//! fragment, else the standfirst's, else the start of the text).

use tantivy::query::Query;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::deadline::Deadline;
use super::response::Hit;
use super::{Engine, QueryError, snippet};
use crate::index::document::from_document;

/// Characters of text a snippet holds, about.
pub const SNIPPET_CHARS: usize = 220;

impl Engine {
    /// The hits for `addrs` (in that order) of a search with `query` on `searcher`.
    pub(super) fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        addrs: &[(Option<f32>, DocAddress)],
        timer: &Deadline,
    ) -> Result<Vec<Hit>, QueryError> {
        if addrs.is_empty() {
            return Ok(Vec::new());
        }
        let f = self.fields();
        let snippets = snippet::Snippets::new(searcher, query, f.body, SNIPPET_CHARS)?;
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            timer.check()?;
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let a = from_document(&doc, f);
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
                people: a.people,
                places: a.places.into_iter().map(|p| p.name).collect(),
                language: a.language,
                snippet,
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
