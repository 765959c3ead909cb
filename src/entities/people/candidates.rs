//! The candidate entities of full names ([`Cand`]) and the tests [`super::PeopleStats::resolve`]
//! weighs them by: spellings that are misspellings of a more common one, the candidates a
//! partial name agrees with, how well a title fits a candidate, and how a titled surname is
//! written.

use crate::entities::name::{self, Given, PersonName};
use crate::entities::{Map, words};

use super::{Form, TITLE_MIN, TITLE_PRIOR};

/// What a key resolves to before entities are numbered.
#[derive(Debug, Clone, Copy)]
pub(super) enum Choice {
    Cand(u32),
    Unresolved,
    Drop,
}

/// A full-name person being assembled from its spellings.
pub(super) struct Cand {
    pub(super) given: Vec<Given>,
    pub(super) surname: Option<String>,
    pub(super) suffix: Option<String>,
    pub(super) forms: Vec<usize>,
    pub(super) docs: u32,
    pub(super) titles: Map<u32, u32>,
    pub(super) titled: u32,
}

impl Cand {
    pub(super) fn new(p: &PersonName) -> Cand {
        Cand {
            given: p.given.clone(),
            surname: p.surname.clone(),
            suffix: p.suffix.clone(),
            forms: Vec::new(),
            docs: 0,
            titles: Map::default(),
            titled: 0,
        }
    }

    pub(super) fn add_form(&mut self, f: usize, p: &PersonName) {
        // Keep the fullest given names as the reference ("Walker" over "W.").
        if p.given.len() == self.given.len() {
            for (mine, theirs) in self.given.iter_mut().zip(&p.given) {
                if matches!(mine, Given::Initial(_)) && matches!(theirs, Given::Name(_)) {
                    *mine = theirs.clone();
                }
            }
        } else if p.given.len() > self.given.len() {
            self.given = p.given.clone();
        }
        self.forms.push(f);
    }

    pub(super) fn display(&self, forms: &[Form<'_>], docs: &[u32]) -> String {
        name::display_of(self.forms.iter().filter_map(|&f| {
            forms[f]
                .parsed
                .as_ref()
                .ok()
                .map(|p| (p.display.as_str(), u64::from(docs[f])))
        }))
    }
}

/// A full name used at most this share as often as another with the same given names and
/// a surname one letter away, or cut short, is a misspelling of it (OCR: "Louis D.
/// Brandels" beside "Louis D. Brandeis", "Theodore Roose" beside "Theodore Roosevelt").
const MISSPELLING: u32 = 3;

/// Moves the spellings of misspelt full names into the name they misspell.
pub(super) fn merge_misspellings(cands: &mut [Cand], form_docs: &[u32]) {
    let docs: Vec<u32> = cands
        .iter()
        .map(|c| c.forms.iter().map(|&f| form_docs[f]).sum())
        .collect();
    let mut buckets: Map<(Vec<Given>, Option<String>, String), Vec<usize>> = Map::default();
    for (i, c) in cands.iter().enumerate() {
        if let Some(s) = &c.surname {
            let head: String = s.chars().take(2).collect();
            buckets
                .entry((c.given.clone(), c.suffix.clone(), head))
                .or_default()
                .push(i);
        }
    }
    let mut list: Vec<Vec<usize>> = buckets.into_values().filter(|b| b.len() > 1).collect();
    list.sort();
    for mut b in list {
        b.sort_by_key(|&i| (std::cmp::Reverse(docs[i]), i));
        for k in 1..b.len() {
            let rare = b[k];
            let Some(rs) = cands[rare].surname.clone() else {
                continue;
            };
            let target = b[..k].iter().copied().find(|&j| {
                docs[j] >= MISSPELLING * docs[rare].max(1)
                    && !cands[j].forms.is_empty()
                    && cands[j]
                        .surname
                        .as_deref()
                        .is_some_and(|s| misspelt(&rs, s))
            });
            if let Some(j) = target {
                let moved = std::mem::take(&mut cands[rare].forms);
                cands[j].forms.extend(moved);
            }
        }
    }
}

/// `rare` is `common` with one letter changed, added or dropped (both of five letters or
/// more), or `common` cut after at least four letters.
fn misspelt(rare: &str, common: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (rare.chars().collect(), common.chars().collect());
    if a.len() >= 4 && a.len() < b.len() && b.starts_with(&a) {
        return true;
    }
    if a.len() < 5 || b.len() < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// `part` agrees, in order, with some of `whole`'s given names (skipping others).
pub(super) fn embeds(part: &[Given], whole: &[Given]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| p.agrees(w)))
}

/// The candidate entities of a partial name.
pub(super) fn candidates(
    p: &PersonName,
    cands: &[Cand],
    by_surname: &Map<&str, Vec<u32>>,
    by_given: &Map<&str, Vec<u32>>,
) -> Vec<u32> {
    let suffix_ok = |c: &Cand| p.suffix.is_none() || p.suffix == c.suffix;
    let mut out: Vec<u32> = Vec::new();
    match &p.surname {
        Some(s) => {
            for &c in by_surname.get(s.as_str()).into_iter().flatten() {
                let cand = &cands[c as usize];
                if suffix_ok(cand) && embeds(&p.given, &cand.given) {
                    out.push(c);
                }
            }
            if p.is_single_word() {
                for &c in by_given.get(s.as_str()).into_iter().flatten() {
                    if !out.contains(&c) && suffix_ok(&cands[c as usize]) {
                        out.push(c);
                    }
                }
            }
        }
        None => {
            // Given names and initials only ("Louis D.", "John J."): a prefix of the
            // candidate's given names.
            if let Some(Given::Name(g0)) = p.given.first() {
                for &c in by_given.get(g0.as_str()).into_iter().flatten() {
                    let cand = &cands[c as usize];
                    if suffix_ok(cand)
                        && cand.given.len() >= p.given.len()
                        && embeds(&p.given[1..], &cand.given[1..])
                    {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

/// How much more likely title `t` is before `cand`'s name than before any name: the share
/// of `cand`'s titled mentions with `t`, smoothed toward the archive's share, over the
/// archive's share. 1 when there is no title or too little evidence.
pub(super) fn title_fit(cand: &Cand, t: u32, totals: &[u32], titled_all: u32) -> f64 {
    if t == 0 || cand.titled < TITLE_MIN || titled_all == 0 {
        return 1.0;
    }
    let q = f64::from(totals.get(t as usize).copied().unwrap_or(0).max(1)) / f64::from(titled_all);
    let n = f64::from(cand.titles.get(&t).copied().unwrap_or(0));
    let p = (n + TITLE_PRIOR * q) / (f64::from(cand.titled) + TITLE_PRIOR);
    (p / q).clamp(0.01, 100.0)
}

#[cfg(test)]
#[test]
fn misspellings() {
    assert!(misspelt("brandels", "brandeis"));
    assert!(misspelt("roose", "roosevelt"));
    assert!(misspelt("zelensky", "zelenskyy"));
    assert!(!misspelt("bush", "push"));
    assert!(!misspelt("johnson", "johnston2x"));
    assert!(!misspelt("ford", "fore"));
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "Von Bernstorff" → "von Bernstorff" after a title.
pub(super) fn lower_particles(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if words::is_particle(&name::fold(w)) {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
