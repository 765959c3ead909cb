//! End-to-end tests of `newsdex export`: the structure of each format, file caps, document
//! counts, the ndjson round trip through `newsdex index`, and bounded memory on a large
//! generated archive.
//!
//! No Quickwit or OpenSearch binary can be installed from the package registries this project
//! uses, so the outputs are checked structurally against what those engines require (strict
//! mapping covers every document field, bulk pairs, sizes), not loaded into a live engine.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A small cap, so every format is split into several files on the sample archive.
const CAP: u64 = 400_000;

/// The sample archive indexed once (with extraction, so people and places are there) for all
/// tests of this file.
fn samples_index() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, idx) = DIR.get_or_init(|| {
        let dir = tempdir();
        let idx = dir.path().join("idx");
        let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
        let s = index(&idx, &[&samples], &[]);
        assert_eq!(s["articles"], 352, "{s}");
        (dir, idx)
    });
    idx
}

fn export(idx: &Path, format: &str, out: &Path, flags: &[&str]) -> Value {
    let idx = idx.display().to_string();
    let out = out.display().to_string();
    let cap = CAP.to_string();
    let mut args = vec![
        "export",
        "--json",
        "--format",
        format,
        "--index",
        &idx,
        "--out",
        &out,
        "--max-file-bytes",
        &cap,
    ];
    args.extend_from_slice(flags);
    run_json(&args)
}

fn articles(idx: &Path) -> u64 {
    run_json(&[
        "stats",
        "--json",
        "--index",
        idx.to_str().unwrap_or_default(),
    ])["articles"]
        .as_u64()
        .unwrap_or(0)
}

/// The data files of an export (config excluded), each checked against the cap.
fn data_files(summary: &Value, out: &Path, config: Option<&str>) -> Vec<PathBuf> {
    let names: Vec<&str> = summary["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if let Some(c) = config {
        assert_eq!(names.first(), Some(&c), "{summary}");
    }
    let mut total = 0;
    let mut data = Vec::new();
    for n in &names {
        let p = out.join(n);
        let len = std::fs::metadata(&p).expect("file").len();
        assert!(len <= CAP, "{n} is {len} bytes, over {CAP}");
        total += len;
        if Some(*n) != config {
            data.push(p);
        }
    }
    assert!(
        data.len() >= 3,
        "the cap should split the export: {names:?}"
    );
    assert_eq!(summary["bytes"], total, "{summary}");
    let on_disk = std::fs::read_dir(out).expect("out").count();
    assert_eq!(on_disk, names.len(), "files on disk and in the summary");
    data
}

fn lines(files: &[PathBuf]) -> Vec<Value> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).expect("utf-8 file");
        assert!(
            text.ends_with('\n'),
            "{} ends without a newline",
            f.display()
        );
        for l in text.lines() {
            out.push(serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")));
        }
    }
    out
}

const FIELDS: [&str; 17] = [
    "id",
    "path",
    "url",
    "source",
    "title",
    "lede",
    "body",
    "authors",
    "section",
    "language",
    "date",
    "people",
    "places",
    "place_paths",
    "credit",
    "cluster",
    "original",
];
const ARRAYS: [&str; 5] = ["authors", "people", "places", "place_paths", "credit"];

fn check_article(doc: &Value, extra: &[&str]) {
    let obj = doc.as_object().expect("object");
    for f in FIELDS {
        assert!(obj.contains_key(f), "{f} missing in {doc}");
    }
    for k in obj.keys() {
        assert!(
            FIELDS.contains(&k.as_str()) || extra.contains(&k.as_str()),
            "unexpected field {k}"
        );
    }
    for f in ARRAYS {
        assert!(doc[f].is_array(), "{f} is not an array in {doc}");
    }
    if let Some(d) = doc["date"].as_str() {
        assert!(
            d.len() == 20 && d.ends_with("T00:00:00Z") && d.as_bytes()[4] == b'-',
            "date {d} is not RFC 3339"
        );
    }
    assert_eq!(
        doc["places"].as_array().map(Vec::len),
        doc["place_paths"].as_array().map(Vec::len),
        "one name per place path: {doc}"
    );
}

