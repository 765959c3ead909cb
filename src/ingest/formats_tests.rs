//! Tests of the web and wire formats (HTML, WARC, NITF, NewsML, ninjs) on the shared samples,
//! plus garbage and truncated inputs.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::*;
use crate::testing::shared;

fn day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Reads every candidate file of a folder: (articles, files that failed) per format name.
fn read_folder(dir: &Path) -> (BTreeMap<String, (usize, usize)>, Vec<Article>) {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut all = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if !p.is_file() || !is_candidate(&p) {
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let (_, ext) = split_extension(&name);
        let bytes = std::fs::read(&p).unwrap();
        let fmt = detect(&ext, &bytes).name().to_string();
        let entry = counts.entry(fmt).or_default();
        match read_articles(&p, &ReadOptions::default()) {
            Ok(parsed) => {
                entry.0 += parsed.articles.len();
                all.extend(parsed.articles);
            }
            Err(e) => {
                entry.1 += 1;
                eprintln!("{name}: {e}");
            }
        }
    }
    (counts, all)
}

#[test]
fn wire_superdesk_folder() {
    let Some(dir) = shared("corpora/wire/superdesk") else {
        return;
    };
    let (counts, articles) = read_folder(&dir);
    eprintln!("{counts:?}");
    // (articles, files without an article): pictures, video, empty packages, a NITF file
    // without text; text/JSON samples belong to other parsers.
    assert_eq!(counts.get("NITF"), Some(&(18, 1)));
    assert_eq!(counts.get("NewsML"), Some(&(32, 8)));
    assert_eq!(counts.get("ninjs"), Some(&(9, 7)));
    // 11 ANPA-1312 (`*.tst`) and 6 IPTC 7901 (dpa) stories; 8 e-mails.
    assert_eq!(counts.get("ANPA/IPTC 7901"), Some(&(17, 0)));
    assert_eq!(counts.get("e-mail"), Some(&(8, 0)));
    let anpa = articles
        .iter()
        .find(|a| a.path.ends_with("anpa-1.tst") && !a.path.ends_with("ap_anpa-1.tst"))
        .expect("anpa-1.tst read");
    assert_eq!(anpa.title, "For Argentine chemo patients, mirrors can hurt");
    assert_eq!(anpa.authors, ["Paul Byrne", "Almudena Calatrava"]);
    assert_eq!(anpa.source.as_deref(), Some("Associated Press"));
    assert_eq!(anpa.date, day("2013-11-13"));
    assert!(
        anpa.text()
            .contains("even looking in the mirror can be difficult")
    );
    let dpa = articles
        .iter()
        .find(|a| a.path.ends_with("/IPTC7901.txt"))
        .expect("IPTC7901.txt read");
    assert_eq!(
        dpa.title,
        "Germany Social Democrats: Coalition talks with Merkel could fail"
    );
    assert_eq!(dpa.date, day("2013-11-13"));
    assert!(!dpa.body.contains("not for publication"), "{}", dpa.body);
    let mail = articles
        .iter()
        .find(|a| a.path.ends_with("charset_in_subject_email.txt"))
        .expect("e-mail read");
    // An encoded-word subject, decoded.
    assert_eq!(mail.title, "Google Apps News March 2015");
    assert_eq!(mail.date, day("2015-02-19"));
    let g2 = articles
        .iter()
        .find(|a| a.path.ends_with("LISTING 1 A NewsML-G2 News Item.xml"))
        .expect("NewsML-G2 listing read");
    // The listing's inlineXML holds only a comment: headline and metadata, no body.
    assert_eq!(g2.title, "Fed to halt QE to avert \"bubble\"");
    assert_eq!(g2.authors, ["Meredith Jameson"]);
    assert_eq!(g2.date, day("2016-10-18"));
    assert!(g2.places.iter().any(|p| p.name == "Berlin"));
    let ninjs = articles
        .iter()
        .find(|a| a.path.ends_with("ninjs2.json"))
        .expect("ninjs2.json read");
    assert_eq!(ninjs.date, day("2017-08-24"));
    assert!(
        !ninjs.title.is_empty() && !ninjs.body.is_empty(),
        "{ninjs:?}"
    );
    let nitf = articles
        .iter()
        .find(|a| a.path.ends_with("nitf-fishing.xml"))
        .expect("nitf-fishing.xml read");
    assert_eq!(nitf.title, "Weather and Tide Updates for Norfolk");
    assert_eq!(nitf.date, day("2002-02-25"));
    assert_eq!(nitf.authors, ["Alan Karben"]);
}

