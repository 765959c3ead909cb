//! The archive level on small archives built by hand.

use std::collections::HashMap;

use super::*;

/// Case statistics given as a table; unknown words are name-like.
struct Case(HashMap<&'static str, f64>);

impl WordCase for Case {
    fn lower_share(&self, w: &str) -> f64 {
        self.0.get(w).copied().unwrap_or(0.0)
    }
}

fn common(words: &[&'static str]) -> Case {
    Case(words.iter().map(|w| (*w, 0.95)).collect())
}

/// An archive: per article, its person keys and places.
struct Archive {
    keys: Vec<Box<str>>,
    places: Vec<Box<str>>,
    docs: Vec<(Vec<u32>, Vec<u32>)>,
}

fn archive(docs: &[(&[&str], &[&str])]) -> Archive {
    let mut keys: Vec<&str> = docs.iter().flat_map(|d| d.0.iter().copied()).collect();
    let mut places: Vec<&str> = docs.iter().flat_map(|d| d.1.iter().copied()).collect();
    keys.sort_unstable();
    keys.dedup();
    places.sort_unstable();
    places.dedup();
    let ord = |v: &[&str], x: &str| v.iter().position(|y| *y == x).unwrap_or(0) as u32;
    let d = docs
        .iter()
        .map(|(p, l)| {
            (
                p.iter().map(|x| ord(&keys, x)).collect(),
                l.iter().map(|x| ord(&places, x)).collect(),
            )
        })
        .collect();
    Archive {
        keys: keys.into_iter().map(Into::into).collect(),
        places: places.into_iter().map(Into::into).collect(),
        docs: d,
    }
}

fn resolve(a: &Archive, case: &Case, overrides: &str) -> Resolution {
    let mut b = Builder::new(&a.keys, &a.places, &[], case);
    for (p, l) in &a.docs {
        b.add_doc(p, l, &[]);
    }
    let mut r = b.finish(&Overrides::parse(overrides));
    for (p, _) in &a.docs {
        r.observe(p);
    }
    r.finish_context();
    r
}

/// Each article's shown people or places, by name.
fn shown(a: &Archive, r: &Resolution, kind: Kind) -> Vec<Vec<String>> {
    let t = r.table(kind);
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for (p, l) in &a.docs {
        match kind {
            Kind::People => r.people_of(p, &mut ids),
            Kind::Places => r.places_of(l, &mut ids),
        }
        let mut names: Vec<String> = ids
            .iter()
            .map(|&e| &t.entities[e as usize])
            .filter(|e| e.shown())
            .map(|e| e.name.clone())
            .collect();
        names.sort();
        out.push(names);
    }
    out
}

fn k(name: &str, title: &str) -> String {
    person_key(name, Some(title))
}

#[test]
fn surnames_resolve_to_the_one_full_name() {
    let sec = k("Geithner", "secretary");
    let docs: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["Tim Geithner"], vec![]),
        (vec!["Tim Geithner", "Barack Obama"], vec![]),
        (vec!["Tim Geithner"], vec![]),
        (vec![sec.as_str()], vec![]),
        (vec!["Geithner"], vec![]),
        (vec!["Barack Obama"], vec!["Obama"]),
        (vec!["Obama", "Barack Hussein Obama"], vec![]),
        (vec!["Obama"], vec![]),
    ];
    let d: Vec<(&[&str], &[&str])> = docs.iter().map(|(p, l)| (&p[..], &l[..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let s = shown(&a, &r, Kind::People);
    assert_eq!(s[3], ["Tim Geithner"]);
    assert_eq!(s[4], ["Tim Geithner"]);
    // "Barack Hussein Obama" is the same person and is named as the archive mostly does.
    assert_eq!(s[6], ["Barack Obama"]);
    assert_eq!(s[7], ["Barack Obama"]);
    // "Obama" is a person in the article that tags it a place.
    assert!(shown(&a, &r, Kind::Places)[5].is_empty());
}

/// A full name seen in one article takes in the surname of other articles only under a
/// title it has carried, when it carried one: "Mr. Percy Daniels" is not the "Secretary
/// Daniels" of a dozen other articles, while "General Frederick Funston" is "General
/// Funston" (written "Gen." or "General").
#[test]
fn a_name_seen_once_takes_in_only_its_own_titles() {
    let (mr, sec) = (k("Percy Daniels", "mr"), k("Daniels", "secretary"));
    let (full, part) = (k("Frederick Funston", "general"), k("Funston", "gen"));
    let mut docs: Vec<Vec<&str>> = vec![vec![mr.as_str()], vec![full.as_str()]];
    for _ in 0..12 {
        docs.push(vec![sec.as_str(), part.as_str()]);
    }
    let d: Vec<(&[&str], &[&str])> = docs.iter().map(|p| (&p[..], &[][..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let s = shown(&a, &r, Kind::People);
    assert_eq!(s[0], ["Percy Daniels"]);
    for got in &s[2..] {
        assert!(!got.iter().any(|n| n == "Percy Daniels"), "{got:?}");
        assert!(got.iter().any(|n| n == "Frederick Funston"), "{got:?}");
    }
}

#[test]
fn common_surnames_stay_unresolved_but_filters_find_them() {
    let docs: &[(&[&str], &[&str])] = &[
        (&["Mike Johnson"], &[]),
        (&["Mike Johnson"], &[]),
        (&["Lyndon Johnson"], &[]),
        (&["Jeh Johnson"], &[]),
        (&["Alan Johnson"], &[]),
        (&["Boris Johnson"], &[]),
        (&["Johnson"], &[]),
    ];
    let a = archive(docs);
    let r = resolve(&a, &common(&[]), "");
    assert!(shown(&a, &r, Kind::People)[6].is_empty());
    let t = &r.people;
    let sel = t.select("Johnson", Kind::People);
    let names: Vec<&str> = sel
        .iter()
        .map(|&e| t.entities[e as usize].name.as_str())
        .collect();
    assert!(
        names.contains(&"Johnson") && names.contains(&"Mike Johnson"),
        "{names:?}"
    );
    assert_eq!(names.len(), 6);
}

#[test]
fn titles_choose_between_people_with_one_surname() {
    let pres = k("Bill Clinton", "president");
    let sec = k("Hillary Clinton", "secretary");
    let mut docs: Vec<Vec<String>> = Vec::new();
    for _ in 0..6 {
        docs.push(vec![pres.clone()]);
    }
    for _ in 0..4 {
        docs.push(vec![sec.clone()]);
    }
    docs.push(vec![k("Clinton", "secretary")]);
    docs.push(vec![k("Clinton", "president")]);
    docs.push(vec!["Clinton".to_string()]);
    let refs: Vec<Vec<&str>> = docs
        .iter()
        .map(|d| d.iter().map(String::as_str).collect())
        .collect();
    let d: Vec<(&[&str], &[&str])> = refs.iter().map(|p| (&p[..], &[][..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let s = shown(&a, &r, Kind::People);
    assert_eq!(s[10], ["Hillary Clinton"]);
    assert_eq!(s[11], ["Bill Clinton"]);
    assert!(s[12].is_empty(), "{:?}", s[12]);
}

#[test]
fn values_that_are_no_people_or_places_are_dropped() {
    let docs: &[(&[&str], &[&str])] = &[
        (
            &["Good", "Mrs.", "J. M.", "Will Be"],
            &["Of", "W.", "North", "York"],
        ),
        (
            &["Associated Press", "Renee Good"],
            &["New York", "Columbus"],
        ),
        (
            &["Columbus", "Francisco"],
            &["New York", "Columbus", "San Francisco"],
        ),
        (&["Francisco Villa"], &["White House", "WHITE HOUSE"]),
        (&["Carranza"], &["Carranza", "White House"]),
        (&["Carranza"], &["Washington, D.C.", "DC"]),
    ];
    let a = archive(docs);
    let r = resolve(&a, &common(&["good", "of", "press"]), "");
    let p = shown(&a, &r, Kind::People);
    assert!(p[0].is_empty(), "{:?}", p[0]);
    assert_eq!(p[1], ["Renee Good"]);
    // "Columbus" is the place of the same article; "Francisco" is in "San Francisco".
    assert!(p[2].is_empty(), "{:?}", p[2]);
    let l = shown(&a, &r, Kind::Places);
    assert!(l[0].is_empty(), "{:?}", l[0]);
    assert_eq!(l[3], ["White House"]);
    assert_eq!(l[4], ["White House"]);
    assert_eq!(l[5], ["Washington, D.C."]);
}

#[test]
fn titled_surnames_without_a_full_name_are_shown_with_their_style() {
    let count = k("Bernstorff", "count");
    let von = k("Von Bernstorff", "count");
    let docs: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec![count.as_str()], vec![]),
        (vec![von.as_str()], vec![]),
        (vec!["Bernstorff"], vec![]),
        (vec!["Bernstorff"], vec![]),
    ];
    let d: Vec<(&[&str], &[&str])> = docs.iter().map(|(p, l)| (&p[..], &l[..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let s = shown(&a, &r, Kind::People);
    for row in &s {
        assert_eq!(row, &["Count von Bernstorff"]);
    }
}

#[test]
fn overrides_merge_split_and_drop() {
    let docs: &[(&[&str], &[&str])] = &[
        (&["Barack Obama"], &["Islamic Republic"]),
        (&["Barack Obama", "Michelle Obama"], &[]),
        (&["Michelle Obama"], &[]),
        (&["Michelle Obama"], &[]),
        (&["Michelle Obama"], &[]),
        (&["Michelle Obama"], &[]),
        (&["Michelle Obama"], &[]),
        (&["Michelle Obama"], &[]),
        (&["Michelle"], &[]),
        (&["President Obama"], &[]),
        (&["Bill Clinton"], &[]),
        (&["William J. Clinton"], &[]),
    ];
    let a = archive(docs);
    let plain = resolve(&a, &common(&[]), "");
    assert_eq!(shown(&a, &plain, Kind::People)[8], ["Michelle Obama"]);
    assert_eq!(shown(&a, &plain, Kind::People)[11], ["William J. Clinton"]);
    let r = resolve(
        &a,
        &common(&[]),
        "people merge Bill Clinton = William J. Clinton\n\
         people split Michelle Obama = Michelle\n\
         places drop Islamic Republic\npeople drop Nobody\n",
    );
    let s = shown(&a, &r, Kind::People);
    assert_eq!(s[11], ["Bill Clinton"]);
    assert_eq!(s[8], ["Michelle"]);
    assert_eq!(s[2], ["Michelle Obama"]);
    assert!(shown(&a, &r, Kind::Places)[0].is_empty());
    assert_eq!(r.override_problems.len(), 1, "{:?}", r.override_problems);
}

/// Sixty one-person articles, so that naming someone beside a name says something.
fn other_people() -> Vec<String> {
    (0..60).map(|i| format!("Other Person{i}")).collect()
}

/// Two Johnsons, equally named in full, each with their own company (five articles each),
/// the `others`, then "Johnson" once beside each company.
fn two_johnsons(others: &[String]) -> Vec<(Vec<&str>, Vec<&str>)> {
    let mut docs: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for _ in 0..5 {
        docs.push((vec!["Mike Johnson", "Hakeem Jeffries"], vec![]));
        docs.push((vec!["Martin Johnson", "Jonny Wilkinson"], vec![]));
    }
    for o in others {
        docs.push((vec![o.as_str()], vec![]));
    }
    docs.push((vec!["Johnson", "Hakeem Jeffries"], vec![]));
    docs.push((vec!["Johnson", "Jonny Wilkinson"], vec![]));
    docs
}

#[test]
fn the_other_people_of_an_article_resolve_an_ambiguous_part() {
    let others = other_people();
    let mut docs = two_johnsons(&others);
    docs.push((vec!["Johnson"], vec![]));
    let d: Vec<(&[&str], &[&str])> = docs.iter().map(|(p, l)| (&p[..], &l[..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let s = shown(&a, &r, Kind::People);
    let n = s.len();
    assert_eq!(s[n - 3], ["Hakeem Jeffries", "Mike Johnson"]);
    assert_eq!(s[n - 2], ["Jonny Wilkinson", "Martin Johnson"]);
    assert!(s[n - 1].is_empty(), "{:?}", s[n - 1]);
}

#[test]
fn misread_and_one_off_full_names_do_not_decide_a_much_used_part() {
    // OCR: "Secretary Lansing" in 60 articles, the full name in 4, and misreadings of the
    // title as a first name once each. The misreadings are no other Lansings.
    let sec = k("Lansing", "secretary");
    let mut docs: Vec<Vec<String>> = vec![vec![sec.clone()]; 60];
    docs.extend(vec![vec!["Robert Lansing".to_string()]; 4]);
    for junk in [
        "Becretary Lansing",
        "Becrctarj Lansing",
        "Stnto Lansing",
        "Secrelary Lansing",
    ] {
        docs.push(vec![junk.to_string()]);
    }
    // "Count Bernstorff" in 40 articles; the only full name, an OCR misreading of "Von",
    // once: too little to take in the part, which is shown with its style title.
    docs.extend(vec![vec![k("Bernstorff", "count")]; 40]);
    docs.push(vec!["Vern Bernstorff".to_string()]);
    let refs: Vec<Vec<&str>> = docs
        .iter()
        .map(|d| d.iter().map(String::as_str).collect())
        .collect();
    let d: Vec<(&[&str], &[&str])> = refs.iter().map(|p| (&p[..], &[][..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let s = shown(&a, &r, Kind::People);
    assert!(
        s[..60].iter().all(|row| row == &["Robert Lansing"]),
        "{:?}",
        &s[0]
    );
    assert!(
        s[68..108].iter().all(|row| row == &["Count Bernstorff"]),
        "{:?}",
        &s[68]
    );
}

#[test]
fn stored_choices_give_the_same_people_and_follow_the_override_file() {
    // The Johnsons of the test above: the context decides "Johnson" in two articles.
    let others = other_people();
    let docs = two_johnsons(&others);
    let d: Vec<(&[&str], &[&str])> = docs.iter().map(|(p, l)| (&p[..], &l[..])).collect();
    let a = archive(&d);
    let r = resolve(&a, &common(&[]), "");
    let names: Vec<String> = r.people.entities.iter().map(|e| e.name.clone()).collect();
    let (mut ids, mut again, mut choices) = (Vec::new(), Vec::new(), Vec::new());
    let mut stored = Vec::new();
    for (p, _) in &a.docs {
        r.people_choosing(p, &mut ids, &mut choices);
        // Without overrides, the stored choices give each article the same people.
        let same = r.renumbering(names.iter().map(String::as_str));
        r.people_from_choices(p, &choices, &same, &mut again);
        assert_eq!(ids, again);
        stored.push(choices.clone());
    }
    let n = a.docs.len();
    assert_eq!(stored[n - 2].len(), 1, "the context decided Johnson");
    // Dropping Mike Johnson after indexing: his article's "Johnson" is no longer him, and
    // counts as the bare part (not shown); Martin Johnson's stands.
    let o = r
        .clone()
        .with_overrides(&Overrides::parse("people drop Mike Johnson\n"));
    let renumber = o.renumbering(names.iter().map(String::as_str));
    let name_of = |ids: &[u32]| -> Vec<String> {
        ids.iter()
            .map(|&e| &o.people.entities[e as usize])
            .filter(|e| e.shown())
            .map(|e| e.name.clone())
            .collect()
    };
    o.people_from_choices(&a.docs[n - 2].0, &stored[n - 2], &renumber, &mut ids);
    assert_eq!(name_of(&ids), ["Hakeem Jeffries"]);
    o.people_from_choices(&a.docs[n - 1].0, &stored[n - 1], &renumber, &mut ids);
    assert_eq!(name_of(&ids), ["Jonny Wilkinson", "Martin Johnson"]);
}
