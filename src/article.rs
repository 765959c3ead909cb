//! The one article record: what every input format produces, what the index stores, what
//! `export` writes and what `ingest` reads back.
//!
//! Formats never talk to the index and the index never knows about formats: [`Article`] is the
//! whole contract between `ingest` and the rest of the pipeline. Its serde form is the record
//! form everywhere (`newsdex extract`, `/api/articles/{id}`, `export --format ndjson`, and an
//! export read back by `newsdex index`), so a field added here reaches every one of them; the
//! index's copy is written and read by `index::document`.
//!
//! The record form: every field under its schema name, lists as arrays, missing values as
//! `null`; places as two parallel arrays, `places` (names) and `place_paths` (paths), the way
//! the index stores them; the day as `"2024-02-05"`, or in RFC 3339 (`"2024-02-05T00:00:00Z"`,
//! what Quickwit and OpenSearch parse) through [`Article::with_rfc3339_dates`]. Reading accepts
//! both spellings of the day and fills missing fields with their defaults.

use std::cell::Cell;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Words that stay lower case inside a canonical person name and join its parts ("Mohammed
/// bin Salman", "Javier Perez de Cuellar"): what extraction merges spans across and what
/// readers of name codes (Reuters' `perez-de-cuellar`) leave uncapitalised.
pub const NAME_PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "van", "von", "der", "la", "le",
    "du", "dos", "das", "abu",
];

/// A place attached to an article: a display name and its position in the place hierarchy.
///
/// `path` is `/Continent/Country[/Region]/Place` when the place is known to the gazetteer
/// (`/Asia/Saudi Arabia/Riyadh`), or `/<name>` for places with no known parent
/// ("Red Sea", "Middle East"), so that filtering on a country finds its cities.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    /// The canonical display name, the leaf of `path` ("Riyadh").
    pub name: String,
    /// The hierarchical path, starting with `/`.
    pub path: String,
}

impl Place {
    /// A place with no known parent: its path is `/<name>`.
    pub fn top_level(name: &str) -> Place {
        Place {
            name: name.to_string(),
            path: format!("/{}", name.replace('/', "-")),
        }
    }

    /// A place whose path is given as components, most general first.
    pub fn from_components(components: &[&str]) -> Option<Place> {
        let name = components.last()?.to_string();
        let mut path = String::new();
        for c in components {
            path.push('/');
            path.push_str(&c.replace('/', "-"));
        }
        Some(Place { name, path })
    }

    /// A place as a source writes it: a path (`/Asia/Saudi Arabia/Riyadh`) keeps its
    /// hierarchy, anything else is a top-level name.
    pub fn parse(s: &str) -> Place {
        if s.starts_with('/') {
            let comps: Vec<&str> = s.split('/').filter(|c| !c.trim().is_empty()).collect();
            if let Some(p) = Place::from_components(&comps) {
                return p;
            }
        }
        Place::top_level(s.trim())
    }

    /// The components of the path, most general first.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.path.split('/').filter(|c| !c.is_empty())
    }
}

/// One news story, as read from a file, stored in the index and exported.
///
/// Strings that a format does not carry are empty (`title`, `lede`, `body`) or `None`;
/// lists are empty. The `date` is only ever a date the source states (in its content or in
/// its path), never a file's modification time. The serde form is the record form of the
/// module comment; a field missing from a record read back takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    /// Stable identifier: the source's id or url when present, else `path#position`.
    pub id: String,
    /// The file the article was read from (absolute path).
    pub path: String,
    /// The article's canonical URL, when known.
    pub url: Option<String>,
    /// Publisher or credit line ("The New York Times", "Reuters").
    pub source: Option<String>,
    /// Headline.
    pub title: String,
    /// Lead sentence or standfirst, kept apart from the body so it can be weighted higher.
    pub lede: String,
    /// Body text, paragraphs separated by blank lines.
    pub body: String,
    /// Bylines, one name each.
    pub authors: Vec<String>,
    /// Desk, category or section ("sport", "politics").
    pub section: Option<String>,
    /// ISO 639-1 language code, when the source states it.
    pub language: Option<String>,
    /// Publication day.
    #[serde(with = "opt_date")]
    pub date: Option<NaiveDate>,
    /// People named by the source or found in the text: canonical full names.
    pub people: Vec<String>,
    /// Places named by the source or found in the text. In the record form: `places` (the
    /// names) and `place_paths` (the paths), pairwise.
    #[serde(flatten, with = "place_pairs")]
    pub places: Vec<Place>,
    /// Who the story is credited to: agencies from datelines, bylines and credit lines, and
    /// publishers from "originally appeared in" lines ([`crate::dedup::credit`]).
    pub credit: Vec<String>,
    /// The story this article is a copy of, or starts: its cluster of near-duplicates, set
    /// when the article is indexed ([`crate::dedup::cluster`]).
    pub cluster: Option<crate::dedup::ClusterId>,
    /// Whether this is the earliest copy of its story in the index (the earliest date; on a
    /// tie, or with no dates, the first indexed). Worked out when the article is read from the
    /// index, since a copy indexed later may be dated earlier.
    pub original: bool,
}