#[test]
fn wire_dpa_newsmlg2() {
    let Some(dir) = shared("corpora/wire/dpa-newsmlg2") else {
        return;
    };
    let (counts, articles) = read_folder(&dir);
    eprintln!("{counts:?}");
    assert_eq!(counts.get("NewsML"), Some(&(100, 0)));
    assert!(
        articles
            .iter()
            .all(|a| !a.title.is_empty() && !a.body.is_empty() && a.date.is_some())
    );
}

fn fundus_page(rel: &str) -> Option<Article> {
    let p = shared(&format!("corpora/fundus/pages/{rel}"))?;
    let mut parsed = read_articles(&p, &ReadOptions::default()).unwrap();
    assert_eq!(parsed.articles.len(), 1);
    parsed.articles.pop()
}

/// Every format's dates go through the one parser: a CMS placeholder year is no date, so the
/// next source of the date is used, and a word that starts like a month is no month.
#[test]
fn placeholder_dates_and_month_like_words_are_refused_in_every_format() {
    let ctx = FileContext::new(Path::new("/x/a"));
    let date = |ext: &str, bytes: &str| {
        let p = parse_bytes(&ctx, ext, bytes.as_bytes(), &ReadOptions::default()).unwrap();
        p.articles[0].date
    };
    let body = "<p>A paragraph of article text that is long enough to count as the body.</p>";
    assert_eq!(
        date(
            "html",
            &format!(
                r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle",
                "headline":"H","datePublished":"0001-01-01T00:00:00Z"}}</script>
                <meta property="article:published_time" content="2024-05-03T10:00:00Z">
                </head><body><h1>H</h1>{body}</body></html>"#
            )
        ),
        day("2024-05-03")
    );
    assert_eq!(
        date(
            "html",
            &format!(
                r#"<html><head><meta property="article:published_time" content="Mayor 12, 2024">
                </head><body><h1>H</h1>{body}</body></html>"#
            )
        ),
        None
    );
    assert_eq!(
        date(
            "xml",
            r#"<nitf><head><docdata><date.issue norm="00010101T000000"/>
            <date.release norm="20240503T100000"/></docdata></head>
            <body><body.head><hedline><hl1>H</hl1></hedline></body.head>
            <body.content><p>Text of the story.</p></body.content></body></nitf>"#
        ),
        day("2024-05-03")
    );
    assert_eq!(
        date(
            "json",
            r#"{"uri": "u", "type": "text", "headline": "H", "body_text": "Text.",
            "versioncreated": "0001-01-01T00:00:00Z", "firstcreated": "2024-05-03T10:00:00Z"}"#
        ),
        day("2024-05-03")
    );
}

#[test]
fn html_page() {
    let Some(a) = fundus_page("at/DerStandard_2024_05_03.html.gz") else {
        return;
    };
    assert_eq!(
        a.title,
        "Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten?"
    );
    assert_eq!(a.date, day("2024-05-03"));
    assert_eq!(a.language.as_deref(), Some("de"));
    assert!(a.text().contains("Abdullah bin Zayed"), "{}", a.text());
    assert!(
        a.url
            .as_deref()
            .is_some_and(|u| u.contains("derstandard.at"))
    );
}

