//! The loaded name lists and GeoNames place table: token flags for the tagger's features,
//! candidate readings for place resolution ([`super::places`]).
//!
//! Data: GeoNames, geonames.org (CC BY 4.0), via `../shared/gazetteer`; US Census 1990 and
//! SSA baby names (public domain). [`super::gazetteer_build`] derives the compact files
//! shipped in `data/`.

use std::io::Read;

use super::hash::{FxMap, FxSet};
use super::tokenize::tokenize;

/// Token flag: a known first name.
pub const FIRST: u8 = 1;
/// Token flag: a known surname.
pub const LAST: u8 = 2;
/// Token flag: a country name.
pub const COUNTRY: u8 = 4;
/// Token flag: a first-level region name.
pub const REGION: u8 = 8;
/// Token flag: a city name.
pub const CITY: u8 = 16;

/// What a place entry is; countries outrank regions outrank cities for the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A country.
    Country = 0,
    /// A first-level administrative region.
    Region = 1,
    /// A city.
    City = 2,
}

/// One candidate reading of a place name.
#[derive(Debug, Clone)]
pub struct Cand {
    /// Country, region or city.
    pub kind: PlaceKind,
    /// Population (0 when unknown); breaks ties between candidates.
    pub population: u64,
    /// ISO country code, to prefer candidates in countries the article mentions.
    pub country: [u8; 2],
    /// `/Continent/Country[/Region]/Place`.
    pub path: String,
}

/// Loaded gazetteers.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Lower-cased single tokens → flag bits.
    pub flags: FxMap<String, u8>,
    /// Lower-cased multi-token place names (tokens joined by one space).
    pub multi: FxSet<String>,
    /// First tokens of the multi-token names, to skip most lookups.
    pub multi_first: FxSet<String>,
    /// Proper token prefixes (two tokens or more) of the multi-token names.
    pub multi_prefix: FxSet<String>,
    /// Lower-cased place names → candidates.
    pub places: FxMap<String, Vec<Cand>>,
}

/// The shipped name list (`token<TAB>flags`), zstd-compressed.
const NAMES_ZST: &[u8] = include_bytes!("../../data/names.tsv.zst");
/// The shipped place table (`key<TAB>kind<TAB>population<TAB>cc<TAB>path`, kind `C` country,
/// `R` region, `A` region abbreviation, `T` city), zstd-compressed.
const PLACES_ZST: &[u8] = include_bytes!("../../data/places.tsv.zst");

/// Why the gazetteer tables cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The zstd stream is corrupt or not UTF-8.
    #[error("cannot decompress the {table} table: {source}")]
    Decompress {
        /// "names" or "places".
        table: &'static str,
        /// The decoder's error.
        #[source]
        source: std::io::Error,
    },
    /// A names line has no numeric flags.
    #[error("bad names line {0:?}")]
    BadNamesLine(String),
}

fn unzstd(table: &'static str, b: &[u8]) -> Result<String, GazetteerError> {
    let mut s = String::new();
    zstd::stream::read::Decoder::new(b)
        .and_then(|mut d| d.read_to_string(&mut s))
        .map_err(|source| GazetteerError::Decompress { table, source })?;
    Ok(s)
}

/// Lower-cases and joins the tokens of a name, the key used for lookups.
pub fn key_of(name: &str) -> String {
    // ASCII letters and digits in words split by single spaces (most names) tokenise into
    // exactly those words: the key is the name in lower case, without running the
    // tokenizer (this is asked several times per place mention).
    let b = name.as_bytes();
    if b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && !b.windows(2).any(|w| w == b"  ")
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b' ')
    {
        return name.to_ascii_lowercase();
    }
    key_of_tokens(name)
}

/// [`key_of`] through the tokenizer, for any name.
fn key_of_tokens(name: &str) -> String {
    let toks = tokenize(name);
    let mut k = String::with_capacity(name.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        for c in name[t.start..t.end].chars() {
            if c == '\u{2019}' {
                k.push('\'');
            } else {
                k.extend(c.to_lowercase());
            }
        }
    }
    k
}

impl Gazetteer {
    /// Loads the files shipped in `data/`.
    pub fn shipped() -> Result<Gazetteer, GazetteerError> {
        Self::from_zst(NAMES_ZST, PLACES_ZST)
    }

    /// Loads the two derived tables, zstd-compressed.
    pub fn from_zst(names: &[u8], places: &[u8]) -> Result<Gazetteer, GazetteerError> {
        Self::from_tsv(&unzstd("names", names)?, &unzstd("places", places)?)
    }

    /// Parses the two derived tables.
    pub fn from_tsv(names: &str, places: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::default();
        for line in names.lines() {
            let mut it = line.split('\t');
            let (Some(tok), Some(f)) = (it.next(), it.next()) else {
                continue;
            };
            let f: u8 = f
                .parse()
                .map_err(|_| GazetteerError::BadNamesLine(line.to_string()))?;
            *g.flags.entry(tok.to_string()).or_default() |= f;
        }
        for line in places.lines() {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 5 {
                continue;
            }
            // "A": an abbreviation of a region ("Pa."), a reading for resolution only: as a
            // tagger feature it would mark words such as "Miss" or "Mass" as regions
            let abbreviation = c[1] == "A";
            let kind = match c[1] {
                "C" => PlaceKind::Country,
                "R" | "A" => PlaceKind::Region,
                _ => PlaceKind::City,
            };
            let cc = c[3].as_bytes();
            let country = [
                cc.first().copied().unwrap_or(b'?'),
                cc.get(1).copied().unwrap_or(b'?'),
            ];
            let key = c[0].to_string();
            let flag = match kind {
                PlaceKind::Country => COUNTRY,
                PlaceKind::Region => REGION,
                PlaceKind::City => CITY,
            };
            if !abbreviation {
                if let Some((first, _)) = key.split_once(' ') {
                    g.multi_first.insert(first.to_string());
                    let spaces: Vec<usize> = key.match_indices(' ').map(|m| m.0).collect();
                    for &sp in spaces.iter().skip(1) {
                        g.multi_prefix.insert(key[..sp].to_string());
                    }
                    g.multi.insert(key.clone());
                } else {
                    *g.flags.entry(key.clone()).or_default() |= flag;
                }
            }
            g.places.entry(key).or_default().push(Cand {
                kind,
                population: c[2].parse().unwrap_or(0),
                country,
                path: c[4].to_string(),
            });
        }
        for v in g.places.values_mut() {
            v.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.population.cmp(&a.population)));
        }
        Ok(g)
    }

    /// Flag bits of a lower-cased token.
    pub fn token_flags(&self, lower: &str) -> u8 {
        self.flags.get(lower).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut of `key_of` gives what the tokenizer gives.
    #[test]
    fn key_shortcut_matches_the_tokenizer() {
        for name in [
            "New York",
            "NEW YORK",
            "Riyadh",
            "Washington DC",
            "Route 66",
            "A1 B2",
            "Of",
            "x",
            "San  Jose",
            " Paris",
            "Paris ",
            "U.S.",
            "St. Louis",
            "O'Hare",
            "Winston-Salem",
            "Zürich",
            "1,000 Islands",
            "New\nYork",
            "Kit Kat Club",
        ] {
            assert_eq!(key_of(name), key_of_tokens(name), "{name:?}");
        }
    }
}
