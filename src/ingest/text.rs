//! Plain-text articles: the seed archive format and headline-first text.
//!
//! Three layouts are told apart by their first lines:
//!
//! * **seed** — ` date YYYY-MM-DD <lead sentence>`, a blank line, body paragraphs, then credit
//!   lines ("This article originally appeared in The New York Times.") that are moved out of
//!   the body into `source`;
//! * **headline-first** — a short first line followed by a blank line (BBC): the headline, then
//!   the body; the section comes from the parent folder;
//! * **raw** — anything else (OCR of whole newspaper pages): all of it is the body and the title
//!   is the first line that reads like words.
//!
//! When the text has no date, the path may give one ([`super::pathinfo::date_from_path`]); the
//! file's modification time never does.

use super::decode::collapse_ws;

use super::{FileContext, IngestError, Parsed, dates, decode, dehyphenate, pathinfo};
use crate::article::Article;

/// Longest derived title, in characters; longer ledes are cut at a word boundary with "…".
pub const MAX_TITLE_CHARS: usize = 100;

/// Parses a plain-text article (one per file).
///
/// A seed-format date that does not parse leaves the article undated and adds one line to
/// `skipped` ("unparseable date … (article kept without a date)"): the text is still worth
/// indexing, but the operator should hear about the bad date.
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let text = decode::to_utf8(bytes);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    };
    let mut parsed = Parsed::default();
    let mut a = Article {
        id: ctx.fallback_id(0, false),
        path: ctx.path_str.clone(),
        ..Article::default()
    };
    let trimmed = text.trim_start_matches('\n');
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let first_t = first.trim();
    if first_t.eq_ignore_ascii_case("Cite:")
        && let Some(w) = whitehouse(ctx, rest)
    {
        parsed.articles.push(w);
        return Ok(parsed);
    }
    if let Some(after) = first_t.strip_prefix("date ") {
        // Seed format.
        let after = after.trim_start();
        let (date_tok, lede) = after.split_once(char::is_whitespace).unwrap_or((after, ""));
        a.date = dates::parse_date(date_tok);
        if a.date.is_none() {
            parsed.skipped.push(format!(
                "unparseable date {date_tok:?} (article kept without a date)"
            ));
        }
        a.lede = collapse_ws(lede);
        let (body, source, credits) = strip_credits(rest);
        a.source = source;
        a.credit = credits;
        let body = body.trim();
        // Generated archives repeat the lede as the start of the body; keep it once.
        let body = if !a.lede.is_empty() {
            body.strip_prefix(a.lede.as_str())
                .map(|b| b.trim_start())
                .unwrap_or(body)
        } else {
            body
        };
        a.body = normalize_paragraphs(body);
        a.title = title_from_lede(&a.lede);
        if a.title.is_empty() {
            a.title = title_from_lede(&a.body);
        }
    } else if !first_t.is_empty()
        && first_t.chars().count() <= 200
        && (rest.starts_with('\n') || rest.trim_start_matches([' ', '\t']).starts_with('\n'))
    {
        // Headline-first.
        a.title = collapse_ws(first_t);
        a.body = normalize_paragraphs(rest.trim());
        a.section = pathinfo::section_from_path(&ctx.path);
    } else {
        // Raw text is mostly OCR of printed pages: undo line-end hyphenation first.
        let text = dehyphenate::join_broken_words(text.trim());
        a.body = normalize_paragraphs(&text);
        a.title = title_from_raw(&a.body);
    }
    if a.date.is_none() {
        a.date = pathinfo::date_from_path(&ctx.path);
    }
    if a.title.is_empty() && a.lede.is_empty() && a.body.is_empty() {
        return Err(IngestError::NoArticle("no text".into()));
    }
    parsed.articles.push(a);
    Ok(parsed)
}