#[test]
fn warc_matches_html_pages() {
    let (Some(warc), Some(pages)) = (
        shared("corpora/warc/news-pages.warc.gz"),
        shared("corpora/fundus/pages"),
    ) else {
        return;
    };
    let mut from_warc = Vec::new();
    let summary = read_file(&warc, &ReadOptions::default(), &mut |a, _| {
        from_warc.push(a)
    })
    .unwrap();
    assert_eq!(summary.articles, 125);
    assert_eq!(from_warc.len(), 125);
    assert_eq!(
        summary.skipped,
        ["1 of 126 records are not HTML responses (skipped)"]
    );
    let mut from_html = Vec::new();
    for cc in std::fs::read_dir(&pages).unwrap().flatten() {
        for f in std::fs::read_dir(cc.path()).unwrap().flatten() {
            if f.path().to_string_lossy().ends_with(".html.gz") {
                from_html.extend(
                    read_articles(&f.path(), &ReadOptions::default())
                        .unwrap()
                        .articles,
                );
            }
        }
    }
    assert_eq!(from_html.len(), 125);
    let key = |a: &Article| (a.title.clone(), a.body.clone(), a.authors.clone());
    let mut w: Vec<_> = from_warc.iter().map(key).collect();
    let mut h: Vec<_> = from_html.iter().map(key).collect();
    w.sort();
    h.sort();
    let differ: Vec<_> = w
        .iter()
        .zip(&h)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{:?} / {:?}", a.0, b.0))
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
    // Every page states its own date or the capture date stands in.
    assert!(from_warc.iter().all(|a| a.date.is_some()));
}

/// A reader that produces `n` WARC records without holding them: a warcinfo record, then
/// alternately a large non-HTML resource record and a small HTML response.
struct SyntheticWarc {
    n: usize,
    i: usize,
    pending: Vec<u8>,
    pos: usize,
    big: usize,
}

impl SyntheticWarc {
    fn record(&self, i: usize) -> Vec<u8> {
        let (ty, ctype, payload) = if i.is_multiple_of(2) {
            ("resource", "image/jpeg", vec![b'x'; self.big])
        } else {
            let html = format!(
                "<html><head><title>Story {i}</title></head><body><article><p>{}</p></article></body></html>",
                "This is a sentence of a synthetic story body. ".repeat(20)
            );
            (
                "response",
                "application/http; msgtype=response",
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}").into_bytes(),
            )
        };
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {ty}\r\nWARC-Target-URI: https://example.com/{i}\r\nWARC-Date: 2024-01-02T00:00:00Z\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        r.extend_from_slice(&payload);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }
}

