//! ANPA-1312 and IPTC 7901 wire text: the control-character framed stories that news agency
//! feeds (AP, dpa, …) still deliver over serial lines and FTP.
//!
//! Both frame a story as `SOH header STX text ETX trailer EOT`. ANPA marks its headline,
//! byline and editor's notes with a leading `^` and ends header lines with `<` or `=`; IPTC
//! 7901 puts a keyword line before STX and ends the headline with ` =`. The trailer carries
//! the transmission time, which is the only date either format has.

use chrono::NaiveDate;

use super::{FileContext, IngestError, Parsed, dates};
use crate::article::Article;

const SOH: u8 = 0x01;
const STX: u8 = 0x02;
const ETX: u8 = 0x03;

/// Whether `content` is framed wire text: SOH (after optional SYN padding) and an STX soon
/// after it.
pub fn looks_like_wire_text(content: &[u8]) -> bool {
    let head = &content[..content.len().min(2048)];
    let first = head
        .iter()
        .position(|&b| !matches!(b, 0x16 | b'\r' | b'\n' | b' '));
    first.is_some_and(|i| head[i] == SOH) && memchr::memchr(STX, head).is_some()
}

/// Parses one framed story.
pub fn parse(ctx: &FileContext, bytes: &[u8]) -> Result<Parsed, IngestError> {
    let malformed = |detail: &str| IngestError::Malformed {
        format: "ANPA/IPTC 7901",
        detail: detail.to_string(),
    };
    let stx = memchr::memchr(STX, bytes).ok_or_else(|| malformed("no STX (start of text)"))?;
    let etx = memchr::memchr(ETX, &bytes[stx..]).map_or(bytes.len(), |i| stx + i);
    let text = super::decode::to_utf8(&bytes[stx + 1..etx]);
    let trailer = super::decode::to_utf8(&bytes[etx..bytes.len().min(etx + 200)]);

    let mut a = Article {
        path: ctx.path_str.clone(),
        id: ctx.fallback_id(0, false),
        ..Article::default()
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut para = String::new();
    let mut in_body = false;
    let mut after_byline = false;
    // The line after a byline that ends in `=` ("Associated Press="), and further `^` lines
    // (a headlines digest is nothing else).
    let mut credit: Option<String> = None;
    let mut extra: Vec<String> = Vec::new();
    let mut selector: Option<String> = None;
    for raw in text.lines() {
        let caret = raw
            .trim_start_matches(|c: char| c.is_control())
            .starts_with('^');
        let indented = raw.starts_with('\t') || raw.starts_with("   ");
        let line = clean(raw);
        if !in_body {
            if line.is_empty() {
                continue;
            }
            let head = line
                .trim_start_matches('^')
                .trim_end_matches(['<', '=', ' ']);
            let head = head.trim();
            let byline = head
                .strip_prefix("By ")
                .or_else(|| head.strip_prefix("BY "));
            let header_line = (caret || a.title.is_empty() || byline.is_some()) && !indented;
            if header_line {
                if let Some(by) = byline {
                    a.authors.extend(split_byline(by));
                    after_byline = true;
                } else if is_selector(head) {
                    selector.get_or_insert_with(|| head.to_string());
                } else if is_note(head) || is_version_marker(head) {
                    // Editor's notes, photo references, ANPA's selector line
                    // (`BC-LT--Argentina-Cancer Beauty,466`) and "1ST LEAD" markers are not
                    // the story.
                } else if a.title.is_empty() {
                    a.title = head.to_string();
                } else if after_byline
                    && line.ends_with('=')
                    && credit.is_none()
                    && head.chars().any(char::is_lowercase)
                {
                    credit = Some(head.to_string());
                } else if caret {
                    extra.push(head.to_string());
                }
                if byline.is_none() {
                    after_byline = false;
                }
                continue;
            }
            in_body = true;
        }
        if is_end_of_story(&line) {
            break;
        }
        if line.is_empty() || indented {
            if !para.trim().is_empty() {
                paragraphs.push(std::mem::take(&mut para));
            }
            para.clear();
        }
        let line = line.trim_end_matches('<').trim();
        if !line.is_empty() {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(line);
        }
    }
    if !para.trim().is_empty() {
        paragraphs.push(para);
    }
    // A trailing "# … NOTEBOOK" heading belongs to the not-for-publication notes.
    while paragraphs
        .last()
        .is_some_and(|p| p.starts_with('#') || p == "___")
    {
        paragraphs.pop();
    }
    if paragraphs.is_empty() {
        paragraphs = extra;
    }
    if a.title.is_empty() {
        // Alerts and tables have no headline: the selector's slug when it reads as words,
        // else the first sentence of the story.
        let slug = selector.as_deref().map(slug_title).unwrap_or_default();
        a.title = if slug.contains(' ') {
            slug
        } else {
            paragraphs
                .first()
                .map(|p| first_sentence(p))
                .unwrap_or_default()
        };
    }
    if a.title.is_empty() {
        return Err(IngestError::NoArticle(
            "wire text without a headline".to_string(),
        ));
    }
    // "By The Associated Press": an organisation, not an author.
    if let Some(i) = a.authors.iter().position(|n| n.starts_with("The ")) {
        let org = a.authors.remove(i);
        credit.get_or_insert(org.trim_start_matches("The ").to_string());
    }
    if paragraphs.is_empty() {
        return Err(IngestError::NoArticle(
            "wire text without a body".to_string(),
        ));
    }
    // The dateline names the agency ("BERLIN (dpa) -"); a credit line may be a job title.
    a.source = paragraphs
        .first()
        .and_then(|p| dateline_agency(p))
        .or(credit);
    a.lede = paragraphs.remove(0);
    a.body = paragraphs.join("\n\n");
    a.date = trailer_date(&trailer);
    Ok(Parsed::one(a))
}

/// The line without control characters and surrounding whitespace.
fn clean(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect::<String>()
        .trim()
        .to_string()
}

/// ANPA's selector/keyword line: `BC-LT--Argentina-Cancer Beauty,466` or `AP-Top-…,0176`.
fn is_selector(head: &str) -> bool {
    // A format code may precede it on the same line: `*9006< ^AP-Top-…,0176`.
    let h = head.rsplit('^').next().unwrap_or(head);
    let h = h.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let words = h.split_whitespace().count();
    let numbered = h.contains(',')
        && h.rsplit(',')
            .next()
            .is_some_and(|n| n.trim().bytes().all(|b| b.is_ascii_digit()));
    ((h.starts_with("BC-") || h.starts_with("AP-") || h.contains("--")) && words <= 8)
        || (numbered
            && h.contains('-')
            && h.split_whitespace().next().is_some_and(|w| w.contains('-')))
}

/// `BC-WEA--Global Weather-Fahrenheit,` → `Global Weather-Fahrenheit`.
fn slug_title(selector: &str) -> String {
    let s = selector.rsplit("--").next().unwrap_or(selector);
    let s = s.split(',').next().unwrap_or(s);
    s.trim().to_string()
}

/// The story's first sentence without its dateline, at most about 120 characters.
fn first_sentence(p: &str) -> String {
    let p = ["(AP) _ ", ") _ ", ") - "]
        .iter()
        .find_map(|d| p.find(d).filter(|&i| i < 80).map(|i| &p[i + d.len()..]))
        .unwrap_or(p);
    let end = p
        .char_indices()
        .find(|&(i, c)| c == '.' && p[i + 1..].starts_with(' ') && i > 20)
        .map_or(p.len(), |(i, _)| i);
    let mut t: String = p[..end].chars().take(120).collect();
    if t.len() < end {
        if let Some(sp) = t.rfind(' ') {
            t.truncate(sp);
        }
        t.push('…');
    }
    t
}

/// "1ST LEAD", "URGENT", "CORRECTION": version and priority markers above a headline.
fn is_version_marker(head: &str) -> bool {
    // "(Achtung)", "(Correction)": a one-word notice in parentheses.
    if head.starts_with('(') && head.ends_with(')') && !head.contains(' ') {
        return true;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && head.chars().all(|c| !c.is_lowercase())
        && words.iter().any(|w| {
            matches!(
                *w,
                "LEAD"
                    | "URGENT"
                    | "CORRECTION"
                    | "CORRECTED"
                    | "REPEAT"
                    | "ADVISORY"
                    | "UPDATE"
                    | "FLASH"
                    | "BULLETIN"
                    | "EXTRA"
                    | "REFILE"
            )
        })
}

fn is_note(head: &str) -> bool {
    let l = head.to_ascii_lowercase();
    [
        "eds:",
        "ap photo",
        "editor's note",
        "with ap photo",
        "moving on",
        "for use by",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// The end of the publishable text: ANPA's `^END`, or the `* * * *` line that opens the
/// agency's not-for-publication notes.
fn is_end_of_story(line: &str) -> bool {
    let l = line.trim_start_matches('^');
    l.starts_with("END<")
        || l == "END"
        || (l.len() >= 5 && l.chars().all(|c| c == '*' || c == ' ') && l.contains("* *"))
}

fn split_byline(by: &str) -> Vec<String> {
    by.split([','])
        .flat_map(|p| p.split(" and "))
        .map(|n| n.trim().trim_end_matches(['=', '<']).trim())
        // "By Manuel Schwarz, dpa": a lower-case single word is the agency, not a person.
        .filter(|n| {
            !n.is_empty()
                && !n
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_lowercase)
        })
        .map(title_case_if_shouting)
        .collect()
}

/// `PAUL BYRNE` → `Paul Byrne` (ANPA bylines are upper case); mixed case is kept.
fn title_case_if_shouting(name: &str) -> String {
    if name.chars().any(|c| c.is_lowercase()) {
        return name.to_string();
    }
    name.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The agency in a dateline: `BERLIN (dpa) - …` → `dpa`, `(AP) _` → `Associated Press`.
fn dateline_agency(p: &str) -> Option<String> {
    let open = p[..p.len().min(120)].find(" (")?;
    let close = p[open..].find(')')? + open;
    let name = &p[open + 2..close];
    let after = p[close + 1..].trim_start();
    if name.is_empty()
        || name.len() > 20
        || !(after.starts_with('-') || after.starts_with('_') || after.starts_with('—'))
    {
        return None;
    }
    Some(match name {
        "AP" => "Associated Press".to_string(),
        other => other.to_string(),
    })
}

/// The transmission day in a trailer: ANPA `AP-WF-11-13-13 1509GMT` (MM-DD-YY) or IPTC 7901
/// `131137 GMT Nov 13` (day and time, month, two-digit year; month names in English or German).
fn trailer_date(trailer: &str) -> Option<NaiveDate> {
    let t = clean(&trailer.replace(|c: char| c.is_control(), " "));
    let words: Vec<&str> = t.split_whitespace().collect();
    let year = |yy: u32| 2000 + i64::from(yy);
    // ANPA: a word ending in MM-DD-YY.
    for w in &words {
        let parts: Vec<&str> = w.rsplitn(4, '-').collect();
        if parts.len() >= 3 {
            let (yy, dd, mm) = (parts[0], parts[1], parts[2]);
            if [yy, dd, mm]
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            {
                let n = |s: &str| s.parse::<u32>().ok();
                if let (Some(y), Some(d), Some(m)) = (n(yy), n(dd), n(mm)) {
                    return dates::ymd(year(y), m.into(), d.into());
                }
            }
        }
    }
    // IPTC 7901: DDHHMM [GMT] Mon YY.
    let pos = words
        .iter()
        .position(|w| dates::month(w).is_some() && w.len() <= 4)?;
    let month = dates::month(words[pos])?;
    let yy: u32 = words.get(pos + 1)?.parse().ok()?;
    let before = words.get(pos.checked_sub(1)?)?;
    let ddhhmm = if before.eq_ignore_ascii_case("GMT") {
        words.get(pos.checked_sub(2)?)?
    } else {
        before
    };
    if ddhhmm.len() != 6 || !ddhhmm.bytes().all(|b| b.is_ascii_digit()) || yy > 99 {
        return None;
    }
    let day: u32 = ddhhmm.get(..2)?.parse().ok()?;
    dates::ymd(year(yy), month.into(), day.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> FileContext {
        FileContext::new(std::path::Path::new("/tmp/story.tst"))
    }

    #[test]
    fn anpa_story() {
        let raw = b"\x16\x16\x01a1234\x1fslug\n\x02\x02BC-XX--Test-Story,400<\n\
            ^Storm closes schools across the region <\n\
            ^AP Photo ABC101<\n\
            ^By JANE DOE and JOHN ROE=\n\
            ^Associated Press=\n\
            \t   SPRINGFIELD (AP) _ Schools closed on Monday as the storm arrived.\n \n\
            \t   Officials said they would reopen on Wednesday.\n\
            ^END<\n\x03\t   ^CAP-WF-11-13-13 1509GMT<\n\x0c\n\x04";
        assert!(looks_like_wire_text(raw));
        let p = parse(&ctx(), raw).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.title, "Storm closes schools across the region");
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(a.source.as_deref(), Some("Associated Press"));
        assert!(
            a.lede.starts_with("SPRINGFIELD (AP) _ Schools closed"),
            "{a:?}"
        );
        assert_eq!(a.body, "Officials said they would reopen on Wednesday.");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2013, 11, 13));
    }

    #[test]
    fn iptc7901_story() {
        let raw = "\x01eca062 4 i 211 ccccb   dpa 061\r\n\r\nGermany-politics/\r\n\x02\
            Coalition talks could fail, senior member warns =\r\n\r\n\
            \x20  Berlin (dpa) - Negotiations could fail, a senior member\r\nwarned Wednesday.\r\n\r\n\
            \x20  The talks began last month.\r\n\r\n# dpa NOTEBOOK\r\n\r\n* * * *\r\n\
            The following information is not for publication\r\n\x03071341 GMT Okt 15 \r\n\x04";
        let p = parse(&ctx(), raw.as_bytes()).unwrap();
        let a = &p.articles[0];
        assert_eq!(a.title, "Coalition talks could fail, senior member warns");
        assert_eq!(
            a.lede,
            "Berlin (dpa) - Negotiations could fail, a senior member warned Wednesday."
        );
        assert_eq!(a.body, "The talks began last month.");
        assert_eq!(a.source.as_deref(), Some("dpa"));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2015, 10, 7));
    }

    #[test]
    fn version_marker_byline_and_digest() {
        let raw = "\x01eca100 3 s 586 ccccb   dpa 099\r\n\r\nGermany-football/\r\n\x021ST LEAD\r\n\
            Striker legend is ill\r\nBy Manuel Schwarz, dpa =\r\n\r\n\
            Munich (dpa) - Fans expressed sadness.\r\n\x03071341 GMT Okt 15 \r\n\x04";
        let a = &parse(&ctx(), raw.as_bytes()).unwrap().articles[0];
        assert_eq!(a.title, "Striker legend is ill");
        assert_eq!(a.authors, ["Manuel Schwarz"]);
        assert_eq!(a.lede, "Munich (dpa) - Fans expressed sadness.");
        let digest = b"\x16\x01V4644\x1f-\r\n\x02^AP-Top-Entertainment-Headlines,0176<\r\n\
            ^AP Top Entertainment News at 11:23 p.m. EST<\r\n^First headline\r\n^Second headline\r\n\
            \x03\t^CAP-WF-02-10-16 0423GMT<\r\n\x04";
        let a = &parse(&ctx(), digest).unwrap().articles[0];
        assert_eq!(a.title, "AP Top Entertainment News at 11:23 p.m. EST");
        assert_eq!(a.lede, "First headline");
        assert_eq!(a.body, "Second headline");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2016, 2, 10));
    }

    #[test]
    fn not_wire_text() {
        assert!(!looks_like_wire_text(b"Headline\n\nBody."));
        assert!(!looks_like_wire_text(b"\x01 no start of text"));
        assert!(parse(&ctx(), b"\x01\x02\x03").is_err());
    }
}
