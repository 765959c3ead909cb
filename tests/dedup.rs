//! Near-duplicate copies end to end: clusters assigned at index time (incrementally, kept when
//! the first copy goes), one hit per story with its copies, story counts, the credit facet,
//! `stats` and `export`; and on the development archive, no two copies of one story in the top
//! ten of the queries, checked against exact shingle containment.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use common::{index, join, run_json, search, shared, tempdir};
use serde_json::Value;

/// A text of `n` words from a vocabulary shifted by `seed` (no two seeds share a 5-word run).
fn words(seed: u64, n: usize) -> Vec<String> {
    (0..n as u64)
        .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003))
        .collect()
}

fn record(id: &str, title: &str, date: &str, body: &str) -> String {
    serde_json::json!({"id": id, "title": title, "date": date, "body": body, "source": id})
        .to_string()
        + "\n"
}

/// The story (16 hex digits) of every exported article, by id, and the ids marked original.
fn export_clusters(idx: &Path, out: &Path) -> (HashMap<String, String>, HashSet<String>) {
    let i = idx.display().to_string();
    let o = out.display().to_string();
    run_json(&[
        "export", "--format", "ndjson", "--index", &i, "--out", &o, "--json",
    ]);
    let mut clusters = HashMap::new();
    let mut originals = HashSet::new();
    for e in std::fs::read_dir(out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "ndjson") {
            for line in std::fs::read_to_string(&p).unwrap().lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                let id = v["id"].as_str().unwrap().to_string();
                if v["original"] == true {
                    originals.insert(id.clone());
                }
                clusters.insert(id, v["cluster"].as_str().unwrap().to_string());
            }
        }
    }
    (clusters, originals)
}

