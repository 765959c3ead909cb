//! The autocomplete of the web page's facet boxes: the values of one facet that match a
//! prefix, counted over a request's results.

use super::facets::FacetSpec;
use super::filters::combine;
use super::request::{FacetKind, FacetLogic, MAX_LIMIT, SearchRequest};
use super::response::FacetCount;
use super::{Engine, QueryError};

impl Engine {
    /// Values of one facet that match `prefix` (case-insensitively, at the start of the name
    /// or of any word in it: "bid" finds "Joe Biden"), most frequent first, counted over the
    /// results of `req` (its query and filters; everything when both are empty). This is the
    /// autocomplete behind the web page's facet boxes.
    pub fn facet_values(
        &self,
        kind: FacetKind,
        prefix: &str,
        req: &SearchRequest,
        limit: usize,
    ) -> Result<Vec<FacetCount>, QueryError> {
        if limit > MAX_LIMIT {
            return Err(QueryError::BadRequest(format!(
                "limit {limit} is over the maximum of {MAX_LIMIT}"
            )));
        }
        let p = self.prepare(req)?;
        let filters = &p.filters;
        // Like the page's sidebar, a facet is counted without its own selection.
        let own = match (kind, req.logic) {
            (FacetKind::People, FacetLogic::Any) => filters.without_people(),
            (FacetKind::Places, FacetLogic::Any) => filters.without_places(),
            _ => filters.all(),
        };
        let q = combine(p.text_query.as_deref(), &own);
        let spec = FacetSpec {
            people: kind == FacetKind::People,
            places: kind == FacetKind::Places,
            credit: false,
            dates: false,
        };
        let counts = p
            .timer
            .search(&p.searcher, &*q, self.facet_collector(&p.searcher, spec)?)?;
        let map = match kind {
            FacetKind::People => counts.people,
            FacetKind::Places => counts.places,
        };
        let prefix = prefix.trim().to_lowercase();
        Ok(map
            .top_matching(
                |name| prefix.is_empty() || name_has_prefix(name, &prefix),
                limit,
            )
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect())
    }
}

/// Does the name, or one of its words, start with the lower-cased `prefix`?
fn name_has_prefix(name: &str, prefix: &str) -> bool {
    let lower = name.to_lowercase();
    lower.starts_with(prefix)
        || lower
            .match_indices(|c: char| !c.is_alphanumeric())
            .any(|(i, sep)| lower[i + sep.len()..].starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_prefixes() {
        assert!(name_has_prefix("Joe Biden", "bid"));
        assert!(name_has_prefix("Joe Biden", "joe b"));
        assert!(name_has_prefix("Jean-Luc Picard", "luc"));
        assert!(!name_has_prefix("Joe Biden", "iden"));
    }
}
