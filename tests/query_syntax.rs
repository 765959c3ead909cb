//! The query syntax and word forms end to end: proximity and fuzzy words checked against a
//! plain scan of the articles, compounds and accents on the development archive, languages on
//! the fundus pages, and queries that must never mean "everything".

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::corpus::articles;
use common::http::Server;
use common::{index, run, search};
use newsdex::article::Article;
use newsdex::index::analyzer::{for_language, tag_of};
use serde_json::Value;

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The ids of every matching article (at most 1000; every copy of a story).
fn ids(idx: &Path, q: &str, flags: &[&str]) -> BTreeSet<String> {
    let mut f = vec!["--limit", "1000", "--facets", "0", "--copies"];
    f.extend_from_slice(flags);
    let r: Value = search(idx, q, &f);
    let hits = r["hits"].as_array().expect("hits");
    assert_eq!(
        r["total"].as_u64(),
        Some(hits.len() as u64),
        "{q}: over 1000 hits"
    );
    hits.iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

/// The analysed terms of one field of an article, with positions (compound markers left
/// out), as the index holds them.
fn field_terms(lang: Option<&str>, text: &str) -> Vec<(usize, String)> {
    let mut a = for_language(lang);
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while s.advance() {
        let t = s.token();
        if !t.text.contains('-') {
            out.push((t.position, t.text.clone()));
        }
    }
    out
}

fn one_term(lang: Option<&str>, word: &str) -> String {
    let t = field_terms(lang, word);
    assert_eq!(t.len(), 1, "{word}");
    t[0].1.clone()
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), in chars.
fn osa(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn fields(a: &Article) -> [&str; 3] {
    [&a.title, &a.lede, &a.body]
}

/// Does some field hold `x` and `y` within `slop` moves (Lucene's sloppy phrase for two
/// words: `|pos(y) - pos(x) - 1| <= slop`)?
fn near(a: &Article, x: &str, y: &str, slop: i64) -> bool {
    let lang = a.language.as_deref();
    let (qx, qy) = (one_term(lang, x), one_term(lang, y));
    fields(a).iter().any(|f| {
        let t = field_terms(lang, f);
        let px: Vec<i64> = t
            .iter()
            .filter(|(_, s)| *s == qx)
            .map(|(p, _)| *p as i64)
            .collect();
        let py: Vec<i64> = t
            .iter()
            .filter(|(_, s)| *s == qy)
            .map(|(p, _)| *p as i64)
            .collect();
        px.iter()
            .any(|a| py.iter().any(|b| a != b && (b - a - 1).abs() <= slop))
    })
}

/// Does some field hold a term within `edits` of `word` (as the index holds both)?
fn fuzzy(a: &Article, word: &str, edits: usize) -> bool {
    let lang = a.language.as_deref();
    let tagged = one_term(lang, word);
    let untagged = one_term(None, word);
    let split = |t: &str| -> (Option<String>, String) {
        match t.split_once(':') {
            Some((p, s)) if tag_of(p).is_some() => (Some(p.to_string()), s.to_string()),
            _ => (None, t.to_string()),
        }
    };
    let (qtag, qstem) = split(&tagged);
    fields(a).iter().any(|f| {
        field_terms(lang, f).iter().any(|(_, t)| {
            let (tag, stem) = split(t);
            match tag {
                Some(_) => tag == qtag && osa(&stem, &qstem) <= edits,
                None => osa(&stem, &untagged) <= edits,
            }
        })
    })
}

#[test]
fn proximity_and_fuzzy_agree_with_a_plain_scan() {
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&samples()], &["--no-extract"]);
    let all = articles(&samples());
    assert_eq!(all.len(), 352);
    for (x, y) in [
        ("health", "care"),
        ("economic", "growth"),
        ("war", "germany"),
    ] {
        let phrase = ids(&idx, &format!("\"{x} {y}\""), &[]);
        let mut last = phrase.clone();
        for slop in [0i64, 1, 2, 3, 10] {
            let got = ids(&idx, &format!("\"{x} {y}\"~{slop}"), &[]);
            let want: BTreeSet<String> = all
                .iter()
                .filter(|a| near(a, x, y, slop))
                .map(|a| a.id.clone())
                .collect();
            assert_eq!(got, want, "\"{x} {y}\"~{slop}");
            assert!(got.is_superset(&last), "more slop never finds less");
            last = got;
        }
        assert!(
            last.len() > phrase.len(),
            "{x} {y}: proximity finds more than the phrase"
        );
    }
    for (word, edits) in [
        ("obama", 1),
        ("presidnet", 2),
        ("helth", 1),
        ("germnay", 2),
        ("wilson", 2),
    ] {
        let got = ids(&idx, &format!("{word}~{edits}"), &[]);
        let want: BTreeSet<String> = all
            .iter()
            .filter(|a| fuzzy(a, word, edits))
            .map(|a| a.id.clone())
            .collect();
        assert_eq!(got, want, "{word}~{edits}");
        assert!(!got.is_empty(), "{word}~{edits} finds something");
    }
    // Boosts reorder, never refilter.
    assert_eq!(
        ids(&idx, "health^3 OR economy", &[]),
        ids(&idx, "health OR economy", &[])
    );
    // date: in the query equals the flags.
    assert_eq!(
        ids(&idx, "health date:[2010 TO 2011-06]", &[]),
        ids(&idx, "health", &["--from", "2010", "--to", "2011-06"])
    );
    assert_eq!(
        ids(&idx, "date:1916-02", &[]),
        ids(&idx, "", &["--from", "1916-02", "--to", "1916-02"])
    );
}