/// White House press releases (the public-domain sample archive): `Cite:`, the URL, the date
/// line, "For Immediate Release", the title, "The White House", the office, optional place and
/// time lines, then the transcript. Returns `None` when the layout does not hold, so the file
/// is read as generic text instead.
fn whitehouse(ctx: &FileContext, rest: &str) -> Option<Article> {
    let mut lines = rest
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, url) = lines.next()?;
    let url = url.trim();
    if !url.starts_with("http") || url.contains(' ') {
        return None;
    }
    let (_, date_line) = lines.next()?;
    let date = dates::parse_date(date_line);
    let (_, release) = lines.next()?;
    if !release.trim().eq_ignore_ascii_case("For Immediate Release") {
        return None;
    }
    let (_, title) = lines.next()?;
    let mut body_from = 0;
    let mut seen_office = false;
    let mut extra = 0;
    for (i, l) in lines.by_ref() {
        let l = l.trim();
        if !seen_office {
            body_from = i;
            if l.starts_with("Office of") {
                seen_office = true;
                body_from = i + 1;
            } else if l != "The White House" {
                break;
            }
            continue;
        }
        // Up to three place lines and a time line ("12:10 P.M. CET") before the transcript.
        if extra < 4 && l.len() <= 60 {
            extra += 1;
            let lower = l.to_ascii_lowercase();
            if lower.contains("a.m.") || lower.contains("p.m.") {
                body_from = i + 1;
                break;
            }
            continue;
        }
        break;
    }
    let body: Vec<&str> = rest.lines().skip(body_from).collect();
    let body = body.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    Some(Article {
        id: url.to_string(),
        path: ctx.path_str.clone(),
        url: Some(url.to_string()),
        source: Some("The White House".into()),
        title: collapse_ws(title),
        body: normalize_paragraphs(&body),
        date: date.or_else(|| pathinfo::date_from_path(&ctx.path)),
        ..Article::default()
    })
}

/// Trims trailing spaces of lines and squeezes runs of blank lines to one, so that paragraphs
/// are separated by exactly one blank line as [`Article::body`] promises.
fn normalize_paragraphs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// What a trailing credit paragraph says, when it is one.
enum Credit {
    /// "This article originally appeared in X." — X is the publisher.
    Appeared(String),
    /// "Material from X was used in this report." — X is a contributing agency.
    Material(String),
    /// "… contributed to this report.", "Reporting by …", "Editing by …".
    Other,
}

fn credit(par: &str) -> Option<Credit> {
    let p = par.trim();
    if p.is_empty() || p.len() > 400 || p.contains('\n') && p.len() > 200 {
        return None;
    }
    let p1 = p.trim_end_matches('.').trim();
    let lower = p1.to_lowercase();
    for pre in [
        "this article originally appeared in ",
        "this story originally appeared in ",
        "this article first appeared in ",
        "this story first appeared in ",
        "originally published in ",
    ] {
        if lower.starts_with(pre) {
            let name = p1.get(pre.len()..).unwrap_or("").trim();
            return (!name.is_empty()).then(|| Credit::Appeared(name.to_string()));
        }
    }
    if let Some(rest) = lower.strip_prefix("material from ")
        && let Some(pos) = rest.find(" was used in this report")
    {
        let start = "material from ".len();
        let mut name = p1.get(start..start + pos).unwrap_or("").trim();
        name = name
            .strip_prefix("the ")
            .or_else(|| name.strip_prefix("The "))
            .unwrap_or(name);
        return Some(Credit::Material(name.to_string()));
    }
    if lower.ends_with("contributed to this report")
        || lower.ends_with("contributed reporting")
        || lower.starts_with("reporting by ")
        || lower.starts_with("additional reporting by ")
        || lower.starts_with("editing by ")
        || lower.starts_with("writing by ")
        || lower.starts_with("compiled by ")
    {
        return Some(Credit::Other);
    }
    None
}

/// Removes trailing credit paragraphs; returns the body and the source they name.
///
/// "Originally appeared in X" names the publisher and wins; an agency credit ("Material from
/// the Associated Press …") gives the source only when there is no such line. The credits the
/// lines name (publisher, agencies, "Reuters contributed to this report") are returned too, in
/// text order, for the `credit` facet: the lines leave the body, so the credit reader that
/// runs on the body later would not see them.
fn strip_credits(body: &str) -> (&str, Option<String>, Vec<String>) {
    let mut end = body.trim_end().len();
    let mut appeared = None;
    let mut material = None;
    let mut credits: Vec<String> = Vec::new();
    loop {
        let head = body.get(..end).unwrap_or("");
        let start = head.rfind("\n\n").map(|i| i + 2).unwrap_or(0);
        let par = head.get(start..).unwrap_or("");
        let named = match credit(par) {
            Some(Credit::Appeared(n)) => {
                let c = crate::dedup::credit::credit_name(&n);
                appeared = appeared.or(Some(n));
                c.into_iter().collect()
            }
            Some(Credit::Material(n)) => {
                let c = crate::dedup::credit::credit_name(&n);
                material = material.or(Some(n));
                c.into_iter().collect()
            }
            Some(Credit::Other) => crate::dedup::credit::credits(par),
            None => break,
        };
        // Walking back from the end: each earlier line's credits go first.
        for c in named.into_iter().rev() {
            if !credits.contains(&c) {
                credits.insert(0, c);
            }
        }
        end = head.get(..start).unwrap_or("").trim_end().len();
        if end == 0 {
            break;
        }
    }
    (
        body.get(..end).unwrap_or(body),
        appeared.or(material),
        credits,
    )
}

