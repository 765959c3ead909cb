//! Tests of extraction: the seed article, place resolution, robustness, training determinism
//! and the CoNLL quality floors.

use super::places::not_a_place;
use super::*;
use crate::article::Article;
use crate::testing::shared;

/// The text of `rel` under `shared/`: `None` (the test is skipped) only when the file is
/// missing outside CI; a file that exists but cannot be read fails the test.
fn read_shared(rel: &str) -> Option<String> {
    let p = shared(rel)?;
    match std::fs::read_to_string(&p) {
        Ok(s) => Some(s),
        Err(e) => panic!("reading {}: {e}", p.display()),
    }
}

#[test]
fn transcript_artifacts_are_not_places() {
    for junk in [
        "MRS. OBAMA",
        "Mr. Carney",
        "Laughter",
        "APPLAUSE",
        "P.M. EST",
        "EST",
        "12:35 P.M.",
    ] {
        assert!(not_a_place(junk), "{junk}");
    }
    for place in [
        "Missouri",
        "Prince Edward Island",
        "Estonia",
        "Drammen",
        "Mississippi",
        "West Bank",
    ] {
        assert!(!not_a_place(place), "{place}");
    }
}

fn ex() -> &'static Extractor {
    match Extractor::shared() {
        Ok(e) => e,
        Err(e) => panic!("shipped model must load: {e}"),
    }
}

/// Body text of the seed article as the pipeline would see it (credit lines dropped).
fn seed_text() -> Option<String> {
    let raw = read_shared("corpora/seed/blinken-riyadh-2024-02-05.txt")?;
    let mut lines: Vec<&str> = raw.trim_end().lines().collect();
    lines.truncate(lines.len().saturating_sub(2));
    let mut t = lines.join("\n");
    if let Some(r) = t.trim_start().strip_prefix("date 2024-02-05 ") {
        t = r.to_string();
    }
    Some(t)
}

#[test]
fn seed_article_people_and_places() {
    let Some(text) = seed_text() else { return };
    let e = ex().extract(&text);
    let people: Vec<&str> = e.people.iter().map(|p| p.name.as_str()).collect();
    let places: Vec<&str> = e.places.iter().map(|p| p.place.name.as_str()).collect();
    eprintln!(
        "people {people:?}\nplaces {:?}",
        e.places.iter().map(|p| &p.place.path).collect::<Vec<_>>()
    );
    for want in [
        "Antony Blinken",
        "Mohammed bin Salman",
        "Matthew Miller",
        "Yoav Gallant",
    ] {
        assert!(people.contains(&want), "missing {want} in {people:?}");
    }
    for p in &people {
        assert!(
            [
                "Antony Blinken",
                "Mohammed bin Salman",
                "Matthew Miller",
                "Yoav Gallant",
                "Biden",
                "Joe Biden"
            ]
            .contains(p),
            "unexpected person {p}"
        );
    }
    for want in [
        "Saudi Arabia",
        "Riyadh",
        "Gaza",
        "Israel",
        "Egypt",
        "Qatar",
        "West Bank",
        "Yemen",
        "Iraq",
        "Syria",
        "Jordan",
        "Rafah",
    ] {
        assert!(places.contains(&want), "missing {want} in {places:?}");
    }
    for bad in [
        "Israeli",
        "Syrian",
        "Saudi",
        "Palestinian",
        "Iranian",
        "American",
    ] {
        assert!(!places.contains(&bad), "demonym {bad} as place");
    }
    let riyadh = e
        .places
        .iter()
        .find(|p| p.place.name == "Riyadh")
        .map(|p| p.place.path.as_str());
    assert_eq!(riyadh, Some("/Asia/Saudi Arabia/Riyadh"));
    for p in &e.people {
        for &(s, t) in &p.mentions {
            assert!(text.get(s..t).is_some());
        }
    }
}

#[test]
fn enrich_merges() {
    let mut a = Article {
        lede: "Secretary of State Antony Blinken flew to Riyadh.".into(),
        body: "Mr. Blinken's visit to the U.S. ally ended in Cairo, Egypt.".into(),
        people: vec!["Jane Source".into()],
        ..Default::default()
    };
    ex().enrich(&mut a);
    assert!(a.people.contains(&"Jane Source".to_string()));
    assert!(
        a.people.contains(&"Antony Blinken".to_string()),
        "{:?}",
        a.people
    );
    assert!(!a.people.iter().any(|p| p == "Blinken"));
    let paths: Vec<&str> = a.places.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"/Asia/Saudi Arabia/Riyadh"), "{paths:?}");
}

