//! Index → results: query parsing, filters, ranking, snippets, facet counts and the result
//! shape shared by the CLI (`search --json`) and the HTTP API.

mod build;
pub mod facets;
pub mod languages;
pub mod parse;
pub mod snippet;

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::index::document::{StoredArticle, day_to_timestamp, from_document};
use crate::index::{Fields, IndexError, NewsIndex};
use facets::{FacetCollector, FacetCounts, FacetSpec, GlobalOrds};
use parse::{FieldRef, Node};

/// Largest `limit` accepted.
pub const MAX_LIMIT: usize = 1000;
/// Largest `offset` accepted: deep paging costs memory and time linear in the offset.
pub const MAX_OFFSET: usize = 100_000;
/// Most terms a `word*` may expand to.
pub const MAX_EXPANSIONS: usize = 1000;

/// Why a search could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The request is invalid: unparseable query, bad date, out-of-range option.
    #[error("{0}")]
    BadRequest(String),
    /// The request ran past its deadline ([`SearchRequest::deadline`]) and was abandoned.
    #[error("the query took too long and was stopped; narrow it down")]
    Timeout,
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<tantivy::TantivyError> for QueryError {
    fn from(e: tantivy::TantivyError) -> Self {
        QueryError::Index(IndexError::Tantivy(e))
    }
}

impl From<std::io::Error> for QueryError {
    fn from(e: std::io::Error) -> Self {
        QueryError::Index(IndexError::Tantivy(e.into()))
    }
}

impl From<parse::ParseError> for QueryError {
    fn from(e: parse::ParseError) -> Self {
        QueryError::BadRequest(e.0)
    }
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25, title and lede weighted above body.
    #[default]
    Relevance,
    /// Most recent first (undated last).
    Newest,
    /// Oldest first (undated last).
    Oldest,
}

impl std::str::FromStr for Sort {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Sort, QueryError> {
        match s {
            "" | "relevance" => Ok(Sort::Relevance),
            "newest" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            _ => Err(QueryError::BadRequest(format!(
                "unknown sort {s:?}: use relevance, newest or oldest"
            ))),
        }
    }
}

/// How several values of one facet filter combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FacetLogic {
    /// Every value must match (the CLI: `--person A --person B` finds articles naming both).
    #[default]
    All,
    /// Any value may match, and each facet's counts ignore that facet's own selection
    /// ("disjunctive" facets, as on the web page), so other values stay visible.
    Any,
}

/// A search: query text, filters, order, paging and facets.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query in the user syntax (see [`parse`]); empty lists everything that matches the
    /// filters.
    pub query: String,
    /// People to filter on (names, case-insensitive).
    pub people: Vec<String>,
    /// Places to filter on: a place matches itself and everything under it.
    pub places: Vec<String>,
    /// Source to filter on.
    pub source: Option<String>,
    /// Languages to filter on (ISO 639-1 codes; an article has one, so several mean any).
    pub languages: Vec<String>,
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// Order of hits.
    pub sort: Sort,
    /// Hits to return (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Values to return per facet (0: no facets).
    pub facets: usize,
    /// How several values of one facet combine.
    pub logic: FacetLogic,
    /// When to give up ([`QueryError::Timeout`]). Checked before each segment is searched and
    /// between the stages of a request (hits, facets, snippets), so a runaway query stops
    /// within one segment's work instead of pinning a core.
    pub deadline: Option<Instant>,
}

/// Which facet [`Engine::facet_values`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// People.
    People,
    /// Places (names).
    Places,
}

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
    /// Articles per year, or per month when the results span two years or less; oldest first.
    pub date: Vec<FacetCount>,
    /// Articles per language (ISO 639-1 code), most first.
    #[serde(default)]
    pub language: Vec<FacetCount>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SearchResponse {
    /// The query text as given.
    pub query: String,
    /// Number of matching articles.
    pub total: u64,
    /// Time spent answering, in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts.
    pub facets: Facets,
}