#[test]
fn copies_cluster_collapse_and_survive_their_first_copy() {
    let dir = tempdir();
    let arch = join(dir.path(), "archive");
    std::fs::create_dir_all(&arch).unwrap();
    let story = words(1, 400);
    let body = format!("WASHINGTON (AP) — artemis {}", story.join(" "));
    // A copy that ran a day earlier with a new headline and the last paragraph dropped.
    let cut = format!("WASHINGTON (AP) — artemis {}", story[..330].join(" "));
    let other = format!("artemis and more: {}", words(2, 400).join(" "));
    std::fs::write(
        join(&arch, "a.jsonl"),
        record("a1", "Rocket launch", "2024-02-05", &body)
            + &record("a2", "Other story", "2024-02-06", &other),
    )
    .unwrap();
    std::fs::write(
        join(&arch, "b.jsonl"),
        record("b1", "Moon rocket flies", "2024-02-04", &cut),
    )
    .unwrap();
    let idx = join(dir.path(), "idx");
    index(&idx, &[&arch], &["--no-extract"]);

    // One hit per story: the copy stands behind its story's best-ranked article.
    let r = search(&idx, "artemis", &[]);
    assert_eq!(
        (r["total"].as_u64(), r["stories"].as_u64()),
        (Some(3), Some(2)),
        "{r}"
    );
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{r}");
    let copied = hits
        .iter()
        .find(|h| h["copies"] == 1)
        .expect("a hit with a copy");
    let listed = copied["copy_list"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{r}");
    let pair: HashSet<&str> = [
        copied["id"].as_str().unwrap(),
        listed[0]["id"].as_str().unwrap(),
    ]
    .into_iter()
    .collect();
    assert_eq!(pair, HashSet::from(["a1", "b1"]));
    // The earlier copy is the original, wherever it ranks.
    let b1_original = if copied["id"] == "b1" {
        copied["original"].clone()
    } else {
        listed[0]["original"].clone()
    };
    assert_eq!(b1_original, true, "{r}");
    assert!(hits.iter().any(|h| h["id"] == "a2" && h["copies"] == 0));
    assert_eq!(
        copied["credit"],
        serde_json::json!(["Associated Press"]),
        "{r}"
    );
    let story_id = copied["story"].as_str().unwrap().to_string();
    assert_eq!(story_id.len(), 16);

    // Every copy when asked; facets count articles or stories.
    let all = search(&idx, "artemis", &["--copies"]);
    assert_eq!(all["hits"].as_array().unwrap().len(), 3, "{all}");
    let months = |v: &Value| v["facets"]["date"].clone();
    assert_eq!(
        months(&all),
        serde_json::json!([{"value": "2024-02", "count": 3}])
    );
    let by_story = search(&idx, "artemis", &["--count", "stories"]);
    assert_eq!(
        months(&by_story),
        serde_json::json!([{"value": "2024-02", "count": 2}])
    );
    assert_eq!(
        by_story["facets"]["credit"],
        serde_json::json!([{"value": "Associated Press", "count": 1}])
    );
    // The language facet counts as the others do.
    let langs = |v: &Value| v["facets"]["language"].clone();
    assert_eq!(
        langs(&all),
        serde_json::json!([{"value": "en", "count": 3}])
    );
    assert_eq!(
        langs(&by_story),
        serde_json::json!([{"value": "en", "count": 2}])
    );
    let credited = search(&idx, "", &["--credit", "Associated Press", "--copies"]);
    assert_eq!(credited["total"], 2, "{credited}");

    // Export keeps every article with its story; one original per story.
    let (clusters, originals) = export_clusters(&idx, &join(dir.path(), "x1"));
    assert_eq!(clusters.len(), 3);
    assert_eq!(clusters["a1"], story_id);
    assert_eq!(clusters["b1"], story_id);
    assert_ne!(clusters["a2"], story_id);
    assert_eq!(
        originals,
        HashSet::from(["b1".to_string(), "a2".to_string()])
    );

    // Incremental: a later copy joins the story; the first copy's file goes, the story stays,
    // and a copy indexed after that still finds it.
    std::fs::write(
        join(&arch, "c.jsonl"),
        record(
            "c1",
            "Rocket",
            "2024-02-07",
            &format!("{body} and a local line"),
        ),
    )
    .unwrap();
    index(&idx, &[&arch], &["--no-extract"]);
    let (clusters, _) = export_clusters(&idx, &join(dir.path(), "x2"));
    assert_eq!(clusters["c1"], story_id);
    std::fs::remove_file(join(&arch, "a.jsonl")).unwrap();
    std::fs::remove_file(join(&arch, "b.jsonl")).unwrap();
    index(&idx, &[&arch], &["--no-extract", "--prune"]);
    std::fs::write(
        join(&arch, "d.jsonl"),
        record("d1", "Rocket again", "2024-02-08", &cut),
    )
    .unwrap();
    index(&idx, &[&arch], &["--no-extract"]);
    let (clusters, originals) = export_clusters(&idx, &join(dir.path(), "x3"));
    assert_eq!(clusters.len(), 2, "{clusters:?}");
    assert_eq!(clusters["c1"], story_id);
    assert_eq!(clusters["d1"], story_id);
    assert_eq!(originals, HashSet::from(["c1".to_string()]));

    // Indexing again changes nothing.
    index(&idx, &[&arch], &["--no-extract"]);
    let (again, _) = export_clusters(&idx, &join(dir.path(), "x4"));
    assert_eq!(again, clusters);

    let i = idx.display().to_string();
    let stats = run_json(&["stats", "--json", "--index", &i]);
    assert_eq!(
        (stats["articles"].as_u64(), stats["stories"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(stats["largest_stories"][0]["copies"], 2, "{stats}");
    assert_eq!(stats["largest_stories"][0]["id"], "c1", "{stats}");
    assert_eq!(stats["credit"][0]["value"], "Associated Press", "{stats}");
}

#[test]
fn a_later_copy_merges_two_clusters_and_the_merge_outlives_it() {
    let dir = tempdir();
    let arch = join(dir.path(), "archive");
    std::fs::create_dir_all(&arch).unwrap();
    let p = words(30, 300).join(" ");
    let with = |seed: u64, n: usize| format!("moon {p} {}", words(seed, n).join(" "));
    // K1..K3 copy each other; B copies K1 and K3, not K2 (a long addition): it is refused
    // and starts its own cluster (see `Clusterer::assign`); K4 copies all five, but across
    // K and B three copies to one non-copy is not enough to merge them.
    std::fs::write(
        join(&arch, "a.jsonl"),
        record("k1", "K1", "2024-03-01", &format!("moon {p}"))
            + &record("k2", "K2", "2024-03-02", &with(31, 100))
            + &record("k3", "K3", "2024-03-03", &with(32, 10))
            + &record("b", "B", "2024-03-04", &with(33, 100))
            + &record("k4", "K4", "2024-03-04", &with(35, 10)),
    )
    .unwrap();
    let idx = join(dir.path(), "idx");
    index(&idx, &[&arch], &["--no-extract"]);
    let (clusters, _) = export_clusters(&idx, &join(dir.path(), "x1"));
    assert_ne!(clusters["b"], clusters["k1"], "{clusters:?}");
    // X copies all, and across the clusters are now four copies to one: they merge.
    std::fs::write(
        join(&arch, "x.jsonl"),
        record("x", "X", "2024-03-05", &with(34, 10)),
    )
    .unwrap();
    index(&idx, &[&arch], &["--no-extract"]);
    let (clusters, originals) = export_clusters(&idx, &join(dir.path(), "x2"));
    let story = clusters["k1"].clone();
    assert!(clusters.values().all(|c| *c == story), "{clusters:?}");
    assert_eq!(originals, HashSet::from(["k1".to_string()]));
    let r = search(&idx, "moon", &[]);
    assert_eq!(
        (r["total"].as_u64(), r["stories"].as_u64()),
        (Some(6), Some(1)),
        "{r}"
    );
    assert_eq!(r["hits"][0]["copies"], 5, "{r}");
    assert_eq!(r["hits"][0]["story"], story.as_str(), "{r}");
    // A copy of B indexed in a later run (the merge read back from the index) joins the
    // story; it is written with both ids, so the merge outlives X.
    std::fs::write(
        join(&arch, "y.jsonl"),
        record("y", "Y", "2024-03-06", &with(33, 100)),
    )
    .unwrap();
    index(&idx, &[&arch], &["--no-extract"]);
    std::fs::remove_file(join(&arch, "x.jsonl")).unwrap();
    index(&idx, &[&arch], &["--no-extract", "--prune"]);
    let (clusters, _) = export_clusters(&idx, &join(dir.path(), "x3"));
    assert_eq!(clusters.len(), 6, "{clusters:?}");
    assert!(clusters.values().all(|c| *c == story), "{clusters:?}");
}

#[test]
fn a_story_that_copies_a_hit_above_it_is_folded_into_it() {
    // A chain of versions: B copies A, C copies B but not A. B joins A's story; C, a copy of
    // one member out of two, starts its own. The query matches B and C only, so the page
    // would show B and C, two copies of each other, as two stories.
    let dir = tempdir();
    let arch = join(dir.path(), "archive");
    std::fs::create_dir_all(&arch).unwrap();
    let (p, q, r, t) = (words(11, 200), words(12, 200), words(13, 20), words(14, 30));
    let a = format!("{} {}", p.join(" "), q.join(" "));
    let b = format!("{} {} artemis launch", q.join(" "), r.join(" "));
    let c = format!(
        "{} {} artemis launch {}",
        q[50..].join(" "),
        r.join(" "),
        t.join(" ")
    );
    std::fs::write(
        join(&arch, "v.jsonl"),
        record("v1", "Version one", "2024-03-01", &a)
            + &record("v2", "Version two", "2024-03-02", &b)
            + &record("v3", "Version three", "2024-03-03", &c),
    )
    .unwrap();
    let idx = join(dir.path(), "idx");
    index(&idx, &[&arch], &["--no-extract"]);
    let all = search(&idx, "artemis", &["--copies"]);
    let story = |id: &str| {
        all["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .map(|h| h["story"].clone())
            .unwrap()
    };
    // Two stories in the index (the clusters keep every pair a copy)…
    assert_eq!(all["stories"], 2, "{all}");
    assert_ne!(story("v2"), story("v3"), "{all}");
    // …and one hit on the page, standing for the other copy.
    let r = search(&idx, "artemis", &[]);
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{r}");
    assert_eq!(hits[0]["copies"], 1, "{r}");
    let listed = &hits[0]["copy_list"].as_array().unwrap()[0]["id"];
    let pair: HashSet<&str> = [hits[0]["id"].as_str().unwrap(), listed.as_str().unwrap()]
        .into_iter()
        .collect();
    assert_eq!(pair, HashSet::from(["v2", "v3"]), "{r}");
}

/// Words as the reference of `benches/dedup_quality.rs` cuts them (maximal runs of letters
/// and digits, lower-cased), 5-word shingles as sorted hashes: independent of `src/dedup`.
fn reference_shingles(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let lower = text.to_lowercase();
    let w: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let n = w.len().min(5);
    let mut out: Vec<u64> = if n == 0 {
        Vec::new()
    } else {
        w.windows(n)
            .map(|win| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                win.hash(&mut h);
                h.finish()
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn containment(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let small = a.len().min(b.len());
    if small == 0 {
        0.0
    } else {
        shared as f64 / small as f64
    }
}

#[test]
fn no_two_copies_of_a_story_in_the_top_ten_on_the_development_archive() {
    let (Some(wh), Some(cnn), Some(queries)) = (
        shared("open-samples/whitehouse-2009-2015"),
        shared("corpora/cnn/articles"),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/queries.tsv")),
    ) else {
        return;
    };
    let dir = tempdir();
    let idx = join(dir.path(), "idx");
    index(&idx, &[&wh, &cnn], &["--no-extract"]);
    // Every article's text (lede and body), by path and id (versions of one web page share an
    // id, articles of one file a path).
    let out = join(dir.path(), "x");
    let i = idx.display().to_string();
    let o = out.display().to_string();
    run_json(&[
        "export", "--format", "ndjson", "--index", &i, "--out", &o, "--json",
    ]);
    let mut texts: HashMap<String, Vec<u64>> = HashMap::new();
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "ndjson") {
            for line in std::fs::read_to_string(&p).unwrap().lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                let text = format!(
                    "{}\n\n{}",
                    v["lede"].as_str().unwrap_or(""),
                    v["body"].as_str().unwrap_or("")
                );
                texts.insert(
                    format!(
                        "{}\t{}",
                        v["path"].as_str().unwrap(),
                        v["id"].as_str().unwrap()
                    ),
                    reference_shingles(&text),
                );
            }
        }
    }
    let mut list: Vec<String> = vec!["Artemis launch".into(), "Péter Magyar".into()];
    for line in std::fs::read_to_string(queries).unwrap().lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(q) = line.split('\t').nth(1) {
            list.push(q.to_string());
        }
    }
    assert!(list.len() > 40, "{}", list.len());
    let mut collapsed_somewhere = 0;
    for q in &list {
        let r = search(&idx, q, &["--facets", "0"]);
        let ids: Vec<String> = r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                format!(
                    "{}\t{}",
                    h["path"].as_str().unwrap(),
                    h["id"].as_str().unwrap()
                )
            })
            .collect();
        collapsed_somewhere += usize::from(r["total"] != r["stories"]);
        // Versions of one web page (same URL) are one story, whatever their text shares.
        let mut urls: Vec<&str> = r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["url"].as_str())
            .collect();
        let shown = urls.len();
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(
            urls.len(),
            shown,
            "{q:?}: two versions of one page: {ids:?}"
        );
        for (a, x) in ids.iter().enumerate() {
            for y in &ids[a + 1..] {
                let c = containment(&texts[x], &texts[y]);
                assert!(
                    c < 0.8,
                    "{q:?}: {x} and {y} are copies (containment {c:.2})"
                );
            }
        }
    }
    // The archive has copies: some of these queries must have met them.
    assert!(collapsed_somewhere > 0);
}
