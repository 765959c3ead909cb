//! The query syntax: what parses to what, and every refusal's message.

use chrono::NaiveDate;

use super::*;

fn w(t: &str) -> Node {
    Node::Word {
        field: FieldRef::Default,
        text: t.into(),
        form: WordForm::Exact,
    }
}

fn err(q: &str) -> String {
    match parse(q) {
        Err(e) => e.0,
        Ok(n) => panic!("{q:?} parsed as {n:?}"),
    }
}

#[test]
fn words_are_anded() {
    assert_eq!(
        parse("Blinken cease-fire").unwrap(),
        Some(Node::And(vec![
            (false, w("Blinken")),
            (false, w("cease-fire"))
        ]))
    );
}

#[test]
fn or_not_phrase_fields() {
    let n = parse("gaza OR rafah -hamas").unwrap().unwrap();
    assert_eq!(
        n,
        Node::Or(vec![
            w("gaza"),
            Node::And(vec![(false, w("rafah")), (true, w("hamas"))])
        ])
    );
    let n = parse("place:\"Saudi Arabia\" title:coffee")
        .unwrap()
        .unwrap();
    assert_eq!(
        n,
        Node::And(vec![
            (
                false,
                Node::Phrase {
                    field: FieldRef::Place,
                    text: "Saudi Arabia".into(),
                    slop: 0,
                }
            ),
            (
                false,
                Node::Word {
                    field: FieldRef::Title,
                    text: "coffee".into(),
                    form: WordForm::Exact,
                }
            )
        ])
    );
    assert_eq!(parse("  ").unwrap(), None);
    assert_eq!(parse("http://x.com").unwrap(), Some(w("http://x.com")));
    assert_eq!(
        parse("NOT war").unwrap(),
        Some(Node::And(vec![(true, w("war"))]))
    );
    // Punctuation between words is no part.
    assert_eq!(
        parse("Marks & Spencer").unwrap(),
        Some(Node::And(vec![(false, w("Marks")), (false, w("Spencer"))]))
    );
}

#[test]
fn proximity_fuzzy_boost() {
    assert_eq!(
        parse("\"health reform\"~3").unwrap(),
        Some(Node::Phrase {
            field: FieldRef::Default,
            text: "health reform".into(),
            slop: 3
        })
    );
    let fz = |t: &str, e| Node::Word {
        field: FieldRef::Default,
        text: t.into(),
        form: WordForm::Fuzzy(e),
    };
    assert_eq!(parse("obama~1").unwrap(), Some(fz("obama", 1)));
    assert_eq!(parse("obama~").unwrap(), Some(fz("obama", 1)));
    assert_eq!(parse("washington~").unwrap(), Some(fz("washington", 2)));
    assert_eq!(parse("obama~0").unwrap(), Some(w("obama")));
    assert_eq!(
        parse("ceasefire^2").unwrap(),
        Some(Node::Boost(Box::new(w("ceasefire")), 2.0))
    );
    assert_eq!(
        parse("obama~1^3").unwrap(),
        Some(Node::Boost(Box::new(fz("obama", 1)), 3.0))
    );
    assert_eq!(
        parse("\"a b\"~2^1.5").unwrap(),
        Some(Node::Boost(
            Box::new(Node::Phrase {
                field: FieldRef::Default,
                text: "a b".into(),
                slop: 2
            }),
            1.5
        ))
    );
    assert_eq!(
        parse("(gaza OR rafah)^2").unwrap(),
        Some(Node::Boost(
            Box::new(Node::Or(vec![w("gaza"), w("rafah")])),
            2.0
        ))
    );
    assert!(err("obama~3").contains("0, 1 or 2 edits"));
    assert!(err("obama^x").contains("boost"));
    assert!(err("\"a b\"~x").contains("whole number"));
    assert!(err("\"a b\"x").contains("unexpected"));
    assert!(err("gaz*~1").contains("prefix"));
}

