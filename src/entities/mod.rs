//! The archive level of people and places: what the values that extraction gave each
//! article mean across the whole archive.
//!
//! Per-article extraction sees one text. Across an archive, a partial name ("Obama",
//! "Secretary Geithner", "Count Bernstorff") has full names that contain it, a word has a
//! usual case ("Good" is mostly "good"), and a name has a usual type ("Obama" is mostly a
//! person). This module turns the values stored in the index into canonical entities:
//!
//! 1. every value is read as a name ([`name`]): titles, initials, particles, function words;
//!    values that cannot be names are dropped, with a reason;
//! 2. spellings of one full name become one entity ("George W Bush" = "George W. Bush",
//!    "Barack Hussein Obama" = "Barack Obama") ([`people`]);
//! 3. a partial name resolves to the full name the archive's evidence points to: the full
//!    names that contain it, how often each is used, and the title before it in its article
//!    ("Secretary Clinton" is not "President Clinton"); when the evidence is not clear
//!    ("Johnson"), the part is kept out of the facets (it still matches a `--person` filter);
//! 4. places fold case and punctuation variants and lose values that are common words,
//!    directions, pieces of longer place names, or people ([`places`]);
//! 5. a hand-edited override file merges, splits and drops entities ([`overrides`]).
//!
//! Steps 1–4 depend on the index commit alone and are kept on disk beside the index, one
//! table per commit ([`table_file`]); step 5 and the per-article context are applied when
//! the table is read, so an edit of the override file needs no rebuild.
//!
//! Everything is derived from index fields once per index generation, so adding articles
//! can change a resolution without re-extracting any old article. The code here knows
//! nothing of tantivy: `query` feeds it ordinals and documents ([`Builder`]) and applies the
//! [`Resolution`] when it counts facets and builds filters.

pub mod evidence;
pub mod name;
pub mod overrides;
pub mod people;
pub mod places;
pub mod report;
pub mod table_file;
pub mod words;

use std::collections::{HashMap, HashSet};

/// The hash map of this module: a fast, fixed hash (deterministic across runs).
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// The hash set of this module, with [`Map`]'s hash.
pub(crate) type Set<K> = HashSet<K, foldhash::fast::FixedState>;

use serde::Serialize;

pub use name::WordCase;
pub use overrides::Overrides;

/// Separates a person's name from the title used before it in a `person_keys` value.
pub const KEY_SEP: char = '\u{1f}';

/// A `person_keys` value: the name, and the title most used before it in the article.
pub fn person_key(name: &str, title: Option<&str>) -> String {
    match title {
        Some(t) if !t.is_empty() => format!("{name}{KEY_SEP}{t}"),
        _ => name.to_string(),
    }
}

/// The name and title (empty when none) of a `person_keys` value.
pub fn split_key(key: &str) -> (&str, &str) {
    key.split_once(KEY_SEP).unwrap_or((key, ""))
}

/// People or places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// People.
    People,
    /// Places.
    Places,
}

/// What became of one stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// It counts as this entity.
    Entity(u32),
    /// It is not offered: not a name, or not of this kind.
    Dropped(Dropped),
}

/// Why a value is not offered as a facet value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dropped {
    /// It cannot be a name (see [`name::NotAName`]).
    NotAName(#[serde(skip)] name::NotAName),
    /// The archive uses it as the other kind (a person as a place, or a place as a person).
    OtherKind,
    /// A place word the archive mostly uses inside longer place names ("York", "San").
    PartOfLongerPlace,
    /// A compass direction alone ("North").
    Direction,
    /// A place of a country whose articles never name another place there ("Pa" as a
    /// town of Burkina Faso in American datelines).
    Unsupported,
    /// A short abbreviation the gazetteer does not know ("Mo", "Va").
    Abbreviation,
    /// Dropped by the override file.
    Override,
}

impl Dropped {
    /// A few words for the `entities` listing.
    pub fn reason(self) -> &'static str {
        match self {
            Dropped::NotAName(n) => n.reason(),
            Dropped::OtherKind => "the archive uses this name as the other kind",
            Dropped::PartOfLongerPlace => "mostly part of a longer place name",
            Dropped::Direction => "a direction alone",
            Dropped::Unsupported => "its articles never name another place of its country",
            Dropped::Abbreviation => "an abbreviation the gazetteer does not know",
            Dropped::Override => "dropped by the override file",
        }
    }
}

