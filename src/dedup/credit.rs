//! Syndication credits: the agencies and publishers a story is credited to, read from the
//! places newspapers put them.
//!
//! A name counts only in a *credit position*, never because it occurs in the text ("Reuters
//! reported" is news, not a credit):
//!
//! - a **dateline**: a line that starts with a place (and maybe a date), then a name in
//!   parentheses, then a dash: `WASHINGTON (AP) —`, `LONDON, Jan. 4 (Reuters) -`,
//!   `(CNN) —`. Agency abbreviations are spelled out; another name is taken when it is an
//!   acronym (`(NPR)`), since words there ("(Special)") are not credits;
//! - a **credit group**: an agency named inside parentheses or brackets, after at most a
//!   "By" and before words such as "Leased Wire" or "Staff Correspondent", as 1916 papers
//!   print them: `(By United Press)`, `[United Press Leased Wire Service.]`;
//! - a **byline**: a short line that starts with "By" and names an agency: `By The Associated
//!   Press`, `By Jane Doe, Associated Press Writer`;
//! - a **credit sentence**: "Material from the Associated Press was used in this report",
//!   "Reuters contributed to this report", "Copyright, 1916, by the United Press", and
//!   "This article originally appeared in The New York Times" (any publisher);
//! - a **sign-off**: a last line that is only an agency's name (`Reuter`).
//!
//! OCR misreads the "By" of 1916 bylines ("Hy", "Ey", "l!y"): a token of two or three
//! characters ending in y is taken for it. Agencies are known by the names and abbreviations of
//! [`AGENCIES`]; each credit is given once, under the agency's usual name.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// News agencies: the name a credit is given under, other full names (matched anywhere in a
/// credit position, case-insensitively), and abbreviations (matched in datelines only, where
/// "(AP)" cannot mean anything else; "(PA)" elsewhere may be Pennsylvania).
pub const AGENCIES: &[(&str, &[&str], &[&str])] = &[
    ("Associated Press", &["Associated Press"], &["AP", "A.P."]),
    (
        "United Press International",
        &["United Press International"],
        &["UPI"],
    ),
    ("United Press", &["United Press"], &["UP", "U.P."]),
    (
        "International News Service",
        &["International News Service"],
        &["INS", "I.N.S."],
    ),
    ("Reuters", &["Reuters", "Reuter", "Thomson Reuters"], &[]),
    (
        "Agence France-Presse",
        &["Agence France-Presse", "Agence France Presse"],
        &["AFP"],
    ),
    ("Bloomberg News", &["Bloomberg News"], &["Bloomberg"]),
    (
        "Deutsche Presse-Agentur",
        &["Deutsche Presse-Agentur"],
        &["dpa", "DPA"],
    ),
    ("Xinhua", &["Xinhua News Agency", "Xinhua"], &[]),
    ("Kyodo News", &["Kyodo News"], &["Kyodo"]),
    ("Press Association", &["Press Association"], &["PA"]),
    ("The Canadian Press", &["Canadian Press"], &["CP"]),
    (
        "Australian Associated Press",
        &["Australian Associated Press"],
        &["AAP"],
    ),
    ("Press Trust of India", &["Press Trust of India"], &["PTI"]),
    ("Anadolu Agency", &["Anadolu Agency"], &["AA"]),
    ("ANSA", &["ANSA"], &[]),
    ("EFE", &["Agencia EFE"], &["EFE"]),
    ("Yonhap", &["Yonhap News Agency", "Yonhap"], &[]),
    ("TASS", &["TASS"], &[]),
    ("Interfax", &["Interfax"], &[]),
];

/// Phrases after which a publisher is named ("This article originally appeared in X").
const APPEARED: &[&str] = &[
    "originally appeared in ",
    "first appeared in ",
    "originally published in ",
    "first published in ",
    "originally appeared on ",
    "first appeared on ",
];

/// Words before an agency's name that make a credit sentence of the text around it.
const CREDIT_BEFORE: &[&str] = &[
    "material from",
    "copyright",
    "(c)",
    "©",
    "courtesy of",
    "via",
];

/// Words after an agency's name that make a credit sentence.
const CREDIT_AFTER: &[&str] = &[
    "contributed to this report",
    "contributed reporting",
    "contributed to this story",
    "was used in this report",
];

/// Longest byline line, in bytes.
const MAX_BYLINE: usize = 120;