impl std::io::Read for SyntheticWarc {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.pending.len() {
            if self.i == self.n {
                return Ok(0);
            }
            self.pending = self.record(self.i);
            self.pos = 0;
            self.i += 1;
        }
        let k = buf.len().min(self.pending.len() - self.pos);
        buf[..k].copy_from_slice(&self.pending[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A WARC read from bytes (not from a `.warc` file: another name, or standard input) obeys
/// the caller's cap on its records, as a streamed `.warc` file does.
#[test]
fn warc_in_bytes_obeys_the_callers_cap() {
    let ctx = FileContext::new(Path::new("/x/capture.dat"));
    let src = SyntheticWarc {
        n: 2,
        i: 0,
        pending: Vec::new(),
        pos: 0,
        big: 10,
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::BufReader::new(src), &mut bytes).unwrap();
    let read =
        |max_file_bytes| parse_bytes(&ctx, "", &bytes, &ReadOptions { max_file_bytes }).unwrap();
    let open = read(1 << 20);
    assert_eq!((open.format, open.articles.len()), (Format::Warc, 1));
    let capped = read(500);
    assert!(capped.articles.is_empty());
    assert!(
        capped.skipped.iter().any(|s| s.contains("too large")),
        "{:?}",
        capped.skipped
    );
}

#[test]
fn warc_is_streamed() {
    // 200 records of 1 MB (100 of them non-HTML) and 100 small HTML pages: ~100 MB in all,
    // read with a cap below the large records' size, so holding any of them would fail.
    let ctx = FileContext::new(Path::new("/synthetic.warc"));
    let src = SyntheticWarc {
        n: 400,
        i: 0,
        pending: Vec::new(),
        pos: 0,
        big: 1 << 20,
    };
    let mut reader = std::io::BufReader::new(src);
    let opts = ReadOptions {
        max_file_bytes: 512 * 1024,
    };
    let before = peak_rss_kb();
    let mut n = 0;
    let stats = warc::read(&ctx, &mut reader, &opts, &mut |a| {
        assert!(a.title.starts_with("Story "));
        n += 1;
    })
    .unwrap();
    assert_eq!(n, 200);
    assert_eq!(stats.records, 400);
    // The large records are skipped as over the cap, never read whole.
    assert_eq!(stats.skipped.len(), 0);
    assert_eq!(stats.not_html, 200);
    if let (Some(b), Some(a)) = (before, peak_rss_kb()) {
        assert!(
            a.saturating_sub(b) < 64 * 1024,
            "peak RSS grew by {} KB",
            a - b
        );
    }
}

#[test]
fn warc_gz_file_and_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.warc.gz");
    let src = SyntheticWarc {
        n: 40,
        i: 0,
        pending: Vec::new(),
        pos: 0,
        big: 1000,
    };
    let mut all = Vec::new();
    std::io::Read::read_to_end(&mut std::io::BufReader::new(src), &mut all).unwrap();
    // One gzip member per 10 KB chunk, as crawlers write one per record.
    let mut gz = Vec::new();
    for chunk in all.chunks(10_000) {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(chunk).unwrap();
        gz.extend(enc.finish().unwrap());
    }
    std::fs::write(&p, &gz).unwrap();
    let mut n = 0;
    let s = read_file(&p, &ReadOptions::default(), &mut |_, _| n += 1).unwrap();
    assert_eq!((n, s.articles), (20, 20));
    // Truncated: the articles before the cut are emitted, then an error says where.
    std::fs::write(&p, &gz[..gz.len() / 2]).unwrap();
    let mut m = 0;
    let err = read_file(&p, &ReadOptions::default(), &mut |_, _| m += 1).unwrap_err();
    assert!(m > 0 && m < 20, "{m}");
    assert!(
        matches!(
            err,
            IngestError::Compression { .. } | IngestError::Malformed { .. }
        ),
        "{err}"
    );
}

#[test]
fn garbage_and_truncated_inputs_do_not_panic() {
    let ctx = FileContext::new(Path::new("/t/x"));
    let mut samples: Vec<(String, Vec<u8>)> = vec![
        ("html".into(), b"<html><head><script type=\"application/ld+json\">{\"@type\":[\"NewsArticle\"],\"headline\":{\"x\":1},\"author\":[null,3,{\"name\":[]}],\"datePublished\":\"99999-99\"}</script><meta charset=\"x-unknown\"></head><body><p>".to_vec()),
        ("xml".into(), b"<nitf><head><docdata><date.issue norm=\"2\"/></docdata></head><body><body.content><p>a &bogus; b</p>".to_vec()),
        ("xml".into(), b"<newsItem><itemMeta><itemClass qcode=\"ninat:text\"/></itemMeta><contentSet><inlineXML><html><body><p>x".to_vec()),
        ("json".into(), b"{\"uri\":1,\"versioncreated\":[],\"type\":\"text\",\"headline\":{},\"body_html\":\"<p>\"}".to_vec()),
        ("warc".into(), b"WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n".to_vec()),
        ("warc".into(), b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 5\r\n\r\nHTTP/".to_vec()),
    ];
    // Deep nesting must not overflow the stack.
    let opts = ReadOptions::default();
    let _ = parse_bytes(&ctx, "html", "<div><span>".repeat(20_000).as_bytes(), &opts);
    let _ = parse_bytes(
        &ctx,
        "xml",
        format!("<nitf>{}", "<p>".repeat(20_000)).as_bytes(),
        &opts,
    );
    for rel in [
        "corpora/wire/superdesk/nitf-fishing.xml",
        "corpora/wire/superdesk/LISTING 1 A NewsML-G2 News Item.xml",
        "corpora/wire/superdesk/ninjs2.json",
    ] {
        if let Some(p) = shared(rel) {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            samples.push((split_extension(&name).1, std::fs::read(&p).unwrap()));
        }
    }
    for (ext, bytes) in &samples {
        let _ = parse_bytes(&ctx, ext, bytes, &opts);
        for cut in (1..bytes.len()).step_by((bytes.len() / 37).max(1)) {
            let _ = parse_bytes(&ctx, ext, &bytes[..cut], &opts);
        }
        // Bytes flipped into invalid UTF-8.
        let mut b = bytes.clone();
        for i in (0..b.len()).step_by(7) {
            b[i] = 0xff;
        }
        let _ = parse_bytes(&ctx, ext, &b, &opts);
    }
}
