//! The one article type every input format produces and every later stage consumes.
//!
//! Formats never talk to the index and the index never knows about formats: this type is
//! the whole contract between `ingest` and the rest of the pipeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

    /// The components of the path, most general first.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.path.split('/').filter(|c| !c.is_empty())
    }
}

/// One news story, as read from a file.
///
/// Strings that a format does not carry are empty (`title`, `lede`, `body`) or `None`;
/// lists are empty. The `date` is only ever a date the source states (in its content or in
/// its path), never a file's modification time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Places named by the source or found in the text.
    pub places: Vec<Place>,
    /// The people and places are already complete (a newsdex export read back): extraction
    /// must not run again, so a round trip keeps exactly the exported entities.
    #[serde(skip)]
    pub entities_final: bool,
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
}

/// Serialises `Option<NaiveDate>` as `"YYYY-MM-DD"` or `null`.
pub mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the date as `YYYY-MM-DD`, or `null`.
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    /// Reads `YYYY-MM-DD` or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
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
}