/// A headline-like title from a lead sentence.
///
/// Rule: take the first sentence (up to ". ", "? " or "! "); if it has at most
/// [`MAX_TITLE_CHARS`] characters, that is the title (without its final period). Otherwise cut
/// at the last clause break (", ", "; ", " — ", " – ") that leaves at least 40 characters, or
/// else at the last space, within the limit, and add "…".
pub fn title_from_lede(lede: &str) -> String {
    let lede = collapse_ws(lede.lines().next().unwrap_or(""));
    let mut sentence: &str = &lede;
    for (i, _) in lede.match_indices([' ']) {
        let before = lede.get(..i).unwrap_or("");
        if (before.ends_with('.') || before.ends_with('?') || before.ends_with('!'))
            && before.len() >= 20
            && !ends_with_abbreviation(before)
        {
            sentence = before;
            break;
        }
    }
    let sentence = sentence.trim_end_matches('.').trim();
    if sentence.chars().count() <= MAX_TITLE_CHARS {
        return sentence.to_string();
    }
    let limit = sentence
        .char_indices()
        .nth(MAX_TITLE_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(sentence.len());
    let window = sentence.get(..limit).unwrap_or(sentence);
    let clause = [", ", "; ", " — ", " – "]
        .iter()
        .filter_map(|sep| window.rfind(sep))
        .filter(|&i| i >= 40)
        .max();
    let cut = clause.or_else(|| window.rfind(' ')).unwrap_or(window.len());
    let t = window
        .get(..cut)
        .unwrap_or(window)
        .trim_end_matches([',', ';', ' ']);
    format!("{t}…")
}

fn ends_with_abbreviation(s: &str) -> bool {
    let last = s.rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "Oct."
            | "Nov."
            | "Dec."
            | "Jan."
            | "Feb."
            | "Aug."
            | "Sept."
            | "Sep."
            | "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "St."
            | "U.S."
            | "Jr."
            | "Gen."
            | "Gov."
            | "Sen."
            | "Rep."
    ) || (last.len() == 2 && last.ends_with('.'))
}

/// The first line of raw (OCR) text that reads like words, as a title.
///
/// OCR of whole pages starts with masthead debris, so the title is the first line of at least
/// three words that are all clean words (letters only, with a vowel, in lower, upper or
/// capitalised case) holding at least 12 letters — usually a masthead or headline; an
/// all-capitals line of that kind (a headline, not a price or edition line) is preferred. When no
/// line in the first 200 is that clean, the first line where four in five words are
/// alphabetic (and 15 letters) will do.
fn title_from_raw(text: &str) -> String {
    // A capitalised headline beats a body line: the page's top story.
    let headline = text.lines().take(200).find(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let upper = line.to_uppercase();
        words.len() >= 3
            && words.iter().all(|w| clean_word(w))
            && line.chars().filter(|c| c.is_alphabetic()).count() >= 15
            && !line.chars().any(char::is_lowercase)
            && ![
                "PRICE",
                "CENT",
                "EDITION",
                "COPY",
                "COPIES",
                "WEATHER",
                "PUBLISHED",
            ]
            .iter()
            .any(|w| upper.contains(w))
    });
    if let Some(line) = headline {
        return title_from_lede(line);
    }
    let strict = text.lines().take(200).find(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        words.len() >= 3
            && words.iter().all(|w| clean_word(w))
            && line.chars().filter(|c| c.is_alphabetic()).count() >= 12
    });
    if let Some(line) = strict {
        return title_from_lede(line);
    }
    for line in text.lines().take(400) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() < 4 {
            continue;
        }
        let good = words
            .iter()
            .filter(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                w.chars().count() >= 2 && w.chars().all(char::is_alphabetic)
            })
            .count();
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        if good * 5 >= words.len() * 4 && letters >= 15 {
            return title_from_lede(line);
        }
    }
    String::new()
}

