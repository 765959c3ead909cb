//! People across an archive: spellings of one full name become one entity, and a partial
//! name resolves to the full name the archive's evidence points to.
//!
//! **Entities.** Full names are grouped by first given name, surname and suffix. Within a
//! group, middle names that agree ("W." and "Walker") are one person and disagreeing ones
//! are two ("George W. Bush", "George H.W. Bush"); a spelling with no middle name joins
//! the group's only person, or, when there are several, is resolved like a partial name.
//! A full name that is the tail of a longer, at least as common one ("Hussein Obama" in
//! "Barack Hussein Obama") is a partial name too.
//!
//! **Partial names.** The candidates of a partial name are the entities it agrees with:
//! same surname and compatible given names or initials ("J. Pershing" → "John J.
//! Pershing"), or, for a given name alone, the entities it begins ("Barack"). Each
//! candidate is weighted by the articles naming it in full and by how well the title before
//! the partial name ("Secretary", "Mrs.") fits the titles used before its full name. Beside
//! the candidates stands the chance that the part names someone the archive never names in
//! full, estimated Good–Turing style from how many of the candidates are named in one article
//! only (a common surname has many). The part resolves when one candidate holds at least
//! [`RESOLVE`] of the weight; otherwise it is *unresolved*: not a facet value, but still
//! matched by `--person`.
//!
//! **Titled surnames.** A surname the archive never gives a full name for, used with
//! person titles in a good share of its articles, is shown alone, with its style title when
//! it has one ("Count von Bernstorff", "Hegseth").

use super::name::{self, Given, NotAName, PersonName, WordCase};
use super::places::WordDocs;
use super::{
    Contextual, Dropped, Entity, Fate, Interner, KindTable, Map, Status, split_key, words,
};

mod candidates;
mod given_names;

use given_names::given_name_uses;

use crate::extract::people::spelt_out_title;

use candidates::{
    Cand, Choice, candidates, capitalise, embeds, lower_particles, merge_misspellings, title_fit,
};

/// The share of a partial name's weight its best candidate needs to resolve it.
pub const RESOLVE: f64 = 0.75;

/// Pseudo-count of "someone else" for a surname, and for a given name alone (given names
/// are shared by far more people than surnames).
const UNKNOWN_SURNAME: f64 = 0.25;
const UNKNOWN_GIVEN: f64 = 2.0;

/// A candidate whose full names do not start with a given name counts for a partial name
/// only when named in full in at least 1/[`WEAK_PART`] as many articles as the part, and
/// 1/[`WEAK_CLEAR`] as many as the best candidate that does.
const WEAK_PART: u64 = 20;
const WEAK_CLEAR: u64 = 4;
/// ... and only when named in full in at least this many articles: a full name seen once
/// whose first word is no known given name is as often a misread word run on to the
/// surname ("Tliat Carranza", "Yotk Willi") as a person, and must not take in the surname's
/// mentions in other articles on that evidence alone.
const WEAK_MIN_DOCS: u64 = 2;
/// A clear candidate named in full in fewer articles than this takes in only a partial name
/// used at most [`WEAK_PART`] times as often, and only under a title its full name has
/// carried when it has carried any: one "Mr. Percy Daniels" is not the "Secretary Daniels"
/// of a dozen other articles.
const ABSORBER_MIN_DOCS: u64 = 3;

/// The full names of a surname, most named first, that may take in a shorter one.
const ABSORBERS: usize = 16;

/// Candidates of an ambiguous partial name weighed in each article's context.
const CONTEXT_CANDIDATES: usize = 6;

/// Smoothing of title likelihoods, and the titled mentions a candidate needs before its
/// titles count as evidence.
const TITLE_PRIOR: f64 = 2.0;
const TITLE_MIN: u32 = 3;

