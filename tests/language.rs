//! Language detection on the shared corpora, with the sources' own language statements hidden.

mod common;

use common::corpus::blind;

#[test]
fn fundus_pages_detected_as_declared() {
    let Some(dir) = common::shared("corpora/fundus/pages") else {
        return;
    };
    let got = blind(&dir);
    let declared: Vec<_> = got.iter().filter(|(d, _, _)| d.is_some()).collect();
    let same = declared.iter().filter(|(d, g, _)| d == g).count();
    let misses: Vec<String> = declared
        .iter()
        .filter(|(d, g, _)| d != g)
        .map(|(d, g, p)| format!("{d:?} -> {g:?} {p}"))
        .collect();
    eprintln!(
        "fundus: {same}/{} as declared; misses: {misses:#?}",
        declared.len()
    );
    assert_eq!(declared.len(), 122);
    // Floor: 97%. The two misses are Zulu and Xhosa pages that declare "en" (checked by
    // hand: the text is not English); the detector calls both Zulu.
    assert!(
        same * 100 >= declared.len() * 97,
        "{same}/{}",
        declared.len()
    );
    assert!(
        misses.iter().all(|m| m.contains("Some(\"zu\")")),
        "{misses:#?}"
    );
}

#[test]
fn english_corpora_come_out_english() {
    let mut total = 0;
    let mut english = 0;
    for rel in [
        "corpora/bbc",
        "corpora/cnn/articles",
        "corpora/reuters21578",
        "open-samples/whitehouse-2009-2015",
    ] {
        let Some(dir) = common::shared(rel) else {
            return;
        };
        let got = blind(&dir);
        let en = got
            .iter()
            .filter(|(_, g, _)| g.as_deref() == Some("en"))
            .count();
        let other: Vec<String> = got
            .iter()
            .filter(|(_, g, _)| g.as_deref() != Some("en"))
            .map(|(_, g, p)| format!("{g:?} {p}"))
            .collect();
        eprintln!(
            "{rel}: {en}/{} English; others: {:#?}",
            got.len(),
            &other[..other.len().min(20)]
        );
        if rel.starts_with("open-samples/whitehouse") {
            // The White House sample holds 27 releases in Spanish (read by hand): they must
            // come out Spanish, and everything else English.
            assert_eq!(got.len() - en, 27, "{other:#?}");
            assert!(
                other.iter().all(|o| o.starts_with("Some(\"es\")")),
                "{other:#?}"
            );
        } else {
            assert!(en * 1000 >= got.len() * 995, "{rel}: {en}/{}", got.len());
        }
        total += got.len();
        english += en;
    }
    eprintln!("all: {english}/{total} English");
}
