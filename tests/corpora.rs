//! End-to-end tests of `newsdex index` and `newsdex search` over the real corpora in
//! `../shared/corpora` (skipped without them, mandatory under CI).

mod common;

use common::*;
use std::path::Path;

/// Indexes a corpus twice: the exact article count, then nothing new the second time.
fn counts_and_idempotence(rel: &str, expected: u64) -> Option<tempfile::TempDir> {
    let corpus = shared(rel)?;
    let dir = tempdir();
    let idx = dir.path().join("idx");
    let first = index(&idx, &[&corpus], &["--no-extract"]);
    assert_eq!(first["articles"], expected, "{rel}: {first}");
    assert_eq!(first["written"], expected, "{rel}: {first}");
    let second = index(&idx, &[&corpus], &["--no-extract"]);
    assert_eq!(second["articles"], expected, "{rel} again: {second}");
    assert_eq!(second["written"], 0, "{rel} again: {second}");
    assert_eq!(
        second["unchanged_files"], first["files"],
        "{rel} again: {second}"
    );
    let stats = run_json(&["stats", "--json", "--index", idx.to_str()?]);
    assert_eq!(stats["articles"], expected, "{rel} stats: {stats}");
    Some(dir)
}

#[test]
fn bbc_counts_sections_and_no_dates() {
    let Some(dir) = counts_and_idempotence("corpora/bbc", 2214) else {
        return;
    };
    let idx = dir.path().join("idx");
    let stats = run_json(&["stats", "--json", "--index", idx.to_str().unwrap()]);
    assert_eq!(stats["undated"], 2214, "BBC files carry no dates: {stats}");
    // sport/199.txt is Latin-1: it is read (as Windows-1252), not skipped.
    let r = search(&idx, "", &["--limit", "0"]);
    assert_eq!(r["total"], 2214);
}

#[test]
fn cnn_counts_and_url_dates() {
    let Some(dir) = counts_and_idempotence("corpora/cnn/articles", 2865) else {
        return;
    };
    let idx = dir.path().join("idx");
    let stats = run_json(&["stats", "--json", "--index", idx.to_str().unwrap()]);
    // Publication dates come from the URL: they start in 2021, long before the 2026 scrape.
    let first = stats["first_date"].as_str().unwrap_or("");
    assert!(first.starts_with("2021"), "{stats}");
}

#[test]
fn seed_article_is_found_with_its_credit_as_source() {
    let Some(seed) = shared("corpora/seed") else {
        return;
    };
    let dir = tempdir();
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&seed], &[]);
    assert_eq!(s["articles"], 1, "{s}");
    let r = search(&idx, "Blinken cease-fire", &[]);
    assert_eq!(r["total"], 1, "{r}");
    let hit = &r["hits"][0];
    assert_eq!(hit["date"], "2024-02-05");
    assert_eq!(hit["source"], "The New York Times");
    assert!(
        hit["snippet"].as_str().unwrap_or("").contains("<b>"),
        "{hit}"
    );
    let id = hit["id"].as_str().unwrap_or_default().to_string();
    assert!(!id.is_empty());

    // The credit lines are not body text.
    let file = seed.join("blinken-riyadh-2024-02-05.txt");
    let out = run(&["extract", "--json", "--no-extract", file.to_str().unwrap()]);
    assert!(out.status.success());
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = a["body"].as_str().unwrap_or_default();
    assert!(!body.contains("originally appeared"), "{body}");
    assert!(
        !body.contains("Material from the Associated Press"),
        "{body}"
    );
    assert!(body.contains("Yoav Gallant"));
    assert!(
        a["lede"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Blinken began his fifth trip")
    );
    assert_eq!(a["date"], "2024-02-05");
    assert!(!a["title"].as_str().unwrap_or_default().is_empty());

    // Words are ANDed: a word the article lacks finds nothing.
    let r = search(&idx, "Blinken zebra", &[]);
    assert_eq!(r["total"], 0);
    let r = search(&idx, "Blinken OR zebra", &[]);
    assert_eq!(r["total"], 1);
    let r = search(&idx, "Blinken -Gaza", &[]);
    assert_eq!(r["total"], 0);
    let r = search(&idx, "\"crown prince\"", &[]);
    assert_eq!(r["total"], 1);
    let r = search(&idx, "\"prince crown\"", &[]);
    assert_eq!(r["total"], 0);
    let r = search(&idx, "Blinken", &["--from", "2024-02", "--to", "2024-02"]);
    assert_eq!(r["total"], 1);
    let r = search(&idx, "Blinken", &["--from", "2024-03"]);
    assert_eq!(r["total"], 0);
    let r = search(&idx, "", &["--source", "the new york times"]);
    assert_eq!(r["total"], 1);

    // People and places found in the text, merged into the facets at index time.
    let r = search(&idx, "Blinken", &["--place", "Saudi Arabia"]);
    assert_eq!(r["total"], 1, "{r}");
    let r = search(&idx, "Blinken", &["--place", "Asia"]);
    assert_eq!(r["total"], 1, "{r}");
    let people: Vec<&str> = r["hits"][0]["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        people.contains(&"Antony Blinken") && !people.contains(&"Blinken"),
        "{people:?}"
    );
    let r = search(
        &idx,
        "",
        &["--person", "Antony Blinken", "--place", "Riyadh"],
    );
    assert_eq!(r["total"], 1, "{r}");
}