/// A surname alone is shown when at least this share of its articles put a title before
/// it, and it is in at least [`SURNAME_MIN_DOCS`] articles.
const SURNAME_TITLED: f64 = 0.3;
const SURNAME_MIN_DOCS: u32 = 3;

/// A known first name that is also a common word counts as a given name when the archive
/// puts it before at least this many known surnames ("Bill Clinton", "Bill Gates", …), and
/// mostly before surnames (not "Navy Daniels" among "Navy Yard", "Navy League"…).
const GIVEN_MIN_SURNAMES: u32 = 3;

/// One distinct person name of the archive (the name part of its keys).
pub(crate) struct Form<'a> {
    /// The name as stored.
    pub value: &'a str,
    /// The name read as a name, or why it is none.
    pub parsed: Result<PersonName, NotAName>,
    /// Interned folds of its name words.
    pub words: Vec<u32>,
    /// The interned word when the name is one word.
    pub single: Option<u32>,
    /// Its first word is an initial or a given name (a known first name, or a word the
    /// archive puts before several surnames): not "Becretary Lansing" (OCR), "Viva
    /// Carranza" (a phrase).
    pub given_name: bool,
}

/// What the archive says about its person values.
pub(crate) struct PeopleStats<'a> {
    keys: &'a [Box<str>],
    key_form: Vec<u32>,
    key_title: Vec<u32>,
    titles: Vec<String>,
    pub(crate) forms: Vec<Form<'a>>,
    n_key: Vec<u32>,
    /// Single-word person forms, by word: articles where a place with that word co-occurs.
    pub(crate) with_place: Map<u32, u32>,
}