#[test]
fn operators_alone_are_refused_not_everything() {
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&samples()], &["--no-extract"]);
    let i = idx.display().to_string();
    for q in [
        "OR",
        "AND",
        "NOT",
        "-",
        "\"\"",
        "%",
        "=",
        "( )",
        "\"a b\"~x",
        "obama~3",
    ] {
        let out = run(&["search", q, "--index", &i]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{q:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.lines().count() == 1 && err.len() > 20, "{q:?}: {err}");
    }
    let s = Server::start(&idx, &[]);
    for q in [
        "OR",
        "AND",
        "NOT",
        "-",
        "%22%22",
        "%25",
        "%3D",
        "%00",
        "war%20OR",
        "lang%3Axx1",
    ] {
        let r = s.get(&format!("/api/search?q={q}"));
        assert_eq!(r.status, 400, "{q}: {}", String::from_utf8_lossy(&r.body));
        let e = r.json()["error"].as_str().unwrap_or("").to_string();
        assert!(!e.is_empty(), "{q}");
    }
    let r = s.get("/api/search?q=war&lang=english");
    assert_eq!(r.status, 400);
    let r = s.get("/api/search?q=war&lang=en&facets=5");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["facets"]["language"][0]["value"], "en", "{v}");
    s.stop();
}

#[test]
fn compounds_and_accents_on_the_development_archive() {
    let (Some(wh), Some(cnn), Some(bbc)) = (
        common::shared("open-samples/whitehouse-2009-2015"),
        common::shared("corpora/cnn/articles"),
        common::shared("corpora/bbc"),
    ) else {
        return;
    };
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    // The archive's files that hold any form of the words asked for, plus every 20th file
    // as others: the same answers as the whole archive at a seventh of the debug-build cost.
    let part = dir.path().join("part");
    let mut n = 0;
    for (name, root) in [("wh", &wh), ("cnn", &cnn), ("bbc", &bbc)] {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            let wanted = ["cease", "zurich", "zürich", "sao paulo", "são paulo"]
                .iter()
                .any(|w| text.contains(w))
                || (text.contains("health") && text.contains("reform"));
            n += 1;
            if wanted || n % 20 == 0 {
                let to = part.join(name).join(f.strip_prefix(root).unwrap());
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::write(&to, &bytes).unwrap();
            }
        }
    }
    index(&idx, &[&part], &["--no-extract"]);
    let cease = ids(&idx, "cease-fire", &[]);
    assert!(cease.len() > 100, "{}", cease.len());
    assert_eq!(ids(&idx, "ceasefire", &[]), cease);
    assert_eq!(ids(&idx, "\"cease fire\"", &[]), cease);
    let zurich = ids(&idx, "Zurich", &[]);
    assert!(zurich.len() >= 14);
    assert_eq!(ids(&idx, "Zürich", &[]), zurich);
    let sao = ids(&idx, "\"Sao Paulo\"", &[]);
    assert!(sao.len() >= 2);
    assert_eq!(ids(&idx, "\"São Paulo\"", &[]), sao);
    assert_eq!(ids(&idx, "Sao Paulo", &[]), ids(&idx, "São Paulo", &[]));
    // The exact phrase's hits are among the proximity's, which finds more.
    let phrase = ids(&idx, "\"health reform\"", &[]);
    let near = ids(&idx, "\"health reform\"~3", &[]);
    assert!(near.is_superset(&phrase) && near.len() > phrase.len());
    // Snippets keep the original spelling and mark what matched.
    let r = search(&idx, "Zurich", &["--limit", "20", "--facets", "0"]);
    let snippets: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["snippet"].as_str())
        .collect();
    assert!(snippets.iter().all(|s| s.contains("<b>")), "{snippets:#?}");
    assert!(
        snippets
            .iter()
            .any(|s| s.contains("<b>Zürich") || s.contains("<b>Zurich"))
    );
    // A compound's parts are not highlighted on their own: `cease-fire` marks `ceasefire` or
    // `cease-fire`, never the `fired` of "the troops fired warning shots" (an article that
    // says "ceasefire" further on), unless the text writes the compound spaced.
    for q in ["cease-fire gaza", "cease-fire", "ceasefire"] {
        let r = search(&idx, q, &["--limit", "50", "--facets", "0"]);
        let hits = r["hits"].as_array().unwrap();
        assert!(hits.len() >= 10, "{q}: {}", hits.len());
        let mut compounds = 0;
        for h in hits {
            let s = h["snippet"].as_str().unwrap_or("").to_lowercase();
            let marked: Vec<&str> = s
                .split("<b>")
                .skip(1)
                .filter_map(|p| p.split("</b>").next())
                .collect();
            let spaced = s.contains("cease</b> <b>fire") || s.contains("cease fire");
            for m in &marked {
                let part = m.starts_with("fire") || *m == "cease" || *m == "ceased";
                assert!(!part || spaced, "{q}: {m:?} highlighted in {s}");
            }
            compounds += usize::from(
                marked
                    .iter()
                    .any(|m| m.starts_with("ceasefire") || m.starts_with("cease-fire")),
            );
        }
        assert!(
            compounds * 2 >= hits.len(),
            "{q}: {compounds} of {}",
            hits.len()
        );
    }
}