struct Matcher {
    ac: AhoCorasick,
    /// Per pattern: `Some(agency index)` for an agency name, `None` for an [`APPEARED`] phrase.
    kinds: Vec<Option<usize>>,
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        for (i, (_, names, _)) in AGENCIES.iter().enumerate() {
            for n in *names {
                patterns.push(n.to_string());
                kinds.push(Some(i));
            }
        }
        for p in APPEARED {
            patterns.push(p.to_string());
            kinds.push(None);
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the credit patterns are valid");
        Matcher { ac, kinds }
    })
}

/// The usual name of an agency known by `name` (a full name or an abbreviation, any case,
/// with or without "The"), or `None` when it is not a known agency.
pub fn agency(name: &str) -> Option<&'static str> {
    let n = name.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    let n = strip_the(n);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    AGENCIES.iter().find_map(|(canon, names, abbrevs)| {
        let full = names.iter().any(|x| x.eq_ignore_ascii_case(n))
            || canon.eq_ignore_ascii_case(n)
            || strip_the(canon).eq_ignore_ascii_case(n);
        // Abbreviations are case-sensitive as printed ("AP", "dpa"), spaces aside ("A. P.").
        let abbrev = abbrevs
            .iter()
            .any(|a| a.trim_end_matches('.') == squeeze(n).trim_end_matches('.'));
        (full || abbrev).then_some(*canon)
    })
}

fn strip_the(s: &str) -> &str {
    s.strip_prefix("The ")
        .or_else(|| s.strip_prefix("the "))
        .or_else(|| s.strip_prefix("THE "))
        .unwrap_or(s)
}

/// The credit a name stands for: an agency under its usual name, else the name as written
/// with its spacing tidied (a publisher: "The New York Times").
pub fn credit_name(name: &str) -> Option<String> {
    if let Some(a) = agency(name) {
        return Some(a.to_string());
    }
    let n: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = n.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '!');
    (!n.is_empty() && n.len() <= 80).then(|| n.to_string())
}

/// The credits found in `text` (an article's lede and body), each once, in order.
pub fn credits(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |c: String| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    for line in lines_with_paren(text) {
        if let Some(c) = dateline(line) {
            add(c);
        }
    }
    let m = matcher();
    for hit in m.ac.find_iter(text) {
        let (s, e) = (hit.start(), hit.end());
        match m.kinds[hit.pattern().as_usize()] {
            Some(agency) => {
                if !word_bounded(text, s, e) {
                    continue;
                }
                if in_group(text, s, e)
                    || in_byline(text, s, e)
                    || in_credit_sentence(text, s, e)
                    || is_sign_off(text, s, e)
                {
                    add(AGENCIES[agency].0.to_string());
                }
            }
            None => {
                if let Some(c) = appeared_name(&text[e..]) {
                    add(c);
                }
            }
        }
    }
    out
}

/// The lines of `text` (as [`str::lines`] cuts them) that hold a `(`, in order: only they can
/// be datelines. Found by searching for the bracket rather than splitting every line, since
/// this runs on every article and most lines of a page hold none.
fn lines_with_paren(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let open = from + memchr::memchr(b'(', &bytes[from..])?;
        let start = memchr::memrchr(b'\n', &bytes[..open]).map_or(0, |i| i + 1);
        let line = match memchr::memchr(b'\n', &bytes[open..]) {
            Some(i) => {
                from = open + i + 1;
                let line = &text[start..open + i];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => {
                from = bytes.len();
                &text[start..]
            }
        };
        Some(line)
    })
}

/// Whether `text[s..e]` is a whole word (or words).
fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The line of `text` around byte `s`: its start and end offsets.
fn line_around(text: &str, s: usize) -> (usize, usize) {
    let start = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let end = text[s..].find('\n').map_or(text.len(), |i| s + i);
    (start, end)
}

/// Whether a token is "By", or what OCR makes of it: two or three characters ending in y.
fn is_by(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ',', ':']);
    t.eq_ignore_ascii_case("by")
        || ((2..=3).contains(&t.chars().count())
            && t.ends_with(['y', 'Y'])
            && !t.chars().all(|c| c.is_ascii_lowercase()))
}

