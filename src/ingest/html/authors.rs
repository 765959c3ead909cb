//! The bylines: from JSON-LD, `<meta>` tags or visible bylines, organisation credits dropped
//! when a person is named, roles and extras cut.

use super::jsonld::LdArticle;
use super::meta::Meta;
use crate::ingest::decode::collapse_ws;

/// Picks the authors from the most trusted source that names a person: JSON-LD, then
/// `<meta>` tags, then visible bylines. Many CMSs credit the publication itself (as an
/// `Organization`, or under the site's name) when the journalist is named only in another
/// source, so organisation credits are dropped when people are named alongside them, and
/// kept only when no source names a person.
pub(super) fn pick_authors(ld: &LdArticle, m: &Meta) -> Vec<String> {
    let mut orgs: Vec<&str> = ld.org_authors.iter().map(String::as_str).collect();
    orgs.extend(ld.publisher.as_deref());
    orgs.extend(m.site_name.as_deref());
    let is_org = |n: &str| orgs.iter().any(|o| same_org(n, o));
    let mut fallback: Option<Vec<String>> = None;
    for (i, src) in [&ld.authors, &m.authors, &m.visible_authors]
        .into_iter()
        .enumerate()
    {
        // Visible "bylines" found by class name are too noisy (addresses, teaser authors) to
        // overrule an organisation the metadata credits.
        if i == 2 && fallback.is_some() {
            break;
        }
        let names = clean_authors(src);
        if names.is_empty() {
            continue;
        }
        let mut people: Vec<String> = Vec::new();
        for entry in src {
            let parts = clean_authors(std::slice::from_ref(entry));
            // "Site, City, Country": what follows an organisation is its address.
            if parts.first().is_some_and(|p| is_org(p)) {
                continue;
            }
            for p in parts {
                if !is_org(&p) && !people.contains(&p) {
                    people.push(p);
                }
            }
        }
        if !people.is_empty() {
            return people;
        }
        fallback.get_or_insert(names);
    }
    fallback.unwrap_or_default()
}

/// Whether an author name is the organisation `org`: the same letters once case, spaces,
/// punctuation and a domain's top-level suffix are ignored (`Lrt.lt` = `lrt.lt`,
/// `VnExpress` ⊂ `Báo VnExpress`), or the organisation's initials (`LTO`).
pub(super) fn same_org(name: &str, org: &str) -> bool {
    fn key(s: &str) -> String {
        let s = s.trim();
        // `example.co.uk` and `example.com` name the site `example`.
        let s = if !s.contains(' ') && s.contains('.') {
            s.trim_start_matches("www.").split('.').next().unwrap_or(s)
        } else {
            s
        };
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
    let (n, o) = (key(name), key(org));
    if n.is_empty() || o.is_empty() {
        return false;
    }
    if n == o {
        return true;
    }
    // Containment only for names long enough not to match by chance, and never the site's
    // name inside a person's name (`Welt` in `Peter Weltmann`).
    if n.chars().count() >= 4 && o.contains(n.as_str()) {
        return true;
    }
    if !name.trim().contains(char::is_whitespace) && o.chars().count() >= 4 && n.contains(&o) {
        return true;
    }
    let initials: String = org
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let trimmed = name.trim();
    initials.chars().count() >= 2
        && trimmed.chars().all(|c| c.is_uppercase())
        && trimmed.to_lowercase() == initials
}

/// Cleans author names: splits "A and B" / "A, B", drops "By", e-mail and URL entries.
pub(super) fn clean_authors(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let r = collapse_ws(r);
        let r = r
            .strip_prefix("By ")
            .or_else(|| r.strip_prefix("by "))
            .or_else(|| r.strip_prefix("Von "))
            .or_else(|| r.strip_prefix("von "))
            .unwrap_or(&r);
        let parts = r
            .split([',', ';', '|'])
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" und "))
            .flat_map(|p| p.split(" & "));
        for part in parts {
            let p = strip_byline_extras(part.trim());
            let slug = !p.contains(' ') && p.contains('-') && p == p.to_lowercase();
            if p.is_empty()
                || slug
                || p.starts_with('(')
                || p.contains('@')
                || p.starts_with("http")
                || p.len() > 80
            {
                continue;
            }
            if !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
    }
    out
}

/// Job titles that CJK bylines put after the name ("홍길동 기자", "山田太郎記者").
pub(super) const BYLINE_ROLES: &[&str] = &["기자", "특파원", "記者", "特派員", "编辑", "通讯员"];

/// Removes what bylines add after a name: the author's initials or handle in parentheses
/// ("Anna Muster (amu)") and a CJK job title.
pub(super) fn strip_byline_extras(p: &str) -> &str {
    let mut p = p;
    if p.ends_with(')')
        && let Some(open) = p.rfind('(')
        && !p[..open].trim().is_empty()
    {
        p = p[..open].trim_end();
    }
    for role in BYLINE_ROLES {
        if let Some(head) = p.strip_suffix(role)
            && !head.trim().is_empty()
        {
            p = head.trim_end();
            break;
        }
    }
    p
}