/// Filter values present in the index, by lower-cased name, built once per searcher
/// generation: this is how `--place "saudi arabia"` finds `/Asia/Saudi Arabia`.
#[derive(Default)]
struct Names {
    people: HashMap<String, Vec<String>>,
    sources: HashMap<String, Vec<String>>,
    sections: HashMap<String, Vec<String>>,
    /// Lower-cased last component, or whole path → facet paths (`/Asia/Saudi Arabia`).
    places: HashMap<String, Vec<String>>,
}

/// A searchable index: the entry point of every read (search, article, stats).
pub struct Engine {
    /// The open index.
    pub index: NewsIndex,
    names: GenerationSlot<Names>,
    ords: GenerationSlot<GlobalOrds>,
    /// The stemmed languages of the index's articles (query words are analysed in each).
    langs: GenerationSlot<Vec<&'static str>>,
    cache: Mutex<CountsCache>,
    cache_entries: std::sync::atomic::AtomicUsize,
}

/// Totals and facets of recent requests, for one index generation (a commit empties it).
#[derive(Default)]
struct CountsCache {
    generation: u64,
    map: HashMap<String, Arc<(u64, Facets)>>,
    order: std::collections::VecDeque<String>,
}

/// What the one pass over the matches gives: the total (unless cached), the page of hits
/// with their scores, and the facet counts (unless cached).
type MainPass = (
    Option<usize>,
    Vec<(Option<f32>, DocAddress)>,
    Option<FacetCounts>,
    Option<HashMap<String, u64>>,
);

/// Requests whose counts are remembered; the oldest is forgotten first.
const COUNTS_CACHE_ENTRIES: usize = 1024;

/// What determines a request's total and facets (not its page, order or deadline).
fn cache_key(req: &SearchRequest) -> String {
    format!(
        "{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{}\u{1}{:?}",
        req.query,
        req.people,
        req.places,
        req.source,
        req.from,
        req.to,
        req.logic,
        req.facets,
        req.languages
    )
}

