//! One text's mentions → its people: partial names fold into the fullest name of the same
//! person, and names in capitals are shown as the text writes them or in title case.

use std::collections::HashMap;

use super::PersonMention;
use crate::extract::entity::Person;

/// True for a name written in capitals throughout ("OBAMA", a speaker label or headline).
pub(in crate::extract) fn is_all_caps(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).count() > 1 && !name.chars().any(char::is_lowercase)
}

/// A name in capitals as readers write it: each word capitalised, also after a hyphen or
/// apostrophe ("O'NEILL" → "O'Neill"); words with periods ("U.S.", "J.") stay as they are.
pub(in crate::extract) fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(' ')
        .map(|w| {
            if w.contains('.') {
                return w.to_string();
            }
            let mut out = String::with_capacity(w.len());
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start = matches!(c, '-' | '\'' | '’');
            }
            out
        })
        .collect();
    words.join(" ")
}

/// Folds partial mentions ("Blinken") into the fullest name of the same person in the text.
/// A name is shown as the text writes it in mixed case when it does ("Obama" for "OBAMA"),
/// else in title case.
pub(in crate::extract) fn fold_people(per: Vec<PersonMention>) -> Vec<Person> {
    let mut shown: HashMap<String, String> = HashMap::new();
    for m in &per {
        let k = m.name.to_lowercase();
        match shown.get(&k) {
            Some(s) if !is_all_caps(s) => {}
            _ => {
                shown.insert(k, m.name.clone());
            }
        }
    }
    let mut names: Vec<(String, Vec<String>)> = Vec::new();
    for m in &per {
        if !names.iter().any(|(n, _)| n.eq_ignore_ascii_case(&m.name)) {
            let toks = m.name.split(' ').map(|t| t.to_lowercase()).collect();
            names.push((m.name.clone(), toks));
        }
    }
    let mut canon: HashMap<String, String> = HashMap::new();
    for (n, t) in &names {
        let mut best: Option<&(String, Vec<String>)> = None;
        for m in &names {
            let u = &m.1;
            if u.len() > t.len()
                && u.windows(t.len()).any(|w| w == &t[..])
                && best.is_none_or(|b| u.len() > b.1.len())
            {
                best = Some(m);
            }
        }
        canon.insert(
            n.to_lowercase(),
            best.map(|b| b.0.clone()).unwrap_or(n.clone()),
        );
    }
    let mut out: Vec<Person> = Vec::new();
    for m in per {
        let c = canon.get(&m.name.to_lowercase()).cloned().unwrap_or(m.name);
        let c = match shown.get(&c.to_lowercase()) {
            Some(s) if !is_all_caps(s) => s.clone(),
            _ if is_all_caps(&c) => title_case(&c),
            _ => c,
        };
        match out.iter_mut().find(|p| p.name.eq_ignore_ascii_case(&c)) {
            Some(p) => {
                p.mentions.push((m.start, m.end));
                p.titles.push(m.title);
            }
            None => out.push(Person {
                name: c,
                mentions: vec![(m.start, m.end)],
                titles: vec![m.title],
            }),
        }
    }
    out
}
