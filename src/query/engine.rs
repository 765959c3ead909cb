//! The [`Engine`]: an open index and what it keeps between requests (name tables and facet
//! ordinals per generation, the counts cache); it answers searches and article look-ups.
//! Other answers live beside it: [`Engine::stats`] in `stats.rs`, [`Engine::facet_values`] in
//! `facet_values.rs`, the page of hits in `hits.rs`.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use super::QueryError;
use super::build::QueryBuilder;
use super::counts_cache::{COUNTS_CACHE_ENTRIES, CountsCache};
use super::deadline::Deadline;
use super::facets::{FacetCollector, FacetCounts, FacetSpec, GlobalOrds};
use super::filter_cache::FilterCache;
use super::filters::{Filters, combine};
use super::generation::{GenerationSlot, per_generation, reading_id};
use super::languages;
use super::lookups::Lookups;
use super::names::Names;
use super::page_copies::{NearCopies, PageStory};
use super::parse::{self, Node};
use super::request::{CountBy, FacetLogic, SearchRequest, Sort};
use super::response::{COPIES_LISTED, CopyRef, Facets, Hit, SearchResponse};
use super::stories::{Stories, StoryCount};
use crate::article::Article;
use crate::index::document::from_document;
use crate::index::stored::StoredDoc;
use crate::index::{Fields, IndexError, NewsIndex};

/// A searchable index: the entry point of every read (search, article, stats).
pub struct Engine {
    /// The open index.
    pub index: NewsIndex,
    names: GenerationSlot<Names>,
    /// The archive-level entities, per generation and override file (`archive.rs`).
    pub(super) ords: GenerationSlot<GlobalOrds>,
    /// The parsed override file and the signature it was read at.
    pub(super) overrides: Mutex<Option<(u64, crate::entities::Overrides)>>,
    stories: GenerationSlot<Stories>,
    /// The stemmed languages of the index's articles (query words are analysed in each).
    langs: GenerationSlot<Vec<&'static str>>,
    /// Term-dictionary look-ups of query building (`lookups.rs`).
    lookups: GenerationSlot<Lookups>,
    /// The documents of recent filters (`filter_cache.rs`).
    filter_cache: GenerationSlot<FilterCache>,
    counts: CountsCache,
    pub(super) stats: super::stats::StatsCache,
}

/// What the one pass over the matches gives: the total (unless cached), the page of hits
/// with their scores, the facet counts, the distinct stories and the language counts (unless
/// cached).
type MainPass = (
    Option<usize>,
    Vec<(Option<f32>, DocAddress)>,
    Option<FacetCounts>,
    Option<u64>,
    Option<languages::LanguageFruit>,
);

/// The counting collectors of the main pass: total, facets, distinct stories, languages.
type Counters = (
    Option<Count>,
    Option<FacetCollector>,
    Option<StoryCount>,
    Option<languages::LanguageCounts>,
);

impl Engine {
    /// Opens the index at `dir` for reading.
    pub fn open(dir: &Path) -> Result<Engine, IndexError> {
        Ok(Engine {
            index: NewsIndex::open(dir)?,
            names: Mutex::new(None),
            ords: Mutex::new(None),
            overrides: Mutex::new(None),
            stories: Mutex::new(None),
            langs: Mutex::new(None),
            lookups: Mutex::new(None),
            filter_cache: Mutex::new(None),
            counts: CountsCache::new(COUNTS_CACHE_ENTRIES),
            stats: Default::default(),
        })
    }

    /// The current searcher (follows new commits).
    pub fn searcher(&self) -> Searcher {
        self.index.reader.searcher()
    }

    /// The index's field handles.
    pub(super) fn fields(&self) -> &Fields {
        &self.index.fields
    }

    /// The facet collector for `spec` on `searcher`, with that generation's archive-level
    /// entities (built on the first facet request after each commit or override edit).
    pub(super) fn facet_collector(
        &self,
        searcher: &Searcher,
        spec: FacetSpec,
    ) -> Result<FacetCollector, QueryError> {
        let ords = self.entity_ords(searcher)?;
        Ok(FacetCollector {
            spec,
            ords,
            by_story: None,
        })
    }

    /// Builds the current generation's name tables and archive-level entities, which the
    /// first filtered or faceted request would otherwise wait for (`serve` calls it as it
    /// starts).
    pub fn warm(&self) -> Result<(), QueryError> {
        let searcher = self.searcher();
        per_generation(&self.names, &searcher, || {
            Names::build(&searcher, self.fields())
        })?;
        self.entity_ords(&searcher)?;
        self.stories(&searcher)?;
        Ok(())
    }