#[test]
fn ndjson_carries_every_field_and_reindexes_to_the_same_results() {
    let idx = samples_index();
    let dir = tempdir();
    let out = dir.path().join("ndjson");
    let s = export(idx, "ndjson", &out, &[]);
    assert_eq!(s["docs"], articles(idx), "{s}");
    let docs = lines(&data_files(&s, &out, None));
    assert_eq!(docs.len() as u64, articles(idx));
    for d in &docs {
        check_article(d, &[]);
    }
    assert!(
        docs.iter()
            .any(|d| d["people"].as_array().is_some_and(|p| !p.is_empty())),
        "extracted people are exported"
    );
    assert!(
        docs.iter()
            .any(|d| d["place_paths"].as_array().is_some_and(|p| p
                .iter()
                .any(|x| x.as_str().is_some_and(|x| x.matches('/').count() >= 3))))
    );

    // Round trip: index the export (extraction on, as a user would) and ask the same questions.
    let idx2 = dir.path().join("idx2");
    let r = index(&idx2, &[&out], &[]);
    assert_eq!(r["articles"], s["docs"], "{r}");
    assert_eq!(r["skipped"], 0, "{r}");
    let queries: &[(&str, &[&str])] = &[
        ("health care", &[]),
        ("war", &[]),
        ("\"White House\"", &[]),
        ("president obama", &["--from", "2010", "--to", "2012"]),
        ("germany OR france", &[]),
        ("tax*", &[]),
        ("", &["--place", "United States"]),
        ("", &["--place", "Europe"]),
        ("", &["--person", "Wilson"]),
        ("economy", &["--place", "Washington"]),
    ];
    for (q, flags) in queries {
        let mut f: Vec<&str> = vec!["--limit", "10", "--facets", "10"];
        f.extend_from_slice(flags);
        let a = search(idx, q, &f);
        let b = search(&idx2, q, &f);
        assert_eq!(a["total"], b["total"], "{q} {flags:?}");
        assert_eq!(a["facets"], b["facets"], "{q} {flags:?}");
        assert_eq!(ranked(&a), ranked(&b), "{q} {flags:?}");
        // Prefix and filter-only queries score every hit alike.
        if !q.is_empty() && !q.ends_with('*') {
            assert!(
                ranked(&a).iter().any(|(_, ids)| !ids.is_empty()),
                "{q}: no distinct scores to compare"
            );
        }
    }
    // Entities came back as exported, not re-extracted or lost.
    let all = |i: &Path| {
        let v = search(i, "", &["--limit", "1000", "--facets", "0"]);
        let mut m = BTreeMap::new();
        for h in v["hits"].as_array().into_iter().flatten() {
            m.insert(
                h["id"].as_str().unwrap_or_default().to_string(),
                (h["people"].clone(), h["places"].clone(), h["date"].clone()),
            );
        }
        m
    };
    assert_eq!(all(idx), all(&idx2));
}

#[test]
fn cnn_round_trip_keeps_url_dates_titles_and_sections() {
    // CNN's JSON is where the reader cleans up most (URL dates over scrape times, " | CNN"
    // title suffixes, "Source:" paragraphs): none of it may run twice on the export.
    let Some(cnn) = shared("corpora/cnn/articles") else {
        return;
    };
    let dir = tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&cnn], &["--no-extract"]);
    let out = dir.path().join("nd");
    let s = export(&idx, "ndjson", &out, &[]);
    assert_eq!(s["docs"], 2865, "{s}");
    let idx2 = dir.path().join("idx2");
    let r = index(&idx2, &[&out], &["--no-extract"]);
    assert_eq!(r["articles"], 2865, "{r}");
    for q in ["trump", "supreme court", "iran nuclear", "section:politics"] {
        let f = ["--limit", "10", "--facets", "10"];
        let (a, b) = (search(&idx, q, &f), search(&idx2, q, &f));
        assert_eq!(a["total"], b["total"], "{q}");
        assert_eq!(a["facets"], b["facets"], "{q}");
        assert_eq!(ranked(&a), ranked(&b), "{q}");
    }
    let stats = |i: &Path| {
        let v = run_json(&["stats", "--json", "--index", i.to_str().unwrap_or_default()]);
        (
            v["first_date"].clone(),
            v["last_date"].clone(),
            v["years"].clone(),
        )
    };
    assert_eq!(stats(&idx), stats(&idx2));
}

