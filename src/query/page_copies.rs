//! The page of hits, one per story, with copies that index-time clusters keep apart folded in.
//!
//! Index-time clusters are a partition, and containment is not transitive: a live page crawled
//! four times can give versions A–B–C–D where each copies the next (containment ≥ 0.8) but A
//! and D do not. Whatever the partition, some pair of copies then sits in two clusters (here
//! {A, B} and {C, D}, which keeps every clustered pair a real copy), and B and C, one in each,
//! may both rank in the top ten. So the page checks its own hits: a story's best-ranked copy
//! that copies a hit already on the page (the same test as at index time: a shared LSH band
//! key, then exact 5-word-shingle containment at or above the threshold) is folded into that
//! hit, with its whole story, and the page takes the next story instead.
//!
//! Versions of one page are one story too, whatever their text shares: a crawler that stores a
//! live page every day it changes keeps its canonical URL while the text moves on (CNN's
//! "what to know" pages: four versions, 0.68 containment between the first and the last). So a
//! hit whose URL is the URL of a hit already on the page is folded into it as well.
//!
//! The check is cheap where it does not fire: the hits' band keys are read from the
//! `dup_bands` fast field, and a text is read and shingled only for a pair of hits that share a
//! key (copies, almost always). A URL is read from the stored article, which the page needs
//! anyway to show the hit: the articles read here are handed on to the page
//! ([`NearCopies::into_articles`]), so each is read from the store once.

use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::{DocAddress, Searcher};

use super::QueryError;
use super::deadline::Deadline;
use crate::article::Article;
use crate::dedup::shingles;
use crate::index::Fields;
use crate::index::stored::StoredDoc;

/// One story on the page: its best-ranked copy and the best-ranked copies of the stories
/// folded into it (in rank order).
#[derive(Debug, Clone)]
pub(super) struct PageStory {
    /// The hit shown: score (when ranked by relevance) and address.
    pub first: (Option<f32>, DocAddress),
    /// The best-ranked copies of other stories that copy it.
    pub folded: Vec<DocAddress>,
}

/// Reads band keys and shingle sets of a searcher's documents for the page check, each once.
pub(super) struct NearCopies<'s> {
    searcher: &'s Searcher,
    fields: &'s Fields,
    threshold: f64,
    /// The `dup_bands` column of each segment, opened on first use.
    bands: HashMap<u32, Column<u64>>,
    /// Shingle sets read so far.
    sets: HashMap<DocAddress, Vec<u64>>,
    /// Stored articles read so far.
    articles: HashMap<DocAddress, Article>,
}