/// Parses a date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. `end` picks the last day of a
/// year or month, so `--to 2024-02` includes all of February.
pub fn parse_date_bound(s: &str, end: bool) -> Result<NaiveDate, QueryError> {
    let bad = || QueryError::BadRequest(format!("bad date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD"));
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let year = parts.first().ok_or_else(bad).and_then(|y| {
        if y.len() == 4 {
            num(y).map(|v| v as i32)
        } else {
            Err(bad())
        }
    })?;
    let d = match parts.len() {
        1 => {
            if end {
                NaiveDate::from_ymd_opt(year, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(year, 1, 1)
            }
        }
        2 => {
            let m = num(parts[1])?;
            let first = NaiveDate::from_ymd_opt(year, m, 1);
            if end {
                first.and_then(|f| {
                    f.checked_add_months(chrono::Months::new(1))
                        .and_then(|n| n.pred_opt())
                })
            } else {
                first
            }
        }
        3 => NaiveDate::from_ymd_opt(year, num(parts[1])?, num(parts[2])?),
        _ => None,
    };
    d.ok_or_else(bad)
}

impl Engine {
    /// Opens the index at `dir` for reading.
    pub fn open(dir: &Path) -> Result<Engine, IndexError> {
        Ok(Engine {
            index: NewsIndex::open(dir)?,
            names: Mutex::new(None),
            ords: Mutex::new(None),
            langs: Mutex::new(None),
            cache: Mutex::new(CountsCache::default()),
            cache_entries: COUNTS_CACHE_ENTRIES.into(),
        })
    }

    /// The current searcher (follows new commits).
    pub fn searcher(&self) -> Searcher {
        self.index.reader.searcher()
    }

    fn fields(&self) -> &Fields {
        &self.index.fields
    }

    /// The facet collector for `spec` on `searcher`, with that generation's global ordinals
    /// (built on the first facet request after each commit).
    fn facet_collector(
        &self,
        searcher: &Searcher,
        spec: FacetSpec,
    ) -> Result<FacetCollector, QueryError> {
        let ords = per_generation(&self.ords, searcher, || Ok(GlobalOrds::build(searcher)?))?;
        Ok(FacetCollector { spec, ords })
    }

    /// How many requests' totals and facets to remember (0: none, every request counts
    /// afresh, as for measuring the uncached cost).
    pub fn set_counts_cache(&self, entries: usize) {
        self.cache_entries
            .store(entries, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut c) = self.cache.lock() {
            *c = CountsCache::default();
        }
    }

    fn cache_get(&self, generation: u64, key: &str) -> Option<Arc<(u64, Facets)>> {
        let guard = self.cache.lock().ok()?;
        if guard.generation != generation {
            return None;
        }
        guard.map.get(key).cloned()
    }

    fn cache_put(&self, generation: u64, key: String, value: Arc<(u64, Facets)>) {
        let cap = self
            .cache_entries
            .load(std::sync::atomic::Ordering::Relaxed);
        let Ok(mut c) = self.cache.lock() else {
            return;
        };
        if cap == 0 {
            return;
        }
        if c.generation != generation {
            *c = CountsCache {
                generation,
                ..Default::default()
            };
        }
        if c.map.insert(key.clone(), value).is_none() {
            c.order.push_back(key);
            while c.order.len() > cap {
                if let Some(old) = c.order.pop_front() {
                    c.map.remove(&old);
                }
            }
        }
    }

    fn names(&self, searcher: &Searcher) -> Result<Arc<Names>, QueryError> {
        per_generation(&self.names, searcher, || self.build_names(searcher))
    }

    /// Filter values by lower-cased name, from every segment's term dictionaries.
    fn build_names(&self, searcher: &Searcher) -> Result<Names, QueryError> {
        let f = self.fields();
        let mut names = Names::default();
        for seg in searcher.segment_readers() {
            for (field, map) in [
                (f.people, &mut names.people),
                (f.source, &mut names.sources),
                (f.section, &mut names.sections),
            ] {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv.terms().stream()?;
                while stream.advance() {
                    if let Ok(s) = std::str::from_utf8(stream.key()) {
                        let v = map.entry(s.to_lowercase()).or_default();
                        if !v.iter().any(|x| x == s) {
                            v.push(s.to_string());
                        }
                    }
                }
            }
            let inv = seg.inverted_index(f.place_paths)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let Ok(enc) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let path = crate::index::document::facet_to_path(enc);
                let last = enc.rsplit('\0').next().unwrap_or(enc).to_lowercase();
                for key in [last, path.to_lowercase()] {
                    let v = names.places.entry(key).or_default();
                    if !v.contains(&path) {
                        v.push(path.clone());
                    }
                }
            }
        }
        Ok(names)
    }

    /// What every read starts with: the current searcher, the request's deadline, its parsed
    /// text query and its filters.
    fn prepare(&self, req: &SearchRequest) -> Result<Prepared, QueryError> {
        let searcher = self.searcher();
        let timer = Deadline::new(req.deadline);
        let node = parse::parse(&req.query)?;
        let names = self.names_if_needed(&searcher, req, node.as_ref())?;
        let text_query = match node {
            Some(node) => Some(self.build_query(&node, &names, &searcher)?),
            None => None,
        };
        let filters = self.filters(req, &names);
        Ok(Prepared {
            searcher,
            timer,
            text_query,
            filters,
        })
    }

    /// The name tables when the request matches values by name (filters, `person:`…
    /// terms), else empty ones: building them walks every value in the index, which a plain
    /// text search should not pay for, least of all right after each commit.
    fn names_if_needed(
        &self,
        searcher: &Searcher,
        req: &SearchRequest,
        node: Option<&Node>,
    ) -> Result<Arc<Names>, QueryError> {
        let filtered = req
            .people
            .iter()
            .chain(&req.places)
            .any(|v| !v.trim().is_empty())
            || req.source.as_ref().is_some_and(|s| !s.trim().is_empty());
        if filtered || node.is_some_and(names_values) {
            self.names(searcher)
        } else {
            Ok(Arc::new(Names::default()))
        }
    }

    /// Answers a search request.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResponse, QueryError> {
        let start = Instant::now();
        if req.limit > MAX_LIMIT {
            return Err(QueryError::BadRequest(format!(
                "limit {} is over the maximum of {MAX_LIMIT}",
                req.limit
            )));
        }
        if req.offset > MAX_OFFSET {
            return Err(QueryError::BadRequest(format!(
                "offset {} is over the maximum of {MAX_OFFSET}",
                req.offset
            )));
        }
        check_date_range(req)?;
        let Prepared {
            searcher,
            timer,
            text_query,
            filters,
        } = self.prepare(req)?;
        let full = combine(text_query.as_deref(), &filters.all());

        // One pass over the matches counts them, keeps the page of hits and counts the facets
        // (with OR logic, a facet with a selection is counted again without it). Totals and
        // facets are cached per index generation: paging, re-sorting and the back button ask
        // for the same counts again, and they are the expensive part of a search.
        let disjunctive = req.logic == FacetLogic::Any;
        let own_people = disjunctive && !req.people.is_empty();
        let own_places = disjunctive && !req.places.is_empty();
        let gen_id = searcher.generation().generation_id();
        let key = cache_key(req);
        let cached = self.cache_get(gen_id, &key);
        let facet_pass = match (&cached, req.facets) {
            (None, n) if n > 0 => Some(self.facet_collector(
                &searcher,
                FacetSpec {
                    people: !own_people,
                    places: !own_places,
                    dates: true,
                },
            )?),
            _ => None,
        };
        let own_language = disjunctive && !req.languages.is_empty();
        let language_pass = (cached.is_none() && req.facets > 0 && !own_language)
            .then_some(languages::LanguageCounts);
        let count = cached.is_none().then_some(Count);
        let top = (req.limit > 0).then(|| TopDocs::with_limit(req.limit).and_offset(req.offset));
        let (total, addrs, counts, language_counts): MainPass = match req.sort {
            Sort::Relevance => {
                let (c, docs, f, l) = timer.search(
                    &searcher,
                    &*full,
                    (
                        count,
                        top.map(|t| t.order_by_score()),
                        facet_pass,
                        language_pass,
                    ),
                )?;
                let docs = docs.unwrap_or_default();
                (
                    c,
                    docs.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                    f,
                    l,
                )
            }
            Sort::Newest | Sort::Oldest => {
                let order = if req.sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_date = top.map(|t| t.order_by_fast_field::<DateTime>("date", order));
                let (c, docs, f, l) = timer.search(
                    &searcher,
                    &*full,
                    (count, by_date, facet_pass, language_pass),
                )?;
                let docs = docs.unwrap_or_default();
                (c, docs.into_iter().map(|(_, a)| (None, a)).collect(), f, l)
            }
        };
        let (total, facets) = match (cached, total) {
            (Some(hit), _) => (hit.0, hit.1.clone()),
            (None, total) => {
                let total = total.unwrap_or_default() as u64;
                let facets = match counts {
                    Some(mut counts) => {
                        // A facet with a selection is counted again without its own filter.
                        let recount = |others: Vec<Box<dyn Query>>, spec: FacetSpec| {
                            let q = combine(text_query.as_deref(), &others);
                            let c = self.facet_collector(&searcher, spec)?;
                            timer.search(&searcher, &*q, c)
                        };
                        if own_people {
                            let spec = FacetSpec {
                                people: true,
                                ..Default::default()
                            };
                            counts.people = recount(filters.without_people(), spec)?.people;
                        }
                        if own_places {
                            let spec = FacetSpec {
                                places: true,
                                ..Default::default()
                            };
                            counts.places = recount(filters.without_places(), spec)?.places;
                        }
                        let mut facets = to_facets(&counts, req.facets);
                        let language_counts = match language_counts {
                            Some(l) => l,
                            None => {
                                let q = combine(text_query.as_deref(), &filters.without_language());
                                timer.search(&searcher, &*q, languages::LanguageCounts)?
                            }
                        };
                        facets.language = languages::top(language_counts, req.facets);
                        facets
                    }
                    None => Facets::default(),
                };
                self.cache_put(gen_id, key, Arc::new((total, facets.clone())));
                (total, facets)
            }
        };

        // Documents and snippets for the page of hits.
        let hits = self.hits(&searcher, &*full, &addrs, &timer)?;
        Ok(SearchResponse {
            query: req.query.clone(),
            total,
            took_ms: (start.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            hits,
            facets,
        })
    }

    /// The query that selects `req`'s results (text query and filters; order, paging and
    /// facets ignored) with the searcher it was built for, so a caller can walk every match
    /// segment by segment instead of collecting a page of hits (`export` does).
    pub fn matching_query(
        &self,
        req: &SearchRequest,
    ) -> Result<(Searcher, Box<dyn Query>), QueryError> {
        check_date_range(req)?;
        let p = self.prepare(req)?;
        let full = combine(p.text_query.as_deref(), &p.filters.all());
        Ok((p.searcher, full))
    }

    fn hits(
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
        let snippets = snippet::Snippets::new(searcher, query, f.body, 220)?;
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
                    plain_excerpt(if a.lede.is_empty() { &a.body } else { &a.lede }, 220)
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
                places: a.places,
                language: a.language,
                snippet,
            });
        }
        Ok(hits)
    }

    /// Values of one facet that match `prefix` (case-insensitively, at the start of the name
    /// or of any word in it: "bid" finds "Joe Biden"), most frequent first, counted over the
    /// results of `req` (its query and filters; everything when both are empty). This is the
    /// autocomplete behind the web page's facet boxes.
    pub fn facet_values(
        &self,
        kind: FacetKind,
        prefix: &str,
        req: &SearchRequest,
        limit: usize,
    ) -> Result<Vec<FacetCount>, QueryError> {
        if limit > MAX_LIMIT {
            return Err(QueryError::BadRequest(format!(
                "limit {limit} is over the maximum of {MAX_LIMIT}"
            )));
        }
        let Prepared {
            searcher,
            timer,
            text_query,
            filters,
        } = self.prepare(req)?;
        // Like the page's sidebar, a facet is counted without its own selection.
        let own = match (kind, req.logic) {
            (FacetKind::People, FacetLogic::Any) => filters.without_people(),
            (FacetKind::Places, FacetLogic::Any) => filters.without_places(),
            _ => filters.all(),
        };
        let q = combine(text_query.as_deref(), &own);
        let spec = FacetSpec {
            people: kind == FacetKind::People,
            places: kind == FacetKind::Places,
            dates: false,
        };
        let counts = timer.search(&searcher, &*q, self.facet_collector(&searcher, spec)?)?;
        let map = match kind {
            FacetKind::People => counts.people,
            FacetKind::Places => counts.places,
        };
        let p = prefix.trim().to_lowercase();
        Ok(map
            .top_matching(|name| p.is_empty() || name_has_prefix(name, &p), limit)
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect())
    }

    /// The whole stored article with this id.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, QueryError> {
        let searcher = self.searcher();
        let f = self.fields();
        let q = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            None => Ok(None),
            Some((_, addr)) => {
                let doc: TantivyDocument = searcher.doc(*addr)?;
                Ok(Some(from_document(&doc, f)))
            }
        }
    }

    /// Figures about the whole index.
    pub fn stats(&self, top: usize) -> Result<Stats, QueryError> {
        let searcher = self.searcher();
        let spec = FacetSpec {
            people: true,
            places: true,
            dates: true,
        };
        let counts = searcher.search(&AllQuery, &self.facet_collector(&searcher, spec)?)?;
        let mut first: Option<i64> = None;
        let mut last: Option<i64> = None;
        let mut undated = 0u64;
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().date("date")?;
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                match col.first(doc) {
                    Some(d) => {
                        let t = d.into_timestamp_secs();
                        first = Some(first.map_or(t, |f| f.min(t)));
                        last = Some(last.map_or(t, |l| l.max(t)));
                    }
                    None => undated += 1,
                }
            }
        }
        let day = |t: Option<i64>| {
            t.and_then(crate::index::document::timestamp_to_day)
                .map(|d| d.format("%Y-%m-%d").to_string())
        };
        let mut files = HashSet::new();
        crate::index::state::for_each_indexed_path(&searcher, |p| {
            files.insert(crate::index::state::path_hash(p));
        })?;
        let facets = to_facets(&counts, top);
        Ok(Stats {
            index: self.index.dir.display().to_string(),
            articles: searcher.num_docs(),
            files: files.len() as u64,
            first_date: day(first),
            last_date: day(last),
            undated,
            people: facets.people,
            places: facets.places,
            years: year_counts(&counts.months),
            segments: searcher.segment_readers().len(),
            size_bytes: self.index.size_on_disk(),
            schema_version: crate::index::schema::schema_version(),
        })
    }

    /// A person, place, source or section value: matched case-insensitively against the values
    /// in the index; a place matches everything under it; a person given in part ("Blinken")
    /// matches the full names that contain all its words.
    fn value_query(&self, field: FieldRef, value: &str, names: &Names) -> Box<dyn Query> {
        let f = self.fields();
        let key = value.trim().to_lowercase();
        let terms: Vec<Term> = match field {
            FieldRef::Place => names
                .places
                .get(&key)
                .into_iter()
                .flatten()
                .map(|p| Term::from_facet(f.place_paths, &facet_of(p)))
                .collect(),
            FieldRef::Person => {
                let exact: Vec<Term> = names
                    .people
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|p| Term::from_field_text(f.people, p))
                    .collect();
                if exact.is_empty() {
                    let words: Vec<&str> = key.split_whitespace().collect();
                    names
                        .people
                        .iter()
                        .filter(|(k, _)| {
                            !words.is_empty()
                                && words
                                    .iter()
                                    .all(|w| k.split_whitespace().any(|kw| kw == *w))
                        })
                        .flat_map(|(_, v)| v.iter())
                        .map(|p| Term::from_field_text(f.people, p))
                        .collect()
                } else {
                    exact
                }
            }
            FieldRef::Source => names
                .sources
                .get(&key)
                .into_iter()
                .flatten()
                .map(|p| Term::from_field_text(f.source, p))
                .collect(),
            _ => names
                .sections
                .get(&key)
                .into_iter()
                .flatten()
                .map(|p| Term::from_field_text(f.section, p))
                .collect(),
        };
        if terms.is_empty() {
            Box::new(EmptyQuery)
        } else {
            Box::new(TermSetQuery::new(terms))
        }
    }

    fn filters(&self, req: &SearchRequest, names: &Names) -> Filters {
        let f = self.fields();
        let group = |field: FieldRef, values: &[String]| -> Vec<Box<dyn Query>> {
            let qs: Vec<Box<dyn Query>> = values
                .iter()
                .filter(|v| !v.trim().is_empty())
                .map(|v| self.value_query(field, v, names))
                .collect();
            if req.logic == FacetLogic::Any && qs.len() > 1 {
                vec![Box::new(BooleanQuery::new(
                    qs.into_iter().map(|q| (Occur::Should, q)).collect(),
                ))]
            } else {
                qs
            }
        };
        let mut other: Vec<Box<dyn Query>> = Vec::new();
        if let Some(s) = &req.source
            && !s.trim().is_empty()
        {
            other.push(self.value_query(FieldRef::Source, s, names));
        }
        let languages: Vec<String> = req
            .languages
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| crate::language::normalize(l).unwrap_or_else(|| l.trim().to_lowercase()))
            .collect();
        let language = (!languages.is_empty()).then(|| {
            Box::new(TermSetQuery::new(
                languages
                    .iter()
                    .map(|l| Term::from_field_text(f.language, l)),
            )) as Box<dyn Query>
        });
        if req.from.is_some() || req.to.is_some() {
            let lo = req.from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(day_to_timestamp(d)),
                ))
            });
            let hi = req.to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(
                    f.date,
                    DateTime::from_timestamp_secs(day_to_timestamp(d)),
                ))
            });
            other.push(Box::new(RangeQuery::new(lo, hi)));
        }
        Filters {
            people: group(FieldRef::Person, &req.people),
            places: group(FieldRef::Place, &req.places),
            language,
            other,
        }
    }
}

