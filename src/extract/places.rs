//! Places: which LOC spans are places at all, and their resolution against GeoNames.
//!
//! A country reading is tried first. Otherwise the article's countries vote (its countries
//! and the countries of unambiguous names), then the most populous reading wins. Names
//! missing from GeoNames become top-level places.

use std::collections::HashMap;

use super::entity::ResolvedPlace;
use super::gazetteer::{Gazetteer, PlaceKind, key_of};
use super::people::NOT_PEOPLE;
use crate::article::Place;

/// Keys (see `key_of`) never looked up in the gazetteer.
const NOT_ALIASES: &[&str] = &["white house", "capitol", "kremlin", "pentagon"];

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
    let upper = name.to_ascii_uppercase();
    matches!(first.as_str(), "mr" | "mrs" | "ms" | "miss" | "dr")
        || NOT_PEOPLE.iter().any(|w| w.eq_ignore_ascii_case(name))
        || upper.contains("A.M.")
        || upper.contains("P.M.")
        || ["EST", "EDT", "CST", "CDT", "PST", "PDT", "GMT", "UTC"]
            .iter()
            .any(|z| upper.ends_with(&format!(" {z}")) || upper == *z)
}

impl Gazetteer {
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
