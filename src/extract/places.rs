//! Places: which LOC spans are places at all, and their resolution against GeoNames.
//!
//! A country reading is tried first. Otherwise the article's countries vote (its countries
//! and the countries of unambiguous names), then the most populous reading wins. Names
//! missing from GeoNames become top-level places.

use std::collections::{HashMap, HashSet};

use super::entity::ResolvedPlace;
use super::features::with_lower;
use super::gazetteer::{Gazetteer, PlaceKind, key_of};
use super::people::{
    EVENT_WORDS, NOT_PEOPLE, is_all_caps, is_calendar_word, is_initial, is_roman_numeral,
    is_short_acronym, is_time_furniture, is_title, title_case,
};
use super::resources::Resources;
use super::word_stats::WordStats;
use crate::article::Place;

/// Keys (see `key_of`) never looked up in the gazetteer.
const NOT_ALIASES: &[&str] = &["white house", "capitol", "kremlin", "pentagon"];

/// Population from which a city name is a place whatever else the text says.
const SURE_CITY_POPULATION: u64 = 1_000_000;

/// True when the one-word name `name`, followed by `next`, is an ordinary word capitalised as
/// a modifier ("Black communities"): news text writes it in lower case a third of the time
/// or more, and the word after it is a noun. Names that modify a noun ("Yeltsin aide",
/// "Stansted airport") are never written in lower case, so they stay names.
pub(super) fn modifies(name: &str, next: &str, words: &WordStats) -> bool {
    next.chars().next().is_some_and(char::is_lowercase)
        && words.is_noun(next)
        && with_lower(name, |l| words.lower_share(l)) >= MODIFIER_LOWER_SHARE
}

/// Share of lower-case uses from which a capitalised one-word name before a noun is an
/// ordinary word used as a modifier.
const MODIFIER_LOWER_SHARE: f64 = 1.0 / 3.0;

/// Tagger "places" that transcripts and datelines produce and that are never places: a
/// speaker label led by an honorific ("MRS. OBAMA:"), a stage direction ("(Laughter.)"), a
/// time ("12:35 P.M. EST").
pub(super) fn not_a_place(name: &str) -> bool {
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    matches!(first.as_str(), "mr" | "mrs" | "ms" | "miss" | "dr")
        || NOT_PEOPLE.iter().any(|w| w.eq_ignore_ascii_case(name))
        || is_time_furniture(name)
}

/// True when a LOC span's text can be a place: not furniture ([`not_a_place`]), no event
/// ("Great Depression"), and, for one word, no initial ("W."), roman numeral ("II") or date
/// word ("Mar"), and unless the gazetteer surely has it as a place, no word of three letters
/// or fewer ("AI"), no word news text writes in lower case ("Of", "Oh"), no modifier of the
/// lower-case word after it (`next`: "Black communities"), and (`broken`) no first part of a
/// word broken at a line end.
pub(super) fn is_place_mention(name: &str, next: &str, broken: bool, res: &Resources) -> bool {
    if not_a_place(name) {
        return false;
    }
    if let Some((_, last)) = name.rsplit_once(' ') {
        return !EVENT_WORDS.contains(&last);
    }
    if is_initial(name) || is_roman_numeral(name) || is_calendar_word(name) {
        return false;
    }
    if res.gaz.surely_a_place(name, &HashSet::new()) {
        return true;
    }
    // a small town's name ("Of", Trabzon; "Ho", Ghana) that is also a common word or of three
    // letters or fewer is an OCR or case error more often than that town
    let short = name.chars().count() <= 3;
    let common = with_lower(name, |l| res.words.is_common_word(l));
    if res.gaz.knows(name) && !short && !common {
        return true;
    }
    !(short
        || broken
        || is_short_acronym(name)
        || is_title(name)
        || common
        || modifies(name, next, &res.words))
}

impl Gazetteer {
    /// The countries that some of `names` name.
    pub fn countries_named<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> HashSet<[u8; 2]> {
        names
            .into_iter()
            .filter_map(|n| self.places.get(key_of(n).as_str()))
            .filter_map(|c| c.first())
            .filter(|c| c.kind == PlaceKind::Country)
            .map(|c| c.country)
            .collect()
    }

