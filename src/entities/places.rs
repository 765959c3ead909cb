//! Places across an archive: spellings of one place become one value, and values that are
//! no places lose their place facet.
//!
//! - Case, accent and punctuation variants are one place ("WHITE HOUSE" = "White House");
//!   a value equal to the qualifier after the comma of another ("DC", "D.C." beside
//!   "Washington, D.C.") is that place.
//! - A value is dropped when it cannot be a name (initials or numerals only: "W.", "II"),
//!   is a word the archive mostly writes in lower case ("Of", "Oh"), is a compass
//!   direction alone ("North"), is a word the archive mostly uses inside longer place names
//!   ("York" beside "New York", "San"), or is a name the archive uses as a person in the
//!   articles where it is tagged a place ("Obama", "Wilson").

use super::name::{self, WordCase, WordKind};
use super::people::PeopleStats;
use super::{Dropped, Entity, Fate, Interner, KindTable, Map, Status, words};

/// Articles per word and per folded value, for the conflict between people and places.
#[derive(Debug, Default)]
pub(crate) struct WordDocs {
    /// Word id → articles with a value containing it.
    pub containing: Map<u32, u32>,
    /// Folded value → articles with it.
    pub exact: Map<String, u32>,
}

/// A value longer place names hold at least this many times as often as it stands alone is
/// a piece of them.
const PART_OF_LONGER: u32 = 2;

/// One distinct place value.
pub(crate) struct PlaceForm {
    fold: String,
    words: Vec<u32>,
    single: Option<u32>,
    junk: Option<Dropped>,
}

/// A place path of the index: the place value it ends in, its country, and its depth
/// (1 top level, 2 a country, 3 a region, 4 and more a place in a region).
struct PathInfo {
    value: Option<u32>,
    country: Option<u32>,
    depth: usize,
}

/// A place of a country whose articles name no other place of the country this often, in
/// at least [`UNSUPPORTED_MIN_DOCS`] articles, is a misreading of the gazetteer ("Pa" as a
/// town of Burkina Faso in American datelines).
const UNSUPPORTED: f64 = 0.15;
const UNSUPPORTED_MIN_DOCS: u32 = 10;

/// A name the archive uses for people this many times as often as for a place is not that
/// place ("Wilson" in 1916).
const OVERWHELMING: u32 = 3;

/// A place value whose articles name another place of its country less often than this
/// share of the time has no support in the archive ("Obama", a city of Japan, in articles
/// about Washington).
const SUPPORTED: f64 = 0.3;

/// What the archive says about its place values.
pub(crate) struct PlaceStats<'a> {
    values: &'a [Box<str>],
    forms: Vec<PlaceForm>,
    n: Vec<u32>,
    paths: Vec<PathInfo>,
    /// Per place value: articles where one of its paths has a country, and where another
    /// place of the article is in that country.
    with_country: Vec<u32>,
    supported: Vec<u32>,
    /// Single-word places, by word: articles where a person containing the word co-occurs.
    pub(crate) with_person: Map<u32, u32>,
}