impl<'a> PeopleStats<'a> {
    pub(crate) fn new(
        keys: &'a [Box<str>],
        case: &dyn WordCase,
        words: &mut Interner,
    ) -> PeopleStats<'a> {
        let mut form_ids: Map<&str, u32> = Map::default();
        let mut title_ids: Map<&str, u32> = Map::default();
        let mut titles = vec![String::new()];
        let mut forms = Vec::new();
        let mut key_form = Vec::with_capacity(keys.len());
        let mut key_title = Vec::with_capacity(keys.len());
        let given_uses = given_name_uses(keys);
        let before_surnames = |w: &str| {
            given_uses.get(w).is_some_and(|&(surnames, all)| {
                surnames >= GIVEN_MIN_SURNAMES && 2 * surnames >= all
            })
        };
        let given = |w: &str| {
            words::is_first_name(w)
                && (case.lower_share(w) < name::COMMON_WORD || before_surnames(w))
        };
        let plausible = |w: &str| words::is_first_name(w) || before_surnames(w);
        for k in keys {
            let (n, t) = split_key(k);
            let f = *form_ids.entry(n).or_insert_with(|| {
                let parsed = name::read_person(n, case, &given);
                let mut ids = Vec::new();
                let mut single = None;
                if let Ok(p) = &parsed {
                    for w in name::split_words(&p.display) {
                        if w.kind == name::WordKind::Name {
                            let id = words.id(&w.fold);
                            ids.push(id);
                        }
                    }
                    if p.is_single_word() {
                        single = ids.first().copied();
                    }
                }
                let given_name = match &parsed {
                    Ok(p) => match p.given.first() {
                        Some(Given::Initial(_)) => true,
                        Some(Given::Name(g)) => plausible(g),
                        None => p.surname.as_deref().is_some_and(plausible),
                    },
                    Err(_) => false,
                };
                forms.push(Form {
                    value: n,
                    parsed,
                    words: ids,
                    single,
                    given_name,
                });
                (forms.len() - 1) as u32
            });
            let t = if t.is_empty() {
                0
            } else {
                *title_ids.entry(t).or_insert_with(|| {
                    titles.push(t.to_string());
                    (titles.len() - 1) as u32
                })
            };
            key_form.push(f);
            key_title.push(t);
        }
        PeopleStats {
            keys,
            n_key: vec![0; keys.len()],
            key_form,
            key_title,
            titles,
            forms,
            with_place: Map::default(),
        }
    }

    pub(crate) fn add_doc(&mut self, keys: &[u32]) {
        for &k in keys {
            if let Some(n) = self.n_key.get_mut(k as usize) {
                *n += 1;
            }
        }
    }

    /// The form of a key ordinal.
    pub(crate) fn form_of(&self, key: u32) -> Option<&Form<'a>> {
        self.key_form
            .get(key as usize)
            .and_then(|&f| self.forms.get(f as usize))
    }

    /// Articles per word: of person values containing it, and exact folds of whole values.
    pub(crate) fn docs_by_word(&self) -> WordDocs {
        let mut out = WordDocs::default();
        for (k, &n) in self.n_key.iter().enumerate() {
            let Some(f) = self.form_of(k as u32) else {
                continue;
            };
            if f.parsed.is_err() {
                continue;
            }
            for &w in &f.words {
                *out.containing.entry(w).or_default() += n;
            }
            *out.exact.entry(name::fold(f.value)).or_default() += n;
        }
        out
    }

    /// Decides every person value.
    pub(crate) fn resolve(self, place_docs: &WordDocs, case: &dyn WordCase) -> KindTable {
        let nf = self.forms.len();
        let mut form_docs = vec![0u32; nf];
        for (k, &n) in self.n_key.iter().enumerate() {
            form_docs[self.key_form[k] as usize] += n;
        }
        // Single-word person forms by word: their articles.
        let mut single_docs: Map<u32, u32> = Map::default();
        for (f, form) in self.forms.iter().enumerate() {
            if let Some(w) = form.single {
                *single_docs.entry(w).or_default() += form_docs[f];
            }
        }
        // 1. Values that are no names, or names the archive uses as places.
        let mut form_fate: Vec<Option<Dropped>> = vec![None; nf];
        for (f, form) in self.forms.iter().enumerate() {
            form_fate[f] = match &form.parsed {
                Err(why) => Some(Dropped::NotAName(*why)),
                Ok(_) => {
                    let as_place = |w: u32| {
                        let alone = single_docs.get(&w).copied().unwrap_or(0);
                        let with = self.with_place.get(&w).copied().unwrap_or(0);
                        let places = place_docs.containing.get(&w).copied().unwrap_or(0);
                        alone > 0 && 2 * with >= alone && places >= alone
                    };
                    let exact_place = place_docs
                        .exact
                        .get(&name::fold(form.value))
                        .copied()
                        .unwrap_or(0);
                    if form.single.is_some_and(as_place) || exact_place > form_docs[f] {
                        Some(Dropped::OtherKind)
                    } else {
                        None
                    }
                }
            };
        }
        let parsed = |f: usize| -> Option<&PersonName> {
            match (&form_fate[f], &self.forms[f].parsed) {
                (None, Ok(p)) => Some(p),
                _ => None,
            }
        };

        // 2. Full names → candidate entities.
        let mut cands: Vec<Cand> = Vec::new();
        let mut groups: Map<(Given, Option<String>, Option<String>), Vec<usize>> = Map::default();
        for f in 0..nf {
            if let Some(p) = parsed(f)
                && p.is_full()
                && let Some(g0) = p.given.first()
            {
                groups
                    .entry((g0.clone(), p.surname.clone(), p.suffix.clone()))
                    .or_default()
                    .push(f);
            }
        }
        // Forms (full names with no middle name in a group of several people) that are
        // resolved like partial names.
        let mut partial_full: Vec<usize> = Vec::new();
        let mut form_cand: Vec<Option<u32>> = vec![None; nf];
        let mut group_list: Vec<_> = groups.into_iter().collect();
        group_list.sort_by(|a, b| a.1.cmp(&b.1));
        for (_, mut members) in group_list {
            members.sort_by_key(|&f| std::cmp::Reverse(form_docs[f]));
            let mut clusters: Vec<usize> = Vec::new(); // indexes into cands
            let mut bare: Vec<usize> = Vec::new();
            for &f in &members {
                let Some(p) = parsed(f) else { continue };
                let middle = &p.given[1..];
                if middle.is_empty() {
                    bare.push(f);
                    continue;
                }
                let joined = clusters.iter().copied().find(|&c| {
                    let m = &cands[c].given[1..];
                    m.len() == middle.len() && m.iter().zip(middle).all(|(a, b)| a.agrees(b))
                });
                let c = match joined {
                    Some(c) => c,
                    None => {
                        cands.push(Cand::new(p));
                        clusters.push(cands.len() - 1);
                        cands.len() - 1
                    }
                };
                cands[c].add_form(f, p);
            }
            match clusters.len() {
                0 => {
                    if let Some(&first) = bare.first()
                        && let Some(p) = parsed(first)
                    {
                        cands.push(Cand::new(p));
                        let c = cands.len() - 1;
                        for &f in &bare {
                            if let Some(p) = parsed(f) {
                                cands[c].add_form(f, p);
                            }
                        }
                    }
                }
                1 => {
                    for &f in &bare {
                        if let Some(p) = parsed(f) {
                            cands[clusters[0]].add_form(f, p);
                        }
                    }
                }
                _ => partial_full.extend(bare),
            }
        }
        merge_misspellings(&mut cands, &form_docs);
        for (c, cand) in cands.iter().enumerate() {
            for &f in &cand.forms {
                form_cand[f] = Some(c as u32);
            }
        }
        // Articles and titles of each candidate, from its full-name keys.
        for (k, &n) in self.n_key.iter().enumerate() {
            let f = self.key_form[k] as usize;
            if let Some(c) = form_cand[f] {
                let cand = &mut cands[c as usize];
                cand.docs += n;
                let t = self.key_title[k];
                if t != 0 {
                    *cand.titles.entry(t).or_default() += n;
                    cand.titled += n;
                }
            }
        }
        // A full name that is the tail of a longer, at least as common one ("Hussein Obama"),
        // or its initials ("J. J. Pershing"), is a partial name of it.
        let mut by_surname: Map<Option<String>, Vec<u32>> = Map::default();
        for (c, cand) in cands.iter().enumerate() {
            by_surname
                .entry(cand.surname.clone())
                .or_default()
                .push(c as u32);
        }
        // Only the most named people of a surname can absorb others (bounds the work on
        // surnames with thousands of full names, "Smith" in OCR'd pages).
        for list in by_surname.values_mut() {
            list.sort_by_key(|&c| (std::cmp::Reverse(cands[c as usize].docs), c));
            list.truncate(ABSORBERS);
        }
        let mut demoted = vec![false; cands.len()];
        for (c, cand) in cands.iter().enumerate() {
            let Some(same) = by_surname.get(&cand.surname) else {
                continue;
            };
            let longer = same.iter().any(|&o| {
                let other = &cands[o as usize];
                o as usize != c
                    && other.given.len() > cand.given.len()
                    && 2 * other.docs >= cand.docs
                    && other.suffix == cand.suffix
                    && ((!other.given[0].agrees(&cand.given[0])
                        && embeds(&cand.given, &other.given[1..]))
                        || (cand.given.iter().all(|g| matches!(g, Given::Initial(_)))
                            && matches!(other.given[0], Given::Name(_))
                            && embeds(&cand.given, &other.given)))
            });
            demoted[c] = longer;
        }
        for (c, d) in demoted.iter().enumerate() {
            if *d {
                partial_full.extend(cands[c].forms.iter().copied());
                for &f in &cands[c].forms {
                    form_cand[f] = None;
                }
            }
        }
        let live: Vec<u32> = (0..cands.len() as u32)
            .filter(|&c| !demoted[c as usize] && !cands[c as usize].forms.is_empty())
            .collect();
        let mut surname_index: Map<&str, Vec<u32>> = Map::default();
        let mut given_index: Map<&str, Vec<u32>> = Map::default();
        for &c in &live {
            let cand = &cands[c as usize];
            if let Some(s) = cand.surname.as_deref() {
                surname_index.entry(s).or_default().push(c);
            }
            if let Some(Given::Name(g)) = cand.given.first() {
                given_index.entry(g.as_str()).or_default().push(c);
            }
        }
        // Global title shares over titled keys.
        let mut title_total = vec![0u32; self.titles.len()];
        for (k, &n) in self.n_key.iter().enumerate() {
            title_total[self.key_title[k] as usize] += n;
        }
        let titled_all: u32 = title_total.iter().skip(1).sum();

        // 3. Partial names, key by key (a key is a name with the title before it).
        let mut partial_full_set = vec![false; nf];
        for &f in &partial_full {
            partial_full_set[f] = true;
        }
        let mut is_partial = vec![false; nf];
        for f in 0..nf {
            if let Some(p) = parsed(f)
                && (!p.is_full() || partial_full_set[f])
            {
                is_partial[f] = true;
            }
        }
        // Articles of each partial name (whatever the title before it), and whether each
        // candidate's full names start with a given name.
        let mut part_docs: Map<String, u32> = Map::default();
        for f in 0..nf {
            if is_partial[f]
                && let Some(p) = parsed(f)
            {
                *part_docs.entry(name::fold(&p.display)).or_default() += form_docs[f];
            }
        }
        // Each title as one spelling ("gen" and "general" are one), to compare a part's
        // title with a candidate's.
        let spelt: Vec<String> = self
            .titles
            .iter()
            .map(|t| spelt_out_title(t).map_or_else(|| t.clone(), str::to_string))
            .collect();
        let mut first_of: Map<&str, u32> = Map::default();
        let title_norm: Vec<u32> = spelt
            .iter()
            .enumerate()
            .map(|(i, s)| *first_of.entry(s.as_str()).or_insert(i as u32))
            .collect();
        let cand_given: Vec<bool> = cands
            .iter()
            .map(|c| c.forms.iter().any(|&f| self.forms[f].given_name))
            .collect();
        let mut key_choice: Vec<Choice> = vec![Choice::Drop; self.keys.len()];
        // Keys whose candidates no static evidence separates: (candidate, weight), unknown.
        let mut ambiguous: Map<usize, (Vec<(u32, f64)>, f64)> = Map::default();
        let mut surname_alone: Map<String, Vec<usize>> = Map::default();
        for (k, choice) in key_choice.iter_mut().enumerate() {
            let f = self.key_form[k] as usize;
            if let Some(c) = form_cand[f] {
                *choice = Choice::Cand(c);
                continue;
            }
            if form_fate[f].is_some() || !is_partial[f] {
                continue;
            }
            let Some(p) = parsed(f) else { continue };
            let mut found = candidates(p, &cands, &surname_index, &given_index);
            // Candidates that are no clear person (no given name first, or a surname
            // matched as a given name that is none) only count when their full names are
            // not dwarfed by the part itself or by a clear candidate: OCR misreadings of a
            // title ("Becretary Lansing") and run-on phrases ("Bernstorff Monda") are not
            // other people of the surname. A clear one named in full in one or two
            // articles does not take in a part used far more either ("Vern Bernstorff",
            // OCR for "Von", beside 200 articles of "Count Bernstorff").
            let part = u64::from(part_docs.get(&name::fold(&p.display)).copied().unwrap_or(0));
            let t = self.key_title[k];
            let clear = |c: u32| {
                let cand = &cands[c as usize];
                if cand.surname == p.surname {
                    cand_given[c as usize]
                } else {
                    self.forms[f].given_name
                }
            };
            let best_clear = found
                .iter()
                .filter(|&&c| clear(c))
                .map(|&c| u64::from(cands[c as usize].docs))
                .max()
                .unwrap_or(0);
            // Good–Turing: clear full names named once say how often someone new turns up
            // (counted before the weak ones go); the best-known candidate does not count
            // against itself.
            let top = found
                .iter()
                .map(|&c| cands[c as usize].docs)
                .max()
                .unwrap_or(0);
            let once = found
                .iter()
                .filter(|&&c| cands[c as usize].docs <= 1 && clear(c))
                .count();
            found.retain(|&c| {
                let d = u64::from(cands[c as usize].docs);
                let beside_part = WEAK_PART * d >= part;
                if clear(c) {
                    let cand = &cands[c as usize];
                    let title_agrees = t == 0
                        || cand.titled == 0
                        || cand
                            .titles
                            .keys()
                            .any(|&ct| title_norm[ct as usize] == title_norm[t as usize]);
                    d >= ABSORBER_MIN_DOCS || (beside_part && title_agrees)
                } else {
                    d >= WEAK_MIN_DOCS && beside_part && WEAK_CLEAR * d >= best_clear
                }
            });
            if found.is_empty() {
                if let Some(s) = &p.surname
                    && p.given.is_empty()
                {
                    surname_alone.entry(s.clone()).or_default().push(k);
                }
                *choice = Choice::Unresolved;
                continue;
            }
            let given_only = p.surname.is_none()
                || (p.is_single_word()
                    && !found
                        .iter()
                        .any(|&c| cands[c as usize].surname == p.surname));
            let mut unknown = if given_only {
                UNKNOWN_GIVEN
            } else {
                UNKNOWN_SURNAME
            };
            unknown += once.saturating_sub(usize::from(top <= 1)) as f64;
            let weights: Vec<f64> = found
                .iter()
                .map(|&c| {
                    let cand = &cands[c as usize];
                    f64::from(cand.docs) * title_fit(cand, t, &title_total, titled_all)
                })
                .collect();
            let total: f64 = weights.iter().sum::<f64>() + unknown;
            let (best, w) =
                weights.iter().enumerate().fold(
                    (0, 0.0),
                    |acc, (i, &w)| if w > acc.1 { (i, w) } else { acc },
                );
            *choice = if total > 0.0 && w / total >= RESOLVE {
                Choice::Cand(found[best])
            } else {
                // Left to each article's context (the other people it names): the
                // strongest candidates; the others add to "someone else".
                let mut ranked: Vec<(u32, f64)> = found.iter().copied().zip(weights).collect();
                ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let rest: f64 = ranked.iter().skip(CONTEXT_CANDIDATES).map(|x| x.1).sum();
                ranked.truncate(CONTEXT_CANDIDATES);
                ambiguous.insert(k, (ranked, unknown + rest));
                Choice::Unresolved
            };
        }

        // 4. Surnames with no full name: shown alone when titles say they are people.
        let mut titled_surname: Map<String, u32> = Map::default();
        let mut extra: Vec<Entity> = Vec::new();
        let mut surnames: Vec<_> = surname_alone.into_iter().collect();
        surnames.sort();
        for (s, ks) in surnames {
            let docs: u32 = ks.iter().map(|&k| self.n_key[k]).sum();
            let titled: u32 = ks
                .iter()
                .filter(|&&k| self.key_title[k] != 0)
                .map(|&k| self.n_key[k])
                .sum();
            if docs < SURNAME_MIN_DOCS
                || f64::from(titled) < SURNAME_TITLED * f64::from(docs)
                || case.lower_share(&s) >= 0.5
            {
                continue;
            }
            let mut by_title: Map<u32, u32> = Map::default();
            for &k in &ks {
                if self.key_title[k] != 0 {
                    *by_title.entry(self.key_title[k]).or_default() += self.n_key[k];
                }
            }
            let style = by_title
                .iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .map(|(t, _)| self.titles[*t as usize].as_str())
                .filter(|t| words::is_style_title(t));
            let spellings: Vec<(String, u64)> = ks
                .iter()
                .filter_map(|&k| {
                    let f = self.key_form[k] as usize;
                    parsed(f).map(|p| (p.display.clone(), u64::from(self.n_key[k])))
                })
                .collect();
            let with_particle = spellings
                .iter()
                .filter(|(d, _)| d.contains(' '))
                .map(|(d, n)| (d.as_str(), *n));
            let plain = name::display_of(spellings.iter().map(|(d, n)| (d.as_str(), *n)));
            let shown = match style {
                Some(t) => {
                    let base = name::display_of(with_particle);
                    let base = if base.is_empty() { plain } else { base };
                    format!("{} {}", capitalise(t), lower_particles(&base))
                }
                None => plain,
            };
            let id = extra.len() as u32;
            extra.push(Entity {
                name: shown,
                status: Status::TitledSurname,
                forms: Vec::new(),
            });
            titled_surname.insert(s, id);
        }

        // 5. The table: candidates that won at least one key become entities; unresolved
        // parts become hidden entities, one per spelling.
        let mut entities: Vec<Entity> = Vec::new();
        let mut cand_entity: Vec<Option<u32>> = vec![None; cands.len()];
        let mut hidden: Map<String, u32> = Map::default();
        let mut fates =
            vec![Fate::Dropped(Dropped::NotAName(NotAName::NoNameWord)); self.keys.len()];
        let extra_base = {
            let base = entities.len() as u32;
            entities.extend(extra);
            base
        };
        for k in 0..self.keys.len() {
            let f = self.key_form[k] as usize;
            let fate = match key_choice[k] {
                Choice::Cand(c) => {
                    let e = *cand_entity[c as usize].get_or_insert_with(|| {
                        entities.push(Entity {
                            name: cands[c as usize].display(&self.forms, &form_docs),
                            status: Status::Canonical,
                            forms: Vec::new(),
                        });
                        (entities.len() - 1) as u32
                    });
                    Fate::Entity(e)
                }
                Choice::Unresolved => {
                    let p = parsed(f);
                    let surname_entity = p
                        .filter(|p| p.given.is_empty())
                        .and_then(|p| p.surname.as_ref())
                        .and_then(|s| titled_surname.get(s));
                    match (surname_entity, p) {
                        (Some(&e), _) => Fate::Entity(extra_base + e),
                        (None, Some(p)) => {
                            let key = name::fold(&p.display);
                            let e = *hidden.entry(key).or_insert_with(|| {
                                entities.push(Entity {
                                    name: p.display.clone(),
                                    status: Status::Unresolved,
                                    forms: Vec::new(),
                                });
                                (entities.len() - 1) as u32
                            });
                            Fate::Entity(e)
                        }
                        (None, None) => Fate::Dropped(Dropped::NotAName(NotAName::NoNameWord)),
                    }
                }
                Choice::Drop => {
                    Fate::Dropped(form_fate[f].unwrap_or(Dropped::NotAName(NotAName::NoNameWord)))
                }
            };
            if let Fate::Entity(e) = fate {
                entities[e as usize].forms.push(k as u32);
            }
            fates[k] = fate;
        }
        let mut contextual: Vec<Option<Contextual>> = Vec::new();
        for (k, (found, unknown)) in ambiguous {
            let cands: Vec<(u32, f64)> = found
                .into_iter()
                .filter_map(|(c, w)| cand_entity[c as usize].map(|e| (e, w)))
                .collect();
            if !cands.is_empty() && matches!(fates[k], Fate::Entity(_)) {
                if contextual.is_empty() {
                    contextual.resize(self.keys.len(), None);
                }
                contextual[k] = Some(Contextual { cands, unknown });
            }
        }
        KindTable {
            entities,
            fates,
            values: self.keys.to_vec(),
            counts: self.n_key,
            contextual,
        }
    }
}
