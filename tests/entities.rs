//! Archive-level people end to end: partial names resolved across a built archive, the
//! override file, an incremental run changing a resolution, and `--person` with a part.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::{index, run, run_json, search, shared};
use serde_json::Value;

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The White House releases of the sample archive whose people name John Boehner: five
/// give his full name (one as "Speaker of the House John Boehner", across a line break),
/// three only "Speaker Boehner" (one of them also has a bare "John" elsewhere, a questioner).
const BOEHNER_FULL: [&str; 5] = [
    "whitehouse/2010/2010-02-25_president_a8bac52122.txt",
    "whitehouse/2010/2010-04-01_president_08507b5da8.txt",
    "whitehouse/2011/2011-01-19_president_5704b04788.txt",
    "whitehouse/2011/2011-06-29_other_21e0c172fd.txt",
    "whitehouse/2013/2013-09-20_president_6f2c004cf6.txt",
];
const BOEHNER_PART: [&str; 3] = [
    "whitehouse/2011/2011-02-18_other_5b99a4328b.txt",
    "whitehouse/2011/2011-07-06_president_d1628af37f.txt",
    "whitehouse/2014/2014-09-17_president_a38b2c1ecd.txt",
];

/// Articles that carry him: every full-name and every surname-only release.
const BOEHNER_ARTICLES: u64 = 8;

fn total(r: &Value) -> u64 {
    r["total"].as_u64().expect("total")
}

/// Hit path (file name) → people shown on it.
fn people_by_file(r: &Value) -> Vec<(String, Vec<String>)> {
    r["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            let path = h["path"].as_str().unwrap_or("");
            let file = path.rsplit('/').next().unwrap_or("").to_string();
            let people = h["people"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect();
            (file, people)
        })
        .collect()
}

fn facet(r: &Value, kind: &str, name: &str) -> Option<u64> {
    r["facets"][kind]
        .as_array()?
        .iter()
        .find(|f| f["value"] == name)
        .and_then(|f| f["count"].as_u64())
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

#[test]
fn surname_only_articles_carry_the_full_name() {
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&samples().join("whitehouse")], &[]);
    for filter in [
        vec!["--person", "John Boehner"],
        vec!["--person", "Boehner"],
        vec!["--person", "boehner"],
    ] {
        let mut flags = filter.clone();
        flags.extend(["--limit", "20"]);
        let r = search(&idx, "", &flags);
        assert_eq!(total(&r), BOEHNER_ARTICLES, "{filter:?}");
        let hits = people_by_file(&r);
        for rel in BOEHNER_FULL.iter().chain(&BOEHNER_PART) {
            let (_, people) = hits
                .iter()
                .find(|(f, _)| f == file_name(rel))
                .unwrap_or_else(|| panic!("{rel} missing for {filter:?}"));
            assert!(
                people.iter().any(|p| p == "John Boehner"),
                "{rel}: {people:?}"
            );
            assert!(!people.iter().any(|p| p == "Boehner"), "{rel}: {people:?}");
        }
    }
    // `person:` in a query, and the facet counts each article once.
    let r = search(&idx, "person:Boehner", &["--facets", "50"]);
    assert_eq!(total(&r), BOEHNER_ARTICLES);
    assert_eq!(facet(&r, "people", "John Boehner"), Some(BOEHNER_ARTICLES));
    let all = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    assert_eq!(
        facet(&all, "people", "John Boehner"),
        Some(BOEHNER_ARTICLES)
    );
    assert_eq!(facet(&all, "people", "Boehner"), None);
    // The listing explains it: the part "Boehner", with its title, counts as him.
    let idx_s = idx.display().to_string();
    let l = run_json(&["entities", "--index", &idx_s, "--json"]);
    let e = l["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "John Boehner")
        .expect("John Boehner listed");
    assert_eq!(e["articles"], BOEHNER_ARTICLES);
    let part = e["spellings"]
        .as_array()
        .expect("spellings")
        .iter()
        .find(|s| s["value"] == "Boehner")
        .expect("the part is a spelling of him");
    assert_eq!(part["articles"], 3);
    assert_eq!(part["titles"]["speaker"], 3);
}

