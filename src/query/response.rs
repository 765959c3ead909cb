//! What a search answers: the page of hits and the facet counts, the shape `search --json`
//! prints and the HTTP API returns.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::facets::FacetCounts;

/// One hit, as printed by `search --json` and returned by the API.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// BM25 score (null when sorted by date).
    pub score: Option<f32>,
    /// `YYYY-MM-DD` or null.
    pub date: Option<String>,
    /// Headline.
    pub title: String,
    /// Publisher or credit.
    pub source: Option<String>,
    /// Source file.
    pub path: String,
    /// URL.
    pub url: Option<String>,
    /// People (canonical names).
    pub people: Vec<String>,
    /// Places (names, not paths).
    pub places: Vec<String>,
    /// ISO 639-1 code of the article's language, when known.
    #[serde(default)]
    pub language: Option<String>,
    /// An excerpt of the body with matched terms in `<b>…</b>` (HTML-escaped text).
    pub snippet: String,
    /// The story (cluster of near-duplicate copies) the article belongs to: 16 hex digits.
    pub story: Option<crate::dedup::ClusterId>,
    /// Whether this is the story's earliest copy in the index.
    pub original: bool,
    /// Who the story is credited to (agencies, publishers).
    #[serde(default)]
    pub credit: Vec<String>,
    /// How many other results are copies of this story (collapsed into this hit; 0 when every
    /// copy is shown).
    #[serde(default)]
    pub copies: u64,
    /// The first of those copies (at most [`COPIES_LISTED`]), in result order.
    #[serde(default)]
    pub copy_list: Vec<CopyRef>,
}

/// Copies listed per hit at most.
pub const COPIES_LISTED: usize = 10;

/// Another copy of a hit's story: enough to tell where and when it ran.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct CopyRef {
    /// Article id.
    pub id: String,
    /// `YYYY-MM-DD` or null.
    pub date: Option<String>,
    /// Headline.
    pub title: String,
    /// Publisher or credit.
    pub source: Option<String>,
    /// Source file.
    pub path: String,
    /// Whether it is the story's earliest copy.
    pub original: bool,
}

/// A facet value and how many results have it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    /// The value (a name, a year `2024`, or a month `2024-02`).
    pub value: String,
    /// Results with that value.
    pub count: u64,
}

/// Facet counts over the whole result set.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Facets {
    /// Top people.
    pub people: Vec<FacetCount>,
    /// Top places (names).
    pub places: Vec<FacetCount>,
    /// Top credits: the agencies and publishers stories are credited to.
    #[serde(default)]
    pub credit: Vec<FacetCount>,
    /// Articles per year, or per month when the results span two years or less; oldest first.
    pub date: Vec<FacetCount>,
    /// Articles per language (ISO 639-1 code), most first.
    #[serde(default)]
    pub language: Vec<FacetCount>,
}

/// The answer to a [`super::SearchRequest`].
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SearchResponse {
    /// The query text as given.
    pub query: String,
    /// Number of matching articles.
    pub total: u64,
    /// Number of distinct stories among them (copies of one story count once).
    pub stories: u64,
    /// Time spent answering, in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts.
    pub facets: Facets,
}

impl Facets {
    /// The top `n` people and places of `counts`, and its dates per month when they span two
    /// years or less, else per year (languages are counted apart, see `languages.rs`).
    pub fn from_counts(counts: &FacetCounts, n: usize) -> Facets {
        let fc = |v: Vec<(String, u64)>| {
            v.into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect()
        };
        let date = if counts.months.is_empty() {
            Vec::new()
        } else {
            let min = counts.months.keys().min().copied().unwrap_or(0);
            let max = counts.months.keys().max().copied().unwrap_or(0);
            if max - min < 24 {
                let mut v: Vec<(&i32, &u64)> = counts.months.iter().collect();
                v.sort();
                v.into_iter()
                    .map(|(k, c)| FacetCount {
                        value: format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
                        count: *c,
                    })
                    .collect()
            } else {
                year_counts(&counts.months)
            }
        };
        Facets {
            people: fc(counts.people.top(n)),
            places: fc(counts.places.top(n)),
            credit: fc(counts.credit.top(n)),
            date,
            language: Vec::new(),
        }
    }
}

/// Articles per year, oldest first, from counts per month (`year * 12 + month - 1`).
pub fn year_counts(months: &HashMap<i32, u64>) -> Vec<FacetCount> {
    let mut years: BTreeMap<i32, u64> = BTreeMap::new();
    for (k, c) in months {
        *years.entry(k.div_euclid(12)).or_default() += c;
    }
    years
        .into_iter()
        .map(|(y, c)| FacetCount {
            value: format!("{y:04}"),
            count: c,
        })
        .collect()
}