#[test]
fn resolves_places() {
    let g = &ex().res.gaz;
    let names: Vec<String> = [
        "U.S.",
        "US",
        "United States",
        "America",
        "Riyadh",
        "Red Sea",
        "Britain",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = g.resolve(&names);
    for p in &r[..4] {
        assert_eq!(p.path, "/North America/United States");
    }
    assert_eq!(r[4].path, "/Asia/Saudi Arabia/Riyadh");
    assert_eq!(r[5].path, "/Red Sea");
    assert_eq!(r[6].path, "/Europe/United Kingdom");
    // context decides: Paris with France vs with Texas
    let r = g.resolve(&["Paris".to_string(), "Texas".to_string()]);
    assert!(r[0].path.contains("United States"), "{:?}", r[0]);
    let r = g.resolve(&["Paris".to_string()]);
    assert!(r[0].path.starts_with("/Europe/France"), "{:?}", r[0]);
}

#[test]
fn garbage_never_panics() {
    let long = "x".repeat(100_000);
    let caps = "Abc ".repeat(5000);
    for t in [
        "",
        " ",
        "\n",
        "'s",
        "’",
        ".",
        "U.S.",
        "مرحبا بكم في الرياض، المملكة العربية السعودية.",
        "Ünïcödé Ñame visited Zürich.",
        "\u{0}\u{1}\u{200f}",
        "A-",
        "--",
        &long,
        &caps,
        "Mr. Mr. Mr.",
        "'s 's 's Blinken's",
    ] {
        let e = ex().extract(t);
        let mut out = Vec::new();
        if write_tsv("d", &e, t, &mut out).is_err() {
            panic!("write to Vec failed");
        }
    }
}

#[test]
fn tsv_lines() {
    let text = "Antony Blinken met Mohammed bin Salman in Riyadh.";
    let e = ex().extract(text);
    let mut out = Vec::new();
    write_tsv("7", &e, text, &mut out).ok();
    let s = String::from_utf8_lossy(&out);
    assert!(s.contains("7\tPER\tAntony Blinken\t0\t14\n"), "{s}");
    assert!(s.contains("7\tLOC\tRiyadh\t42\t48\n"), "{s}");
}

#[test]
fn training_is_deterministic() {
    let Some(conll) = read_shared("ner/conll2003/eng.train") else {
        return;
    };
    let g = &ex().res;
    let a = train::train_on(&conll, g, 2, 7, 15, false);
    let b = train::train_on(&conll, g, 2, 7, 15, false);
    assert!(!a.is_empty());
    assert_eq!(a.to_zst().ok(), b.to_zst().ok());
    // the two-pass trainer (cross-validated pass-1 labels) is deterministic too
    let docs: Vec<_> = conll::training_docs(&conll).into_iter().take(10).collect();
    let (a1, a2) = perceptron::train_two_pass(&docs, g, 1, 7, 2, false);
    let (b1, b2) = perceptron::train_two_pass(&docs, g, 1, 7, 2, false);
    assert_eq!(a1.to_zst().ok(), b1.to_zst().ok());
    assert_eq!(a2.to_zst().ok(), b2.to_zst().ok());
}

/// Quality floor on eng.testa with the shipped model, scored like `eval_conll.py`.
#[test]
fn conll_testa_floors() {
    let Some(gold) = read_shared("ner/conll2003/eng.testa") else {
        return;
    };
    let docs = eval::gold_docs(&gold);
    let mut tsv = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        write_tsv(&i.to_string(), &ex().extract(&d.text), &d.text, &mut tsv).ok();
    }
    let s = eval::score(&docs, &String::from_utf8_lossy(&tsv));
    eprintln!("{}", s.report());
    assert!(s.doc_f1("PER") >= 92.8, "{}", s.report());
    assert!(s.doc_f1("LOC") >= 92.7, "{}", s.report());
}

/// People of a text with their titles.
fn people(text: &str) -> Vec<(String, Vec<String>)> {
    ex().extract(text)
        .people
        .into_iter()
        .map(|p| (p.name, p.titles))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    people(text).into_iter().map(|p| p.0).collect()
}

/// A name never runs on into the lower-case words after it (White House, 2014-07-21:
/// "Secretary Kerry has departed for the Middle East" was one person).
#[test]
fn names_stop_before_lower_case_words() {
    let got = people(
        "Before I do, though, I want to note that Secretary Kerry has departed for the \
         Middle East. Ukrainian President Poroshenko has declared a demilitarized zone.",
    );
    assert_eq!(
        got,
        [
            ("Kerry".to_string(), vec!["secretary".to_string()]),
            ("Poroshenko".to_string(), vec!["president".to_string()])
        ]
    );
    let got = names("Malia and Sasha went to school while Tony Blair and Mr Brown spoke.");
    assert_eq!(got, ["Malia", "Sasha", "Tony Blair", "Brown"]);
}