/// Hits as (score, ids with that score): the order of equal scores is the index's order,
/// which a rebuilt index need not share. The last group may be cut by the limit, so its
/// ids are left out.
fn ranked(r: &Value) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for h in r["hits"].as_array().into_iter().flatten() {
        let score = format!("{:.4}", h["score"].as_f64().unwrap_or(0.0));
        let id = format!(
            "{} | {}",
            h["id"].as_str().unwrap_or_default(),
            h["title"].as_str().unwrap_or_default()
        );
        match groups.last_mut() {
            Some((s, ids)) if *s == score => ids.push(id),
            _ => groups.push((score, vec![id])),
        }
    }
    for (_, ids) in groups.iter_mut() {
        ids.sort();
    }
    if let Some(last) = groups.last_mut() {
        last.1.clear();
    }
    groups
}

/// The `- name:` entries of the index config and their keys, read line by line (the file is
/// written in a fixed block style).
fn quickwit_fields(yaml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut fields = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in yaml.lines() {
        if let Some(name) = line.strip_prefix("    - name: ") {
            current = Some(name.trim().to_string());
            fields.insert(name.trim().to_string(), BTreeMap::new());
        } else if let Some(kv) = line.strip_prefix("      ") {
            let (k, v) = kv.split_once(": ").expect("key: value");
            if let Some(c) = &current
                && let Some(m) = fields.get_mut(c)
            {
                m.insert(k.to_string(), v.to_string());
            }
        } else {
            current = None;
        }
    }
    fields
}

#[test]
fn quickwit_config_maps_every_document_field() {
    let idx = samples_index();
    let dir = tempdir();
    let out = dir.path().join("qw");
    let s = export(idx, "quickwit", &out, &["--name", "news-archive"]);
    assert_eq!(s["docs"], articles(idx), "{s}");
    assert_eq!(s["duplicates"], 0);
    let yaml = std::fs::read_to_string(out.join("index-config.yaml")).expect("config");
    for key in [
        "version: 0.8\n",
        "index_id: news-archive\n",
        "doc_mapping:\n  mode: strict\n  field_mappings:\n",
        "  timestamp_field: date\n",
        "search_settings:\n  default_search_fields: [title, lede, body]\n",
    ] {
        assert!(yaml.contains(key), "{key:?} missing:\n{yaml}");
    }
    for line in yaml.lines() {
        assert!(!line.contains('\t'), "tabs are not YAML indentation");
    }
    // A real YAML parser too, when the machine has one (PyYAML); the checks below do not
    // depend on it.
    let parsed = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, json, yaml; c = yaml.safe_load(open(sys.argv[1])); \
             print(json.dumps([f['name'] for f in c['doc_mapping']['field_mappings']]))",
        ])
        .arg(out.join("index-config.yaml"))
        .output();
    match parsed {
        Ok(o) if o.status.success() => {
            let names: Vec<String> = serde_json::from_slice(&o.stdout).expect("names");
            assert_eq!(names.len(), FIELDS.len() + 1, "{names:?}");
        }
        _ => eprintln!("PyYAML not available: the config is checked line by line only"),
    }
    let fields = quickwit_fields(&yaml);
    for f in FIELDS.iter().chain(["place_tree"].iter()) {
        assert!(fields.contains_key(*f), "{f} not mapped");
    }
    for f in ["title", "lede", "body"] {
        assert_eq!(fields[f]["tokenizer"], "en_stem");
        assert_eq!(fields[f]["record"], "position");
    }
    for f in ["people", "places"] {
        assert_eq!(fields[f]["type"], "array<text>");
        assert_eq!(fields[f]["tokenizer"], "raw");
        assert_eq!(fields[f]["fast"], "true");
    }
    assert_eq!(fields["source"]["tokenizer"], "raw");
    assert_eq!(fields["source"]["fast"], "true");
    assert_eq!(fields["date"]["type"], "datetime");
    assert_eq!(fields["date"]["fast"], "true");

    let docs = lines(&data_files(&s, &out, Some("index-config.yaml")));
    assert_eq!(docs.len() as u64, articles(idx));
    let mut ids = HashSet::new();
    for d in &docs {
        // Strict mode rejects a document with an unmapped field.
        for k in d.as_object().expect("object").keys() {
            assert!(fields.contains_key(k), "{k} is not in the config");
        }
        check_article(d, &["place_tree"]);
        assert!(ids.insert(d["id"].as_str().unwrap_or_default().to_string()));
        for p in d["place_paths"].as_array().into_iter().flatten() {
            let tree = d["place_tree"].as_array().expect("place_tree");
            assert!(tree.contains(p));
        }
    }
}