#[test]
fn the_override_file_merges_splits_and_drops_at_the_next_search() {
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&samples().join("whitehouse")], &[]);
    // `index` resolved the commit's people and places into a table beside the index,
    // which searches read (the override file is applied as they read it).
    let table = idx.join("entity-table.bin");
    let inode = || {
        std::fs::metadata(&table)
            .map(|m| m.ino())
            .expect("entity table")
    };
    let written = inode();
    let before = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    let romney = facet(&before, "people", "Mitt Romney").expect("Mitt Romney");
    // The 14 releases that name him ("Governor Romney", "Mr. Romney", "Mitt Romney").
    assert_eq!(romney, 14);
    assert_eq!(
        facet(&before, "people", "John Boehner"),
        Some(BOEHNER_ARTICLES)
    );
    // Articles naming both men, counted before the merge.
    let both = total(&search(
        &idx,
        "",
        &[
            "--person",
            "Mitt Romney",
            "--person",
            "John Boehner",
            "--limit",
            "0",
        ],
    ));
    let file = idx.join("entities.txt");
    std::fs::write(
        &file,
        "# corrections\n\
         people merge Mitt Romney = John Boehner\n\
         people drop Abraham Lincoln\n\
         people merge Nobody = Somebody\n",
    )
    .expect("write overrides");
    let after = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    // The merged entity counts each article once.
    assert_eq!(
        facet(&after, "people", "Mitt Romney"),
        Some(romney + BOEHNER_ARTICLES - both)
    );
    assert_eq!(facet(&after, "people", "John Boehner"), None);
    assert_eq!(facet(&after, "people", "Abraham Lincoln"), None);
    assert_eq!(total(&search(&idx, "", &["--person", "Lincoln"])), 0);
    // The listing reports the rule it could not apply.
    let idx_s = idx.display().to_string();
    let out = run(&["entities", "--index", &idx_s]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("entities.txt line 4"), "{text}");
    // A split undoes the merge for the spellings named.
    std::fs::write(
        &file,
        "people merge Mitt Romney = John Boehner\npeople split Mitt Romney = John Boehner\n",
    )
    .expect("write overrides");
    let split = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    assert_eq!(
        facet(&split, "people", "John Boehner"),
        Some(BOEHNER_FULL.len() as u64)
    );
    // Without the file, the archive's own reading is back.
    std::fs::remove_file(&file).expect("remove overrides");
    let back = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    assert_eq!(
        facet(&back, "people", "John Boehner"),
        Some(BOEHNER_ARTICLES)
    );
    assert_eq!(
        facet(&back, "people", "Abraham Lincoln"),
        facet(&before, "people", "Abraham Lincoln")
    );
    assert_eq!(inode(), written, "no search rebuilt the table");
    // A damaged table (a kill mid-write of an older build, a bad disk) is not trusted: the
    // search resolves the archive again, gives the same answer and writes a sound table.
    let whole = std::fs::read(&table).expect("read table");
    std::fs::write(&table, &whole[..whole.len() / 2]).expect("cut table");
    let again = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    assert_eq!(again["facets"], back["facets"]);
    assert_eq!(std::fs::read(&table).expect("read table"), whole);
}

fn copy_into(dir: &Path, rels: &[&str]) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for rel in rels {
        std::fs::copy(samples().join(rel), dir.join(file_name(rel))).expect("copy sample");
    }
}

#[test]
fn adding_articles_changes_a_resolution_without_reextracting() {
    let dir = common::tempdir();
    let archive = dir.path().join("archive");
    let idx = dir.path().join("idx");
    copy_into(&archive, &BOEHNER_PART);
    let first = index(&idx, &[&archive], &[]);
    assert_eq!(first["written"], 3);
    // Alone, the archive never gives his first name: a titled surname.
    let r = search(&idx, "", &["--person", "Boehner", "--limit", "10"]);
    assert_eq!(total(&r), 3);
    for (_, people) in people_by_file(&r) {
        assert!(people.iter().any(|p| p == "Boehner"), "{people:?}");
    }
    copy_into(&archive, &BOEHNER_FULL);
    let second = index(&idx, &[&archive], &[]);
    assert_eq!(
        second["written"],
        BOEHNER_FULL.len(),
        "only the new files are read: {second}"
    );
    assert_eq!(second["unchanged_files"], 3, "{second}");
    let r = search(&idx, "", &["--person", "Boehner", "--limit", "10"]);
    assert_eq!(total(&r), BOEHNER_ARTICLES);
    for (file, people) in people_by_file(&r) {
        assert!(
            people.iter().any(|p| p == "John Boehner"),
            "{file}: {people:?}"
        );
    }
}