#[test]
fn dates_and_languages() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    assert_eq!(
        parse("date:2024-02").unwrap(),
        Some(Node::Date {
            from: d(2024, 2, 1),
            to: d(2024, 2, 29)
        })
    );
    assert_eq!(
        parse("date:[2024-01 TO 2024-03]").unwrap(),
        Some(Node::Date {
            from: d(2024, 1, 1),
            to: d(2024, 3, 31)
        })
    );
    assert_eq!(
        parse("date:{2024-01 TO 2024-03}").unwrap(),
        Some(Node::Date {
            from: d(2024, 2, 1),
            to: d(2024, 2, 29)
        })
    );
    assert_eq!(
        parse("date:[2024 TO *]").unwrap(),
        Some(Node::Date {
            from: d(2024, 1, 1),
            to: None
        })
    );
    assert_eq!(
        parse("date:>=2009").unwrap(),
        Some(Node::Date {
            from: d(2009, 1, 1),
            to: None
        })
    );
    assert_eq!(
        parse("date:<2009").unwrap(),
        Some(Node::Date {
            from: None,
            to: d(2008, 12, 31)
        })
    );
    assert_eq!(parse("lang:DE").unwrap(), Some(Node::Lang("de".into())));
    assert_eq!(
        parse("gaza -lang:en").unwrap(),
        Some(Node::And(vec![
            (false, w("gaza")),
            (true, Node::Lang("en".into()))
        ]))
    );
    assert!(err("date:2024-13").contains("bad date"));
    assert!(err("date:[2024-03 TO 2024-01]").contains("empty"));
    assert!(err("date:[2024-01 2024-03]").contains("range"));
    assert!(err("date:[2024").contains("unclosed range"));
    assert!(err("lang:english").contains("language code"));
    assert!(err("date: 2024").contains("right after the colon"));
}

/// Issue #14 item 11: operators and punctuation alone never mean "everything".
#[test]
fn operators_and_punctuation_alone_are_errors() {
    for q in [
        "OR", "AND", "NOT", "-", "\"\"", "%", "=", "%00", "\0", "- -", "OR OR", "a OR", "OR a",
        "a AND", "a NOT", "NOT OR", "()", "( )", "&&", "||", "“”", "\"%\"",
    ] {
        match parse(q) {
            Err(e) => assert!(!e.0.is_empty()),
            // `%00` is the word "00" (a real search, not the whole archive).
            Ok(Some(n)) if q == "%00" => assert_eq!(n, w("%00")),
            Ok(n) => panic!("{q:?} parsed as {n:?}"),
        }
    }
}

#[test]
fn errors_name_the_position() {
    assert_eq!(
        err("gaza OR"),
        "OR needs a query part after it (at position 6 of the query)"
    );
    assert_eq!(err("a)"), "unbalanced ) (at position 2 of the query)");
    assert_eq!(
        err("(a b"),
        "( is never closed (at position 1 of the query)"
    );
    assert_eq!(
        err("a \"b c"),
        "unclosed quote (at position 3 of the query)"
    );
    assert!(err("war -").contains("position 5"));
    assert!(err("title:").contains("position 1"));
    assert!(err("ga*za").contains("wildcard"));
}

/// Issue #14 item 11: operators and punctuation alone never mean "everything".
#[test]
fn operators_alone_say_there_is_nothing_to_search_for() {
    for q in [
        "OR", "AND", "NOT", "-", "\"\"", "%", "=", "\u{0}", "OR AND", "( )", "- -",
    ] {
        let e = parse(q).expect_err(q);
        assert!(e.0.contains("nothing to search for"), "{q:?}: {}", e.0);
    }
    assert_eq!(parse("").unwrap(), None);
    assert_eq!(parse(" \t ").unwrap(), None);
    assert!(parse("-war").unwrap().is_some());
    // A dangling operator after words is an error naming where it is (see
    // `errors_name_the_position`), not a search for the words alone.
    assert!(parse("gaza OR").is_err());
}

#[test]
fn limits_and_errors() {
    assert!(parse(&"(".repeat(40)).is_err());
    assert!(parse("(a b").is_err());
    assert!(parse("a)").is_err());
    assert!(parse("*gaza").is_err());
    let many = vec!["w"; MAX_CLAUSES + 1].join(" OR ");
    assert!(parse(&many).is_err());
    assert!(parse(&"x".repeat(MAX_QUERY_CHARS + 1)).is_err());
    // No input panics.
    for q in [
        "\"",
        "\"unterminated",
        "-",
        "- -",
        "OR",
        "title:",
        "((a) OR",
        "a:b:c",
        "“q”",
        "date:[",
        "date:]",
        "date:{a TO b]",
        "x^",
        "^",
        "~",
        "a~~",
        "\"a\"^",
        "\"a\"~",
        "(a)^",
        "(a)~2",
        "date:[* TO *]",
        "lang:",
        "date:\"2024\"",
        "é~1",
        "日本~1",
        "a^1e40",
        "a^NaN",
    ] {
        let _ = parse(q);
    }
}