/// Does the query match person, place, source or section values by name?
fn names_values(node: &Node) -> bool {
    let by_name = |f: &FieldRef| {
        matches!(
            f,
            FieldRef::Person | FieldRef::Place | FieldRef::Source | FieldRef::Section
        )
    };
    match node {
        Node::Or(parts) => parts.iter().any(names_values),
        Node::And(parts) => parts.iter().any(|(_, p)| names_values(p)),
        Node::Boost(inner, _) => names_values(inner),
        Node::Word { field, .. } | Node::Phrase { field, .. } => by_name(field),
        Node::Date { .. } | Node::Lang(_) => false,
    }
}

/// Does the name, or one of its words, start with the lower-cased `prefix`?
fn name_has_prefix(name: &str, prefix: &str) -> bool {
    let lower = name.to_lowercase();
    lower.starts_with(prefix)
        || lower
            .match_indices(|c: char| !c.is_alphanumeric())
            .any(|(i, sep)| lower[i + sep.len()..].starts_with(prefix))
}

/// A request's time budget, enforced between tantivy segments and between stages.
struct Deadline {
    at: Option<Instant>,
}

impl Deadline {
    fn new(at: Option<Instant>) -> Deadline {
        Deadline { at }
    }

    fn expired(&self) -> bool {
        self.at.is_some_and(|t| Instant::now() >= t)
    }