#[test]
fn opensearch_mapping_and_bulk_pairs() {
    let idx = samples_index();
    let dir = tempdir();
    let out = dir.path().join("os");
    let s = export(idx, "opensearch", &out, &[]);
    assert_eq!(s["docs"], articles(idx), "{s}");
    let mapping: Value =
        serde_json::from_slice(&std::fs::read(out.join("mapping.json")).expect("mapping"))
            .expect("mapping is JSON");
    assert_eq!(mapping["mappings"]["dynamic"], "strict");
    let props = mapping["mappings"]["properties"]
        .as_object()
        .expect("properties");
    for f in FIELDS {
        assert!(props.contains_key(f), "{f} not mapped");
    }
    for f in ["title", "lede", "body"] {
        assert_eq!(props[f]["type"], "text");
        assert_eq!(props[f]["analyzer"], "english");
    }
    for f in ["people", "places", "source", "place_paths"] {
        assert_eq!(props[f]["type"], "keyword", "{f}");
    }
    assert_eq!(props["date"]["type"], "date");

    let files = data_files(&s, &out, Some("mapping.json"));
    let mut docs = 0u64;
    let mut ids = HashSet::new();
    for f in &files {
        let ls = lines(std::slice::from_ref(f));
        assert_eq!(ls.len() % 2, 0, "{}: a pair was split", f.display());
        for pair in ls.chunks(2) {
            let (action, doc) = (&pair[0], &pair[1]);
            assert_eq!(action["index"]["_index"], "newsdex");
            assert_eq!(action["index"]["_id"], doc["id"]);
            check_article(doc, &[]);
            for k in doc.as_object().expect("object").keys() {
                assert!(props.contains_key(k), "{k} is not mapped");
            }
            assert!(ids.insert(doc["id"].as_str().unwrap_or_default().to_string()));
            docs += 1;
        }
    }
    assert_eq!(docs, articles(idx));
}

#[test]
fn query_and_filters_select_what_search_finds() {
    let idx = samples_index();
    let dir = tempdir();
    for (i, (q, flags)) in [
        ("health care", vec!["--from", "2010", "--to", "2013-06"]),
        ("", vec!["--place", "Europe"]),
        ("war", vec!["--person", "Wilson"]),
    ]
    .into_iter()
    .enumerate()
    {
        let out = dir.path().join(format!("q{i}"));
        let mut f = vec!["--query", q];
        f.extend_from_slice(&flags);
        let s = export(idx, "ndjson", &out, &f);
        let r = search(idx, q, &[flags.as_slice(), &["--limit", "0"]].concat());
        assert_eq!(s["docs"], r["total"], "{q} {flags:?}");
        assert!(s["docs"].as_u64().unwrap_or(0) > 0, "{q} {flags:?}");
    }
}