impl Article {
    /// Adds a person unless an equal name (ignoring case) is already present.
    pub fn add_person(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || self.people.iter().any(|p| p.eq_ignore_ascii_case(name)) {
            return;
        }
        self.people.push(name.to_string());
    }

    /// Adds a place unless one with the same path is already present.
    pub fn add_place(&mut self, place: Place) {
        if place.name.trim().is_empty() || self.places.iter().any(|p| p.path == place.path) {
            return;
        }
        self.places.push(place);
    }

    /// The text that entity extraction and snippets work on: lede, then body.
    ///
    /// Byte offsets reported by extraction refer to this string.
    pub fn text(&self) -> String {
        match (self.lede.is_empty(), self.body.is_empty()) {
            (true, _) => self.body.clone(),
            (false, true) => self.lede.clone(),
            (false, false) => format!("{}\n\n{}", self.lede, self.body),
        }
    }

    /// The record form with the day in RFC 3339 (`"2024-02-05T00:00:00Z"`), the form search
    /// engines parse: what the exports write.
    pub fn with_rfc3339_dates(&self) -> Rfc3339Dates<'_> {
        Rfc3339Dates(self)
    }
}

/// An [`Article`] serialised with RFC 3339 days; see [`Article::with_rfc3339_dates`].
#[derive(Debug, Clone, Copy)]
pub struct Rfc3339Dates<'a>(pub &'a Article);

thread_local! {
    /// Whether [`opt_date`] writes RFC 3339 on this thread: set only while an
    /// [`Rfc3339Dates`] serialises, so the one derived serialiser of [`Article`] serves both
    /// spellings of the day (a second hand-written field list would drift from the first).
    static RFC3339: Cell<bool> = const { Cell::new(false) };
}

impl Serialize for Rfc3339Dates<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// Restores the previous form even if serialisation panics.
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                RFC3339.with(|c| c.set(self.0));
            }
        }
        let _restore = Restore(RFC3339.with(|c| c.replace(true)));
        self.0.serialize(s)
    }
}

/// Serialises `Option<NaiveDate>` as `"YYYY-MM-DD"` (or RFC 3339 inside [`Rfc3339Dates`]) or
/// `null`; reads either spelling, or `null`.
pub mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the date as `YYYY-MM-DD` (`YYYY-MM-DDT00:00:00Z` inside
    /// [`super::Rfc3339Dates`]), or `null`.
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        let rfc3339 = super::RFC3339.with(|c| c.get());
        match d {
            Some(d) if rfc3339 => s.serialize_str(&d.format("%Y-%m-%dT00:00:00Z").to_string()),
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    /// Reads `YYYY-MM-DD`, an RFC 3339 time (its UTC day), or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => parse(&s).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "bad date {s:?}: expected YYYY-MM-DD or an RFC 3339 time"
                ))
            }),
        }
    }

    /// The day of `YYYY-MM-DD` or of an RFC 3339 time (in UTC).
    pub fn parse(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|d| d.naive_utc().date())
        })
    }
}