impl<'a> PlaceStats<'a> {
    pub(crate) fn new(
        values: &'a [Box<str>],
        paths: &[Box<str>],
        case: &dyn WordCase,
        words: &mut Interner,
    ) -> PlaceStats<'a> {
        let by_value: Map<&str, u32> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_ref(), i as u32))
            .collect();
        let mut countries: Map<&str, u32> = Map::default();
        let path_info: Vec<PathInfo> = paths
            .iter()
            .map(|p| {
                // Facet terms: components separated by NUL, most general first.
                let comps: Vec<&str> = p.split('\0').collect();
                let next = countries.len() as u32;
                PathInfo {
                    value: comps.last().and_then(|l| by_value.get(l).copied()),
                    country: (comps.len() >= 2).then(|| *countries.entry(comps[1]).or_insert(next)),
                    depth: comps.len(),
                }
            })
            .collect();
        let forms = values
            .iter()
            .map(|v| {
                let ws = name::split_words(v);
                let ids: Vec<u32> = ws.iter().map(|w| words.id(&w.fold)).collect();
                let single = (ws.len() == 1).then(|| ids[0]);
                PlaceForm {
                    fold: name::fold(v),
                    junk: place_junk(v, &ws, case),
                    words: ids,
                    single,
                }
            })
            .collect();
        PlaceStats {
            values,
            forms,
            n: vec![0; values.len()],
            paths: path_info,
            with_country: vec![0; values.len()],
            supported: vec![0; values.len()],
            with_person: Map::default(),
        }
    }

    pub(crate) fn add_doc(&mut self, places: &[u32], paths: &[u32]) {
        for &p in places {
            if let Some(n) = self.n.get_mut(p as usize) {
                *n += 1;
            }
        }
        for (i, &p) in paths.iter().enumerate() {
            let Some(info) = self.paths.get(p as usize) else {
                continue;
            };
            let (Some(v), Some(c)) = (info.value, info.country) else {
                continue;
            };
            let other = paths.iter().enumerate().any(|(j, &q)| {
                j != i
                    && self
                        .paths
                        .get(q as usize)
                        .is_some_and(|o| o.country == Some(c) && o.value != Some(v))
            });
            self.with_country[v as usize] += 1;
            if other {
                self.supported[v as usize] += 1;
            }
        }
    }

    pub(crate) fn docs_by_word(&self) -> WordDocs {
        let mut out = WordDocs::default();
        for (i, f) in self.forms.iter().enumerate() {
            if f.junk.is_some() {
                continue;
            }
            for &w in &f.words {
                *out.containing.entry(w).or_default() += self.n[i];
            }
            *out.exact.entry(f.fold.clone()).or_default() += self.n[i];
        }
        out
    }

    /// Decides every place value.
    pub(crate) fn resolve(self, person_docs: &WordDocs) -> KindTable {
        let nv = self.forms.len();
        // Articles of each word alone, and inside longer values.
        let mut alone: Map<u32, u32> = Map::default();
        let mut inside: Map<u32, u32> = Map::default();
        for (i, f) in self.forms.iter().enumerate() {
            if f.junk.is_some() {
                continue;
            }
            match f.single {
                Some(w) => *alone.entry(w).or_default() += self.n[i],
                None => {
                    for &w in &f.words {
                        *inside.entry(w).or_default() += self.n[i];
                    }
                }
            }
        }
        // Per value: the deepest and shallowest gazetteer paths it ends (0: none).
        let mut deepest = vec![0usize; nv];
        let mut shallowest = vec![usize::MAX; nv];
        for p in &self.paths {
            if let (Some(v), Some(_)) = (p.value, p.country) {
                deepest[v as usize] = deepest[v as usize].max(p.depth);
                shallowest[v as usize] = shallowest[v as usize].min(p.depth);
            }
        }
        let resolved = |i: usize| deepest[i] > 0;
        let mut fate_of: Vec<Option<Dropped>> = self.forms.iter().map(|f| f.junk).collect();
        // Short words the gazetteer does not know are abbreviations ("Tex", "Okla"): one that
        // begins exactly one region of the archive is that region; of two letters or fewer
        // ("Mo", "Va"), or ambiguous, it is no value of its own.
        let regions: Vec<usize> = (0..nv)
            .filter(|&i| fate_of[i].is_none() && resolved(i) && shallowest[i] == 3)
            .collect();
        let mut abbreviation_of: Map<usize, usize> = Map::default();
        for (i, f) in self.forms.iter().enumerate() {
            let letters = f.fold.chars().count();
            if fate_of[i].is_some() || resolved(i) || f.single.is_none() || letters > 4 {
                continue;
            }
            let of: Vec<usize> = regions
                .iter()
                .copied()
                .filter(|&r| {
                    self.forms[r].fold.starts_with(&f.fold) && self.forms[r].fold != f.fold
                })
                .collect();
            match of.as_slice() {
                [r] if letters >= 3 => {
                    abbreviation_of.insert(i, *r);
                }
                _ if letters <= 2 => fate_of[i] = Some(Dropped::Abbreviation),
                _ => {}
            }
        }
        for (i, f) in self.forms.iter().enumerate() {
            if fate_of[i].is_some() {
                continue;
            }
            if let Some(w) = f.single {
                let a = alone.get(&w).copied().unwrap_or(0);
                let longer = inside.get(&w).copied().unwrap_or(0);
                let with = self.with_person.get(&w).copied().unwrap_or(0);
                let as_person = person_docs.containing.get(&w).copied().unwrap_or(0);
                if longer >= PART_OF_LONGER * a.max(1) {
                    fate_of[i] = Some(Dropped::PartOfLongerPlace);
                } else if self.n[i] > 0 && as_person >= OVERWHELMING * self.n[i] {
                    fate_of[i] = Some(Dropped::OtherKind);
                } else if self.n[i] > 0 && as_person >= self.n[i] && 2 * with >= self.n[i] {
                    // Mostly tagged a place beside a person of that name.
                    fate_of[i] = Some(Dropped::OtherKind);
                } else if self.n[i] > 0 && 2 * as_person >= self.n[i] {
                    // A name the archive uses for people as much as for this place, and
                    // the articles give the place no support: no other place of its
                    // country (or no country at all: not in the gazetteer).
                    let located = self.with_country[i];
                    let support = if located == 0 {
                        0.0
                    } else {
                        f64::from(self.supported[i]) / f64::from(located)
                    };
                    if support < SUPPORTED {
                        fate_of[i] = Some(Dropped::OtherKind);
                    }
                }
            }
            if fate_of[i].is_none()
                && person_docs.exact.get(&f.fold).copied().unwrap_or(0) > self.n[i]
                && f.words.len() > 1
            {
                fate_of[i] = Some(Dropped::OtherKind);
            }
            // A place in a region of a country, whose articles name no other place there.
            let located = self.with_country[i];
            if fate_of[i].is_none()
                && deepest[i] >= 4
                && located >= UNSUPPORTED_MIN_DOCS
                && f64::from(self.supported[i]) < UNSUPPORTED * f64::from(located)
            {
                fate_of[i] = Some(Dropped::Unsupported);
            }
        }
        // A value that is another's qualifier joins it: "Washington, D.C." takes "DC" and
        // "D.C.", which alone would be dropped as initials.
        let mut qualifier: Map<String, String> = Map::default();
        for (i, f) in self.forms.iter().enumerate() {
            if fate_of[i].is_none()
                && resolved(i)
                && let Some((_, q)) = self.values[i].rsplit_once(',')
            {
                let qf = name::fold(q);
                if qf.chars().count() >= 2 && qf != f.fold {
                    qualifier.entry(qf).or_insert_with(|| f.fold.clone());
                }
            }
        }
        let mut group_key: Vec<Option<&str>> = vec![None; nv];
        for (i, f) in self.forms.iter().enumerate() {
            match qualifier.get(&f.fold) {
                // Only a value that alone is no name ("DC", "D.C."): "Israel" stays Israel
                // whatever "Soon afterwards, Israel" holds.
                Some(owner) if matches!(fate_of[i], Some(Dropped::NotAName(_))) => {
                    fate_of[i] = None;
                    group_key[i] = Some(owner.as_str());
                }
                _ if fate_of[i].is_none() => {
                    let own = abbreviation_of.get(&i).map_or(i, |&r| r);
                    group_key[i] = Some(self.forms[own].fold.as_str());
                }
                _ => {}
            }
        }
        // Group spellings by fold, most used first.
        let mut group_of: Map<&str, u32> = Map::default();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut order: Vec<usize> = (0..nv).filter(|&i| group_key[i].is_some()).collect();
        order.sort_by(|&a, &b| self.n[b].cmp(&self.n[a]).then(a.cmp(&b)));
        for &i in &order {
            let Some(k) = group_key[i] else { continue };
            let g = *group_of.entry(k).or_insert_with(|| {
                members.push(Vec::new());
                (members.len() - 1) as u32
            });
            members[g as usize].push(i);
        }
        let mut entities = Vec::new();
        let mut fates: Vec<Fate> = fate_of
            .iter()
            .map(|f| Fate::Dropped(f.unwrap_or(Dropped::NotAName(name::NotAName::NoNameWord))))
            .collect();
        for m in members.into_iter().filter(|m| !m.is_empty()) {
            // Named by its own spellings, not by the qualifiers it took in ("DC").
            let own: Vec<usize> = m
                .iter()
                .copied()
                .filter(|&i| group_key[i] == Some(self.forms[i].fold.as_str()))
                .collect();
            let named = if own.is_empty() { &m } else { &own };
            let display = name::display_of(
                named
                    .iter()
                    .map(|&i| (self.values[i].as_ref(), u64::from(self.n[i]))),
            );
            let id = entities.len() as u32;
            for &i in &m {
                fates[i] = Fate::Entity(id);
            }
            entities.push(Entity {
                name: display,
                status: Status::Canonical,
                forms: m.iter().map(|&i| i as u32).collect(),
            });
        }
        KindTable {
            entities,
            fates,
            values: self.values.to_vec(),
            counts: self.n,
            contextual: Vec::new(),
        }
    }
}