#[test]
fn a_partial_name_matches_the_full_names_whatever_bare_values_exist() {
    let Some(seed) = shared("corpora/seed") else {
        return;
    };
    let dir = common::tempdir();
    let extra = dir.path().join("extra");
    std::fs::create_dir_all(&extra).expect("mkdir");
    std::fs::write(
        extra.join("bare.json"),
        r#"{"id": "bare-blinken", "title": "A note", "body": "He spoke.", "people": ["Blinken"]}"#,
    )
    .expect("write");
    let idx = dir.path().join("idx");
    index(&idx, &[&seed, &extra], &[]);
    let r = search(&idx, "", &["--person", "Blinken", "--limit", "10"]);
    assert_eq!(total(&r), 2, "{r}");
    let ids: Vec<&str> = r["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert!(ids.contains(&"bare-blinken"), "{ids:?}");
    let full = search(&idx, "", &["--person", "Antony Blinken", "--limit", "10"]);
    assert_eq!(
        total(&full),
        2,
        "the bare value resolves to the full name: {full}"
    );
}

/// Three January 1916 days of the OCR archive (143 front pages), indexed with extraction:
/// the papers write "Secretary of the Navy Daniels" and "Secretary of War Garrison", with
/// "Navy" and "War" capitalised.
const CHRONAM_DAYS: [&str; 3] = ["19160116", "19160117", "19160119"];

#[test]
fn the_object_of_an_office_is_no_given_name() {
    let Some(corpus) = shared("corpora/chronam-1916") else {
        return;
    };
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    let days: Vec<PathBuf> = CHRONAM_DAYS
        .iter()
        .map(|d| corpus.join("dates").join(d))
        .collect();
    let paths: Vec<&Path> = days.iter().map(PathBuf::as_path).collect();
    index(&idx, &paths, &[]);
    let all = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    let people: Vec<&str> = all["facets"]["people"]
        .as_array()
        .expect("people facet")
        .iter()
        .filter_map(|f| f["value"].as_str())
        .collect();
    assert!(people.len() > 100, "{people:?}");
    for v in &people {
        let first = v.split_whitespace().next().unwrap_or("");
        assert!(!["Navy", "War"].contains(&first), "{v} in {people:?}");
    }
    // Their "Secretary Daniels" and "Navy Daniels" are the Secretary of the Navy, by name.
    let daniels = all["facets"]["people"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["value"] == "Josephus Daniels"))
        .and_then(|f| f["count"].as_u64())
        .unwrap_or(0);
    assert!(
        daniels >= 20,
        "Josephus Daniels in {daniels} pages: {people:?}"
    );
}

/// The sample archive's 1916 pages name Carranza, Bernstorff and Senator Gore mostly by
/// surname, and give a "full name" for each only once, as OCR misreads a word run on to the
/// surname ("Tliat Carranza" for "That Carranza", "Ani-basador Bernstorff"), or as a modern
/// release names another Gore ("Tipper Gore"). One such article is no evidence that the
/// surname's other mentions are that person: the surname stays a value of its own.
#[test]
fn a_full_name_read_once_takes_in_no_surname() {
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&samples()], &[]);
    let all = search(&idx, "", &["--facets", "1000", "--limit", "0"]);
    for (surname, misread) in [
        ("Carranza", "Tliat Carranza"),
        ("Bernstorff", "Ani-basador Bernstorff"),
        ("Gore", "Tipper Gore"),
    ] {
        let part = facet(&all, "people", surname).unwrap_or(0);
        let whole = facet(&all, "people", misread).unwrap_or(0);
        assert!(whole <= 1, "{misread} in {whole} articles");
        assert!(part >= 5, "{surname} in {part} articles");
    }
}