/// How an entity's name was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A full name (people) or a place name: shown.
    Canonical,
    /// A surname with titles the archive never gives a first name for ("Count von
    /// Bernstorff"): shown.
    TitledSurname,
    /// A partial name whose full name is unclear ("Johnson"): not shown, but matched by
    /// filters.
    Unresolved,
}

/// One canonical entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The name shown.
    pub name: String,
    /// How it was decided.
    pub status: Status,
    /// The stored values (global ordinals) that count as it.
    #[serde(skip)]
    pub forms: Vec<u32>,
}

impl Entity {
    /// Whether the entity is offered in facets.
    pub fn shown(&self) -> bool {
        self.status != Status::Unresolved
    }
}

/// The entities of one kind, and what each stored value became.
#[derive(Debug, Clone, Default)]
pub struct KindTable {
    /// Entities, in order of name (so that ordinals sort like names).
    pub entities: Vec<Entity>,
    /// Per stored value (global ordinal of its field): its fate.
    pub fates: Vec<Fate>,
    /// The stored values, by global ordinal (the field's dictionary).
    pub values: Vec<Box<str>>,
    /// Per stored value: the articles that carry it.
    pub counts: Vec<u32>,
    /// Stored values (partial names) resolved article by article, from the other people
    /// the article names; their fate is the fallback when the context does not decide.
    pub contextual: Vec<Option<Contextual>>,
}

impl KindTable {
    /// The contextual reading of a stored value, if it has one.
    pub fn contextual_of(&self, ord: u32) -> Option<&Contextual> {
        self.contextual.get(ord as usize).and_then(Option::as_ref)
    }

    /// Whether any stored value is read in context.
    pub fn has_contextual(&self) -> bool {
        self.contextual.iter().any(Option::is_some)
    }

    /// Takes a stored value out of contextual reading (an override decided it).
    pub(crate) fn clear_contextual(&mut self, ord: u32) {
        if let Some(c) = self.contextual.get_mut(ord as usize) {
            *c = None;
        }
    }
}

/// A partial name whose candidates only an article's context can separate.
#[derive(Debug, Clone, PartialEq)]
pub struct Contextual {
    /// (candidate entity, weight from articles and titles).
    pub cands: Vec<(u32, f64)>,
    /// The weight of "someone the archive never names in full".
    pub unknown: f64,
}

/// What the archive's articles say about who appears with whom: for each candidate of a
/// contextual partial name, the people named in its articles.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Articles counted.
    docs: u32,
    /// Per entity: articles naming it.
    df: Vec<u32>,
    /// Per candidate entity: its articles counted, and the entities named in them.
    anchors: Map<u32, (u32, Map<u32, u32>)>,
    /// Per candidate entity, once counted ([`Resolution::finish_context`]): the associates
    /// that raise its weight, sorted, with how much.
    profiles: Map<u32, Vec<(u32, f64)>>,
}

/// Articles of one candidate whose other people are counted (a sample is enough for the
/// shares, and bounds the work).
const CONTEXT_SAMPLE: u32 = 512;
/// Pseudo-articles smoothing a candidate's share of an associate toward the archive's.
const CONTEXT_PRIOR: f64 = 4.0;
/// Most one associate, and all of them together, can multiply a candidate's weight.
const CONTEXT_MAX_ONE: f64 = 20.0;
/// Associates raising a candidate's weight less than this are left out of its profile.
const CONTEXT_MIN_ONE: f64 = 1.2;
const CONTEXT_MAX: f64 = 1.0e4;

impl KindTable {
    /// The entity a stored value counts as, if any.
    pub fn entity_of(&self, ord: u32) -> Option<u32> {
        match self.fates.get(ord as usize) {
            Some(Fate::Entity(e)) => Some(*e),
            _ => None,
        }
    }

    /// The entities a `--person` / `--place` filter value selects: those whose name or one
    /// of whose spellings equals it (folded); else, for people, every entity whose name
    /// contains all its words ("Blinken" → "Antony Blinken"), shown or not.
    pub fn select(&self, value: &str, kind: Kind) -> Vec<u32> {
        let key = name::fold(value);
        if key.is_empty() {
            return Vec::new();
        }
        let mut exact: Vec<u32> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let hit = name::fold(&e.name) == key
                || e.forms.iter().any(|&f| {
                    self.values
                        .get(f as usize)
                        .is_some_and(|v| name::fold(split_key(v).0) == key)
                });
            if hit {
                exact.push(i as u32);
            }
        }
        if kind == Kind::Places {
            return exact;
        }
        // A part always matches the full names that contain it, whatever else the data
        // carries (a bare "Blinken" must not hide "Antony Blinken").
        let words: Vec<&str> = key.split(' ').collect();
        for (i, e) in self.entities.iter().enumerate() {
            let f = name::fold(&e.name);
            let ew: Vec<&str> = f.split(' ').collect();
            if words.iter().all(|w| ew.contains(w)) && !exact.contains(&(i as u32)) {
                exact.push(i as u32);
            }
        }
        exact.sort_unstable();
        exact
    }
}

