//! Query strings → requests, by hand: a parameter that is not valid UTF-8 after percent-decoding
//! must be refused with a 400, where `form_urlencoded` would silently turn it into U+FFFD and
//! search for something the user never typed.

use crate::query::{
    DEFAULT_FACETS, DEFAULT_LIMIT, FacetLogic, QueryError, SearchRequest, Sort, parse_date_bound,
};

/// Decoded `name=value` pairs, in order (a name may repeat).
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// Most parameters accepted in one query string.
pub const MAX_PARAMS: usize = 256;

impl Params {
    /// Splits and decodes a raw query string (`+` is a space, `%XX` a byte).
    pub fn parse(raw: Option<&str>) -> Result<Params, QueryError> {
        let mut pairs = Vec::new();
        for part in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            if pairs.len() == MAX_PARAMS {
                return Err(QueryError::BadRequest(format!(
                    "more than {MAX_PARAMS} query parameters"
                )));
            }
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(k, "a parameter name")?;
            let value = decode(v, &name)?;
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The last value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A non-negative integer parameter, `default` when absent or empty.
    pub fn number(&self, name: &str, default: usize) -> Result<usize, QueryError> {
        match self.get(name).map(str::trim) {
            None | Some("") => Ok(default),
            Some(v) => v.parse().map_err(|_| {
                QueryError::BadRequest(format!("{name} must be a non-negative integer, not {v:?}"))
            }),
        }
    }

    /// The search request these parameters describe (`q`, `person`, `place`, `source`, `credit`,
    /// `lang`, `from`, `to`, `sort`, `limit`, `offset`, `facets`, `logic`, `copies=all`,
    /// `count=stories`).
    pub fn search_request(&self) -> Result<SearchRequest, QueryError> {
        let date = |name: &str, end: bool| -> Result<_, QueryError> {
            match self.get(name).map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) => parse_date_bound(v, end)
                    .map(Some)
                    .map_err(|e| QueryError::BadRequest(format!("{name}: {e}"))),
            }
        };
        let logic = match self.get("logic").unwrap_or("") {
            "" | "all" | "and" => FacetLogic::All,
            "any" | "or" => FacetLogic::Any,
            other => {
                return Err(QueryError::BadRequest(format!(
                    "unknown logic {other:?}: use all or any"
                )));
            }
        };
        Ok(SearchRequest {
            query: self.get("q").unwrap_or("").to_string(),
            people: self.all("person"),
            places: self.all("place"),
            source: self
                .get("source")
                .filter(|s| !s.is_empty())
                .map(String::from),
            languages: self
                .all("lang")
                .into_iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    crate::language::normalize(&l).ok_or_else(|| {
                        QueryError::BadRequest(format!(
                            "lang: {l:?} is not a language code (use ISO 639-1: en, de, fr)"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
            credit: self
                .get("credit")
                .filter(|s| !s.is_empty())
                .map(String::from),
            from: date("from", false)?,
            to: date("to", true)?,
            sort: self.get("sort").unwrap_or("").parse::<Sort>()?,
            limit: self.number("limit", DEFAULT_LIMIT)?,
            offset: self.number("offset", 0)?,
            facets: self.number("facets", DEFAULT_FACETS)?,
            logic,
            all_copies: match self.get("copies").map(str::trim) {
                None | Some("") | Some("collapse") => false,
                Some("all") => true,
                Some(other) => {
                    return Err(QueryError::BadRequest(format!(
                        "unknown copies {other:?}: use all, or collapse (the default)"
                    )));
                }
            },
            count: self.get("count").map(str::trim).unwrap_or("").parse()?,
            deadline: None,
        })
    }
}

/// Percent-decodes one component, refusing bytes that are not UTF-8.
pub fn decode(raw: &str, what: &str) -> Result<String, QueryError> {
    let spaced;
    let raw = if raw.contains('+') {
        spaced = raw.replace('+', " ");
        spaced.as_str()
    } else {
        raw
    };
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    String::from_utf8(bytes)
        .map_err(|_| QueryError::BadRequest(format!("{what} is not valid UTF-8 once decoded")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_repeats_and_spaces() {
        let p = Params::parse(Some(
            "q=cease-fire+Gaza&person=Joe%20Biden&person=Antony+Blinken&limit=5&from=2024-02&lang=de-DE",
        ))
        .unwrap();
        let r = p.search_request().unwrap();
        assert_eq!(r.query, "cease-fire Gaza");
        assert_eq!(r.people, ["Joe Biden", "Antony Blinken"]);
        assert_eq!(r.languages, ["de"]);
        assert_eq!(r.limit, 5);
        assert_eq!(r.from.unwrap().to_string(), "2024-02-01");
        assert_eq!(r.logic, FacetLogic::All);
        assert!(!r.all_copies);
        let r = Params::parse(Some("copies=all&count=stories"))
            .unwrap()
            .search_request()
            .unwrap();
        assert!(r.all_copies);
        assert_eq!(r.count, crate::query::CountBy::Stories);
    }

    #[test]
    fn refuses_bad_values() {
        for q in [
            "q=%ff",
            "q%c3=x",
            "limit=-1",
            "limit=ten",
            "sort=random",
            "from=yesterday",
            "logic=xor",
            "lang=english",
            "copies=some",
            "count=words",
        ] {
            let r = Params::parse(Some(q)).and_then(|p| p.search_request());
            assert!(matches!(r, Err(QueryError::BadRequest(_))), "{q}");
        }
        let many = vec!["a=1"; MAX_PARAMS + 1].join("&");
        assert!(Params::parse(Some(&many)).is_err());
    }

    #[test]
    fn multibyte_and_defaults() {
        let p = Params::parse(Some("q=S%C3%A3o+Paulo&facets=")).unwrap();
        let r = p.search_request().unwrap();
        assert_eq!(r.query, "São Paulo");
        assert_eq!((r.limit, r.offset, r.facets), (10, 0, 10));
        assert!(Params::parse(None).unwrap().search_request().is_ok());
    }
}