    fn check(&self) -> Result<(), QueryError> {
        if self.expired() {
            Err(QueryError::Timeout)
        } else {
            Ok(())
        }
    }

    /// Runs a collector, stopping between segments once the deadline has passed.
    fn search<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: C,
    ) -> Result<C::Fruit, QueryError> {
        self.check()?;
        if self.at.is_none() {
            return Ok(searcher.search(query, &collector)?);
        }
        let timed = Timed {
            inner: collector,
            at: self.at,
        };
        match searcher.search(query, &timed) {
            Ok(fruit) => Ok(fruit),
            Err(_) if self.expired() => Err(QueryError::Timeout),
            Err(e) => Err(e.into()),
        }
    }
}

/// A collector that refuses to start a segment after its deadline.
struct Timed<C> {
    inner: C,
    at: Option<Instant>,
}

impl<C: Collector> Collector for Timed<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(
        &self,
        ord: tantivy::SegmentOrdinal,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.inner.for_segment(ord, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as tantivy::collector::SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        ord: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<<C::Child as tantivy::collector::SegmentCollector>::Fruit> {
        if self.at.is_some_and(|t| Instant::now() >= t) {
            return Err(tantivy::TantivyError::InternalError(
                "query deadline passed".to_string(),
            ));
        }
        self.inner.collect_segment(weight, ord, reader)
    }
}

/// A value derived from the index, kept while the searcher generation (the commit) it was
/// built from is current.
type GenerationSlot<T> = Mutex<Option<(u64, Arc<T>)>>;

/// The slot's value for `searcher`'s generation, built by `build` when the slot holds none
/// or an older one.
fn per_generation<T>(
    slot: &GenerationSlot<T>,
    searcher: &Searcher,
    build: impl FnOnce() -> Result<T, QueryError>,
) -> Result<Arc<T>, QueryError> {
    let gen_id = searcher.generation().generation_id();
    if let Ok(guard) = slot.lock()
        && let Some((g, v)) = guard.as_ref()
        && *g == gen_id
    {
        return Ok(v.clone());
    }
    let value = Arc::new(build()?);
    if let Ok(mut guard) = slot.lock() {
        *guard = Some((gen_id, value.clone()));
    }
    Ok(value)
}

/// A request made ready to run (see [`Engine::prepare`]).
struct Prepared {
    searcher: Searcher,
    timer: Deadline,
    text_query: Option<Box<dyn Query>>,
    filters: Filters,
}

/// Refuses a date range whose start is after its end.
fn check_date_range(req: &SearchRequest) -> Result<(), QueryError> {
    match (req.from, req.to) {
        (Some(a), Some(b)) if a > b => Err(QueryError::BadRequest(format!(
            "the date range is empty: from {a} is after to {b}"
        ))),
        _ => Ok(()),
    }
}

struct Filters {
    people: Vec<Box<dyn Query>>,
    places: Vec<Box<dyn Query>>,
    /// Any of the requested languages.
    language: Option<Box<dyn Query>>,
    other: Vec<Box<dyn Query>>,
}

impl Filters {
    fn all(&self) -> Vec<Box<dyn Query>> {
        self.people
            .iter()
            .chain(&self.places)
            .chain(&self.language)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
    fn without_people(&self) -> Vec<Box<dyn Query>> {
        self.places
            .iter()
            .chain(&self.language)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
    fn without_places(&self) -> Vec<Box<dyn Query>> {
        self.people
            .iter()
            .chain(&self.language)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
    fn without_language(&self) -> Vec<Box<dyn Query>> {
        self.people
            .iter()
            .chain(&self.places)
            .chain(&self.other)
            .map(|q| q.box_clone())
            .collect()
    }
}

/// The text query (or everything) restricted by filters that do not change the score.
fn combine(text: Option<&dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return match text {
            Some(q) => q.box_clone(),
            None => Box::new(AllQuery),
        };
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match text {
        Some(q) => clauses.push((Occur::Must, q.box_clone())),
        None => clauses.push((Occur::Must, Box::new(AllQuery))),
    }
    for f in filters {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(f.box_clone(), 0.0)),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn facet_of(path: &str) -> Facet {
    Facet::from_path(path.split('/').filter(|c| !c.is_empty()))
}

fn to_facets(counts: &FacetCounts, n: usize) -> Facets {
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
        date,
        language: Vec::new(),
    }
}

fn year_counts(months: &HashMap<i32, u64>) -> Vec<FacetCount> {
    let mut years: std::collections::BTreeMap<i32, u64> = Default::default();
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

/// Figures about an index, as printed by `newsdex stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Index directory.
    pub index: String,
    /// Live articles.
    pub articles: u64,
    /// Source files with live articles.
    pub files: u64,
    /// Earliest publication day.
    pub first_date: Option<String>,
    /// Latest publication day.
    pub last_date: Option<String>,
    /// Articles without a date.
    pub undated: u64,
    /// Most frequent people.
    pub people: Vec<FacetCount>,
    /// Most frequent places.
    pub places: Vec<FacetCount>,
    /// Articles per year.
    pub years: Vec<FacetCount>,
    /// Index segments.
    pub segments: usize,
    /// Bytes on disk.
    pub size_bytes: u64,
    /// Schema version of the index.
    pub schema_version: u32,
}

/// The year of a date, for callers formatting histograms.
pub fn year_of(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_date_bound("2024", false).unwrap(), d(2024, 1, 1));
        assert_eq!(parse_date_bound("2024", true).unwrap(), d(2024, 12, 31));
        assert_eq!(parse_date_bound("2024-02", true).unwrap(), d(2024, 2, 29));
        assert_eq!(parse_date_bound("2024-02-05", true).unwrap(), d(2024, 2, 5));
        for bad in ["", "24", "2024-13", "2024-02-30", "yesterday", "2024-1-2-3"] {
            assert!(parse_date_bound(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn facet_prefixes() {
        assert!(name_has_prefix("Joe Biden", "bid"));
        assert!(name_has_prefix("Joe Biden", "joe b"));
        assert!(name_has_prefix("Jean-Luc Picard", "luc"));
        assert!(!name_has_prefix("Joe Biden", "iden"));
    }

    #[test]
    fn excerpts() {
        assert_eq!(plain_excerpt("a <b> c", 100), "a &lt;b&gt; c");
        assert_eq!(plain_excerpt("one two three", 6), "one…");
    }
}