/// A URL as a key for "the same page": scheme and host case folded, the fragment and a
/// trailing slash dropped. The query string stays: it can name another page.
fn page_key(url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let url = url.strip_suffix('/').unwrap_or(url);
    if url.is_empty() {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    Some(format!(
        "{}://{}{path}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

impl<'s> NearCopies<'s> {
    /// The check on `searcher`'s documents at containment `threshold`.
    pub fn new(searcher: &'s Searcher, fields: &'s Fields, threshold: f64) -> NearCopies<'s> {
        NearCopies {
            searcher,
            fields,
            threshold,
            bands: HashMap::new(),
            sets: HashMap::new(),
            articles: HashMap::new(),
        }
    }

    /// The stored article at `addr` (read once).
    fn article(&mut self, addr: DocAddress) -> Result<&Article, QueryError> {
        if !self.articles.contains_key(&addr) {
            let doc: StoredDoc = self.searcher.doc(addr)?;
            self.articles.insert(addr, doc.into_article(self.fields));
        }
        Ok(&self.articles[&addr])
    }

    /// The articles read so far, for the page to show without reading them again.
    pub fn into_articles(self) -> HashMap<DocAddress, Article> {
        self.articles
    }

    /// The page key of the document's canonical URL, if it has one.
    fn page_of(&mut self, addr: DocAddress) -> Result<Option<String>, QueryError> {
        Ok(self.article(addr)?.url.as_deref().and_then(page_key))
    }

    /// The band keys of the document at `addr`, sorted.
    fn band_keys(&mut self, addr: DocAddress) -> Result<Vec<u64>, QueryError> {
        let col = match self.bands.get(&addr.segment_ord) {
            Some(c) => c,
            None => {
                let seg = self.searcher.segment_reader(addr.segment_ord);
                let name = self.searcher.schema().get_field_name(self.fields.dup_bands);
                let c = seg.fast_fields().u64(name)?;
                self.bands.entry(addr.segment_ord).or_insert(c)
            }
        };
        let mut keys: Vec<u64> = col.values_for_doc(addr.doc_id).collect();
        keys.sort_unstable();
        Ok(keys)
    }

    /// The shingle set of the document at `addr` (lede and body, as at index time).
    fn set(&mut self, addr: DocAddress) -> Result<&[u64], QueryError> {
        if !self.sets.contains_key(&addr) {
            let text = self.article(addr)?.text();
            self.sets.insert(addr, shingles::shingles(&text));
        }
        Ok(self.sets.get(&addr).map_or(&[], Vec::as_slice))
    }

    /// Whether the documents at `a` and `b` are copies: exact containment at or above the
    /// threshold.
    fn copies(&mut self, a: DocAddress, b: DocAddress) -> Result<bool, QueryError> {
        let sa = self.set(a)?.to_vec();
        let sb = self.set(b)?;
        Ok(shingles::containment(&sa, sb) >= self.threshold)
    }

    /// The first `wanted` stories of `firsts` (each story's best-ranked copy, in rank order),
    /// each story that copies a story before it, or is a version of its page (same URL),
    /// folded into that one. Fewer when `firsts` runs out.
    pub fn fold(
        &mut self,
        firsts: &[(Option<f32>, DocAddress)],
        wanted: usize,
        timer: &Deadline,
    ) -> Result<Vec<PageStory>, QueryError> {
        let mut page: Vec<PageStory> = Vec::with_capacity(wanted);
        let mut page_keys: Vec<Vec<u64>> = Vec::with_capacity(wanted);
        let mut page_urls: Vec<Option<String>> = Vec::with_capacity(wanted);
        for &(score, addr) in firsts {
            if page.len() >= wanted {
                break;
            }
            timer.check()?;
            let keys = self.band_keys(addr)?;
            let url = self.page_of(addr)?;
            let mut into = url
                .as_ref()
                .and_then(|u| page_urls.iter().position(|p| p.as_ref() == Some(u)));
            if into.is_none() {
                for (i, other) in page_keys.iter().enumerate() {
                    if shares_a_key(&keys, other) && self.copies(page[i].first.1, addr)? {
                        into = Some(i);
                        break;
                    }
                }
            }
            match into {
                Some(i) => page[i].folded.push(addr),
                None => {
                    page.push(PageStory {
                        first: (score, addr),
                        folded: Vec::new(),
                    });
                    page_keys.push(keys);
                    page_urls.push(url);
                }
            }
        }
        Ok(page)
    }
}

/// Whether two sorted lists share a value.
fn shares_a_key(a: &[u64], b: &[u64]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{page_key, shares_a_key};

    #[test]
    fn one_page_whatever_the_case_of_its_host_its_fragment_or_trailing_slash() {
        let k = page_key(
            "https://lite.cnn.com/2026/04/03/science/artemis-2-astronauts-moon-whats-next",
        );
        assert_eq!(
            k,
            page_key(
                "HTTPS://Lite.CNN.com/2026/04/03/science/artemis-2-astronauts-moon-whats-next/#top"
            )
        );
        assert_ne!(
            k,
            page_key("https://lite.cnn.com/2026/04/03/science/artemis-2-launch")
        );
        // The path keeps its case and the query string: they can name another page.
        assert_ne!(
            page_key("https://x.org/a?id=1"),
            page_key("https://x.org/a?id=2")
        );
        assert_ne!(page_key("https://x.org/A"), page_key("https://x.org/a"));
        assert_eq!(page_key(""), None);
        assert_eq!(page_key("not a url"), None);
    }

    #[test]
    fn shared_keys() {
        assert!(shares_a_key(&[1, 5, 9], &[2, 5]));
        assert!(!shares_a_key(&[1, 5, 9], &[2, 6, 10]));
        assert!(!shares_a_key(&[], &[1]));
    }
}