/// Places in the record form: `places` (names) and `place_paths` (paths), pairwise.
mod place_pairs {
    use super::Place;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    struct Out<'a> {
        places: Vec<&'a str>,
        place_paths: Vec<&'a str>,
    }

    #[derive(Deserialize)]
    struct In {
        #[serde(default)]
        places: Vec<String>,
        #[serde(default)]
        place_paths: Vec<String>,
    }

    pub fn serialize<S: Serializer>(places: &[Place], s: S) -> Result<S::Ok, S::Error> {
        Out {
            places: places.iter().map(|p| p.name.as_str()).collect(),
            place_paths: places.iter().map(|p| p.path.as_str()).collect(),
        }
        .serialize(s)
    }

    /// Each path becomes a place; it keeps the name written beside it when names and paths
    /// pair up (a name need not be its path's leaf), else its leaf is its name.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Place>, D::Error> {
        let In {
            places: names,
            place_paths: paths,
        } = In::deserialize(d)?;
        let paired = names.len() == paths.len();
        Ok(paths
            .iter()
            .enumerate()
            .map(|(i, path)| {
                let mut p = Place::parse(path);
                if paired
                    && let Some(name) = names.get(i)
                    && !name.trim().is_empty()
                {
                    p.name = name.clone();
                }
                p
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_paths() {
        let p = Place::from_components(&["Asia", "Saudi Arabia", "Riyadh"]).unwrap();
        assert_eq!(p.path, "/Asia/Saudi Arabia/Riyadh");
        assert_eq!(p.name, "Riyadh");
        assert_eq!(
            p.components().collect::<Vec<_>>(),
            ["Asia", "Saudi Arabia", "Riyadh"]
        );
        assert_eq!(Place::top_level("Red Sea").path, "/Red Sea");
    }

    #[test]
    fn dedup_people_and_places() {
        let mut a = Article::default();
        a.add_person("James Baker");
        a.add_person("james baker");
        a.add_person(" ");
        assert_eq!(a.people, ["James Baker"]);
        a.add_place(Place::top_level("Gaza"));
        a.add_place(Place::top_level("Gaza"));
        assert_eq!(a.places.len(), 1);
    }

    fn sample() -> Article {
        let mut a = Article {
            id: "x1".into(),
            path: "/a/b.txt".into(),
            title: "T".into(),
            date: NaiveDate::from_ymd_opt(2024, 2, 5),
            ..Default::default()
        };
        a.add_place(Place::from_components(&["Asia", "Saudi Arabia", "Riyadh"]).unwrap());
        a.add_place(Place {
            name: "The Kingdom".into(),
            path: "/Asia/Saudi Arabia".into(),
        });
        a
    }

    #[test]
    fn record_form() {
        let a = sample();
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["date"], "2024-02-05");
        assert_eq!(v["places"], serde_json::json!(["Riyadh", "The Kingdom"]));
        assert_eq!(
            v["place_paths"],
            serde_json::json!(["/Asia/Saudi Arabia/Riyadh", "/Asia/Saudi Arabia"])
        );
        let v = serde_json::to_value(a.with_rfc3339_dates()).unwrap();
        assert_eq!(v["date"], "2024-02-05T00:00:00Z");
        // The form is scoped to that one serialisation.
        assert_eq!(serde_json::to_value(&a).unwrap()["date"], "2024-02-05");
    }

    #[test]
    fn record_round_trip() {
        let a = sample();
        for json in [
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&a.with_rfc3339_dates()).unwrap(),
        ] {
            let back: Article = serde_json::from_str(&json).unwrap();
            assert_eq!(back, a, "{json}");
        }
        // Names that do not pair with the paths give way to the leaves.
        let back: Article =
            serde_json::from_str(r#"{"places": ["x"], "place_paths": ["/A/B", "/C"]}"#).unwrap();
        assert_eq!(
            back.places,
            [
                Place::from_components(&["A", "B"]).unwrap(),
                Place::top_level("C")
            ]
        );
        let err = serde_json::from_str::<Article>(r#"{"date": "someday"}"#).unwrap_err();
        assert!(err.to_string().contains("bad date"), "{err}");
    }
}