/// Titles and descriptors before a name are stripped and kept as evidence, whether the
/// tagger put them in the span or not.
#[test]
fn titles_are_stripped_and_kept() {
    let got = people(
        "Iran's Supreme Leader Ayatollah Ali Khamenei spoke on Monday. Sen. Ted Cruz and \
         Gen. Mark Milley listened, and Iranian Foreign Minister Abbas Araghchi said no.",
    );
    let find = |n: &str| got.iter().find(|p| p.0 == n).map(|p| p.1.clone());
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(
        find("Ali Khamenei").is_some_and(|t| t[0].contains("ayatollah")),
        "{got:?}"
    );
    assert_eq!(
        find("Ted Cruz"),
        Some(vec!["senator".to_string()]),
        "{got:?}"
    );
    assert_eq!(
        find("Mark Milley"),
        Some(vec!["general".to_string()]),
        "{got:?}"
    );
    assert!(
        find("Abbas Araghchi").is_some_and(|t| t[0].ends_with("minister")),
        "{got:?}"
    );
}

/// What an office is of ("of the Navy", "for Health", "of Texas") is no part of
/// the holder's name, whether the tagger put it in the span or not (chronam-1916: "Secretary
/// of the Navy Daniels" was the person "Navy Daniels" in 11 of the sample's pages).
#[test]
fn what_an_office_is_of_is_not_the_name() {
    let got = names(
        "The plan was laid before Secretary of the Navy Daniels on Monday. Minister for \
         Health Simon Harris and the Governor of Texas Greg Abbott agreed.",
    );
    assert_eq!(got, ["Daniels", "Simon Harris", "Greg Abbott"], "{got:?}");
    let got = people("He wrote to the Secretary of War Baker about it.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Baker", "{got:?}");
    // what an office is of may be a word that is also a given name
    assert_eq!(
        names("Secretary for India Chamberlain announced the relief of the garrison."),
        ["Chamberlain"]
    );
    // a name right after "of" with no office before it stays whole
    assert_eq!(
        names("The office of Janet Napolitano said so."),
        ["Janet Napolitano"]
    );
    // an office whose title OCR misread still ends in "of the" and what it is of
    let got = names("The charges were sent to Socretury of the Navy Daniels that day.");
    assert_eq!(got, ["Daniels"], "{got:?}");
    // after "of the", only a noun is what something is of; a given name stays
    assert_eq!(
        names("It was the view of the Janet Napolitano camp."),
        ["Janet Napolitano"]
    );
}

/// Possessives go, the name stays whole.
#[test]
fn possessives_keep_names_whole() {
    for text in [
        "WHO Director-General Tedros Adhanom Ghebreyesus's remarks were clear.",
        "WHO Director-General Tedros Adhanom Ghebreyesus' remarks were clear.",
        "WHO Director-General Tedros Adhanom Ghebreyesus’ remarks were clear.",
        "WHO Director-General Tedros Adhanom Ghebreyesus’s remarks were clear.",
    ] {
        assert_eq!(names(text), ["Tedros Adhanom Ghebreyesus"], "{text}");
    }
}

/// Offices alone, times and release lines are no people and no places (the tagger calls
/// "A.M. EST" and "Mayor." places here).
#[test]
fn titles_alone_and_furniture_are_not_people() {
    let text = "For Immediate Release\n10:02 A.M. EST\nMrs. said thanks to the Mayor. \
                The President spoke.";
    let e = ex().extract(text);
    assert!(e.people.is_empty(), "{:?}", e.people);
    assert!(e.places.is_empty(), "{:?}", e.places);
}