    /// True when `name` surely is a place: a country or region, a city of a million people
    /// or more, or a city in one of `countries` (those the text names). A small city that
    /// shares a name with a person in the text ("Obama", Fukui) is not sure.
    pub fn surely_a_place(&self, name: &str, countries: &HashSet<[u8; 2]>) -> bool {
        let k = key_of(name);
        if NOT_ALIASES.contains(&k.as_str()) {
            return false;
        }
        self.places.get(k.as_str()).is_some_and(|c| {
            c.iter().any(|x| {
                x.kind != PlaceKind::City
                    || x.population >= SURE_CITY_POPULATION
                    || countries.contains(&x.country)
            })
        })
    }

    /// True when the gazetteer has a reading of `name`.
    pub fn knows(&self, name: &str) -> bool {
        let k = key_of(name);
        !NOT_ALIASES.contains(&k.as_str()) && self.places.contains_key(k.as_str())
    }

    /// Resolves place names mentioned in one article to places.
    ///
    /// Countries named in the article (and countries of unambiguous names) vote; an ambiguous
    /// name takes the candidate in a voted country, else the most populous. Unknown names
    /// become top-level places.
    pub fn resolve(&self, names: &[String]) -> Vec<Place> {
        // Literal translations among GeoNames' alternate names ("White House" is an alternate
        // name of Casablanca) would send famous buildings abroad: such names stay top-level.
        let keys: Vec<String> = names
            .iter()
            .map(|n| {
                let k = key_of(n);
                if NOT_ALIASES.contains(&k.as_str()) {
                    String::new()
                } else {
                    k
                }
            })
            .collect();
        let mut votes: HashMap<[u8; 2], u32> = HashMap::new();
        for k in &keys {
            if let Some(c) = self.places.get(k.as_str()) {
                let first = &c[0];
                if first.kind == PlaceKind::Country || c.iter().all(|x| x.country == first.country)
                {
                    *votes.entry(first.country).or_default() += 1;
                }
            }
        }
        names
            .iter()
            .zip(&keys)
            .map(|(name, k)| match self.places.get(k.as_str()) {
                Some(c) => {
                    let best = c
                        .iter()
                        .filter(|x| x.kind == PlaceKind::Country)
                        .chain(c.iter().filter(|x| votes.contains_key(&x.country)))
                        .chain(c.iter())
                        .next();
                    match best {
                        Some(b) => {
                            let comps: Vec<&str> =
                                b.path.split('/').filter(|x| !x.is_empty()).collect();
                            Place::from_components(&comps).unwrap_or_else(|| Place::top_level(name))
                        }
                        None => Place::top_level(name),
                    }
                }
                None => Place::top_level(name),
            })
            .collect()
    }
}

/// A place mention: the cleaned name and its byte range.
pub(super) type PlaceMention = (String, usize, usize);

/// Resolves the place mentions of one text and groups them by path, in order of first
/// mention.
pub(super) fn resolve_mentions(gaz: &Gazetteer, loc: Vec<PlaceMention>) -> Vec<ResolvedPlace> {
    // a place the gazetteer does not know is shown as readers write it ("WHITE HOUSE" →
    // "White House"); known ones take the gazetteer's name anyway
    let loc: Vec<PlaceMention> = loc
        .into_iter()
        .map(|(n, s, e)| {
            if is_all_caps(&n) && !gaz.knows(&n) {
                (title_case(&n), s, e)
            } else {
                (n, s, e)
            }
        })
        .collect();
    let mut names: Vec<String> = Vec::new();
    for (n, _, _) in &loc {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    let resolved = gaz.resolve(&names);
    let mut out: Vec<ResolvedPlace> = Vec::new();
    for (n, s, e) in loc {
        let Some(i) = names.iter().position(|x| *x == n) else {
            continue;
        };
        let place = &resolved[i];
        match out.iter_mut().find(|p| p.place.path == place.path) {
            Some(p) => p.mentions.push((s, e)),
            None => out.push(ResolvedPlace {
                place: place.clone(),
                mentions: vec![(s, e)],
            }),
        }
    }
    out
}