fn clean_word(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.', ';', ':', '!', '?']);
    let w = w.strip_suffix("'s").unwrap_or(w);
    if w.chars().count() < 2 && !matches!(w, "A" | "a" | "I") {
        return false;
    }
    if !w.chars().all(char::is_alphabetic) {
        return false;
    }
    let vowel = w.chars().any(|c| "aeiouyAEIOUY".contains(c));
    let mut chars = w.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = chars.collect();
    let case_ok = rest.iter().all(|c| c.is_lowercase())
        || (first_upper && rest.iter().all(|c| c.is_uppercase()));
    vowel && case_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ReadOptions, read_articles};
    use crate::testing::shared;
    use chrono::NaiveDate;

    fn ctx(p: &str) -> FileContext {
        FileContext::new(std::path::Path::new(p))
    }

    #[test]
    fn seed_file() {
        let Some(p) = shared("corpora/seed/blinken-riyadh-2024-02-05.txt") else {
            return;
        };
        let parsed = read_articles(&p, &ReadOptions::default()).unwrap();
        assert_eq!(parsed.articles.len(), 1);
        assert!(parsed.skipped.is_empty());
        let a = &parsed.articles[0];
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 2, 5));
        assert_eq!(a.source.as_deref(), Some("The New York Times"));
        // Both trailing credit lines reach the credit facet, in text order.
        assert_eq!(a.credit, ["Associated Press", "The New York Times"]);
        assert!(
            a.lede.starts_with("Blinken began his fifth trip"),
            "{}",
            a.lede
        );
        assert!(!a.body.contains("originally appeared"));
        assert!(!a.body.contains("Material from the Associated Press"));
        assert!(a.body.starts_with("RIYADH, Saudi Arabia"));
        assert!(a.body.ends_with("Saudi Arabia.”"), "{}", a.body);
        assert!(a.title.starts_with("Blinken began his fifth trip"));
        assert!(
            a.title.chars().count() <= MAX_TITLE_CHARS + 1,
            "{}",
            a.title
        );
        assert_eq!(a.section, None);
    }

    #[test]
    fn seed_credits_and_bad_date() {
        let t = b" date 2024-99-05 Short lede here.\n\nBody one.\n\nJane Doe contributed to this report.\n\nMaterial from the Associated Press was used in this report.\n";
        let p = parse(&ctx("/x/a.txt"), t).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.date, None);
        assert_eq!(p.skipped.len(), 1, "{:?}", p.skipped);
        assert_eq!(a.source.as_deref(), Some("Associated Press"));
        assert_eq!(a.credit, ["Associated Press"]);
        assert_eq!(a.body, "Body one.");
        assert_eq!(a.title, "Short lede here");
    }

    #[test]
    fn titles() {
        assert_eq!(title_from_lede("A short one."), "A short one");
        let long = "Blinken began his fifth trip to the region since the Oct. 7 attacks in Israel by meeting in Saudi Arabia with Crown Prince Mohammed bin Salman, discussing how";
        let t = title_from_lede(long);
        assert!(t.ends_with('…') && t.chars().count() <= 101, "{t}");
    }

    #[test]
    fn bbc_tree() {
        let Some(dir) = shared("corpora/bbc") else {
            return;
        };
        let mut n = 0;
        for e in walkdir::WalkDir::new(&dir) {
            let e = e.unwrap();
            if !e.file_type().is_file() || e.path().extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let p = read_articles(e.path(), &ReadOptions::default()).unwrap();
            assert_eq!(p.articles.len(), 1);
            let a = &p.articles[0];
            assert_eq!(a.date, None);
            assert!(a.section.is_some(), "{}", e.path().display());
            assert!(!a.title.is_empty() && !a.body.is_empty());
            n += 1;
        }
        assert_eq!(n, 2214);
        let p = read_articles(&dir.join("business/001.txt"), &ReadOptions::default()).unwrap();
        assert_eq!(p.articles[0].title, "Ad sales boost Time Warner profit");
        assert_eq!(p.articles[0].section.as_deref(), Some("business"));
        // Latin-1.
        let p = read_articles(&dir.join("sport/199.txt"), &ReadOptions::default()).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.title, "Chelsea sack Mutu");
        assert!(a.body.contains('£'), "{}", a.body);
    }

    #[test]
    fn chronam_tree() {
        let Some(dir) = shared("corpora/chronam-1916/dates") else {
            return;
        };
        let mut n = 0;
        for e in walkdir::WalkDir::new(&dir) {
            let e = e.unwrap();
            if !e.file_type().is_file() || !e.path().to_string_lossy().ends_with(".txt.gz") {
                continue;
            }
            let p = read_articles(e.path(), &ReadOptions::default())
                .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            assert_eq!(p.articles.len(), 1);
            assert!(p.skipped.is_empty());
            let a = &p.articles[0];
            let folder = e
                .path()
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy();
            assert_eq!(
                a.date.map(|d| d.format("%Y%m%d").to_string()).as_deref(),
                Some(&*folder)
            );
            n += 1;
        }
        assert_eq!(n, 6970);
    }

    /// The archive generator's output (seed files in dated folders, gzipped files, JSONL
    /// feeds) must read without a single error and give back every article.
    #[test]
    fn generated_archive() {
        let Some(script) = shared("tools/make-archive.py") else {
            return;
        };
        let out = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("python3")
            .arg(&script)
            .args(["--out"])
            .arg(out.path())
            .args([
                "--articles",
                "300",
                "--gzip-every",
                "9",
                "--jsonl-every",
                "13",
            ])
            .stdout(std::process::Stdio::null())
            .status();
        let Ok(status) = status else {
            eprintln!("skipped: python3 not available");
            return;
        };
        assert!(status.success());
        let (mut n, mut dated, mut gz) = (0, 0, 0);
        for e in walkdir::WalkDir::new(out.path()) {
            let e = e.unwrap();
            if !e.file_type().is_file() || !crate::ingest::is_candidate(e.path()) {
                continue;
            }
            let p = read_articles(e.path(), &ReadOptions::default())
                .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            assert!(p.skipped.is_empty(), "{:?}", p.skipped);
            gz += usize::from(e.path().extension().is_some_and(|x| x == "gz"));
            for a in &p.articles {
                n += 1;
                dated += usize::from(a.date.is_some());
                assert!(!a.title.is_empty() && !a.body.is_empty(), "{}", a.id);
                assert!(!a.body.contains("originally appeared in"), "{}", a.id);
                // Feeds carry their own titles; only derived ones are bounded.
                if !a.path.contains(".jsonl") {
                    assert!(
                        a.title.chars().count() <= MAX_TITLE_CHARS + 1,
                        "{}",
                        a.title
                    );
                }
            }
        }
        assert_eq!(n, 300);
        assert_eq!(dated, 300);
        assert!(gz > 0);
    }

    #[test]
    fn whitehouse_sample() {
        let Some(p) = shared(
            "open-samples/whitehouse-2009-2015/raw/2014/2014-06-04_president_8f8332b80c.txt",
        ) else {
            return;
        };
        let a = &read_articles(&p, &ReadOptions::default()).unwrap().articles[0];
        assert_eq!(
            a.title,
            "Remarks by President Obama at at 25th Anniversary of Freedom Day -- Warsaw, Poland"
        );
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2014, 6, 4));
        assert_eq!(a.source.as_deref(), Some("The White House"));
        assert!(a.body.starts_with("PRESIDENT OBAMA:"), "{}", &a.body[..80]);
        assert!(a.id.starts_with("http://www.whitehouse.gov/"));
        let Some(dir) = shared("open-samples/whitehouse-2009-2015/raw") else {
            return;
        };
        let mut n = 0;
        for e in walkdir::WalkDir::new(&dir) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let p = read_articles(e.path(), &ReadOptions::default()).unwrap();
                let a = &p.articles[0];
                assert!(
                    a.date.is_some() && a.url.is_some(),
                    "{}",
                    e.path().display()
                );
                assert!(
                    !a.body.starts_with("The White House"),
                    "{}",
                    e.path().display()
                );
                n += 1;
            }
        }
        assert_eq!(n, 1000);
    }

    #[test]
    fn garbage_never_panics() {
        let mut x: u64 = 0x9E3779B97F4A7C15;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    [
                        b' ', b'\n', b'd', b'a', b't', b'e', b'.', 0xE2, 0x80, b'1', b'-', 0xFF,
                    ][(x % 12) as usize]
                })
                .collect();
            let _ = parse(&ctx("/x/2019/05/07/a.txt"), &bytes);
        }
    }
}