/// Why a place value cannot be a place, read from its words alone.
fn place_junk(value: &str, ws: &[name::Word], case: &dyn WordCase) -> Option<Dropped> {
    if ws.is_empty() || ws.iter().any(|w| w.kind == WordKind::Other) {
        return Some(Dropped::NotAName(name::NotAName::Symbols));
    }
    if ws.iter().any(|w| w.kind == WordKind::Block)
        || ws.last().is_some_and(|w| w.kind == WordKind::Edge)
        || ws
            .first()
            .is_some_and(|w| w.kind == WordKind::Edge && ws.len() > 1 && w.fold != "the")
    {
        return Some(Dropped::NotAName(name::NotAName::FunctionWord));
    }
    // Initials, numerals and titles only ("W.", "II", "Vice President"); a short acronym
    // alone that the gazetteer did not resolve ("AI").
    if !ws.iter().any(|w| w.kind == WordKind::Name) {
        let acronym = ws.len() == 1 && ws[0].fold.len() >= 2 && name::all_caps_short(value);
        return Some(Dropped::NotAName(if acronym {
            name::NotAName::Acronym
        } else {
            name::NotAName::NoNameWord
        }));
    }
    if ws.len() == 1 {
        let w = &ws[0];
        if words::is_direction(&w.fold) {
            return Some(Dropped::Direction);
        }
        if case.lower_share(&w.fold) >= name::COMMON_WORD {
            return Some(Dropped::NotAName(name::NotAName::CommonWord));
        }
    }
    None
}

