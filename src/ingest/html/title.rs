//! The headline: the sources (JSON-LD, OpenGraph, `<title>`, `<h1>`, a marked-up headline)
//! vote, site-name suffixes are cut, and the most trusted spelling of the winner is kept.

use super::jsonld::LdArticle;
use super::meta::Meta;

/// Separators between a headline and the site name in `<title>` and `og:title`.
pub(super) const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", "ㅣ", " :: ", " » ", " · "];

/// The text by which titles from different sources are compared: case, runs of white
/// space (non-breaking spaces included) and invisible characters aside. Visible headings
/// carry soft hyphens and zero-width spaces as hyphenation and line-break hints that the
/// metadata copies of the same headline lack. Punctuation is kept: titles that differ in
/// it (a kicker set apart by a colon or only by a span) are different spellings.
pub(super) fn title_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            gap = !key.is_empty();
        } else {
            if gap {
                key.push(' ');
                gap = false;
            }
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Whether `s` is `head` followed by a section or site name after a dash, bar or dot, as
/// in "Headline-Section|Site": sites vary the separator and its spacing too much for the
/// fixed list above, but when another source gives the bare headline the split is known.
/// An unspaced hyphen also joins words ("Covid-19"), so then the rest must end in the
/// site's name.
pub(super) fn ends_in_site_suffix(s: &str, head: &str, site: Option<&str>) -> bool {
    let Some(rest) = s
        .get(..head.len())
        .filter(|h| s.len() > head.len() && h.to_lowercase() == head.to_lowercase())
        .and_then(|_| s.get(head.len()..))
    else {
        return false;
    };
    let spaced = rest.starts_with(char::is_whitespace);
    let rest = rest.trim_start();
    if !rest.starts_with(['-', '–', '—', '|', 'ㅣ', '·', '»', '/']) {
        return false;
    }
    spaced
        || !rest.starts_with('-')
        || site.is_some_and(|n| {
            let n = title_key(n);
            !n.is_empty() && title_key(rest).ends_with(&n)
        })
}

/// Whether a trailing title segment names the site: its letters and digits contain the
/// site's name or the host's first label ("n-tv.de", "Royal | News | Express.co.uk").
pub(super) fn names_site(tail: &str, names: &[&str]) -> bool {
    let compact = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let tail = compact(tail);
    !tail.is_empty()
        && names.iter().any(|n| {
            let first = n.split('.').next().unwrap_or(n);
            [compact(n), compact(first)]
                .iter()
                .any(|n| n.len() >= 2 && (tail.contains(n.as_str()) || n.contains(tail.as_str())))
        })
}

/// Title candidates that compare equal under [`title_key`], with the weight of their votes
/// and the spellings the sources use.
pub(super) struct TitleGroup {
    key: String,
    weight: f64,
    spellings: Vec<(String, f64)>,
}

/// Votes of the title sources: JSON-LD is written for search engines and is the most
/// exact; the visible heading and `og:title` are the page's own; `<title>` most often carries
/// the site's name and SEO words.
const WEIGHT_JSON_LD: f64 = 1.1;
/// See [`WEIGHT_JSON_LD`].
const WEIGHT_VISIBLE: f64 = 1.0;
/// See [`WEIGHT_JSON_LD`].
const WEIGHT_OPEN_GRAPH: f64 = 1.0;
/// See [`WEIGHT_JSON_LD`].
const WEIGHT_TITLE_TAG: f64 = 0.5;

/// Share of a source's vote its whole text gets.
const WHOLE: f64 = 1.0;
/// Share for a part that is surely the headline: the text before a segment naming the site,
/// another source's text that this one extends with a site suffix, a heading's main part.
const SURELY_HEADLINE: f64 = 0.9;
/// Share for a part before or after a separator that names nothing: " - " also joins two
/// halves of a headline.
const MAYBE_HEADLINE: f64 = 0.5;

/// Picks the headline by agreement: each source (JSON-LD, `<h1>` or the marked-up heading,
/// `og:title`, `<title>`) votes for its text and, with less weight, for its text without a
/// trailing or leading segment (most weight when that segment names the site); the text
/// with the most weight wins, in the spelling most of its votes use. Sources disagree when a
/// site rewrites headlines for search or social media, and the majority is then the page's
/// own.
pub(super) fn pick_title(ld: &LdArticle, m: &Meta) -> String {
    let (visible, visible_main) = match (&m.h1, &m.marked_headline) {
        (Some(h1), _) => (Some(h1.as_str()), None),
        (None, Some(mh)) => (Some(mh.whole.as_str()), mh.main.as_deref()),
        (None, None) => (None, None),
    };
    let sources = [
        (ld.headline.as_deref(), WEIGHT_JSON_LD, None),
        (visible, WEIGHT_VISIBLE, visible_main),
        (m.og_title.as_deref(), WEIGHT_OPEN_GRAPH, None),
        (m.title_tag.as_deref(), WEIGHT_TITLE_TAG, None),
    ];
    let site = m.site_name.as_deref().or(ld.publisher.as_deref());
    let host = m
        .canonical
        .as_deref()
        .or(m.og_url.as_deref())
        .and_then(|u| u.split('/').nth(2))
        .map(|h| h.trim_start_matches("www."));
    let site_names: Vec<&str> = [m.site_name.as_deref(), ld.publisher.as_deref(), host]
        .into_iter()
        .flatten()
        .collect();
    let full_texts: Vec<&str> = sources.iter().filter_map(|s| s.0).collect();
    let mut cands: Vec<TitleGroup> = Vec::new();
    for (src, w, extra) in sources {
        let Some(src) = src.filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut variants = vec![(src.to_string(), WHOLE)];
        variants.extend(extra.map(|e| (e.to_string(), SURELY_HEADLINE)));
        for sep in TITLE_SEPARATORS {
            for (head, tail) in [src.rsplit_once(sep), src.split_once(sep)]
                .into_iter()
                .flatten()
            {
                // Only a segment that names the site is surely not headline: " - " also
                // joins two halves of a headline ("Storm hits - schools shut").
                let f = if names_site(tail, &site_names) {
                    SURELY_HEADLINE
                } else {
                    MAYBE_HEADLINE
                };
                variants.push((head.trim().to_string(), f));
            }
        }
        variants.extend(
            full_texts
                .iter()
                .filter(|t| ends_in_site_suffix(src, t, site))
                .map(|t| (t.to_string(), SURELY_HEADLINE)),
        );
        let mut seen: Vec<String> = Vec::new();
        for (v, f) in variants {
            let key = title_key(&v);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let weight = w * f;
            let group = match cands.iter().position(|c| c.key == key) {
                Some(i) => &mut cands[i],
                None => {
                    cands.push(TitleGroup {
                        key,
                        weight: 0.0,
                        spellings: Vec::new(),
                    });
                    let last = cands.len() - 1;
                    &mut cands[last]
                }
            };
            group.weight += weight;
            match group.spellings.iter_mut().find(|s| s.0 == v) {
                Some(s) => s.1 += weight,
                None => group.spellings.push((v, weight)),
            }
        }
    }
    // The winning text in the spelling most of its sources use.
    let mut best: Option<&TitleGroup> = None;
    for c in &cands {
        if best.is_none_or(|b| c.weight > b.weight) {
            best = Some(c);
        }
    }
    let mut spelling: Option<&(String, f64)> = None;
    for s in best.map(|b| b.spellings.as_slice()).unwrap_or_default() {
        if spelling.is_none_or(|b| s.1 > b.1) {
            spelling = Some(s);
        }
    }
    spelling.map(|s| s.0.clone()).unwrap_or_default()
}
