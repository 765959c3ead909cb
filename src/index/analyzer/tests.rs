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

fn with_offsets(a: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut s = a.token_stream(text);
    while s.advance() {
        let t = s.token();
        out.push((t.offset_from, t.offset_to, t.text.clone()));
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
    // For highlighting "negoti" and "run": words starting with n or r get their terms as
    // always; no other word can stem to either, and those get none.
    let only = Highlighter::new(Some("en"), ["en:negoti", "en:run"]);
    let mut got = Vec::new();
    only.tokens(text, |_, _, t| got.push(t.map(str::to_string)));
    assert_eq!(got.len(), want.len());
    for (got, full) in got.iter().zip(&want) {
        if full.starts_with("en:n") || full.starts_with("en:r") {
            assert_eq!(got.as_ref(), Some(full));
        } else {
            assert_eq!(got, &None, "{full}");
        }
    }
}

/// The highlighter's contract for one token, whose term it gives as `got` and the analyzer
/// as `want`: its term is the analyzer's, except where the analyzer's term is none of the
/// query's `stems` (a word whose first letter starts no English query stem is tagged
/// unstemmed, `naïve` → `en:naive` for `en:naiv`, or given no term). There the highlighter's
/// term must be none of them either, or it would highlight a word that does not match.
fn assert_contract(stems: &[&str], got: Option<&str>, want: &str, context: &str) {
    if got == Some(want) {
        return;
    }
    assert!(!stems.contains(&want), "{context}: {want} missed ({got:?})");
    if let Some(got) = got {
        assert!(!stems.contains(&got), "{context}: {got} is {want}");
    }
}

/// The highlighter's terms are the analyzer's wherever it makes one: every word of another
/// language, accented, compound or CJK text, and the English words whose first letter starts
/// a query stem.
#[test]
fn the_highlighter_makes_the_analyzers_terms() {
    let text = "Zürich's cease-fire talks: Ärzte, São Paulo, e\u{2011}mail, 地震が発生, \
                naïve negotiations, Éclair, the NEGOTIATORS' well-being, 1916";
    for (lang, stems) in [
        (
            Some("en"),
            vec!["en:zurich", "en:negoti", "en:ceasefir-5", "en:eclair"],
        ),
        (Some("en"), vec!["en:sao", "en:well", "en:1916", "地震"]),
        (Some("de"), vec!["de:arzt"]),
        (None, vec!["zurich", "sao"]),
    ] {
        let mut full = for_language(lang);
        let want = with_offsets(&mut full, text);
        let h = Highlighter::new(lang, stems.iter().copied());
        let mut got = Vec::new();
        h.tokens(text, |from, to, term| {
            got.push((from, to, term.map(str::to_string)))
        });
        assert_eq!(got.len(), want.len(), "{lang:?}");
        for ((gf, gto, gt), (wf, wto, wt)) in got.iter().zip(&want) {
            assert_eq!((gf, gto), (wf, wto));
            assert_contract(&stems, gt.as_deref(), wt, &format!("{lang:?}"));
        }
    }
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

/// On ASCII English text the highlighter writes the tokenizer's rules out (compounds, chains
/// of them, words too long to index, digits, capitals), and cuts other English text at
/// curly quotes, dashes and the like: the same tokens, offsets and terms as the analyzer, over
/// generated texts of those pieces and accented, CJK and joined ones.
#[test]
fn the_highlighters_english_paths_are_the_analyzers() {
    let pieces = [
        "war",
        "War",
        "peace",
        "-",
        "--",
        " ",
        " ",
        ", ",
        ". ",
        "cease",
        "fire",
        "1916",
        "9",
        "Re-",
        "e",
        "x",
        "negotiations",
        "-based",
        "well",
        "being",
        "'s",
        "\n",
        "(",
        ")",
        "partly",
        "parties",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklm",
        "averyveryveryveryveryverylongwordthatisnotindexedatall",
        "a1b2",
        "x-y-z",
        "-",
        "\u{2019}",
        "\u{2014}",
        "\u{a0}",
        "\u{201c}",
        "Zürich",
        "é",
        "\u{2010}",
        "\u{2011}",
        "u\u{308}",
        "地震",
        "naïve",
        "\u{2019}s",
    ];
    let stems = [
        "en:war",
        "en:peac",
        "en:ceasefir-5",
        "en:parti",
        "en:1916",
        "en:x",
        "en:zurich",
    ];
    let h = Highlighter::new(Some("en"), stems);
    let mut full = for_language(Some("en"));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 24) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let want = with_offsets(&mut full, &text);
        let mut got = Vec::new();
        h.tokens(&text, |from, to, term| {
            got.push((from, to, term.map(str::to_string)))
        });
        assert_eq!(got.len(), want.len(), "{text:?}");
        for ((gf, gto, gt), (wf, wto, wt)) in got.iter().zip(&want) {
            assert_eq!((gf, gto), (wf, wto), "{text:?}");
            assert_contract(&stems, gt.as_deref(), wt, &format!("{text:?}"));
        }
    }
}