/// Counts, in one article, the people and places that share a word: a place named by a
/// word a person of the same article has ("Obama" beside "Barack Obama"), and a one-word
/// person inside a place of the same article ("Francisco" beside "San Francisco").
pub(crate) fn count_conflicts(
    people: &mut PeopleStats,
    places: &mut PlaceStats,
    keys: &[u32],
    place_ords: &[u32],
) {
    let mut person_words: Vec<u32> = Vec::new();
    let mut person_single: Vec<u32> = Vec::new();
    for &k in keys {
        if let Some(f) = people.form_of(k) {
            person_words.extend(&f.words);
            person_single.extend(f.single);
        }
    }
    let mut place_words: Vec<u32> = Vec::new();
    let mut place_single: Vec<u32> = Vec::new();
    for &p in place_ords {
        if let Some(f) = places.forms.get(p as usize) {
            place_words.extend(&f.words);
            place_single.extend(f.single);
        }
    }
    if person_words.is_empty() || place_words.is_empty() {
        return;
    }
    for v in [
        &mut person_words,
        &mut person_single,
        &mut place_words,
        &mut place_single,
    ] {
        v.sort_unstable();
        v.dedup();
    }
    for w in place_single {
        if person_words.binary_search(&w).is_ok() {
            *places.with_person.entry(w).or_default() += 1;
        }
    }
    for w in person_single {
        if place_words.binary_search(&w).is_ok() {
            *people.with_place.entry(w).or_default() += 1;
        }
    }
}
