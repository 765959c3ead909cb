//! What `newsdex entities` shows: each entity with the spellings that count as it and
//! their article counts, and the values that are not offered, with why.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Fate, Kind, KindTable, Status, split_key};

/// One spelling of an entity as stored, with the title before it when it had one.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Spelling {
    /// The value as extraction or the source gave it.
    pub value: String,
    /// Articles carrying it, by the title used before it ("" for none).
    pub titles: BTreeMap<String, u64>,
    /// Articles carrying it, all titles together.
    pub articles: u64,
}

/// One entity.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EntityReport {
    /// The name shown in facets.
    pub name: String,
    /// How the name was decided (`canonical`, `titled_surname`, `unresolved`).
    pub status: Status,
    /// Articles counting it (an article once, whatever spellings it uses).
    pub articles: u64,
    /// Its spellings, most used first.
    pub spellings: Vec<Spelling>,
}

/// A value that is not offered.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DroppedReport {
    /// The value.
    pub value: String,
    /// Articles carrying it.
    pub articles: u64,
    /// Why it is not offered.
    pub reason: &'static str,
}

/// The whole listing of one kind.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Listing {
    /// People or places.
    pub kind: Kind,
    /// Entities shown in facets, most articles first, then unresolved parts.
    pub entities: Vec<EntityReport>,
    /// Values not offered, most articles first.
    pub dropped: Vec<DroppedReport>,
    /// Lines of the override file that could not be applied.
    pub override_problems: Vec<String>,
}

/// The listing of `table`, with `articles[e]` the articles of entity `e`.
pub fn listing(kind: Kind, table: &KindTable, articles: &[u64], problems: &[String]) -> Listing {
    let mut entities: Vec<EntityReport> = table
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut by_value: BTreeMap<&str, Spelling> = BTreeMap::new();
            for &o in &e.forms {
                let v = table.values.get(o as usize).map_or("", |v| v);
                let (name, title) = split_key(v);
                let n = u64::from(table.counts.get(o as usize).copied().unwrap_or(0));
                let s = by_value.entry(name).or_insert_with(|| Spelling {
                    value: name.to_string(),
                    titles: BTreeMap::new(),
                    articles: 0,
                });
                s.articles += n;
                *s.titles.entry(title.to_string()).or_default() += n;
            }
            let mut spellings: Vec<Spelling> = by_value.into_values().collect();
            spellings.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.value.cmp(&b.value)));
            EntityReport {
                name: e.name.clone(),
                status: e.status,
                articles: articles.get(i).copied().unwrap_or(0),
                spellings,
            }
        })
        .collect();
    entities.sort_by(|a, b| {
        (a.status == Status::Unresolved)
            .cmp(&(b.status == Status::Unresolved))
            .then(b.articles.cmp(&a.articles))
            .then(a.name.cmp(&b.name))
    });
    let mut dropped: BTreeMap<&str, DroppedReport> = BTreeMap::new();
    for (o, f) in table.fates.iter().enumerate() {
        if let Fate::Dropped(why) = f {
            let v = split_key(table.values.get(o).map_or("", |v| v)).0;
            let n = u64::from(table.counts.get(o).copied().unwrap_or(0));
            dropped
                .entry(v)
                .or_insert_with(|| DroppedReport {
                    value: v.to_string(),
                    articles: 0,
                    reason: why.reason(),
                })
                .articles += n;
        }
    }
    let mut dropped: Vec<DroppedReport> =
        dropped.into_values().filter(|d| d.articles > 0).collect();
    dropped.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.value.cmp(&b.value)));
    Listing {
        kind,
        entities,
        dropped,
        override_problems: problems.to_vec(),
    }
}