#[test]
fn languages_on_the_fundus_pages() {
    let Some(pages) = common::shared("corpora/fundus/pages") else {
        return;
    };
    let dir = common::tempdir();
    let idx = dir.path().join("idx");
    index(&idx, &[&pages], &[]);
    // German stems: the plural finds the singular's pages, and only German pages match.
    let sing = ids(&idx, "Regierung", &[]);
    assert!(sing.len() >= 10, "{}", sing.len());
    assert_eq!(ids(&idx, "Regierungen", &[]), sing);
    assert_eq!(ids(&idx, "Regierung", &["--lang", "de"]), sing);
    assert_eq!(ids(&idx, "Regierung lang:de", &[]), sing);
    // Japanese text is searchable: 地震 (earthquake) finds the Japanese pages about one.
    let quake = search(&idx, "地震", &["--limit", "10", "--facets", "5"]);
    assert!(quake["total"].as_u64().unwrap_or(0) >= 1, "{quake}");
    assert!(
        quake["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["language"] == "ja"),
        "{quake}"
    );
    // The language facet over everything.
    let all = search(&idx, "", &["--limit", "0", "--facets", "50"]);
    let langs = all["facets"]["language"].as_array().unwrap();
    assert_eq!(langs[0]["value"], "de", "{all}");
    // 51 pages say they are German; one that does not state it reads German too.
    let german = langs[0]["count"].as_u64().unwrap_or(0);
    assert!((51..=52).contains(&german), "{all}");
    assert!(langs.iter().any(|l| l["value"] == "ja"));
    let de = search(
        &idx,
        "",
        &["--lang", "de", "--limit", "100", "--facets", "0"],
    );
    assert_eq!(de["total"].as_u64(), Some(german));
    // The English tagger does not read German: no German page has a person but from its
    // metadata, and its places come from the gazetteer (Berlin, not "Klimaschutz").
    let mut places = BTreeSet::new();
    for h in de["hits"].as_array().unwrap() {
        assert!(h["people"].as_array().unwrap().is_empty(), "{h}");
        for p in h["places"].as_array().unwrap() {
            places.insert(p.as_str().unwrap_or("").to_string());
        }
    }
    assert!(
        places.contains("Berlin") && places.contains("Germany"),
        "{places:?}"
    );
    for noun in ["Klimaschutz", "Kirchengemeinden", "Schulen", "Quito"] {
        assert!(!places.contains(noun), "{noun} in {places:?}");
    }
}