    /// The stories of `searcher`'s generation (built on the first search after each commit).
    pub fn stories(&self, searcher: &Searcher) -> Result<Arc<Stories>, QueryError> {
        per_generation(&self.stories, searcher, || Ok(Stories::build(searcher)?))
    }

    /// How many requests' totals and facets to remember (0: none, every request counts
    /// afresh, as for measuring the uncached cost).
    pub fn set_counts_cache(&self, entries: usize) {
        self.counts.set_capacity(entries);
    }

    /// The name tables of `searcher`'s generation when `req` (or its query `node`) matches
    /// values by name, else empty ones (see [`Names::needed`]).
    fn names(
        &self,
        searcher: &Searcher,
        req: &SearchRequest,
        node: Option<&Node>,
    ) -> Result<Arc<Names>, QueryError> {
        if Names::needed(req, node) {
            per_generation(&self.names, searcher, || {
                Names::build(searcher, self.fields())
            })
        } else {
            Ok(Arc::new(Names::default()))
        }
    }

    /// What every read starts with: the current searcher, the request's deadline, its parsed
    /// text query and its filters.
    pub(super) fn prepare(&self, req: &SearchRequest) -> Result<Prepared, QueryError> {
        let searcher = self.searcher();
        let timer = Deadline::new(req.deadline);
        let node = parse::parse(&req.query)?;
        let names = self.names(&searcher, req, node.as_ref())?;
        let langs = per_generation(&self.langs, &searcher, || {
            languages::stemmed(&searcher, self.fields().language)
        })?;
        let lookups = per_generation(&self.lookups, &searcher, || Ok(Lookups::default()))?;
        let filter_cache =
            per_generation(&self.filter_cache, &searcher, || Ok(FilterCache::default()))?;
        // Person values match the archive-level entities.
        let entities = if Names::people_needed(req, node.as_ref()) {
            Some(self.entity_ords(&searcher)?)
        } else {
            None
        };
        let builder = QueryBuilder {
            index: &self.index,
            names: &names,
            entities: entities.as_ref(),
            searcher: &searcher,
            langs: langs.iter().map(|l| Some(*l)).chain([None]).collect(),
            lookups: &lookups,
            filter_cache: &filter_cache,
        };
        let text_query = match node {
            Some(node) => Some(builder.build(&node)?),
            None => None,
        };
        let filters = builder.filters(req);
        Ok(Prepared {
            searcher,
            timer,
            text_query,
            filters,
        })
    }