/// `(By United Press Leased Wire.)`: the name inside a bracket opened at most a "By" and a
/// "the" before it, on the same line.
fn in_group(text: &str, s: usize, _e: usize) -> bool {
    let (line_start, _) = line_around(text, s);
    let head = &text[line_start..s];
    let Some(open) = head.rfind(['(', '[']) else {
        return false;
    };
    let between = &head[open + 1..];
    if between.contains([')', ']']) {
        return false;
    }
    let tokens: Vec<&str> = between.split_whitespace().collect();
    match tokens.as_slice() {
        [] => true,
        [t] => is_by(t) || t.eq_ignore_ascii_case("the") || t.chars().count() <= 2,
        [a, b] => (is_by(a) || a.chars().count() <= 2) && b.eq_ignore_ascii_case("the"),
        _ => false,
    }
}

/// `By The Associated Press`, `By JANE DOE, Associated Press Writer`: a short line starting
/// with "By".
fn in_byline(text: &str, s: usize, _e: usize) -> bool {
    let (a, b) = line_around(text, s);
    let line = text[a..b].trim();
    if line.len() > MAX_BYLINE {
        return false;
    }
    let first = line
        .trim_start_matches(['(', '[', ' '])
        .split_whitespace()
        .next()
        .unwrap_or("");
    is_by(first)
}

