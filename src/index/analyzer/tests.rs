//! The analyzer's terms on known words, languages, compounds and scripts.

use super::*;
use tantivy::tokenizer::{Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer};

fn terms(a: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut s = a.token_stream(text);
    while s.advance() {
        out.push(s.token().text.clone());
    }
    out
}

fn with_pos(a: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut s = a.token_stream(text);
    while s.advance() {
        out.push((s.token().position, s.token().text.clone()));
    }
    out
}

/// English text of plain ASCII words gives tantivy's own `en_stem` terms, tagged: the
/// memo and the new tokenizer change nothing there, the first time (stemmed) and the
/// second (remembered).
#[test]
fn english_words_stem_as_tantivys_en_stem() {
    let mut reference = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES + 1))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build();
    let text = "The talks in Gaza were running; negotiators ran, RUNNING faster. \
                Generously generalised organisations communities 1916 US \
                pneumonoultramicroscopicsilicovolcanoconiosis \
                averyveryveryveryveryverylongwordthatisnotremembered";
    let want: Vec<String> = terms(&mut reference, text)
        .into_iter()
        .map(|t| format!("en:{t}"))
        .collect();
    assert!(want.contains(&"en:negoti".to_string()), "{want:?}");
    let mut ours = lang_stem();
    let marked = with_lang_marker(Some("en"), text);
    assert_eq!(terms(&mut ours, &marked), want);
    assert_eq!(terms(&mut ours, &marked), want, "remembered stems differ");
    assert_eq!(terms(&mut for_language(Some("en")), text), want);
    // For highlighting "negoti" and "run": words starting with n or r are stemmed as
    // always; no other word can stem to either, and those are left alone.
    let mut only = for_highlighting(Some("en"), ["en:negoti", "en:run"]);
    for (got, full) in terms(&mut only, text).iter().zip(&want) {
        if full.starts_with("en:n") || full.starts_with("en:r") {
            assert_eq!(got, full);
        } else {
            assert_ne!(got, "en:negoti");
            assert_ne!(got, "en:run");
        }
    }
    assert!(terms(&mut only, text).contains(&"en:generously".to_string()));
}

#[test]
fn each_language_its_stemmer_and_tag() {
    let mut a = lang_stem();
    let de = with_lang_marker(Some("de"), "Regierung Regierungen");
    assert_eq!(terms(&mut a, &de), ["de:regier", "de:regier"]);
    let en = with_lang_marker(Some("en"), "Regierungen");
    assert_eq!(terms(&mut a, &en), ["en:regierungen"]);
    // No stemmer: untagged, folded.
    let ja = with_lang_marker(Some("ja"), "Tōkyō");
    assert_eq!(ja, "Tōkyō", "no marker for a language without a stemmer");
    assert_eq!(terms(&mut a, &ja), ["tokyo"]);
    assert_eq!(strip_lang_marker(&de), "Regierung Regierungen");
    assert_eq!(strip_lang_marker("plain"), "plain");
    assert_eq!(tag_of("xx"), None);
}

#[test]
fn accents_fold_after_stemming_and_apostrophes_are_one() {
    let mut en = for_language(Some("en"));
    assert_eq!(terms(&mut en, "Zürich"), terms(&mut en, "Zurich"));
    assert_eq!(terms(&mut en, "Zu\u{308}rich"), terms(&mut en, "Zurich"));
    assert_eq!(terms(&mut en, "São Paulo"), terms(&mut en, "Sao Paulo"));
    assert_eq!(
        terms(&mut en, "México café naïve"),
        terms(&mut en, "Mexico cafe naive")
    );
    assert_eq!(terms(&mut en, "O’Brien’s"), terms(&mut en, "O'Brien's"));
    assert_eq!(terms(&mut en, "O’Brien"), ["en:o", "en:brien"]);
    let mut de = for_language(Some("de"));
    assert_eq!(
        terms(&mut de, "Müller Straße"),
        terms(&mut de, "Muller Strasse")
    );
}

#[test]
fn compounds_keep_their_parts_and_a_marker() {
    let mut en = for_language(Some("en"));
    assert_eq!(
        with_pos(&mut en, "a cease-fire deal"),
        [
            (0, "en:a".to_string()),
            (1, "en:ceas".to_string()),
            (1, "en:ceasefir-5".to_string()),
            (2, "en:fire".to_string()),
            (3, "en:deal".to_string())
        ]
    );
    assert_eq!(
        marker_prefix(Some("en"), "ceasefire").as_deref(),
        Some("en:ceasefir-")
    );
    // Three parts: a marker for each pair; numbers alone make no marker.
    assert_eq!(
        terms(&mut en, "mother-in-law 555-1234 COVID-19"),
        [
            "en:mother",
            "en:motherin-6",
            "en:in",
            "en:inlaw-2",
            "en:law",
            "en:555",
            "en:1234",
            "en:covid",
            "en:covid19-5",
            "en:19"
        ]
    );
    // A hyphen with nothing after it, or a dash between spaces, joins nothing.
    assert_eq!(
        terms(&mut en, "pre- and post-"),
        ["en:pre", "en:and", "en:post"]
    );
}

#[test]
fn cjk_runs_become_character_pairs() {
    let mut a = for_language(Some("ja"));
    assert_eq!(
        with_pos(&mut a, "東京で地震が発生"),
        [
            (0, "東京".to_string()),
            (1, "京で".to_string()),
            (2, "で地".to_string()),
            (3, "地震".to_string()),
            (4, "震が".to_string()),
            (5, "が発".to_string()),
            (6, "発生".to_string())
        ]
    );
    // Pairs are untagged in any language; a lone character stays itself.
    let mut en = for_language(Some("en"));
    assert_eq!(
        terms(&mut en, "Tokyo (東京) 日"),
        ["en:tokyo", "東京", "日"]
    );
    let mut ko = for_language(Some("ko"));
    assert_eq!(terms(&mut ko, "지진이 발생"), ["지진", "진이", "발생"]);
}

#[test]
fn indic_words_hold_together() {
    let mut hi = for_language(Some("hi"));
    let t = terms(&mut hi, "प्रधानमंत्री मोदी");
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(surface_words("प्रधानमंत्री मोदी").len(), 2);
}

#[test]
fn long_words_are_dropped_and_nothing_panics() {
    let mut a = lang_stem();
    let long = "x".repeat(MAX_WORD_BYTES + 1);
    assert_eq!(terms(&mut a, &format!("a {long} b")), ["a", "b"]);
    for t in [
        "",
        "-",
        "--a",
        "a-",
        "\u{E000}",
        "\u{E000}en",
        "\u{E000}en\u{E000}",
        "\u{E000}zz\u{E000}x",
        "a-\u{308}",
        "日-本",
        "é-",
        "x-日",
    ] {
        let _ = terms(&mut a, t);
    }
    assert_eq!(terms(&mut a, "\u{E000}zz\u{E000}x"), ["x"]);
}