/// The archive-level reading of one index generation's people and places.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Who appears with whom, for partial names resolved article by article.
    pub context: Context,
    /// People.
    pub people: KindTable,
    /// Places.
    pub places: KindTable,
    /// Lines of the override file that could not be applied, with why.
    pub override_problems: Vec<String>,
}

impl Resolution {
    /// The table of one kind.
    pub fn table(&self, kind: Kind) -> &KindTable {
        match kind {
            Kind::People => &self.people,
            Kind::Places => &self.places,
        }
    }

    /// The people an article names for sure (not its contextual partial names), shown.
    fn named(&self, keys: &[u32], out: &mut Vec<u32>) {
        out.clear();
        let t = &self.people;
        out.extend(
            keys.iter()
                .filter(|&&k| t.contextual_of(k).is_none())
                .filter_map(|&k| {
                    t.entity_of(k)
                        .filter(|&e| t.entities.get(e as usize).is_some_and(Entity::shown))
                }),
        );
        out.sort_unstable();
        out.dedup();
    }

    /// Counts one live article for [`Context`]; call for every article after the
    /// resolution is built and before [`Self::people_of`] is used.
    pub fn observe(&mut self, keys: &[u32]) {
        if self.people.contextual.is_empty() {
            return;
        }
        if self.context.df.is_empty() {
            self.context.df = vec![0; self.people.entities.len()];
            for c in self.people.contextual.iter().flatten() {
                for &(e, _) in &c.cands {
                    self.context.anchors.entry(e).or_default();
                }
            }
        }
        let mut named = Vec::new();
        self.named(keys, &mut named);
        let ctx = &mut self.context;
        ctx.docs += 1;
        for &e in &named {
            if let Some(n) = ctx.df.get_mut(e as usize) {
                *n += 1;
            }
            if let Some((n, with)) = ctx.anchors.get_mut(&e)
                && *n < CONTEXT_SAMPLE
            {
                *n += 1;
                for &o in &named {
                    if o != e {
                        *with.entry(o).or_default() += 1;
                    }
                }
            }
        }
    }

    /// One article's people as entity ids (sorted, each once), from its stored
    /// `person_keys` ordinals: partial names the archive could not resolve alone are
    /// resolved by the other people the article names ("Michelle" beside "Barack Obama").
    pub fn people_of(&self, keys: &[u32], out: &mut Vec<u32>) {
        self.people_choosing(keys, out, &mut Vec::new());
    }