#[test]
fn duplicate_ids_are_exported_once_to_engines() {
    let dir = tempdir();
    let src = dir.path().join("feed.jsonl");
    std::fs::write(
        &src,
        "{\"id\": \"a\", \"title\": \"First\", \"date\": \"2024-02-05\"}\n\
         {\"id\": \"a\", \"title\": \"Again\", \"date\": \"2024-02-06\"}\n\
         {\"id\": \"b\", \"title\": \"Other\"}\n",
    )
    .expect("write");
    let idx = dir.path().join("idx");
    index(&idx, &[&src], &["--no-extract"]);
    let nd = export(&idx, "ndjson", &dir.path().join("nd"), &[]);
    assert_eq!(nd["docs"], 3, "{nd}");
    for fmt in ["quickwit", "opensearch"] {
        let s = export(&idx, fmt, &dir.path().join(fmt), &[]);
        assert_eq!(s["docs"], 2, "{s}");
        assert_eq!(s["duplicates"], 1, "{s}");
    }
}

#[test]
fn bad_requests_are_refused() {
    let idx = samples_index();
    let dir = tempdir();
    let out = dir.path().join("x");
    let i = idx.to_str().unwrap_or_default();
    let o = out.to_str().unwrap_or_default();
    let bad_date = run(&[
        "export", "--format", "ndjson", "--index", i, "--out", o, "--from", "2024-13",
    ]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(!out.exists(), "nothing is created for a bad request");
    let bad_name = run(&[
        "export", "--format", "quickwit", "--index", i, "--out", o, "--name", "Bad Name",
    ]);
    assert_eq!(bad_name.status.code(), Some(2));
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("keep.txt"), "x").expect("write");
    let not_empty = run(&["export", "--format", "ndjson", "--index", i, "--out", o]);
    assert_eq!(not_empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not_empty.stderr).contains("not empty"));
    let text = run(&[
        "export",
        "--format",
        "ndjson",
        "--index",
        i,
        "--out",
        dir.path().join("y").to_str().unwrap_or_default(),
    ]);
    assert!(text.status.success());
    let line = String::from_utf8_lossy(&text.stdout);
    assert!(
        line.starts_with("352 articles exported to 1 files"),
        "{line}"
    );
}

/// Peak anonymous memory (heap, not the index files mapped in) of a running process, sampled
/// until it exits.
fn peak_anon_kb(child: &mut std::process::Child) -> u64 {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status) {
            for l in s.lines() {
                if let Some(v) = l.strip_prefix("RssAnon:") {
                    let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak = peak.max(kb);
                }
            }
        }
        if child.try_wait().ok().flatten().is_some() {
            return peak;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn export_memory_stays_flat_on_a_large_archive() {
    let Some(tool) = shared("tools/make-archive.py") else {
        return;
    };
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read memory from");
        return;
    }
    let dir = tempdir();
    let arch = dir.path().join("arch");
    let made = std::process::Command::new("python3")
        .arg(&tool)
        .args(["--out", arch.to_str().unwrap_or_default()])
        .args(["--articles", "5000", "--jsonl-every", "10"])
        .output()
        .expect("python3");
    assert!(made.status.success(), "{made:?}");
    let idx = dir.path().join("idx");
    let s = index(&idx, &[&arch], &["--no-extract"]);
    assert_eq!(s["articles"], 5000, "{s}");
    let out = dir.path().join("out");
    let mut child = bin()
        .args(["export", "--json", "--format", "ndjson", "--index"])
        .arg(&idx)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let peak = peak_anon_kb(&mut child);
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    let summary: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(summary["docs"], 5000, "{summary}");
    let bytes = summary["bytes"].as_u64().unwrap_or(0);
    assert!(bytes > 18_000_000, "{summary}");
    // Holding the documents would take at least their size; the export holds one at a time.
    assert!(
        peak < 12 * 1024,
        "peak anonymous memory {peak} kB exporting {bytes} bytes"
    );
    eprintln!("export of {bytes} bytes: peak anonymous memory {peak} kB");
}