    /// Answers a search request.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResponse, QueryError> {
        let start = Instant::now();
        req.check_paging()?;
        req.check_date_range()?;
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
        // The counts depend on the archive-level reading: the generation and the override
        // file.
        let gen_id = reading_id(&searcher, self.overrides().1);
        let key = CountsCache::key(req);
        let cached = self.counts.get(gen_id, &key);
        let stories = self.stories(&searcher)?;
        let by_story = (req.count == CountBy::Stories).then(|| stories.clone());
        let facet_pass = match (&cached, req.facets) {
            (None, n) if n > 0 => Some(FacetCollector {
                by_story: by_story.clone(),
                ..self.facet_collector(
                    &searcher,
                    FacetSpec {
                        people: !own_people,
                        places: !own_places,
                        credit: true,
                        dates: true,
                    },
                )?
            }),
            _ => None,
        };
        let own_language = disjunctive && !req.languages.is_empty();
        let language_counter = || languages::LanguageCounts {
            by_story: by_story.clone(),
        };
        let language_pass =
            (cached.is_none() && req.facets > 0 && !own_language).then(language_counter);
        let count = cached.is_none().then_some(Count);
        let story_count = cached.is_none().then(|| StoryCount {
            stories: stories.clone(),
        });
        // Collapsing keeps each story's best-ranked copy: the first `offset + limit` stories
        // are among the first hits of the ranking, fetched with room for copies (and more
        // below when copies fill that room).
        let collapse = !req.all_copies;
        let wanted = req.offset + req.limit;
        let fetch = if collapse {
            (wanted * 3 + 20, 0)
        } else {
            (req.limit, req.offset)
        };
        let (total, addrs, counts, story_total, language_counts) = self.main_pass(
            &searcher,
            &*full,
            &timer,
            req,
            fetch,
            (count, facet_pass, story_count, language_pass),
        )?;
        let (total, story_total, facets) = match (cached, total) {
            (Some(hit), _) => (hit.0, hit.1, hit.2.clone()),
            (None, total) => {
                let total = total.unwrap_or_default() as u64;
                let story_total = story_total.unwrap_or_default();
                let facets = match counts {
                    Some(mut counts) => {
                        // A facet with a selection is counted again without its own filter.
                        let recount = |others: Vec<Box<dyn Query>>, spec: FacetSpec| {
                            let q = combine(text_query.as_deref(), &others);
                            let c = FacetCollector {
                                by_story: by_story.clone(),
                                ..self.facet_collector(&searcher, spec)?
                            };
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
                        let mut facets = Facets::from_counts(&counts, req.facets);
                        // With OR logic a language selection is counted without itself too.
                        let language_counts = match language_counts {
                            Some(l) => l,
                            None => {
                                let q = combine(text_query.as_deref(), &filters.without_language());
                                timer.search(&searcher, &*q, language_counter())?
                            }
                        };
                        facets.language = languages::top(language_counts.into_counts(), req.facets);
                        facets
                    }
                    None => Facets::default(),
                };
                self.counts
                    .put(gen_id, key, Arc::new((total, story_total, facets.clone())));
                (total, story_total, facets)
            }
        };

        // One hit per story: more of the ranking while copies fill the page. Stories whose
        // best-ranked copies copy a hit above them are folded into it (`page_copies.rs`).
        let mut addrs = addrs;
        let mut fetched = fetch.0;
        let mut near = NearCopies::new(&searcher, self.fields(), crate::dedup::DEFAULT_THRESHOLD);
        let page: Vec<PageStory> = loop {
            if !collapse {
                break addrs
                    .into_iter()
                    .map(|first| PageStory {
                        first,
                        folded: Vec::new(),
                    })
                    .collect();
            }
            let mut seen = std::collections::HashSet::new();
            let firsts: Vec<(Option<f32>, DocAddress)> = addrs
                .iter()
                .filter(|(_, a)| seen.insert(stories.story(*a)))
                .copied()
                .collect();
            let kept = near.fold(&firsts, wanted, &timer)?;
            if kept.len() >= wanted || addrs.len() < fetched || fetched as u64 >= total {
                break kept.into_iter().skip(req.offset).take(req.limit).collect();
            }
            fetched = (fetched * 4).min(total as usize);
            addrs = self.ranked(&searcher, &*full, &timer, req.sort, fetched)?;
        };

        // Documents and snippets for the page of hits, then each story's other copies.
        let shown: Vec<(Option<f32>, DocAddress)> = page.iter().map(|p| p.first).collect();
        let mut known = near.into_articles();
        let mut hits = self.hits(&searcher, &*full, &shown, &stories, &mut known, &timer)?;
        if collapse {
            for (hit, p) in hits.iter_mut().zip(&page) {
                self.add_copies(&searcher, &*full, &stories, p, hit, &timer)?;
            }
        }
        Ok(SearchResponse {
            query: req.query.clone(),
            total,
            stories: story_total,
            took_ms: (start.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            hits,
            facets,
        })
    }

    /// One pass over the matches of `query`: the first `fetch.0` hits after `fetch.1` in
    /// `req`'s order, and whatever `counters` count.
    fn main_pass(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        timer: &Deadline,
        req: &SearchRequest,
        fetch: (usize, usize),
        counters: Counters,
    ) -> Result<MainPass, QueryError> {
        let (count, facets, stories, langs) = counters;
        let top = (fetch.0 > 0).then(|| TopDocs::with_limit(fetch.0).and_offset(fetch.1));
        Ok(match req.sort {
            Sort::Relevance => {
                let (c, docs, f, (s, l)) = timer.search(
                    searcher,
                    query,
                    (
                        count,
                        top.map(|t| t.order_by_score()),
                        facets,
                        (stories, langs),
                    ),
                )?;
                let docs = docs.unwrap_or_default();
                (
                    c,
                    docs.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                    f,
                    s,
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
                let (c, docs, f, (s, l)) =
                    timer.search(searcher, query, (count, by_date, facets, (stories, langs)))?;
                let docs = docs.unwrap_or_default();
                (
                    c,
                    docs.into_iter().map(|(_, a)| (None, a)).collect(),
                    f,
                    s,
                    l,
                )
            }
        })
    }

    /// The first `n` hits of `query` in `sort` order.
    fn ranked(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        timer: &Deadline,
        sort: Sort,
        n: usize,
    ) -> Result<Vec<(Option<f32>, DocAddress)>, QueryError> {
        let req = SearchRequest {
            sort,
            ..Default::default()
        };
        let none: Counters = (None, None, None, None);
        Ok(self
            .main_pass(searcher, query, timer, &req, (n, 0), none)?
            .1)
    }

    /// Fills `hit` (the document `page.first`) with the other results that are copies of its
    /// story or of the stories folded into it: how many, and the first [`COPIES_LISTED`] by
    /// date.
    fn add_copies(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        stories: &Stories,
        page: &PageStory,
        hit: &mut Hit,
        timer: &Deadline,
    ) -> Result<(), QueryError> {
        let addr = page.first.1;
        let mut ids: Vec<u64> = Vec::with_capacity(1 + page.folded.len());
        let mut size = 0u32;
        for a in std::iter::once(&addr).chain(&page.folded) {
            if let Some(story) = stories.story(*a) {
                ids.extend(stories.ids_of(story));
                size += stories.size(story);
            }
        }
        if size < 2 {
            return Ok(());
        }
        timer.check()?;
        let f = self.fields();
        let mut same: Vec<Box<dyn Query>> = ids
            .iter()
            .map(|&id| {
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.cluster, id),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>
            })
            .collect();
        let same: Box<dyn Query> = if same.len() == 1 {
            same.remove(0)
        } else {
            Box::new(BooleanQuery::union(same))
        };
        let q = BooleanQuery::intersection(vec![query.box_clone(), same]);
        let top = TopDocs::with_limit(COPIES_LISTED + 1)
            .order_by_fast_field::<DateTime>("date", Order::Asc);
        let (n, copies) = searcher.search(&q, &(Count, top))?;
        hit.copies = (n as u64).saturating_sub(1);
        for (_, a) in copies {
            if a == addr || hit.copy_list.len() >= COPIES_LISTED {
                continue;
            }
            let c = searcher.doc::<StoredDoc>(a)?.into_article(f);
            hit.copy_list.push(CopyRef {
                id: c.id,
                date: c.date.map(|d| d.format("%Y-%m-%d").to_string()),
                title: c.title,
                source: c.source,
                path: c.path,
                original: stories.is_original(a),
            });
        }
        Ok(())
    }

    /// The query that selects `req`'s results (text query and filters; order, paging and
    /// facets ignored) with the searcher it was built for, so a caller can walk every match
    /// segment by segment instead of collecting a page of hits (`export` does).
    pub fn matching_query(
        &self,
        req: &SearchRequest,
    ) -> Result<(Searcher, Box<dyn Query>), QueryError> {
        req.check_date_range()?;
        let p = self.prepare(req)?;
        let full = combine(p.text_query.as_deref(), &p.filters.all());
        Ok((p.searcher, full))
    }

    /// The whole stored article with this id.
    pub fn article(&self, id: &str) -> Result<Option<Article>, QueryError> {
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
}

/// A request made ready to run (see [`Engine::prepare`]).
pub(super) struct Prepared {
    pub searcher: Searcher,
    pub timer: Deadline,
    pub text_query: Option<Box<dyn Query>>,
    pub filters: Filters,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::writer::{IndexOptions, NoProgress, index_paths};

    /// `warm` builds what the first filtered, faceted request needs, for the current
    /// generation (the warm-up search `serve` ran asked for no facets and no filters, so it
    /// built neither).
    #[test]
    fn warm_builds_the_name_tables_and_facet_ordinals() {
        let dir = tempfile::tempdir().unwrap();
        let samples = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
        let opts = IndexOptions {
            extract: false,
            threads: 1,
            ..Default::default()
        };
        index_paths(dir.path(), &[samples], &opts, &NoProgress).unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let generation = engine.searcher().generation().generation_id();
        fn built<T>(slot: &GenerationSlot<T>, generation: u64) -> bool {
            slot.lock()
                .unwrap()
                .as_ref()
                .is_some_and(|(g, _)| *g == generation)
        }
        assert!(!built(&engine.names, generation) && !built(&engine.ords, generation));
        engine.warm().unwrap();
        assert!(built(&engine.names, generation) && built(&engine.ords, generation));
        let names = engine.names.lock().unwrap().as_ref().unwrap().1.clone();
        assert!(!names.sources.is_empty(), "the samples name their sources");
    }
}