/// Real text: over the White House sample (1,000 transcripts and releases), no person name
/// holds a lower-case word that is no name particle, none is a title alone, an initial or a
/// month, and no place is an initial, a roman numeral or a month.
#[test]
fn whitehouse_names_are_names() {
    let Some(dir) = shared("open-samples/whitehouse-2009-2015/raw") else {
        return;
    };
    let mut people_n = 0;
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.unwrap_or_else(|err| panic!("walking {}: {err}", dir.display()));
        if !e.file_type().is_file() {
            continue;
        }
        let parsed = crate::ingest::read_articles(e.path(), &Default::default())
            .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
        for a in parsed.articles {
            let ents = ex().extract(&a.text());
            for p in &ents.people {
                people_n += 1;
                for w in p.name.split(' ') {
                    let lower_start = w.chars().next().is_some_and(char::is_lowercase);
                    assert!(
                        !lower_start || people::PARTICLES.contains(&w) || w.contains('-'),
                        "{}: {:?}",
                        e.path().display(),
                        p.name
                    );
                }
                let surname =
                    ex().res.gaz.token_flags(&features::lower(&p.name)) & gazetteer::LAST != 0;
                assert!(
                    !((people::is_title(&p.name) && !surname)
                        || people::is_initial(&p.name)
                        || people::is_calendar_word(&p.name)),
                    "{}: {:?}",
                    e.path().display(),
                    p.name
                );
            }
            for p in &ents.places {
                let n = &p.place.name;
                assert!(
                    !(people::is_initial(n)
                        || people::is_roman_numeral(n)
                        || people::is_calendar_word(n)),
                    "{}: {n:?}",
                    e.path().display()
                );
            }
        }
    }
    assert!(people_n > 5000, "{people_n}");
}

/// Period abbreviations of US states resolve to their state; regions take the English
/// spelling ("Tehran").
#[test]
fn state_abbreviations_and_english_names() {
    let g = &ex().res.gaz;
    let names: Vec<String> = [
        "Pa.", "Pa", "Tex", "Wash.", "Mo", "Va.", "N. Y.", "D.C.", "DC",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = g.resolve(&names);
    let paths: Vec<&str> = r.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/North America/United States/Pennsylvania",
            "/North America/United States/Pennsylvania",
            "/North America/United States/Texas",
            "/North America/United States/Washington",
            "/North America/United States/Missouri",
            "/North America/United States/Virginia",
            "/North America/United States/New York",
            "/North America/United States/Washington, D.C.",
            "/North America/United States/Washington, D.C.",
        ]
    );
    let r = g.resolve(&["Tehran".to_string()]);
    assert_eq!(r[0].path, "/Asia/Iran/Tehran");
}

/// Abbreviated given names of old print are spelt out, and alone they are no person.
#[test]
fn given_name_abbreviations_are_spelt_out() {
    let got = names("The bill was signed by Wm. J. Stone and Chas. Evans Hughes on Monday.");
    assert_eq!(got, ["William J. Stone", "Charles Evans Hughes"]);
}

/// In OCR text, the first part of a word broken at a line end is no person, even when it
/// is a name on its own ("Ha" + "waiian").
#[test]
fn parts_of_words_broken_at_line_ends_are_not_people() {
    let text = "Shares of the Olaa Sugar Company and the Ha\nwaiian Commercial company were \
                sold at noon, said Mr. Baker.";
    let got = names(text);
    assert!(!got.iter().any(|n| n == "Ha"), "{got:?}");
}

/// A place span led by a person's title is that person ("Colonel Roosevelt", "Lord
/// Kitchener", "Gov. Stanley": OCR headlines and text). Over one day of chronam-1916 front
/// pages (62 pages), places of the form "<title> <Name>" were 33 before this rule and are at
/// most one now; the titled person is read as a person instead.
#[test]
fn titled_places_are_people() {
    use std::io::Read;
    let Some(dir) = shared("corpora/chronam-1916/dates/19160208") else {
        return;
    };
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(d) => d.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => panic!("reading {}: {e}", dir.display()),
    };
    files.sort();
    assert_eq!(files.len(), 62);
    let titled = |p: &str| {
        let mut w = p.split(' ');
        let (Some(t), Some(n), None) = (w.next(), w.next(), w.next()) else {
            return false;
        };
        people::is_person_title(t)
            && n.chars().next().is_some_and(char::is_uppercase)
            && n.chars().skip(1).all(|c| c.is_ascii_lowercase())
    };
    let (mut bad, mut roosevelt) = (Vec::new(), false);
    for f in &files {
        let mut text = String::new();
        let read = std::fs::File::open(f)
            .and_then(|z| flate2::read::GzDecoder::new(z).read_to_string(&mut text));
        if let Err(e) = read {
            panic!("reading {}: {e}", f.display());
        }
        let e = ex().extract(&text);
        bad.extend(
            e.places
                .iter()
                .map(|p| p.place.name.clone())
                .filter(|p| titled(p)),
        );
        roosevelt |= e.people.iter().any(|p| p.name.ends_with("Roosevelt"));
    }
    assert!(bad.len() <= 1, "{bad:?}");
    assert!(roosevelt, "the colonel's letter names Roosevelt");
}