/// The number of `<REUTERS>` records whose PLACES hold `<D>brazil</D>`, counted from the SGML.
fn reuters_brazil_gold(dir: &Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "sgm") {
            let bytes = std::fs::read(&p).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for rec in text.split("<REUTERS").skip(1) {
                if let Some(start) = rec.find("<PLACES>")
                    && let Some(end) = rec[start..].find("</PLACES>")
                    && rec[start..start + end].contains("<D>brazil</D>")
                {
                    n += 1;
                }
            }
        }
    }
    n
}

#[test]
fn reuters_counts_and_place_filter() {
    let Some(dir) = counts_and_idempotence("corpora/reuters21578", 11_000) else {
        return;
    };
    let Some(corpus) = shared("corpora/reuters21578") else {
        return;
    };
    let idx = dir.path().join("idx");

    // Every copy: one hit per article. (By default a story is one hit: Reuters ran some
    // coffee stories twice.)
    let r = search(
        &idx,
        "coffee",
        &["--place", "Brazil", "--limit", "1000", "--copies"],
    );
    let total = r["total"].as_u64().unwrap_or(0);
    assert!(total > 10, "{r}");
    assert_eq!(r["hits"].as_array().map(Vec::len), Some(total as usize));
    let collapsed = search(&idx, "coffee", &["--place", "Brazil", "--limit", "1000"]);
    assert_eq!(collapsed["total"], total);
    let stories = collapsed["stories"].as_u64().unwrap_or(0);
    assert_eq!(
        collapsed["hits"].as_array().map(Vec::len),
        Some(stories as usize)
    );
    let copies: u64 = collapsed["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["copies"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(stories + copies, total, "{collapsed}");
    for h in r["hits"].as_array().unwrap() {
        let places: Vec<&str> = h["places"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(places.contains(&"Brazil"), "{h}");
    }

    let gold = reuters_brazil_gold(&corpus);
    let all_brazil = search(&idx, "", &["--place", "Brazil", "--limit", "0"]);
    assert_eq!(all_brazil["total"], gold);
    let facet = search(&idx, "", &["--limit", "0", "--facets", "500"]);
    let brazil = facet["facets"]["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == "Brazil")
        .cloned()
        .unwrap_or_default();
    assert_eq!(brazil["count"], gold, "{brazil}");
    // A continent finds its countries.
    let south_america = search(&idx, "", &["--place", "South America", "--limit", "0"]);
    assert!(south_america["total"].as_u64().unwrap_or(0) >= gold);
    // People codes become names.
    let r = search(&idx, "", &["--person", "James Baker", "--limit", "5"]);
    assert!(r["total"].as_u64().unwrap_or(0) > 5, "{r}");
    // Dates: February to October 1987, per month.
    let r = search(&idx, "", &["--limit", "0"]);
    let months: Vec<&str> = r["facets"]["date"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["value"].as_str())
        .collect();
    assert!(
        months.first().is_some_and(|m| m.starts_with("1987-0")),
        "{months:?}"
    );
}

#[test]
fn chronam_dates_come_from_folder_names() {
    let Some(dir) = counts_and_idempotence("corpora/chronam-1916", 6970) else {
        return;
    };
    let Some(corpus) = shared("corpora/chronam-1916") else {
        return;
    };
    let idx = dir.path().join("idx");
    let day = corpus.join("dates/19160105");
    let expected = std::fs::read_dir(&day).unwrap().count() as u64;
    let r = search(
        &idx,
        "",
        &["--from", "1916-01-05", "--to", "1916-01-05", "--limit", "3"],
    );
    assert_eq!(r["total"], expected, "{r}");
    for h in r["hits"].as_array().unwrap() {
        assert_eq!(h["date"], "1916-01-05");
    }
    let stats = run_json(&["stats", "--json", "--index", idx.to_str().unwrap()]);
    assert_eq!(stats["undated"], 0);
    assert!(
        stats["first_date"]
            .as_str()
            .unwrap_or("")
            .starts_with("1916-01")
    );
    assert!(
        stats["last_date"]
            .as_str()
            .unwrap_or("")
            .starts_with("1916-03")
    );
}