/// "Material from the Associated Press was used…", "Reuters contributed to this report",
/// "Copyright, 1916, by the United Press".
fn in_credit_sentence(text: &str, s: usize, e: usize) -> bool {
    let mut from = s.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (e + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = text[from..s].to_lowercase();
    // Only the sentence the name is in.
    let before = before.rsplit(['\n', '.']).next().unwrap_or("");
    let after = text[e..to].to_lowercase();
    CREDIT_BEFORE.iter().any(|w| before.contains(w))
        || CREDIT_AFTER
            .iter()
            .any(|w| after.trim_start().starts_with(w))
}

/// A last line that is nothing but the agency's name: Reuters' "Reuter" sign-off.
fn is_sign_off(text: &str, s: usize, e: usize) -> bool {
    let rest = text[e..].trim_matches(|c: char| c.is_whitespace() || c == '.');
    let (a, _) = line_around(text, s);
    rest.is_empty() && text[a..s].trim_matches(['-', '—', ' ']).is_empty()
}

/// The publisher after "originally appeared in": up to the end of the sentence.
fn appeared_name(rest: &str) -> Option<String> {
    let end = rest
        .find(['\n', ';', '(', '!', '?'])
        .unwrap_or(rest.len())
        .min(rest.find(". ").unwrap_or(rest.len()));
    let name = rest[..end].trim().trim_end_matches('.');
    let name = name.strip_prefix("the print edition of ").unwrap_or(name);
    if !name.starts_with(|c: char| c.is_uppercase()) || name.split_whitespace().count() > 8 {
        return None;
    }
    credit_name(name)
}

/// `WASHINGTON (AP) —`, `LONDON, Jan. 4 (Reuters) -`, `(CNN) —`: the credit of a dateline.
fn dateline(line: &str) -> Option<String> {
    let line = line.trim_start();
    let head = line.get(..line.len().min(100)).unwrap_or(line);
    let open = head.find('(')?;
    let close = open + head[open..].find(')')?;
    let place = &head[..open];
    let inside = head[open + 1..close].trim();
    let after = head[close + 1..].trim_start();
    let dash = ["—", "–", "-", ":"].iter().any(|d| after.starts_with(d));
    if !dash || inside.is_empty() || inside.len() > 40 {
        return None;
    }
    // The place: empty, or words in capitals (a date may follow a comma).
    let (city, date) = place.split_once(',').unwrap_or((place, ""));
    let city_ok = city.trim().is_empty()
        || (city.split_whitespace().count() <= 4
            && city.chars().any(|c| c.is_alphabetic())
            && city
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase));
    let date_ok = date.len() <= 20 && !date.contains(['(', ')']);
    if !city_ok || !date_ok {
        return None;
    }
    let inside = inside.strip_prefix("By ").unwrap_or(inside);
    if let Some(a) = agency(inside) {
        return Some(a.to_string());
    }
    // Another name only when it is an acronym (CNN, NPR): a dateline's "(Special)" or
    // "(Updated)" is a word, not whom the story is credited to.
    let acronym =
        (2..=5).contains(&inside.chars().count()) && inside.chars().all(|c| c.is_uppercase());
    acronym.then(|| inside.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        assert_eq!(
            credits("WASHINGTON (AP) — The Senate voted on Tuesday."),
            ["Associated Press"]
        );
        assert_eq!(
            credits("LONDON, Jan. 4 (Reuters) - Shares fell.\n\nMore text."),
            ["Reuters"]
        );
        assert_eq!(credits("(CNN) — A storm hit the coast."), ["CNN"]);
        assert_eq!(
            credits("PARIS (AFP) – Talks resumed."),
            ["Agence France-Presse"]
        );
        // Not datelines: no dash, lower-case place, or a remark in parentheses.
        assert!(credits("The vote (AP) was close.").is_empty());
        assert!(credits("PRESIDENT OBAMA: Thank you. (Applause.) Please sit.").is_empty());
        assert!(credits("He said (in 2019) - and then left.").is_empty());
        assert!(credits("CHICAGO, Jan. 5. (Special) — The council met.").is_empty());
        assert_eq!(credits("NEW YORK (NPR) — Text."), ["NPR"]);
    }

    #[test]
    fn groups_and_bylines_as_1916_papers_print_them() {
        for text in [
            "BERLIN, Jan. 4.\n(By Associated Press.)\nThe German army",
            "[United Press Leased Wire Service.]\nWASHINGTON, Jan. 5.",
            "( V ASSOCIATED PRESS)\nNEW YORK",
            "Hy Associated Press.\nNEW YORK, Jan. 5.",
            "LONDON, Jan. 4.—(By the United Press.)—The cabinet",
        ] {
            let c = credits(text);
            assert!(
                c == ["Associated Press"] || c == ["United Press"],
                "{text:?}: {c:?}"
            );
        }
        assert_eq!(
            credits("By JANE DOE, Associated Press Writer\n\nThe mayor said."),
            ["Associated Press"]
        );
        assert_eq!(credits("By Reuters\n\nOil rose."), ["Reuters"]);
        assert_eq!(
            credits("By Henry Wood, United Press Staff Correspondent\nROME"),
            ["United Press"]
        );
        // United Press International is not United Press.
        assert_eq!(
            credits("By United Press International\n\nText."),
            ["United Press International"]
        );
    }

    #[test]
    fn credit_sentences() {
        assert_eq!(
            credits("Body.\n\nMaterial from the Associated Press was used in this report."),
            ["Associated Press"]
        );
        assert_eq!(
            credits("Body.\n\nReuters contributed to this report."),
            ["Reuters"]
        );
        assert_eq!(
            credits("[Copyright, 1916, by the United Press.]"),
            ["United Press"]
        );
        assert_eq!(
            credits("Body.\n\nThis article originally appeared in The New York Times."),
            ["The New York Times"]
        );
        assert_eq!(credits("Shares fell 3 pct.\n Reuter\n"), ["Reuters"]);
    }

    #[test]
    fn names_in_the_news_are_not_credits() {
        for text in [
            "The Associated Press reported that the talks failed.",
            "A Reuters reporter was detained.",
            "MEMBER ASSOCIATED PRESS",
            "Officials told the United Press that they would not comment, he said at length.",
        ] {
            assert!(credits(text).is_empty(), "{text:?}: {:?}", credits(text));
        }
    }

    #[test]
    fn the_lines_with_a_bracket_are_those_str_lines_gives() {
        for text in [
            "",
            "(",
            "a\n(b\r\nc (d) (e)\r\n\nf\n(g\r",
            "no brackets\nat all",
            "(x)\n(y)",
            "x\n\n(",
        ] {
            let expected: Vec<&str> = text.lines().filter(|l| l.contains('(')).collect();
            assert_eq!(
                lines_with_paren(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn agency_names() {
        assert_eq!(agency("The Associated Press"), Some("Associated Press"));
        assert_eq!(agency("A. P."), Some("Associated Press"));
        assert_eq!(agency("dpa"), Some("Deutsche Presse-Agentur"));
        assert_eq!(agency("ap"), None);
        assert_eq!(agency("The New York Times"), None);
        assert_eq!(
            credit_name("  The  New York Times. ").as_deref(),
            Some("The New York Times")
        );
        // Several credits, each once, in order.
        assert_eq!(
            credits(
                "WASHINGTON (AP) — Text.\n\nReuters contributed to this report.\n\nMaterial from the Associated Press was used in this report."
            ),
            ["Associated Press", "Reuters"]
        );
    }
}