    /// [`Self::people_of`], also giving the choices the context made: (stored value,
    /// entity) for each contextual partial name the article's other people decided. They
    /// are kept with the table ([`table_file`]), so that a reading with an override file
    /// can start from them ([`Self::people_from_choices`]) instead of counting the archive
    /// again.
    pub fn people_choosing(&self, keys: &[u32], out: &mut Vec<u32>, choices: &mut Vec<(u32, u32)>) {
        choices.clear();
        let t = &self.people;
        if t.contextual.is_empty() || !keys.iter().any(|&k| t.contextual_of(k).is_some()) {
            entities_of(t, keys, out);
            return;
        }
        let mut named = Vec::new();
        self.named(keys, &mut named);
        out.clear();
        for &k in keys {
            match t.contextual_of(k) {
                None => out.extend(t.entity_of(k)),
                Some(c) => match self.in_context(c, &named) {
                    Some(e) => {
                        choices.push((k, e));
                        out.push(e);
                    }
                    None => out.extend(t.entity_of(k)),
                },
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// One article's people in this reading (a stored reading with an override file
    /// applied) from its stored values and the `choices` the stored reading's context made
    /// for it ([`Self::people_choosing`]), their entities renumbered by `renumber` (stored
    /// entity → entity of this reading, `u32::MAX`: gone). A choice stands when its entity
    /// is still a candidate of the value; a value the overrides took out of context, or
    /// whose choice is gone, counts as its own entity, as when the context does not decide.
    pub fn people_from_choices(
        &self,
        keys: &[u32],
        choices: &[(u32, u32)],
        renumber: &[u32],
        out: &mut Vec<u32>,
    ) {
        let t = &self.people;
        out.clear();
        for &k in keys {
            let chosen = t.contextual_of(k).and_then(|c| {
                let (_, e) = choices.iter().find(|x| x.0 == k)?;
                let e = *renumber.get(*e as usize)?;
                c.cands.iter().any(|x| x.0 == e).then_some(e)
            });
            out.extend(chosen.or_else(|| t.entity_of(k)));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Turns the counts of [`Self::observe`] into each candidate's profile: the associates
    /// named more often with it than in the archive at large, and by how much (a share of
    /// its articles smoothed toward the archive's, over the archive's, at most
    /// `CONTEXT_MAX_ONE`).
    pub fn finish_context(&mut self) {
        let ctx = &mut self.context;
        if ctx.docs == 0 {
            return;
        }
        let docs = f64::from(ctx.docs);
        let anchors = std::mem::take(&mut ctx.anchors);
        for (e, (n, with)) in anchors {
            let mut profile: Vec<(u32, f64)> = with
                .into_iter()
                .filter_map(|(o, seen)| {
                    let q = f64::from(ctx.df.get(o as usize).copied().unwrap_or(0).max(1)) / docs;
                    let p = (f64::from(seen) + CONTEXT_PRIOR * q) / (f64::from(n) + CONTEXT_PRIOR);
                    let boost = (p / q).min(CONTEXT_MAX_ONE);
                    (boost > CONTEXT_MIN_ONE).then_some((o, boost))
                })
                .collect();
            profile.sort_unstable_by_key(|x| x.0);
            ctx.profiles.insert(e, profile);
        }
        ctx.df = Vec::new();
    }

    /// The candidate the article's other people point to, if one holds [`people::RESOLVE`]
    /// of the weight. `named` is sorted.
    fn in_context(&self, c: &Contextual, named: &[u32]) -> Option<u32> {
        let ctx = &self.context;
        if ctx.profiles.is_empty() {
            return None;
        }
        // The article's other people: those named, less the candidates themselves (a sorted
        // copy of the candidates makes that a binary search, not a scan per pair).
        let mut cands: Vec<u32> = c.cands.iter().map(|x| x.0).collect();
        cands.sort_unstable();
        let others: Vec<u32> = named
            .iter()
            .copied()
            .filter(|o| cands.binary_search(o).is_err())
            .collect();
        let mut weights: Vec<(u32, f64)> = Vec::with_capacity(c.cands.len());
        for &(e, w) in &c.cands {
            let mut boost = 1.0f64;
            if let Some(profile) = ctx.profiles.get(&e) {
                // Both sorted: one walk, each step a search in what is left of the profile,
                // multiplying in the order of `others` (the same product, bit for bit).
                let mut rest = profile.as_slice();
                for &o in &others {
                    let i = rest.partition_point(|x| x.0 < o);
                    match rest.get(i) {
                        None => break,
                        Some(&(p, b)) if p == o => {
                            boost *= b;
                            rest = &rest[i + 1..];
                        }
                        Some(_) => rest = &rest[i..],
                    }
                }
            }
            weights.push((e, w * boost.min(CONTEXT_MAX)));
        }
        let total: f64 = weights.iter().map(|x| x.1).sum::<f64>() + c.unknown;
        let best = weights
            .iter()
            .copied()
            .fold(None, |b: Option<(u32, f64)>, x| match b {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            })?;
        (total > 0.0 && best.1 / total >= people::RESOLVE).then_some(best.0)
    }

    /// For each entity name of another reading of the same commit (`names`: the stored
    /// reading, before the override file), the entity of this reading's people with that
    /// name, `u32::MAX` when there is none (merged into another, or dropped): what
    /// [`Self::people_from_choices`] renumbers stored choices with. Entities are in name
    /// order, one per name (see `sort_entities`).
    pub fn renumbering<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Vec<u32> {
        let t = &self.people.entities;
        names
            .into_iter()
            .map(|n| {
                t.binary_search_by(|e| e.name.as_str().cmp(n))
                    .map_or(u32::MAX, |i| i as u32)
            })
            .collect()
    }

    /// One article's places as entity ids (sorted, each once).
    pub fn places_of(&self, places: &[u32], out: &mut Vec<u32>) {
        entities_of(&self.places, places, out);
    }
}

fn entities_of(t: &KindTable, ords: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.extend(ords.iter().filter_map(|&o| t.entity_of(o)));
    out.sort_unstable();
    out.dedup();
}

/// Gathers what the archive says about its stored values, one article at a time, then
/// resolves them.
pub struct Builder<'a> {
    people: people::PeopleStats<'a>,
    places: places::PlaceStats<'a>,
    words: Interner,
    case: &'a dyn WordCase,
}

/// Word folds ↔ small ids.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: Map<String, u32>,
}

impl Interner {
    pub(crate) fn id(&mut self, w: &str) -> u32 {
        if let Some(&i) = self.ids.get(w) {
            return i;
        }
        let i = self.ids.len() as u32;
        self.ids.insert(w.to_string(), i);
        i
    }
}

impl<'a> Builder<'a> {
    /// A builder over the dictionaries of `person_keys`, `places` and `place_paths` (global
    /// ordinal → value; paths as facet terms, components separated by NUL), reading words
    /// with the archive's case statistics.
    pub fn new(
        person_keys: &'a [Box<str>],
        place_values: &'a [Box<str>],
        place_paths: &[Box<str>],
        case: &'a dyn WordCase,
    ) -> Builder<'a> {
        let mut words = Interner::default();
        let people = people::PeopleStats::new(person_keys, case, &mut words);
        let places = places::PlaceStats::new(place_values, place_paths, case, &mut words);
        Builder {
            people,
            places,
            words,
            case,
        }
    }

    /// Counts one live article: its `person_keys`, `places` and `place_paths` ordinals.
    pub fn add_doc(&mut self, keys: &[u32], places: &[u32], paths: &[u32]) {
        self.people.add_doc(keys);
        self.places.add_doc(places, paths);
        places::count_conflicts(&mut self.people, &mut self.places, keys, places);
    }

    /// Resolves every value, then applies `overrides`.
    pub fn finish(self, overrides: &Overrides) -> Resolution {
        self.resolve().with_overrides(overrides)
    }

    /// Resolves every value, without the override file: what depends on the index commit
    /// alone (and is kept on disk per commit, [`table_file`]).
    pub fn resolve(self) -> Resolution {
        let _ = &self.words;
        let place_docs = self.places.docs_by_word();
        let person_docs = self.people.docs_by_word();
        Resolution {
            context: Context::default(),
            people: self.people.resolve(&place_docs, self.case),
            places: self.places.resolve(&person_docs),
            override_problems: Vec::new(),
        }
    }
}

impl Resolution {
    /// This resolution (as [`Builder::resolve`] gives it) with the override file applied,
    /// entities ordered by name. Cheap next to resolving: it runs at every reading of the
    /// override file, so an edit takes effect at the next search.
    pub fn with_overrides(mut self, overrides: &Overrides) -> Resolution {
        self.override_problems = overrides.apply(&mut self);
        sort_entities(&mut self.people);
        sort_entities(&mut self.places);
        self
    }
}

/// Orders a table's entities by name, removes those left with no value, merges those
/// with the same name (the one shown wins), and renumbers the fates.
pub(crate) fn sort_entities(t: &mut KindTable) {
    let old = std::mem::take(&mut t.entities);
    let mut order: Vec<usize> = (0..old.len())
        .filter(|&i| !old[i].forms.is_empty())
        .collect();
    order.sort_by(|&a, &b| old[a].name.cmp(&old[b].name).then(a.cmp(&b)));
    let mut new_id = vec![u32::MAX; old.len()];
    let mut slots: Vec<Option<Entity>> = old.into_iter().map(Some).collect();
    for &o in &order {
        let Some(e) = slots[o].take() else { continue };
        match t.entities.last_mut() {
            Some(last) if last.name == e.name => {
                last.forms.extend(e.forms);
                if e.status != Status::Unresolved {
                    last.status = e.status;
                }
            }
            _ => t.entities.push(e),
        }
        new_id[o] = (t.entities.len() - 1) as u32;
    }
    for e in &mut t.entities {
        e.forms.sort_unstable();
    }
    for f in &mut t.fates {
        if let Fate::Entity(e) = f {
            match new_id.get(*e as usize) {
                Some(&n) if n != u32::MAX => *e = n,
                _ => *f = Fate::Dropped(Dropped::Override),
            }
        }
    }
    for slot in &mut t.contextual {
        let Some(c) = slot else { continue };
        c.cands.retain_mut(|(e, _)| match new_id.get(*e as usize) {
            Some(&n) if n != u32::MAX => {
                *e = n;
                true
            }
            _ => false,
        });
        if c.cands.is_empty() {
            *slot = None;
        }
    }
    if !t.has_contextual() {
        t.contextual.clear();
    }
}

#[cfg(test)]
mod tests;
